package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.testing.CPythonPeer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups skip the key encodings a file does not hold; these tests make another writer add a new encoding
 * after the vault has learned which ones the file has, and check that nothing is missed.
 */
class KeyEncodingLookupTest {
    private static final Map<String, String> PYTHON_WITHOUT_MSGPACK = Map.of("VAULTS_REF_NO_MSGPACK", "1");

    @TempDir
    Path folder;

    @Test
    void findsAKeyThatCPythonPickledAfterTheVaultLookedAtTheFile() {
        Path file = folder.resolve("mixed.db");
        try (Vault vault = Vault.open(file)) {
            vault.put("a", 1L);
            assertNull(vault.get("b"));          // the file holds msgpack keys only, and the vault knows it
            CPythonPeer.run(PYTHON_WITHOUT_MSGPACK, "put", file.toString(), "\"b\"", "\"two\"").requireSuccess();
            assertTrue(vault.containsKey("b"));
            assertEquals("two", vault.get("b"));

            // Writes update the pickled row rather than adding a msgpack twin, one by one or in a batch.
            vault.put("b", 3L);
            vault.putMany(Map.of("b", 4L, "c", 5L));
            assertEquals(3, vault.size());
            assertEquals(4L, vault.get("b"));
        }
    }

    @Test
    void findsAKeyThatAnotherVaultOfThisProcessWroteInAnotherEncoding() {
        Path file = folder.resolve("two.db");
        try (Vault msgpack = Vault.open(file, VaultOptions.builder().format(Format.MSGPACK).build());
             Vault pickle = Vault.open(file, VaultOptions.builder().format(Format.PICKLE).build())) {
            msgpack.put("a", 1L);
            assertNull(msgpack.get("p"));
            pickle.put("p", "two");
            assertEquals("two", msgpack.get("p"));
            msgpack.remove("p");
            assertNull(pickle.get("p"));
        }
    }
}
