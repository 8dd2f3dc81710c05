package io.github.vaults4j;

import io.github.vaults4j.codec.Values;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.metrics.VaultMetrics;
import io.github.vaults4j.metrics.VaultMetrics.Operation;
import io.github.vaults4j.rows.AccessLog;
import io.github.vaults4j.rows.KeyWrite;
import io.github.vaults4j.rows.LookupCells;
import io.github.vaults4j.rows.ProfileDetector;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.rows.Twins;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.StoreSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Fuse vault file as a {@link ConcurrentMap}: the SQLite file that Python's {@code vaults} module writes,
 * read and written with the same bytes, while Python programs use it too.
 *
 * <pre>{@code
 * try (Vault vault = Vault.open(Path.of("/srv/fuse/vaults/commons.db"))) {
 *     vault.put("greeting", "hello");                       // a Python str, as vaults 2.x writes it
 *     vault.put("service", Map.of("port", 8080L, "on", true));
 *     Object port = ((Map<?, ?>) vault.get("service")).get("port");   // 8080L
 *     vault.transaction(v -> {                              // all or nothing
 *         v.put("a", 1L);
 *         v.remove("b");
 *     });
 * }
 * }</pre>
 *
 * <h2>Keys</h2> A key is found by its exact bytes, as in Python, but under every encoding a Python writer
 * could have used (msgpack, pickle protocols 2 to 5, with or without marker). So a Java reader sees every
 * row that Python's {@code list_keys()} shows, and a write to a key stored under another encoding updates
 * that row instead of adding a twin. When a file already holds twins (one logical key under two
 * encodings), reads prefer the row in this vault's own write format, writes update every twin, and
 * iteration shows each row.
 *
 * <h2>Values</h2> {@code null} is Python's {@code None}. {@link #get} returns {@code null} both for a
 * missing key and for a stored {@code None}; {@link #containsKey} tells them apart. The type mapping is in
 * the README and in the package documentation.
 *
 * <h2>Concurrency</h2> Every method is safe from many threads. Writes run in {@code BEGIN IMMEDIATE}
 * transactions, so read-modify-write operations ({@link #putIfAbsent}, {@link #replace}, {@link #merge}, ...)
 * are atomic across threads and processes. {@link #put} and {@link #set} skip the transaction where they can: in
 * a file of one key encoding {@code put} is a lookup and an UPSERT that writes only if no other connection
 * committed in between (SQLite's {@code data_version} ties them), so it stays atomic. Iterators are weakly consistent, like those of
 * {@link java.util.concurrent.ConcurrentHashMap}: they read the file in pages by rowid, never hold a lock
 * between pages, see each row that exists throughout the iteration exactly once, and may see changes made
 * while they run.
 *
 * <h2>Errors</h2> A row that cannot be decoded throws {@link CorruptRowException} for the operation that
 * touched it only; an iterator that throws it for one row goes on with the next row on the next call.
 */
public final class Vault extends AbstractMap<Object, Object> implements ConcurrentMap<Object, Object>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
    private static final String DB_SUFFIX = ".db";
    /** popMany's name in the access log (its metrics are removals). */
    private static final String POP_MANY = "popMany";

    private final Store store;
    private final Path file;
    private final Vaults root;
    private final VaultOptions options;
    private final RowCodec codec;
    private final String name;
    /** {@link VaultMetrics#NONE} unless the options carry a meter registry. */
    private final VaultMetrics metrics;
    /** The background expiry sweep, or {@code null} (the default). */
    private final ExpirySweeper sweeper;
    /** {@link AccessLog#OFF} unless the options ask for an access log. */
    private final AccessLog accessLog;

    /** The store under this vault, for the core's own tests; never handed out. */
    Store store() {
        return store;
    }

    /** {@code file} is null for a vault of a PostgreSQL root, whose {@code root} then deletes it. */
    private Vault(Store store, String name, Path file, Vaults root, VaultOptions options, WriteProfile profile) {
        this.store = store;
        this.file = file;
        this.root = root;
        this.options = options;
        this.codec = new RowCodec(store.location(), options, profile);
        this.name = name;
        this.metrics = VaultMetrics.of(options.meterRegistry().orElse(null), name,
                VaultMetrics.systemOf(store.location()), this::count);
        this.sweeper = ExpirySweeper.start(name, options, this::cleanupExpired);
        this.accessLog = AccessLog.of(store, options.accessLog());
    }

    /** Opens the vault file with {@link VaultOptions#defaults()}, creating it when missing. */
    public static Vault open(Path file) {
        return open(file, VaultOptions.defaults());
    }

    /**
     * Opens a vault file.
     *
     * @throws VaultNotFoundException when the file is missing and the options forbid creating it
     * @throws VaultException         when the file is not SQLite or has no vault table
     */
    public static Vault open(Path file, VaultOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Store store = Stores.open(file, options);
        Path opened = Path.of(store.location());
        String fileName = opened.getFileName().toString();
        String name = fileName.endsWith(DB_SUFFIX) ? fileName.substring(0, fileName.length() - DB_SUFFIX.length()) : fileName;
        return open(store, name, opened, null, options);
    }

    /** A vault on an opened store (a file's, or a PostgreSQL root's); closes the store when it cannot be read. */
    static Vault open(Store store, String name, Path file, Vaults root, VaultOptions options) {
        try {
            Generation generation = store.generation();
            WriteProfile profile = store.read(s -> ProfileDetector.detect(s, generation, options));
            return new Vault(store, name, file, root, options, profile);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The vault's file.
     *
     * @throws UnsupportedOperationException for a vault of a PostgreSQL root, which has no file: see {@link #location()}
     */
    public Path file() {
        if (file == null) {
            throw new UnsupportedOperationException("a vault of a PostgreSQL root has no file: " + location());
        }
        return file;
    }

    /**
     * Where the vault is, as messages show it: its file, or for a vault of a PostgreSQL root its root's address
     * without password, {@code #} and its name ({@code postgresql://fuse@db:5432/fuse?schema=vaults#commons}).
     */
    public String location() {
        return store.location();
    }

    /** The vault's name: its file name without {@code .db}, as Python's {@code vault_name}. */
    public String name() {
        return name;
    }

    /** The format writes use: the one asked for in the options, or the one detected from the file. */
    public Format format() {
        return codec.profile().format();
    }

    /** The pickle protocol of pickled cells this vault writes. */
    public int pickleProtocol() {
        return codec.profile().protocol();
    }

    /** The table layout of the file: 1 for vaults 1.x files, 2 for vaults 2.x files. */
    public int generation() {
        return store.generation() == Generation.GEN1 ? 1 : 2;
    }

    /** The options the vault was opened with. */
    public VaultOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- Map and ConcurrentMap

    @Override
    public Object get(Object key) {
        long start = metrics.start();
        long logStart = accessLog.start();
        Row row = find(codec.lookup(key));
        Object value = row == null ? null : codec.value(row);
        metrics.recordGets(start, Operation.GET, row == null ? 0 : 1, row == null ? 1 : 0);
        accessLog.record(Operation.GET.tagValue(), key, logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: get, {}", name, row == null ? "miss" : "hit");
        }
        return value;
    }

    @Override
    public boolean containsKey(Object key) {
        LookupCells candidates = codec.lookup(key);
        if (store.cachesReads()) {
            // The cache holds whole lookups; answering from it beats a statement that reads no value.
            return find(candidates) != null;
        }
        return store.read(c -> c.contains(candidates));
    }

    /** The preferred row stored under one of the candidate cells, through the read cache if there is one. */
    private Row find(LookupCells candidates) {
        return store.lookup(candidates, c -> Twins.preferred(c.find(candidates), candidates));
    }

    /**
     * Stores the value under the key. Returns the previous value; a previous cell that cannot be decoded is
     * replaced all the same, logged at WARN with its rowid, and reported as {@code null}.
     */
    @Override
    public Object put(Object key, Object value) {
        long start = metrics.start();
        long logStart = accessLog.start();
        Row previous = prepareWrite(key, value).put(store);
        metrics.recordPuts(start, Operation.PUT, 1);
        accessLog.record(Operation.PUT.tagValue(), key, logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: put, {}", name, previous == null ? "new key" : "replaced");
        }
        return previousValue(previous);
    }

    /**
     * Stores the value under the key and returns nothing: Python's {@code vault[key] = value} and {@code put}.
     * Cheaper than {@link #put}, which must read the old value: when the file holds keys of this vault's own
     * encoding only, this is one UPSERT statement; otherwise every row the key has under another encoding is
     * updated, as by {@link #put}.
     */
    public void set(Object key, Object value) {
        long start = metrics.start();
        long logStart = accessLog.start();
        prepareWrite(key, value).set(store);
        metrics.recordPuts(start, Operation.SET, 1);
        accessLog.record(Operation.SET.tagValue(), key, logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: set", name);
        }
    }

    @Override
    public Object putIfAbsent(Object key, Object value) {
        KeyWrite write = prepareWrite(key, value);
        return store.writeTransaction(c -> {
            Row current = write.current(c);
            Object existing = current == null ? null : codec.value(current);
            if (existing == null) {
                write.apply(c, true);
            }
            return existing;
        });
    }

    @Override
    public Object remove(Object key) {
        requireWritable();
        long start = metrics.start();
        long logStart = accessLog.start();
        LookupCells candidates = codec.lookup(key);
        Row previous = store.writeTransaction(c -> deleteAll(c, candidates));
        metrics.recordRemovals(start, previous == null ? 0 : 1);
        accessLog.record(Operation.REMOVE.tagValue(), key, logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: remove, {}", name, previous == null ? "no such key" : "removed");
        }
        return previousValue(previous);
    }

    @Override
    public boolean remove(Object key, Object value) {
        requireWritable();
        LookupCells candidates = codec.lookup(key);
        return store.writeTransaction(c -> {
            List<Row> rows = c.find(candidates);
            Row current = Twins.preferred(rows, candidates);
            if (current == null || !Values.same(codec.value(current), value)) {
                return false;
            }
            for (Row row : rows) {
                c.deleteRow(row.rowId());
            }
            return true;
        });
    }

    @Override
    public Object replace(Object key, Object value) {
        KeyWrite write = prepareWrite(key, value);
        return store.writeTransaction(c -> {
            Row current = write.current(c);
            if (current == null) {
                return null;
            }
            Object existing = codec.value(current);
            write.apply(c, false);
            return existing;
        });
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        KeyWrite write = prepareWrite(key, newValue);
        return store.writeTransaction(c -> {
            Row current = write.current(c);
            if (current == null || !Values.same(codec.value(current), oldValue)) {
                return false;
            }
            write.apply(c, false);
            return true;
        });
    }

    /** The number of rows, capped at {@link Integer#MAX_VALUE}; see {@link #count()}. */
    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, count());
    }

    /** The number of rows, as Python's {@code len(vault)}. Twins count once each. */
    public long count() {
        return store.read(StoreSession::count);
    }

    @Override
    public boolean isEmpty() {
        return store.read(c -> c.page(Long.MIN_VALUE, 1, false).isEmpty());
    }

    /** Removes every row in one transaction. */
    @Override
    public void clear() {
        requireWritable();
        store.writeTransaction(StoreSession::deleteAll);
    }

    @Override
    public void putAll(Map<?, ?> items) {
        putMany(items);
    }

    @Override
    public Set<Object> keySet() {
        return new RowSet<>(false, codec::key, this::containsKey, this::removeKey);
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return new RowIterator<>(true, codec::value);
            }

            @Override
            public int size() {
                return Vault.this.size();
            }
        };
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new RowSet<>(true, row -> new RowEntry(row.rowId(), codec.key(row), codec.value(row)),
                this::containsEntry,
                o -> o instanceof Map.Entry<?, ?> entry && remove(entry.getKey(), entry.getValue()));
    }

    // ---------------------------------------------------------------- the Python module's operations

    /**
     * Stores every entry in one transaction: all of them, or none when anything fails (Python's
     * {@code put_many} writes row by row; this one is atomic and much faster).
     *
     * @return the number of entries stored
     */
    public int putMany(Map<?, ?> items) {
        requireWritable();
        long start = metrics.start();
        long logStart = accessLog.start();
        List<KeyWrite> writes = new ArrayList<>(items.size());
        for (Map.Entry<?, ?> entry : items.entrySet()) {
            writes.add(prepareWrite(entry.getKey(), entry.getValue()));
        }
        store.writeTransaction(c -> {
            // Under the write lock no other connection can add a key in a new encoding until the batch commits.
            c.learnEncodings();
            for (KeyWrite write : writes) {
                write.applyInBatch(c);
            }
            return null;
        });
        metrics.recordPuts(start, Operation.PUT_MANY, writes.size());
        accessLog.recordAll(Operation.PUT_MANY.tagValue(), items.keySet(), logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: putMany, {} keys", name, writes.size());
        }
        return writes.size();
    }

    /** The values of those keys that exist (stored {@code None} included), read in one consistent snapshot. */
    public Map<Object, Object> getMany(Collection<?> keys) {
        long start = metrics.start();
        long logStart = accessLog.start();
        Map<Object, LookupCells> lookups = new LinkedHashMap<>();
        for (Object key : keys) {
            lookups.put(key, codec.lookup(key));
        }
        Map<Object, Object> found = store.readTransaction(c -> {
            Map<Object, Object> values = new LinkedHashMap<>();
            for (Map.Entry<Object, LookupCells> lookup : lookups.entrySet()) {
                Row row = Twins.preferred(c.find(lookup.getValue()), lookup.getValue());
                if (row != null) {
                    values.put(lookup.getKey(), codec.value(row));
                }
            }
            return values;
        });
        metrics.recordGets(start, Operation.GET_MANY, found.size(), lookups.size() - found.size());
        accessLog.recordAll(Operation.GET_MANY.tagValue(), lookups.keySet(), logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: getMany, {} of {} keys found", name, found.size(), lookups.size());
        }
        return found;
    }

    /** Removes those keys that exist, in one transaction, and returns their values. */
    public Map<Object, Object> popMany(Collection<?> keys) {
        requireWritable();
        long start = metrics.start();
        long logStart = accessLog.start();
        Map<Object, LookupCells> lookups = new LinkedHashMap<>();
        for (Object key : keys) {
            lookups.put(key, codec.lookup(key));
        }
        Map<Object, Row> removed = store.writeTransaction(c -> {
            Map<Object, Row> rows = new LinkedHashMap<>();
            for (Map.Entry<Object, LookupCells> lookup : lookups.entrySet()) {
                Row row = deleteAll(c, lookup.getValue());
                if (row != null) {
                    rows.put(lookup.getKey(), row);
                }
            }
            return rows;
        });
        metrics.recordRemovals(start, removed.size());
        accessLog.recordAll(POP_MANY, lookups.keySet(), logStart);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: popMany, {} of {} keys removed", name, removed.size(), lookups.size());
        }
        Map<Object, Object> values = new LinkedHashMap<>();
        removed.forEach((key, row) -> values.put(key, previousValue(row)));
        return values;
    }

    /** Whether every one of the keys exists; {@code true} for no keys, as in Python. */
    public boolean hasKeys(Collection<?> keys) {
        List<LookupCells> lookups = new ArrayList<>(keys.size());
        for (Object key : keys) {
            lookups.add(codec.lookup(key));
        }
        return store.readTransaction(c -> {
            for (LookupCells candidates : lookups) {
                if (!c.contains(candidates)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Removes and returns the most recently inserted row, like Python's {@code dict.popitem()}.
     *
     * @throws NoSuchElementException when the vault is empty
     */
    public Map.Entry<Object, Object> popItem() {
        requireWritable();
        Row row = store.writeTransaction(c -> {
            List<Row> newest = c.newest(1);
            if (newest.isEmpty()) {
                return null;
            }
            c.deleteRow(newest.get(0).rowId());
            return newest.get(0);
        });
        if (row == null) {
            throw new NoSuchElementException("vault " + location() + " is empty");
        }
        return new SimpleImmutableEntry<>(codec.key(row), codec.value(row));
    }

    /**
     * Returns the key's value when it exists (even a stored {@code None}); otherwise stores the default and
     * returns it. Atomic.
     */
    public Object setDefault(Object key, Object defaultValue) {
        KeyWrite write = prepareWrite(key, defaultValue);
        return store.writeTransaction(c -> {
            Row current = write.current(c);
            if (current != null) {
                return codec.value(current);
            }
            write.apply(c, true);
            return defaultValue;
        });
    }

    /**
     * Runs the work in one transaction: everything it writes through this vault lands together, or nothing
     * does when it throws. Calls on this vault from the same thread inside the work join the transaction;
     * other threads and processes wait for it (up to the busy timeout).
     *
     * <pre>{@code
     * vault.transaction(v -> {
     *     long balance = (Long) v.get("balance");
     *     v.put("balance", balance - 10);
     *     v.put("log", "paid 10");
     * });
     * }</pre>
     */
    public void transaction(Consumer<? super Vault> work) {
        requireWritable();
        long start = metrics.start();
        store.writeTransaction(c -> {
            work.accept(this);
            return null;
        });
        metrics.record(start, Operation.TRANSACTION);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: transaction committed", name);
        }
    }

    /** As {@link #transaction(Consumer)}, returning what the work returns. */
    public <T> T transactionResult(Function<? super Vault, T> work) {
        requireWritable();
        long start = metrics.start();
        T result = store.writeTransaction(c -> work.apply(this));
        metrics.record(start, Operation.TRANSACTION);
        if (LOG.isDebugEnabled()) {
            LOG.debug("vault {}: transaction committed", name);
        }
        return result;
    }

    /**
     * A named attribute of this vault: a few bytes kept beside its rows in the same store, in a side table that
     * Python's module never reads, so they travel with the file (copies, backups, migrations). Extensions keep
     * their own state here (an encrypted vault's wrapped data key, for one). Joins a running {@link #transaction}.
     *
     * @return the bytes, or empty when the attribute was never set
     */
    public Optional<byte[]> attribute(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(store.read(c -> c.attribute(name)));
    }

    /** Sets a named attribute; see {@link #attribute}. Joins a running {@link #transaction}. */
    public void putAttribute(String name, byte[] value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        requireWritable();
        store.writeTransaction(c -> {
            c.putAttribute(name, value);
            return null;
        });
    }

    // ---------------------------------------------------------------- time to live

    /**
     * Stores the value under the key, to expire after {@code ttl}: from then on every read (here, on GraalPy and in
     * the tools) behaves as if the key were absent, until {@link #cleanupExpired()} removes it. Atomic; joins a
     * running {@link #transaction}. The expiry time lives beside the rows (see the README's "TTL expiry"); a later
     * {@link #put(Object, Object)} of the key, from Java or Python, makes it permanent again.
     *
     * @param ttl positive; expiry is at the options' {@linkplain VaultOptions#clock() clock}'s now plus {@code ttl}
     * @return the previous value, as {@link #put(Object, Object)}
     */
    public Object put(Object key, Object value, Duration ttl) {
        long expiresAt = expiresAt(ttl);
        KeyWrite write = prepareWrite(key, value);
        Row previous = store.writeTransaction(c -> {
            Row old = write.apply(c, true);
            for (Row row : c.find(write.lookup())) {
                c.setExpiry(row.key(), expiresAt);
            }
            return old;
        });
        return previousValue(previous);
    }

    /**
     * Gives an existing key a new time to live, counted from now; its value is not rewritten.
     *
     * @return whether the key exists (an expired key does not)
     */
    public boolean touch(Object key, Duration ttl) {
        long expiresAt = expiresAt(ttl);
        requireWritable();
        LookupCells candidates = codec.lookup(key);
        return store.writeTransaction(c -> {
            List<Row> rows = c.find(candidates);
            for (Row row : rows) {
                c.setExpiry(row.key(), expiresAt);
            }
            return !rows.isEmpty();
        });
    }

    /**
     * The time the key has left: empty when the key is absent (or expired) and when it has no time to live, as
     * Python's {@code ttl(key)} answers {@code None} for both; {@link #containsKey} tells them apart.
     */
    public Optional<Duration> ttl(Object key) {
        LookupCells candidates = codec.lookup(key);
        return store.readTransaction(c -> {
            Row row = Twins.preferred(c.find(candidates), candidates);
            Long at = row == null ? null : c.expiresAt(row.key());
            if (at == null) {
                return Optional.<Duration>empty();
            }
            return Optional.of(Duration.ofMillis(Math.max(0, at - options.clock().millis())));
        });
    }

    /** Removes every expired entry in one transaction and returns how many; Python's {@code cleanup_expired()}. */
    public int cleanupExpired() {
        requireWritable();
        return store.writeTransaction(StoreSession::deleteExpired);
    }

    private long expiresAt(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        long millis = ttl.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : ttl.toMillis();
        if (millis == 0) {
            millis = 1; // a sub-millisecond ttl still expires after now, not at it
        }
        long now = options.clock().millis();
        return now > Long.MAX_VALUE - millis ? Long.MAX_VALUE : now + millis;
    }

    /**
     * The records of this vault's access log at or after {@code since}, oldest first, at most the newest
     * {@code limit}: what every program that opened the vault with {@link VaultOptions#accessLog()} wrote (this
     * vault's buffered records first flushed). Empty when no program kept a log.
     */
    public List<AccessLogEntry> accessLog(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        accessLog.flush();
        return AccessLog.read(store, since, limit);
    }

    /** Closes the vault and deletes its file, as Python's {@code delete_vault()}. */
    public void deleteVault() {
        requireWritable();
        close();
        if (file == null) {
            root.delete(name);
        } else {
            Vaults.deleteFiles(file);
        }
    }

    /** Closes the vault's connections (and stops its expiry sweep). Further calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.close();
        }
        metrics.close();
        if (!store.isClosed()) {
            accessLog.close();
        }
        store.close();
    }

    /** Like Python's repr, without counting the rows: {@code Vault('commons', /srv/vaults/commons.db)}. */
    @Override
    public String toString() {
        return "Vault('" + name + "', " + location() + ")";
    }

    // ---------------------------------------------------------------- views and streaming iteration

    /**
     * Iterates rows in pages by rowid ({@link RowCursor}), each page its own short read, holding no lock between
     * pages; see the class documentation.
     */
    private final class RowIterator<T> implements Iterator<T> {
        private final RowCursor rows;
        private final Function<Row, T> mapper;
        private Row current;

        RowIterator(boolean withValues, Function<Row, T> mapper) {
            this.rows = new RowCursor((after, limit) -> {
                long start = metrics.start();
                List<Row> page = store.read(s -> s.page(after, limit, withValues));
                metrics.record(start, Operation.SCAN);
                return page;
            });
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public T next() {
            current = rows.next();
            return mapper.apply(current);
        }

        @Override
        public void remove() {
            requireWritable();
            if (current == null) {
                throw new IllegalStateException("next() has not returned a row to remove");
            }
            long rowId = current.rowId();
            store.writeTransaction(s -> s.deleteRow(rowId));
            current = null;
        }
    }

    /** An entry backed by its row: {@link #setValue} writes through. */
    private final class RowEntry implements Map.Entry<Object, Object> {
        private final long rowId;
        private final Object key;
        private Object value;

        RowEntry(long rowId, Object key, Object value) {
            this.rowId = rowId;
            this.key = key;
            this.value = value;
        }

        @Override
        public Object getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object newValue) {
            byte[] cell = codec.encodeValue(key, newValue);
            requireWritable();
            store.writeTransaction(c -> {
                c.updateValue(rowId, cell);
                return null;
            });
            Object old = value;
            value = newValue;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(key, e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(key) ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    /** The key and entry views: a set over the rows, with membership and removal answered by the vault. */
    private final class RowSet<T> extends AbstractSet<T> {
        private final boolean withValues;
        private final Function<Row, T> mapper;
        private final Predicate<Object> contains;
        private final Predicate<Object> remove;

        RowSet(boolean withValues, Function<Row, T> mapper, Predicate<Object> contains, Predicate<Object> remove) {
            this.withValues = withValues;
            this.mapper = mapper;
            this.contains = contains;
            this.remove = remove;
        }

        @Override
        public Iterator<T> iterator() {
            return new RowIterator<>(withValues, mapper);
        }

        @Override
        public int size() {
            return Vault.this.size();
        }

        @Override
        public boolean isEmpty() {
            return Vault.this.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            return contains.test(o);
        }

        @Override
        public boolean remove(Object o) {
            return remove.test(o);
        }

        @Override
        public void clear() {
            Vault.this.clear();
        }
    }

    private boolean removeKey(Object key) {
        requireWritable();
        long start = metrics.start();
        LookupCells candidates = codec.lookup(key);
        boolean removed = store.writeTransaction(c -> deleteAll(c, candidates)) != null;
        metrics.recordRemovals(start, removed ? 1 : 0);
        return removed;
    }

    private boolean containsEntry(Object o) {
        if (!(o instanceof Map.Entry<?, ?> entry)) {
            return false;
        }
        LookupCells candidates = codec.lookup(entry.getKey());
        Row row = find(candidates);
        return row != null && Values.same(codec.value(row), entry.getValue());
    }

    // ---------------------------------------------------------------- encoding and decoding with context

    private Object previousValue(Row previous) {
        if (previous == null) {
            return null;
        }
        try {
            return codec.value(previous);
        } catch (VaultException e) {
            LOG.warn("{}; the row was overwritten or removed as asked", e.getMessage());
            return null;
        }
    }

    private void requireWritable() {
        if (options().readOnly()) {
            throw new VaultReadOnlyException("vault " + location() + " is opened read-only");
        }
    }

    private static Row deleteAll(StoreSession c, LookupCells candidates) {
        List<Row> rows = c.find(candidates);
        for (Row row : rows) {
            c.deleteRow(row.rowId());
        }
        return Twins.preferred(rows, candidates);
    }

    private KeyWrite prepareWrite(Object key, Object value) {
        requireWritable();
        return KeyWrite.of(codec, key, value);
    }
}
