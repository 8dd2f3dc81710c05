package io.github.vaults4j.bench;

import io.github.vaults4j.Synchronous;
import io.github.vaults4j.VaultOptions;
import java.util.List;

/**
 * A durability and locking setting, applied the same way to every target so that ratios compare equal work:
 * as {@link VaultOptions} for the core, as the equivalent pragmas for raw SQL and for the CPython script.
 */
public enum StorageMode {
    /** As Python's sqlite3 opens a vault: rollback journal, synchronous=FULL, shared locking. */
    DEFAULT(VaultOptions.builder(), List.of()),
    WAL(VaultOptions.builder().wal(true), List.of("PRAGMA journal_mode=WAL")),
    WAL_NORMAL(VaultOptions.builder().wal(true).synchronous(Synchronous.NORMAL),
            List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")),
    EXCLUSIVE(VaultOptions.builder().exclusive(true), List.of("PRAGMA locking_mode=EXCLUSIVE")),
    /** The core's read cache; raw SQL has no cache, so its floor here is the default mode. */
    READ_CACHE(VaultOptions.builder().readCacheSize(100_000), List.of());

    private final VaultOptions options;
    private final List<String> pragmas;

    StorageMode(VaultOptions.Builder options, List<String> pragmas) {
        this.options = options.build();
        this.pragmas = pragmas;
    }

    public VaultOptions options() {
        return options;
    }

    /** The statements a raw connection runs after opening to work in this mode. */
    public List<String> pragmas() {
        return pragmas;
    }
}
