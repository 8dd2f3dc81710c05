package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.Format;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import io.github.vaults4j.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that share parts and contain themselves, written by CPython into a real vault file
 * (compat-fixtures/shared_values.py): read with sharing kept, compared, printed, measured and written back
 * as CPython does, each in time that follows the stored bytes. The timeouts only stop a hang (the code before
 * these walkers were iterative ran for minutes or overflowed the stack); they measure nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedAndCyclicValuesTest {
    private static final WriteProfile MSGPACK = new WriteProfile(Format.MSGPACK, 4);
    private static final int SHARED_LEVELS = 40;

    @TempDir
    static Path dir;
    static Path file;
    static JsonNode python;

    @BeforeAll
    static void writeWithCPython() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("vaults"));
        file = dir.resolve("vaults").resolve("shared.db");
        Process p = new ProcessBuilder("/usr/bin/python3", RepoFiles.fixture("shared_values.py").toString(),
                file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "shared_values.py failed");
        python = new ObjectMapper().readTree(out);
    }

    private static Object get(String key) {
        try (Vault v = Vault.open(file)) {
            return v.get(key);
        }
    }

    private static byte[] cell(String key) {
        return Base64.getDecoder().decode(python.get(key).get("cell").asText());
    }

    @Test
    void aSharedValueReadsWithItsSharingKept() {
        Object x = get("shared");
        for (int level = 0; level < SHARED_LEVELS; level++) {
            List<?> pair = (List<?>) x;
            assertEquals(2, pair.size());
            assertSame(pair.get(0), pair.get(1), "level " + level);
            x = pair.get(0);
        }
        assertEquals(List.of("a"), x);
    }

    @Test
    void selfContainingValuesReadAsCycles() {
        List<?> l = (List<?>) get("self_list");
        assertSame(l, l.get(0));
        Map<?, ?> d = (Map<?, ?>) get("self_dict");
        assertSame(d, d.get("self"));
        List<?> a = (List<?>) get("cycle_pair");
        assertSame(a, ((Map<?, ?>) a.get(1)).get("a"));
        PyTuple t = (PyTuple) get("tuple_cycle");
        assertSame(t, ((List<?>) t.get(0)).get(0));
    }

    @Test
    void reprPrintsCyclesAsCPythonDoes() {
        for (String key : List.of("self_list", "self_dict", "cycle_pair", "tuple_cycle", "shared_small")) {
            assertEquals(python.get(key).get("repr").asText(), Values.repr(get(key)), key);
        }
    }

    @Test
    void reprOfAHugelySharedValueIsCutWithAMarker() {
        String repr = Values.repr(get("shared"));
        assertTrue(repr.startsWith("[[[[[[[["), repr.substring(0, 20));
        assertTrue(repr.endsWith("... <repr cut at " + Values.MAX_REPR_CHARS + " characters>"));
        assertTrue(repr.length() < Values.MAX_REPR_CHARS + 100);
        assertEquals(Values.SHORT_REPR_CHARS, Values.shortRepr(get("shared")).length());
    }

    @Test
    void pickleWriterGivesBackCPythonsBytes() {
        for (String key : List.of("shared", "self_list", "self_dict", "cycle_pair", "tuple_cycle")) {
            byte[] stored = cell(key);
            Object value = Cells.decode(stored, 1000);
            assertArrayEquals(stored, Cells.encode(value, MSGPACK), key + ": the module's fallback to pickle");
        }
    }

    @Test
    void aSharedValueThatExpandsLittleIsPackedAsMsgpackPythonPacksIt() {
        byte[] stored = cell("shared_small");
        assertEquals('M', stored[0]);
        assertArrayEquals(stored, Cells.encode(Cells.decode(stored, 1000), MSGPACK));
    }

    @Test
    void msgpackRefusesCyclesAndLargeExpansionsWithAFallbackToPickle() {
        for (String key : List.of("shared", "self_list", "self_dict", "cycle_pair")) {
            UnencodableException e = assertThrows(UnencodableException.class,
                    () -> MsgpackWriter.write(get(key)), key);
            assertTrue(e.fallbackToPickle(), key);
        }
    }

    @Test
    void equalityComparesEachPairOfPartsOnce() {
        assertTrue(Values.same(get("shared"), get("shared")));
        assertTrue(Values.same(get("self_dict"), get("self_dict")));
        assertTrue(Values.same(get("cycle_pair"), get("cycle_pair")));
        List<Object> other = new ArrayList<>();
        other.add(other);
        other.add(null);
        assertFalse(Values.same(get("self_list"), other));
        assertNotSame(get("self_list"), get("self_list"));
    }

    @Test
    void depthCountsDistinctContainers() {
        Object x = get("shared");
        assertFalse(Nesting.deeperThan(x, SHARED_LEVELS + 1));
        assertTrue(Nesting.deeperThan(x, SHARED_LEVELS));
        assertFalse(Nesting.deeperThan(get("self_list"), 1));
        assertFalse(Nesting.deeperThan(get("self_dict"), 1));
    }

    @Test
    void theVaultStoresCyclicAndSharedValuesAsCPythonDoes() {
        try (Vault v = Vault.open(file)) {
            for (String key : List.of("self_list", "self_dict", "shared")) {
                Object value = v.get(key);
                v.put(key + "_again", value);
                assertTrue(Values.same(value, v.get(key + "_again")), key);
            }
        }
    }
}
