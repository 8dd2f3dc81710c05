package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.TypedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares every codec with the real CPython 3.11 and msgpack-python 1.0.3, in both directions: Java writes
 * the bytes CPython writes, and reading CPython's bytes gives the value back, which re-encodes to the same
 * bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CPythonDifferentialTest {
    private static final int MAX_DEPTH = 1000;
    private CodecPeer python;

    @BeforeAll
    void start(@TempDir Path scripts) throws IOException {
        python = new CodecPeer(scripts);
    }

    @AfterAll
    void stop() {
        python.close();
    }

    /**
     * {@code codec_peer.py} (a test resource) in one CPython process for the whole class: the value's encodings
     * as CPython writes them, asked one JSON line at a time.
     */
    private static final class CodecPeer implements AutoCloseable {
        // Escaped non-ASCII keeps unpaired surrogates intact on the way to Python and back; deeply nested test
        // values need more than Jackson's default nesting limits.
        private static final int MAX_JSON_DEPTH = 10_000;
        private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
                .build())
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
        private final CPythonPeer.Session session;

        CodecPeer(Path dir) throws IOException {
            for (String script : new String[] {"codec_peer.py", "fixture_classes.py"}) {
                try (InputStream s = CodecPeer.class.getResourceAsStream("/" + script)) {
                    Files.copy(s, dir.resolve(script));
                }
            }
            session = new CPythonPeer.Session(dir.resolve("codec_peer.py"));
        }

        JsonNode ask(ObjectNode request) throws IOException {
            JsonNode reply = JSON.readTree(session.ask(JSON.writeValueAsString(request)));
            if (reply.has("error")) {
                throw new IllegalStateException("CPython peer: " + reply.get("error").asText() + " for " + request);
            }
            return reply;
        }

        JsonNode encode(JsonNode typedValue) throws IOException {
            ObjectNode r = JSON.createObjectNode().put("op", "encode");
            r.set("value", typedValue);
            return ask(r);
        }

        JsonNode fixture(String name) throws IOException {
            return ask(JSON.createObjectNode().put("op", "fixture").put("name", name));
        }

        byte[] repickle(byte[] pickle) throws IOException {
            return unhex(ask(JSON.createObjectNode().put("op", "repickle").put("pickle", hex(pickle))).get("pickle").asText());
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] unhex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** All four pickle protocols and msgpack, both directions, for one value. */
    private void assertLikeCPython(Object generated) throws IOException {
        JsonNode expected = python.encode(TypedJson.toJson(generated));
        // The value as CPython holds it: same content, but sets in CPython's iteration order.
        Object value = TypedJson.toJava(expected.get("typed"));
        for (int p = 2; p <= 5; p++) {
            byte[] cpython = unhex(expected.get("pickle" + p).asText());
            String where = "protocol " + p + " for " + abbreviate(value);
            assertEquals(hex(cpython), hex(PickleWriter.write(value, p)), "Java writes, " + where);
            Object read = PickleReader.read(cpython, 0, cpython.length, MAX_DEPTH);
            Object expectedRead = p <= 3 ? RandomValues.withoutFold(value) : value;
            assertTrue(TypedJson.deepEquals(expectedRead, read), "Java reads, " + where + ": got " + abbreviate(read));
            assertEquals(hex(cpython), hex(PickleWriter.write(read, p)), "Java re-writes what it read, " + where);
        }
        JsonNode packed = expected.get("msgpack");
        if (packed.isNull()) {
            UnencodableException e = assertThrows(UnencodableException.class, () -> MsgpackWriter.write(value));
            assertEquals(!expected.get("msgpack_error").asText().equals("OverflowError"), e.fallbackToPickle(),
                    "fallback for " + expected.get("msgpack_error"));
        } else {
            byte[] cpython = unhex(packed.asText());
            assertEquals(hex(cpython), hex(MsgpackWriter.write(value)), "msgpack for " + abbreviate(value));
            Object read = MsgpackReader.read(cpython, 0, cpython.length, MAX_DEPTH);
            assertTrue(TypedJson.deepEquals(TypedJson.viaMsgpack(value), read), "msgpack read " + abbreviate(read));
            assertEquals(hex(cpython), hex(MsgpackWriter.write(read)));
        }
    }

    private static String abbreviate(Object v) {
        String s = String.valueOf(v);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Test
    void randomValues() throws IOException {
        RandomValues values = new RandomValues(20_261_107L);
        for (int i = 0; i < 400; i++) {
            assertLikeCPython(values.any(3));
        }
    }

    @Test
    void scalarsAtEveryIntegerBoundary() throws IOException {
        List<Object> ints = new ArrayList<>();
        long[] edges = {0, 1, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
            Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, -1, -32, -33, -128, -129, -32768, -32769,
            Long.MAX_VALUE, Long.MIN_VALUE};
        for (long e : edges) {
            ints.add(e);
        }
        BigInteger two = BigInteger.TWO;
        for (int bits : new int[] {63, 64, 65, 127, 128, 2040, 2048, 2100}) {
            ints.add(two.pow(bits));
            ints.add(two.pow(bits).negate());
            ints.add(two.pow(bits).subtract(BigInteger.ONE));
            ints.add(two.pow(bits).negate().subtract(BigInteger.ONE));
        }
        ints.add(two.pow(64).subtract(BigInteger.ONE)); // the largest msgpack uint64
        for (Object i : ints) {
            assertLikeCPython(i);
        }
        assertLikeCPython(ints);
    }

    @Test
    void batchesOfAThousand() throws IOException {
        for (int n : new int[] {0, 1, 2, 999, 1000, 1001, 2000, 2001}) {
            List<Object> list = new ArrayList<>();
            Map<Object, Object> dict = new LinkedHashMap<>();
            LinkedHashSet<Object> set = new LinkedHashSet<>();
            for (long i = 0; i < n; i++) {
                list.add(i);
                dict.put(i, i);
                set.add(i);
            }
            assertLikeCPython(list);
            assertLikeCPython(dict);
            assertLikeCPython(set);
            assertLikeCPython(PyFrozenSet.copyOf(set));
            assertLikeCPython(PyTuple.copyOf(list));
        }
    }

    @Test
    void framesAndLargePayloads() throws IOException {
        for (int size : new int[] {255, 256, 65_530, 65_535, 65_536, 70_000}) {
            String big = "x".repeat(size);
            byte[] bytes = new byte[size];
            assertLikeCPython(new String(big));
            assertLikeCPython(bytes);
            assertLikeCPython(new ArrayList<>(List.of("a", new String(big), "bc")));
            assertLikeCPython(new ArrayList<>(List.of(new String("ab"), bytes.clone())));
            assertLikeCPython(new ArrayList<>(List.of(new String("ab"), bytes.clone(), "c")));
        }
        // Many small items: frames close at 64 KiB on an object boundary, inside containers too.
        for (int n : new int[] {6_000, 7_000, 20_000}) {
            List<Object> strings = new ArrayList<>();
            Map<Object, Object> nested = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                strings.add("abcdefgh" + i);
                nested.put("k" + i, new ArrayList<>(List.of((long) i, "v" + i)));
            }
            assertLikeCPython(strings);
            assertLikeCPython(nested);
        }
        List<Object> dates = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            dates.add(LocalDateTime.of(2020, 1, 1, 0, 0).plusMinutes(i));
            dates.add(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(i % 5)));
        }
        assertLikeCPython(dates);
    }

    @Test
    void memoBeyond256Entries() throws IOException {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            l.add("s" + i);
            l.add(String.valueOf((char) (i % 300))); // singletons are referenced again with BINGET/LONG_BINGET
        }
        assertLikeCPython(l);
    }

    @Test
    void datetimesWithZones() throws IOException {
        ZoneId paris = ZoneId.of("Europe/Paris");
        LocalDateTime overlap = LocalDateTime.of(2021, 10, 31, 2, 30);
        ZonedDateTime first = ZonedDateTime.ofLocal(overlap, paris, ZoneOffset.ofHours(2));
        ZonedDateTime second = first.withLaterOffsetAtOverlap();
        assertLikeCPython(first);
        assertLikeCPython(second); // fold=1, which protocols 2 and 3 do not record
        List<Object> l = new ArrayList<>(List.of(first, second,
                ZonedDateTime.of(2020, 6, 1, 12, 0, 0, 0, ZoneId.of("America/New_York")),
                OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30))));
        assertLikeCPython(l);
    }

    @Test
    void refusalsOfMsgpack() throws IOException {
        assertLikeCPython("\ud800 lone surrogate");
        assertLikeCPython(BigInteger.TWO.pow(64));
        assertLikeCPython(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE));
        Object deep = 1L;
        for (int i = 0; i < 512; i++) {
            deep = new ArrayList<>(List.of(deep));
            if (i >= 509) {
                assertLikeCPython(deep); // msgpack-python's nest limit: 511 levels pack, 512 do not
            }
        }
    }

    /** The same Java reference twice is one Python object: written once, then referenced. */
    @Test
    void memoFollowsIdentity() throws IOException {
        JsonNode shared = python.fixture("shared_refs");
        String s = new String("hello");
        List<Object> l = new ArrayList<>(List.of(1L));
        byte[] b = {'x', 'y', 'z'};
        List<Object> value = new ArrayList<>(List.of(s, s, l, l, b, b, new String("hello"), "é", new String("é")));
        for (int p = 2; p <= 5; p++) {
            byte[] cpython = unhex(shared.get("pickle" + p).asText());
            assertEquals(hex(cpython), hex(PickleWriter.write(value, p)), "protocol " + p);
            List<?> read = (List<?>) PickleReader.read(cpython, 0, cpython.length, MAX_DEPTH);
            assertTrue(read.get(0) == read.get(1) && read.get(2) == read.get(3) && read.get(0) != read.get(6));
            assertEquals(hex(cpython), hex(PickleWriter.write(read, p)));
        }
    }

    @Test
    void objectsWithoutJavaTypesRoundTrip() throws IOException {
        for (String name : List.of("service", "two_services", "enum", "enum_list", "nested_class_instance",
                "class_object", "slotted", "bytearray", "ordered_dict", "cycle", "mixed")) {
            JsonNode enc = python.fixture(name);
            for (int p = 2; p <= 5; p++) {
                byte[] cpython = unhex(enc.get("pickle" + p).asText());
                Object read = PickleReader.read(cpython, 0, cpython.length, MAX_DEPTH);
                assertEquals(hex(cpython), hex(PickleWriter.write(read, p)), name + " at protocol " + p);
                if (read instanceof PyObject o) {
                    // CPython rebuilds the real object from Java's bytes and pickles it the same way again.
                    assertEquals(hex(cpython), hex(python.repickle(o.toPickle(p))), name + " rebuilt by CPython");
                }
            }
        }
        byte[] service = unhex(python.fixture("service").get("pickle4").asText());
        PyObject o = assertInstanceOf(PyObject.class, PickleReader.read(service, 0, service.length, MAX_DEPTH));
        assertEquals("fixture_classes", o.module());
        assertEquals("Service", o.name());
        assertEquals("fixture_classes.Service", o.className());
        assertEquals(PyObject.Kind.NEWOBJ, o.kind());
        assertEquals("<fixture_classes.Service object>", o.toString());
        assertEquals(Map.of("name", "api", "port", 8080L), o.state());
        byte[] red = unhex(python.fixture("enum").get("pickle4").asText());
        PyObject member = (PyObject) PickleReader.read(red, 0, red.length, MAX_DEPTH);
        assertEquals("fixture_classes.Color", member.className());
        assertEquals(PyObject.Kind.REDUCE, member.kind());
        assertEquals("RED", member.args().get(1));
    }
}
