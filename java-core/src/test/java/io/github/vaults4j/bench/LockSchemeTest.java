package io.github.vaults4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresSchema;
import io.github.vaults4j.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link LockScheme} loses no update on a real server, and the unlocked read-modify-write it replaces does:
 * the check is able to fail.
 */
@ExtendWith(PostgresCluster.Extension.class)
class LockSchemeTest {
    private static final int THREADS = 4;
    private static final int INCREMENTS_PER_THREAD = 25;
    /** Long enough for an unblocked statement on loopback to finish many times over. */
    private static final long BLOCKED_MILLIS = 300;
    private static final byte[] KEY = LockScheme.keyCell("counter");

    private PostgresCluster cluster;
    private PostgresAddress root;
    private int vaultId;

    @BeforeEach
    void createVault(PostgresCluster cluster, TestInfo test) throws SQLException {
        this.cluster = cluster;
        root = PostgresAddress.parse(cluster.url() + "?schema=lock_schemes");
        try (Connection connection = open()) {
            PostgresSchema.create(connection, root);
            vaultId = LockScheme.vaultId(connection, root, test.getDisplayName() + System.nanoTime());
        }
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection(root.jdbcUrl(), root.jdbcProperties());
    }

    private long counter() throws SQLException {
        try (Connection connection = open()) {
            return LockScheme.counterValue(LockScheme.SERIALIZABLE.readForUpdate(connection, root, vaultId, KEY));
        }
    }

    @ParameterizedTest
    @EnumSource(LockScheme.class)
    void concurrentIncrementsAddUpExactly(LockScheme scheme) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    int retries = 0;
                    try (Connection connection = open()) {
                        scheme.prepare(connection);
                        for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                            retries += scheme.increment(connection, root, vaultId, KEY);
                        }
                    }
                    return retries;
                }));
            }
            for (Future<Integer> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(THREADS * INCREMENTS_PER_THREAD, counter());
    }

    @Test
    void anUnlockedReadModifyWriteLosesAnUpdate() throws SQLException {
        try (Connection a = open(); Connection b = open()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            long seenByA = LockScheme.counterValue(LockScheme.ADVISORY_LOCK.readForUpdate(a, root, vaultId, KEY));
            long seenByB = LockScheme.counterValue(LockScheme.ADVISORY_LOCK.readForUpdate(b, root, vaultId, KEY));
            LockScheme.write(a, root, vaultId, KEY, LockScheme.counterCell(seenByA + 1));
            a.commit();
            LockScheme.write(b, root, vaultId, KEY, LockScheme.counterCell(seenByB + 1));
            b.commit();
        }
        assertEquals(1, counter(), "two increments without a lock leave 1: the second overwrote the first");
    }

    @ParameterizedTest
    @EnumSource(value = LockScheme.class, names = {"ROW_LOCK", "ADVISORY_LOCK"})
    void aSecondWriterWaitsForTheFirstToCommit(LockScheme scheme) throws Exception {
        seedCounter();
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (Connection a = open(); Connection b = open()) {
            scheme.prepare(a);
            scheme.prepare(b);
            scheme.begin(a, root, vaultId);
            long seenByA = LockScheme.counterValue(scheme.readForUpdate(a, root, vaultId, KEY));
            Future<Long> secondRead = second.submit(() -> {
                scheme.begin(b, root, vaultId);
                return LockScheme.counterValue(scheme.readForUpdate(b, root, vaultId, KEY));
            });
            assertThrows(TimeoutException.class, () -> secondRead.get(BLOCKED_MILLIS, TimeUnit.MILLISECONDS),
                    "the second writer must wait while the first holds the lock");
            LockScheme.write(a, root, vaultId, KEY, LockScheme.counterCell(seenByA + 1));
            a.commit();
            long seenByB = secondRead.get(1, TimeUnit.MINUTES);
            assertEquals(seenByA + 1, seenByB, "the second writer reads what the first committed");
            LockScheme.write(b, root, vaultId, KEY, LockScheme.counterCell(seenByB + 1));
            b.commit();
        } finally {
            second.shutdownNow();
        }
        assertEquals(2, counter());
    }

    @Test
    void serializableAbortsTheSecondOfTwoConflictingWriters() throws SQLException {
        seedCounter();
        LockScheme scheme = LockScheme.SERIALIZABLE;
        try (Connection a = open(); Connection b = open()) {
            scheme.prepare(a);
            scheme.prepare(b);
            long seenByA = LockScheme.counterValue(scheme.readForUpdate(a, root, vaultId, KEY));
            long seenByB = LockScheme.counterValue(scheme.readForUpdate(b, root, vaultId, KEY));
            LockScheme.write(a, root, vaultId, KEY, LockScheme.counterCell(seenByA + 1));
            a.commit();
            SQLException aborted = assertThrows(SQLException.class, () -> {
                LockScheme.write(b, root, vaultId, KEY, LockScheme.counterCell(seenByB + 1));
                b.commit();
            });
            assertTrue(LockScheme.RETRYABLE_STATES.contains(aborted.getSQLState()), aborted.getSQLState());
            b.rollback();
        }
        assertEquals(1, counter());
        assertFalse(counter() == 2);
    }

    private void seedCounter() throws SQLException {
        try (Connection connection = open()) {
            LockScheme.write(connection, root, vaultId, KEY, LockScheme.counterCell(0));
        }
    }
}
