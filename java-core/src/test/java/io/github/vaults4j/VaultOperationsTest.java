package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import io.github.vaults4j.testing.StoreKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The Python module's operations under their Java names, and transactions, on a file and on PostgreSQL. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class VaultOperationsTest {
    @Parameter
    StoreKind store;
    @TempDir
    Path dir;
    Vaults root;
    Vault vault;

    @BeforeEach
    void open() {
        root = store.emptyRoot(dir);
        vault = root.open("ops");
    }

    @AfterEach
    void close() {
        vault.close();
        root.close();
    }

    @Test
    void putManyGetManyPopManyHasKeys() {
        Map<Object, Object> items = new LinkedHashMap<>();
        items.put("a", 1L);
        items.put("b", null);
        items.put("c", List.of("x", "y"));
        assertEquals(3, vault.putMany(items));
        assertEquals(Map.of("a", 1L, "c", List.of("x", "y")),
                Map.copyOf(withoutNulls(vault.getMany(List.of("a", "c", "missing")))));
        assertTrue(vault.getMany(List.of("b")).containsKey("b"), "a stored None exists");
        assertTrue(vault.hasKeys(List.of("a", "b")));
        assertFalse(vault.hasKeys(List.of("a", "missing")));
        assertTrue(vault.hasKeys(List.of()), "an empty list has all its keys, as in Python");
        Map<Object, Object> popped = vault.popMany(List.of("a", "missing"));
        assertEquals(Map.of("a", 1L), popped);
        assertFalse(vault.containsKey("a"));
        assertEquals(2, vault.size());
    }

    private static Map<Object, Object> withoutNulls(Map<Object, Object> map) {
        map.values().removeIf(v -> v == null);
        return map;
    }

    @Test
    void popItemTakesTheNewestRowAndFailsWhenEmpty() {
        vault.put("first", 1L);
        vault.put("second", 2L);
        assertEquals(Map.entry("second", 2L), vault.popItem());
        assertEquals(Map.entry("first", 1L), vault.popItem());
        assertThrows(NoSuchElementException.class, vault::popItem);
    }

    @Test
    void setDefaultStoresOnlyWhenMissing() {
        assertEquals("d", vault.setDefault("k", "d"));
        assertEquals("d", vault.setDefault("k", "other"));
        vault.put("none", null);
        assertEquals(null, vault.setDefault("none", "x"), "a stored None is kept, as the key exists");
    }

    @Test
    void transactionIsAllOrNothing() {
        vault.put("balance", 100L);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> vault.transaction(v -> {
            v.put("balance", 0L);
            v.put("log", "spent");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", failure.getMessage());
        assertEquals(100L, vault.get("balance"));
        assertFalse(vault.containsKey("log"));

        vault.transaction(v -> {
            v.put("balance", (Long) v.get("balance") - 10);
            v.putMany(Map.of("log", "paid"));
        });
        assertEquals(90L, vault.get("balance"));
        assertEquals("paid", vault.get("log"));
        assertEquals(2L, (long) vault.transactionResult(Vault::count));
    }

    @Test
    void putManyIsAtomicWhenAValueCannotBeEncoded() {
        Map<Object, Object> items = new LinkedHashMap<>();
        items.put("ok", 1L);
        items.put("bad", new Thread());
        UnsupportedValueException e = assertThrows(UnsupportedValueException.class, () -> vault.putMany(items));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
        assertTrue(e.getMessage().contains(vault.location()), e.getMessage());
        assertFalse(vault.containsKey("ok"));
    }

    @Test
    void clearAndDeleteVault() {
        vault.putMany(Map.of("a", 1L, "b", 2L));
        vault.clear();
        assertTrue(vault.isEmpty());
        vault.put("a", 1L);
        assertEquals(List.of("ops"), root.names());
        vault.deleteVault();
        assertEquals(List.of(), root.names());
        assertFalse(Files.exists(dir.resolve("vaults/ops.db")));
        assertThrows(IllegalStateException.class, () -> vault.get("a"));
    }
}
