package io.github.vaults4j.rows;

import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.KeyEncodings;
import io.github.vaults4j.storage.KeyRange;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.postgres.PostgresRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link Store} comes from: the one place that picks the backend (a SQLite file, or a vault of a
 * PostgreSQL root) and tells it the codec's key encodings as byte ranges, whose indexes are the tags {@link RowCodec#encodingTag}
 * gives. The read-only tools open files with {@link #READ_ONLY}: never created, never written.
 */
public final class Stores {
    /** Options of the tools that only read: the file must exist and is opened read-only. */
    public static final VaultOptions READ_ONLY = VaultOptions.builder().readOnly(true).create(false).build();
    /** Options of the tools that write an existing file. */
    public static final VaultOptions EXISTING = VaultOptions.builder().create(false).build();

    private static final List<KeyRange> KEY_RANGES = keyRanges();

    private Stores() {
    }

    private static List<KeyRange> keyRanges() {
        List<KeyRange> ranges = new ArrayList<>(KeyEncodings.COUNT);
        for (int i = 0; i < KeyEncodings.COUNT; i++) {
            ranges.add(new KeyRange(KeyEncodings.low(i), KeyEncodings.high(i)));
        }
        return List.copyOf(ranges);
    }

    /** Opens (and, when the options allow, creates) the store of a vault file. */
    public static Store open(Path file, VaultOptions options) {
        return SqliteStore.open(file, options, KEY_RANGES);
    }

    /**
     * Opens (and, when the options allow, creates) a vault of a PostgreSQL root, with the options' busy timeout as
     * its lock and statement timeout. Read-only options are kept by {@code Vault}, which refuses writes before they
     * reach the store.
     */
    public static Store open(PostgresRoot root, String vault, VaultOptions options) {
        return root.open(vault, options.create(), options.busyTimeout(), options.clock());
    }

    public static Store readOnly(Path file) {
        return open(file, READ_ONLY);
    }

    public static Store existing(Path file) {
        return open(file, EXISTING);
    }
}
