package io.github.vaults4j.tools;

import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.storage.SqliteStore;
import java.nio.file.Path;

/** How the tools open vault files: the read-only tools never create a file and never write to one. */
final class Stores {
    private static final VaultOptions READ_ONLY = VaultOptions.builder().readOnly(true).create(false).build();
    private static final VaultOptions EXISTING = VaultOptions.builder().create(false).build();

    private Stores() {
    }

    static SqliteStore readOnly(Path file) {
        return SqliteStore.open(file, READ_ONLY);
    }

    static SqliteStore existing(Path file) {
        return SqliteStore.open(file, EXISTING);
    }

    static VaultOptions readOnlyOptions() {
        return READ_ONLY;
    }
}
