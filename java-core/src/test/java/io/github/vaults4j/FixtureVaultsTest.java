package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.testing.RepoFiles;
import io.github.vaults4j.testing.TypedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fixture vault that CPython wrote (compat-fixtures/vaults: generation 1, generation 2 with msgpack and
 * with pickle protocols 4 and 5, the mixed file with twins, and the Fuse root) read through {@link Vault#get}
 * and through iteration, against the {@code NAME.expected.jsonl} that CPython wrote beside it. Values are
 * compared type-exactly ({@link TypedJson#deepEquals}: a set is not a frozenset, bytes are not a bytearray, a
 * list is not a tuple, an int is not a float).
 */
class FixtureVaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MIXED = "vaults/mixed";

    @TempDir
    Path dir;

    /** One line of an expected file: the row's id, key cell marker, key and value as CPython wrote them. */
    private record Expected(long rowId, byte keyMarker, Object key, Object value, String keyJson) {
    }

    private static List<Expected> expected(String name) throws IOException {
        Path file = RepoFiles.fixture(name + ".expected.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("fixture " + file + " is missing: restore compat-fixtures/ from the repository");
        }
        List<Expected> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            byte marker = java.util.Base64.getDecoder().decode(row.get("key_cell").asText())[0];
            lines.add(new Expected(row.get("rowid").asLong(), marker, TypedJson.toJava(row.get("key")),
                    TypedJson.toJava(row.get("value")), row.get("key").toString()));
        }
        return lines;
    }

    /** A copy of the fixture file, so that no test can change the repository's bytes. */
    private Path copy(String name) throws IOException {
        Path source = RepoFiles.fixture(name + ".db");
        if (!Files.isRegularFile(source)) {
            throw new AssertionError("fixture " + source + " is missing: restore compat-fixtures/ from the repository");
        }
        Path target = dir.resolve(source.getFileName());
        Files.copy(source, target);
        return target;
    }

    private static void assertTypeExact(Object expected, Object actual, String what) {
        assertTrue(TypedJson.deepEquals(expected, actual), () -> what + ": expected " + describe(expected)
                + " but read " + describe(actual));
    }

    /** A value with the Java types of its parts, so that a set read as a frozenset shows in the message. */
    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + io.github.vaults4j.codec.Values.repr(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vaults/gen1_legacy", "vaults/gen2_msgpack", "vaults/gen2_pickle", "vaults/gen2_pickle_p5",
        "vaults/fuse-root/vaults/commons", "vaults/fuse-root/vaults/virtual_environments",
        "vaults/fuse-root/vaults/remote_runnables_repositories"})
    void everyRowReadsAsCPythonWroteIt(String name) throws IOException {
        List<Expected> rows = expected(name);
        try (Vault vault = Vault.open(copy(name), VaultOptions.builder().readOnly(true).create(false).build())) {
            assertEquals(rows.size(), vault.size(), name + ": one entry per row");
            for (Expected row : rows) {
                assertTrue(vault.containsKey(row.key()), name + " row " + row.rowId() + ": key " + row.keyJson());
                assertTypeExact(row.value(), vault.get(row.key()), name + " row " + row.rowId() + " (key " + row.keyJson() + ")");
            }
            assertIterationShowsEveryRow(name, vault, rows);
        }
    }

    @Test
    void fuseRootOpensByNameAsSetRootPathDoes() throws IOException {
        Path root = dir.resolve("fuse");
        Files.createDirectories(root.resolve("vaults"));
        for (String name : List.of("commons", "virtual_environments", "remote_runnables_repositories")) {
            Files.copy(RepoFiles.fixture("vaults/fuse-root/vaults/" + name + ".db"), root.resolve("vaults/" + name + ".db"));
            List<Expected> rows = expected("vaults/fuse-root/vaults/" + name);
            try (Vault vault = Vaults.at(root).open(name, VaultOptions.builder().create(false).build())) {
                for (Expected row : rows) {
                    assertTypeExact(row.value(), vault.get(row.key()), name + " row " + row.rowId());
                }
            }
        }
    }

    /**
     * mixed.db holds rows of every kind (M, P2–P5, raw pickle 2–5) and twins: "twin" as M and P4, 7 as M, P4 and
     * P5, each with its own value. The file has M keys, so its write format is msgpack, and a read prefers the M
     * twin; every other row reads as written, and iteration shows each row, twins included.
     */
    @Test
    void mixedFileReadsEveryKindAndPrefersTheMsgpackTwin() throws IOException {
        List<Expected> rows = expected(MIXED);
        Map<String, Expected> preferred = new LinkedHashMap<>();
        for (Expected row : rows) {
            preferred.merge(row.keyJson(), row, (a, b) -> a.keyMarker() == 'M' ? a : b.keyMarker() == 'M' ? b : a);
        }
        assertEquals(12, preferred.size(), "the fixture's 15 rows hold 12 keys");
        try (Vault vault = Vault.open(copy(MIXED), VaultOptions.builder().readOnly(true).create(false).build())) {
            assertEquals(Format.MSGPACK, vault.format());
            for (Expected row : preferred.values()) {
                assertTypeExact(row.value(), vault.get(row.key()), "mixed.db key " + row.keyJson());
            }
            assertEquals("written with msgpack", vault.get("twin"));
            assertEquals("seven (M)", vault.get(7L));
            assertIterationShowsEveryRow(MIXED, vault, rows);
        }
    }

    /** Opened to write pickle, the same file prefers the pickled twin of that protocol. */
    @Test
    void mixedFileOpenedForPickleProtocolPrefersThatTwin() throws IOException {
        Path file = copy(MIXED);
        try (Vault vault = Vault.open(file, VaultOptions.builder().format(Format.PICKLE).pickleProtocol(4).build())) {
            assertEquals("written with pickle", vault.get("twin"));
            assertEquals("seven (P4)", vault.get(7L));
        }
        try (Vault vault = Vault.open(file, VaultOptions.builder().format(Format.PICKLE).pickleProtocol(5).build())) {
            assertEquals("seven (P5)", vault.get(7L));
        }
    }

    private static void assertIterationShowsEveryRow(String name, Vault vault, List<Expected> rows) {
        List<Map.Entry<Object, Object>> entries = new ArrayList<>(vault.entrySet());
        assertEquals(rows.size(), entries.size(), name + ": iteration shows every row");
        for (int i = 0; i < rows.size(); i++) {
            Expected row = rows.get(i);
            assertTypeExact(row.key(), entries.get(i).getKey(), name + " key of row " + row.rowId());
            assertTypeExact(row.value(), entries.get(i).getValue(), name + " value of row " + row.rowId());
        }
    }
}
