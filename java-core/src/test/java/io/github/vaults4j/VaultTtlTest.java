package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.rows.ExpiringPages;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.testing.StoreKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Time to live on each store: expired entries are invisible to every read, plain writes make a key permanent again,
 * deletes take the expiry with them, and cleanup removes what has expired. Time is a hand-advanced clock in the
 * options, so nothing sleeps.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class VaultTtlTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Parameter
    StoreKind store;
    @TempDir
    Path dir;
    Vaults root;
    Vault vault;
    final ManualClock clock = new ManualClock();

    @BeforeEach
    void open() {
        root = store.emptyRoot(dir);
        vault = root.open("ttl", VaultOptions.builder().clock(clock).build());
    }

    @AfterEach
    void close() {
        vault.close();
        root.close();
    }

    @Test
    void anExpiredEntryIsInvisibleToEveryRead() {
        vault.put("keep", 1L);
        vault.put("gone", 2L, MINUTE);
        vault.put("later", 3L, MINUTE.multipliedBy(2));
        assertEquals(2L, vault.get("gone"));
        assertEquals(3, vault.size());
        clock.advance(MINUTE);
        assertNull(vault.get("gone"));
        assertFalse(vault.containsKey("gone"));
        assertEquals(2, vault.size());
        assertEquals(List.of("keep", "later"), new ArrayList<>(vault.keySet()));
        assertEquals(Map.of("keep", 1L, "later", 3L), new LinkedHashMap<>(vault));
        assertEquals(Map.of("keep", 1L, "later", 3L), vault.getMany(List.of("keep", "gone", "later")));
        assertFalse(vault.hasKeys(List.of("keep", "gone")));
        assertEquals(Map.entry("later", 3L), vault.popItem());
        clock.advance(MINUTE);
        assertEquals(Map.of("keep", 1L), new LinkedHashMap<>(vault));
    }

    @Test
    void ttlTellsTheTimeLeftAndEmptyWithoutOne() {
        vault.put("plain", 1L);
        vault.put("short", 2L, MINUTE);
        assertEquals(Optional.of(MINUTE), vault.ttl("short"));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Optional.of(Duration.ofSeconds(40)), vault.ttl("short"));
        assertEquals(Optional.empty(), vault.ttl("plain"));
        assertEquals(Optional.empty(), vault.ttl("missing"));
        clock.advance(MINUTE);
        assertEquals(Optional.empty(), vault.ttl("short"));
    }

    @Test
    void aPlainPutMakesTheKeyPermanentAgain() {
        vault.put("k", 1L, MINUTE);
        assertEquals(1L, vault.put("k", 2L));
        clock.advance(MINUTE.multipliedBy(5));
        assertEquals(2L, vault.get("k"));
        assertEquals(Optional.empty(), vault.ttl("k"));
        vault.put("s", 1L, MINUTE);
        vault.set("s", 2L);
        vault.put("m", 1L, MINUTE);
        vault.putMany(Map.of("m", 2L));
        clock.advance(MINUTE.multipliedBy(5));
        assertEquals(2L, vault.get("s"));
        assertEquals(2L, vault.get("m"));
    }

    @Test
    void anExpiredKeyCanBeWrittenAgainByEveryWrite() {
        vault.put("a", 1L, MINUTE);
        vault.put("b", 1L, MINUTE);
        vault.put("c", 1L, MINUTE);
        vault.put("d", 1L, MINUTE);
        clock.advance(MINUTE);
        assertNull(vault.putIfAbsent("a", 2L), "an expired key is absent");
        assertEquals(2L, vault.setDefault("b", 2L));
        assertNull(vault.put("c", 2L), "the expired value is not the previous one");
        assertNull(vault.replace("d", 2L), "an expired key is not replaced");
        assertFalse(vault.containsKey("d"));
        assertEquals(Map.of("a", 2L, "b", 2L, "c", 2L), new LinkedHashMap<>(vault));
        clock.advance(MINUTE.multipliedBy(5));
        assertEquals(3, vault.size(), "rewritten keys have no time to live left");
    }

    @Test
    void touchGivesAnExistingKeyANewTimeToLive() {
        vault.put("k", 1L, MINUTE);
        vault.put("plain", 1L);
        clock.advance(Duration.ofSeconds(50));
        assertTrue(vault.touch("k", MINUTE));
        assertTrue(vault.touch("plain", MINUTE));
        assertFalse(vault.touch("missing", MINUTE));
        clock.advance(Duration.ofSeconds(50));
        assertEquals(1L, vault.get("k"));
        clock.advance(Duration.ofSeconds(10));
        assertNull(vault.get("k"));
        assertNull(vault.get("plain"));
        assertFalse(vault.touch("k", MINUTE), "an expired key does not exist");
    }

    @Test
    void cleanupRemovesTheExpiredOnly() {
        assertEquals(0, vault.cleanupExpired(), "a vault that never had a time to live");
        vault.put("keep", 1L);
        for (int i = 0; i < 5; i++) {
            vault.put("gone" + i, (long) i, MINUTE);
        }
        vault.put("later", 1L, MINUTE.multipliedBy(3));
        assertEquals(0, vault.cleanupExpired());
        clock.advance(MINUTE);
        assertEquals(5, vault.cleanupExpired());
        assertEquals(0, vault.cleanupExpired());
        assertEquals(2, vault.size());
        assertEquals(Optional.of(MINUTE.multipliedBy(2)), vault.ttl("later"));
    }

    @Test
    void deletingAKeyDeletesItsExpiry() {
        vault.put("k", 1L, MINUTE);
        vault.remove("k");
        vault.put("k", 2L);
        clock.advance(MINUTE);
        assertEquals(2L, vault.get("k"), "the old expiry did not outlive its row");
        vault.put("x", 1L, MINUTE);
        vault.clear();
        vault.put("x", 2L);
        clock.advance(MINUTE);
        assertEquals(2L, vault.get("x"));
    }

    @Test
    void aFailedTransactionLeavesNoExpiryBehind() {
        vault.put("k", 1L);
        assertThrows(IllegalStateException.class, () -> vault.transaction(v -> {
            v.put("k", 2L, MINUTE);
            v.put("n", 3L, MINUTE);
            throw new IllegalStateException("rolled back");
        }));
        clock.advance(MINUTE);
        assertEquals(1L, vault.get("k"));
        assertFalse(vault.containsKey("n"));
        vault.transaction(v -> {
            v.put("k", 2L, MINUTE);
            v.put("n", 3L, MINUTE);
        });
        assertEquals(2, vault.size());
        clock.advance(MINUTE);
        assertEquals(0, vault.size());
    }

    @Test
    void aTtlMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> vault.put("k", 1L, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> vault.touch("k", Duration.ofSeconds(-1)));
        assertFalse(vault.containsKey("k"));
    }

    @Test
    void anotherReaderOfTheSameVaultSeesTheExpiry() {
        vault.put("k", 1L, MINUTE);
        try (Vault reader = root.open("ttl", VaultOptions.builder().clock(clock).readCacheSize(16).build())) {
            assertEquals(1L, reader.get("k"));
            assertEquals(1L, reader.get("k"));
            clock.advance(MINUTE);
            assertNull(reader.get("k"), "the read cache does not keep an entry past its expiry");
            assertEquals(0, reader.size());
        }
    }

    @Test
    void aReaderOpenedBeforeTheFirstTtlSeesTheExpiryToo() {
        vault.put("plain", 1L);
        vault.put("other", 2L);
        try (Vault reader = root.open("ttl", VaultOptions.builder().clock(clock).build())) {
            // The reader learns the vault without expiry times first, through every kind of read.
            assertEquals(2, reader.size());
            assertEquals(List.of("plain", "other"), new ArrayList<>(reader.keySet()));
            assertEquals(1L, reader.get("plain"));
            vault.put("gone", 3L, MINUTE);
            vault.touch("other", MINUTE);
            clock.advance(MINUTE);
            assertEquals(List.of("plain"), new ArrayList<>(reader.keySet()));
            assertNull(reader.get("gone"));
            assertFalse(reader.containsKey("other"));
            assertEquals(1, reader.size());
            assertEquals(Map.entry("plain", 1L), reader.popItem());
            assertTrue(reader.isEmpty());
        }
    }

    @Test
    void theBackgroundSweepRemovesExpiredEntries() throws InterruptedException {
        vault.put("k", 1L, MINUTE);
        clock.advance(MINUTE);
        VaultOptions sweeping = VaultOptions.builder().clock(clock).expirySweep(Duration.ofMillis(5)).build();
        try (Vault swept = root.open("ttl", sweeping)) {
            // The sweep runs on its own thread: wait for its effect (as long as it takes), never for a time.
            while (rowsIncludingExpired() > 0) {
                Thread.sleep(5);
            }
        }
        assertEquals(0, rowsIncludingExpired());
    }

    /**
     * The tools read expiry times a page at a time: over more than one page, every row gets its own time, in the
     * rows' order, and a row without one gets none (on a server this is one statement a page).
     */
    @Test
    void eachPageCarriesTheExpiryTimeOfEachOfItsRows() {
        int rows = RowCursor.PAGE_SIZE * 2 + 10;
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            if (i % 3 == 0) {
                vault.put("k" + i, (long) i, MINUTE.multipliedBy(i + 1));
                expected.put("k" + i, clock.millis() + MINUTE.multipliedBy(i + 1).toMillis());
            } else {
                vault.put("k" + i, (long) i);
                expected.put("k" + i, null);
            }
        }
        Map<String, Long> read = new LinkedHashMap<>();
        RowCodec decoder = new RowCodec(vault.store().location(), Stores.READ_ONLY, null);
        vault.store().readTransaction(session -> {
            ExpiringPages pages = new ExpiringPages(session, false);
            return new RowCursor(pages).forEach(row -> read.put((String) decoder.key(row), pages.expiresAt(row)),
                    done -> { });
        });
        assertEquals(expected, read);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(read.keySet()), "the rows' order");
    }

    /** Rows the store holds, the expired ones included: what only a cleanup changes. */
    private long rowsIncludingExpired() {
        clock.rewind();
        try {
            return vault.count();
        } finally {
            clock.forward();
        }
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile long millis = 1_800_000_000_000L;
        private volatile long rewound;

        void advance(Duration by) {
            millis += by.toMillis();
        }

        /** Back to the start, to see what the store still holds; {@link #forward} undoes it. */
        synchronized void rewind() {
            rewound = millis;
            millis = 0;
        }

        synchronized void forward() {
            millis = rewound;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
