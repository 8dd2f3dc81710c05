package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault of a PostgreSQL root under other processes: three JVMs and threads of this one incrementing one counter
 * lose no update; a writer killed with SIGKILL in the middle of {@code putMany} leaves whole batches only (the
 * server rolls back the open transaction); a server restart gives clear errors while it is down and the same
 * {@link Vaults} works again once it is back.
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresReliabilityTest {
    private static final int JVMS = 3;
    private static final int THREADS = 2;
    private static final String COUNTER = "counter";
    private static final String ENDLESS = String.valueOf(Integer.MAX_VALUE);
    private static final int KILL_BATCH = 200;
    /** Attempts a vault gets to reach the restarted server: the pool replaces its dead connections on the way. */
    private static final int RECOVERY_ATTEMPTS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void threeJvmsAndThreadsIncrementingOneCounterLoseNoUpdate(PostgresCluster cluster) throws Exception {
        String url = cluster.url() + "?schema=reliability_counter";
        int batches = Reliability.scaled(20, 200);
        int batch = 5;
        int perThread = Reliability.scaled(40, 400);
        VaultOptions options = VaultOptions.builder().busyTimeout(VaultWorkerMain.BUSY_TIMEOUT).build();
        try (Vaults root = Vaults.at(url); Vault vault = root.open("shared", options)) {
            vault.clear();
            List<WriterProcess> jvms = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                for (int i = 0; i < JVMS; i++) {
                    jvms.add(WriterProcess.jvm(dir, "pg-jvm-" + i, "mixed", url + "#shared", "j" + i,
                            String.valueOf(batches * batch), String.valueOf(batch), COUNTER));
                }
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            VaultWorkerMain.increment(vault, COUNTER);
                        }
                        return null;
                    }));
                }
                for (Future<?> thread : done) {
                    thread.get();
                }
                for (WriterProcess jvm : jvms) {
                    jvm.awaitSuccess();
                }
            } finally {
                threads.shutdownNow();
                for (WriterProcess jvm : jvms) {
                    jvm.close();
                }
            }
            int acknowledged = 0;
            for (WriterProcess jvm : jvms) {
                assertEquals(batches, jvm.increments(), jvm::describe);
                acknowledged += jvm.increments();
                for (String key : jvm.acks()) {
                    assertEquals(Reliability.writerValue(key.substring(0, key.indexOf('-')), Reliability.writerIndex(key)),
                            vault.get(key), key);
                }
            }
            assertEquals((long) acknowledged + THREADS * perThread, vault.get(COUNTER));
            assertEquals(JVMS * batches * batch + 1, vault.size());
        }
    }

    @Test
    @Timeout(600)
    void aWriterKilledInThePutManyOfABatchLeavesWholeBatchesOnly(PostgresCluster cluster) throws Exception {
        String url = cluster.url() + "?schema=reliability_kill";
        Random random = new Random(20261202L);
        int rounds = Reliability.scaled(3, 20);
        try (Vaults root = Vaults.at(url); Vault vault = root.open("crash")) {
            vault.clear();
            for (int round = 0; round < rounds; round++) {
                String prefix = "r" + round;
                int killAfter = KILL_BATCH * (1 + random.nextInt(3)) + random.nextInt(KILL_BATCH);
                WriterProcess writer = WriterProcess.jvm(dir, "pg-kill-" + round, "writer", url + "#crash", prefix,
                        ENDLESS, String.valueOf(KILL_BATCH));
                try {
                    assertTrue(writer.awaitAcks(killAfter, Duration.ofSeconds(120)), writer::describe);
                    writer.kill();
                } finally {
                    writer.close();
                }
                List<String> acks = writer.acks();
                for (String key : acks) {
                    assertEquals(Reliability.writerValue(prefix, Reliability.writerIndex(key)), vault.get(key), key);
                }
                TreeSet<Long> present = new TreeSet<>();
                for (Object key : vault.keySet()) {
                    if (key instanceof String s && s.startsWith(prefix + "-")) {
                        present.add(Reliability.writerIndex(s));
                    }
                }
                int n = present.size();
                assertTrue(n == 0 || present.last() == n - 1, writer.name() + " left a gap: " + present.last() + " of " + n);
                assertEquals(0, n % KILL_BATCH, writer.name() + " left part of a putMany batch: " + n + " rows");
                assertTrue(n >= acks.size() && n <= acks.size() + KILL_BATCH,
                        writer.name() + ": " + n + " rows for " + acks.size() + " acknowledgements");
                vault.put(prefix + "-after", "written after the kill");
                assertEquals("written after the kill", vault.get(prefix + "-after"));
            }
        }
    }

    @Test
    @Timeout(600)
    void aServerRestartGivesClearErrorsThenTheSameVaultsWorksAgain() throws Exception {
        PostgresCluster own = PostgresCluster.start();
        try (Vaults root = Vaults.at(own.url() + "?schema=restart"); Vault vault = root.open("v")) {
            vault.put("k", 1L);
            own.stopServer();
            VaultException write = assertThrows(VaultException.class, () -> vault.put("k", 2L));
            assertTrue(write.getMessage().contains(vault.location()), write.getMessage());
            assertFalse(write.getMessage().contains(PostgresCluster.PASSWORD), write.getMessage());
            VaultException read = assertThrows(VaultException.class, () -> vault.get("k"));
            assertTrue(read.getMessage().contains(vault.location()), read.getMessage());

            own.startAgain();
            int failed = 0;
            VaultException last = null;
            for (int attempt = 0; attempt < RECOVERY_ATTEMPTS; attempt++) {
                try {
                    vault.put("k", 3L);
                    last = null;
                    break;
                } catch (VaultException e) {
                    failed++;
                    last = e;
                }
            }
            VaultException failure = last;
            assertNull(failure, () -> "no recovery after the restart: " + failure.getMessage());
            assertEquals(3L, vault.get("k"));
            assertEquals(List.of("v"), root.names());
            System.out.printf("PostgresReliabilityTest restart: the write failed with \"%s\"; after the restart %d"
                    + " attempts failed before one succeeded%n", write.getMessage(), failed);
        } finally {
            own.stop();
        }
    }
}
