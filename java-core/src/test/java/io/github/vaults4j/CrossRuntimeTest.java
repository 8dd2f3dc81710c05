package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.TypedJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java and a real CPython process on the same vault file: each reads what the other wrote, and concurrent
 * writers lose nothing. The CPython side is compat-fixtures/reference_vaults.py, a model of vaults 2.x,
 * which looks keys up by their exact bytes as the real module does.
 */
public class CrossRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Values of every type the mapping covers, keyed by what they are. */
    public static Map<Object, Object> sampleValues() {
        Map<Object, Object> values = new LinkedHashMap<>();
        values.put("none", null);
        values.put("bool", true);
        values.put("int", 42L);
        values.put("negative", -129L);
        values.put("big", new BigInteger("18446744073709551615"));          // 2**64-1: uint64 in msgpack
        values.put("float", 2.5);
        values.put("str", "héllo wörld ✓ 🎉");
        values.put("bytes", new byte[] {0, 1, (byte) 0xff});
        values.put("list", List.of(1L, "two", 3.0));
        values.put("tuple", PyTuple.of(1L, "a"));
        Map<Object, Object> service = new LinkedHashMap<>();
        service.put("name", "web");
        service.put("port", 8080L);
        service.put("enabled", true);
        service.put("tags", List.of("a", "b"));
        values.put("dict", service);
        values.put("set", new LinkedHashSet<>(List.of(1L, 2L, 3L)));
        values.put("frozenset", PyFrozenSet.of("x"));
        values.put("datetime", LocalDateTime.of(2025, 3, 4, 5, 6, 7, 890_000_000));
        values.put("aware", OffsetDateTime.of(2025, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(2)));
        values.put("date", LocalDate.of(2024, 2, 29));
        values.put("decimal", new BigDecimal("-12.340"));
        values.put("complex", new PyComplex(1.5, -2.0));
        values.put(PyTuple.of("tuple", 1L), "a tuple key");
        values.put(7L, "an int key");
        return values;
    }

    /** One line {"key": TYPED, "value": TYPED} of a peer expectations file. */
    private static String pair(Object key, Object value) {
        return JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("key", TypedJson.toJson(key))
                .set("value", TypedJson.toJson(value)).toString();
    }

    private Path expectations(Map<Object, Object> values) throws Exception {
        Path file = dir.resolve("expected.jsonl");
        List<String> lines = new ArrayList<>();
        values.forEach((k, v) -> lines.add(pair(k, v)));
        Files.write(file, lines);
        return file;
    }

    @Test
    void cpythonWithMsgpackReadsWhatJavaWrites() throws Exception {
        Path file = dir.resolve("java_msgpack.db");
        try (Vault vault = Vault.open(file)) {
            vault.putMany(sampleValues());
        }
        CPythonPeer.run("check", file.toString(), expectations(sampleValues()).toString()).requireSuccess();
    }

    @Test
    void cpythonWithoutMsgpackReadsWhatJavaWritesAsPickle() throws Exception {
        Path file = dir.resolve("java_pickle.db");
        Map<Object, Object> values = sampleValues();
        values.put("huge", new BigInteger("-123456789012345678901234567890"));   // only pickle holds it
        try (Vault vault = Vault.open(file, VaultOptions.builder().format(Format.PICKLE).build())) {
            values.forEach(vault::put);
        }
        CPythonPeer.run(Map.of("VAULTS_REF_NO_MSGPACK", "1"),
                "check", file.toString(), expectations(values).toString()).requireSuccess();
    }

    @Test
    void intsBeyondMsgpackAreRefusedByBothSidesInTheMsgpackFormat() {
        BigInteger huge = BigInteger.TWO.pow(64);
        Path file = dir.resolve("huge.db");
        try (Vault vault = Vault.open(file)) {
            UnsupportedValueException e = assertThrows(UnsupportedValueException.class, () -> vault.put("k", huge));
            assertTrue(e.getMessage().contains("OverflowError"), e.getMessage());
            assertTrue(vault.isEmpty());
        }
        CPythonPeer.Result python = CPythonPeer.run("put", file.toString(), "\"k\"", TypedJson.toJson(huge).toString());
        assertEquals(1, python.exitCode());
        assertTrue(python.stderr().contains("OverflowError"), python.stderr());
    }

    @Test
    void cpythonOnPython314ReadsProtocol5() throws Exception {
        Path file = dir.resolve("java_p5.db");
        VaultOptions options = VaultOptions.builder().format(Format.PICKLE).pickleProtocol(5).build();
        try (Vault vault = Vault.open(file, options)) {
            vault.putMany(sampleValues());
        }
        CPythonPeer.run(Map.of("VAULTS_REF_NO_MSGPACK", "1", "VAULTS_REF_PICKLE_PROTOCOL", "5"),
                "check", file.toString(), expectations(sampleValues()).toString()).requireSuccess();
    }

    @Test
    void javaReadsWhatCPythonWrites() throws Exception {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("VAULTS_REF_NO_MSGPACK", "1"))) {
            Path file = dir.resolve("python" + env.size() + ".db");
            for (Map.Entry<Object, Object> entry : sampleValues().entrySet()) {
                CPythonPeer.run(env, "put", file.toString(), TypedJson.toJson(entry.getKey()).toString(),
                        TypedJson.toJson(entry.getValue()).toString()).requireSuccess();
            }
            try (Vault vault = Vault.open(file)) {
                assertEquals(env.isEmpty() ? Format.MSGPACK : Format.PICKLE, vault.format());
                for (Map.Entry<Object, Object> entry : sampleValues().entrySet()) {
                    Object read = vault.get(entry.getKey());
                    Object expected = normalised(entry.getValue());
                    if (env.isEmpty() && !(expected instanceof java.util.Set<?>) && !(expected instanceof PyComplex)
                            && !(expected instanceof java.time.temporal.Temporal) && !(expected instanceof BigDecimal)) {
                        expected = TypedJson.viaMsgpack(expected);   // msgpack has arrays only: tuples read back as lists
                    }
                    assertTrue(TypedJson.deepEquals(expected, read),
                            entry.getKey() + ": expected " + entry.getValue() + ", read " + read);
                }
                assertEquals(sampleValues().size(), vault.size());
            }
        }
    }

    /** What a value reads back as after Python stored it: Java ints become Long, lists ArrayList. */
    private static Object normalised(Object value) {
        return TypedJson.toJava(TypedJson.toJson(value));
    }

    @Test
    void cpythonDumpDecodesEveryCellJavaWrites() throws Exception {
        Path file = dir.resolve("dump.db");
        try (Vault vault = Vault.open(file)) {
            vault.putMany(sampleValues());
        }
        List<String> rows = CPythonPeer.run("dump", file.toString()).requireSuccess().stdout();
        assertEquals(sampleValues().size(), rows.size());
        for (String row : rows) {
            assertTrue(!JSON.readTree(row).has("error"), row);
        }
    }

    @Test
    void concurrentIncrementsFromJavaThreadsAndCPythonProcessesLoseNothing() throws Exception {
        Path file = dir.resolve("counter.db");
        int javaThreads = 4;
        int perJavaThread = 50;
        int perPython = 50;
        try (Vault vault = Vault.open(file, VaultOptions.builder().busyTimeout(java.time.Duration.ofSeconds(30)).build())) {
            vault.put("counter", 0L);
            List<Process> pythons = List.of(
                    CPythonPeer.start(Map.of(), "counter", file.toString(), "--key", "counter", "--times", "" + perPython),
                    CPythonPeer.start(Map.of(), "counter", file.toString(), "--key", "counter", "--times", "" + perPython));
            ExecutorService pool = Executors.newFixedThreadPool(javaThreads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < javaThreads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perJavaThread; i++) {
                        vault.merge("counter", 1L, (a, b) -> (Long) a + (Long) b);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            for (Process python : pythons) {
                CPythonPeer.await(python, CPythonPeer.TIMEOUT, "CPython counter");
                assertEquals(0, python.exitValue(), "CPython counter failed");
            }
            assertEquals((long) javaThreads * perJavaThread + 2L * perPython, vault.get("counter"));
        }
    }

    @Test
    void everyWriteAcknowledgedByACPythonWriterIsReadByJavaWhileJavaWrites() throws Exception {
        Path file = dir.resolve("shared.db");
        try (Vault vault = Vault.open(file, VaultOptions.builder().busyTimeout(java.time.Duration.ofSeconds(30)).build())) {
            Process python = CPythonPeer.start(Map.of(), "writer", file.toString(), "--prefix", "py", "--count", "150");
            for (long i = 0; i < 150; i++) {
                vault.put("java-" + i, Map.of("i", i));
            }
            List<String> acks = new ArrayList<>();
            for (String line : CPythonPeer.await(python, CPythonPeer.TIMEOUT, "CPython writer")) {
                acks.add(JSON.readTree(line).get("ack").asText());
            }
            assertEquals(0, python.exitValue());
            assertEquals(150, acks.size());
            for (String key : acks) {
                Map<?, ?> value = (Map<?, ?>) vault.get(key);
                assertEquals("py", value.get("by"), key);
            }
            assertEquals(300, vault.size());
        }
    }
}
