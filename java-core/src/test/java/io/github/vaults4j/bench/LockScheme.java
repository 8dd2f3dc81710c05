package io.github.vaults4j.bench;

import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The three ways a PostgreSQL store can make a read-modify-write of one vault ({@code merge}, a
 * {@code transaction(...)}) lose no update to another connection, on the layout of {@code schema.sql}:
 * <ul>
 *   <li>{@link #SERIALIZABLE}: no lock; the server aborts one of two conflicting transactions
 *       (SQLSTATE 40001 or 40P01) and the work runs again;</li>
 *   <li>{@link #ROW_LOCK}: {@code SELECT ... FOR UPDATE} on the rows read (an absent key is first inserted so
 *       that there is a row to lock);</li>
 *   <li>{@link #ADVISORY_LOCK}: {@code pg_advisory_xact_lock} on the vault before the first read, held to
 *       commit: one writer per vault at a time, as SQLite's {@code BEGIN IMMEDIATE} on a file.</li>
 * </ul>
 * The operation measured is Fuse's counter: read a msgpack int cell, add one, write it back, commit.
 */
public enum LockScheme {
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE),
    ROW_LOCK(Connection.TRANSACTION_READ_COMMITTED),
    ADVISORY_LOCK(Connection.TRANSACTION_READ_COMMITTED);

    /** serialization_failure and deadlock_detected: the transaction did nothing and may run again. */
    static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");
    /** The marker byte of a msgpack cell in a vault file. */
    private static final byte MSGPACK_MARKER = 'M';

    private final int isolation;

    LockScheme(int isolation) {
        this.isolation = isolation;
    }

    /** Readies a connection of this scheme: its isolation level, auto-commit off. */
    public void prepare(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(isolation);
    }

    /** The first statement of a transaction that will write the vault: the lock, for the advisory scheme. */
    public void begin(Connection connection, PostgresAddress root, int vaultId) throws SQLException {
        if (this == ADVISORY_LOCK) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, PostgresSchema.LOCK_CLASS);
                lock.setInt(2, vaultId);
                lock.execute();
            }
        }
    }

    /** The key's value cell, read for a write (locked for the row-lock scheme), or {@code null}. */
    public byte[] readForUpdate(Connection connection, PostgresAddress root, int vaultId, byte[] key)
            throws SQLException {
        if (this == ROW_LOCK) {
            byte[] value = select(connection, root, vaultId, key, true);
            if (value != null) {
                return value;
            }
            // FOR UPDATE locks rows, not gaps: make the row, then lock it (another writer may have made it).
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + root.quotedSchema()
                    + ".entry (vault_id, key, value) VALUES (?, ?, NULL) ON CONFLICT DO NOTHING")) {
                insert.setInt(1, vaultId);
                insert.setBytes(2, key);
                insert.executeUpdate();
            }
        }
        return select(connection, root, vaultId, key, this == ROW_LOCK);
    }

    private static byte[] select(Connection connection, PostgresAddress root, int vaultId, byte[] key,
            boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM " + root.quotedSchema()
                + ".entry WHERE vault_id = ? AND key_hash = sha256(?) AND key = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setInt(1, vaultId);
            select.setBytes(2, key);
            select.setBytes(3, key);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getBytes(1) : null;
            }
        }
    }

    /** Writes the key's value cell (insert or replace, keeping the row's cursor). */
    public static void write(Connection connection, PostgresAddress root, int vaultId, byte[] key, byte[] value)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + root.quotedSchema()
                + ".entry (vault_id, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value")) {
            upsert.setInt(1, vaultId);
            upsert.setBytes(2, key);
            upsert.setBytes(3, value);
            upsert.executeUpdate();
        }
    }

    /**
     * Adds one to the counter under {@code key} in one transaction, running it again after a serialization
     * failure.
     *
     * @return how many times it had to run again
     */
    public int increment(Connection connection, PostgresAddress root, int vaultId, byte[] key) throws SQLException {
        for (int retries = 0; ; retries++) {
            try {
                begin(connection, root, vaultId);
                byte[] cell = readForUpdate(connection, root, vaultId, key);
                write(connection, root, vaultId, key, counterCell(counterValue(cell) + 1));
                connection.commit();
                return retries;
            } catch (SQLException e) {
                connection.rollback();
                if (!RETRYABLE_STATES.contains(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** The vault's id, registering it when new. */
    public static int vaultId(Connection connection, PostgresAddress root, String name) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + root.quotedSchema()
                + ".vault (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING vault_id")) {
            upsert.setString(1, name);
            try (ResultSet result = upsert.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The counter's value cell as a vault file holds it: 'M' and a msgpack int. */
    public static byte[] counterCell(long value) {
        return msgpackCell(packer -> packer.packLong(value));
    }

    /** The counter in a value cell; a missing row or a NULL cell counts as 0. */
    public static long counterValue(byte[] cell) {
        if (cell == null) {
            return 0;
        }
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(cell, 1, cell.length - 1)) {
            return unpacker.unpackLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key cell of a string key: 'M' and a msgpack str. */
    public static byte[] keyCell(String key) {
        return msgpackCell(packer -> packer.packString(key));
    }

    /** What packs one value. */
    @FunctionalInterface
    private interface Packing {
        void pack(MessageBufferPacker packer) throws IOException;
    }

    /** A msgpack cell: the marker, then what {@code packing} packs. */
    private static byte[] msgpackCell(Packing packing) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.writePayload(new byte[] {MSGPACK_MARKER});
            packing.pack(packer);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
