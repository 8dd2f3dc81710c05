package io.github.vaults4j;

import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.DepthLimitException;
import io.github.vaults4j.codec.Nesting;
import io.github.vaults4j.codec.UnencodableException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.ProfileDetector;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.storage.StoreConnection;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
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
 * are atomic across threads and processes. Iterators are weakly consistent, like those of
 * {@link java.util.concurrent.ConcurrentHashMap}: they read the file in pages by rowid, never hold a lock
 * between pages, see each row that exists throughout the iteration exactly once, and may see changes made
 * while they run.
 *
 * <h2>Errors</h2> A row that cannot be decoded throws {@link CorruptRowException} for the operation that
 * touched it only; an iterator that throws it for one row goes on with the next row on the next call.
 */
public final class Vault extends AbstractMap<Object, Object> implements ConcurrentMap<Object, Object>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
    private static final int PAGE_SIZE = 256;
    private static final String DB_SUFFIX = ".db";

    private final SqliteStore store;
    private final WriteProfile profile;
    private final String name;

    private Vault(SqliteStore store, WriteProfile profile) {
        this.store = store;
        this.profile = profile;
        String fileName = store.file().getFileName().toString();
        this.name = fileName.endsWith(DB_SUFFIX) ? fileName.substring(0, fileName.length() - DB_SUFFIX.length()) : fileName;
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
        SqliteStore store = SqliteStore.open(file, options);
        try {
            Generation generation = store.generation();
            WriteProfile profile = store.read(c -> ProfileDetector.detect(c, generation, options));
            return new Vault(store, profile);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The vault's file. */
    public Path file() {
        return store.file();
    }

    /** The vault's name: its file name without {@code .db}, as Python's {@code vault_name}. */
    public String name() {
        return name;
    }

    /** The format writes use: the one asked for in the options, or the one detected from the file. */
    public Format format() {
        return profile.format();
    }

    /** The pickle protocol of pickled cells this vault writes. */
    public int pickleProtocol() {
        return profile.protocol();
    }

    /** The table layout of the file: 1 for vaults 1.x files, 2 for vaults 2.x files. */
    public int generation() {
        return store.generation() == Generation.GEN1 ? 1 : 2;
    }

    /**
     * The store under this vault, for tools that work on raw rows (export, import, migration). Store calls
     * made inside {@link #transaction} join that transaction, so raw writes and map writes commit together.
     */
    public SqliteStore store() {
        return store;
    }

    /** The options the vault was opened with. */
    public VaultOptions options() {
        return store.options();
    }

    // ---------------------------------------------------------------- Map and ConcurrentMap

    @Override
    public Object get(Object key) {
        Row row = find(lookupCells(key));
        return row == null ? null : decodeValue(row);
    }

    @Override
    public boolean containsKey(Object key) {
        List<byte[]> candidates = lookupCells(key);
        if (store.cachesReads()) {
            // The cache holds whole lookups; answering from it beats a statement that reads no value.
            return find(candidates) != null;
        }
        return store.read(c -> c.containsAny(candidates));
    }

    /** The preferred row stored under one of the candidate cells, through the read cache if there is one. */
    private Row find(List<byte[]> candidates) {
        return store.lookup(candidates, c -> preferred(c.findByKeys(candidates), candidates));
    }

    /**
     * Stores the value under the key. Returns the previous value; a previous cell that cannot be decoded is
     * replaced all the same, logged at WARN with its rowid, and reported as {@code null}.
     */
    @Override
    public Object put(Object key, Object value) {
        Write write = prepareWrite(key, value);
        Row previous = store.transaction(c -> write.apply(c, true));
        return previousValue(previous);
    }

    @Override
    public Object putIfAbsent(Object key, Object value) {
        Write write = prepareWrite(key, value);
        return store.transaction(c -> {
            Row current = write.current(c);
            Object existing = current == null ? null : decodeValue(current);
            if (existing == null) {
                write.apply(c, true);
            }
            return existing;
        });
    }

    @Override
    public Object remove(Object key) {
        requireWritable();
        List<byte[]> candidates = lookupCells(key);
        Row previous = store.transaction(c -> deleteAll(c, candidates));
        return previousValue(previous);
    }

    @Override
    public boolean remove(Object key, Object value) {
        requireWritable();
        List<byte[]> candidates = lookupCells(key);
        return store.transaction(c -> {
            List<Row> rows = c.findByKeys(candidates);
            Row current = preferred(rows, candidates);
            if (current == null || !Values.same(decodeValue(current), value)) {
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
        Write write = prepareWrite(key, value);
        return store.transaction(c -> {
            Row current = write.current(c);
            if (current == null) {
                return null;
            }
            Object existing = decodeValue(current);
            write.apply(c, false);
            return existing;
        });
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        Write write = prepareWrite(key, newValue);
        return store.transaction(c -> {
            Row current = write.current(c);
            if (current == null || !Values.same(decodeValue(current), oldValue)) {
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
        return store.read(StoreConnection::count);
    }

    @Override
    public boolean isEmpty() {
        return store.read(c -> c.page(Long.MIN_VALUE, 1, false).isEmpty());
    }

    /** Removes every row in one transaction. */
    @Override
    public void clear() {
        requireWritable();
        store.transaction(StoreConnection::deleteAll);
    }

    @Override
    public void putAll(Map<?, ?> items) {
        putMany(items);
    }

    @Override
    public Set<Object> keySet() {
        return new RowSet<>(false, this::decodeKey, this::containsKey, this::removeKey);
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return new RowIterator<>(true, Vault.this::decodeValue);
            }

            @Override
            public int size() {
                return Vault.this.size();
            }
        };
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new RowSet<>(true, row -> new RowEntry(row.rowId(), decodeKey(row), decodeValue(row)),
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
        List<Write> writes = new ArrayList<>(items.size());
        for (Map.Entry<?, ?> entry : items.entrySet()) {
            writes.add(prepareWrite(entry.getKey(), entry.getValue()));
        }
        store.transaction(c -> {
            // Under the write lock no other connection can add a key in a new encoding until the batch commits.
            c.learnEncodings();
            for (Write write : writes) {
                write.applyInBatch(c);
            }
            return null;
        });
        return writes.size();
    }

    /** The values of those keys that exist (stored {@code None} included), read in one consistent snapshot. */
    public Map<Object, Object> getMany(Collection<?> keys) {
        Map<Object, List<byte[]>> lookups = new LinkedHashMap<>();
        for (Object key : keys) {
            lookups.put(key, lookupCells(key));
        }
        return store.snapshot(c -> {
            Map<Object, Object> found = new LinkedHashMap<>();
            for (Map.Entry<Object, List<byte[]>> lookup : lookups.entrySet()) {
                Row row = preferred(c.findByKeys(lookup.getValue()), lookup.getValue());
                if (row != null) {
                    found.put(lookup.getKey(), decodeValue(row));
                }
            }
            return found;
        });
    }

    /** Removes those keys that exist, in one transaction, and returns their values. */
    public Map<Object, Object> popMany(Collection<?> keys) {
        requireWritable();
        Map<Object, List<byte[]>> lookups = new LinkedHashMap<>();
        for (Object key : keys) {
            lookups.put(key, lookupCells(key));
        }
        Map<Object, Row> removed = store.transaction(c -> {
            Map<Object, Row> rows = new LinkedHashMap<>();
            for (Map.Entry<Object, List<byte[]>> lookup : lookups.entrySet()) {
                Row row = deleteAll(c, lookup.getValue());
                if (row != null) {
                    rows.put(lookup.getKey(), row);
                }
            }
            return rows;
        });
        Map<Object, Object> values = new LinkedHashMap<>();
        removed.forEach((key, row) -> values.put(key, previousValue(row)));
        return values;
    }

    /** Whether every one of the keys exists; {@code true} for no keys, as in Python. */
    public boolean hasKeys(Collection<?> keys) {
        List<List<byte[]>> lookups = new ArrayList<>(keys.size());
        for (Object key : keys) {
            lookups.add(lookupCells(key));
        }
        return store.snapshot(c -> {
            for (List<byte[]> candidates : lookups) {
                if (!c.containsAny(candidates)) {
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
        Row row = store.transaction(c -> {
            List<Row> newest = c.newest(1);
            if (newest.isEmpty()) {
                return null;
            }
            c.deleteRow(newest.get(0).rowId());
            return newest.get(0);
        });
        if (row == null) {
            throw new NoSuchElementException("vault " + file() + " is empty");
        }
        return new SimpleImmutableEntry<>(decodeKey(row), decodeValue(row));
    }

    /**
     * Returns the key's value when it exists (even a stored {@code None}); otherwise stores the default and
     * returns it. Atomic.
     */
    public Object setDefault(Object key, Object defaultValue) {
        Write write = prepareWrite(key, defaultValue);
        return store.transaction(c -> {
            Row current = write.current(c);
            if (current != null) {
                return decodeValue(current);
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
        store.transaction(c -> {
            work.accept(this);
            return null;
        });
    }

    /** As {@link #transaction(Consumer)}, returning what the work returns. */
    public <T> T transactionResult(Function<? super Vault, T> work) {
        requireWritable();
        return store.transaction(c -> work.apply(this));
    }

    /** Closes the vault and deletes its file, as Python's {@code delete_vault()}. */
    public void deleteVault() {
        requireWritable();
        close();
        Vaults.deleteFiles(file());
    }

    /** Closes the vault's connections. Further calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        store.close();
    }

    /** Like Python's repr, without counting the rows: {@code Vault('commons', /srv/vaults/commons.db)}. */
    @Override
    public String toString() {
        return "Vault('" + name + "', " + file() + ")";
    }

    // ---------------------------------------------------------------- views and streaming iteration

    /** Iterates rows in pages by rowid, holding no lock between pages; see the class documentation. */
    private final class RowIterator<T> implements Iterator<T> {
        private final boolean withValues;
        private final Function<Row, T> mapper;
        private final Deque<Row> page = new ArrayDeque<>();
        private long lastRowId = Long.MIN_VALUE;
        private boolean exhausted;
        private Row current;

        RowIterator(boolean withValues, Function<Row, T> mapper) {
            this.withValues = withValues;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (page.isEmpty() && !exhausted) {
                List<Row> rows = store.read(c -> c.page(lastRowId, PAGE_SIZE, withValues));
                exhausted = rows.size() < PAGE_SIZE;
                if (!rows.isEmpty()) {
                    lastRowId = rows.get(rows.size() - 1).rowId();
                    page.addAll(rows);
                }
            }
            return !page.isEmpty();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            current = page.poll();
            return mapper.apply(current);
        }

        @Override
        public void remove() {
            requireWritable();
            if (current == null) {
                throw new IllegalStateException("next() has not returned a row to remove");
            }
            long rowId = current.rowId();
            store.transaction(c -> c.deleteRow(rowId));
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
            byte[] cell = encodeCell(key, newValue, false);
            requireWritable();
            store.transaction(c -> {
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
        List<byte[]> candidates = lookupCells(key);
        return store.transaction(c -> deleteAll(c, candidates)) != null;
    }

    private boolean containsEntry(Object o) {
        if (!(o instanceof Map.Entry<?, ?> entry)) {
            return false;
        }
        List<byte[]> candidates = lookupCells(entry.getKey());
        Row row = find(candidates);
        return row != null && Values.same(decodeValue(row), entry.getValue());
    }

    // ---------------------------------------------------------------- encoding and decoding with context

    private List<byte[]> lookupCells(Object key) {
        if (Nesting.deeperThan(key, options().maxDepth())) {
            throw new LimitExceededException(where(key) + ": the key is nested deeper than " + options().maxDepth());
        }
        try {
            return Cells.keyCandidates(key, profile);
        } catch (DepthLimitException e) {
            throw new LimitExceededException(where(key) + ": the key is nested too deeply to encode: " + e.getMessage());
        } catch (UnencodableException e) {
            throw new UnsupportedValueException(where(key) + ": cannot encode the key: " + e.getMessage(), e.reason(), e);
        } catch (StackOverflowError e) {
            throw new UnsupportedValueException(where(key) + ": the key is nested too deeply or refers to itself",
                    UnsupportedValueException.Reason.TOO_DEEP);
        }
    }

    private byte[] encodeCell(Object key, Object value, boolean isKey) {
        String what = isKey ? "key" : "value";
        // The readers refuse cells nested deeper than maxDepth: refuse to write them, so that what this vault
        // writes it can read back, and a value that contains itself fails clearly instead of overflowing.
        if (Nesting.deeperThan(value, options().maxDepth())) {
            throw new LimitExceededException(where(key) + ": the " + what + " is nested deeper than "
                    + options().maxDepth() + "; nothing was written");
        }
        byte[] cell;
        try {
            cell = Cells.encode(value, profile);
        } catch (DepthLimitException e) {
            // A writer's own nesting limit (CPython's pickler has one too): a limit, not a codec failure.
            throw new LimitExceededException(where(key) + ": the " + what + " is nested too deeply to encode: "
                    + e.getMessage() + "; nothing was written");
        } catch (UnencodableException e) {
            throw new UnsupportedValueException(where(key) + ": cannot encode the " + (isKey ? "key" : "value")
                    + " as " + profile + ": " + e.getMessage(), e.reason(), e);
        } catch (StackOverflowError e) {
            throw new UnsupportedValueException(where(key) + ": the " + (isKey ? "key" : "value")
                    + " is nested too deeply or refers to itself", UnsupportedValueException.Reason.TOO_DEEP);
        }
        int limit = isKey ? options().maxKeyBytes() : options().maxValueBytes();
        if (cell.length > limit) {
            throw new LimitExceededException(where(key) + ": the encoded " + (isKey ? "key" : "value") + " has "
                    + cell.length + " bytes, over the limit of " + limit);
        }
        return cell;
    }

    Object decodeKey(Row row) {
        return decodeCell(row, row.key(), true);
    }

    Object decodeValue(Row row) {
        return decodeCell(row, row.value(), false);
    }

    private Object decodeCell(Row row, byte[] cell, boolean isKey) {
        String what = isKey ? "key" : "value";
        if (cell == null) {
            throw new CorruptRowException(whereRow(row, isKey) + ": the " + what + " cell is NULL", row.rowId(), null);
        }
        int limit = isKey ? options().maxKeyBytes() : options().maxValueBytes();
        if (cell.length > limit) {
            throw new LimitExceededException(whereRow(row, isKey) + ": the " + what + " cell has " + cell.length
                    + " bytes, over the limit of " + limit);
        }
        try {
            return Cells.decode(cell, options().maxDepth());
        } catch (DepthLimitException e) {
            throw new LimitExceededException(whereRow(row, isKey) + ": the " + what + " is nested deeper than "
                    + options().maxDepth() + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            // The readers stop at maxDepth; this only guards a maxDepth set beyond what the stack holds.
            throw new LimitExceededException(whereRow(row, isKey) + ": the " + what
                    + " is nested too deeply for the thread's stack (maxDepth " + options().maxDepth() + ")");
        } catch (CodecException e) {
            throw new CorruptRowException(whereRow(row, isKey) + ": cannot decode the " + what + " ("
                    + Cells.encodingOf(cell) + "): " + e.getMessage(), row.rowId(), e);
        }
    }

    private Object previousValue(Row previous) {
        if (previous == null) {
            return null;
        }
        try {
            return decodeValue(previous);
        } catch (VaultException e) {
            LOG.warn("{}; the row was overwritten or removed as asked", e.getMessage());
            return null;
        }
    }

    private String where(Object key) {
        return "vault " + file() + ", key " + Values.shortRepr(key);
    }

    private String whereRow(Row row, boolean keyIsBroken) {
        String key;
        if (keyIsBroken) {
            key = "cell " + hexPrefix(row.key());
        } else {
            try {
                key = Values.shortRepr(Cells.decode(row.key(), options().maxDepth()));
            } catch (RuntimeException | StackOverflowError e) {
                key = "cell " + hexPrefix(row.key());
            }
        }
        return "vault " + file() + ", row " + row.rowId() + ", key " + key;
    }

    private static String hexPrefix(byte[] cell) {
        if (cell == null) {
            return "NULL";
        }
        StringBuilder hex = new StringBuilder("x'");
        for (int i = 0; i < Math.min(cell.length, 24); i++) {
            hex.append(String.format("%02x", cell[i] & 0xff));
        }
        return hex.append(cell.length > 24 ? "...'" : "'").toString();
    }

    private void requireWritable() {
        if (options().readOnly()) {
            throw new VaultReadOnlyException("vault " + file() + " is opened read-only");
        }
    }

    /** Of the rows found for a key's candidate cells, the one whose cell comes first among the candidates. */
    private static Row preferred(List<Row> rows, List<byte[]> candidates) {
        if (rows.size() <= 1) {
            return rows.isEmpty() ? null : rows.get(0);
        }
        for (byte[] candidate : candidates) {
            for (Row row : rows) {
                if (Arrays.equals(row.key(), candidate)) {
                    return row;
                }
            }
        }
        return rows.get(0);
    }

    private static Row deleteAll(StoreConnection c, List<byte[]> candidates) throws SQLException {
        List<Row> rows = c.findByKeys(candidates);
        for (Row row : rows) {
            c.deleteRow(row.rowId());
        }
        return preferred(rows, candidates);
    }

    private Write prepareWrite(Object key, Object value) {
        requireWritable();
        byte[] keyCell = encodeCell(key, key, true);
        byte[] valueCell = encodeCell(key, value, false);
        return new Write(keyCell, valueCell, lookupCells(key));
    }

    /** One encoded key-value pair, ready to be written inside a transaction. */
    private static final class Write {
        final byte[] keyCell;
        final byte[] valueCell;
        final List<byte[]> candidates;

        Write(byte[] keyCell, byte[] valueCell, List<byte[]> candidates) {
            this.keyCell = keyCell;
            this.valueCell = valueCell;
            this.candidates = candidates;
        }

        Row current(StoreConnection c) throws SQLException {
            return preferred(c.findByKeys(candidates), candidates);
        }

        /** Updates every row stored under the key (twins included), or inserts one; returns the preferred old row. */
        Row apply(StoreConnection c, boolean insertIfMissing) throws SQLException {
            List<Row> rows = c.findByKeys(candidates);
            if (rows.isEmpty()) {
                if (insertIfMissing) {
                    c.insert(keyCell, valueCell);
                }
                return null;
            }
            for (Row row : rows) {
                c.updateValue(row.rowId(), valueCell);
            }
            return preferred(rows, candidates);
        }

        /**
         * As {@link #apply}, but one UPSERT when no other candidate's encoding is in the file: then the only row
         * the key can have is the one under its own cell.
         */
        void applyInBatch(StoreConnection c) throws SQLException {
            if (c.holdsOnlyEncodingOf(keyCell)) {
                c.upsert(keyCell, valueCell);
                return;
            }
            for (int i = 1; i < candidates.size(); i++) {
                if (c.mayHoldEncodingOf(candidates.get(i))) {
                    apply(c, true);
                    return;
                }
            }
            c.upsert(keyCell, valueCell);
        }
    }
}
