package io.github.vaults4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vaults4j.CrossRuntimeTest;
import io.github.vaults4j.Format;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.TypedJson;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encrypted vaults on real SQLite files, with the design notes' Python class (compat-fixtures/encrypted_vault.py on
 * CPython with {@code cryptography}) as the other side of every compatibility claim.
 */
class EncryptedVaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Vault open(String name, Format format) {
        return Vault.open(dir.resolve(name + ".db"), VaultOptions.builder().format(format).build());
    }

    /** The key as Python's module gives it back from a row: a top-level tuple comes back a list in every format. */
    private static Object asPythonReadsKey(Object key) {
        return key instanceof PyTuple t ? new ArrayList<>(t) : key;
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"MSGPACK", "PICKLE"})
    void cpythonsClassReadsEverythingJavaWrote(Format format) throws Exception {
        FernetKey key = FernetKey.generate();
        Map<Object, Object> values = CrossRuntimeTest.sampleValues();
        try (EncryptedVault vault = EncryptedVault.fernet(open("j", format), key)) {
            vault.putMany(values);
            vault.put("one more", List.of("put", 1L));
            Object token = vault.vault().get("str");
            assertTrue(token instanceof byte[] b && new String(b, StandardCharsets.US_ASCII).startsWith("gAAAAA"),
                    "the cell holds a Fernet token as a bytes value");
        }
        values.put("one more", List.of("put", 1L));
        List<String> lines = EncryptedPeer.run(key.encoded(), "", "dump", dir.resolve("j.db").toString()).requireSuccess().stdout();
        assertEquals(values.size(), lines.size());
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            Object pythonKey = TypedJson.toJava(row.get("key"));
            Object expected = values.entrySet().stream()
                    .filter(e -> TypedJson.deepEquals(asPythonReadsKey(e.getKey()), pythonKey))
                    .findFirst().orElseThrow(() -> new AssertionError("unexpected key " + line)).getValue();
            assertTrue(TypedJson.deepEquals(expected, TypedJson.toJava(row.get("value"))), line);
        }
    }

    @Test
    void javaReadsEverythingCPythonsClassWrote() throws Exception {
        FernetKey key = FernetKey.generate();
        Map<Object, Object> values = CrossRuntimeTest.sampleValues();
        StringBuilder input = new StringBuilder();
        values.forEach((k, v) -> {
            ObjectNode line = JSON.createObjectNode();
            line.set("key", TypedJson.toJson(k));
            line.set("value", TypedJson.toJson(v));
            input.append(line).append('\n');
        });
        EncryptedPeer.run(key.encoded(), input.toString(), "load", dir.resolve("p.db").toString()).requireSuccess();
        try (EncryptedVault vault = EncryptedVault.fernet(open("p", Format.MSGPACK), key)) {
            assertEquals(values.size(), vault.size());
            for (Map.Entry<Object, Object> e : values.entrySet()) {
                assertTrue(vault.containsKey(e.getKey()), "key " + e.getKey());
                assertTrue(TypedJson.deepEquals(e.getValue(), vault.get(e.getKey())), "key " + e.getKey() + ": " + vault.get(e.getKey()));
            }
            Map<Object, Object> all = new LinkedHashMap<>(vault);
            assertEquals(values.size(), all.size());
        }
    }

    @Test
    void mapApiAndVaultOperations() {
        FernetKey key = FernetKey.generate();
        try (EncryptedVault vault = EncryptedVault.fernet(open("m", Format.MSGPACK), key)) {
            assertNull(vault.put("a", 1L));
            assertEquals(1L, vault.put("a", 2L));
            Map<Object, Object> more = new LinkedHashMap<>();
            more.put("b", "bee");
            more.put("c", List.of(1L));
            assertEquals(2, vault.putMany(more));
            assertEquals(Map.of("a", 2L, "b", "bee"), vault.getMany(List.of("a", "b", "missing")));
            assertTrue(vault.hasKeys(List.of("a", "c")));
            assertFalse(vault.hasKeys(List.of("a", "zzz")));
            assertEquals("bee", vault.putIfAbsent("b", "other"));
            assertEquals(3L, vault.merge("a", 1L, (x, y) -> (Long) x + (Long) y));
            assertEquals("dflt", vault.setDefault("d", "dflt"));
            assertEquals("dflt", vault.setDefault("d", "again"));
            for (Map.Entry<Object, Object> e : vault.entrySet()) {
                if (e.getKey().equals("c")) {
                    e.setValue("written through");
                }
            }
            assertEquals("written through", vault.get("c"));
            assertTrue(vault.values().contains("bee"));
            assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(vault.keySet()));
            assertEquals(Map.of("b", "bee"), vault.popMany(List.of("b", "nope")));
            assertEquals(Map.entry("d", "dflt"), vault.popItem());
            assertThrows(IllegalStateException.class, () -> vault.transaction(v -> {
                v.put("x", 1L);
                throw new IllegalStateException("roll back");
            }));
            assertFalse(vault.containsKey("x"));
            assertEquals("written through", vault.remove("c"));
            assertEquals(1, vault.size());
            assertTrue(vault.toString().contains("Fernet"));
        }
    }

    @Test
    void aWrongKeyNamesTheRowAndWritesNothing() {
        FernetKey right = FernetKey.generate();
        try (EncryptedVault vault = EncryptedVault.fernet(open("w", Format.MSGPACK), right)) {
            vault.putMany(Map.of("secret", "s", "other", 2L));
        }
        Vault raw = open("w", Format.MSGPACK);
        byte[] before = (byte[]) raw.get("secret");
        try (EncryptedVault wrong = EncryptedVault.fernet(raw, FernetKey.generate())) {
            UndecryptableValueException e = assertThrows(UndecryptableValueException.class, () -> wrong.get("secret"));
            assertEquals("secret", e.key());
            assertTrue(e.getMessage().contains("w.db") && e.getMessage().contains("'secret'"), e.getMessage());
            assertThrows(UndecryptableValueException.class, () -> wrong.put("secret", "overwrite"));
            assertThrows(UndecryptableValueException.class, () -> wrong.remove("secret"));
            assertThrows(UndecryptableValueException.class, () -> wrong.popMany(List.of("other", "secret")));
            assertThrows(UndecryptableValueException.class, wrong::rotate);
            assertArrayEquals(before, (byte[]) raw.get("secret"), "nothing was written");
            assertEquals(2, raw.size());
        }
        try (EncryptedVault vault = EncryptedVault.fernet(open("w", Format.MSGPACK), right)) {
            assertEquals(Map.of("secret", "s", "other", 2L), new LinkedHashMap<>(vault));
            vault.vault().put("plain", "not encrypted");
            UndecryptableValueException e = assertThrows(UndecryptableValueException.class, () -> vault.get("plain"));
            assertTrue(e.getMessage().contains("not an encrypted value"), e.getMessage());
        }
    }

    @Test
    void rotateReencryptsEveryValueAndRetiredKeysFailCleanly() throws Exception {
        FernetKey oldKey = FernetKey.generate();
        FernetKey newKey = FernetKey.generate();
        try (EncryptedVault vault = EncryptedVault.fernet(open("r", Format.MSGPACK), oldKey)) {
            vault.putMany(Map.of("a", 1L, "b", "two", "c", List.of(3.0)));
        }
        try (EncryptedVault both = EncryptedVault.fernet(open("r", Format.MSGPACK), newKey, oldKey)) {
            assertEquals(3, both.rotate());
        }
        try (EncryptedVault retired = EncryptedVault.fernet(open("r", Format.MSGPACK), oldKey)) {
            assertThrows(UndecryptableValueException.class, () -> retired.get("a"));
        }
        try (EncryptedVault current = EncryptedVault.fernet(open("r", Format.MSGPACK), newKey)) {
            assertEquals(Map.of("a", 1L, "b", "two", "c", List.of(3.0)), new LinkedHashMap<>(current));
        }
        String file = dir.resolve("r.db").toString();
        assertEquals(3, EncryptedPeer.run(newKey.encoded(), "", "dump", file).requireSuccess().stdout().size());
        assertEquals(EncryptedPeer.INVALID_TOKEN_EXIT, EncryptedPeer.run(oldKey.encoded(), "", "dump", file).exitCode());
    }

    @Test
    void gcmValuesSurviveCheckBackupAndMigrationBecauseTheDataKeyTravelsWithTheFile() {
        MasterKey master = MasterKey.generate();
        Path file = dir.resolve("t.db");
        try (EncryptedVault vault = EncryptedVault.gcm(open("t", Format.MSGPACK), master)) {
            vault.putMany(Map.of("a", 1L, PyTuple.of("k", 2L), "tuple key"));
        }
        assertTrue(VaultTools.check(file, Progress.NONE).ok(), "the side table does not upset check");
        Path copy = dir.resolve("copy.db");
        VaultTools.backup(file, copy, Progress.NONE);
        VaultTools.migrate(file, MigrationOptions.toPickle(4), Progress.NONE);
        for (Path each : List.of(file, copy)) {
            try (EncryptedVault vault = EncryptedVault.gcm(Vault.open(each), master)) {
                assertEquals(1L, vault.get("a"), each.toString());
                // Read through iteration: migration keeps msgpack's view of a tuple key (a list).
                assertEquals(Set.of(1L, "tuple key"), new HashSet<>(vault.values()), each.toString());
            }
        }
        try (Vault migrated = Vault.open(file)) {
            assertEquals(Format.PICKLE, migrated.format(), "the key cells were re-encoded");
        }
    }

    @Test
    void gcmModeWrapsOneDataKeyAndBindsValuesToTheirKeys() {
        MasterKey master = MasterKey.generate();
        try (EncryptedVault vault = EncryptedVault.gcm(open("g", Format.MSGPACK), master)) {
            vault.putMany(Map.of("a", Map.of("deep", List.of(1L, 2L)), "b", "bee", PyTuple.of(1L, "t"), 3.5));
            byte[] sealed = (byte[]) vault.vault().get("a");
            assertArrayEquals(GcmSealer.HEADER, Arrays.copyOf(sealed, GcmSealer.HEADER.length));
            vault.vault().put("moved", sealed);
            UndecryptableValueException e = assertThrows(UndecryptableValueException.class, () -> vault.get("moved"));
            assertTrue(e.getMessage().contains("'moved'"), e.getMessage());
            vault.vault().remove("moved");
        }
        byte[] cellBefore;
        try (Vault raw = open("g", Format.MSGPACK)) {
            cellBefore = (byte[]) raw.get("b");
            MasterKey next = MasterKey.generate();
            DataKeys.rewrap(raw, master, next);
            assertArrayEquals(cellBefore, (byte[]) raw.get("b"), "rotating the master key rewrites no value");
            assertEquals(InvalidTokenException.Reason.BAD_TAG,
                    assertThrows(InvalidTokenException.class, () -> EncryptedVault.gcm(raw, master)).reason());
            EncryptedVault vault = EncryptedVault.gcm(raw, next);
            assertEquals("bee", vault.get("b"));
            assertEquals(3.5, vault.get(PyTuple.of(1L, "t")));
            assertEquals(Map.of("deep", List.of(1L, 2L)), vault.get("a"));
        }
        // Python's module still reads the file (it never looks at the side table); its Fernet class cannot open GCM values.
        String file = dir.resolve("g.db").toString();
        assertEquals(3, CPythonPeer.run("dump", file).requireSuccess().stdout().size());
        assertEquals(EncryptedPeer.INVALID_TOKEN_EXIT, EncryptedPeer.run(FernetKey.generate().encoded(), "", "dump", file).exitCode());
    }
}
