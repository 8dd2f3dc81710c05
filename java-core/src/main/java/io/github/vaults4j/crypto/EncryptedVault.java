package io.github.vaults4j.crypto;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.UnsupportedValueException;
import io.github.vaults4j.Vault;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.DepthLimitException;
import io.github.vaults4j.codec.Nesting;
import io.github.vaults4j.codec.PickleReader;
import io.github.vaults4j.codec.PickleWriter;
import io.github.vaults4j.codec.UnencodableException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.metrics.ToolRuns;
import io.github.vaults4j.metrics.ToolRuns.Tool;
import io.github.vaults4j.metrics.VaultMetrics;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vault whose values are encrypted and whose keys stay in clear, over an ordinary {@link Vault}.
 *
 * <pre>{@code
 * FernetKey key = FernetKey.parse(Files.readString(Path.of("/etc/fuse/vault.key")));
 * try (EncryptedVault secrets = EncryptedVault.fernet(Vault.open(file), key)) {
 *     secrets.put("token", Map.of("user", "ada", "password", "s3cret"));
 *     Object value = secrets.get("token");
 * }
 * }</pre>
 *
 * <h2>Fernet mode, readable by Python</h2> {@link #fernet} stores every value exactly as the design notes'
 * Python {@code EncryptedVault} does: {@code Fernet(key).encrypt(pickle.dumps(value))}, the pickle at
 * {@link #PICKLE_PROTOCOL} as CPython 3.8 to 3.13 write it, kept as a Python {@code bytes} value through the
 * file's normal cell encoding. CPython with the {@code cryptography} package and that class reads what this
 * class writes, and the other way round. With several keys the first encrypts and any decrypts
 * (MultiFernet); {@link #rotate()} re-encrypts every value with the first key.
 *
 * <h2>GCM mode, Java only</h2> {@link #gcm} seals values with AES-256-GCM under a data key that a master key
 * wraps; Python's class cannot read these values. See the package documentation.
 *
 * <h2>Errors and atomicity</h2> A value that does not open with the keys given raises
 * {@link UndecryptableValueException} naming the vault file and the key. Operations that remove or replace a
 * value ({@code put}, {@code remove}, {@code popMany}, {@code popItem}, ...) open the old value inside their
 * transaction, so with a wrong key they fail and write nothing, and a vault never ends up holding values
 * under two keys by mistake. To drop a value that no key opens, remove it through {@link #vault()}.
 *
 * <p>Thread safety is that of the underlying vault; compound operations ({@code putIfAbsent}, {@code compute},
 * {@code merge}, ...) run in one transaction each.
 */
public final class EncryptedVault extends AbstractMap<Object, Object> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedVault.class);
    /**
     * The protocol of the pickle inside each token: what {@code pickle.dumps(value)} writes on CPython 3.8 to
     * 3.13. Readers on either side accept every protocol, so a Python 3.14 writer (protocol 5) is read too.
     */
    public static final int PICKLE_PROTOCOL = 4;

    private final Vault vault;
    private final ValueSealer sealer;

    private EncryptedVault(Vault vault, ValueSealer sealer) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.sealer = sealer;
    }

    /**
     * An encrypted vault in Fernet mode, readable by Python's class.
     *
     * @param keys the keys: the first encrypts, every one decrypts
     */
    public static EncryptedVault fernet(Vault vault, List<FernetKey> keys) {
        return new EncryptedVault(vault, new FernetSealer(keys));
    }

    /** As {@link #fernet(Vault, List)}: {@code key} encrypts, {@code key} and {@code olderKeys} decrypt. */
    public static EncryptedVault fernet(Vault vault, FernetKey key, FernetKey... olderKeys) {
        List<FernetKey> keys = new java.util.ArrayList<>(1 + olderKeys.length);
        keys.add(key);
        keys.addAll(List.of(olderKeys));
        return fernet(vault, keys);
    }

    /**
     * An encrypted vault in AES-256-GCM mode, for Java-only deployments: the vault's data key is unwrapped
     * with the master key (and made and stored, wrapped, on first use). Python's class cannot read it.
     *
     * @throws InvalidTokenException when the master key does not unwrap the vault's data key
     */
    public static EncryptedVault gcm(Vault vault, MasterKey masterKey) {
        return new EncryptedVault(vault, new GcmSealer(DataKeys.dataKey(vault, masterKey)));
    }

    /** The vault underneath, which sees the stored tokens as {@code bytes} values. */
    public Vault vault() {
        return vault;
    }

    // ---------------------------------------------------------------- Map

    @Override
    public Object get(Object key) {
        Object stored = vault.get(key);
        return stored == null ? null : open(key, stored);
    }

    @Override
    public boolean containsKey(Object key) {
        return vault.containsKey(key);
    }

    /** Stores the value; returns the previous one. A previous value no key opens fails the put (nothing written). */
    @Override
    public Object put(Object key, Object value) {
        byte[] sealed = seal(key, value);
        return vault.transactionResult(v -> openOrNull(key, v.put(key, sealed)));
    }

    @Override
    public Object remove(Object key) {
        return vault.transactionResult(v -> openOrNull(key, v.remove(key)));
    }

    @Override
    public int size() {
        return vault.size();
    }

    /** The number of rows, as Python's {@code len(vault)}. */
    public long count() {
        return vault.count();
    }

    @Override
    public boolean isEmpty() {
        return vault.isEmpty();
    }

    @Override
    public void clear() {
        vault.clear();
    }

    @Override
    public void putAll(Map<?, ?> items) {
        putMany(items);
    }

    /** The keys, which are stored in clear: reading them needs no key. */
    @Override
    public Set<Object> keySet() {
        return vault.keySet();
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                Iterator<Map.Entry<Object, Object>> entries = entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Object next() {
                        return entries.next().getValue();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }

            @Override
            public int size() {
                return EncryptedVault.this.size();
            }
        };
    }

    /** The entries, each value opened as the iteration reaches it; {@code setValue} writes through. */
    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, Object>> iterator() {
                Iterator<Map.Entry<Object, Object>> rows = vault.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public Map.Entry<Object, Object> next() {
                        return new OpenedEntry(rows.next());
                    }

                    @Override
                    public void remove() {
                        rows.remove();
                    }
                };
            }

            @Override
            public int size() {
                return EncryptedVault.this.size();
            }

            @Override
            public void clear() {
                EncryptedVault.this.clear();
            }
        };
    }

    // ---------------------------------------------------------------- atomic compound operations

    @Override
    public Object putIfAbsent(Object key, Object value) {
        return vault.transactionResult(v -> super.putIfAbsent(key, value));
    }

    @Override
    public boolean remove(Object key, Object value) {
        return vault.transactionResult(v -> super.remove(key, value));
    }

    @Override
    public Object replace(Object key, Object value) {
        return vault.transactionResult(v -> super.replace(key, value));
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        return vault.transactionResult(v -> super.replace(key, oldValue, newValue));
    }

    @Override
    public Object computeIfAbsent(Object key, Function<? super Object, ?> mapping) {
        return vault.transactionResult(v -> super.computeIfAbsent(key, mapping));
    }

    @Override
    public Object computeIfPresent(Object key, BiFunction<? super Object, ? super Object, ?> remapping) {
        return vault.transactionResult(v -> super.computeIfPresent(key, remapping));
    }

    @Override
    public Object compute(Object key, BiFunction<? super Object, ? super Object, ?> remapping) {
        return vault.transactionResult(v -> super.compute(key, remapping));
    }

    @Override
    public Object merge(Object key, Object value, BiFunction<? super Object, ? super Object, ?> remapping) {
        return vault.transactionResult(v -> super.merge(key, value, remapping));
    }

    // ---------------------------------------------------------------- the Python module's operations

    /** Encrypts and stores every entry in one transaction (see {@link Vault#putMany}); returns how many. */
    public int putMany(Map<?, ?> items) {
        Map<Object, Object> sealed = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : items.entrySet()) {
            sealed.put(entry.getKey(), seal(entry.getKey(), entry.getValue()));
        }
        return vault.putMany(sealed);
    }

    /** The opened values of those keys that exist, read in one snapshot. */
    public Map<Object, Object> getMany(Collection<?> keys) {
        return openAll(vault.getMany(keys));
    }

    /** Removes those keys that exist, in one transaction, and returns their opened values; a wrong key removes nothing. */
    public Map<Object, Object> popMany(Collection<?> keys) {
        return vault.transactionResult(v -> openAll(v.popMany(keys)));
    }

    /** Whether every one of the keys exists; {@code true} for no keys, as in Python. */
    public boolean hasKeys(Collection<?> keys) {
        return vault.hasKeys(keys);
    }

    /** Removes and returns the most recently inserted row, as {@link Vault#popItem()}; a wrong key removes nothing. */
    public Map.Entry<Object, Object> popItem() {
        return vault.transactionResult(v -> {
            Map.Entry<Object, Object> row = v.popItem();
            return new SimpleImmutableEntry<>(row.getKey(), open(row.getKey(), row.getValue()));
        });
    }

    /** The key's value when it exists; otherwise stores the default and returns it. Atomic. */
    public Object setDefault(Object key, Object defaultValue) {
        return vault.transactionResult(v -> {
            if (v.containsKey(key)) {
                return get(key);
            }
            v.put(key, seal(key, defaultValue));
            return defaultValue;
        });
    }

    /** Runs the work in one transaction of the underlying vault: all of it is written, or none. */
    public void transaction(Consumer<? super EncryptedVault> work) {
        vault.transaction(v -> work.accept(this));
    }

    /** As {@link #transaction(Consumer)}, returning what the work returns. */
    public <T> T transactionResult(Function<? super EncryptedVault, T> work) {
        return vault.transactionResult(v -> work.apply(this));
    }

    /**
     * Re-encrypts every value with the first key, in one transaction: either every value is rewritten, or, when
     * one does not open with any key given, none is and {@link UndecryptableValueException} names its key. Keys
     * are not rewritten. In GCM mode there is nothing to do per value: rotate the master key with
     * {@link DataKeys#rewrap} instead.
     *
     * @return the number of values rewritten
     */
    public long rotate() {
        long start = System.nanoTime();
        long rotated = ToolRuns.time(Tool.REKEY, vault.name(), VaultMetrics.systemOf(vault.location()),
                () -> vault.transactionResult(v -> {
                    long rewritten = 0;
                    for (Map.Entry<Object, Object> row : v.entrySet()) {
                        Object key = row.getKey();
                        row.setValue(reseal(key, row.getValue()));
                        rewritten++;
                    }
                    return rewritten;
                }));
        LOG.info("rekey {}: {} values re-encrypted with the first key, {} ms", vault.location(), rotated,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return rotated;
    }

    /** Closes the underlying vault. */
    @Override
    public void close() {
        vault.close();
    }

    @Override
    public String toString() {
        return "EncryptedVault('" + vault.name() + "', " + sealer.describe() + ")";
    }

    // ---------------------------------------------------------------- sealing and opening with context

    /** An entry whose value is opened; {@code setValue} seals and writes through the row's entry. */
    private final class OpenedEntry implements Map.Entry<Object, Object> {
        private final Map.Entry<Object, Object> row;
        private Object value;

        OpenedEntry(Map.Entry<Object, Object> row) {
            this.row = row;
            this.value = open(row.getKey(), row.getValue());
        }

        @Override
        public Object getKey() {
            return row.getKey();
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object newValue) {
            row.setValue(seal(row.getKey(), newValue));
            Object old = value;
            value = newValue;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return getKey() + "=" + value;
        }
    }

    private Map<Object, Object> openAll(Map<Object, Object> stored) {
        Map<Object, Object> opened = new LinkedHashMap<>();
        stored.forEach((key, value) -> opened.put(key, open(key, value)));
        return opened;
    }

    private Object openOrNull(Object key, Object stored) {
        return stored == null ? null : open(key, stored);
    }

    private byte[] seal(Object key, Object value) {
        int maxDepth = vault.options().maxDepth();
        if (Nesting.deeperThan(value, maxDepth)) {
            throw new LimitExceededException(where(key) + ": the value is nested deeper than " + maxDepth
                    + "; nothing was written");
        }
        byte[] pickle;
        try {
            pickle = PickleWriter.write(value, PICKLE_PROTOCOL);
        } catch (DepthLimitException e) {
            throw new LimitExceededException(where(key) + ": the value is nested too deeply to pickle: "
                    + e.getMessage() + "; nothing was written");
        } catch (UnencodableException e) {
            throw new UnsupportedValueException(where(key) + ": cannot pickle the value: " + e.getMessage(), e.reason(), e);
        }
        return sealer.seal(key, pickle);
    }

    private byte[] sealedBytes(Object key, Object stored) {
        if (stored instanceof byte[] sealed) {
            return sealed;
        }
        throw new UndecryptableValueException(where(key) + ": the stored value is " + Values.shortRepr(stored)
                + ", not an encrypted value (bytes)", key, null);
    }

    private byte[] reseal(Object key, Object stored) {
        try {
            return sealer.reseal(key, sealedBytes(key, stored));
        } catch (InvalidTokenException e) {
            throw undecryptable(key, e);
        }
    }

    private Object open(Object key, Object stored) {
        byte[] pickle;
        try {
            pickle = sealer.open(key, sealedBytes(key, stored));
        } catch (InvalidTokenException e) {
            throw undecryptable(key, e);
        }
        int maxDepth = vault.options().maxDepth();
        try {
            return PickleReader.read(pickle, 0, pickle.length, maxDepth);
        } catch (DepthLimitException e) {
            throw new LimitExceededException(where(key) + ": the decrypted value is nested deeper than " + maxDepth
                    + ": " + e.getMessage());
        } catch (CodecException e) {
            throw new CorruptRowException(where(key) + ": the decrypted value is not a valid pickle: "
                    + e.getMessage(), -1, e);
        }
    }

    private UndecryptableValueException undecryptable(Object key, InvalidTokenException e) {
        return new UndecryptableValueException(where(key) + ": cannot open the value with " + sealer.describe()
                + ": " + e.getMessage(), key, e);
    }

    private String where(Object key) {
        return "vault " + vault.location() + ", key " + Values.shortRepr(key);
    }
}
