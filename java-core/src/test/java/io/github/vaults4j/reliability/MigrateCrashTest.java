package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Format;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.MigrationReport;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} killed with SIGKILL at varying points (planning, rewriting, verifying): afterwards the file
 * passes {@code integrity_check} and holds either the old rows in the old format or the migrated rows, never a
 * mix (every key and value cell's marker byte is read raw: all pickle, or after the re-run all msgpack); every
 * value reads as before; and migrating again finishes the job.
 */
class MigrateCrashTest {
    private static final int ROWS = 20_000;
    /** Rows per page of the migration's progress (RowPages.PAGE_SIZE): "rewriting:256", "rewriting:512", ... */
    private static final int PAGE = 256;
    private static final int PAGES = ROWS / PAGE;

    @TempDir
    Path dir;

    /**
     * Where each round kills the migration: in the middle of rewriting rows (where a migration that committed as
     * it went would leave a mix) and early in verifying. Stress rounds add random pages of both phases.
     */
    private static List<String> killPoints() {
        List<String> points = new ArrayList<>(List.of("rewriting:" + PAGE * (PAGES / 2), "verifying:" + PAGE));
        Random random = new Random(7);
        while (points.size() < Reliability.scaled(2, 10)) {
            String phase = random.nextBoolean() ? "rewriting" : "verifying";
            points.add(phase + ":" + PAGE * (1 + random.nextInt(PAGES / 2)));
        }
        return points;
    }

    @Test
    @Timeout(600)
    void aKilledMigrationRollsBackAndRunsAgain() throws Exception {
        Map<Object, Object> original = new LinkedHashMap<>();
        for (int i = 0; i < ROWS; i++) {
            original.put("runnable/" + i, Reliability.writerValue("m", i));
        }
        List<String> points = killPoints();
        int rolledBack = 0;
        for (int round = 0; round < points.size(); round++) {
            String killAt = points.get(round);
            Path file = dir.resolve("migrate-" + round + ".db");
            try (Vault vault = Vault.open(file, VaultOptions.builder().format(Format.PICKLE).build())) {
                vault.putMany(original);
            }
            try (WriterProcess migrate = WriterProcess.jvm(dir, "migrate-" + round, "migrate", file.toString(),
                    "unused", "0", "1")) {
                assertTrue(migrate.awaitAck(killAt, Duration.ofSeconds(300)), migrate::describe);
                migrate.kill();
                assertFalse(migrate.acks().contains("migrated"), "the migration finished before the kill at " + killAt);
            }
            // The vault opens the file first: its own connections roll back the killed migration's journal.
            try (Vault vault = Vault.open(file)) {
                assertEquals(ROWS, vault.count(), "no row lost or added by the migration killed at " + killAt);
                assertEquals(original, Map.copyOf(vault), "every value reads as before");
            }
            assertEquals(List.of("ok"), Reliability.integrityCheck(file), "integrity after killing migrate at " + killAt);
            assertEquals(Map.of("P", (long) ROWS), markers(file, "key"), "key cells after the kill at " + killAt
                    + ": all old (pickle), never a mix");
            assertEquals(Map.of("P", (long) ROWS), markers(file, "value"), "value cells after the kill at " + killAt
                    + ": all old (pickle), never a mix");
            rolledBack++;

            MigrationReport again = VaultTools.migrate(file, MigrationOptions.toMsgpack(), Progress.NONE);
            assertEquals(ROWS, again.rows());
            try (Vault vault = Vault.open(file)) {
                assertEquals(Format.MSGPACK, vault.format(), "the second run finishes the migration");
                assertEquals(original, Map.copyOf(vault));
            }
            assertEquals(Map.of("M", (long) ROWS), markers(file, "key"), "every key migrated");
            assertEquals(Map.of("M", (long) ROWS), markers(file, "value"), "every value migrated");
        }
        assertEquals(points.size(), rolledBack, "every killed migration rolled back whole");
        System.out.printf("MigrateCrashTest: %d kills at %s, each rolled back whole%n", points.size(), points);
    }

    /** How many cells of the column start with each marker byte, read raw (after the vault opened the file). */
    private static Map<String, Long> markers(Path file, String column) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT substr(" + column + ", 1, 1), count(*) FROM dict GROUP BY 1")) {
            while (r.next()) {
                counts.put(new String(r.getBytes(1), StandardCharsets.ISO_8859_1), r.getLong(2));
            }
        }
        return counts;
    }
}
