package io.github.vaults4j.bench;

import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresSchema;
import io.github.vaults4j.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Read-modify-write of counters in one vault on a real PostgreSQL server, each JMH thread on its own connection,
 * under each {@link LockScheme}: all threads on one key ({@code keys=one}, the contended case) or each on its own
 * key of the same vault ({@code keys=per-thread}, which only the per-vault lock serialises). The {@code retries}
 * counter is the serialization failures per second. At the end of each trial the stored counters must add up to
 * the increments committed, or the trial fails: the lost-update check.
 *
 * <pre>
 * java org.openjdk.jmh.Main 'io.github.vaults4j.bench.PostgresLockBenchmark' -t 4 -f 1 -wi 2 -i 5 -w 2s -r 2s
 * java org.openjdk.jmh.Main 'io.github.vaults4j.bench.PostgresLockBenchmark' -t 4 -p synchronousCommit=off ...
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PostgresLockBenchmark {
    private static final String SCHEMA = "lock_bench";
    static final String ONE_KEY = "one";
    static final String KEY_PER_THREAD = "per-thread";

    @Param({"SERIALIZABLE", "ROW_LOCK", "ADVISORY_LOCK"})
    public LockScheme scheme;

    @Param({ONE_KEY, KEY_PER_THREAD})
    public String keys;

    /**
     * The server's {@code synchronous_commit} for the benchmark's connections: {@code on} (durable, every commit
     * waits for its WAL flush, as a vault's writes should) or {@code off}, which takes the disk out of the figure
     * and leaves the cost of the locking itself.
     */
    @Param({"on"})
    public String synchronousCommit;

    PostgresCluster cluster;
    PostgresAddress root;
    int vaultId;
    final AtomicLong committed = new AtomicLong();
    final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void createVault() throws SQLException {
        cluster = PostgresCluster.shared();
        root = PostgresAddress.parse(cluster.url() + "?schema=" + SCHEMA);
        try (Connection connection = open()) {
            PostgresSchema.create(connection, root);
            vaultId = LockScheme.vaultId(connection, root, scheme + "-" + keys + "-" + System.nanoTime());
        }
    }

    Connection open() throws SQLException {
        return DriverManager.getConnection(root.jdbcUrl(), root.jdbcProperties());
    }

    /** The lost-update check: every committed increment is in the stored counters. */
    @TearDown(Level.Trial)
    public void checkTotal() throws SQLException {
        long stored = 0;
        try (Connection connection = open(); PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM " + root.quotedSchema() + ".entry WHERE vault_id = ?")) {
            select.setInt(1, vaultId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    stored += LockScheme.counterValue(result.getBytes(1));
                }
            }
        }
        if (stored != committed.get()) {
            throw new IllegalStateException(scheme + ", keys=" + keys + ": lost updates: " + committed.get()
                    + " increments committed, counters add up to " + stored);
        }
        System.out.println(scheme + ", keys=" + keys + ": " + stored + " increments, none lost");
    }

    /** One JMH thread's connection and counter key. */
    @State(Scope.Thread)
    public static class Client {
        Connection connection;
        byte[] key;

        @Setup(Level.Trial)
        public void connect(PostgresLockBenchmark benchmark) throws SQLException {
            connection = benchmark.open();
            benchmark.scheme.prepare(connection);
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET synchronous_commit = " + ("off".equals(benchmark.synchronousCommit) ? "off" : "on"));
            }
            connection.commit();
            int thread = benchmark.threads.getAndIncrement();
            key = LockScheme.keyCell(benchmark.keys.equals(ONE_KEY) ? "counter" : "counter-" + thread);
        }

        @TearDown(Level.Trial)
        public void disconnect() throws SQLException {
            connection.close();
        }
    }

    /** Serialization failures, reported by JMH as a rate beside the throughput. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Retries {
        public long retries;

        @Setup(Level.Iteration)
        public void reset() {
            retries = 0;
        }
    }

    @Benchmark
    public void merge(Client client, Retries retries) throws SQLException {
        retries.retries += scheme.increment(client.connection, root, vaultId, client.key);
        committed.incrementAndGet();
    }
}
