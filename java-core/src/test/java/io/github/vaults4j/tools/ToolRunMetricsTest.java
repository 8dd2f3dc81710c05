package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.crypto.EncryptedVault;
import io.github.vaults4j.crypto.FernetKey;
import io.github.vaults4j.testing.PostgresCluster;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tool run on real vaults records one {@code db.client.operation.duration} sample in Micrometer's global
 * registry, tagged with the tool, the vault, its store and, for a failed run, the exception's class.
 */
@ExtendWith(PostgresCluster.Extension.class)
class ToolRunMetricsTest {
    private static final String DURATION = "db.client.operation.duration";
    private static final String OK = "none";

    @TempDir
    Path dir;
    SimpleMeterRegistry registry;

    @BeforeEach
    void addRegistry() {
        registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    private Timer timer(String tool, String vault, String system, String error) {
        return registry.get(DURATION).tag("db.operation.name", tool).tag("db.collection.name", vault)
                .tag("db.system.name", system).tag("error.type", error).timer();
    }

    private long runs(String tool) {
        return registry.find(DURATION).tag("db.operation.name", tool).timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void eachFileToolRunIsOneSampleTaggedWithToolVaultAndStore() throws Exception {
        Path pickled = ToolFixtures.copy("vaults/gen2_pickle.db", dir);
        VaultTools.migrate(pickled, MigrationOptions.toMsgpack(), Progress.NONE);
        VaultTools.backup(pickled, dir.resolve("backup.db"), Progress.NONE);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        VaultTools.export(pickled, json, ExportFormat.LOSSLESS, false, Progress.NONE);
        VaultTools.importInto(dir.resolve("imported.db"), new ByteArrayInputStream(json.toByteArray()), Progress.NONE);
        assertTrue(VaultTools.check(pickled, Progress.NONE).ok());
        VaultTools.copy(VaultAddress.ofFile(pickled), VaultAddress.ofFile(dir.resolve("copied.db")), false,
                Progress.NONE);

        for (String tool : List.of("migrate", "backup", "export", "check", "copy")) {
            Timer timer = timer(tool, "gen2_pickle", "sqlite", OK);
            assertEquals(1, timer.count(), tool);
            assertTrue(timer.totalTime(TimeUnit.NANOSECONDS) > 0, tool);
            assertEquals(1, runs(tool), tool);
        }
        assertEquals(1, timer("import", "imported", "sqlite", OK).count());
        // The migration's own backup is part of the migrate run, not a backup run of its own.
        assertEquals(1, runs("backup"));
    }

    @Test
    void aFailedRunIsRecordedWithTheExceptionClassAsErrorType() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        Path target = dir.resolve("taken.db");
        VaultTools.backup(file, target, Progress.NONE);
        VaultException refused = assertThrows(VaultException.class,
                () -> VaultTools.backup(file, target, Progress.NONE));

        assertEquals(1, timer("backup", "gen2_msgpack", "sqlite", OK).count());
        assertEquals(1, timer("backup", "gen2_msgpack", "sqlite", refused.getClass().getName()).count());
        assertEquals(2, runs("backup"));
    }

    @Test
    void aRekeyIsARunOfItsOwnBesideTheVaultsTransaction() {
        FernetKey oldKey = FernetKey.generate();
        FernetKey newKey = FernetKey.generate();
        try (Vault vault = Vault.open(dir.resolve("secret.db"))) {
            EncryptedVault.fernet(vault, oldKey).put("a", "b");
            assertEquals(1, EncryptedVault.fernet(vault, newKey, oldKey).rotate());
        }
        assertEquals(1, timer("rekey", "secret", "sqlite", OK).count());
    }

    @Test
    void runsOnAPostgresVaultAreTaggedPostgresql(PostgresCluster cluster) throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        VaultAddress server = VaultAddress.parse(cluster.url() + "?schema=tool_metrics#served", null, null);
        VaultTools.copy(VaultAddress.ofFile(file), server, true, Progress.NONE);
        assertTrue(VaultTools.check(server, Progress.NONE).ok());
        VaultException refused = assertThrows(VaultException.class,
                () -> VaultTools.migrate(server, MigrationOptions.toMsgpack(), Progress.NONE));

        // A copy is tagged with its source, the vault named first.
        assertEquals(1, timer("copy", "gen2_msgpack", "sqlite", OK).count());
        assertEquals(1, timer("check", "served", "postgresql", OK).count());
        assertEquals(1, timer("migrate", "served", "postgresql", refused.getClass().getName()).count());
    }
}
