package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.cli.VaultsCommand;
import io.github.vaults4j.crypto.EncryptedVault;
import io.github.vaults4j.crypto.FernetKey;
import io.github.vaults4j.python.VaultsPython;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.RepoFiles;
import io.github.vaults4j.testing.TypedJson;
import picocli.CommandLine;

/**
 * Java, GraalPy and CPython on the same vault files: each writes, the others read, and a Java thread and a
 * Python thread write one vault at once. One GraalPy context serves the whole class.
 */
class MixedRuntimeTest {
    private static final Path PYTHON_TESTS = Path.of(System.getProperty("vaults4j.python.tests", "src/test/python"));
    /** Writes of each side in the concurrent test: enough that the two threads' runs overlap. */
    private static final int CONCURRENT_WRITES = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    private static Context context;

    @BeforeAll
    static void openContext() {
        context = VaultsPython.newContext();
        context.eval("python", "import vaults, json");
    }

    @AfterAll
    static void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private Value py(String code) {
        return context.eval("python", code);
    }

    private void useRoot() {
        context.getBindings("python").getMember("vaults").getMember("set_root_path").execute(root.toString());
    }

    @Test
    void anEntryPutWithTtlOnGraalPyIsGoneForAJavaReaderAfterItExpires() throws InterruptedException {
        useRoot();
        py("v = vaults.Vault('ttl')\nv.put('plain', 1)\nv.put('hour', 2, ttl=3600)\nv.put('blink', 3, ttl=0.001)\nv.close()");
        try (Vault now = Vaults.at(root).open("ttl");
             Vault later = Vaults.at(root).open("ttl", VaultOptions.builder()
                     .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2))).build())) {
            assertEquals(2L, now.get("hour"), "a Java reader sees the entry while it lives");
            assertTrue(now.ttl("hour").orElseThrow().compareTo(Duration.ofHours(1)) <= 0);
            while (now.containsKey("blink")) {
                Thread.sleep(1); // a 1 ms ttl: waits for the expiry, however slow the machine
            }
            assertNull(now.get("blink"));
            assertEquals(Map.of("plain", 1L, "hour", 2L), new LinkedHashMap<>(now));
            assertEquals(1L, later.get("plain"));
            assertNull(later.get("hour"), "after its hour the entry is gone for Java");
            assertEquals(1, later.size());
            assertEquals(List.of("plain"), List.copyOf(later.keySet()));
        }
        assertEquals(1, py("v = vaults.Vault('ttl')\nn = v.cleanup_expired()\nv.close()\nn").asInt(),
                "GraalPy's cleanup removes the 1 ms entry its own put made");
    }

    @Test
    void javaWritesPythonReads() {
        try (Vault v = Vaults.at(root).open("shared")) {
            Map<Object, Object> record = new LinkedHashMap<>();
            record.put("name", "commons");
            record.put("version", 3L);
            record.put("weight", 1.0);
            record.put("tags", List.of("a", "b"));
            v.put("record", record);
            v.put("raw", new byte[] {0, 1, (byte) 0xff});
            v.put("pair", PyTuple.of(1L, "x"));
        }
        useRoot();
        py("_v = vaults.Vault('shared', to_create=False)");
        assertEquals("{\"name\": \"commons\", \"version\": 3, \"weight\": 1.0, \"tags\": [\"a\", \"b\"]}",
                py("json.dumps(_v.get('record'))").asString());
        assertTrue(py("isinstance(_v.get('record'), dict) and type(_v['record']['weight']) is float").asBoolean());
        assertEquals("b'\\x00\\x01\\xff'", py("repr(_v['raw'])").asString());
        assertEquals("[1, 'x']", py("repr(_v['pair'])").asString(), "a top-level tuple reads as a list");
    }

    @Test
    void pythonWritesJavaReads() {
        useRoot();
        py("""
            import datetime
            _w = vaults.Vault('from_python')
            _w['record'] = {'name': 'commons', 'n': 2, 'f': 2.0, 'nested': (1, 2)}
            _w['set'] = {3, 4}
            _w['when'] = datetime.datetime(2025, 1, 2, 3, 4, 5)
            _w.close()
            """);
        try (Vault v = Vaults.at(root).open("from_python")) {
            Map<?, ?> record = assertInstanceOf(Map.class, v.get("record"));
            assertEquals("commons", record.get("name"));
            assertEquals(2L, record.get("n"));
            assertEquals(2.0, record.get("f"));
            assertEquals(List.of(1L, 2L), record.get("nested"));
            assertEquals(new LinkedHashSet<>(List.of(3L, 4L)), v.get("set"));
            assertEquals(LocalDateTime.of(2025, 1, 2, 3, 4, 5), v.get("when"));
        }
    }

    /**
     * A Java thread and a Python thread start behind one barrier and write one vault at once: each its own keys
     * and both the same shared keys. Afterwards the total is exact (own keys of both plus the shared keys once,
     * no twin), every shared key holds one of the two writers' values, and the rowids of the two sides' own keys
     * interleave: the writes overlapped in time.
     */
    @Test
    void javaThreadAndPythonThreadWriteOneVaultAtOnce() throws Exception {
        useRoot();
        py("_t = vaults.Vault('busy', thread_safe=True)");
        CyclicBarrier start = new CyclicBarrier(2);
        context.getBindings("python").putMember("_await_start", (ProxyExecutable) args -> {
            try {
                start.await(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("the Java writer never reached the barrier", e);
            }
            return null;
        });
        // Interpreted Python writes far slower than Java: without a hand-shake the Java writer can finish before
        // Python's first write. Java waits after its first pair until Python has written one, so they interleave.
        CountDownLatch pythonWrote = new CountDownLatch(1);
        context.getBindings("python").putMember("_wrote_first", (ProxyExecutable) args -> {
            pythonWrote.countDown();
            return null;
        });
        ExecutorService java = Executors.newSingleThreadExecutor();
        Future<?> javaWriter = java.submit(() -> {
            try (Vault v = Vaults.at(root).open("busy")) {
                start.await(1, TimeUnit.MINUTES);
                for (int i = 0; i < CONCURRENT_WRITES; i++) {
                    v.put("java-" + i, (long) i);
                    v.put("shared-" + i, "java");
                    if (i == 0 && !pythonWrote.await(1, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the Python writer never wrote its first key");
                    }
                }
            }
            return null;
        });
        Value pythonErrors = py("""
            import threading
            _errors = []
            def _write():
                try:
                    _await_start()
                    for i in range(%d):
                        _t[f'python-{i}'] = i
                        _t[f'shared-{i}'] = 'python'
                        if i == 0:
                            _wrote_first()
                except Exception as e:
                    _errors.append(repr(e))
            _pt = threading.Thread(target=_write)
            _pt.start()
            _pt.join()
            _errors
            """.formatted(CONCURRENT_WRITES));
        try {
            javaWriter.get(2, TimeUnit.MINUTES);
        } finally {
            java.shutdownNow();
        }
        assertEquals(0, pythonErrors.getArraySize(), pythonErrors.toString());
        assertEquals(3 * CONCURRENT_WRITES, py("len(_t)").asInt(), "own keys of both sides and the shared keys once");
        try (Vault v = Vaults.at(root).open("busy")) {
            assertEquals(3 * CONCURRENT_WRITES, v.size());
            assertEquals((long) CONCURRENT_WRITES - 1, v.get("python-" + (CONCURRENT_WRITES - 1)));
            assertEquals((long) CONCURRENT_WRITES - 1, v.get("java-" + (CONCURRENT_WRITES - 1)));
            for (int i = 0; i < CONCURRENT_WRITES; i++) {
                Object shared = v.get("shared-" + i);
                assertTrue("java".equals(shared) || "python".equals(shared), "shared-" + i + " = " + shared);
            }
        }
        long[] javaRows = rowIdRange(root.resolve("vaults/busy.db"), "java-");
        long[] pythonRows = rowIdRange(root.resolve("vaults/busy.db"), "python-");
        assertTrue(javaRows[0] < pythonRows[1] && pythonRows[0] < javaRows[1], "the writes did not overlap: java rows "
                + javaRows[0] + ".." + javaRows[1] + ", python rows " + pythonRows[0] + ".." + pythonRows[1]);
    }

    /** The lowest and highest rowid of the keys with a prefix, read raw by CPython's sqlite3 and msgpack. */
    private static long[] rowIdRange(Path file, String prefix) {
        String range = runCPython("-c", "import sqlite3, sys, msgpack\n"
                + "ids = [r for r, k in sqlite3.connect(sys.argv[1]).execute('select rowid, key from dict')\n"
                + "       if k[:1] == b'M' and str(msgpack.unpackb(k[1:])).startswith(sys.argv[2])]\n"
                + "print(min(ids), max(ids))", file.toString(), prefix).strip();
        String[] parts = range.split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    @Test
    void cpythonReadsWhatGraalPyWrote() throws Exception {
        useRoot();
        py("""
            _c = vaults.Vault('to_cpython')
            _c['record'] = {'name': 'commons', 'version': 3, 'tags': ['a']}
            _c['raw'] = b'\\x00\\xff'
            _c['set'] = {1, 2}
            _c.close()
            """);
        // Each row as CPython decodes it (compat-fixtures/peer.py dump): the cell's kind and the typed value.
        Map<Object, List<Object>> rows = new LinkedHashMap<>();
        for (String line : CPythonPeer.run("dump", root.resolve("vaults/to_cpython.db").toString()).requireSuccess()
                .stdout()) {
            JsonNode row = JSON.readTree(line);
            rows.put(TypedJson.toJava(row.get("key")), List.of(row.get("value_kind").asText(),
                    TypedJson.toJava(row.get("value"))));
        }
        Map<Object, Object> record = new LinkedHashMap<>();
        record.put("name", "commons");
        record.put("version", 3L);
        record.put("tags", List.of("a"));
        assertEquals(List.of("record", "raw", "set"), List.copyOf(rows.keySet()));
        assertEquals("M", rows.get("record").get(0));
        assertTrue(TypedJson.deepEquals(record, rows.get("record").get(1)), rows.toString());
        assertEquals("M", rows.get("raw").get(0));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) rows.get("raw").get(1));
        assertEquals("P4", rows.get("set").get(0));
        assertTrue(TypedJson.deepEquals(new LinkedHashSet<>(List.of(1L, 2L)), rows.get("set").get(1)), rows.toString());
    }

    @Test
    void graalPyReadsWhatCPythonWrote() throws Exception {
        Files.createDirectories(root.resolve("vaults"));
        // Written by the CPython model of the module (compat-fixtures/peer.py put), one pair at a time.
        String file = root.resolve("vaults/from_cpython.db").toString();
        for (String[] pair : List.of(
                new String[] {"\"commons\"", "{\"dict\": [[\"name\", \"commons\"], [\"path\", \"/opt/fuse/commons\"],"
                        + " [\"version\", {\"int\": \"3\"}], [\"enabled\", true], [\"weight\", {\"float\": \"0x1.0p-1\"}],"
                        + " [\"tags\", {\"list\": [\"base\", \"shared\"]}]]}"},
                new String[] {"\"raw\"", "{\"bytes\": \"AAH+\"}"},
                new String[] {"\"tuple\"", "{\"tuple\": [{\"int\": \"1\"}, {\"int\": \"2\"}, {\"int\": \"3\"}]}"},
                new String[] {"\"set\"", "{\"set\": [{\"int\": \"1\"}, {\"int\": \"2\"}]}"},
                new String[] {"\"when\"", "{\"datetime\": \"2025-01-02T03:04:05\"}"},
                new String[] {"\"none\"", "null"})) {
            CPythonPeer.run("put", file, pair[0], pair[1]).requireSuccess();
        }
        useRoot();
        py("_r = vaults.Vault('from_cpython', to_create=False)");
        assertEquals("{\"name\": \"commons\", \"path\": \"/opt/fuse/commons\", \"version\": 3, \"enabled\": true, "
                + "\"weight\": 0.5, \"tags\": [\"base\", \"shared\"]}", py("json.dumps(_r['commons'])").asString());
        assertEquals("b'\\x00\\x01\\xfe'", py("repr(_r['raw'])").asString());
        assertEquals("[1, 2, 3]", py("repr(_r['tuple'])").asString());
        assertEquals("{1, 2}", py("repr(_r['set'])").asString());
        assertEquals("datetime.datetime(2025, 1, 2, 3, 4, 5)", py("repr(_r['when'])").asString());
        assertEquals("None", py("repr(_r.get('none'))").asString());
        assertTrue(py("'none' in _r").asBoolean());
    }

    @Test
    void keyCellsAreTheBytesCPythonWrites() throws Exception {
        useRoot();
        py("_k = vaults.Vault('cells'); _k['key'] = 'value'; _k.close()");
        Path file = root.resolve("vaults/cells.db");
        String hex = runCPython("-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                + "print(''.join(k.hex()+':'+v.hex() for k,v in c.execute('select key,value from dict')))",
                file.toString()).strip();
        // 'M' + fixstr "key", 'M' + fixstr "value": what msgpack.packb(..., use_bin_type=True) gives.
        assertEquals("4da36b6579:4da576616c7565", hex);
    }

    @Test
    void fuseStyleExampleRunsThroughTheCommandLine() throws Exception {
        Path example = Path.of(System.getProperty("vaults4j.python.examples", "../python/examples"), "fuse_style.py");
        int code = new CommandLine(new VaultsCommand()).execute("python", example.toString(), root.toString());
        assertEquals(0, code);
        try (Vault v = Vaults.at(root).open("commons")) {
            Map<?, ?> commons = assertInstanceOf(Map.class, v.get("fuse"));
            assertEquals(6, commons.size());
        }
        assertTrue(Files.exists(root.resolve("vaults/virtual_environments.db")));
        assertTrue(Files.exists(root.resolve("vaults/remote_runnables_repositories.db")));
    }

    @Test
    void scriptExitCodeBecomesTheCommandsExitCode() {
        assertEquals(3, new CommandLine(new VaultsCommand()).execute("python", "-c", "import sys; sys.exit(3)"));
        assertEquals(1, new CommandLine(new VaultsCommand()).execute("python", "-c", "raise ValueError('x')"));
        assertEquals(0, new CommandLine(new VaultsCommand()).execute("python", "-c",
                "import sys, vaults; assert sys.argv == ['-c', 'a b'], sys.argv", "a b"));
    }

    private static String runCPython(String... args) {
        CPythonPeer.Result result = CPythonPeer.python(args);
        String text = String.join("\n", result.stdout());
        assertEquals(0, result.exitCode(), text + "\n" + result.stderr());
        return text;
    }

    @Test
    void bytesSurviveAllByteValues() {
        useRoot();
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        py("_b = vaults.Vault('bytes'); _b['all'] = bytes(range(256)); _b.close()");
        try (Vault v = Vaults.at(root).open("bytes")) {
            assertArrayEquals(all, (byte[]) v.get("all"));
        }
    }

    /** {@code vaults.EncryptedVault} on GraalPy and the design notes' class on CPython read each other's values. */
    @Test
    void encryptedVaultGraalPyWritesCPythonsClassReadsAndBack() {
        useRoot();
        String key = py("""
                import datetime
                _e = vaults.EncryptedVault('secrets')
                _e.put_many({'name': 'commons', 'pair': (1, 'x'), 'when': datetime.date(2025, 1, 2),
                             'nested': {'tags': ['a', 'b'], 'on': True}, 'raw': b'\\x00\\xff'})
                _e.key.decode()
                """).asString();
        Path script = RepoFiles.fixture("encrypted_vault.py");
        String file = root.resolve("vaults/secrets.db").toString();
        List<String> dumped = CPythonPeer.runScript(script, Map.of("VAULTS4J_KEY", key), "", "dump", file)
                .requireSuccess().stdout();
        assertEquals(5, dumped.size());
        assertTrue(dumped.contains("{\"key\": \"name\", \"value\": \"commons\"}"), dumped.toString());
        assertTrue(dumped.contains("{\"key\": \"pair\", \"value\": {\"tuple\": [{\"int\": \"1\"}, \"x\"]}}"),
                dumped.toString());
        assertTrue(dumped.contains("{\"key\": \"when\", \"value\": {\"date\": \"2025-01-02\"}}"), dumped.toString());

        CPythonPeer.runScript(script, Map.of("VAULTS4J_KEY", key),
                "{\"key\": \"from cpython\", \"value\": {\"list\": [{\"int\": \"7\"}, {\"bytes\": \"AP8=\"}]}}\n",
                "load", file).requireSuccess();
        assertTrue(py("_e['from cpython'] == [7, b'\\x00\\xff'] and _e['name'] == 'commons'").asBoolean(),
                "GraalPy reads what CPython's class wrote");
        try (EncryptedVault java = EncryptedVault.fernet(Vault.open(Path.of(file)), FernetKey.parse(key))) {
            List<?> fromCPython = (List<?>) java.get("from cpython");
            assertEquals(7L, fromCPython.get(0));
            assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) fromCPython.get(1));
            assertEquals("commons", java.get("name"));
        }
    }
}
