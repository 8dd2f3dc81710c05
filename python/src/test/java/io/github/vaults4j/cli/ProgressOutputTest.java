package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress bars on a real terminal: {@code migrate} runs under {@code script(1)}, which gives it a pseudo
 * terminal, so the bars are drawn; the report must come after the last redraw, whole (a redraw starts with a
 * carriage return, which would overwrite the report's last line).
 */
class ProgressOutputTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "/usr/bin/script";
    private static final int ROWS = 30_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String WRITER = String.join("\n",
            "import sqlite3, sys, msgpack",
            "db = sqlite3.connect(sys.argv[1])",
            "db.execute('CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)')",
            "db.executemany('INSERT INTO dict VALUES (?, ?)', ((b'M' + msgpack.packb('key %06d' % i),",
            "                b'M' + msgpack.packb({'n': i, 'tags': ['a', 'b']})) for i in range(int(sys.argv[2]))))",
            "db.commit()");

    @TempDir
    Path dir;

    @Test
    void migratesReportComesWholeAfterTheLastRedrawOfItsBars() throws Exception {
        assertTrue(Files.isExecutable(Path.of(SCRIPT)), SCRIPT + " is missing: install Debian's bsdutils");
        Path vault = dir.resolve("big.db");
        run(List.of(PYTHON, "-c", WRITER, vault.toString(), Integer.toString(ROWS)));
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                VaultsCommand.class.getName(), "migrate", "--to", "pickle", quote(vault.toString()));
        Path typescript = dir.resolve("typescript");
        run(List.of(SCRIPT, "-qefc", command, typescript.toString()));

        String screen = Files.readString(typescript, StandardCharsets.UTF_8);
        int report = screen.indexOf(vault + ": ");
        assertTrue(report >= 0, "no report in:\n" + screen);
        assertTrue(screen.substring(0, report).contains("%"), "no bar was drawn before the report:\n" + screen);
        // On a terminal a line ends in CR LF; a lone CR is a bar's redraw.
        String after = screen.substring(report).replace("\r\n", "\n");
        assertFalse(after.contains("\r"), "a bar was redrawn over the report:\n" + after);
        assertTrue(after.contains("backup: "), "the report's last line (the backup) is there:\n" + after);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Read on another thread, so that a process that hangs fails the test at the time-out instead of hanging it.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within " + TIMEOUT + " and was killed");
        }
        assertEquals(0, process.exitValue(), command.get(0) + " failed: " + output.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
}
