package io.github.vaults4j.cli;

import static io.github.vaults4j.cli.ToolCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the listing commands print, on vaults CPython wrote: keys typed as literals hit CPython's rows, a lone
 * surrogate prints as Python prints it, a row whose value does not decode is still listed by {@code keys},
 * a closed pipe ends a listing quietly, and every help text is made of whole sentences.
 */
class CommandOutputTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Writes rows as vaults 2.x does: M + msgpack, or P + pickle when msgpack refuses the value. */
    private static final String WRITER = String.join("\n",
            "import sqlite3, sys, pickle, msgpack",
            "def cell(v):",
            "    try:",
            "        return b'M' + msgpack.packb(v, use_bin_type=True)",
            "    except (TypeError, ValueError):",
            "        return b'P' + pickle.dumps(v)",
            "db = sqlite3.connect(sys.argv[1])",
            "db.execute('CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)')",
            "db.execute('INSERT INTO dict VALUES (?, ?)', (cell('\\ud800'), cell('found')))",
            "db.execute('INSERT INTO dict VALUES (?, ?)', (cell('broken value'), b'Xnot a cell'))",
            "for i in range(int(sys.argv[2])):",
            "    db.execute('INSERT INTO dict VALUES (?, ?)', (cell('key %06d' % i), cell(i)))",
            "db.commit()");

    /** Writes a listing may make before it notices the closed pipe: one per output check, and a pipe buffer's worth. */
    private static final int MAX_WRITES_AFTER_CLOSE = 40;

    @TempDir
    Path dir;

    private Path cpythonVault(int extraRows) throws Exception {
        Path file = dir.resolve("cpython.db");
        Process p = new ProcessBuilder(PYTHON, "-c", WRITER, file.toString(), Integer.toString(extraRows))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, "CPython writer failed: " + output);
        return file;
    }

    @Test
    void aLoneSurrogateKeyHitsCPythonsRowAndPrintsAsPythonPrintsIt() throws Exception {
        Path vault = cpythonVault(0);
        ToolCommandsTest.Run get = run("get", vault.toString(), "--key-py", "'\\ud800'");
        assertEquals(0, get.exit(), get.err());
        assertEquals("'found'", get.out().strip());
        ToolCommandsTest.Run keys = run("keys", vault.toString());
        assertTrue(keys.out().lines().toList().contains("'\\ud800'"), keys.out());
    }

    @Test
    void keysListsARowWhoseValueDoesNotDecode() throws Exception {
        Path vault = cpythonVault(0);
        ToolCommandsTest.Run keys = run("keys", vault.toString());
        assertEquals(0, keys.exit(), keys.err());
        assertTrue(keys.out().lines().toList().contains("'broken value'"), keys.out());
        ToolCommandsTest.Run dump = run("dump", vault.toString());
        assertEquals(ExitCodes.PROBLEMS, dump.exit(), "dump still reports the value that does not decode");
    }

    @Test
    void aKeyLiteralNestedTooDeeplyIsAUsageError() throws Exception {
        Path vault = cpythonVault(0);
        ToolCommandsTest.Run put = run("put", vault.toString(), "--key-py", "[".repeat(60_000), "v");
        assertEquals(ExitCodes.USAGE, put.exit(), put.err());
        assertTrue(put.err().contains("nest deeper than " + PythonLiteral.MAX_NESTING), put.err());
    }

    @Test
    void aClosedPipeEndsTheListingQuietlyWithoutReadingToTheEnd() throws Exception {
        int rows = 200_000;
        Path vault = cpythonVault(rows);
        for (String command : List.of("keys", "dump")) {
            // A real operating-system pipe whose reader stops after a few lines, as `vaults keys big.db | head` does.
            Pipe pipe = Pipe.open();
            AtomicLong writes = new AtomicLong();
            OutputStream sink = Channels.newOutputStream(pipe.sink());
            OutputStream counted = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writes.incrementAndGet();
                    sink.write(b, off, len);
                }
            };
            Thread head = Thread.ofPlatform().start(() -> {
                try (InputStream in = Channels.newInputStream(pipe.source())) {
                    in.readNBytes(100);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new VaultsCommand());
            cli.setOut(new PrintWriter(counted, false, StandardCharsets.UTF_8));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(command, vault.toString());
            head.join();
            assertEquals(0, exit, command + ": " + err);
            assertEquals("", err.toString(), command + " must stop quietly");
            // Reading on after the reader left would write once per 8 KiB buffer, several hundred times here.
            assertTrue(writes.get() < MAX_WRITES_AFTER_CLOSE, command + " wrote " + writes.get() + " times after the pipe closed");
        }
    }

    @Test
    void aFolderWhereAVaultFileIsExpectedIsNamedAFolder() {
        for (String command : List.of("get", "del")) {
            ToolCommandsTest.Run run = run(command, dir.toString(), "k");
            assertEquals(ExitCodes.VAULT_ERROR, run.exit(), run.err());
            assertTrue(run.err().contains(dir + " is a folder, not a vault file"), run.err());
        }
        ToolCommandsTest.Run put = run("put", dir.toString(), "k", "v");
        assertEquals(ExitCodes.VAULT_ERROR, put.exit(), put.err());
        assertTrue(put.err().contains("is a folder"), put.err());
    }

    @Test
    void anExportThatFailsLeavesNoFileAndNeverRemovesAnExistingOne() throws Exception {
        Path vault = cpythonVault(0);
        Path existing = dir.resolve("existing.json");
        java.nio.file.Files.writeString(existing, "keep me");
        ToolCommandsTest.Run refused = run("export", vault.toString(), "-o", existing.toString());
        assertEquals(ExitCodes.VAULT_ERROR, refused.exit(), refused.err());
        assertEquals("keep me", java.nio.file.Files.readString(existing), "the user's file was touched");
        // The readable form refuses the row whose value does not decode: no document is left behind.
        Path output = dir.resolve("out.json");
        ToolCommandsTest.Run failed = run("export", vault.toString(), "--readable", "-o", output.toString());
        assertEquals(ExitCodes.VAULT_ERROR, failed.exit(), failed.err());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains("out.json")).toList());
        }
    }

    @Test
    void everyHelpTextIsMadeOfWholeSentences() {
        List<String> cut = new ArrayList<>();
        CommandLine root = new CommandLine(new VaultsCommand());
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.userObject() instanceof CommandLine.HelpCommand) {
                continue; // picocli's own
            }
            String[] description = spec.usageMessage().description();
            if (description.length == 0 || !isSentence(description[0])) {
                cut.add(spec.name() + ": summary " + (description.length == 0 ? "missing" : description[0]));
            }
            for (String line : description) {
                if (!isSentence(line)) {
                    cut.add(spec.name() + ": " + line);
                }
            }
            for (ArgSpec arg : spec.args()) {
                for (String line : arg.description()) {
                    if (!isSentence(line)) {
                        cut.add(spec.name() + " " + arg.paramLabel() + ": " + line);
                    }
                }
            }
        }
        assertTrue(cut.isEmpty(), "help lines that are not whole sentences:\n" + String.join("\n", cut));
    }

    private static boolean isSentence(String line) {
        String text = line.strip();
        return !text.isEmpty() && Character.isUpperCase(text.codePointAt(0)) || text.startsWith("--")
                ? text.endsWith(".") || text.endsWith(".)") : false;
    }
}
