package io.github.vaults4j.storage.postgres;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows a write transaction has written and not yet sent, all of one {@link Kind}: sent as one statement
 * that takes every row as two {@code bytea} arrays ({@code unnest}), so the server plans and runs one statement
 * for up to {@link PostgresSession#BATCH_ROWS} rows where a JDBC batch runs one per row. Rows are inserted in the
 * order they were written ({@code WITH ORDINALITY}), so their cursors ascend as they would one by one.
 *
 * <p>A batch never holds a key cell twice: one multi-row UPSERT cannot change a row twice, and one by one the
 * second write would see the first. {@link #accepts} says when the batch must be sent before a row can join it.
 */
final class WriteBatch {
    /** What the rows of a batch do. */
    enum Kind {
        /** Inserts new rows; a key cell already there fails the statement (23505). */
        INSERT(""),
        /** Inserts, or replaces the value of the row with the same key cell, keeping its cursor. */
        UPSERT(" ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value");

        private final String onConflict;

        Kind(String onConflict) {
            this.onConflict = onConflict;
        }

        /** The statement for one row: parameters vault id, key, value. */
        String oneRow(String entry) {
            return "INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)" + onConflict;
        }

        /** The statement for many rows: parameters vault id, keys, values. */
        String manyRows(String entry) {
            return "INSERT INTO " + entry + " (vault_id, key, value) SELECT ?, c.key, c.value"
                    + " FROM unnest(?::bytea[], ?::bytea[]) WITH ORDINALITY AS c (key, value, n) ORDER BY c.n"
                    + onConflict;
        }
    }

    private Kind kind;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private final Set<ByteBuffer> keysHeld = new HashSet<>();

    boolean isEmpty() {
        return keys.isEmpty();
    }

    int size() {
        return keys.size();
    }

    /** Whether a row of this kind and key cell can join the batch as it is. */
    boolean accepts(Kind rowKind, byte[] key) {
        return isEmpty() || (kind == rowKind && !keysHeld.contains(ByteBuffer.wrap(key)));
    }

    void add(Kind rowKind, byte[] key, byte[] value) {
        kind = rowKind;
        keys.add(key);
        values.add(value);
        keysHeld.add(ByteBuffer.wrap(key));
    }

    /** Sends the rows as one statement and empties the batch, whatever the outcome. */
    void send(Connection connection, String entry, int vaultId) throws SQLException {
        try {
            if (keys.size() == 1) {
                try (PreparedStatement statement = connection.prepareStatement(kind.oneRow(entry))) {
                    statement.setInt(1, vaultId);
                    statement.setBytes(2, keys.get(0));
                    statement.setBytes(3, values.get(0));
                    statement.executeUpdate();
                }
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(kind.manyRows(entry))) {
                statement.setInt(1, vaultId);
                statement.setArray(2, connection.createArrayOf("bytea", keys.toArray(new byte[0][])));
                statement.setArray(3, connection.createArrayOf("bytea", values.toArray(new byte[0][])));
                statement.executeUpdate();
            }
        } finally {
            keys.clear();
            values.clear();
            keysHeld.clear();
        }
    }
}
