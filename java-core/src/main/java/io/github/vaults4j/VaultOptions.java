package io.github.vaults4j;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Vault} opens its file and writes its cells. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * VaultOptions options = VaultOptions.builder()
 *         .create(false)                       // fail instead of creating a missing file
 *         .format(Format.PICKLE)               // write as vaults 2.x without msgpack
 *         .busyTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * @param create        create the file (and its folder) when it is missing; default {@code true}. With
 *                      {@code false}, opening a missing file throws {@link VaultNotFoundException}.
 * @param format        how writes encode cells; default {@link Format#AUTO} (follow the file)
 * @param pickleProtocol pickle protocol for pickled cells, 2 to 5; 0 (the default) means follow the file, or 4
 *                      (Python 3.8 to 3.13) for a new file. Python 3.14 writes 5.
 * @param readOnly      open the file read-only; writes throw {@link VaultReadOnlyException}; default {@code false}
 * @param busyTimeout   how long an operation waits for another connection's lock before it throws
 *                      {@link VaultBusyException}; default 5 s, as Python's {@code sqlite3.connect}
 * @param maxConnections how many SQLite connections one vault keeps for concurrent readers; default 4
 * @param maxKeyBytes   largest encoded key accepted on write and decoded on read; default 1 MiB
 * @param maxValueBytes largest encoded value accepted on write and decoded on read; default 256 MiB
 * @param maxDepth      deepest nesting of lists, dicts, tuples and sets decoded or encoded; default 1000
 *                      (CPython's own recursion limit)
 * @param wal           switch the file to SQLite's write-ahead log ({@code journal_mode=WAL}); default
 *                      {@code false}, which leaves the file's journal mode as it is (Python's default is the
 *                      rollback journal). WAL roughly halves the cost of a single read and lets readers run
 *                      while a writer commits. Trade-off: the mode is stored in the file, so every later user
 *                      (Python's {@code sqlite3} included, which reads WAL files without any change) works in
 *                      WAL too; the file gets {@code -wal} and {@code -shm} companions; and WAL does not work
 *                      on network file systems. Ignored when read-only.
 * @param synchronous   when commits wait for the disk; default {@link Synchronous#FULL}, as Python. With
 *                      {@link Synchronous#NORMAL} and WAL a write no longer waits for an fsync (a write costs
 *                      microseconds instead of milliseconds) at the price of the last commits before a power
 *                      loss; see {@link Synchronous}.
 * @param exclusive     hold the file's lock for as long as the vault is open ({@code locking_mode=EXCLUSIVE}),
 *                      with a single connection; default {@code false}. Saves the locking system calls of every
 *                      statement (reads cost about a quarter). Trade-off: no other process, Python included,
 *                      can read or write the file until this vault is closed (they get "database is locked"),
 *                      and the vault's threads take turns on its one connection.
 * @param readCacheSize how many recently read entries to keep in memory; default 0 (no cache). A cached
 *                      {@code get} or {@code containsKey} skips the key lookup: before each use the cache
 *                      asks SQLite whether any other connection or process has committed since
 *                      ({@code PRAGMA data_version}) and is emptied when one has, so it never returns stale
 *                      data. Trade-off: memory for up to this many encoded values; that check still costs one
 *                      statement, so the gain is largest with WAL or exclusive mode, smallest on a vault that
 *                      other processes write often.
 */
public record VaultOptions(
        boolean create,
        Format format,
        int pickleProtocol,
        boolean readOnly,
        Duration busyTimeout,
        int maxConnections,
        int maxKeyBytes,
        int maxValueBytes,
        int maxDepth,
        boolean wal,
        Synchronous synchronous,
        boolean exclusive,
        int readCacheSize) {

    private static final VaultOptions DEFAULTS = builder().build();

    public VaultOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(synchronous, "synchronous");
        if (readCacheSize < 0) {
            throw new IllegalArgumentException("readCacheSize must be 0 (no cache) or positive: " + readCacheSize);
        }
        if (pickleProtocol != 0 && (pickleProtocol < 2 || pickleProtocol > 5)) {
            throw new IllegalArgumentException("pickleProtocol must be 0 (follow the file) or 2 to 5: " + pickleProtocol);
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout out of range: " + busyTimeout);
        }
        requirePositive("maxConnections", maxConnections);
        requirePositive("maxKeyBytes", maxKeyBytes);
        requirePositive("maxValueBytes", maxValueBytes);
        requirePositive("maxDepth", maxDepth);
    }

    /** The defaults: create, follow the file's format, 5 s busy timeout. */
    public static VaultOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder()
                .create(create).format(format).pickleProtocol(pickleProtocol).readOnly(readOnly)
                .busyTimeout(busyTimeout).maxConnections(maxConnections)
                .maxKeyBytes(maxKeyBytes).maxValueBytes(maxValueBytes).maxDepth(maxDepth)
                .wal(wal).synchronous(synchronous).exclusive(exclusive).readCacheSize(readCacheSize);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builds {@link VaultOptions}; every setter documents its default on the record component. */
    public static final class Builder {
        private boolean create = true;
        private Format format = Format.AUTO;
        private int pickleProtocol;
        private boolean readOnly;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private int maxConnections = 4;
        private int maxKeyBytes = 1 << 20;
        private int maxValueBytes = 256 << 20;
        private int maxDepth = 1000;
        private boolean wal;
        private Synchronous synchronous = Synchronous.FULL;
        private boolean exclusive;
        private int readCacheSize;

        private Builder() {
        }

        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        public Builder pickleProtocol(int pickleProtocol) {
            this.pickleProtocol = pickleProtocol;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxKeyBytes(int maxKeyBytes) {
            this.maxKeyBytes = maxKeyBytes;
            return this;
        }

        public Builder maxValueBytes(int maxValueBytes) {
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /** Switches the file to WAL; see {@link VaultOptions#wal()}. */
        public Builder wal(boolean wal) {
            this.wal = wal;
            return this;
        }

        /** When commits wait for the disk; see {@link VaultOptions#synchronous()}. */
        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        /** Holds the file's lock while open; see {@link VaultOptions#exclusive()}. */
        public Builder exclusive(boolean exclusive) {
            this.exclusive = exclusive;
            return this;
        }

        /** Entries kept by the read cache, 0 for none; see {@link VaultOptions#readCacheSize()}. */
        public Builder readCacheSize(int readCacheSize) {
            this.readCacheSize = readCacheSize;
            return this;
        }

        public VaultOptions build() {
            return new VaultOptions(create, format, pickleProtocol, readOnly, busyTimeout, maxConnections,
                    maxKeyBytes, maxValueBytes, maxDepth, wal, synchronous, exclusive, readCacheSize);
        }
    }
}
