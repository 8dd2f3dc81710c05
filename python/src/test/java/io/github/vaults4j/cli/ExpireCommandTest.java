package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vaults expire}, and the remaining TTLs that {@code dump} and {@code keys --json} show. */
class ExpireCommandTest {
    @TempDir
    Path dir;

    /** A root with one vault: a plain entry, one for an hour, and two expired ones. */
    private Path vaultWithTtlEntries() throws InterruptedException {
        try (Vault vault = Vaults.at(dir).open("ttl")) {
            vault.put("plain", 1L);
            vault.put("hour", 2L, Duration.ofHours(1));
            vault.put("gone1", 3L, Duration.ofMillis(1));
            vault.put("gone2", 4L, Duration.ofMillis(1));
            while (vault.containsKey("gone1") || vault.containsKey("gone2")) {
                Thread.sleep(1); // a 1 ms ttl: wait for it to pass, however slow the machine
            }
            return vault.file();
        }
    }

    @Test
    void expireRemovesTheExpiredEntriesAndSaysHowMany() throws Exception {
        Path file = vaultWithTtlEntries();
        ToolCommandsTest.Run run = ToolCommandsTest.run("expire", dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(file + ": 2 expired entries removed", run.out().strip());
        ToolCommandsTest.Run again = ToolCommandsTest.run("expire", "--json", file.toString());
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, again.json().get("removed").asInt());
        try (Vault vault = Vault.open(file)) {
            assertEquals(2, vault.size());
        }
    }

    @Test
    void keysAndDumpShowTheTimeLeftOfEntriesThatHaveOne() throws Exception {
        Path file = vaultWithTtlEntries();
        JsonNode keys = ToolCommandsTest.run("keys", "--json", file.toString()).json();
        assertEquals(2, keys.size(), "expired entries are not listed: " + keys);
        assertEquals("'plain'", keys.get(0).get("key").asText());
        assertFalse(keys.get(0).has("ttl"), "an entry without a time to live has no ttl field");
        assertEquals("'hour'", keys.get(1).get("key").asText());
        double left = keys.get(1).get("ttl").asDouble();
        assertTrue(left > 0 && left <= 3600, "seconds left: " + left);
        JsonNode dump = ToolCommandsTest.run("dump", "--json", file.toString()).json();
        assertEquals(2, dump.size());
        assertFalse(dump.get(0).has("ttl"));
        assertTrue(dump.get(1).get("ttl").asDouble() <= 3600);
        String text = ToolCommandsTest.run("dump", file.toString()).out();
        assertTrue(text.contains("'hour': 2  (ttl "), text);
        assertFalse(text.contains("gone"), text);
    }
}
