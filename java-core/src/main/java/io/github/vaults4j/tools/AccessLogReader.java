package io.github.vaults4j.tools;

import io.github.vaults4j.AccessLogEntry;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.rows.AccessLog;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.postgres.PostgresRoot;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/** Reads a vault's access log without opening it for writing: a file read-only, a server vault without creating it. */
final class AccessLogReader {
    private AccessLogReader() {
    }

    static List<AccessLogEntry> read(VaultAddress vault, Instant since, int limit) {
        if (vault.onServer()) {
            try (PostgresRoot root = PostgresRoot.open(vault.server()); Store store = root.open(vault.vault(), false)) {
                return AccessLog.read(store, since, limit);
            }
        }
        if (!Files.isRegularFile(vault.file())) {
            throw new VaultNotFoundException("no vault file at " + vault.file());
        }
        try (Store store = Stores.readOnly(vault.file())) {
            return AccessLog.read(store, since, limit);
        }
    }
}
