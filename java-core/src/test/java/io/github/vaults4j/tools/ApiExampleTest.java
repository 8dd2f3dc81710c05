package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of the package documentation and the README, run on a copy of a generation 1 fixture. */
class ApiExampleTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentedExampleRuns() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen1_legacy.db", dir);

        CheckReport check = VaultTools.check(file, Progress.NONE);
        if (!check.ok()) {
            check.badRows().forEach(bad -> System.err.println("row " + bad.rowId() + ": " + bad.reason()));
        }

        VaultTools.backup(file, dir.resolve("backup.db"), Progress.NONE);

        try (OutputStream out = Files.newOutputStream(dir.resolve("commons.json"))) {
            VaultTools.export(file, out, ExportFormat.LOSSLESS, false, Progress.NONE);
        }

        MigrationReport plan = VaultTools.migrate(file, MigrationOptions.toMsgpack().asDryRun(), Progress.NONE);
        assertTrue(plan.changed());
        if (plan.changed()) {
            MigrationReport done = VaultTools.migrate(file, MigrationOptions.toMsgpack(),
                    (phase, n, total) -> System.err.printf("%s %d/%d%n", phase, n, total));
            assertNotNull(done.backup());
        }
        assertTrue(check.ok());
    }
}
