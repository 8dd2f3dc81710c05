package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.testing.PostgresCluster;
import io.github.vaults4j.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code vaults copy} between a Fuse root folder, a PostgreSQL root and vault files, on a real server. */
@ExtendWith(PostgresCluster.Extension.class)
class CopyCommandTest {
    @TempDir
    Path dir;

    @Test
    void aWholeRootGoesToTheServerAndOneVaultComesBack(PostgresCluster cluster) throws Exception {
        Path fuseRoot = RepoFiles.fixture("vaults/fuse-root");
        String server = cluster.url() + "?schema=cli_copy";

        ToolCommandsTest.Run up = ToolCommandsTest.run("copy", fuseRoot.toString(), server);
        assertEquals(ExitCodes.OK, up.exit(), up.err());
        assertEquals(3, up.out().lines().count(), up.out());
        assertFalse(up.out().contains(PostgresCluster.PASSWORD), up.out());

        ToolCommandsTest.Run again = ToolCommandsTest.run("copy", fuseRoot.toString(), server, "--vault", "commons");
        assertEquals(ExitCodes.VAULT_ERROR, again.exit());
        assertTrue(again.err().contains("--replace"), again.err());
        assertFalse(again.err().contains(PostgresCluster.PASSWORD), again.err());

        Path back = dir.resolve("commons.db");
        ToolCommandsTest.Run down = ToolCommandsTest.run("copy", server + "#commons", back.toString(), "--json");
        assertEquals(ExitCodes.OK, down.exit(), down.err());
        assertEquals(down.json().get(0).get("rows").asLong(), dumpWithoutRowIds(back).size());
        assertEquals(dumpWithoutRowIds(fuseRoot.resolve("vaults/commons.db")), dumpWithoutRowIds(back));

        Path newRoot = dir.resolve("new-root");
        ToolCommandsTest.Run whole = ToolCommandsTest.run("copy", server, newRoot.toString());
        assertEquals(ExitCodes.OK, whole.exit(), whole.err());
        for (String name : List.of("commons", "remote_runnables_repositories", "virtual_environments")) {
            assertEquals(dumpWithoutRowIds(fuseRoot.resolve("vaults/" + name + ".db")),
                    dumpWithoutRowIds(newRoot.resolve("vaults/" + name + ".db")), name);
        }
    }

    @Test
    void aTimeToLiveAndTheAttributesGoToTheServerAndBack(PostgresCluster cluster) throws Exception {
        // Read back at the writing's instant, the copy's time to live is exact.
        VaultOptions atWriting = VaultOptions.builder()
                .clock(Clock.fixed(Instant.now().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC)).build();
        Path source = dir.resolve("ttl.db");
        try (Vault vault = Vault.open(source, atWriting)) {
            vault.put("session", "abc", Duration.ofHours(1));
            vault.putAttribute("owner", new byte[] {7});
        }
        String server = cluster.url() + "?schema=cli_copy_ttl#ttl";
        ToolCommandsTest.Run up = ToolCommandsTest.run("copy", source.toString(), server);
        assertEquals(ExitCodes.OK, up.exit(), up.err());
        Path back = dir.resolve("back.db");
        ToolCommandsTest.Run down = ToolCommandsTest.run("copy", server, back.toString());
        assertEquals(ExitCodes.OK, down.exit(), down.err());
        try (Vault vault = Vault.open(back, atWriting)) {
            assertEquals("abc", vault.get("session"));
            assertEquals(Optional.of(Duration.ofHours(1)), vault.ttl("session"));
            assertArrayEquals(new byte[] {7}, vault.attribute("owner").orElseThrow());
        }
    }

    @Test
    void aRootWithoutVaultNameOnAFileSideIsAUsageError(PostgresCluster cluster) throws Exception {
        Path file = Files.createFile(dir.resolve("x.db"));
        ToolCommandsTest.Run run = ToolCommandsTest.run("copy", cluster.url(), file.toString(), "--vault", "v");
        assertEquals(ExitCodes.USAGE, run.exit(), run.err());
    }

    private static List<JsonNode> dumpWithoutRowIds(Path file) throws Exception {
        ToolCommandsTest.Run dump = ToolCommandsTest.run("dump", file.toString(), "--json");
        assertEquals(ExitCodes.OK, dump.exit(), dump.err());
        List<JsonNode> rows = new ArrayList<>();
        JsonNode json = dump.json();
        for (JsonNode row : json.isArray() ? json : json.path("rows")) {
            ObjectNode copy = row.deepCopy();
            copy.remove("rowId");
            copy.remove("rowid");
            rows.add(copy);
        }
        return rows;
    }
}
