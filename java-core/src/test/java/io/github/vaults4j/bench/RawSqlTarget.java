package io.github.vaults4j.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor: the fewest sqlite-jdbc statements that do each operation on the same table, with cells encoded
 * beforehand and values left as bytes. Autocommit, like Python's sqlite3 and like the core outside
 * transactions; one connection, statements prepared once.
 */
public final class RawSqlTarget implements BenchTarget {
    private Connection connection;
    private Workload workload;
    private PreparedStatement select;
    private PreparedStatement exists;
    private PreparedStatement upsert;
    private PreparedStatement insert;
    private PreparedStatement all;
    private PreparedStatement count;

    @Override
    public String name() {
        return Targets.FLOOR;
    }

    @Override
    public void open(Path file, StorageMode mode, Workload workload) throws SQLException {
        this.workload = workload;
        connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=5000");
            for (String pragma : mode.pragmas()) {
                statement.execute(pragma);
            }
        }
        select = connection.prepareStatement("SELECT value FROM dict WHERE key = ?");
        exists = connection.prepareStatement("SELECT 1 FROM dict WHERE key = ?");
        upsert = connection.prepareStatement(
                "INSERT INTO dict (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        insert = connection.prepareStatement("INSERT INTO dict (key, value) VALUES (?, ?)");
        all = connection.prepareStatement("SELECT key, value FROM dict ORDER BY rowid");
        count = connection.prepareStatement("SELECT count(*) FROM dict");
    }

    private Object value(byte[] keyCell) throws SQLException {
        select.setBytes(1, keyCell);
        try (ResultSet result = select.executeQuery()) {
            return result.next() ? result.getBytes(1) : null;
        }
    }

    @Override
    public Object getHit(int index) throws SQLException {
        return value(workload.keyCells[index % workload.rows()]);
    }

    @Override
    public Object getMiss(int index) throws SQLException {
        return value(workload.absentKeyCells[index % workload.rows()]);
    }

    @Override
    public boolean containsKey(int index) throws SQLException {
        exists.setBytes(1, workload.keyCells[index % workload.rows()]);
        try (ResultSet result = exists.executeQuery()) {
            return result.next();
        }
    }

    @Override
    public void put(int index) throws SQLException {
        int i = index % workload.rows();
        upsert.setBytes(1, workload.keyCells[i]);
        upsert.setBytes(2, workload.valueCells[i]);
        upsert.executeUpdate();
    }

    @Override
    public void putMany() throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (int i = 0; i < workload.rows(); i++) {
                insert.setBytes(1, workload.keyCells[i]);
                insert.setBytes(2, workload.valueCells[i]);
                insert.executeUpdate();
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public long iterate() throws SQLException {
        long bytes = 0;
        try (ResultSet result = all.executeQuery()) {
            while (result.next()) {
                bytes += result.getBytes(1).length + result.getBytes(2).length;
            }
        }
        return bytes;
    }

    @Override
    public long size() throws SQLException {
        try (ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void clear() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM dict");
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }
}
