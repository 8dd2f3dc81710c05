package io.github.vaults4j;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a vault keeps its access log ({@link VaultOptions#accessLog()}): one record per key read, written or removed,
 * with the operation, the key, the time, the duration and the caller's process, in a side table of the same store
 * that Python's module never reads (SQLite table {@code vaults4j_access_log}; on PostgreSQL the root's
 * {@code access_log} table). Immutable; every default is a {@code DEFAULT_*} constant.
 *
 * <pre>{@code
 * VaultOptions options = VaultOptions.builder()
 *         .accessLog(AccessLogOptions.builder()
 *                 .maxAge(Duration.ofDays(7))
 *                 .hashKeys(secret)            // HMAC-SHA256 of each key's repr instead of the repr
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p><b>Batching and what a crash loses.</b> Records are buffered in memory and appended in one transaction every
 * {@link #flushEvery()} records, at the first record after one has waited {@link #maxDelay()}, and when the vault
 * closes, so that a read costs no write of its own (one write lock and one commit per batch, not per get). A
 * process that dies without closing the vault loses its buffered records: at most {@code flushEvery - 1}, made in
 * the last {@code maxDelay} or before the vault went idle. Inside a {@link Vault#transaction} nothing is flushed until it ends, so a rolled-back
 * transaction keeps the records of its attempts. A batch that cannot be written (the store busy beyond its timeout)
 * is dropped with a WARN: the log never fails the operation it records.
 */
public final class AccessLogOptions {
    /** Default of {@link #maxAge()}: records older than 30 days are pruned. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** Default of {@link #maxEntries()}. */
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    /** Default of {@link #flushEvery()}. */
    public static final int DEFAULT_FLUSH_EVERY = 256;
    /** Default of {@link #maxDelay()}. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    /** Default of {@link #pruneEvery()}. */
    public static final int DEFAULT_PRUNE_EVERY = 1024;
    /** The shortest secret {@link Builder#hashKeys} accepts: 128 bits. */
    public static final int MIN_HASH_KEY_BYTES = 16;

    private static final AccessLogOptions DEFAULTS = builder().build();

    private final Duration maxAge;
    private final long maxEntries;
    private final int flushEvery;
    private final Duration maxDelay;
    private final int pruneEvery;
    private final byte[] hashKey;

    private AccessLogOptions(Builder b) {
        this.maxAge = Objects.requireNonNull(b.maxAge, "maxAge");
        this.maxEntries = b.maxEntries;
        this.flushEvery = b.flushEvery;
        this.maxDelay = Objects.requireNonNull(b.maxDelay, "maxDelay");
        this.pruneEvery = b.pruneEvery;
        this.hashKey = b.hashKey == null ? null : b.hashKey.clone();
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (maxEntries <= 0 || flushEvery <= 0 || pruneEvery <= 0) {
            throw new IllegalArgumentException("maxEntries, flushEvery and pruneEvery must be positive: " + this);
        }
        if (hashKey != null && hashKey.length < MIN_HASH_KEY_BYTES) {
            throw new IllegalArgumentException("a key-hashing secret needs at least " + MIN_HASH_KEY_BYTES + " bytes, not "
                    + hashKey.length);
        }
    }

    /** Every {@code DEFAULT_*}: keys logged as their repr. */
    public static AccessLogOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Records older than this are pruned; default {@link #DEFAULT_MAX_AGE} (30 days). */
    public Duration maxAge() {
        return maxAge;
    }

    /** At most this many records are kept, the newest; default {@value #DEFAULT_MAX_ENTRIES}. */
    public long maxEntries() {
        return maxEntries;
    }

    /**
     * Records buffered before they are appended in one transaction; default {@value #DEFAULT_FLUSH_EVERY}. Larger
     * means fewer writes and more records lost when the process dies without closing the vault.
     */
    public int flushEvery() {
        return flushEvery;
    }

    /**
     * How long a record may wait in the buffer: the next record after that flushes it, however few are buffered;
     * default {@link #DEFAULT_MAX_DELAY} (5 s). Nothing runs in the background: a vault left idle keeps its buffer
     * until its next operation or its close.
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * Records appended between two prunings of the log by {@link #maxAge} and {@link #maxEntries}; default {@value
     * #DEFAULT_PRUNE_EVERY}. Between prunings the log may exceed its bounds by up to this many records.
     */
    public int pruneEvery() {
        return pruneEvery;
    }

    /**
     * The secret of the keyed hash stored instead of each key's repr ({@code hmac-sha256:} and the hex of
     * HMAC-SHA256 over the repr's UTF-8), or {@code null} (the default) to store the repr. With a hash the log
     * still tells how often one key was used and lets whoever holds the secret test a given key, but does not
     * show the keys to whoever reads the file.
     */
    public byte[] hashKey() {
        return hashKey == null ? null : hashKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessLogOptions o && maxAge.equals(o.maxAge) && maxEntries == o.maxEntries
                && flushEvery == o.flushEvery && maxDelay.equals(o.maxDelay) && pruneEvery == o.pruneEvery && Arrays.equals(hashKey, o.hashKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAge, maxEntries, flushEvery, maxDelay, pruneEvery, Arrays.hashCode(hashKey));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "AccessLogOptions[maxAge=" + maxAge + ", maxEntries=" + maxEntries + ", flushEvery=" + flushEvery
                + ", maxDelay=" + maxDelay + ", pruneEvery=" + pruneEvery + ", keys=" + (hashKey == null ? "repr" : "hmac-sha256") + "]";
    }

    /** Builds {@link AccessLogOptions}; each option starts at its {@code DEFAULT_*} constant. */
    public static final class Builder {
        private Duration maxAge = DEFAULT_MAX_AGE;
        private long maxEntries = DEFAULT_MAX_ENTRIES;
        private int flushEvery = DEFAULT_FLUSH_EVERY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private int pruneEvery = DEFAULT_PRUNE_EVERY;
        private byte[] hashKey;

        private Builder() {
        }

        /** See {@link AccessLogOptions#maxAge()}. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /** See {@link AccessLogOptions#maxEntries()}. */
        public Builder maxEntries(long maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        /** See {@link AccessLogOptions#flushEvery()}. */
        public Builder flushEvery(int flushEvery) {
            this.flushEvery = flushEvery;
            return this;
        }

        /** See {@link AccessLogOptions#maxDelay()}. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        /** See {@link AccessLogOptions#pruneEvery()}. */
        public Builder pruneEvery(int pruneEvery) {
            this.pruneEvery = pruneEvery;
            return this;
        }

        /** See {@link AccessLogOptions#hashKey()}; {@code null} stores the repr. */
        public Builder hashKeys(byte[] secret) {
            this.hashKey = secret == null ? null : secret.clone();
            return this;
        }

        public AccessLogOptions build() {
            return new AccessLogOptions(this);
        }
    }
}
