package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writers killed with SIGKILL in the middle of their work, again and again on one file. After every kill the
 * file must pass SQLite's integrity check, hold every acknowledged write with its value, hold Java batches
 * whole or not at all, and open and take writes again (the killed writer's hot journal rolled back by the vault's
 * own connections, before any plain SQLite connection touches the file).
 */
class CrashTest {
    private static final int BATCH = 10;
    /** Far more than a writer reaches before it is killed: the kill, not the count, ends every round. */
    private static final String ENDLESS = "1000000";
    /** Rows the hot-journal test overwrites: many more pages than the holder's page cache. */
    private static final int HOT_JOURNAL_ROWS = 2000;

    @TempDir
    Path dir;

    enum Writer {
        CPYTHON_PUT(false, 1),
        /** Python's put_many commits row by row (compat-fixtures/README): its batches may land in part. */
        CPYTHON_PUT_MANY(false, BATCH),
        JVM_PUT(true, 1),
        /** Vault.putMany is one transaction: its batches land whole or not at all. */
        JVM_PUT_MANY(true, BATCH);

        final boolean jvm;
        final int batch;

        Writer(boolean jvm, int batch) {
            this.jvm = jvm;
            this.batch = batch;
        }

        WriterProcess start(Path logs, Path file, String prefix) {
            String name = name().toLowerCase() + "-" + prefix;
            return jvm
                    ? WriterProcess.jvm(logs, name, "writer", file.toString(), prefix, ENDLESS, String.valueOf(batch))
                    : WriterProcess.cpython(logs, name, "writer", file.toString(), "--prefix", prefix,
                            "--count", ENDLESS, "--batch", String.valueOf(batch));
        }
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    @Timeout(600)
    void everyAcknowledgedWriteSurvivesSigkill(Writer writer) throws Exception {
        Path file = dir.resolve("crash.db");
        Vault.open(file).close();
        Random random = new Random(20261122L + writer.ordinal());
        int rounds = Reliability.scaled(3, 25);
        int acked = 0;
        int hotJournals = 0;
        for (int round = 0; round < rounds; round++) {
            String prefix = "r" + round;
            // Kill after a varying number of acknowledgements, so kills land at different points of a write.
            int killAfter = 1 + random.nextInt(Reliability.scaled(30, 200));
            WriterProcess process = writer.start(dir, file, prefix);
            try {
                assertTrue(process.awaitAcks(killAfter, Duration.ofSeconds(120)), process::describe);
                process.kill();
            } finally {
                process.close();
            }
            boolean hot = Reliability.hotJournal(file);
            hotJournals += hot ? 1 : 0;
            acked += process.acks().size();
            checkAfterKill(file, process, prefix, writer, hot);
        }
        System.out.printf("CrashTest %s: %d kills, %d acknowledged writes, %d hot journals left behind%n",
                writer, rounds, acked, hotJournals);
    }

    /**
     * The vault opens the file first, so that its own connections meet the killed writer's hot journal and roll it
     * back; SQLite's integrity check runs only afterwards (a plain connection would roll the journal back itself).
     */
    private static void checkAfterKill(Path file, WriterProcess process, String prefix, Writer writer, boolean hot)
            throws Exception {
        List<String> acks = process.acks();
        try (Vault vault = Vault.open(file)) {
            for (String key : acks) {
                assertEquals(Reliability.writerValue(prefix, Reliability.writerIndex(key)), vault.get(key),
                        "acknowledged write " + key + " of " + process.name());
            }
            TreeSet<Long> present = new TreeSet<>();
            for (Object key : vault.keySet()) {
                if (key instanceof String s && s.startsWith(prefix + "-")) {
                    present.add(Reliability.writerIndex(s));
                }
            }
            // Writes are sequential: what landed is PREFIX-0 .. PREFIX-(n-1), and at most the one batch in
            // flight when the kill came lies beyond the acknowledgements.
            int n = present.size();
            assertTrue(n == 0 || present.last() == n - 1, process.name() + " left a gap: " + present);
            assertTrue(n >= acks.size() && n <= acks.size() + writer.batch,
                    process.name() + ": " + n + " rows for " + acks.size() + " acknowledgements");
            if (writer.jvm) {
                assertEquals(0, n % writer.batch, process.name() + " left part of a putMany batch: " + n + " rows");
            }
            if (hot) {
                assertFalse(Reliability.hotJournal(file), process.name() + ": the vault left the hot journal in place");
            }
            // The file takes writes again: any hot journal of the killed writer was rolled back.
            vault.put(prefix + "-after", "written after the kill");
            assertEquals("written after the kill", vault.get(prefix + "-after"));
        }
        assertEquals(List.of("ok"), Reliability.integrityCheck(file), "integrity after killing " + process.name());
    }

    /**
     * A writer killed inside a transaction whose changed pages already reached the file (its page cache was too
     * small to hold them): the file holds half-written pages and a hot journal with the originals. The vault's
     * first read must roll the journal back and see every value as it was before that transaction.
     */
    @Test
    @Timeout(300)
    void theVaultRollsBackAHotJournalOnItsOwn() throws Exception {
        Path file = dir.resolve("hot.db");
        Map<String, Object> before = new LinkedHashMap<>();
        for (int i = 0; i < HOT_JOURNAL_ROWS; i++) {
            before.put("hot-" + i, Reliability.writerValue("hot", i));
        }
        try (Vault vault = Vault.open(file)) {
            vault.putMany(before);
        }
        try (WriterProcess holder = WriterProcess.jvm(dir, "hold", "hold", file.toString())) {
            assertTrue(holder.awaitAck("spilled", Duration.ofSeconds(120)), holder::describe);
            holder.kill();
        }
        assertTrue(Reliability.hotJournal(file), "the killed transaction left a hot journal");
        try (Vault vault = Vault.open(file)) {
            for (Map.Entry<String, Object> entry : before.entrySet()) {
                assertEquals(entry.getValue(), vault.get(entry.getKey()), "value of " + entry.getKey()
                        + " after the vault met the hot journal");
            }
            assertFalse(Reliability.hotJournal(file), "the vault rolled the hot journal back");
            assertEquals(HOT_JOURNAL_ROWS, vault.size());
        }
        assertEquals(List.of("ok"), Reliability.integrityCheck(file));
    }
}
