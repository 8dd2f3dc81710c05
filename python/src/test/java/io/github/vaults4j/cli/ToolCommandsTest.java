package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.Vault;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The vault commands run through picocli as {@code bin/vaults} runs them, on copies of the compat fixtures. */
class ToolCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    /** Runs the command line in this JVM as {@code bin/vaults} would, capturing both streams. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VaultsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** compat-fixtures/ in the nearest folder above the working directory that holds it (any module folder). */
    private static Path fixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("compat-fixtures"))) {
                return dir.resolve("compat-fixtures");
            }
        }
        throw new AssertionError("no compat-fixtures/ above " + Path.of("").toAbsolutePath());
    }

    private static void requireFixture(Path fixture) {
        if (!Files.exists(fixture)) {
            throw new AssertionError("fixture " + fixture + " is missing: restore compat-fixtures/ from the repository");
        }
    }

    private Path copy(String relative) throws IOException {
        Path source = fixtures().resolve(relative);
        requireFixture(source);
        Path target = dir.resolve(source.getFileName());
        Files.copy(source, target);
        return target;
    }

    private Path copyFuseRoot() throws IOException {
        Path source = fixtures().resolve("vaults/fuse-root/vaults");
        requireFixture(source);
        Path root = dir.resolve("fuse");
        Files.createDirectories(root.resolve("vaults"));
        try (var files = Files.list(source)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".db")).toList()) {
                Files.copy(file, root.resolve("vaults").resolve(file.getFileName()));
            }
        }
        return root;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ls", "keys", "get", "put", "del", "dump", "stats", "check", "backup", "export", "import",
                            "migrate"})
    void everyCommandHasHelpWithTheExitCodes(String command) {
        Run run = run(command, "--help");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("--json"), run.out());
        assertTrue(run.out().contains("3 vault error"), run.out());
    }

    @Test
    void lsListsAFuseRootAsATableAndAsJson() throws Exception {
        Path root = copyFuseRoot();
        Run table = run("ls", root.toString());
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("commons.db") && table.out().contains("msgpack+P4"), table.out());
        Run json = run("ls", "--json", root.resolve("vaults").toString());
        assertEquals(3, json.json().size());
        assertEquals(2, json.json().get(0).get("generation").asInt());
        assertTrue(json.json().get(0).get("file").asText().endsWith("commons.db"));
    }

    @Test
    void getFindsKeysOfEveryTypeAndExits4WhenMissing() throws Exception {
        Path file = copy("vaults/gen2_pickle.db");
        Run answer = run("get", file.toString(), "answer");
        assertEquals(0, answer.exit(), answer.err());
        Run byInt = run("get", file.toString(), "--key-json", "42");
        assertEquals(0, byInt.exit(), byInt.err());
        Run byTuple = run("get", file.toString(), "--key-py", "('host', 8080)");
        assertEquals(0, byTuple.exit(), byTuple.err());
        Run missing = run("get", file.toString(), "no such key");
        assertEquals(ExitCodes.NOT_FOUND, missing.exit());
        assertTrue(missing.err().contains("'no such key'"), missing.err());
        Run json = run("get", "--json", file.toString(), "answer");
        assertTrue(json.json().get("found").asBoolean());
    }

    @Test
    void putGetDelRoundTrip() throws Exception {
        Path file = dir.resolve("new.db");
        assertEquals(0, run("put", file.toString(), "greeting", "hello").exit());
        assertEquals(0, run("put", file.toString(), "--key-py", "(1, 'a')", "--value-json", "{\"a\": [1, 2.5, null]}").exit());
        Run got = run("get", "--json", file.toString(), "--key-py", "(1, 'a')");
        assertEquals(0, got.exit(), got.err());
        assertEquals("{'a': [1, 2.5, None]}", got.json().get("repr").asText());
        assertEquals(2.5, got.json().get("value").get("a").get(1).asDouble());
        assertEquals("'hello'\n", run("get", file.toString(), "greeting").out());
        assertEquals(0, run("del", file.toString(), "greeting").exit());
        assertEquals(ExitCodes.NOT_FOUND, run("del", file.toString(), "greeting").exit());
    }

    @Test
    void aKeyThatDoesNotParseIsAUsageError() throws Exception {
        Path file = copy("vaults/gen2_msgpack.db");
        Run run = run("get", file.toString(), "--key-py", "(1, ");
        assertEquals(ExitCodes.USAGE, run.exit());
        assertTrue(run.err().contains("not a Python literal"), run.err());
        assertEquals(ExitCodes.USAGE, run("get", file.toString(), "--key-json", "[1,").exit());
        assertEquals(ExitCodes.USAGE, run("get", file.toString()).exit());
        assertEquals(ExitCodes.USAGE, run("migrate", file.toString(), "--to", "yaml").exit());
    }

    @Test
    void aFileThatIsNotAVaultIsAVaultError() throws Exception {
        Path file = copy("damaged/not_sqlite.db");
        Run run = run("get", file.toString(), "k");
        assertEquals(ExitCodes.VAULT_ERROR, run.exit());
        assertTrue(run.err().contains("not_sqlite.db"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void checkExits1OnDamageAnd0OnASoundVault() throws Exception {
        Path damaged = copy("damaged/truncated_pickle.db");
        String before = sha256(damaged);
        Run bad = run("check", damaged.toString());
        assertEquals(ExitCodes.PROBLEMS, bad.exit(), bad.out());
        assertTrue(bad.out().contains("truncated_pickle.db"), bad.out());
        Run json = run("check", "--json", damaged.toString());
        List<Long> rows = new ArrayList<>();
        json.json().get(0).get("badRows").forEach(b -> rows.add(b.get("rowId").asLong()));
        assertTrue(rows.containsAll(List.of(3L, 4L)), rows.toString());
        assertFalse(json.json().get(0).get("ok").asBoolean());
        assertEquals(before, sha256(damaged));

        Path sound = copy("vaults/mixed.db");
        assertEquals(0, run("check", sound.toString()).exit());
        assertEquals(ExitCodes.PROBLEMS, run("check", copy("damaged/not_sqlite.db").toString()).exit());
    }

    @Test
    void keysDumpAndStats() throws Exception {
        Path file = copy("vaults/mixed.db");
        Run keys = run("keys", file.toString());
        assertEquals(0, keys.exit());
        assertTrue(keys.out().lines().anyMatch("'twin'"::equals), keys.out());
        Run dump = run("dump", "--json", file.toString());
        assertEquals(0, dump.exit(), dump.err());
        assertEquals(15, dump.json().size());
        assertEquals("M", dump.json().get(0).get("key_encoding").asText());
        Run stats = run("stats", file.toString());
        assertTrue(stats.out().contains("twin 'twin'"), stats.out());
        Run damaged = run("dump", copy("damaged/unknown_marker.db").toString());
        assertEquals(ExitCodes.PROBLEMS, damaged.exit());
        assertTrue(damaged.out().contains("BAD"), damaged.out());
    }

    @Test
    void exportImportAndBackupThroughTheCommandLine() throws Exception {
        Path file = copy("vaults/gen2_msgpack.db");
        Path document = dir.resolve("export.json");
        Run export = run("export", file.toString(), "-o", document.toString());
        assertEquals(0, export.exit(), export.err());
        assertEquals("vaults-base64-v1", JSON.readTree(document.toFile()).get("format").asText());
        Path restored = dir.resolve("restored.db");
        Run imported = run("import", "--json", restored.toString(), document.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertEquals(20, imported.json().get("rows").asInt());

        Path readable = dir.resolve("readable.json");
        Run refused = run("export", file.toString(), "--readable", "-o", readable.toString());
        assertEquals(ExitCodes.VAULT_ERROR, refused.exit());
        assertTrue(refused.err().contains("row "), refused.err());
        assertFalse(Files.exists(readable), "no half-written document");
        assertEquals(0, run("export", file.toString(), "--readable", "--keep-unrepresentable", "-o",
                readable.toString()).exit());

        Run backup = run("backup", file.toString(), dir.resolve("copy.db").toString());
        assertEquals(0, backup.exit(), backup.err());
        assertEquals(ExitCodes.VAULT_ERROR, run("backup", file.toString(), dir.resolve("copy.db").toString()).exit());
    }

    @Test
    void migrateDryRunThenForRealThenNothingToDo() throws Exception {
        Path root = copyFuseRoot();
        Path commons = root.resolve("vaults/commons.db");
        String before = sha256(commons);
        Run dry = run("migrate", "--json", "--dry-run", "--to", "pickle", root.toString());
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.json().get(0).get("changed").asBoolean());
        assertEquals(0, dry.json().get(0).get("rowsDropped").asInt());
        assertEquals(before, sha256(commons));

        Run real = run("migrate", "--to", "pickle", "--protocol", "5", root.toString());
        assertEquals(0, real.exit(), real.err());
        assertTrue(real.out().contains("backup: "), real.out());
        Run again = run("migrate", "--to", "pickle", "--protocol", "5", commons.toString());
        assertTrue(again.out().contains("nothing to do"), again.out());
        assertEquals(3, run("ls", "--json", root.toString()).json().size(), "backups are not vaults");
    }

    @Test
    void keysAndDumpOfAFolderListEveryVault() throws IOException {
        Path root = copyFuseRoot();
        Run keys = run("keys", root.toString());
        assertEquals(ExitCodes.OK, keys.exit(), keys.err());
        assertTrue(keys.out().contains("== " + root.resolve("vaults/commons.db")), keys.out());
        assertTrue(keys.out().contains("'home_server'"), keys.out());
        Run dump = run("dump", "--json", root.resolve("vaults").toString());
        assertEquals(ExitCodes.OK, dump.exit(), dump.err());
        Set<String> vaults = new HashSet<>();
        dump.json().forEach(row -> vaults.add(Path.of(row.get("vault").asText()).getFileName().toString()));
        assertEquals(Set.of("commons.db", "virtual_environments.db", "remote_runnables_repositories.db"), vaults);
    }

    @Test
    void backupOfAFolderMakesANewFuseRootWithEveryVault() throws IOException {
        Path root = copyFuseRoot();
        Path target = dir.resolve("backup-root");
        Run backup = run("backup", root.toString(), target.toString());
        assertEquals(ExitCodes.OK, backup.exit(), backup.err());
        for (String name : List.of("commons", "virtual_environments", "remote_runnables_repositories")) {
            try (Vault original = Vault.open(root.resolve("vaults/" + name + ".db"));
                 Vault copy = Vault.open(target.resolve("vaults/" + name + ".db"))) {
                assertEquals(original.count(), copy.count(), name);
                assertEquals(new HashMap<>(original), new HashMap<>(copy), name);
            }
        }
        Run again = run("backup", root.toString(), target.toString());
        assertEquals(ExitCodes.VAULT_ERROR, again.exit(), "an existing target is never overwritten");
    }
}
