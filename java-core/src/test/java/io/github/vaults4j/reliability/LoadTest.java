package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One vault under load from every kind of client at once: Java threads sharing one {@link Vault}, a second
 * JVM, and two CPython processes (a writer through the Python module's operations and a counter that
 * increments in BEGIN IMMEDIATE). Afterwards every acknowledged write is present with its value, the row
 * count and the shared counter add up exactly, and no operation failed: each wait for the lock stayed within
 * the busy timeout.
 */
class LoadTest {
    private static final String COUNTER = "hits";
    private static final int THREADS = 3;
    /** A JVM or CPython start on a loaded machine; generous, the wait ends as soon as the process is ready. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** How long the threads keep the load on past their iterations, waiting for every process's first write. */
    private static final Duration OVERLAP_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        Path file = dir.resolve("load.db");
        VaultOptions options = VaultOptions.builder().busyTimeout(VaultWorkerMain.BUSY_TIMEOUT).build();
        int pythonWrites = Reliability.scaled(200, 3000);
        int pythonIncrements = Reliability.scaled(100, 1500);
        int jvmWrites = Reliability.scaled(1000, 5000);
        int threadIterations = Reliability.scaled(400, 6000);

        ConcurrentLinkedQueue<Throwable> escaped = new ConcurrentLinkedQueue<>();
        AtomicInteger threadIncrements = new AtomicInteger();
        AtomicInteger threadWrites = new AtomicInteger();
        // Every writer process opens the vault and waits at the start gate; the gate opens just before the
        // threads start, so the load is real overlap however fast each process starts (a JVM that started
        // early once finished its writes before CPython had begun).
        Path startGate = dir.resolve("start-gate");
        try (Vault vault = Vault.open(file, options);
             WriterProcess jvm = WriterProcess.gatedJvm(startGate, dir, "jvm-mixed", "mixed", file.toString(), "jvm",
                     String.valueOf(jvmWrites), "5", COUNTER);
             WriterProcess pyWriter = WriterProcess.gatedCpython(startGate, dir, "py-writer", "writer",
                     file.toString(), "--prefix", "py", "--count", String.valueOf(pythonWrites));
             WriterProcess pyCounter = WriterProcess.gatedCpython(startGate, dir, "py-counter", "counter",
                     file.toString(), "--key", COUNTER, "--times", String.valueOf(pythonIncrements))) {
            for (WriterProcess process : List.of(jvm, pyWriter, pyCounter)) {
                assertTrue(process.awaitReady(READY_TIMEOUT), process::describe);
            }
            assertEquals(0, pyWriter.acks().size() + jvm.acks().size(), "nothing is written before the gate opens");
            Files.createFile(startGate);
            // The threads run their iterations and then go on, up to OVERLAP_TIMEOUT, until every writer process
            // has acknowledged a write: the overlap is made, not hoped for. (A second JVM on a loaded machine once
            // had not yet written when 1,200 thread iterations ended, since SQLite's busy handler polls with
            // back-off and the threads of this process took the lock in turn meanwhile.)
            long overlapDeadline = System.nanoTime() + OVERLAP_TIMEOUT.toNanos();
            BooleanSupplier keepGoing = () -> (pyWriter.acks().isEmpty() || jvm.acks().isEmpty())
                    && System.nanoTime() < overlapDeadline;
            int[] iterationsDone = new int[THREADS];
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                String prefix = "t" + t;
                threads.add(Thread.ofPlatform().name("load-" + prefix).start(() -> {
                    try {
                        for (int i = 0; i < threadIterations || keepGoing.getAsBoolean(); i++) {
                            vault.put(prefix + "-" + i, Reliability.writerValue(prefix, i));
                            threadWrites.incrementAndGet();
                            iterationsDone[thread] = i + 1;
                            assertEquals(Reliability.writerValue(prefix, i / 2), vault.get(prefix + "-" + i / 2));
                            if (i % 4 == 0) {
                                VaultWorkerMain.increment(vault, COUNTER);
                                threadIncrements.incrementAndGet();
                            }
                            if (i % 50 == 0) {
                                readEverything(vault);
                            }
                        }
                    } catch (Throwable e) {
                        escaped.add(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            // Acknowledged while the threads ran: each process wrote during the threads' run.
            int pyAtEnd = pyWriter.acks().size();
            int jvmAtEnd = jvm.acks().size();
            pyWriter.awaitSuccess();
            pyCounter.awaitSuccess();
            jvm.awaitSuccess();

            assertTrue(escaped.isEmpty(), () -> "operations failed under load: " + escaped);
            List<String> acknowledged = new ArrayList<>(pyWriter.acks());
            acknowledged.addAll(jvm.acks());
            assertEquals(pythonWrites, pyWriter.acks().size(), pyWriter::describe);
            assertEquals(jvmWrites, jvm.acks().size(), jvm::describe);
            for (String key : acknowledged) {
                String prefix = key.substring(0, key.indexOf('-'));
                assertEquals(Reliability.writerValue(prefix, Reliability.writerIndex(key)), vault.get(key), key);
            }
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < iterationsDone[t]; i++) {
                    assertEquals(Reliability.writerValue("t" + t, i), vault.get("t" + t + "-" + i));
                }
            }
            long expectedRows = acknowledged.size() + threadWrites.get() + 1;
            assertEquals(expectedRows, vault.count(), "rows: every write a distinct key, plus the counter");
            long expectedCount = (long) pythonIncrements + jvm.increments() + threadIncrements.get();
            assertEquals(expectedCount, ((Number) vault.get(COUNTER)).longValue(), "no increment lost");
            assertTrue(pyAtEnd > 0 && jvmAtEnd > 0, "the processes wrote while the threads ran: "
                    + "CPython " + pyAtEnd + ", JVM " + jvmAtEnd + " acknowledged when the threads ended");
            System.out.printf("LoadTest: %d acknowledged writes (%d CPython, %d second JVM, %d threads), "
                            + "%d increments%n", expectedRows - 1, pyWriter.acks().size(), jvm.acks().size(),
                    threadWrites.get(), expectedCount);
        }
    }

    /** Iterates every entry: a reader must never fail or see a half-written row while others write. */
    private static void readEverything(Vault vault) {
        for (Map.Entry<Object, Object> entry : vault.entrySet()) {
            assertTrue(entry.getKey() instanceof String, () -> "unexpected key " + entry.getKey());
        }
    }
}
