package io.github.vaults4j;

import io.github.vaults4j.metrics.VaultMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Vault} opens its file and writes its cells. Immutable; build one with {@link #builder()}. Every
 * default is a {@code DEFAULT_*} constant of this class; an option added later gets its default in the builder,
 * so code that builds options keeps compiling.
 *
 * <pre>{@code
 * VaultOptions options = VaultOptions.builder()
 *         .create(false)                       // fail instead of creating a missing file
 *         .format(Format.PICKLE)               // write as vaults 2.x without msgpack
 *         .busyTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class VaultOptions {
    /** Default of {@link #create()}. */
    public static final boolean DEFAULT_CREATE = true;
    /** Default of {@link #format()}: follow the file. */
    public static final Format DEFAULT_FORMAT = Format.AUTO;
    /** The {@link #pickleProtocol()} that means: follow the file, or 4 for a new file. */
    public static final int FOLLOW_THE_FILE = 0;
    /** Default of {@link #pickleProtocol()}. */
    public static final int DEFAULT_PICKLE_PROTOCOL = FOLLOW_THE_FILE;
    /** Default of {@link #readOnly()}. */
    public static final boolean DEFAULT_READ_ONLY = false;
    /** Default of {@link #busyTimeout()} in milliseconds: Python's {@code sqlite3.connect} waits 5 s. */
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5000;
    /** Default of {@link #busyTimeout()}. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofMillis(DEFAULT_BUSY_TIMEOUT_MILLIS);
    /** Default of {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    /** Default of {@link #maxKeyBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_KEY_BYTES = 1 << 20;
    /** Default of {@link #maxValueBytes()}: 256 MiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 256 << 20;
    /** Default of {@link #maxDepth()}: CPython's own recursion limit. */
    public static final int DEFAULT_MAX_DEPTH = 1000;
    /** Default of {@link #wal()}: leave the file's journal mode as it is. */
    public static final boolean DEFAULT_WAL = false;
    /** Default of {@link #synchronous()}: as Python. */
    public static final Synchronous DEFAULT_SYNCHRONOUS = Synchronous.FULL;
    /** Default of {@link #exclusive()}. */
    public static final boolean DEFAULT_EXCLUSIVE = false;
    /** Default of {@link #readCacheSize()}: no cache. */
    public static final int DEFAULT_READ_CACHE_SIZE = 0;
    /** Default of {@link #clock()}: the system clock, in UTC. */
    public static final Clock DEFAULT_CLOCK = Clock.systemUTC();
    /** Default of {@link #expirySweep()}: no background sweep; expired entries stay until {@code cleanupExpired}. */
    public static final Duration DEFAULT_EXPIRY_SWEEP = Duration.ZERO;

    private static final VaultOptions DEFAULTS = builder().build();

    private final boolean create;
    private final Format format;
    private final int pickleProtocol;
    private final boolean readOnly;
    private final Duration busyTimeout;
    private final int maxConnections;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final int maxDepth;
    private final boolean wal;
    private final Synchronous synchronous;
    private final boolean exclusive;
    private final int readCacheSize;
    private final Object meterRegistry;
    private final Clock clock;
    private final Duration expirySweep;
    private final AccessLogOptions accessLog;

    private VaultOptions(Builder b) {
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.expirySweep = Objects.requireNonNull(b.expirySweep, "expirySweep");
        if (expirySweep.isNegative()) {
            throw new IllegalArgumentException("expirySweep must be zero (off) or positive: " + expirySweep);
        }

        this.create = b.create;
        this.format = b.format;
        this.pickleProtocol = b.pickleProtocol;
        this.readOnly = b.readOnly;
        this.busyTimeout = b.busyTimeout;
        this.maxConnections = b.maxConnections;
        this.maxKeyBytes = b.maxKeyBytes;
        this.maxValueBytes = b.maxValueBytes;
        this.maxDepth = b.maxDepth;
        this.wal = b.wal;
        this.synchronous = b.synchronous;
        this.exclusive = b.exclusive;
        this.readCacheSize = b.readCacheSize;
        this.meterRegistry = b.meterRegistry == null ? null : VaultMetrics.requireRegistry(b.meterRegistry);
        this.accessLog = b.accessLog;
        if (accessLog != null && readOnly) {
            throw new IllegalArgumentException("an access log is written to the vault: it cannot be kept on a vault opened"
                    + " read-only");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(synchronous, "synchronous");
        if (readCacheSize < 0) {
            throw new IllegalArgumentException("readCacheSize must be 0 (no cache) or positive: " + readCacheSize);
        }
        if (pickleProtocol != FOLLOW_THE_FILE) {
            Format.requirePickleProtocol(pickleProtocol);
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout out of range: " + busyTimeout);
        }
        requirePositive("maxConnections", maxConnections);
        requirePositive("maxKeyBytes", maxKeyBytes);
        requirePositive("maxValueBytes", maxValueBytes);
        requirePositive("maxDepth", maxDepth);
    }

    /** The defaults: every {@code DEFAULT_*} constant. */
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
                .wal(wal).synchronous(synchronous).exclusive(exclusive).readCacheSize(readCacheSize)
                .meterRegistry(meterRegistry).clock(clock).expirySweep(expirySweep).accessLog(accessLog);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /**
     * Create the file (and its folder) when it is missing; default {@value #DEFAULT_CREATE}. With {@code false},
     * opening a missing file throws {@link VaultNotFoundException}.
     */
    public boolean create() {
        return create;
    }

    /**
     * How writes encode cells; default {@link #DEFAULT_FORMAT}, {@link Format#AUTO} (follow the file).
     */
    public Format format() {
        return format;
    }

    /**
     * Pickle protocol for pickled cells, {@value Format#LOWEST_PICKLE_PROTOCOL} to {@value
     * Format#HIGHEST_PICKLE_PROTOCOL}; {@value #FOLLOW_THE_FILE} (the default, {@link #DEFAULT_PICKLE_PROTOCOL})
     * means follow the file, or 4 (Python 3.8 to 3.13) for a new file. Python 3.14 writes 5.
     */
    public int pickleProtocol() {
        return pickleProtocol;
    }

    /**
     * Open the file read-only; writes throw {@link VaultReadOnlyException}; default {@value #DEFAULT_READ_ONLY}.
     */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * How long an operation waits for another connection's lock before it throws {@link VaultBusyException};
     * default {@value #DEFAULT_BUSY_TIMEOUT_MILLIS} ms, as Python's {@code sqlite3.connect}.
     */
    public Duration busyTimeout() {
        return busyTimeout;
    }

    /**
     * How many SQLite connections one vault keeps for concurrent readers; default {@value
     * #DEFAULT_MAX_CONNECTIONS}.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Largest encoded key accepted on write and decoded on read; default {@value #DEFAULT_MAX_KEY_BYTES} (1 MiB).
     */
    public int maxKeyBytes() {
        return maxKeyBytes;
    }

    /**
     * Largest encoded value accepted on write and decoded on read; default {@value #DEFAULT_MAX_VALUE_BYTES} (256
     * MiB).
     */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    /**
     * Deepest nesting of lists, dicts, tuples and sets decoded or encoded; default {@value #DEFAULT_MAX_DEPTH}
     * (CPython's own recursion limit).
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Switch the file to SQLite's write-ahead log ({@code journal_mode=WAL}); default {@value #DEFAULT_WAL}, which
     * leaves the file's journal mode as it is (Python's default is the rollback journal). WAL roughly halves the
     * cost of a single read and lets readers run while a writer commits. Trade-off: the mode is stored in the file,
     * so every later user (Python's {@code sqlite3} included, which reads WAL files without any change) works in
     * WAL too; the file gets {@code -wal} and {@code -shm} companions; and WAL does not work on network file
     * systems. Ignored when read-only.
     */
    public boolean wal() {
        return wal;
    }

    /**
     * When commits wait for the disk; default {@link #DEFAULT_SYNCHRONOUS}, {@link Synchronous#FULL}, as Python.
     * With {@link Synchronous#NORMAL} and WAL a write no longer waits for an fsync (a write costs microseconds
     * instead of milliseconds) at the price of the last commits before a power loss; see {@link Synchronous}.
     */
    public Synchronous synchronous() {
        return synchronous;
    }

    /**
     * Hold the file's lock for as long as the vault is open ({@code locking_mode=EXCLUSIVE}), with a single
     * connection; default {@value #DEFAULT_EXCLUSIVE}. Saves the locking system calls of every statement (reads
     * cost about a quarter). Trade-off: no other process, Python included, can read or write the file until this
     * vault is closed (they get "database is locked"), and the vault's threads take turns on its one connection.
     */
    public boolean exclusive() {
        return exclusive;
    }

    /**
     * How many recently read entries to keep in memory; default {@value #DEFAULT_READ_CACHE_SIZE} (no cache). A
     * cached {@code get} or {@code containsKey} skips the key lookup: before each use the cache asks SQLite whether
     * any other connection or process has committed since ({@code PRAGMA data_version}) and is emptied when one
     * has, so it never returns stale data. Trade-off: memory for up to this many encoded values; that check still
     * costs one statement, so the gain is largest with WAL or exclusive mode, smallest on a vault that other
     * processes write often.
     */
    public int readCacheSize() {
        return readCacheSize;
    }

    /**
     * The Micrometer {@code MeterRegistry} the vault's meters are registered in, or empty (the default): no metrics,
     * and no Micrometer class loaded. Typed {@code Object} so that this class's signatures never name Micrometer,
     * which is an optional dependency: reflection over the options (GraalPy's host access, frameworks) then never
     * needs it. The meters are listed in the README's "Metrics and logging" section.
     */
    public Optional<Object> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /**
     * The clock that decides when an entry with a time to live has expired; default {@link #DEFAULT_CLOCK}. Every
     * reader must agree on the time, so only tests set another one (a fixed or hand-advanced clock makes expiry
     * testable without waiting).
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How often a background thread removes expired entries ({@link Vault#cleanupExpired()}); default {@link
     * #DEFAULT_EXPIRY_SWEEP}, {@link Duration#ZERO}: no thread, expired entries are invisible to every read and stay
     * in the store until a cleanup (or {@code bin/vaults expire}) removes them. The thread is a daemon the vault
     * stops when it closes.
     */
    public Duration expirySweep() {
        return expirySweep;
    }

    /**
     * The access log the vault keeps, or empty (the default): no log. See {@link AccessLogOptions} for what is kept,
     * its bounds, the keyed hash that keeps keys private, and what a crash loses.
     */
    public Optional<AccessLogOptions> accessLog() {
        return Optional.ofNullable(accessLog);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VaultOptions o
                && create == o.create
                && format == o.format
                && pickleProtocol == o.pickleProtocol
                && readOnly == o.readOnly
                && busyTimeout.equals(o.busyTimeout)
                && maxConnections == o.maxConnections
                && maxKeyBytes == o.maxKeyBytes
                && maxValueBytes == o.maxValueBytes
                && maxDepth == o.maxDepth
                && wal == o.wal
                && synchronous == o.synchronous
                && exclusive == o.exclusive
                && readCacheSize == o.readCacheSize
                && meterRegistry == o.meterRegistry
                && clock.equals(o.clock)
                && expirySweep.equals(o.expirySweep)
                && Objects.equals(accessLog, o.accessLog);
    }

    @Override
    public int hashCode() {
        return Objects.hash(create, format, pickleProtocol, readOnly, busyTimeout, maxConnections, maxKeyBytes, maxValueBytes, maxDepth, wal, synchronous, exclusive, readCacheSize,
                System.identityHashCode(meterRegistry), clock, expirySweep, accessLog);
    }

    @Override
    public String toString() {
        return "VaultOptions[create=" + create + ", format=" + format + ", pickleProtocol=" + pickleProtocol + ", readOnly=" + readOnly + ", busyTimeout=" + busyTimeout + ", maxConnections=" + maxConnections + ", maxKeyBytes=" + maxKeyBytes + ", maxValueBytes=" + maxValueBytes + ", maxDepth=" + maxDepth + ", wal=" + wal + ", synchronous=" + synchronous + ", exclusive=" + exclusive + ", readCacheSize=" + readCacheSize
                + ", meterRegistry=" + (meterRegistry == null ? "none" : meterRegistry.getClass().getSimpleName())
                + ", clock=" + clock + ", expirySweep=" + expirySweep
                + ", accessLog=" + (accessLog == null ? "off" : accessLog) + "]";
    }

    /** Builds {@link VaultOptions}; each option starts at its {@code DEFAULT_*} constant. */
    public static final class Builder {
        private boolean create = DEFAULT_CREATE;
        private Format format = DEFAULT_FORMAT;
        private int pickleProtocol = DEFAULT_PICKLE_PROTOCOL;
        private boolean readOnly = DEFAULT_READ_ONLY;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxKeyBytes = DEFAULT_MAX_KEY_BYTES;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private boolean wal = DEFAULT_WAL;
        private Synchronous synchronous = DEFAULT_SYNCHRONOUS;
        private boolean exclusive = DEFAULT_EXCLUSIVE;
        private int readCacheSize = DEFAULT_READ_CACHE_SIZE;
        private Object meterRegistry;
        private Clock clock = DEFAULT_CLOCK;
        private Duration expirySweep = DEFAULT_EXPIRY_SWEEP;
        private AccessLogOptions accessLog;

        private Builder() {
        }

        /** See {@link VaultOptions#create()}. */
        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        /** See {@link VaultOptions#format()}. */
        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        /** See {@link VaultOptions#pickleProtocol()}. */
        public Builder pickleProtocol(int pickleProtocol) {
            this.pickleProtocol = pickleProtocol;
            return this;
        }

        /** See {@link VaultOptions#readOnly()}. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** See {@link VaultOptions#busyTimeout()}. */
        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        /** See {@link VaultOptions#maxConnections()}. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** See {@link VaultOptions#maxKeyBytes()}. */
        public Builder maxKeyBytes(int maxKeyBytes) {
            this.maxKeyBytes = maxKeyBytes;
            return this;
        }

        /** See {@link VaultOptions#maxValueBytes()}. */
        public Builder maxValueBytes(int maxValueBytes) {
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        /** See {@link VaultOptions#maxDepth()}. */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /** See {@link VaultOptions#wal()}. */
        public Builder wal(boolean wal) {
            this.wal = wal;
            return this;
        }

        /** See {@link VaultOptions#synchronous()}. */
        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        /** See {@link VaultOptions#exclusive()}. */
        public Builder exclusive(boolean exclusive) {
            this.exclusive = exclusive;
            return this;
        }

        /** See {@link VaultOptions#readCacheSize()}. */
        public Builder readCacheSize(int readCacheSize) {
            this.readCacheSize = readCacheSize;
            return this;
        }

        /**
         * See {@link VaultOptions#meterRegistry()}: a Micrometer {@code MeterRegistry}, or {@code null} for none.
         *
         * @throws IllegalArgumentException at {@link #build} when it is not a {@code MeterRegistry}
         */
        public Builder meterRegistry(Object meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** See {@link VaultOptions#clock()}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** See {@link VaultOptions#expirySweep()}: {@link Duration#ZERO} for none. */
        public Builder expirySweep(Duration expirySweep) {
            this.expirySweep = expirySweep;
            return this;
        }

        /**
         * See {@link VaultOptions#accessLog()}: {@link AccessLogOptions#defaults()} to keep a log, {@code null} (the
         * default) for none.
         *
         * @throws IllegalArgumentException at {@link #build} when the vault is also read-only
         */
        public Builder accessLog(AccessLogOptions accessLog) {
            this.accessLog = accessLog;
            return this;
        }

        public VaultOptions build() {
            return new VaultOptions(this);
        }
    }
}
