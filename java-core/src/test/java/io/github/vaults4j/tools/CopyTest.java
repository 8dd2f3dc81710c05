package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link VaultTools#copy} between vault files and a real PostgreSQL server: cells byte for byte, all or nothing. */
@ExtendWith(PostgresCluster.Extension.class)
class CopyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"vaults/gen2_msgpack.db", "vaults/gen2_pickle.db", "vaults/gen2_pickle_p5.db", "vaults/mixed.db",
        "vaults/fuse-root/vaults/commons.db", "vaults/fuse-root/vaults/remote_runnables_repositories.db",
        "vaults/fuse-root/vaults/virtual_environments.db"})
    void everyFixtureGoesFileToServerToFileWithIdenticalCells(String fixture, PostgresCluster cluster) {
        Path source = ToolFixtures.fixture(fixture);
        VaultAddress onServer = VaultAddress.parse(cluster.url() + "?schema=copy_fixtures", null,
                "f" + System.nanoTime());
        List<String> phases = new ArrayList<>();
        CopyResult up = VaultTools.copy(VaultAddress.ofFile(source), onServer, false,
                (phase, done, total) -> phases.add(phase + " " + done + "/" + total));
        List<Row> expected = ToolFixtures.rows(source);
        assertEquals(expected.size(), up.rows());
        assertEquals(Copier.PHASE + " " + expected.size() + "/" + expected.size(), phases.get(phases.size() - 1));

        Path back = dir.resolve("back.db");
        CopyResult down = VaultTools.copy(onServer, VaultAddress.ofFile(back), false, Progress.NONE);
        assertEquals(expected.size(), down.rows());
        assertSameCells(expected, ToolFixtures.rows(back));
        assertFalse(onServer.toString().contains(PostgresCluster.PASSWORD), onServer.toString());
    }

    private static void assertSameCells(List<Row> expected, List<Row> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).key(), actual.get(i).key(), "key of row " + i);
            assertArrayEquals(expected.get(i).value(), actual.get(i).value(), "value of row " + i);
        }
    }

    @Test
    void anExistingTargetIsReplacedOnlyWhenAsked(PostgresCluster cluster) throws IOException {
        Path source = ToolFixtures.fixture("vaults/gen2_msgpack.db");
        VaultAddress target = VaultAddress.parse(cluster.url() + "?schema=copy_replace#target", null, null);
        try (Vaults root = Vaults.at(cluster.url() + "?schema=copy_replace"); Vault vault = root.open("target")) {
            vault.put("kept", 1L);
            VaultException refused = assertThrows(VaultException.class,
                    () -> VaultTools.copy(VaultAddress.ofFile(source), target, false, Progress.NONE));
            assertTrue(refused.getMessage().contains("--replace"), refused.getMessage());
            assertFalse(refused.getMessage().contains(PostgresCluster.PASSWORD), refused.getMessage());
            assertEquals(1L, vault.get("kept"));

            CopyResult replaced = VaultTools.copy(VaultAddress.ofFile(source), target, true, Progress.NONE);
            assertTrue(replaced.replaced());
            assertFalse(vault.containsKey("kept"));
            assertEquals(ToolFixtures.rows(source).size(), vault.size());
        }
        Path file = Files.writeString(dir.resolve("existing.db"), "not replaced");
        assertThrows(VaultException.class, () -> VaultTools.copy(target, VaultAddress.ofFile(file), false, Progress.NONE));
        assertEquals("not replaced", Files.readString(file));
        VaultTools.copy(target, VaultAddress.ofFile(file), true, Progress.NONE);
        assertSameCells(ToolFixtures.rows(source), ToolFixtures.rows(file));
    }

    @Test
    void aVaultsOneFileIsRefusedAndNothingIsMade(PostgresCluster cluster) {
        VaultAddress target = VaultAddress.parse(cluster.url() + "?schema=copy_gen1", "legacy", null);
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.copy(
                VaultAddress.ofFile(ToolFixtures.fixture("vaults/gen1_legacy.db")), target, false, Progress.NONE));
        assertTrue(e.getMessage().contains("migrate"), e.getMessage());
        try (Vaults root = Vaults.at(cluster.url() + "?schema=copy_gen1")) {
            assertFalse(root.names().contains("legacy"));
        }
    }

    @Test
    void aRootFolderNeedsAVaultNameAndTakesTheOtherSidesName(PostgresCluster cluster) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThrows(IllegalArgumentException.class, () -> VaultAddress.parse(root.toString(), null, null));
        VaultAddress named = VaultAddress.parse(root.toString(), null, "commons");
        assertEquals(root.resolve("vaults/commons.db").toAbsolutePath(), named.file());
        VaultAddress server = VaultAddress.parse(cluster.url() + "#commons", null, null);
        assertEquals("commons", server.vault());
        assertTrue(server.toString().endsWith("#commons"), server.toString());
    }
}
