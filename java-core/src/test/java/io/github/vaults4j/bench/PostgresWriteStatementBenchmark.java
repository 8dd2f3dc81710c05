package io.github.vaults4j.bench;

import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresSchema;
import io.github.vaults4j.testing.PostgresCluster;
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
 * The statement shapes a lone durable overwrite on a PostgreSQL vault can take, each sent through pgjdbc on its
 * own (cells encoded beforehand, the vault filled by the core, so that {@code vault.key_encodings} is what the
 * core records). It is how the core's lone {@code put} and {@code set} statement was chosen; see the README's
 * PostgreSQL speed section.
 * <ul>
 *   <li>{@code upsert}: the plain UPSERT (the set floor of {@link PostgresVaultBenchmark});</li>
 *   <li>{@code upsertReturning}: the same returning the previous value (its put floor);</li>
 *   <li>{@code lockedUpsert}: the vault's lock, then the plain UPSERT, in one round trip (what the lock costs);</li>
 *   <li>{@code checkedWith}: the vault's lock, then a {@code WITH} whose sub-statements read the vault's key
 *       encodings and expiry times, write the row, record the encoding and read the previous row (what the core
 *       sent before);</li>
 *   <li>{@code checkedInsert}: the vault's lock, then one {@code INSERT ... SELECT} from the vault row that
 *       requires the key's encoding recorded already and no expiry time (what the core's {@code set} sends);</li>
 *   <li>{@code checkedInsertReturning}: the same returning the previous value (what the core's {@code put}
 *       sends).</li>
 * </ul>
 *
 * <pre>
 * java org.openjdk.jmh.Main 'io.github.vaults4j.bench.PostgresWriteStatementBenchmark' -f 2 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class PostgresWriteStatementBenchmark {
    private static final String SCHEMA = "statements";
    private static final String VAULT = "statements";
    private static final int MSGPACK_KEYS_BIT = PostgresVaultBenchmark.MSGPACK_KEYS_BIT;
    private static final String CONFLICT = " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value";

    @Param({"upsert", "upsertReturning", "lockedUpsert", "checkedWith", "checkedInsert", "checkedInsertReturning"})
    public String shape;

    private Workload workload;
    private Vaults root;
    private Connection connection;
    private PreparedStatement statement;
    private int next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        workload = new Workload(Workload.ValueKind.FUSE);
        PostgresCluster cluster = PostgresCluster.shared();
        String url = cluster.url() + "?schema=" + SCHEMA;
        root = Vaults.at(url);
        Map<Object, Object> rows = new LinkedHashMap<>();
        for (int i = 0; i < workload.rows(); i++) {
            rows.put(workload.keys[i], workload.values[i]);
        }
        try (Vault vault = root.open(VAULT)) {
            vault.clear();
            vault.putMany(rows);
        }
        PostgresAddress address = PostgresAddress.parse(url);
        connection = cluster.connect();
        int vaultId = LockScheme.vaultId(connection, address, VAULT);
        String entry = address.quotedSchema() + ".entry";
        String vaults = address.quotedSchema() + ".vault";
        String expiry = address.quotedSchema() + ".entry_expiry";
        String lock = "SELECT pg_advisory_xact_lock(" + PostgresSchema.LOCK_CLASS + ", " + vaultId + "); ";
        String checkedInsert = "INSERT INTO " + entry + " AS t (vault_id, key, value) SELECT " + vaultId + ", ?, ?"
                + " FROM " + vaults + " AS v WHERE v.vault_id = " + vaultId + " AND v.key_encodings = " + MSGPACK_KEYS_BIT
                + " AND NOT EXISTS (SELECT 1 FROM " + expiry + " AS x WHERE x.vault_id = v.vault_id)" + CONFLICT;
        String previousValue = "(SELECT p.value FROM " + entry + " AS p WHERE p.vault_id = t.vault_id"
                + " AND p.key_hash = t.key_hash)";
        String upsert = "INSERT INTO " + entry + " AS t (vault_id, key, value) VALUES (" + vaultId + ", ?, ?)" + CONFLICT;
        String sql = switch (shape) {
            case "upsert" -> upsert;
            case "upsertReturning" -> upsert + " RETURNING " + previousValue;
            case "lockedUpsert" -> lock + upsert;
            case "checkedInsert" -> lock + checkedInsert + " RETURNING 1";
            case "checkedInsertReturning" -> lock + checkedInsert + " RETURNING t.row_id, t.key, " + previousValue;
            case "checkedWith" -> lock + "WITH v AS (SELECT key_encodings, EXISTS (SELECT 1 FROM " + expiry
                    + " WHERE vault_id = " + vaultId + ") AS expiring FROM " + vaults + " WHERE vault_id = " + vaultId + "),"
                    + " previous AS (SELECT row_id, key, value FROM " + entry + " WHERE vault_id = " + vaultId
                    + " AND key_hash = sha256(?)),"
                    + " written AS (INSERT INTO " + entry + " (vault_id, key, value) SELECT " + vaultId + ", ?, ? FROM v"
                    + " WHERE (v.key_encodings & ~" + MSGPACK_KEYS_BIT + ") = 0 AND NOT v.expiring" + CONFLICT
                    + " RETURNING 1),"
                    + " recorded AS (UPDATE " + vaults + " SET key_encodings = key_encodings | " + MSGPACK_KEYS_BIT
                    + " WHERE vault_id = " + vaultId + " AND (key_encodings & " + MSGPACK_KEYS_BIT + ") = 0"
                    + " AND EXISTS (SELECT 1 FROM written))"
                    + " SELECT EXISTS (SELECT 1 FROM written) AS written, p.row_id, p.key, p.value"
                    + " FROM (SELECT 1) AS one LEFT JOIN previous AS p ON true";
            default -> throw new IllegalArgumentException(shape);
        };
        statement = connection.prepareStatement(sql);
    }

    /** One durable overwrite of the next key; the rows the statements return, so that none is optimised away. */
    @Benchmark
    public int write() throws SQLException {
        int i = next++ % workload.rows();
        int parameter = 1;
        if (shape.equals("checkedWith")) {
            statement.setBytes(parameter++, workload.keyCells[i]);
        }
        statement.setBytes(parameter++, workload.keyCells[i]);
        statement.setBytes(parameter, workload.valueCells[i]);
        int rows = 0;
        boolean isResultSet = statement.execute();
        while (isResultSet || statement.getUpdateCount() != -1) {
            if (isResultSet) {
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        rows++;
                    }
                }
            }
            isResultSet = statement.getMoreResults();
        }
        if (shape.startsWith("checkedInsert") && rows < 2) {
            throw new IllegalStateException(shape + " wrote nothing: the vault's recorded encodings are not msgpack's alone");
        }
        return rows;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
        root.close();
    }
}
