package io.github.vaults4j.storage.postgres;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.storage.AccessRecord;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    private final String expiry;
    /** Leaves out the entry {@code e} when it has expired; binds one parameter, now in epoch milliseconds. */
    private final String live;
    private final Clock clock;
    /**
     * Whether the vault may hold expiry times, as learnt once by a write transaction (which holds the vault's lock,
     * so no other writer adds one meanwhile) and set by its own {@link #setExpiry}; null until asked. Writes of a
     * vault without any skip the expiry statements and stay in JDBC batches.
     */
    private Boolean expiriesInVault;
    private final String accessLog;
    private final PostgresAddress root;

    PostgresSession(Connection connection, PostgresAddress root, int vaultId, String location, boolean readOnly,
            boolean writeTransaction, Clock clock) {
        this.clock = clock;
        this.connection = connection;
        this.writeTransaction = writeTransaction;
        this.vaultId = vaultId;
        this.location = location;
        this.readOnly = readOnly;
        this.entry = root.quotedSchema() + ".entry";
        this.attributes = root.quotedSchema() + ".vault_attribute";
        this.expiry = root.quotedSchema() + ".entry_expiry";
        this.live = " AND NOT EXISTS (SELECT 1 FROM " + expiry + " AS x WHERE x.vault_id = e.vault_id"
                + " AND x.key_hash = e.key_hash AND x.expires_at <= ?)";
        this.accessLog = root.quotedSchema() + ".access_log";
        this.root = root;
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
        List<Row> found = execute("find", "SELECT row_id, key, value FROM " + entry + " AS e WHERE vault_id = ?"
                + " AND key_hash IN (" + placeholders("sha256(?)", cells) + ")" + live, statement -> {
                    for (int i = 0; i < cells; i++) {
                        statement.setBytes(i + 2, key.cell(i));
                    }
                    statement.setLong(cells + 2, clock.millis());
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
                + " AS e WHERE vault_id = ? AND row_id = ?" + live, statement -> {
                    statement.setLong(2, rowId);
                    statement.setLong(3, clock.millis());
                    return rows(statement, true);
                });
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public List<Row> page(long afterRowId, int limit, boolean withValues) {
        return execute("page", "SELECT row_id, key" + (withValues ? ", value" : "") + " FROM " + entry
                + " AS e WHERE vault_id = ? AND row_id > ?" + live + " ORDER BY row_id LIMIT ?", statement -> {
                    statement.setLong(2, afterRowId);
                    statement.setLong(3, clock.millis());
                    statement.setInt(4, limit);
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
                + " AS e WHERE vault_id = ?" + live + " ORDER BY row_id", statement -> {
                    statement.setLong(2, clock.millis());
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
                + " AS e WHERE vault_id = ?" + live + " ORDER BY row_id DESC LIMIT ?", statement -> {
                    statement.setLong(2, clock.millis());
                    statement.setInt(3, limit);
                    return rows(statement, true);
                });
    }

    @Override
    public long count() {
        // Every expiry row has its entry (the foreign key), so the expired are counted in the small table.
        return execute("count", "SELECT (SELECT count(*) FROM " + entry + " WHERE vault_id = ?) - (SELECT count(*) FROM "
                + expiry + " WHERE vault_id = ? AND expires_at <= ?)", statement -> {
            statement.setInt(2, vaultId);
            statement.setLong(3, clock.millis());
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
        if (mayHoldExpiries()) {
            // The key cell may be there under an expired row, which reads no longer show: that row goes first. A
            // live row stays, and the insert then fails as it should.
            execute("insert", "DELETE FROM " + entry + " AS e USING " + expiry + " AS x WHERE e.vault_id = ?"
                    + " AND e.key_hash = sha256(?) AND x.vault_id = e.vault_id AND x.key_hash = e.key_hash"
                    + " AND x.expires_at <= ?", statement -> {
                        statement.setBytes(2, key);
                        statement.setLong(3, clock.millis());
                        return statement.executeUpdate();
                    });
        }
        batched("insert", "INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)", key, value);
        wroteKey(keyEncoding);
    }

    @Override
    public void upsert(byte[] key, int keyEncoding, byte[] value) {
        if (mayHoldExpiries()) {
            // One statement: the value's write and the clearing of its expiry time land together.
            execute("upsert", "WITH cleared AS (DELETE FROM " + expiry + " WHERE vault_id = ? AND key_hash = sha256(?))"
                    + " INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value", statement -> {
                        statement.setBytes(2, key);
                        statement.setInt(3, vaultId);
                        statement.setBytes(4, key);
                        statement.setBytes(5, value);
                        return statement.executeUpdate();
                    });
        } else {
            batched("upsert", "INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value", key, value);
        }
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
        execute("updateValue", "WITH cleared AS (DELETE FROM " + expiry + " AS x USING " + entry + " AS e"
                + " WHERE e.vault_id = ? AND e.row_id = ? AND x.vault_id = e.vault_id AND x.key_hash = e.key_hash)"
                + " UPDATE " + entry + " SET value = ? WHERE row_id = ? AND vault_id = ?", statement -> {
            statement.setLong(2, rowId);
            statement.setBytes(3, value);
            statement.setLong(4, rowId);
            statement.setInt(5, vaultId);
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
    public Map<String, byte[]> attributes() {
        return execute("attributes", "SELECT name, value FROM " + attributes + " WHERE vault_id = ? ORDER BY name",
                statement -> {
                    Map<String, byte[]> all = new TreeMap<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            all.put(result.getString(1), result.getBytes(2));
                        }
                    }
                    return all;
                });
    }

    @Override
    public void deleteAttributes() {
        execute("deleteAttributes", "DELETE FROM " + attributes + " WHERE vault_id = ?", PreparedStatement::executeUpdate);
    }

    @Override
    public void appendAccessLog(List<AccessRecord> records) {
        try {
            PostgresSchema.requireAccessLog(connection, root);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "appendAccessLog", e);
        }
        execute("appendAccessLog", "INSERT INTO " + accessLog + " (vault_id, at, operation, key, duration_us, process)"
                + " VALUES (?, ?, ?, ?, ?, ?)", statement -> {
                    for (AccessRecord record : records) {
                        statement.setInt(1, vaultId);
                        statement.setObject(2, timestamp(record.atMicros()));
                        statement.setString(3, record.operation());
                        statement.setString(4, record.key());
                        statement.setLong(5, record.durationMicros());
                        statement.setString(6, record.process());
                        statement.addBatch();
                    }
                    return statement.executeBatch();
                });
    }

    @Override
    public int pruneAccessLog(long beforeMicros, long keep) {
        if (!hasAccessLog()) {
            return 0;
        }
        // One entry_id range over the primary key, so the cost is the rows deleted, not the log's size: ids grow
        // with time, so the records older than the age bound are those before the first young one.
        return execute("pruneAccessLog", "DELETE FROM " + accessLog + " WHERE vault_id = ? AND entry_id < GREATEST("
                + "COALESCE((SELECT entry_id FROM " + accessLog + " WHERE vault_id = ? AND at >= ? ORDER BY entry_id LIMIT 1),"
                + " (SELECT max(entry_id) + 1 FROM " + accessLog + " WHERE vault_id = ?)),"
                + " (SELECT max(entry_id) FROM " + accessLog + " WHERE vault_id = ?) - ? + 1)", statement -> {
                    statement.setInt(2, vaultId);
                    statement.setObject(3, timestamp(beforeMicros));
                    statement.setInt(4, vaultId);
                    statement.setInt(5, vaultId);
                    statement.setLong(6, keep);
                    return statement.executeUpdate();
                });
    }

    @Override
    public List<AccessRecord> accessLog(long sinceMicros, int limit) {
        if (!hasAccessLog()) {
            return List.of();
        }
        return execute("accessLog", "SELECT at, operation, key, duration_us, process FROM (SELECT * FROM " + accessLog
                + " WHERE vault_id = ? AND at >= ? ORDER BY entry_id DESC LIMIT ?) AS newest ORDER BY entry_id",
                statement -> {
                    statement.setObject(2, timestamp(sinceMicros));
                    statement.setInt(3, limit);
                    List<AccessRecord> records = new ArrayList<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            OffsetDateTime at = result.getObject(1, OffsetDateTime.class);
                            records.add(new AccessRecord(micros(at), result.getString(2), result.getString(3),
                                    result.getLong(4), result.getString(5)));
                        }
                    }
                    return records;
                });
    }

    private boolean hasAccessLog() {
        try {
            return PostgresSchema.hasAccessLog(connection, root);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "accessLog", e);
        }
    }

    /** A time in microseconds since the epoch as pgjdbc binds a timestamptz (which keeps microseconds). */
    private static OffsetDateTime timestamp(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static long micros(OffsetDateTime at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
    }

    /** Whether a write must reckon with expiry times: always outside a write transaction, else as learnt once. */
    private boolean mayHoldExpiries() {
        if (!writeTransaction) {
            return true;
        }
        if (expiriesInVault == null) {
            expiriesInVault = mayHaveExpiries();
        }
        return expiriesInVault;
    }

    @Override
    public boolean mayHaveExpiries() {
        return execute("mayHaveExpiries", "SELECT EXISTS (SELECT 1 FROM " + expiry + " WHERE vault_id = ?)", statement -> {
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        });
    }

    @Override
    public Long expiresAt(byte[] key) {
        return execute("expiresAt", "SELECT expires_at FROM " + expiry + " WHERE vault_id = ? AND key_hash = sha256(?)",
                statement -> {
                    statement.setBytes(2, key);
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() ? result.getLong(1) : null;
                    }
                });
    }

    @Override
    public void setExpiry(byte[] key, long expiresAtMillis) {
        expiriesInVault = Boolean.TRUE;
        execute("setExpiry", "INSERT INTO " + expiry + " (vault_id, key_hash, expires_at) VALUES (?, sha256(?), ?)"
                + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at", statement -> {
                    statement.setBytes(2, key);
                    statement.setLong(3, expiresAtMillis);
                    return statement.executeUpdate();
                });
    }

    @Override
    public int deleteExpired() {
        // The foreign key's cascade deletes the expiry rows with their entries.
        return execute("deleteExpired", "DELETE FROM " + entry + " AS e USING " + expiry + " AS x WHERE e.vault_id = ?"
                + " AND x.vault_id = e.vault_id AND x.key_hash = e.key_hash AND x.expires_at <= ?", statement -> {
                    statement.setLong(2, clock.millis());
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
