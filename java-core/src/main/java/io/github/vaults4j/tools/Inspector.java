package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.ProfileDetector;
import io.github.vaults4j.storage.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Summarises a vault file for {@code ls}: reads key cells only, never values, never writes. */
final class Inspector {
    private Inspector() {
    }

    static VaultSummary inspect(Path file) {
        try (SqliteStore store = Stores.readOnly(file)) {
            return store.snapshot(c -> {
                WriteProfile profile = ProfileDetector.detect(c, store.generation(), Stores.readOnlyOptions());
                Map<String, Long> encodings = new TreeMap<>();
                long rows = RowPages.forEach(c, false, Progress.NONE, "reading", -1,
                        row -> encodings.merge(RowDecoder.encodingLabel(row.key()), 1L, Long::sum));
                return new VaultSummary(store.file(), rows, size(store.file()),
                        store.generation() == Generation.GEN1 ? 1 : 2, profile.label(), encodings);
            });
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new VaultException("vault " + file + ": cannot read its size: " + e.getMessage(), e);
        }
    }
}
