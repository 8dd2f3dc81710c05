package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.testing.StoreKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The access log on a file and on PostgreSQL: what it records, its batching, its bounds and its keyed hash. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AccessLogTest {
    private static final String VAULT = "audited";
    private static final Pattern HASHED = Pattern.compile("hmac-sha256:[0-9a-f]{64}");
    private static final byte[] SECRET = "a secret of 32 bytes, for tests".getBytes(StandardCharsets.UTF_8);

    @Parameter
    StoreKind store;
    @TempDir
    Path dir;
    Vaults root;

    @BeforeEach
    void open() {
        root = store.emptyRoot(dir);
    }

    @AfterEach
    void close() {
        root.close();
    }

    private Vault open(AccessLogOptions log) {
        return root.open(VAULT, VaultOptions.builder().accessLog(log).build());
    }

    private List<AccessLogEntry> everything() {
        try (Vault reader = root.open(VAULT)) {
            return reader.accessLog(Instant.EPOCH, Integer.MAX_VALUE);
        }
    }

    private static List<String> operationsAndKeys(List<AccessLogEntry> entries) {
        List<String> seen = new ArrayList<>();
        for (AccessLogEntry entry : entries) {
            seen.add(entry.operation() + " " + entry.key());
        }
        return seen;
    }

    @Test
    void recordsEachKeyReadWrittenOrRemovedWithTimeDurationAndProcess() {
        Instant before = Instant.now().minusSeconds(1);
        try (Vault vault = open(AccessLogOptions.defaults())) {
            vault.put("a", 1L);
            vault.set(7L, "seven");
            vault.get("a");
            vault.get("missing");
            Map<Object, Object> batch = new LinkedHashMap<>();
            batch.put("b", 2L);
            batch.put(List.of("t", 1L), 3L);
            vault.putMany(batch);
            vault.getMany(List.of("a", "b"));
            vault.remove("b");
            vault.popMany(List.of("a"));
            vault.containsKey("a"); // not a read of a value: not logged
        }
        List<AccessLogEntry> log = everything();
        assertEquals(List.of("put 'a'", "set 7", "get 'a'", "get 'missing'", "putMany 'b'", "putMany ['t', 1]",
                "getMany 'a'", "getMany 'b'", "remove 'b'", "popMany 'a'"), operationsAndKeys(log));
        String process = ProcessHandle.current().pid() + "@";
        for (AccessLogEntry entry : log) {
            assertTrue(!entry.at().isBefore(before) && !entry.at().isAfter(Instant.now()), entry.toString());
            assertTrue(entry.durationMicros() >= 0, entry.toString());
            assertTrue(entry.process().startsWith(process), entry.toString());
        }
        assertEquals(List.of("remove 'b'", "popMany 'a'"),
                operationsAndKeys(everything().stream().filter(e -> !e.at().isBefore(log.get(8).at())).toList()),
                "--since keeps the records at or after the time");
    }

    @Test
    void isOffByDefaultAndLeavesNoTable() {
        try (Vault vault = root.open(VAULT)) {
            vault.put("a", 1L);
            vault.get("a");
        }
        assertEquals(List.of(), everything());
    }

    @Test
    void buffersUntilABatchIsFullAndFlushesTheRestOnClose() {
        AccessLogOptions options = AccessLogOptions.builder().flushEvery(3).build();
        try (Vault vault = open(options); Vault reader = root.open(VAULT)) {
            vault.put("a", 1L);
            vault.get("a");
            assertEquals(0, reader.accessLog(Instant.EPOCH, 100).size(), "two records wait in the buffer");
            vault.get("a");
            assertEquals(3, reader.accessLog(Instant.EPOCH, 100).size(), "the third filled the batch");
            vault.get("a");
            assertEquals(3, reader.accessLog(Instant.EPOCH, 100).size());
            vault.close();
            assertEquals(4, reader.accessLog(Instant.EPOCH, 100).size(), "closing flushed the rest");
        }
    }

    @Test
    void aRecordOlderThanTheMaximumDelayIsFlushedByTheNextOne() {
        AccessLogOptions options = AccessLogOptions.builder().flushEvery(1000).maxDelay(Duration.ZERO).build();
        try (Vault vault = open(options); Vault reader = root.open(VAULT)) {
            vault.get("a");
            assertEquals(1, reader.accessLog(Instant.EPOCH, 100).size(), "no wait allowed: written at once");
        }
    }

    @Test
    void aTransactionsRecordsWaitUntilItEnds() {
        AccessLogOptions options = AccessLogOptions.builder().flushEvery(1).build();
        try (Vault vault = open(options)) {
            assertThrows(IllegalStateException.class, () -> vault.transaction(v -> {
                v.put("a", 1L);
                v.get("a");
                throw new IllegalStateException("rolled back");
            }));
            assertFalse(vault.containsKey("a"));
            vault.get("b");
            assertEquals(List.of("put 'a'", "get 'a'", "get 'b'"),
                    operationsAndKeys(vault.accessLog(Instant.EPOCH, 100)),
                    "the rolled-back attempt is in the log, written after the transaction");
        }
    }

    @Test
    void prunesToTheNewestEntriesWhenItsCountIsExceeded() {
        AccessLogOptions options = AccessLogOptions.builder().flushEvery(5).pruneEvery(10).maxEntries(7).build();
        try (Vault vault = open(options)) {
            for (long i = 0; i < 30; i++) {
                vault.get(i);
            }
        }
        List<AccessLogEntry> log = everything();
        assertEquals(7, log.size(), "pruned after the 30th record");
        assertEquals("get 23", operationsAndKeys(log).get(0));
        assertEquals("get 29", operationsAndKeys(log).get(6));
    }

    @Test
    void prunesEntriesOlderThanItsMaximumAge() throws InterruptedException {
        try (Vault vault = open(AccessLogOptions.builder().flushEvery(1).build())) {
            vault.get("old");
        }
        Duration maxAge = Duration.ofMillis(50);
        Thread.sleep(maxAge.toMillis() * 3);
        try (Vault vault = open(AccessLogOptions.builder().flushEvery(1).pruneEvery(1).maxAge(maxAge).build())) {
            vault.get("new");
        }
        assertEquals(List.of("get 'new'"), operationsAndKeys(everything()));
    }

    @Test
    void storesAKeyedHashInsteadOfTheKeyWhenGivenASecret() {
        try (Vault vault = open(AccessLogOptions.builder().hashKeys(SECRET).build())) {
            vault.put("card 4111", 1L);
            vault.get("card 4111");
            vault.get("other");
        }
        List<AccessLogEntry> log = everything();
        assertEquals(3, log.size());
        for (AccessLogEntry entry : log) {
            assertTrue(HASHED.matcher(entry.key()).matches(), entry.key());
            assertFalse(entry.key().contains("4111"));
        }
        assertEquals(log.get(0).key(), log.get(1).key(), "one key, one hash");
        assertFalse(log.get(1).key().equals(log.get(2).key()));
        assertEquals(io.github.vaults4j.rows.AccessLog.hashOf("card 4111", SECRET), log.get(0).key(),
                "whoever holds the secret finds a key's records");
        byte[] otherSecret = "another secret of 32 bytes, too!".getBytes(StandardCharsets.UTF_8);
        assertFalse(io.github.vaults4j.rows.AccessLog.hashOf("card 4111", otherSecret).equals(log.get(0).key()));
    }

    @Test
    void refusesAReadOnlyVaultAndAShortSecret() {
        assertThrows(IllegalArgumentException.class,
                () -> VaultOptions.builder().readOnly(true).accessLog(AccessLogOptions.defaults()).build());
        assertThrows(IllegalArgumentException.class, () -> AccessLogOptions.builder().hashKeys(new byte[8]).build());
        assertFalse(AccessLogOptions.builder().hashKeys(SECRET).build().toString().contains("secret"),
                "options never print their secret");
    }
}
