package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.crypto.EncryptedVault;
import io.github.vaults4j.crypto.InvalidTokenException;
import io.github.vaults4j.crypto.MasterKey;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link VaultTools#copy} between vault files and a real PostgreSQL server: cells byte for byte, all or nothing. */
@ExtendWith(PostgresCluster.Extension.class)
class CopyTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);
    /**
     * When the source's entries were written: two hours ago, so an entry written with an hour to live has expired
     * by the time of the copy (which reads by the real clock), and one with a day keeps {@link #DAY} less two hours.
     * A vault read at this instant tells every copied time to live exactly.
     */
    private static final Clock WRITTEN = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(HOUR.multipliedBy(2)),
            ZoneOffset.UTC);
    private static final VaultOptions AT_WRITING = VaultOptions.builder().clock(WRITTEN).build();

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
    void expiryTimesAndAttributesGoEveryWayAndExpiredEntriesStayBehind(PostgresCluster cluster) {
        Path source = dir.resolve("source.db");
        try (Vault vault = Vault.open(source, AT_WRITING)) {
            vault.put("plain", 1L);
            vault.put("later", 2L, DAY);
            vault.put("gone", 3L, HOUR);
            vault.putAttribute("owner", new byte[] {1, 2, 3});
            vault.putAttribute("empty", new byte[0]);
        }
        String schema = cluster.url() + "?schema=copy_ttl";
        VaultAddress up = VaultAddress.parse(schema + "#up", null, null);
        VaultAddress across = VaultAddress.parse(schema + "#across", null, null);
        Path down = dir.resolve("down.db");
        Path beside = dir.resolve("beside.db");

        assertEquals(2, VaultTools.copy(VaultAddress.ofFile(source), up, false, Progress.NONE).rows());
        assertEquals(2, VaultTools.copy(up, across, false, Progress.NONE).rows());
        assertEquals(2, VaultTools.copy(across, VaultAddress.ofFile(down), false, Progress.NONE).rows());
        assertEquals(2, VaultTools.copy(VaultAddress.ofFile(down), VaultAddress.ofFile(beside), false, Progress.NONE)
                .rows());
        try (Vaults root = Vaults.at(schema)) {
            for (String name : List.of("up", "across")) {
                try (Vault vault = root.open(name, AT_WRITING)) {
                    assertCarried(vault);
                }
            }
        }
        for (Path file : List.of(down, beside)) {
            try (Vault vault = Vault.open(file, AT_WRITING)) {
                assertCarried(vault);
            }
        }
    }

    /** Read at the writing's instant: an expired entry copied with its time would show here, so it must be absent. */
    private static void assertCarried(Vault copy) {
        assertEquals(Map.of("plain", 1L, "later", 2L), Map.copyOf(copy), copy.toString());
        assertEquals(Optional.empty(), copy.ttl("plain"));
        assertEquals(Optional.of(DAY), copy.ttl("later"));
        assertFalse(copy.containsKey("gone"));
        assertArrayEquals(new byte[] {1, 2, 3}, copy.attribute("owner").orElseThrow());
        assertArrayEquals(new byte[0], copy.attribute("empty").orElseThrow());
    }

    @Test
    void aGcmEncryptedVaultStillDecryptsAfterGoingToTheServerAndBack(PostgresCluster cluster) {
        MasterKey master = MasterKey.generate();
        Path source = dir.resolve("secret.db");
        try (EncryptedVault secrets = EncryptedVault.gcm(Vault.open(source), master)) {
            secrets.put("token", Map.of("user", "ada", "password", "s3cret"));
            secrets.put("pin", 1234L);
        }
        VaultAddress onServer = VaultAddress.parse(cluster.url() + "?schema=copy_gcm#secret", null, null);
        Path back = dir.resolve("back.db");
        VaultTools.copy(VaultAddress.ofFile(source), onServer, false, Progress.NONE);
        VaultTools.copy(onServer, VaultAddress.ofFile(back), false, Progress.NONE);
        try (Vaults root = Vaults.at(cluster.url() + "?schema=copy_gcm");
                EncryptedVault secrets = EncryptedVault.gcm(root.open("secret"), master)) {
            assertEquals(1234L, secrets.get("pin"));
            InvalidTokenException wrongKey = assertThrows(InvalidTokenException.class,
                    () -> EncryptedVault.gcm(secrets.vault(), MasterKey.generate()));
            assertTrue(wrongKey.getMessage().contains(onServer.toString()), wrongKey.getMessage());
        }
        try (EncryptedVault secrets = EncryptedVault.gcm(Vault.open(back), master)) {
            assertEquals(Map.of("user", "ada", "password", "s3cret"), secrets.get("token"));
            assertEquals(1234L, secrets.get("pin"));
        }
    }

    @Test
    void anExistingTargetIsReplacedOnlyWhenAsked(PostgresCluster cluster) throws IOException {
        Path source = ToolFixtures.fixture("vaults/gen2_msgpack.db");
        VaultAddress target = VaultAddress.parse(cluster.url() + "?schema=copy_replace#target", null, null);
        try (Vaults root = Vaults.at(cluster.url() + "?schema=copy_replace"); Vault vault = root.open("target")) {
            vault.put("kept", 1L);
            vault.putAttribute("stale", new byte[] {9});
            VaultException refused = assertThrows(VaultException.class,
                    () -> VaultTools.copy(VaultAddress.ofFile(source), target, false, Progress.NONE));
            assertTrue(refused.getMessage().contains("--replace"), refused.getMessage());
            assertFalse(refused.getMessage().contains(PostgresCluster.PASSWORD), refused.getMessage());
            assertEquals(1L, vault.get("kept"));

            CopyResult replaced = VaultTools.copy(VaultAddress.ofFile(source), target, true, Progress.NONE);
            assertTrue(replaced.replaced());
            assertFalse(vault.containsKey("kept"));
            assertTrue(vault.attribute("stale").isEmpty(), "a replaced vault keeps none of its own attributes");
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
