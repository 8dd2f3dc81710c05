package io.github.vaults4j;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional background sweep of a vault ({@link VaultOptions#expirySweep()}): one daemon thread that runs
 * the vault's {@code cleanupExpired()} at a fixed delay until the vault closes. Expired entries are invisible without it;
 * the sweep only gives their space back. A failed sweep is logged and the next one runs as planned.
 */
final class ExpirySweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final String THREAD_PREFIX = "vaults4j-expiry-";
    /** How long closing waits for a sweep that is running: one short transaction, bounded by the busy timeout. */
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final ScheduledExecutorService executor;

    private ExpirySweeper(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Starts the sweep of a vault, or returns {@code null} when the options ask for none (or it is read-only).
     *
     * @param cleanup the vault's {@code cleanupExpired}: how many entries it removed
     */
    static ExpirySweeper start(String vault, VaultOptions options, IntSupplier cleanup) {
        Duration every = options.expirySweep();
        if (every.isZero() || options.readOnly()) {
            return null;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + vault);
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, every.toMillis());
        executor.scheduleWithFixedDelay(() -> sweep(vault, cleanup), millis, millis, TimeUnit.MILLISECONDS);
        return new ExpirySweeper(executor);
    }

    private static void sweep(String vault, IntSupplier cleanup) {
        try {
            int removed = cleanup.getAsInt();
            if (removed > 0 && LOG.isDebugEnabled()) {
                LOG.debug("vault {}: expiry sweep removed {} entries", vault, removed);
            }
        } catch (RuntimeException e) {
            // Busy or closing: expired entries stay invisible, and the next sweep tries again.
            LOG.warn("vault {}: expiry sweep failed: {}", vault, e.getMessage());
        }
    }

    /** Stops the sweep; a sweep running now finishes first (it is one short transaction). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
