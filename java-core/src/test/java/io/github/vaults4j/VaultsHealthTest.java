package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link Vaults#health()} of a folder and of a PostgreSQL root, healthy and not. */
@ExtendWith(PostgresCluster.Extension.class)
class VaultsHealthTest {
    @TempDir
    Path dir;

    @Test
    void aServerRootReportsItsVersionAndRoundTrip(PostgresCluster cluster) {
        try (Vaults root = Vaults.at(cluster.url() + "?schema=health")) {
            root.open("one").close();
            VaultsHealth health = root.health();
            assertTrue(health.healthy(), health.toString());
            assertEquals(VaultsHealth.POSTGRESQL, health.store());
            assertTrue(health.serverVersion().matches("\\d+.*"), health.serverVersion());
            assertTrue(health.roundTripMicros() >= 0, health.toString());
            assertEquals(1, health.vaults());
            assertFalse(health.location().contains(PostgresCluster.PASSWORD), health.location());
        }
    }

    @Test
    void aRefusedLoginIsUnhealthyWithoutThePassword(PostgresCluster cluster) {
        String wrong = "wrong-" + PostgresCluster.PASSWORD;
        VaultsHealth health = Vaults.health(cluster.url(PostgresCluster.USER, wrong, PostgresCluster.DATABASE));
        assertFalse(health.healthy());
        assertFalse(health.reachable());
        assertEquals(1, health.problems().size());
        assertFalse(health.toString().contains(wrong), health.toString());
    }

    @Test
    void aFolderIsHealthyUntilAFileIsNotAVault() throws IOException {
        Vaults root = Vaults.at(dir);
        assertFalse(root.health().reachable(), "no vaults/ folder yet");
        try (Vault vault = root.open("good")) {
            vault.put("k", 1L);
        }
        VaultsHealth health = root.health();
        assertTrue(health.healthy(), health.toString());
        assertEquals(VaultsHealth.SQLITE, health.store());
        assertNull(health.serverVersion());
        assertEquals(1, health.vaults());

        Files.writeString(root.file("bad"), "this is not a SQLite file, it is long enough to have a header......");
        VaultsHealth broken = root.health();
        assertFalse(broken.healthy());
        assertEquals(2, broken.vaults());
        assertTrue(broken.problems().get(0).contains("bad.db"), broken.problems().toString());
    }
}
