package io.github.vaults4j;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional background sweep of a {@link Vault} ({@link VaultOptions#expirySweep()}): one daemon thread that runs
 * {@link Vault#cleanupExpired()} at a fixed delay until the vault closes. Expired entries are invisible without it;
 * the sweep only gives their space back. A failed sweep is logged and the next one runs as planned.
 */
final class ExpirySweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final String THREAD_PREFIX = "vaults4j-expiry-";

    private final ScheduledExecutorService executor;

    private ExpirySweeper(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts the sweep of a vault, or returns {@code null} when the options ask for none (or it is read-only). */
    static ExpirySweeper start(Vault vault, VaultOptions options) {
        Duration every = options.expirySweep();
        if (every.isZero() || options.readOnly()) {
            return null;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + vault.name());
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, every.toMillis());
        executor.scheduleWithFixedDelay(() -> sweep(vault), millis, millis, TimeUnit.MILLISECONDS);
        return new ExpirySweeper(executor);
    }

    private static void sweep(Vault vault) {
        try {
            int removed = vault.cleanupExpired();
            if (removed > 0 && LOG.isDebugEnabled()) {
                LOG.debug("vault {}: expiry sweep removed {} entries", vault.name(), removed);
            }
        } catch (RuntimeException e) {
            // Busy or closing: expired entries stay invisible, and the next sweep tries again.
            LOG.warn("vault {}: expiry sweep failed: {}", vault.name(), e.getMessage());
        }
    }

    /** Stops the sweep; a sweep running now finishes first (it is one short transaction). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
