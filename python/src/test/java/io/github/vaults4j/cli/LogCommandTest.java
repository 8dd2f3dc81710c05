package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vaults4j.AccessLogOptions;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vaults log} and the access part of {@code vaults stats}, run as {@code bin/vaults} runs them. */
class LogCommandTest {
    @TempDir
    Path dir;

    private Path auditedVault() {
        Path file = dir.resolve("audited.db");
        try (Vault vault = Vault.open(file, VaultOptions.builder().accessLog(AccessLogOptions.defaults()).build())) {
            vault.put("a", 1L);
            vault.get("a");
            vault.get("a");
            vault.get("b");
        }
        return file;
    }

    @Test
    void printsTheLogAsJsonAndAsATable() throws Exception {
        Path file = auditedVault();
        ToolCommandsTest.Run json = ToolCommandsTest.run("log", "--json", file.toString());
        assertEquals(0, json.exit(), json.err());
        JsonNode entries = json.json().get("entries");
        assertEquals(4, entries.size(), json.out());
        JsonNode first = entries.get(0);
        assertEquals("put", first.get("operation").asText());
        assertEquals("'a'", first.get("key").asText());
        assertTrue(Instant.parse(first.get("at").asText()).isAfter(Instant.now().minusSeconds(600)), first.toString());
        assertTrue(first.get("duration_us").asLong() >= 0, first.toString());

        ToolCommandsTest.Run table = ToolCommandsTest.run("log", file.toString(), "--since", "1h");
        assertEquals(0, table.exit(), table.err());
        assertEquals(5, table.out().lines().count(), "a header and four records: " + table.out());
        assertTrue(table.out().contains("get") && table.out().contains("'b'"), table.out());

        ToolCommandsTest.Run limited = ToolCommandsTest.run("log", "--json", "--limit", "1", file.toString());
        assertEquals("'b'", limited.json().get("entries").get(0).get("key").asText(), "the newest record");
        ToolCommandsTest.Run future = ToolCommandsTest.run("log", "--json", "--since", "2999-01-01", file.toString());
        assertEquals(0, future.json().get("entries").size());
    }

    @Test
    void aVaultWithoutALogPrintsNothingAndABadSinceIsAUsageError() {
        Path file = dir.resolve("plain.db");
        try (Vault vault = Vault.open(file)) {
            vault.put("a", 1L);
        }
        ToolCommandsTest.Run run = ToolCommandsTest.run("log", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        ToolCommandsTest.Run bad = ToolCommandsTest.run("log", file.toString(), "--since", "yesterday-ish");
        assertEquals(ExitCodes.USAGE, bad.exit(), bad.err());
        ToolCommandsTest.Run missing = ToolCommandsTest.run("log", dir.resolve("none.db").toString());
        assertEquals(ExitCodes.VAULT_ERROR, missing.exit(), missing.err());
    }

    @Test
    void statsShowLastAccessRecentCountsAndMostAccessedKeys() throws Exception {
        Path file = auditedVault();
        ToolCommandsTest.Run text = ToolCommandsTest.run("stats", file.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("access log: 4 records"), text.out());
        assertTrue(text.out().contains("last 24 h: get 3 put 1"), text.out());
        assertTrue(text.out().contains("MOST ACCESSED"), text.out());
        JsonNode access = ToolCommandsTest.run("stats", "--json", file.toString()).json().get(0).get("access");
        assertEquals(3, access.get("last24Hours").get("get").asInt(), access.toString());
        assertEquals("'a'", access.get("mostAccessed").get(0).get("key").asText());
        assertEquals(3, access.get("mostAccessed").get(0).get("count").asInt());
        Instant.parse(access.get("lastAccess").asText());
    }

    @Test
    void sinceTakesDurationsAndTimes() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        ZoneId utc = ZoneOffset.UTC;
        assertEquals(Instant.parse("2026-12-02T11:30:00Z"), SinceArg.parse("30m", now, utc));
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), SinceArg.parse("7d", now, utc));
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), SinceArg.parse("PT2H", now, utc));
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), SinceArg.parse("2026-12-01T08:00:00Z", now, utc));
        assertEquals(Instant.parse("2026-12-01T07:00:00Z"), SinceArg.parse("2026-12-01T08:00+01:00", now, utc));
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), SinceArg.parse("2026-12-01T08:00", now, utc));
        assertEquals(LocalDate.parse("2026-12-01").atStartOfDay(utc).toInstant(), SinceArg.parse("2026-12-01", now, utc));
    }
}
