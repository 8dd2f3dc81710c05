package io.github.vaults4j.storage;

import io.github.vaults4j.codec.KeyCandidates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SQLite connection to a vault file and the statements it has prepared. Used by one thread at a time
 * (the {@link SqliteStore} pool hands it out); every method is a single SQL statement, so callers compose
 * them inside {@link SqliteStore#read} or {@link SqliteStore#transaction}.
 */
public final class StoreConnection implements AutoCloseable {
    private static final String ROW_COLUMNS = "SELECT rowid, key, value FROM dict ";

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** The {@code data_version} this connection last reported to the {@link ReadCache}; -1 before the first. */
    long lastSeenDataVersion = -1;
    /**
     * Key encodings that may be in the file (a bit mask of {@link KeyEncodings}), as of {@link #encodingsVersion}
     * on this connection. Always a superset of the truth: other connections' commits are caught by comparing
     * {@code data_version} in the same statement that relies on the mask, and this connection's own key writes
     * add their encoding to it as they happen.
     */
    private int possibleEncodings = KeyEncodings.ALL;
    private long encodingsVersion = -1;

    StoreConnection(Connection connection) {
        this.connection = connection;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private static String inList(int count) {
        StringBuilder sql = new StringBuilder(count * 2 + 2).append('(');
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        return sql.append(')').toString();
    }

    /**
     * The rows whose key cell is one of {@code keys}, in no particular order. Candidates in an encoding that the
     * file holds no key of are not looked up: most files hold one or two of the nine encodings, and each
     * candidate costs an index seek.
     */
    public List<Row> findByKeys(List<byte[]> keys) throws SQLException {
        List<byte[]> narrowed = narrowed(keys);
        if (narrowed != null) {
            // One statement, so one snapshot: the version tells whether the mask still held when the rows were read.
            PreparedStatement select = prepare("SELECT v.data_version, d.rowid, d.key, d.value FROM pragma_data_version AS v"
                    + " LEFT JOIN dict AS d ON d.key IN " + inList(narrowed.size()));
            bind(select, narrowed);
            List<Row> rows = new ArrayList<>(1);
            long version;
            try (ResultSet result = select.executeQuery()) {
                result.next();
                version = result.getLong(1);
                do {
                    if (result.getObject(2) != null) {
                        rows.add(new Row(result.getLong(2), result.getBytes(3), result.getBytes(4)));
                    }
                } while (result.next());
            }
            if (version == encodingsVersion) {
                return rows;
            }
            learnEncodings();
        }
        PreparedStatement select = prepare(ROW_COLUMNS + "WHERE key IN " + inList(keys.size()));
        bind(select, keys);
        return rows(select, true);
    }

    /** Whether any row has one of these key cells; reads no value. Narrowed as {@link #findByKeys}. */
    public boolean containsAny(List<byte[]> keys) throws SQLException {
        List<byte[]> narrowed = narrowed(keys);
        if (narrowed != null) {
            PreparedStatement select = prepare("SELECT (SELECT data_version FROM pragma_data_version),"
                    + " EXISTS (SELECT 1 FROM dict WHERE key IN " + inList(narrowed.size()) + ")");
            bind(select, narrowed);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                if (result.getLong(1) == encodingsVersion) {
                    return result.getBoolean(2);
                }
            }
            learnEncodings();
        }
        PreparedStatement select = prepare("SELECT 1 FROM dict WHERE key IN " + inList(keys.size()) + " LIMIT 1");
        bind(select, keys);
        try (ResultSet result = select.executeQuery()) {
            return result.next();
        }
    }

    /**
     * The first candidate (the vault's own encoding, always looked up) and those others whose encoding the file
     * may hold; {@code null} when narrowing would not save a seek, or nothing is known yet.
     */
    private List<byte[]> narrowed(List<byte[]> keys) throws SQLException {
        if (encodingsVersion < 0) {
            learnEncodings();
        }
        if (keys instanceof KeyCandidates candidates && holdsOnlyEncodingOf(candidates.first())) {
            return List.of(candidates.first()); // the other candidates are never computed
        }
        if (keys.size() == 1) {
            return null;
        }
        List<byte[]> narrowed = new ArrayList<>(keys.size());
        narrowed.add(keys.get(0));
        for (int i = 1; i < keys.size(); i++) {
            int bit = KeyEncodings.bitOf(keys.get(i));
            if (bit == 0 || (possibleEncodings & bit) != 0) {
                narrowed.add(keys.get(i));
            }
        }
        return narrowed.size() < keys.size() ? narrowed : null;
    }

    /**
     * Whether every key the file may hold is in the encoding of this cell, as far as {@link #learnEncodings}
     * knows: then a key has no row under another encoding, and its other candidates need not be computed.
     */
    public boolean holdsOnlyEncodingOf(byte[] keyCell) {
        int own = KeyEncodings.bitOf(keyCell);
        return own != 0 && (possibleEncodings & ~own) == 0;
    }

    /** Whether the file may hold a key cell in the same encoding as this one (see {@link #learnEncodings}). */
    public boolean mayHoldEncodingOf(byte[] keyCell) throws SQLException {
        if (encodingsVersion < 0) {
            learnEncodings();
        }
        int bit = KeyEncodings.bitOf(keyCell);
        return bit == 0 || (possibleEncodings & bit) != 0;
    }

    /**
     * Probes, in one statement (one snapshot), which key encodings the file holds and its {@code data_version}.
     * Inside a write transaction the result stays true until this connection writes (no other connection can).
     */
    public void learnEncodings() throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT (SELECT data_version FROM pragma_data_version)");
        for (int i = 0; i < KeyEncodings.COUNT; i++) {
            sql.append(", EXISTS (SELECT 1 FROM dict WHERE key >= ? AND key < ?)");
        }
        PreparedStatement probe = prepare(sql.toString());
        for (int i = 0; i < KeyEncodings.COUNT; i++) {
            probe.setBytes(2 * i + 1, KeyEncodings.low(i));
            probe.setBytes(2 * i + 2, KeyEncodings.high(i));
        }
        try (ResultSet result = probe.executeQuery()) {
            result.next();
            int mask = 0;
            for (int i = 0; i < KeyEncodings.COUNT; i++) {
                if (result.getBoolean(i + 2)) {
                    mask |= 1 << i;
                }
            }
            possibleEncodings = mask;
            encodingsVersion = result.getLong(1);
        }
    }

    /** Records that this connection wrote a key cell: its encoding may now be in the file. */
    private void wroteKey(byte[] keyCell) {
        possibleEncodings |= KeyEncodings.bitOf(keyCell);
    }

    private static void bind(PreparedStatement statement, List<byte[]> cells) throws SQLException {
        for (int i = 0; i < cells.size(); i++) {
            statement.setBytes(i + 1, cells.get(i));
        }
    }

    /** The row with this rowid, or {@code null}. */
    public Row row(long rowId) throws SQLException {
        PreparedStatement select = prepare(ROW_COLUMNS + "WHERE rowid = ?");
        select.setLong(1, rowId);
        List<Row> rows = rows(select, true);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Up to {@code limit} rows after {@code afterRowId}, in rowid order; values only when asked for. */
    public List<Row> page(long afterRowId, int limit, boolean withValues) throws SQLException {
        PreparedStatement select = prepare((withValues ? ROW_COLUMNS : "SELECT rowid, key FROM dict ")
                + "WHERE rowid > ? ORDER BY rowid LIMIT ?");
        select.setLong(1, afterRowId);
        select.setInt(2, limit);
        return rows(select, withValues);
    }

    /** Up to {@code limit} rows, newest (highest rowid) first. */
    public List<Row> newest(int limit) throws SQLException {
        PreparedStatement select = prepare(ROW_COLUMNS + "ORDER BY rowid DESC LIMIT ?");
        select.setInt(1, limit);
        return rows(select, true);
    }

    /** Whether some key cell {@code k} has {@code low <= k < high} (an index range seek, not a scan). */
    public boolean hasKeyInRange(byte[] low, byte[] high) throws SQLException {
        PreparedStatement select = prepare("SELECT 1 FROM dict WHERE key >= ? AND key < ? LIMIT 1");
        select.setBytes(1, low);
        select.setBytes(2, high);
        try (ResultSet result = select.executeQuery()) {
            return result.next();
        }
    }

    /** SQLite's {@code PRAGMA data_version}: changes when another connection has committed since the last call. */
    public long dataVersion() throws SQLException {
        try (ResultSet result = prepare("PRAGMA data_version").executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    public long count() throws SQLException {
        try (ResultSet result = prepare("SELECT count(*) FROM dict").executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    public void insert(byte[] key, byte[] value) throws SQLException {
        wroteKey(key);
        PreparedStatement insert = prepare("INSERT INTO dict (key, value) VALUES (?, ?)");
        insert.setBytes(1, key);
        insert.setBytes(2, value);
        insert.executeUpdate();
    }

    /**
     * Inserts the row, or replaces the value of the row that has this key cell. Unlike INSERT OR REPLACE it
     * keeps the rowid, so an iteration in progress sees the row once.
     */
    public void upsert(byte[] key, byte[] value) throws SQLException {
        wroteKey(key);
        PreparedStatement upsert = prepare(
                "INSERT INTO dict (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        upsert.setBytes(1, key);
        upsert.setBytes(2, value);
        upsert.executeUpdate();
    }

    public void updateValue(long rowId, byte[] value) throws SQLException {
        PreparedStatement update = prepare("UPDATE dict SET value = ? WHERE rowid = ?");
        update.setBytes(1, value);
        update.setLong(2, rowId);
        update.executeUpdate();
    }

    /** Replaces a row's key cell and value cell (used when rewriting a row into another encoding). */
    public void updateRow(long rowId, byte[] key, byte[] value) throws SQLException {
        wroteKey(key);
        PreparedStatement update = prepare("UPDATE dict SET key = ?, value = ? WHERE rowid = ?");
        update.setBytes(1, key);
        update.setBytes(2, value);
        update.setLong(3, rowId);
        update.executeUpdate();
    }

    public boolean deleteRow(long rowId) throws SQLException {
        PreparedStatement delete = prepare("DELETE FROM dict WHERE rowid = ?");
        delete.setLong(1, rowId);
        return delete.executeUpdate() > 0;
    }

    public int deleteAll() throws SQLException {
        return prepare("DELETE FROM dict").executeUpdate();
    }

    /** Runs a statement that returns nothing, such as BEGIN, COMMIT or a PRAGMA; prepared once per connection. */
    public void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Runs a query whose first column of the first row is text, such as a PRAGMA; {@code null} if no row. */
    public String queryString(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /** The underlying JDBC connection, for what this class has no method for (online backup, schema checks). */
    public Connection jdbc() {
        return connection;
    }

    private static List<Row> rows(PreparedStatement select, boolean withValues) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getBytes(2), withValues ? result.getBytes(3) : null));
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        connection.close();
    }
}
