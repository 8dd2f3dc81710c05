package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vaults4j.testing.PostgresCluster;
import io.github.vaults4j.testing.RepoFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code vaults health} on a folder and a PostgreSQL root: its exit code says healthy or not. */
@ExtendWith(PostgresCluster.Extension.class)
class HealthCommandTest {
    @TempDir
    Path dir;

    @Test
    void theFixtureRootAndTheServerAreHealthy(PostgresCluster cluster) throws Exception {
        ToolCommandsTest.Run folder = ToolCommandsTest.run("health", RepoFiles.fixture("vaults/fuse-root").toString());
        assertEquals(ExitCodes.OK, folder.exit(), folder.out() + folder.err());
        assertTrue(folder.out().contains("store:          sqlite"), folder.out());
        assertTrue(folder.out().contains("vaults:         3"), folder.out());

        ToolCommandsTest.Run server = ToolCommandsTest.run("health", cluster.url(), "--json");
        assertEquals(ExitCodes.OK, server.exit(), server.out() + server.err());
        JsonNode json = server.json();
        assertEquals("postgresql", json.get("store").asText());
        assertTrue(json.get("healthy").asBoolean());
        assertFalse(json.get("serverVersion").asText().isEmpty());
        assertFalse(server.out().contains(PostgresCluster.PASSWORD), server.out());
    }

    @Test
    void aMissingFolderAndARefusedLoginAreNot(PostgresCluster cluster) {
        ToolCommandsTest.Run folder = ToolCommandsTest.run("health", dir.resolve("absent").toString());
        assertEquals(ExitCodes.PROBLEMS, folder.exit(), folder.out());
        assertTrue(folder.out().contains("reachable:      no"), folder.out());

        String wrong = "wrong-" + PostgresCluster.PASSWORD;
        ToolCommandsTest.Run server = ToolCommandsTest.run("health",
                cluster.url(PostgresCluster.USER, wrong, PostgresCluster.DATABASE));
        assertEquals(ExitCodes.PROBLEMS, server.exit(), server.out());
        assertFalse(server.out().contains(wrong), server.out());
    }
}
