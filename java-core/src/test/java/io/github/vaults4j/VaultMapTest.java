package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import io.github.vaults4j.testing.PostgresCluster;
import io.github.vaults4j.testing.StoreKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link java.util.Map} and {@link java.util.concurrent.ConcurrentMap} contract, on each store: a real file
 * and a real PostgreSQL server.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class VaultMapTest {
    @Parameter
    StoreKind store;
    @TempDir
    Path dir;
    Vaults root;
    Vault vault;

    @BeforeEach
    void open() {
        root = store.emptyRoot(dir);
        vault = root.open("map");
    }

    @AfterEach
    void close() {
        vault.close();
        root.close();
    }

    @Test
    void putGetRemoveRoundTrip() {
        assertNull(vault.put("a", 1L));
        assertEquals(1L, vault.put("a", 2L));
        assertEquals(2L, vault.get("a"));
        assertEquals(2L, vault.remove("a"));
        assertNull(vault.get("a"));
        assertFalse(vault.containsKey("a"));
        assertNull(vault.remove("a"));
    }

    @Test
    void storedNoneIsPresentButReadsAsNull() {
        vault.put("none", null);
        assertNull(vault.get("none"));
        assertTrue(vault.containsKey("none"));
        assertEquals("fallback", vault.getOrDefault("missing", "fallback"));
        assertEquals(1, vault.size());
    }

    @Test
    void integerKeysAndJavaNumberTypesMapToPythonInts() {
        vault.put(7, "seven");
        assertEquals("seven", vault.get(7L), "Integer 7 and Long 7 are the same Python int");
        assertTrue(vault.containsKey((short) 7));
    }

    @Test
    void equalsAndHashCodeFollowTheMapContract() {
        Map<Object, Object> expected = new HashMap<>();
        for (long i = 0; i < 10; i++) {
            vault.put("k" + i, i);
            expected.put("k" + i, i);
        }
        assertEquals(expected, vault);
        assertEquals(vault, expected);
        assertEquals(expected.hashCode(), vault.hashCode());
        assertEquals(expected.keySet(), vault.keySet());
        assertEquals(expected.entrySet(), vault.entrySet());
    }

    @Test
    void iterationStreamsEveryRowInInsertionOrderAcrossPages() {
        Map<Object, Object> items = new LinkedHashMap<>();
        for (long i = 0; i < 1000; i++) {
            items.put("key-" + i, i);
        }
        vault.putMany(items);
        List<Object> keys = new ArrayList<>(vault.keySet());
        assertEquals(new ArrayList<>(items.keySet()), keys);
        long sum = 0;
        for (Object value : vault.values()) {
            sum += (Long) value;
        }
        assertEquals(999L * 1000 / 2, sum);
    }

    @Test
    void iteratorRemoveAndEntrySetValueWriteThrough() {
        vault.putMany(Map.of("a", 1L, "b", 2L, "c", 3L));
        Iterator<Map.Entry<Object, Object>> it = vault.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Object, Object> entry = it.next();
            if (entry.getKey().equals("b")) {
                it.remove();
            } else {
                entry.setValue((Long) entry.getValue() * 10);
            }
        }
        assertEquals(Map.of("a", 10L, "c", 30L), new HashMap<>(vault));
        assertThrows(IllegalStateException.class, () -> vault.keySet().iterator().remove());
        try (Vault emptyVault = root.open("empty")) {
            Iterator<Object> empty = emptyVault.keySet().iterator();
            assertFalse(empty.hasNext());
            assertThrows(NoSuchElementException.class, empty::next);
        }
    }

    @Test
    void iterationToleratesWritesWhileItRuns() {
        for (long i = 0; i < 600; i++) {
            vault.put("k" + i, i);
        }
        int seen = 0;
        for (Object key : vault.keySet()) {
            vault.put(key, -1L);          // updates keep the rowid: each row is still seen once
            seen++;
        }
        assertEquals(600, seen);
        assertTrue(vault.values().stream().allMatch(v -> v.equals(-1L)));
    }

    @Test
    void viewsRemoveAndContain() {
        vault.putMany(Map.of("a", 1L, "b", 2L));
        assertTrue(vault.keySet().contains("a"));
        assertTrue(vault.entrySet().contains(Map.entry("b", 2L)));
        assertFalse(vault.entrySet().contains(Map.entry("b", 3L)));
        assertTrue(vault.keySet().remove("a"));
        assertFalse(vault.keySet().remove("a"));
        assertFalse(vault.entrySet().remove(Map.entry("b", 3L)));
        assertTrue(vault.entrySet().remove(Map.entry("b", 2L)));
        assertTrue(vault.isEmpty());
    }

    @Test
    void concurrentMapOperationsAreConditional() {
        assertNull(vault.putIfAbsent("k", 1L));
        assertEquals(1L, vault.putIfAbsent("k", 2L));
        assertFalse(vault.replace("k", 5L, 6L));
        assertTrue(vault.replace("k", 1L, 6L));
        assertEquals(6L, vault.replace("k", 7L));
        assertNull(vault.replace("absent", 1L));
        assertFalse(vault.containsKey("absent"));
        assertFalse(vault.remove("k", 8L));
        assertTrue(vault.remove("k", 7L));
        assertEquals(3L, vault.merge("m", 3L, (a, b) -> (Long) a + (Long) b));
        assertEquals(5L, vault.merge("m", 2L, (a, b) -> (Long) a + (Long) b));
        assertEquals(10L, vault.compute("m", (k, v) -> (Long) v * 2));
        assertEquals(1L, vault.computeIfAbsent("n", k -> 1L));
    }

    @Test
    void bytesKeysAreFoundByContent() {
        vault.put(new byte[] {1, 2, 3}, "bytes");
        assertEquals("bytes", vault.get(new byte[] {1, 2, 3}));
        assertFalse(vault.containsKey("\u0001\u0002\u0003"), "bytes and str are different Python keys");
    }

    @Test
    void closedVaultRefusesCalls() {
        vault.close();
        vault.close();
        assertThrows(IllegalStateException.class, () -> vault.get("a"));
    }

    @Test
    void toStringNamesTheVault() {
        String location = store == StoreKind.FILE ? dir.resolve("vaults/map.db").toAbsolutePath().toString()
                : root.location() + "#map";
        assertEquals(location, vault.location());
        assertEquals("Vault('map', " + location + ")", vault.toString());
        assertEquals("map", vault.name());
        assertFalse(vault.toString().contains(PostgresCluster.PASSWORD), "no password in " + vault);
    }
}
