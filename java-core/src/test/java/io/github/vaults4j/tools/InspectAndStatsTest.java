package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectAndStatsTest {
    @TempDir
    Path dir;

    @Test
    void inspectsEachGeneration() throws Exception {
        VaultSummary msgpack = VaultTools.inspect(ToolFixtures.copy("vaults/gen2_msgpack.db", dir));
        assertEquals(ToolFixtures.expected("vaults/gen2_msgpack.expected.jsonl").size(), msgpack.rows());
        assertEquals(2, msgpack.generation());
        assertEquals("msgpack+P4", msgpack.writeProfile());
        assertTrue(msgpack.keyEncodings().containsKey("M"), msgpack.keyEncodings().toString());
        assertTrue(msgpack.fileBytes() > 0);

        VaultSummary legacy = VaultTools.inspect(ToolFixtures.copy("vaults/gen1_legacy.db", dir));
        assertEquals(1, legacy.generation());
        assertEquals("legacy4", legacy.writeProfile());
        assertEquals(Map.of("raw4", legacy.rows()), legacy.keyEncodings());

        VaultSummary p5 = VaultTools.inspect(ToolFixtures.copy("vaults/gen2_pickle_p5.db", dir));
        assertEquals("pickle5", p5.writeProfile());
    }

    @Test
    void aFuseRootAndItsVaultsFolderNameTheSameFiles() throws Exception {
        Path root = ToolFixtures.copyFuseRoot(dir);
        List<Path> files = VaultTools.vaultFiles(root);
        assertEquals(files, VaultTools.vaultFiles(root.resolve("vaults")));
        assertEquals(List.of("commons.db", "remote_runnables_repositories.db", "virtual_environments.db"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : files) {
            assertEquals(2, VaultTools.inspect(file).generation());
        }
    }

    @Test
    void statsFindTheTwinsOfTheMixedVault() throws Exception {
        Path mixed = ToolFixtures.copy("vaults/mixed.db", dir);
        VaultStats stats = VaultTools.stats(mixed, Progress.NONE);
        assertEquals(ToolFixtures.expected("vaults/mixed.expected.jsonl").size(), stats.rows());
        assertEquals(0, stats.undecodableKeys());
        // "twin" is stored as M and P4; 7 as M, P4 and P5 (see the fixtures' README).
        assertEquals(2, stats.twins().size(), stats.twins().toString());
        VaultStats.Twin twin = stats.twins().stream().filter(t -> t.key().equals("'twin'")).findFirst().orElseThrow();
        assertEquals(List.of(10L, 11L), twin.rowIds());
        VaultStats.Twin seven = stats.twins().stream().filter(t -> t.key().equals("7")).findFirst().orElseThrow();
        assertEquals(List.of(12L, 13L, 14L), seven.rowIds());
        assertEquals(stats.rows(), stats.keyEncodings().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(stats.keyEncodings().keySet().containsAll(List.of("M", "P2", "P3", "P4", "P5", "raw2", "raw5")),
                stats.keyEncodings().toString());
        assertTrue(stats.averageKeyBytes() > 0 && stats.valueBytes() > 0);
    }
}
