package io.github.vaults4j.storage.postgres;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The statements of one unit of work on a {@link PostgresStore}: each method is one statement on the vault's
 * rows of the {@code entry} table. Key cells are found by their SHA-256 (the unique index) and compared byte for
 * byte.
 *
 * <p>Key encodings are tracked in one case only: a write transaction (under the vault's lock) that asks with
 * {@link #learnEncodings()} and finds the vault empty knows which encodings it holds, those it writes itself;
 * then a {@code putMany} or {@code set} writes without looking for twins first. Otherwise the session answers as if
 * every encoding may be present (the superset the contract allows), so look-ups ask for every cell of a key.
 *
 * <p>In a write transaction, UPSERTs and INSERTs are sent as JDBC batches of up to {@value #BATCH_ROWS} rows: one
 * round trip a batch rather than one a row. A batch is sent before any other statement of the session and before
 * the transaction commits ({@link #flush()}), so every statement sees every write before it; a rollback drops
 * what was not sent.
 */
final class PostgresSession implements StoreSession {
    /** Rows per JDBC batch of a write transaction: large enough to amortise a round trip, small enough to bound memory. */
    static final int BATCH_ROWS = 1000;
    /** {@link #possibleEncodings} when nothing is known: every encoding may be present. */
    private static final int EVERY_ENCODING = -1;

    private final Connection connection;
    /** Whether this is a write transaction holding the vault's lock: batches and encoding tracking apply. */
    private final boolean writeTransaction;
    /** The key encodings the vault may hold (a bit per tag), as learnt under the lock plus those written since. */
    private int possibleEncodings = EVERY_ENCODING;
    /** The batch being filled, and its statement; null when nothing waits. */
    private PreparedStatement pending;
    private String pendingSql;
    private int pendingRows;
    private final int vaultId;
    private final String location;
    private final boolean readOnly;
    private final String entry;
    private final String attributes;

    PostgresSession(Connection connection, PostgresAddress root, int vaultId, String location, boolean readOnly,
            boolean writeTransaction) {
        this.connection = connection;
        this.writeTransaction = writeTransaction;
        this.vaultId = vaultId;
        this.location = location;
        this.readOnly = readOnly;
        this.entry = root.quotedSchema() + ".entry";
        this.attributes = root.quotedSchema() + ".vault_attribute";
    }

    boolean readOnly() {
        return readOnly;
    }

    /** One statement: prepares, binds the vault id as parameter 1, runs; a driver failure names the vault. */
    private interface Statement<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T execute(String operation, String sql, Statement<T> body) {
        flush();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, vaultId);
            return body.run(statement);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, operation, e);
        }
    }

    private static List<Row> rows(PreparedStatement statement, boolean withValues) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getBytes(2), withValues ? result.getBytes(3) : null));
            }
        }
        return rows;
    }

    private static String placeholders(String each, int count) {
        return String.join(", ", java.util.Collections.nCopies(count, each));
    }

    @Override
    public List<Row> find(KeyCells key) {
        int cells = key.size();
        List<Row> found = execute("find", "SELECT row_id, key, value FROM " + entry + " WHERE vault_id = ?"
                + " AND key_hash IN (" + placeholders("sha256(?)", cells) + ")", statement -> {
                    for (int i = 0; i < cells; i++) {
                        statement.setBytes(i + 2, key.cell(i));
                    }
                    return rows(statement, true);
                });
        // The hash found the rows; the bytes decide.
        found.removeIf(row -> !isCellOf(row.key(), key));
        return found;
    }

    private static boolean isCellOf(byte[] cell, KeyCells key) {
        for (int i = 0; i < key.size(); i++) {
            if (Arrays.equals(cell, key.cell(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean contains(KeyCells key) {
        return !find(key).isEmpty();
    }

    @Override
    public boolean holdsOnlyEncoding(int encoding) {
        int own = bit(encoding);
        return possibleEncodings != EVERY_ENCODING && own != 0 && (possibleEncodings & ~own) == 0;
    }

    @Override
    public boolean mayHoldEncoding(int encoding) {
        int bit = bit(encoding);
        return possibleEncodings == EVERY_ENCODING || bit == 0 || (possibleEncodings & bit) != 0;
    }

    @Override
    public void learnEncodings() {
        if (!writeTransaction) {
            return; // without the lock another writer could add a key meanwhile: stay with "every encoding"
        }
        boolean empty = execute("learnEncodings", "SELECT NOT EXISTS (SELECT 1 FROM " + entry + " WHERE vault_id = ?)",
                statement -> {
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() && result.getBoolean(1);
                    }
                });
        possibleEncodings = empty ? 0 : EVERY_ENCODING;
    }

    private static int bit(int encoding) {
        return encoding < 0 ? 0 : 1 << encoding;
    }

    /** Records that the session wrote a key cell: its encoding may now be in the vault. */
    private void wroteKey(int encoding) {
        if (possibleEncodings != EVERY_ENCODING) {
            possibleEncodings |= bit(encoding);
        }
    }

    /** Adds a row to the batch of this statement, sending the batch when full; outside a write transaction, runs it. */
    private void batched(String operation, String sql, byte[] key, byte[] value) {
        if (!writeTransaction) {
            execute(operation, sql, statement -> {
                statement.setBytes(2, key);
                statement.setBytes(3, value);
                return statement.executeUpdate();
            });
            return;
        }
        try {
            if (pending != null && !sql.equals(pendingSql)) {
                flush();
            }
            if (pending == null) {
                pending = connection.prepareStatement(sql);
                pendingSql = sql;
            }
            pending.setInt(1, vaultId);
            pending.setBytes(2, key);
            pending.setBytes(3, value);
            pending.addBatch();
        } catch (SQLException e) {
            throw PostgresStore.failure(location, operation, e);
        }
        if (++pendingRows >= BATCH_ROWS) {
            flush();
        }
    }

    /** Sends the waiting batch, if any: before any other statement, and before the transaction commits. */
    void flush() {
        if (pending == null) {
            return;
        }
        PreparedStatement batch = pending;
        pending = null;
        pendingSql = null;
        pendingRows = 0;
        try (batch) {
            batch.executeBatch();
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw PostgresStore.failure(location, "batch of writes", cause);
        }
    }

    @Override
    public boolean hasKeyInRange(byte[] low, byte[] high) {
        return execute("hasKeyInRange", "SELECT EXISTS (SELECT 1 FROM " + entry
                + " WHERE vault_id = ? AND key >= ? AND key < ?)", statement -> {
                    statement.setBytes(2, low);
                    statement.setBytes(3, high);
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() && result.getBoolean(1);
                    }
                });
    }

    @Override
    public Row row(long rowId) {
        List<Row> rows = execute("row", "SELECT row_id, key, value FROM " + entry
                + " WHERE vault_id = ? AND row_id = ?", statement -> {
                    statement.setLong(2, rowId);
                    return rows(statement, true);
                });
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public List<Row> page(long afterRowId, int limit, boolean withValues) {
        return execute("page", "SELECT row_id, key" + (withValues ? ", value" : "") + " FROM " + entry
                + " WHERE vault_id = ? AND row_id > ? ORDER BY row_id LIMIT ?", statement -> {
                    statement.setLong(2, afterRowId);
                    statement.setInt(3, limit);
                    return rows(statement, withValues);
                });
    }

    /** Receives the rows of a streamed scan, one at a time. */
    @FunctionalInterface
    interface RowSink {
        void accept(Row row);
    }

    /**
     * Streams every row of the vault in cursor order through a server-side cursor: pgjdbc fetches
     * {@code fetchSize} rows at a time, so memory stays flat whatever the vault's size. Needs a transaction
     * (pgjdbc reads the whole result at once in auto-commit mode), so it refuses to run outside one.
     *
     * @return how many rows it passed on
     */
    long forEachRow(boolean withValues, int fetchSize, RowSink sink) {
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalStateException("a streamed scan needs a transaction (a server-side cursor lives in one): "
                        + location);
            }
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "forEachRow", e);
        }
        return execute("forEachRow", "SELECT row_id, key" + (withValues ? ", value" : "") + " FROM " + entry
                + " WHERE vault_id = ? ORDER BY row_id", statement -> {
                    statement.setFetchSize(fetchSize);
                    long rows = 0;
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            sink.accept(new Row(result.getLong(1), result.getBytes(2),
                                    withValues ? result.getBytes(3) : null));
                            rows++;
                        }
                    }
                    return rows;
                });
    }

    @Override
    public List<Row> newest(int limit) {
        return execute("newest", "SELECT row_id, key, value FROM " + entry
                + " WHERE vault_id = ? ORDER BY row_id DESC LIMIT ?", statement -> {
                    statement.setInt(2, limit);
                    return rows(statement, true);
                });
    }

    @Override
    public long count() {
        return execute("count", "SELECT count(*) FROM " + entry + " WHERE vault_id = ?", statement -> {
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    @Override
    public List<String> integrityProblems() {
        // The server keeps its own pages consistent; what a vault adds is that every key cell is a cell of the
        // vault format, which the row layer's check reads through page().
        return List.of();
    }

    @Override
    public void insert(byte[] key, int keyEncoding, byte[] value) {
        batched("insert", "INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)", key, value);
        wroteKey(keyEncoding);
    }

    @Override
    public void upsert(byte[] key, int keyEncoding, byte[] value) {
        batched("upsert", "INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value", key, value);
        wroteKey(keyEncoding);
    }

    @Override
    public boolean upsertIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value) {
        // Encodings are known only after learnEncodings in a write transaction, never before this one-statement
        // path: the caller takes its general path.
        return false;
    }

    @Override
    public Replaced replaceIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value) {
        // As upsertIfOnlyEncoding: the caller takes its general path.
        return Replaced.NOTHING;
    }

    @Override
    public void updateValue(long rowId, byte[] value) {
        execute("updateValue", "UPDATE " + entry + " SET value = ? WHERE row_id = ? AND vault_id = ?", statement -> {
            // The vault id is parameter 1 of every statement; here it is bound again in its own place.
            statement.setBytes(1, value);
            statement.setLong(2, rowId);
            statement.setInt(3, vaultId);
            return statement.executeUpdate();
        });
    }

    @Override
    public boolean deleteRow(long rowId) {
        return execute("deleteRow", "DELETE FROM " + entry + " WHERE vault_id = ? AND row_id = ?", statement -> {
            statement.setLong(2, rowId);
            return statement.executeUpdate() > 0;
        });
    }

    @Override
    public int deleteAll() {
        return execute("deleteAll", "DELETE FROM " + entry + " WHERE vault_id = ?", PreparedStatement::executeUpdate);
    }

    @Override
    public byte[] attribute(String name) {
        return execute("attribute", "SELECT value FROM " + attributes + " WHERE vault_id = ? AND name = ?", statement -> {
            statement.setString(2, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getBytes(1) : null;
            }
        });
    }

    @Override
    public void putAttribute(String name, byte[] value) {
        execute("putAttribute", "INSERT INTO " + attributes + " (vault_id, name, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (vault_id, name) DO UPDATE SET value = excluded.value", statement -> {
                    statement.setString(2, name);
                    statement.setBytes(3, value);
                    return statement.executeUpdate();
                });
    }

    @Override
    public void setTableAside(Generation newTable) {
        throw noMigration();
    }

    @Override
    public List<Row> pageAside(long afterRowId, int limit) {
        throw noMigration();
    }

    @Override
    public void insertRow(long rowId, byte[] key, int keyEncoding, byte[] value) {
        throw noMigration();
    }

    @Override
    public void dropAside() {
        throw noMigration();
    }

    private VaultException noMigration() {
        return new VaultException("a PostgreSQL vault has one table layout, there is no older one to migrate: "
                + location);
    }
}
