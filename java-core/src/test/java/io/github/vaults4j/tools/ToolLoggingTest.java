package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The INFO lines the tools log carry their counts. Captured from the test binding (slf4j-simple at its default
 * level INFO), which writes each line to the {@code System.err} of the moment.
 */
class ToolLoggingTest {
    @TempDir
    Path dir;

    private static <T> String logOf(Supplier<T> run) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.get();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String line(String log, String start) {
        return log.lines().filter(l -> l.contains(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + start + "' in:\n" + log));
    }

    @Test
    void migrateLogsItsCountsAndDuration() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_pickle.db", dir);
        MigrationReport[] report = new MigrationReport[1];
        String log = logOf(() -> report[0] = VaultTools.migrate(file, MigrationOptions.toMsgpack(), Progress.NONE));
        String info = line(log, "INFO io.github.vaults4j.tools.Migrator - migrate " + report[0].file() + ":");
        MigrationReport r = report[0];
        assertTrue(r.valuesRewritten() > 0 && r.rows() > 0, r.toString());
        assertTrue(info.contains(r.rows() + " rows to " + r.target()), info);
        assertTrue(info.contains(r.keysRewritten() + " keys rewritten"), info);
        assertTrue(info.contains(r.valuesRewritten() + " values rewritten"), info);
        assertTrue(info.contains(r.verifiedRows() + " rows verified"), info);
        assertTrue(info.contains("backup " + r.backup()), info);
        assertTrue(info.matches(".*, \\d+ ms$"), info);
        // The migration's own backup is logged as one.
        line(log, "INFO io.github.vaults4j.tools.OnlineBackup - backup " + r.file() + " to " + r.backup());
    }

    @Test
    void backupLogsRowsAndBytes() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        Path target = dir.resolve("copy.db");
        BackupResult[] result = new BackupResult[1];
        String log = logOf(() -> result[0] = VaultTools.backup(file, target, Progress.NONE));
        String info = line(log, "backup " + result[0].source());
        assertTrue(info.contains(": " + result[0].rows() + " rows, " + result[0].bytes() + " bytes, "), info);
    }

    @Test
    void migrateWarnsOfEachTwinItDrops() throws Exception {
        Path file = TwinRuleTest.twinFile(dir);
        MigrationReport[] report = new MigrationReport[1];
        String log = logOf(() -> report[0] = VaultTools.migrate(file, MigrationOptions.toPickle(4), Progress.NONE));
        MigrationReport.TwinResolution twin = report[0].twins().get(0);
        String warn = line(log, "WARN io.github.vaults4j.tools.Migrator - migrate " + report[0].file());
        assertTrue(warn.contains("kept row " + twin.keptRowId() + ", dropped rows " + twin.droppedRowIds()), warn);
        assertTrue(line(log, "INFO io.github.vaults4j.tools.Migrator").contains("1 rows dropped"), log);
    }

    @Test
    void importLogsItsRows() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        VaultTools.export(file, document, ExportFormat.LOSSLESS, false, Progress.NONE);
        Path target = dir.resolve("restored.db");
        ImportResult[] result = new ImportResult[1];
        String log = logOf(() -> result[0] = VaultTools.importInto(target,
                new ByteArrayInputStream(document.toByteArray()), Progress.NONE));
        String info = line(log, "import into " + result[0].file() + " (created): ");
        assertTrue(result[0].rows() > 0 && info.contains(": " + result[0].rows() + " rows in the LOSSLESS format, "), info);
    }
}
