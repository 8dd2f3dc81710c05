package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.MigrationReport;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} of a vault file with entries that have a time to live: the rewritten key cells keep their expiry
 * times and the rebuilt table keeps the triggers and the filter. A file's concern only: a PostgreSQL vault has one
 * table layout and nothing to migrate.
 */
class VaultTtlMigrationTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void aMigrationKeepsTheExpiryTimesOfRewrittenKeys() {
        VaultTtlTest.ManualClock clock = new VaultTtlTest.ManualClock();
        VaultOptions options = VaultOptions.builder().clock(clock).build();
        Path file = dir.resolve("ttl.db");
        try (Vault vault = Vault.open(file, options)) {
            vault.put("gone", 1L, MINUTE);
            vault.put("later", 2L, MINUTE.multipliedBy(3));
            vault.put("plain", 3L);
        }
        clock.advance(MINUTE);
        MigrationReport report = VaultTools.migrate(file, MigrationOptions.toPickle(4), Progress.NONE);
        assertTrue(report.changed(), "the keys were rewritten from msgpack to pickle");
        try (Vault vault = Vault.open(file, options)) {
            assertEquals(2, vault.size());
            assertEquals(Optional.of(MINUTE.multipliedBy(2)), vault.ttl("later"));
            clock.advance(MINUTE.multipliedBy(2));
            assertEquals(Map.of("plain", 3L), new LinkedHashMap<>(vault));
            vault.put("plain", 4L, MINUTE);
            clock.advance(MINUTE);
            assertFalse(vault.containsKey("plain"), "the rebuilt table has the triggers and the filter");
        }
    }
}
