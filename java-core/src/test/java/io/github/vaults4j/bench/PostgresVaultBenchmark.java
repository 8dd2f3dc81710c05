package io.github.vaults4j.bench;

import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.testing.PostgresCluster;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A vault of a PostgreSQL root (the core, {@code pgcore}) against the fewest pgjdbc statements that do the same on
 * the same server, schema and table ({@code pgfloor}): get, contains, put, set, putMany of the workload's 10,000
 * Fuse records into an empty vault, and iterating every row. The floor's cells are encoded beforehand; its set is one
 * autocommit UPSERT, its put the same UPSERT returning the previous value (as {@code Map.put} does, through a
 * subquery of its {@code RETURNING}, which sees the row as it was before the statement), its putMany one multi-row
 * {@code INSERT ... SELECT FROM unnest(...)} in a transaction, its iteration one ordered SELECT through a
 * server-side cursor.
 *
 * <pre>
 * java org.openjdk.jmh.Main 'io.github.vaults4j.bench.PostgresVaultBenchmark.(getHit|containsKey|iterate)$' -f 2 -wi 3 -i 5 -w 1s -r 1s
 * java org.openjdk.jmh.Main 'io.github.vaults4j.bench.PostgresVaultBenchmark.(put|set)$' -f 3 -wi 3 -i 5 -w 1s -r 1s
 * java org.openjdk.jmh.Main 'io.github.vaults4j.bench.PostgresVaultBenchmark.putMany' -bm ss -f 2 -wi 6 -i 5
 * </pre>
 *
 * Each fork starts a cluster of its own ({@link PostgresCluster#shared()}), made the same way; {@code -f 0} runs
 * both targets on one server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresVaultBenchmark {
    static final String CORE = "pgcore";
    static final String FLOOR = "pgfloor";
    private static final String SCHEMA = "bench";
    private static final String VAULT = "bench";
    /** {@code vault.key_encodings} of a vault whose keys are all msgpack cells (encoding tag 0), as the core records it. */
    static final int MSGPACK_KEYS_BIT = 1;
    /** Rows per round trip of the floor's iteration: the store's own fetch size. */
    private static final int FETCH_ROWS = io.github.vaults4j.storage.postgres.PostgresStore.DEFAULT_FETCH_SIZE;

    /** The populated vault and one target opened on it. */
    @State(Scope.Thread)
    public static class Opened {
        @Param({FLOOR, CORE})
        public String target;

        Workload workload;
        Map<Object, Object> batch;
        Vaults root;
        Vault vault;
        Connection connection;
        int vaultId;
        PreparedStatement select;
        PreparedStatement exists;
        PreparedStatement upsert;
        PreparedStatement upsertReturningPrevious;
        PreparedStatement insertAll;
        PreparedStatement all;
        PreparedStatement clear;
        PreparedStatement recordEncodings;
        int next;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            workload = new Workload(Workload.ValueKind.FUSE);
            batch = new LinkedHashMap<>();
            for (int i = 0; i < workload.rows(); i++) {
                batch.put(workload.keys[i], workload.values[i]);
            }
            PostgresCluster cluster = PostgresCluster.shared();
            String url = cluster.url() + "?schema=" + SCHEMA;
            root = Vaults.at(url);
            vault = root.open(VAULT);
            // Filled the floor's way (the same cells the core writes), so that both targets start from one state,
            // and vault.key_encodings set as the core leaves it, as the README asks of rows loaded by other means.
            openFloor(cluster, PostgresAddress.parse(url));
            clear.executeUpdate();
            insertWorkload(this);
            recordEncodings.executeUpdate();
            if (!target.equals(FLOOR)) {
                connection.close();
                connection = null;
            }
        }

        private void openFloor(PostgresCluster cluster, PostgresAddress address) throws SQLException {
            connection = cluster.connect();
            vaultId = LockScheme.vaultId(connection, address, VAULT);
            String entry = address.quotedSchema() + ".entry";
            select = prepare("SELECT value FROM " + entry + " WHERE vault_id = ? AND key_hash = sha256(?) AND key = ?");
            exists = prepare("SELECT 1 FROM " + entry + " WHERE vault_id = ? AND key_hash = sha256(?) AND key = ?");
            upsert = prepare("INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value");
            upsertReturningPrevious = prepare("INSERT INTO " + entry + " AS t (vault_id, key, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value"
                    + " RETURNING (SELECT value FROM " + entry + " WHERE vault_id = t.vault_id AND key_hash = t.key_hash)");
            insertAll = prepare("INSERT INTO " + entry + " (vault_id, key, value)"
                    + " SELECT ?, k, v FROM unnest(?::bytea[], ?::bytea[]) AS cells (k, v)");
            all = prepare("SELECT key, value FROM " + entry + " WHERE vault_id = ? ORDER BY row_id");
            all.setFetchSize(FETCH_ROWS);
            clear = prepare("DELETE FROM " + entry + " WHERE vault_id = ?");
            recordEncodings = connection.prepareStatement("UPDATE " + address.quotedSchema() + ".vault"
                    + " SET key_encodings = " + MSGPACK_KEYS_BIT + " WHERE vault_id = ?");
            recordEncodings.setInt(1, vaultId);
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setInt(1, vaultId);
            return statement;
        }

        boolean floor() {
            return connection != null;
        }

        int index() {
            return next++ % workload.rows();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            if (connection != null) {
                connection.close();
            }
            vault.close();
            root.close();
        }
    }

    /** An opened target whose vault is emptied before each putMany, so every batch goes into an empty vault. */
    @State(Scope.Thread)
    public static class Emptied extends Opened {
        @Setup(Level.Invocation)
        public void empty() throws SQLException {
            if (floor()) {
                clear.executeUpdate();
            } else {
                vault.clear();
            }
        }
    }

    @Benchmark
    public Object getHit(Opened s) throws SQLException {
        int i = s.index();
        if (!s.floor()) {
            return s.vault.get(s.workload.keys[i]);
        }
        s.select.setBytes(2, s.workload.keyCells[i]);
        s.select.setBytes(3, s.workload.keyCells[i]);
        try (ResultSet result = s.select.executeQuery()) {
            return result.next() ? result.getBytes(1) : null;
        }
    }

    @Benchmark
    public boolean containsKey(Opened s) throws SQLException {
        int i = s.index();
        if (!s.floor()) {
            return s.vault.containsKey(s.workload.keys[i]);
        }
        s.exists.setBytes(2, s.workload.keyCells[i]);
        s.exists.setBytes(3, s.workload.keyCells[i]);
        try (ResultSet result = s.exists.executeQuery()) {
            return result.next();
        }
    }

    /** A durable overwrite that returns the previous value. */
    @Benchmark
    public Object put(Opened s) throws SQLException {
        int i = s.index();
        if (!s.floor()) {
            return s.vault.put(s.workload.keys[i], s.workload.values[i]);
        }
        s.upsertReturningPrevious.setBytes(2, s.workload.keyCells[i]);
        s.upsertReturningPrevious.setBytes(3, s.workload.valueCells[i]);
        try (ResultSet result = s.upsertReturningPrevious.executeQuery()) {
            result.next();
            return result.getBytes(1);
        }
    }

    /** A durable overwrite that returns nothing. */
    @Benchmark
    public void set(Opened s) throws SQLException {
        int i = s.index();
        if (!s.floor()) {
            s.vault.set(s.workload.keys[i], s.workload.values[i]);
            return;
        }
        s.upsert.setBytes(2, s.workload.keyCells[i]);
        s.upsert.setBytes(3, s.workload.valueCells[i]);
        s.upsert.executeUpdate();
    }

    @Benchmark
    public void putMany(Emptied s) throws SQLException {
        if (!s.floor()) {
            s.vault.putMany(s.batch);
            return;
        }
        insertWorkload(s);
    }

    /** The floor's putMany: every row of the workload in one multi-row INSERT, in one transaction. */
    static void insertWorkload(Opened s) throws SQLException {
        s.connection.setAutoCommit(false);
        try {
            Array keys = s.connection.createArrayOf("bytea", s.workload.keyCells);
            Array values = s.connection.createArrayOf("bytea", s.workload.valueCells);
            s.insertAll.setArray(2, keys);
            s.insertAll.setArray(3, values);
            s.insertAll.executeUpdate();
            s.connection.commit();
        } finally {
            s.connection.setAutoCommit(true);
        }
    }

    @Benchmark
    public long iterate(Opened s) throws SQLException {
        long seen = 0;
        if (!s.floor()) {
            for (Map.Entry<Object, Object> entry : s.vault.entrySet()) {
                seen += entry.getKey().hashCode() + (entry.getValue() == null ? 0 : 1);
            }
            return seen;
        }
        // A server-side cursor lives in a transaction.
        s.connection.setAutoCommit(false);
        try (ResultSet result = s.all.executeQuery()) {
            while (result.next()) {
                seen += result.getBytes(1).length + (result.getBytes(2) == null ? 0 : 1);
            }
        } finally {
            s.connection.commit();
            s.connection.setAutoCommit(true);
        }
        return seen;
    }
}
