package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * maxKeyBytes, maxValueBytes and maxDepth: on write a clear {@link LimitExceededException} and nothing
 * written (a whole putMany included); on read an error for that row only, every other row readable.
 */
class LimitsTest {
    private static final VaultOptions SMALL = VaultOptions.builder()
            .maxKeyBytes(64).maxValueBytes(1000).maxDepth(10).build();

    @TempDir
    Path dir;

    /** Lists nested {@code depth} deep around a string: depth 1 is a flat list. */
    private static Object nested(int depth) {
        Object value = "core";
        for (int i = 0; i < depth; i++) {
            value = new ArrayList<>(List.of(value));
        }
        return value;
    }

    @Test
    void writesOverALimitFailClearlyAndWriteNothing() {
        Path file = dir.resolve("limits.db");
        try (Vault vault = Vault.open(file, SMALL)) {
            vault.put("kept", "before");
            assertLimit(() -> vault.put("k".repeat(100), "v"), file, "key");
            assertLimit(() -> vault.put("big", "x".repeat(2000)), file, "value");
            assertLimit(() -> vault.put("deep", nested(11)), file, "nested deeper than 10");
            assertLimit(() -> vault.put("kept", "x".repeat(2000)), file, "value");
            vault.put("deep-enough", nested(10));

            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("a", "fine");
            batch.put("b", "x".repeat(2000));
            assertLimit(() -> vault.putMany(batch), file, "value");

            assertEquals(Map.of("kept", "before", "deep-enough", nested(10)), Map.copyOf(vault));
        }
    }

    @Test
    void aSelfReferentialValueIsStoredAsCPythonStoresItNotAStackOverflow() {
        // CPython pickles l = []; l.append(l) (msgpack refuses it); a cycle adds no depth to the limit.
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        try (Vault vault = Vault.open(dir.resolve("loop.db"), VaultOptions.builder().maxDepth(1).build())) {
            vault.put("loop", loop);
            List<?> back = (List<?>) vault.get("loop");
            assertSame(back, back.get(0));
        }
    }

    @Test
    void readsOverALimitFailForThatRowOnly() {
        Path file = dir.resolve("limits.db");
        String longKey = "k".repeat(100);
        try (Vault vault = Vault.open(file)) {
            vault.put("small", "fine");
            vault.put("big", "x".repeat(2000));
            vault.put("deep", nested(11));
            vault.put(longKey, "under a long key");
            vault.put("last", "fine too");
        }
        try (Vault vault = Vault.open(file, SMALL)) {
            assertEquals("fine", vault.get("small"));
            assertLimit(() -> vault.get("big"), file, "row 2");
            assertLimit(() -> vault.get("deep"), file, "row 3");

            List<Object> keys = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            Iterator<Map.Entry<Object, Object>> entries = vault.entrySet().iterator();
            for (int guard = 0; guard < 10 && entries.hasNext(); guard++) {
                try {
                    keys.add(entries.next().getKey());
                } catch (LimitExceededException e) {
                    failures.add(e.getMessage());
                }
            }
            assertEquals(List.of("small", "last"), keys);
            assertEquals(3, failures.size(), failures::toString);
            assertTrue(failures.get(0).contains("row 2") && failures.get(1).contains("row 3")
                    && failures.get(2).contains("row 4"), failures::toString);
        }
        // The rows are left as they are: a vault with the default limits still reads them.
        try (Vault vault = Vault.open(file)) {
            assertEquals(nested(11), vault.get("deep"));
            assertEquals("under a long key", vault.get(longKey));
        }
    }

    private static void assertLimit(org.junit.jupiter.api.function.Executable call, Path file, String mentions) {
        LimitExceededException e = assertThrows(LimitExceededException.class, call);
        assertTrue(e.getMessage().contains(file.toAbsolutePath().normalize().toString()), e::getMessage);
        assertTrue(e.getMessage().contains(mentions), e::getMessage);
        assertFalse(e.getMessage().isBlank());
    }

}
