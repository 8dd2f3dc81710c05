package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vaults4j.testing.PostgresCluster;
import io.github.vaults4j.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/vaults} command that takes a vault or a root, given a PostgreSQL root or vault address, on a
 * real server: the fixture root is copied there first, and each command's answer is compared with its answer on
 * the files. No output or error ever carries the password of the address.
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresCommandsTest {
    private static final Path FUSE_ROOT = RepoFiles.fixture("vaults/fuse-root");
    private static final Path COMMONS = FUSE_ROOT.resolve("vaults/commons.db");

    @TempDir
    Path dir;

    private String root;

    @BeforeEach
    void copyTheFixtureRootToTheServer(PostgresCluster cluster, org.junit.jupiter.api.TestInfo test) {
        root = cluster.url() + "?schema=cli_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        ToolCommandsTest.Run up = run("copy", FUSE_ROOT.toString(), root, "--replace");
        assertEquals(ExitCodes.OK, up.exit(), up.err());
    }

    @Test
    void lsKeysDumpStatsAndCheckAnswerAsOnTheFiles() throws Exception {
        ToolCommandsTest.Run ls = run("ls", root, "--json");
        assertEquals(ExitCodes.OK, ls.exit(), ls.err());
        ToolCommandsTest.Run lsFiles = run("ls", FUSE_ROOT.toString(), "--json");
        assertEquals(3, ls.json().size());
        for (int i = 0; i < 3; i++) {
            JsonNode server = ls.json().get(i);
            JsonNode file = lsFiles.json().get(i);
            assertTrue(server.get("location").asText().endsWith("#" + file.get("file").asText()
                    .replaceAll(".*/", "").replace(".db", "")), server.toString());
            assertEquals(file.get("rows"), server.get("rows"));
            assertEquals(file.get("keyEncodings"), server.get("keyEncodings"));
            assertEquals(file.get("writeProfile"), server.get("writeProfile"));
            assertEquals(-1, server.get("fileBytes").asLong());
        }
        ToolCommandsTest.Run lsText = run("ls", root);
        assertEquals(ExitCodes.OK, lsText.exit(), lsText.err());
        assertTrue(lsText.out().contains("#commons"), lsText.out());

        assertEquals(run("keys", COMMONS.toString()).out(), run("keys", root + "#commons").out());
        assertEquals(withoutRowIds(run("dump", COMMONS.toString(), "--json").json()),
                withoutRowIds(run("dump", root + "#commons", "--json").json()));
        ToolCommandsTest.Run dumpRoot = run("dump", root);
        assertEquals(ExitCodes.OK, dumpRoot.exit(), dumpRoot.err());
        assertEquals(3, dumpRoot.out().lines().filter(line -> line.startsWith("== ")).count(), dumpRoot.out());

        JsonNode fileStats = run("stats", COMMONS.toString(), "--json").json().get(0);
        ToolCommandsTest.Run stats = run("stats", root + "#commons", "--json");
        assertEquals(ExitCodes.OK, stats.exit(), stats.err());
        JsonNode serverStats = stats.json().get(0);
        for (String field : List.of("rows", "keyBytes", "valueBytes", "keyEncodings", "valueEncodings", "twins")) {
            assertEquals(fileStats.get(field), serverStats.get(field), field);
        }

        ToolCommandsTest.Run check = run("check", root, "--json");
        assertEquals(ExitCodes.OK, check.exit(), check.out() + check.err());
        assertEquals(3, check.json().size());
        assertTrue(check.json().get(0).get("ok").asBoolean());
    }

    @Test
    void putGetDelOnAServerVault() throws Exception {
        String vault = root + "#fresh";
        assertEquals(ExitCodes.OK, run("put", vault, "greeting", "hello").exit());
        assertEquals(ExitCodes.OK, run("put", vault, "--key-py", "(1, 'a')", "--value-json", "[1, 2.5]").exit());
        assertEquals("'hello'\n", run("get", vault, "greeting").out());
        assertEquals("[1, 2.5]\n", run("get", vault, "--key-py", "(1, 'a')").out());
        assertEquals(ExitCodes.OK, run("del", vault, "greeting").exit());
        ToolCommandsTest.Run gone = run("get", vault, "greeting");
        assertEquals(ExitCodes.NOT_FOUND, gone.exit());
        assertTrue(gone.err().contains("#fresh"), gone.err());
        assertEquals(ExitCodes.NOT_FOUND, run("del", vault, "greeting").exit());

        ToolCommandsTest.Run missingVault = run("get", root + "#no_such_vault", "k");
        assertEquals(ExitCodes.VAULT_ERROR, missingVault.exit());
        assertTrue(missingVault.err().contains("no_such_vault"), missingVault.err());
        ToolCommandsTest.Run noName = run("get", root, "k");
        assertEquals(ExitCodes.USAGE, noName.exit(), noName.err());
    }

    @Test
    void exportAndImportMatchTheFileByteForByte() throws Exception {
        Path fromFile = dir.resolve("file.json");
        Path fromServer = dir.resolve("server.json");
        assertEquals(ExitCodes.OK, run("export", COMMONS.toString(), "-o", fromFile.toString()).exit());
        ToolCommandsTest.Run export = run("export", root + "#commons", "-o", fromServer.toString());
        assertEquals(ExitCodes.OK, export.exit(), export.err());
        assertEquals(Files.readString(fromFile), Files.readString(fromServer));

        ToolCommandsTest.Run imported = run("import", root + "#imported", fromServer.toString(), "--json");
        assertEquals(ExitCodes.OK, imported.exit(), imported.err());
        assertTrue(imported.json().get("created").asBoolean());
        assertEquals(withoutRowIds(run("dump", COMMONS.toString(), "--json").json()),
                withoutRowIds(run("dump", root + "#imported", "--json").json()));

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": \"vaults-base64-v1\", \"data\": {\"!\": 1}}");
        ToolCommandsTest.Run failed = run("import", root + "#never", broken.toString());
        assertEquals(ExitCodes.VAULT_ERROR, failed.exit());
        assertFalse(run("ls", root).out().contains("#never"), "a failed import leaves no vault behind");
    }

    @Test
    void fileOnlyToolsRefuseAServerVaultAndSayWhatToUse() {
        ToolCommandsTest.Run migrate = run("migrate", root + "#commons", "--to", "msgpack");
        assertEquals(ExitCodes.VAULT_ERROR, migrate.exit());
        assertTrue(migrate.err().contains("bin/vaults copy"), migrate.err());
        ToolCommandsTest.Run backup = run("backup", root + "#commons", dir.resolve("b.db").toString());
        assertEquals(ExitCodes.VAULT_ERROR, backup.exit());
        assertTrue(backup.err().contains("vaults copy"), backup.err());
        assertFalse(Files.exists(dir.resolve("b.db")));
    }

    /** Runs a command line and checks that nothing it printed holds the address's password. */
    private static ToolCommandsTest.Run run(String... args) {
        ToolCommandsTest.Run run = ToolCommandsTest.run(args);
        assertFalse(run.out().contains(PostgresCluster.PASSWORD), run.out());
        assertFalse(run.err().contains(PostgresCluster.PASSWORD), run.err());
        return run;
    }

    private static List<JsonNode> withoutRowIds(JsonNode rows) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode row : rows) {
            ObjectNode copy = row.deepCopy();
            copy.remove("rowid");
            result.add(copy);
        }
        return result;
    }
}
