package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.testing.CPythonPeer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage options of {@link VaultOptions}: what each one does to the file and to other processes. */
class StorageOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private static JsonNode peerGet(Path file, String typedKey) throws Exception {
        CPythonPeer.Result result = CPythonPeer.run("get", file.toString(), typedKey).requireSuccess();
        return JSON.readTree(result.stdout().get(result.stdout().size() - 1));
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
        try (Vault vault = Vault.open(file, VaultOptions.builder().exclusive(true).maxConnections(4).build())) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        vault.put("t" + id + "/" + i, (long) i);
                        assertEquals((long) i, vault.get("t" + id + "/" + i));
                    }
                });
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(200, vault.size());
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

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> VaultOptions.builder().readCacheSize(-1).build());
        assertThrows(NullPointerException.class, () -> VaultOptions.builder().synchronous(null).build());
        VaultOptions all = VaultOptions.builder().wal(true).synchronous(Synchronous.NORMAL).exclusive(true)
                .readCacheSize(10).build();
        assertEquals(all, all.toBuilder().build());
    }
}
