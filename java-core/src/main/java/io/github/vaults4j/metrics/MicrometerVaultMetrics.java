package io.github.vaults4j.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A vault's meters in a Micrometer registry: Micrometer's cache conventions ({@value #GETS}, {@value #PUTS},
 * {@value #REMOVALS}, {@value #SIZE}, tagged {@code cache=<vault>}) and OpenTelemetry's
 * {@value #DURATION} timer with a percentile histogram; and the tools' runs in Micrometer's global registry
 * ({@link #recordRun}). The only class of the core that names Micrometer.
 *
 * <p>Every meter is registered when the vault opens, so recording is a counter increment and a timer sample.
 * Meters with the same name and tags are shared by the registry: two open instances of one vault add up.
 */
final class MicrometerVaultMetrics implements VaultMetrics {
    static final String GETS = "cache.gets";
    static final String PUTS = "cache.puts";
    static final String REMOVALS = "cache.removals";
    static final String SIZE = "cache.size";
    static final String DURATION = "db.client.operation.duration";
    static final String CACHE_TAG = "cache";
    static final String RESULT_TAG = "result";
    static final String SYSTEM_TAG = "db.system.name";
    static final String OPERATION_TAG = "db.operation.name";
    static final String COLLECTION_TAG = "db.collection.name";
    /**
     * OpenTelemetry's error tag: the failure's exception class on a failed tool run, {@value #NO_ERROR} otherwise.
     * Every {@value #DURATION} meter carries it, vault operations ({@value #NO_ERROR}, as failures are not timed)
     * included: Prometheus refuses meters of one name with different tag keys.
     */
    static final String ERROR_TAG = "error.type";
    static final String NO_ERROR = "none";
    static final String DURATION_DESCRIPTION = "duration of vault operations and tool runs";
    /**
     * How long a row count answers the {@value #SIZE} gauge: counting rows is a full scan of the key index, so a
     * scrape counts at most once in this time; writes by other processes show up within it.
     */
    static final Duration SIZE_MAX_AGE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final Counter puts;
    private final Counter removals;
    private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);
    private final Gauge size;
    /** Held here: the registry keeps only a weak reference to a gauge's object. */
    private final RowCount rowCount;

    /** Takes the registry as {@code Object}, so that callers' bytecode never names a Micrometer type. */
    MicrometerVaultMetrics(Object meterRegistry, String vault, String system, LongSupplier rowCount) {
        MeterRegistry registry = requireRegistry(meterRegistry);
        this.registry = registry;
        Tags cache = Tags.of(CACHE_TAG, vault);
        this.hits = Counter.builder(GETS).tags(cache).tag(RESULT_TAG, "hit")
                .description("keys looked up and found").register(registry);
        this.misses = Counter.builder(GETS).tags(cache).tag(RESULT_TAG, "miss")
                .description("keys looked up and not found").register(registry);
        this.puts = Counter.builder(PUTS).tags(cache).description("keys written").register(registry);
        this.removals = Counter.builder(REMOVALS).tags(cache).description("keys removed").register(registry);
        Tags database = Tags.of(SYSTEM_TAG, system, COLLECTION_TAG, vault);
        for (Operation operation : Operation.values()) {
            timers.put(operation, duration(database, operation.tagValue(), NO_ERROR).register(registry));
        }
        this.rowCount = new RowCount(rowCount);
        this.size = Gauge.builder(SIZE, this.rowCount, RowCount::value).tags(cache)
                .description("rows in the vault, counted at most once per " + SIZE_MAX_AGE).register(registry);
    }

    /**
     * Records one run of a tool into {@link Metrics#globalRegistry}, where an application adds its registry
     * ({@code Metrics.addRegistry(registry)}).
     *
     * @param error the run's failure, or {@code null} when it succeeded
     */
    static void recordRun(String tool, String vault, String system, long nanos, Throwable error) {
        duration(Tags.of(SYSTEM_TAG, system, COLLECTION_TAG, vault), tool,
                error == null ? NO_ERROR : error.getClass().getName())
                .register(Metrics.globalRegistry).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer.Builder duration(Tags database, String operation, String error) {
        return Timer.builder(DURATION).tags(database).tag(OPERATION_TAG, operation).tag(ERROR_TAG, error)
                .description(DURATION_DESCRIPTION).publishPercentileHistogram();
    }

    /** The registry, checked; returned as {@code Object} for the same reason. */
    static Object check(Object registry) {
        return requireRegistry(registry);
    }

    private static MeterRegistry requireRegistry(Object registry) {
        if (registry instanceof MeterRegistry meters) {
            return meters;
        }
        throw new IllegalArgumentException("not a Micrometer MeterRegistry: " + registry.getClass().getName());
    }

    @Override
    public long start() {
        return System.nanoTime();
    }

    @Override
    public void recordGets(long start, Operation operation, int hitCount, int missCount) {
        time(start, operation);
        hits.increment(hitCount);
        misses.increment(missCount);
    }

    @Override
    public void recordPuts(long start, Operation operation, int keys) {
        time(start, operation);
        puts.increment(keys);
    }

    @Override
    public void recordRemovals(long start, int keys) {
        time(start, Operation.REMOVE);
        removals.increment(keys);
    }

    @Override
    public void record(long start, Operation operation) {
        time(start, operation);
    }

    private void time(long start, Operation operation) {
        timers.get(operation).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        registry.remove(size);
    }

    /** The row count, kept for {@link #SIZE_MAX_AGE}; NaN once the vault cannot count (closed). */
    private static final class RowCount {
        private final LongSupplier count;
        private long countedAt;
        private double value = Double.NaN;

        RowCount(LongSupplier count) {
            this.count = count;
        }

        synchronized double value() {
            long now = System.nanoTime();
            if (Double.isNaN(value) || now - countedAt >= SIZE_MAX_AGE.toNanos()) {
                try {
                    value = count.getAsLong();
                } catch (RuntimeException e) {
                    return Double.NaN;
                }
                countedAt = now;
            }
            return value;
        }
    }
}
