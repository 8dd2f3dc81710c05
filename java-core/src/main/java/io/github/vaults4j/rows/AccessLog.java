package io.github.vaults4j.rows;

import io.github.vaults4j.AccessLogEntry;
import io.github.vaults4j.AccessLogOptions;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.storage.AccessRecord;
import io.github.vaults4j.storage.Store;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vault's access log as it is written: records buffered in memory and appended to the store's side table in one
 * write transaction every {@link AccessLogOptions#flushEvery()} records, after {@link AccessLogOptions#maxDelay()}
 * and on {@link #close}, then pruned by age
 * and count every {@link AccessLogOptions#pruneEvery()} records. A vault without a log holds {@link #OFF}, which
 * reads no clock and keeps nothing.
 *
 * <p>The batch is written by the thread whose record filled it, outside the buffer's lock, and never inside a
 * transaction of that thread (which a rollback would undo, and which holds the write lock already): such records
 * wait for the next flush. A batch that cannot be written is dropped with a WARN; the log never fails the operation
 * it records.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    /** The log a vault without one holds. */
    public static final AccessLog OFF = new AccessLog(null, null);
    private static final String HMAC = "HmacSHA256";
    /** How a hashed key starts in the log. */
    public static final String HASH_PREFIX = "hmac-sha256:";
    private static final long NANOS_PER_MICRO = 1_000;
    private static final String PROCESS = ProcessHandle.current().pid() + "@" + hostName();

    private final Store store;
    private final AccessLogOptions options;
    private final Object lock = new Object();
    private List<AccessRecord> buffer = new ArrayList<>();
    /** The {@link System#nanoTime()} of the oldest buffered record's operation. */
    private long oldestStart;
    private long appendedSincePrune;

    private AccessLog(Store store, AccessLogOptions options) {
        this.store = store;
        this.options = options;
    }

    /** The log of a vault on this store: {@link #OFF} without options. */
    public static AccessLog of(Store store, Optional<AccessLogOptions> options) {
        return options.map(o -> new AccessLog(store, o)).orElse(OFF);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The start of an operation: a {@link System#nanoTime()} reading, or 0 when the log is off. */
    public long start() {
        return store == null ? 0L : System.nanoTime();
    }

    /** Records one key's operation that started at {@code start}. */
    public void record(String operation, Object key, long start) {
        if (store == null) {
            return;
        }
        long nanos = System.nanoTime() - start;
        add(List.of(record(operation, key, nanos, nowMicros())), start);
    }

    /** Records a batch operation: one record per key, each with the whole batch's duration. */
    public void recordAll(String operation, Collection<?> keys, long start) {
        if (store == null || keys.isEmpty()) {
            return;
        }
        long nanos = System.nanoTime() - start;
        long at = nowMicros();
        List<AccessRecord> records = new ArrayList<>(keys.size());
        for (Object key : keys) {
            records.add(record(operation, key, nanos, at));
        }
        add(records, start);
    }

    private static AccessRecord record(String operation, Object key, long nanos, long at) {
        // The repr now: a key object may change after the call; hashing waits for the flush.
        String repr = Values.repr(key);
        if (repr.length() > AccessLogEntry.MAX_KEY_CHARS) {
            repr = repr.substring(0, AccessLogEntry.MAX_KEY_CHARS);
        }
        return new AccessRecord(at, operation, repr, nanos / NANOS_PER_MICRO, PROCESS);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private void add(List<AccessRecord> records, long start) {
        List<AccessRecord> full = null;
        synchronized (lock) {
            if (buffer.isEmpty()) {
                oldestStart = start;
            }
            buffer.addAll(records);
            boolean due = buffer.size() >= options.flushEvery() || start - oldestStart >= options.maxDelay().toNanos();
            if (due && !store.inTransaction()) {
                full = buffer;
                buffer = new ArrayList<>();
            }
        }
        if (full != null) {
            write(full);
        }
    }

    /** Appends what is buffered now (unless the calling thread is inside a transaction). */
    public void flush() {
        if (store == null || store.inTransaction() || store.isClosed()) {
            return;
        }
        List<AccessRecord> pending;
        synchronized (lock) {
            if (buffer.isEmpty()) {
                return;
            }
            pending = buffer;
            buffer = new ArrayList<>();
        }
        write(pending);
    }

    private void write(List<AccessRecord> records) {
        List<AccessRecord> stored = options.hashKey() == null ? records : hashed(records);
        boolean prune;
        synchronized (lock) {
            appendedSincePrune += records.size();
            prune = appendedSincePrune >= options.pruneEvery();
            if (prune) {
                appendedSincePrune = 0;
            }
        }
        long before = nowMicros() - options.maxAge().toNanos() / NANOS_PER_MICRO;
        try {
            store.writeTransaction(session -> {
                session.appendAccessLog(stored);
                if (prune) {
                    session.pruneAccessLog(before, options.maxEntries());
                }
                return null;
            });
        } catch (VaultException | IllegalStateException e) {
            LOG.warn("vault {}: {} access log records dropped: {}", store.location(), records.size(), e.getMessage());
        }
    }

    private List<AccessRecord> hashed(List<AccessRecord> records) {
        Mac mac = mac(options.hashKey());
        HexFormat hex = HexFormat.of();
        List<AccessRecord> hashed = new ArrayList<>(records.size());
        for (AccessRecord r : records) {
            String key = HASH_PREFIX + hex.formatHex(mac.doFinal(r.key().getBytes(StandardCharsets.UTF_8)));
            hashed.add(new AccessRecord(r.atMicros(), r.operation(), key, r.durationMicros(), r.process()));
        }
        return hashed;
    }

    /** HMAC-SHA256 keyed with the secret. */
    static Mac mac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + HMAC + ": " + e, e);
        }
    }

    /** What a key looks like in a log kept with this secret: for finding one key's records. */
    public static String hashOf(Object key, byte[] secret) {
        String repr = Values.repr(key);
        if (repr.length() > AccessLogEntry.MAX_KEY_CHARS) {
            repr = repr.substring(0, AccessLogEntry.MAX_KEY_CHARS);
        }
        return HASH_PREFIX + HexFormat.of().formatHex(mac(secret).doFinal(repr.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The log's records at or after {@code since}, oldest first, at most the newest {@code limit}: what any
     * program wrote to this store's log (empty when there is none).
     */
    public static List<AccessLogEntry> read(Store store, Instant since, int limit) {
        long sinceMicros = ChronoUnit.MICROS.between(Instant.EPOCH, since);
        List<AccessRecord> records = store.read(session -> session.accessLog(sinceMicros, limit));
        List<AccessLogEntry> entries = new ArrayList<>(records.size());
        for (AccessRecord r : records) {
            entries.add(new AccessLogEntry(Instant.EPOCH.plus(r.atMicros(), ChronoUnit.MICROS), r.operation(), r.key(),
                    r.durationMicros(), r.process()));
        }
        return entries;
    }

    /** Appends what is buffered; the vault closes its store after. */
    @Override
    public void close() {
        flush();
    }
}
