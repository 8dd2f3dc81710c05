package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Format;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.MigrationReport;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} killed with SIGKILL at varying points (planning, rewriting, verifying): afterwards the file
 * passes {@code integrity_check} and holds either the old rows in the old format or the migrated rows, never a
 * mix; every value reads as before; and migrating again finishes the job.
 */
class MigrateCrashTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void aKilledMigrationRollsBackAndRunsAgain() throws Exception {
        Map<Object, Object> original = new LinkedHashMap<>();
        for (int i = 0; i < ROWS; i++) {
            original.put("runnable/" + i, Reliability.writerValue("m", i));
        }
        Random random = new Random(7);
        int rounds = Reliability.scaled(2, 10);
        int rolledBack = 0;
        for (int round = 0; round < rounds; round++) {
            Path file = dir.resolve("migrate-" + round + ".db");
            try (Vault vault = Vault.open(file, VaultOptions.builder().format(Format.PICKLE).build())) {
                vault.putMany(original);
            }
            // About 240 progress steps for 20,000 rows: kill somewhere in the first two thirds.
            int killAfter = 1 + random.nextInt(160);
            try (WriterProcess migrate = WriterProcess.jvm(dir, "migrate-" + round, "migrate", file.toString(),
                    "unused", "0", "1")) {
                assertTrue(migrate.awaitAcks(killAfter, Duration.ofSeconds(300)), migrate::describe);
                migrate.kill();
            }
            assertEquals(List.of("ok"), Reliability.integrityCheck(file), "integrity after killing migrate");
            try (Vault vault = Vault.open(file, VaultOptions.builder().readOnly(true).build())) {
                assertEquals(ROWS, vault.count(), "no row lost or added by the killed migration");
                if (vault.format() == Format.PICKLE) {
                    rolledBack++;
                }
                assertEquals(original, Map.copyOf(vault), "every value reads as before");
            }
            MigrationReport again = VaultTools.migrate(file, MigrationOptions.toMsgpack(), Progress.NONE);
            assertEquals(ROWS, again.rows());
            try (Vault vault = Vault.open(file)) {
                assertEquals(Format.MSGPACK, vault.format(), "the second run finishes the migration");
                assertEquals(original, Map.copyOf(vault));
            }
        }
        System.out.printf("MigrateCrashTest: %d kills, %d rolled back to the old format%n", rounds, rolledBack);
    }
}
