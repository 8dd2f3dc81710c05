package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Vault#set}: stores like {@link Vault#put} without returning the old value, twins included. */
class SetTest {
    private static final VaultOptions PICKLE = VaultOptions.builder().format(Format.PICKLE).build();
    private static final VaultOptions MSGPACK = VaultOptions.builder().format(Format.MSGPACK).build();

    @TempDir
    Path folder;

    @Test
    void setInsertsAndOverwritesInAFileOfOneEncoding() {
        try (Vault vault = Vault.open(folder.resolve("one.db"))) {
            vault.set("k", "first");
            vault.set("k", "second");
            vault.set("n", 5L);
            assertEquals("second", vault.get("k"));
            assertEquals(5L, vault.get("n"));
            assertEquals(2, vault.count());
        }
    }

    @Test
    void setUpdatesTheRowAKeyHasUnderAnotherEncoding() {
        Path file = folder.resolve("mixed.db");
        try (Vault pickle = Vault.open(file, PICKLE)) {
            pickle.put("k", "old");
        }
        try (Vault msgpack = Vault.open(file, MSGPACK)) {
            msgpack.set("k", "new");
            assertEquals(1, msgpack.count(), "no msgpack twin was added");
        }
        try (Vault pickle = Vault.open(file, PICKLE)) {
            assertEquals("new", pickle.get("k"));
        }
    }

    /** Another connection adds a key of another encoding after this one learnt the file held only its own. */
    @Test
    void setSeesAKeyAnotherConnectionWroteUnderAnotherEncoding() {
        Path file = folder.resolve("shared.db");
        try (Vault msgpack = Vault.open(file, MSGPACK); Vault pickle = Vault.open(file, PICKLE)) {
            msgpack.set("a", 1L); // learns: msgpack keys only
            pickle.put("k", "old");
            msgpack.set("k", "new");
            assertEquals(2, msgpack.count(), "the pickled row was updated, not twinned");
            assertEquals("new", pickle.get("k"));
        }
    }
}
