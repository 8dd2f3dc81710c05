package io.github.vaults4j.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.codec.PickleWriter;
import io.github.vaults4j.testing.CPythonPeer;

/**
 * The marshal the bridge sends for plain values, loaded by a real CPython 3.11 next to the pickle of the same
 * value: both must give the same Python value, with the same sharing; values marshal cannot carry as Python
 * expects must be refused (the bridge then sends the pickle).
 */
class MarshalWriterTest {
    /** Loads OUT.marshal and OUT.pickle, prints whether they are equal in value, type and sharing (never a repr: the shared tree has 2**40 leaves). */
    private static final String COMPARE = """
            import marshal, pickle, sys
            m = marshal.loads(open(sys.argv[1] + '.marshal', 'rb').read())
            p = pickle.loads(open(sys.argv[1] + '.pickle', 'rb').read())
            def shape(v, seen):
                if id(v) in seen:
                    return ('ref', seen[id(v)])
                if isinstance(v, (list, dict, tuple, set, frozenset)):
                    seen[id(v)] = len(seen)
                if isinstance(v, dict):
                    return ('dict', [(shape(k, seen), shape(x, seen)) for k, x in v.items()])
                if isinstance(v, (list, tuple)):
                    return (type(v).__name__, [shape(x, seen) for x in v])
                if isinstance(v, (set, frozenset)):
                    return (type(v).__name__, sorted(repr(x) for x in v))
                return (type(v).__name__, repr(v))
            print(shape(m, {}) == shape(p, {}), shape(m, {})[:2] if type(m) is dict else type(m).__name__)
            """;

    @TempDir
    static Path folder;

    @BeforeAll
    static void peer() {
        CPythonPeer.requireInstalled();
    }

    private static String loadedByCPython(Object value, String name) throws Exception {
        String marshal = MarshalWriter.write(value);
        assertNotNull(marshal, "plain value refused: " + name);
        Path base = folder.resolve(name);
        Files.write(Path.of(base + ".marshal"), marshal.getBytes(StandardCharsets.ISO_8859_1));
        Files.write(Path.of(base + ".pickle"), PickleWriter.write(value, 4));
        Path script = folder.resolve("compare.py");
        Files.writeString(script, COMPARE);
        return CPythonPeer.python(script.toString(), base.toString()).requireSuccess().lastLine();
    }

    @Test
    void plainValuesLoadAsTheirPickleDoes() throws Exception {
        Map<Object, Object> record = new LinkedHashMap<>();
        record.put("zeta", "first key stays first");
        record.put("name", "répo-€-😀");
        record.put("updated", 1.7e9 + 0.25);
        record.put("enabled", true);
        record.put("nothing", null);
        record.put("tags", new ArrayList<>(List.of("python", "cli", "python")));
        record.put(7L, List.of(0L, -1L, 255L, 65536L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE, -5000000000L));
        record.put(PyTuple.of("k", 1L), "a tuple key");
        record.put("big", List.of(BigInteger.TWO.pow(64), BigInteger.TWO.pow(100).negate(), BigInteger.TEN.pow(40),
                BigInteger.valueOf(-3)));
        record.put("floats", Arrays.asList(-0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-310, 3.5f));
        record.put("bytes", List.of(new byte[0], new byte[] {0, (byte) 0x80, (byte) 0xFF}, "x".repeat(300)));
        record.put("sets", List.of(new LinkedHashSet<>(List.of(1L, 2L)), PyFrozenSet.of("a", "b"), new LinkedHashSet<>()));
        record.put("complex", new PyComplex(1.5, -2.0));
        record.put("tuples", PyTuple.of(PyTuple.of(), PyTuple.of(1L), new ArrayList<>(java.util.Collections.nCopies(300, 1L))));
        record.put("non-ascii long", "é".repeat(100));
        // Strs with '?', which is also what a lone surrogate becomes in UTF-8: they must still go as they are.
        record.put("query?", List.of("https://git.example.org/?q=1", "?", "é?", "?".repeat(300), "😀?"));
        String out = loadedByCPython(record, "plain");
        assertEquals("True", out.substring(0, 4), out);
    }

    @Test
    void sharedAndCyclicContainersKeepTheirSharing() throws Exception {
        Object x = new ArrayList<>(List.of("a"));
        for (int i = 0; i < 40; i++) {
            x = Arrays.asList(x, x);
        }
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(1L);
        cyclic.add(cyclic);
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("self", dict);
        String out = loadedByCPython(List.of(x, cyclic, dict, PyTuple.of(cyclic, cyclic)), "shared");
        assertEquals("True", out.substring(0, 4), out);
    }

    @Test
    void whatMarshalCannotCarryIsRefused() {
        assertNull(MarshalWriter.write(Map.of("when", LocalDate.of(2026, 12, 2))), "a date");
        assertNull(MarshalWriter.write(List.of(PyObject.global("myapp", "Thing"))), "an object");
        assertNull(MarshalWriter.write(List.of("lone \uD800 surrogate")), "a lone surrogate");
        // As many UTF-8 bytes as chars (the surrogate becomes '?'), with a real '?' beside it, or alone.
        assertNull(MarshalWriter.write(List.of("what? \uD800")), "a lone surrogate beside a '?'");
        assertNull(MarshalWriter.write("\uDC00"), "a lone low surrogate alone");
        assertNull(MarshalWriter.write(new java.math.BigDecimal("1.5")), "a Decimal");
        List<Object> holder = new ArrayList<>();
        PyTuple selfContaining = PyTuple.of(holder);
        holder.add(selfContaining);
        assertNull(MarshalWriter.write(selfContaining), "a tuple that contains itself");
        Object deep = 1L;
        for (int i = 0; i < MarshalWriter.MAX_DEPTH + 1; i++) {
            deep = List.of(deep);
        }
        assertNull(MarshalWriter.write(deep), "nesting beyond the depth limit");
        assertNotNull(MarshalWriter.write(List.of("paired \uD83D\uDE00 surrogates")));
    }
}
