package io.github.vaults4j.metrics;

import java.util.function.LongSupplier;

/**
 * What a vault reports about its operations. A vault opened without a meter registry holds {@link #NONE}, whose
 * methods do nothing: the uninstrumented path reads no clock and allocates nothing.
 *
 * <p>The protocol: {@code long start = metrics.start();} before the operation, then one {@code record} call with
 * that start once it has succeeded. Failed operations are not recorded.
 */
public interface VaultMetrics {
    /** The operations timed by {@code db.client.operation.duration}, named by their {@code db.operation.name}. */
    enum Operation {
        GET("get"),
        PUT("put"),
        SET("set"),
        PUT_MANY("putMany"),
        GET_MANY("getMany"),
        REMOVE("remove"),
        SCAN("scan"),
        TRANSACTION("transaction");

        private final String tagValue;

        Operation(String tagValue) {
            this.tagValue = tagValue;
        }

        /** The value of the {@code db.operation.name} tag. */
        public String tagValue() {
            return tagValue;
        }
    }

    /** The {@code db.system.name} of a SQLite file. */
    String SQLITE = "sqlite";
    /** The {@code db.system.name} of a PostgreSQL store. */
    String POSTGRESQL = "postgresql";

    /** The {@code db.system.name} of a vault at a location ({@code Vault.location()}): a server's starts with it. */
    static String systemOf(String location) {
        return location.startsWith(POSTGRESQL + ":") ? POSTGRESQL : SQLITE;
    }

    /** Records nothing. */
    VaultMetrics NONE = new VaultMetrics() {
        @Override
        public long start() {
            return 0L;
        }

        @Override
        public void recordGets(long start, Operation operation, int hits, int misses) {
        }

        @Override
        public void recordPuts(long start, Operation operation, int keys) {
        }

        @Override
        public void recordRemovals(long start, int keys) {
        }

        @Override
        public void record(long start, Operation operation) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * The metrics of one vault: {@link #NONE} without a registry, otherwise Micrometer meters in it.
     *
     * @param registry   a Micrometer {@code MeterRegistry}, or {@code null} for none
     * @param vault      the vault's name: the {@code cache} and {@code db.collection.name} tags
     * @param system     the {@code db.system.name} tag: {@code sqlite} or {@code postgresql}
     * @param rowCount   counts the vault's rows, for the {@code cache.size} gauge (called at most once per
     *                   {@link MicrometerVaultMetrics#SIZE_MAX_AGE})
     */
    static VaultMetrics of(Object registry, String vault, String system, LongSupplier rowCount) {
        if (registry == null) {
            return NONE;
        }
        return new MicrometerVaultMetrics(requireRegistry(registry), vault, system, rowCount);
    }

    /**
     * Checks that a registry is a Micrometer {@code MeterRegistry}, loading Micrometer only now.
     *
     * @throws IllegalArgumentException when it is not one, or Micrometer is not on the class path
     */
    static Object requireRegistry(Object registry) {
        try {
            return MicrometerVaultMetrics.check(registry);
        } catch (LinkageError e) {
            throw new IllegalArgumentException("a meter registry was given but Micrometer (io.micrometer:micrometer-core)"
                    + " is not on the class path: " + e, e);
        }
    }

    /** The start of an operation: a {@link System#nanoTime()} reading, or 0 when nothing is recorded. */
    long start();

    /** A lookup of keys: one {@code cache.gets} per key, tagged {@code hit} or {@code miss}, and its duration. */
    void recordGets(long start, Operation operation, int hits, int misses);

    /** A write of keys: one {@code cache.puts} per key, and its duration. */
    void recordPuts(long start, Operation operation, int keys);

    /** A removal: one {@code cache.removals} per removed key, and its duration as {@code remove}. */
    void recordRemovals(long start, int keys);

    /** The duration of an operation that reads or writes no key of its own (a scan page, a transaction). */
    void record(long start, Operation operation);

    /** Takes this vault's size gauge out of the registry; its counters and timers stay. */
    void close();
}
