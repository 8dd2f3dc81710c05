package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters a vault registers, counted per operation on a real vault file. */
class VaultMetricsTest {
    private static final String VAULT = "metered";

    @TempDir
    Path root;
    MeterRegistry registry;
    /** Whether each meter was configured to publish a percentile histogram, as the registry saw it. */
    final Map<Meter.Id, Boolean> histograms = new ConcurrentHashMap<>();

    @BeforeEach
    void registry() {
        registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                histograms.put(id, Boolean.TRUE.equals(config.isPercentileHistogram()));
                return config;
            }
        });
    }

    private Vault open() {
        return Vaults.at(root).open(VAULT, VaultOptions.builder().meterRegistry(registry).build());
    }

    private double gets(String result) {
        return registry.get("cache.gets").tag("cache", VAULT).tag("result", result).counter().count();
    }

    private double counter(String name) {
        Counter counter = registry.get(name).tag("cache", VAULT).counter();
        return counter.count();
    }

    private Timer timer(String operation) {
        return registry.get("db.client.operation.duration").tag("db.system.name", "sqlite")
                .tag("db.collection.name", VAULT).tag("db.operation.name", operation).timer();
    }

    @Test
    void countsEachLookedUpWrittenAndRemovedKeyAndTimesEachOperation() {
        try (Vault vault = open()) {
            vault.put("a", 1L);
            vault.set("b", 2L);
            vault.putMany(Map.of("c", 3L, "d", 4L, "e", 5L));
            vault.get("a");
            vault.get("missing");
            vault.getMany(List.of("b", "c", "nope"));
            vault.remove("e");
            vault.remove("never there");
            vault.transaction(v -> v.put("f", 6L));

            assertEquals(6, counter("cache.puts"), "put, set, three by putMany, one inside the transaction");
            assertEquals(3, gets("hit"), "a, b, c");
            assertEquals(2, gets("miss"), "missing, nope");
            assertEquals(1, counter("cache.removals"), "only the key that existed");
            assertEquals(2, timer("put").count(), "the put and the one inside the transaction");
            assertEquals(1, timer("set").count());
            assertEquals(1, timer("putMany").count());
            assertEquals(2, timer("get").count(), "a and missing");
            assertEquals(1, timer("getMany").count());
            assertEquals(2, timer("remove").count());
            assertEquals(1, timer("transaction").count());
            assertTrue(timer("transaction").totalTime(TimeUnit.NANOSECONDS) > 0, "the transaction's time was recorded");
            assertEquals(0, timer("scan").count());

            List<Object> keys = new ArrayList<>(vault.keySet());
            assertEquals(5, keys.size());
            assertTrue(timer("scan").count() >= 1, "every page read is one scan sample");
            assertEquals(Boolean.TRUE, histograms.get(timer("get").getId()), "the timer publishes a histogram");
        }
    }

    @Test
    void sizeGaugeCountsRowsAtMostOncePerSecondAndLeavesWithTheVault() {
        try (Vault vault = open()) {
            vault.putMany(Map.of("a", 1L, "b", 2L));
            Gauge size = registry.get("cache.size").tag("cache", VAULT).gauge();
            assertEquals(2, size.value());
            vault.set("c", 3L);
            assertEquals(2, size.value(), "a count younger than a second answers the scrape");
        }
        assertNull(registry.find("cache.size").tag("cache", VAULT).gauge(), "closing the vault removes its gauge");
        assertEquals(1, counter("cache.puts") - 2, "counters stay after close");
    }

    @Test
    void vaultsWideRegistryReachesEveryVaultOpenedThere() {
        try (Vault vault = Vaults.at(root).meterRegistry(registry).open(VAULT)) {
            vault.get("x");
        }
        assertEquals(1, gets("miss"));
    }

    @Test
    void withoutARegistryNothingIsRegisteredAndOtherObjectsAreRefused() {
        try (Vault vault = Vaults.at(root).open(VAULT)) {
            vault.put("a", 1L);
            assertTrue(vault.options().meterRegistry().isEmpty());
        }
        assertTrue(registry.getMeters().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaultOptions.builder().meterRegistry("not a registry").build());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void aClassPathWithoutMicrometerUsesVaultsAsBefore() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("micrometer") && !entry.contains("HdrHistogram")
                        && !entry.contains("LatencyUtils"))
                .collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, WithoutMicrometerMain.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains(WithoutMicrometerMain.DONE), output);
    }
}
