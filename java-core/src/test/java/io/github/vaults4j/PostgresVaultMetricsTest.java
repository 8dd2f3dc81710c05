package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.testing.StoreKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root's meter registry sees the operations of its PostgreSQL vaults, tagged as PostgreSQL's. */
class PostgresVaultMetricsTest {
    private static final String VAULT = "metered";

    @TempDir
    Path dir;

    @Test
    void countsAndTimesOperationsOfAPostgresVault() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Vaults root = StoreKind.POSTGRES.emptyRoot(dir); Vault vault = root.meterRegistry(registry).open(VAULT)) {
            vault.put("a", 1L);
            vault.putMany(Map.of("b", 2L, "c", 3L));
            vault.get("a");
            vault.get("missing");
            vault.getMany(List.of("b", "nope"));
            vault.remove("c");
        }
        assertEquals(3, registry.get("cache.puts").tag("cache", VAULT).counter().count());
        assertEquals(2, registry.get("cache.gets").tag("cache", VAULT).tag("result", "hit").counter().count());
        assertEquals(2, registry.get("cache.gets").tag("cache", VAULT).tag("result", "miss").counter().count());
        assertEquals(1, registry.get("cache.removals").tag("cache", VAULT).counter().count());
        for (String operation : List.of("put", "putMany", "getMany", "remove")) {
            assertEquals(1, timer(registry, operation), operation);
        }
        assertEquals(2, timer(registry, "get"));
    }

    private static long timer(MeterRegistry registry, String operation) {
        return registry.get("db.client.operation.duration").tag("db.system.name", "postgresql")
                .tag("db.collection.name", VAULT).tag("db.operation.name", operation).timer().count();
    }
}
