package io.github.vaults4j.storage;

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

    /** The rows whose key cell is one of {@code keys}, in no particular order. */
    public List<Row> findByKeys(List<byte[]> keys) throws SQLException {
        PreparedStatement select = keys.size() == 1
                ? prepare(ROW_COLUMNS + "WHERE key = ?")
                : prepare(ROW_COLUMNS + "WHERE key IN " + inList(keys.size()));
        for (int i = 0; i < keys.size(); i++) {
            select.setBytes(i + 1, keys.get(i));
        }
        return rows(select, true);
    }

    /** Whether any row has one of these key cells; reads no value. */
    public boolean containsAny(List<byte[]> keys) throws SQLException {
        PreparedStatement select = keys.size() == 1
                ? prepare("SELECT 1 FROM dict WHERE key = ?")
                : prepare("SELECT 1 FROM dict WHERE key IN " + inList(keys.size()) + " LIMIT 1");
        for (int i = 0; i < keys.size(); i++) {
            select.setBytes(i + 1, keys.get(i));
        }
        try (ResultSet result = select.executeQuery()) {
            return result.next();
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

    /** Runs a statement that returns nothing, such as BEGIN, COMMIT or a PRAGMA. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
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
