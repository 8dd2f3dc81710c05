package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.storage.StoreProbe;
import io.github.vaults4j.testing.CPythonPeer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage options of {@link VaultOptions}: what each one does to the file and to other processes. */
class StorageOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private static JsonNode peerGet(Path file, String typedKey) throws Exception {
        return JSON.readTree(CPythonPeer.run("get", file.toString(), typedKey).requireSuccess().lastLine());
    }

    private static String pragma(Path file, VaultOptions options, String pragma) {
        try (SqliteStore store = SqliteStore.open(file, options, List.of())) {
            return store.pragma(pragma);
        }
    }

    @Test
    void walVaultIsWalOnDiskAndReadableByCPython() throws Exception {
        Path file = folder.resolve("wal.db");
        try (Vault vault = Vault.open(file, VaultOptions.builder().wal(true).build())) {
            vault.put("greeting", "hello");
            vault.put("n", 5L);
            // While Java holds the file open, CPython reads through the WAL.
            assertEquals("hello", peerGet(file, "\"greeting\"").get("value").asText());
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = raw.createStatement()) {
            assertEquals("wal", statement.executeQuery("PRAGMA journal_mode").getString(1));
        }
        JsonNode n = peerGet(file, "\"n\"");
        assertTrue(n.get("found").asBoolean());
        assertEquals("5", n.get("value").get("int").asText());
    }

    @Test
    void defaultOptionsLeaveTheJournalModeAsTheFileHasIt() {
        Path file = folder.resolve("plain.db");
        try (Vault vault = Vault.open(file)) {
            vault.put("k", "v");
        }
        assertEquals("delete", pragma(file, VaultOptions.defaults(), "journal_mode"));
        try (Vault vault = Vault.open(file, VaultOptions.builder().wal(true).build())) {
            vault.put("k", "w");
        }
        // WAL is a property of the file: a later default open keeps it.
        assertEquals("wal", pragma(file, VaultOptions.defaults(), "journal_mode"));
    }

    @Test
    void synchronousNormalIsSetOnTheConnectionsAndKeepsData() {
        Path file = folder.resolve("normal.db");
        VaultOptions normal = VaultOptions.builder().wal(true).synchronous(Synchronous.NORMAL).build();
        assertEquals("1", pragma(file, normal, "synchronous"));
        assertEquals("2", pragma(file, VaultOptions.defaults(), "synchronous"));
        try (Vault vault = Vault.open(file, normal)) {
            vault.put("k", 1L);
        }
        try (Vault vault = Vault.open(file)) {
            assertEquals(1L, vault.get("k"));
        }
    }

    @Test
    void exclusiveVaultLocksOtherConnectionsOutUntilClosed() throws Exception {
        Path file = folder.resolve("exclusive.db");
        try (Vault seed = Vault.open(file)) {
            seed.put("k", "before");
        }
        try (Vault vault = Vault.open(file, VaultOptions.builder().exclusive(true).build())) {
            assertEquals("before", vault.get("k"));
            vault.put("k", "during");
            assertEquals("during", vault.get("k"));
            SQLException locked = assertThrows(SQLException.class, () -> countRows(file));
            assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
        }
        assertEquals(1, countRows(file));
        assertEquals("during", peerGet(file, "\"k\"").get("value").asText());
    }

    @Test
    void exclusiveVaultServesManyThreadsOnItsOneConnection() throws Exception {
        Path file = folder.resolve("threads.db");
        int threads = 4;
        int writesPerThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Vault vault = Vault.open(file, VaultOptions.builder().exclusive(true).maxConnections(threads).build())) {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < writesPerThread; i++) {
                        vault.put("t" + id + "/" + i, (long) i);
                        assertEquals((long) i, vault.get("t" + id + "/" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);   // an assertion failed in a thread fails the test here
            }
            assertEquals(threads * writesPerThread, vault.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int countRows(Path file) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            return statement.executeQuery("SELECT count(*) FROM dict").getInt(1);
        }
    }

    @Test
    void readCacheSeesWhatCPythonWritesBetweenTwoReads() {
        Path file = folder.resolve("cached.db");
        VaultOptions cached = VaultOptions.builder().readCacheSize(100).build();
        try (Vault vault = Vault.open(file, cached)) {
            vault.put("k", 1L);
            assertEquals(1L, vault.get("k"));
            assertEquals(1L, vault.get("k"));   // answered from the cache
            assertNull(vault.get("absent"));    // a miss is cached too
            assertFalse(vault.containsKey("absent"));

            CPythonPeer.run("put", file.toString(), "\"k\"", "{\"int\":\"5\"}").requireSuccess();
            CPythonPeer.run("put", file.toString(), "\"absent\"", "{\"int\":\"7\"}").requireSuccess();

            assertEquals(5L, vault.get("k"));
            assertTrue(vault.containsKey("absent"));
            assertEquals(7L, vault.get("absent"));
        }
    }

    @Test
    void readCacheSeesWritesOfAnotherVaultInThisProcessAndOfItsOwn() {
        Path file = folder.resolve("cached2.db");
        try (Vault cached = Vault.open(file, VaultOptions.builder().readCacheSize(100).build());
             Vault other = Vault.open(file)) {
            cached.put("k", "a");
            assertEquals("a", cached.get("k"));
            other.put("k", "b");
            assertEquals("b", cached.get("k"));
            cached.put("k", "c");
            assertEquals("c", cached.get("k"));
            other.remove("k");
            assertNull(cached.get("k"));
            assertFalse(cached.containsKey("k"));
            cached.putMany(Map.of("k", "d"));
            assertEquals("d", cached.get("k"));
        }
    }

    @Test
    void readCacheInsideATransactionSeesTheTransactionsOwnWrites() {
        Path file = folder.resolve("cached3.db");
        try (Vault vault = Vault.open(file, VaultOptions.builder().readCacheSize(100).build())) {
            vault.put("k", "before");
            assertEquals("before", vault.get("k"));
            vault.transaction(v -> {
                v.put("k", "inside");
                assertEquals("inside", v.get("k"));
            });
            assertEquals("inside", vault.get("k"));
        }
    }

    /**
     * The read cache at work, seen from SQLite: the virtual-machine instructions the vault's one connection runs
     * for a get. A cached read runs only the {@code data_version} check, far less than the key search of a
     * miss; the cache holds {@code readCacheSize} lookups and no more (the least recently used goes first); and
     * without the option, a repeated read runs the whole search again.
     */
    @Test
    void aCachedReadRunsNoKeySearchAndTheCacheHoldsReadCacheSizeLookups() throws Exception {
        Path file = folder.resolve("steps.db");
        try (Vault vault = Vault.open(file, VaultOptions.builder().readCacheSize(2).maxConnections(1).build())) {
            vault.putAll(Map.of("a", 1L, "b", 2L, "c", 3L));
            VmSteps steps = VmSteps.of(vault);
            // The connection's first lookup also learns which key encodings the file holds: not measured.
            vault.get("c");
            long miss = steps.count(() -> assertEquals(1L, vault.get("a")));
            long hit = steps.count(() -> assertEquals(1L, vault.get("a")));
            System.out.printf("StorageOptionsTest: SQLite instructions of a get, cache miss %d, cache hit %d%n", miss, hit);
            assertTrue(hit * 2 < miss, "a cached get ran " + hit + " SQLite instructions, the first one " + miss);
            long containsHit = steps.count(() -> assertTrue(vault.containsKey("a")));
            assertTrue(containsHit * 2 < miss, "a cached containsKey ran " + containsHit + " instructions");

            steps.count(() -> vault.get("b"));
            steps.count(() -> vault.get("c"));   // the third lookup: "a" was used least recently and leaves
            long evicted = steps.count(() -> assertEquals(1L, vault.get("a")));
            assertTrue(evicted > hit * 2, "after two other keys, a get of the evicted key ran " + evicted
                    + " instructions, a cached one " + hit);
            long cachedAgain = steps.count(() -> assertEquals(3L, vault.get("c")));
            assertTrue(cachedAgain * 2 < miss, "the most recent lookups stay cached: " + cachedAgain);
        }
        try (Vault vault = Vault.open(file, VaultOptions.builder().maxConnections(1).build())) {
            VmSteps steps = VmSteps.of(vault);
            vault.get("c");
            long first = steps.count(() -> vault.get("a"));
            long second = steps.count(() -> vault.get("a"));
            assertTrue(second * 2 > first, "without a read cache every get searches: " + first + ", then " + second);
        }
    }

    /** Counts the SQLite virtual-machine instructions of a vault with one connection, through a progress handler. */
    private static final class VmSteps {
        private final AtomicLong steps = new AtomicLong();

        static VmSteps of(Vault vault) {
            VmSteps counter = new VmSteps();
            StoreProbe.onEveryInstruction(vault.store(), counter.steps::incrementAndGet);
            return counter;
        }

        long count(Runnable operation) {
            long before = steps.get();
            operation.run();
            return steps.get() - before;
        }
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> VaultOptions.builder().readCacheSize(-1).build());
        assertThrows(NullPointerException.class, () -> VaultOptions.builder().synchronous(null).build());
        VaultOptions all = VaultOptions.builder().wal(true).synchronous(Synchronous.NORMAL).exclusive(true)
                .readCacheSize(10).build();
        assertEquals(all, all.toBuilder().build());
    }
}
