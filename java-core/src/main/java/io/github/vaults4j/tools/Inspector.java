package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.rows.ProfileDetector;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Summarises a vault (a file or a vault on a server) for {@code ls}: reads key cells only, never values, never writes. */
final class Inspector {
    private Inspector() {
    }

    static VaultSummary inspect(VaultAddress address) {
        try (OpenVault vault = OpenVault.readOnly(address)) {
            Store store = vault.store();
            Path at = vault.file() == null ? null : Path.of(store.location());
            return store.readTransaction(c -> {
                WriteProfile profile = ProfileDetector.detect(c, store.generation(), Stores.READ_ONLY);
                Map<String, Long> encodings = new TreeMap<>();
                long rows = RowCursor.over(c, false).forEach(
                        row -> encodings.merge(RowCodec.encodingLabel(row.key()), 1L, Long::sum), done -> { });
                return new VaultSummary(at, rows, at == null ? VaultSummary.NOT_A_FILE : size(at),
                        store.generation() == Generation.GEN1 ? 1 : 2, profile.label(), encodings, vault.location());
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
