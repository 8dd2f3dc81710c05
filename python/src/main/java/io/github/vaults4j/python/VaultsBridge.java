package io.github.vaults4j.python;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.UnsupportedValueException;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.AccessLogOptions;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.PickleReader;
import io.github.vaults4j.codec.PickleWriter;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresStore;

/**
 * The host side of the Python {@code vaults} package: one instance per context, made by the package on
 * first use with {@link #create(Value)}. Each exported method is one Python-level operation on a vault and
 * one crossing between Python and Java.
 *
 * <p><b>Values cross as one buffer.</b> Python sends a value as {@code pickle.dumps(value, 4)}, which the
 * core's {@link PickleReader} decodes (GraalPy's pickler writes the same bytes as CPython's for the plain
 * types); Java sends a value back as its marshal when it holds only the plain types ({@link MarshalWriter}:
 * GraalPy loads marshal two to three times faster), else as the CPython-exact pickle the core's
 * {@link PickleWriter} makes; Python turns either into objects with one {@code loads}. One buffer per call costs far less than building
 * a value through host calls, one per item (measured on GraalPy 25.2, interpreted: a six-field record took
 * about 25 µs that way), and it keeps what the pickle memo keeps: a sub-value shared in the file stays
 * shared, a value that contains itself comes back as such. A key that is a {@code str} crosses as it is.
 * Whole-vault reads move one page of rows per crossing ({@link RowPages}); batch writes cross once.
 *
 * <p>Objects of other classes than the plain types come back through Python's unpickler, as in CPython,
 * called under this bridge's frame ({@link #toPython});
 * with an allow-list set ({@code vaults.set_unpickle_allowlist}) the package uses a restricted unpickler
 * that asks {@link UnpickleAllowList} about every global before it is imported.
 *
 * <p>Errors from the core are raised in Python as the exceptions the Python module raises: the bridge
 * calls back into the package's {@code _raise(kind, message)}, and the Python exception that call throws
 * travels back through this frame unchanged. {@link #pythonException(RuntimeException)} is the one place that
 * decides which exception that is.
 *
 * <p>Not for direct use from Java: use {@link io.github.vaults4j.Vault}.
 */
public final class VaultsBridge {
    /** Depth limit for nested values read from Python, as CPython's recursion limit bounds its pickler. */
    private static final int MAX_DEPTH = 1000;
    /** The protocol of the pickles that cross: CPython 3.8–3.13's default, which GraalPy reads fastest. */
    static final int CROSSING_PROTOCOL = 4;
    /** Rows per crossing when a whole vault is read: large enough to hide the crossing, small enough to stream. */
    static final int PAGE_ROWS = 512;

    private final Value raise;
    private final Value loadObjects;

    private VaultsBridge(Value helpers) {
        raise = helpers.getMember("_raise");
        loadObjects = helpers.getMember("_load_objects");
    }

    /**
     * A bridge for the calling context.
     *
     * @param helpers the package's helper module, which defines {@code _raise(kind, message)} and
     *                {@code _load_objects(pickle)}
     */
    @HostAccess.Export
    public static VaultsBridge create(Value helpers) {
        return new VaultsBridge(helpers);
    }

    /**
     * Where vaults live when {@code set_root_path} was never called: the folder holding the module file
     * when it is a real, writable folder (as with the Python module), otherwise the system property
     * {@code vaults4j.root}, the environment variable {@code VAULTS4J_ROOT}, or {@code ~/.vaults4j}.
     * Inside a jar the module file sits in a read-only virtual folder, hence the fallbacks.
     */
    @HostAccess.Export
    public String defaultRoot(String moduleFolder) {
        try {
            Path folder = Path.of(moduleFolder);
            if (Files.isDirectory(folder) && Files.isWritable(folder)) {
                return folder.toString();
            }
        } catch (RuntimeException ignored) {
            // not a host path: fall through to the configured root
        }
        String configured = System.getProperty("vaults4j.root");
        if (configured == null || configured.isEmpty()) {
            configured = System.getenv("VAULTS4J_ROOT");
        }
        if (configured == null || configured.isEmpty()) {
            configured = Path.of(System.getProperty("user.home"), ".vaults4j").toString();
        }
        return configured;
    }

    /**
     * Opens (and with {@code create}, creates) root/vaults/NAME.db, or for a {@code postgresql://} root the vault
     * NAME of that root ({@link ServerRoots}).
     */
    @HostAccess.Export
    public Vault open(String root, String name, boolean create) {
        return open(root, name, create, false);
    }

    /**
     * As {@link #open(String, String, boolean)}, keeping an access log with its defaults when {@code accessLog}
     * (Python's {@code Vault(name, access_log=True)}); the vault's meters go to {@link VaultsPython#meterRegistry}.
     */
    @HostAccess.Export
    public Vault open(String root, String name, boolean create, boolean accessLog) {
        try {
            VaultOptions options = VaultOptions.builder().create(create)
                    .accessLog(accessLog ? AccessLogOptions.defaults() : null)
                    .meterRegistry(VaultsPython.meterRegistry()).build();
            return onServer(root) ? ServerRoots.of(root).open(name, options)
                    : Vaults.at(Path.of(root)).open(name, options);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Whether a root given to {@code set_root_path} is a PostgreSQL address rather than a folder. */
    @HostAccess.Export
    public boolean onServer(String root) {
        return PostgresAddress.isAddress(root);
    }

    /**
     * Opens a PostgreSQL root now, so that a wrong address or password fails in {@code set_root_path}.
     *
     * @return the address without password, for logs
     */
    @HostAccess.Export
    public String useServerRoot(String root) {
        try {
            return ServerRoots.of(root).location();
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** A vault of a PostgreSQL root as {@code Vault.db_path} shows it: the address without password, {@code #NAME}. */
    @HostAccess.Export
    public String serverLocation(String root, String name) {
        try {
            return PostgresStore.location(PostgresAddress.parse(root), name);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Whether a PostgreSQL root has the named vault. */
    @HostAccess.Export
    public boolean serverHas(String root, String name) {
        try {
            return ServerRoots.of(root).names().contains(name);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    @HostAccess.Export
    public String file(Vault vault) {
        return vault.file().toString();
    }

    /** Stores the value (its pickle) under the key (a str, or the pickle of any other key). */
    @HostAccess.Export
    public void put(Vault vault, Value key, Value value) {
        try {
            // Python's put returns nothing: the core's set is one statement where Map.put also reads the old value.
            vault.set(key(key), fromPickle(value));
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** As {@link #put}, to expire after {@code seconds} (Python's {@code put(key, value, ttl=seconds)}). */
    @HostAccess.Export
    public void putWithTtl(Vault vault, Value key, Value value, double seconds) {
        Duration ttl = ttl(seconds);
        try {
            vault.put(key(key), fromPickle(value), ttl);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** A new time to live for an existing key; false when the key is missing (or expired). */
    @HostAccess.Export
    public boolean touch(Vault vault, Value key, double seconds) {
        Duration ttl = ttl(seconds);
        try {
            return vault.touch(key(key), ttl);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** The seconds the key has left, or None when it is missing or has no time to live. */
    @HostAccess.Export
    public Double ttl(Vault vault, Value key) {
        try {
            return vault.ttl(key(key)).map(left -> left.toNanos() / 1e9).orElse(null);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Removes the expired entries; how many. */
    @HostAccess.Export
    public int cleanupExpired(Vault vault) {
        try {
            return vault.cleanupExpired();
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Python's ttl in seconds; a ValueError unless positive and finite. */
    private Duration ttl(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw raise("ValueError", "ttl must be a positive number of seconds: " + seconds);
        }
        return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, Math.ceil(seconds * 1e9)));
    }

    /**
     * The vault's read calls with the vault bound ({@link BoundVault}): the Python {@code Vault} keeps the
     * bound methods, so that each {@code get} and {@code in} is one host call with one argument.
     */
    @HostAccess.Export
    public BoundVault bind(Vault vault) {
        return new BoundVault(vault);
    }

    /**
     * The calls Python makes most, on one vault. Bound once per Python {@code Vault}: a host method kept as a
     * Python attribute and called with the key alone costs about 3 µs less a call than the bridge's method
     * looked up on each call with the vault as an argument (GraalPy 25.2.4, interpreted), a tenth of a
     * {@code get}'s crossing and Python code.
     */
    public final class BoundVault {
        private final Vault vault;

        private BoundVault(Vault vault) {
            this.vault = vault;
        }

        /** The stored value ({@link #toPython}), or None for a missing key and for a stored None alike. */
        @HostAccess.Export
        public Object get(Value key) {
            try {
                Object value = vault.get(key(key));
                return value == null ? null : toPython(topLevel(value));
            } catch (RuntimeException e) {
                throw pythonException(e);
            }
        }

        /** Whether the key is stored (a str, or the pickle of any other key). */
        @HostAccess.Export
        public boolean contains(Value key) {
            try {
                return vault.containsKey(key(key));
            } catch (RuntimeException e) {
                throw pythonException(e);
            }
        }
    }

    /** Removes the key; the old value ({@link #toPython}), None when the key was missing. */
    @HostAccess.Export
    public Object pop(Vault vault, Value key) {
        try {
            return toPython(topLevel(vault.remove(key(key))));
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Removes the key; false when it was missing. */
    @HostAccess.Export
    public boolean delete(Vault vault, Value key) {
        try {
            Object k = key(key);
            if (!vault.containsKey(k)) {
                return false;
            }
            vault.remove(k);
            return true;
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Removes some pair; the tuple (key, value) ({@link #toPython}); VaultError when the vault is empty. */
    @HostAccess.Export
    public Object popItem(Vault vault) {
        try {
            Map.Entry<Object, Object> entry = vault.popItem();
            return toPython(PyTuple.of(topLevel(entry.getKey()), topLevel(entry.getValue())));
        } catch (NoSuchElementException e) {
            throw raise("VaultError", "popitem(): vault '" + vault.name() + "' is empty");
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** Stores every pair of the pickled dict in one transaction; the number of pairs. */
    @HostAccess.Export
    public int putMany(Vault vault, Value items) {
        try {
            if (!(fromPickle(items) instanceof Map<?, ?> map)) {
                throw raise("TypeError", "put_many() takes a dict");
            }
            return vault.putMany(map);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** The dict of the present keys among the pickled list of keys ({@link #toPython}). */
    @HostAccess.Export
    public Object getMany(Vault vault, Value keys) {
        try {
            return toPython(topLevelValues(vault.getMany(keyList(keys))));
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    @HostAccess.Export
    public Object popMany(Vault vault, Value keys) {
        try {
            return toPython(topLevelValues(vault.popMany(keyList(keys))));
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    @HostAccess.Export
    public boolean hasKeys(Vault vault, Value keys) {
        try {
            return vault.hasKeys(keyList(keys));
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** The value now stored under the key ({@link #toPython}). */
    @HostAccess.Export
    public Object setDefault(Vault vault, Value key, Value defaultValue) {
        try {
            return toPython(topLevel(vault.setDefault(key(key), fromPickle(defaultValue))));
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /**
     * The rows of the vault in row order, a page per call of {@link RowPages#next()}: {@code "keys"},
     * {@code "values"} or {@code "items"} (pairs as tuples).
     */
    @HostAccess.Export
    public RowPages rows(Vault vault, String kind) {
        try {
            Iterator<?> rows = switch (kind) {
                case "keys" -> vault.keySet().iterator();
                case "values" -> vault.values().iterator();
                case "items" -> vault.entrySet().iterator();
                default -> throw new IllegalArgumentException("no rows of kind " + kind);
            };
            return new RowPages(rows);
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    /** One pass over a vault's rows, handed to Python a page at a time. */
    public final class RowPages {
        private final Iterator<?> rows;

        private RowPages(Iterator<?> rows) {
            this.rows = rows;
        }

        /** A list of up to {@link #PAGE_ROWS} rows ({@link #toPython}), or None after the last row. */
        @HostAccess.Export
        public Object next() {
            try {
                if (!rows.hasNext()) {
                    return null;
                }
                List<Object> page = new ArrayList<>(PAGE_ROWS);
                while (page.size() < PAGE_ROWS && rows.hasNext()) {
                    Object row = rows.next();
                    page.add(row instanceof Map.Entry<?, ?> e
                            ? PyTuple.of(topLevel(e.getKey()), topLevel(e.getValue())) : topLevel(row));
                }
                return toPython(page);
            } catch (RuntimeException e) {
                throw pythonException(e);
            }
        }
    }

    /** The rule for a list of allowed globals ({@code vaults.set_unpickle_allowlist}); see {@link UnpickleAllowList}. */
    @HostAccess.Export
    public UnpickleAllowList unpickleAllowList(Value names) {
        List<String> entries = new ArrayList<>();
        for (long i = 0; i < names.getArraySize(); i++) {
            entries.add(names.getArrayElement(i).asString());
        }
        try {
            return new UnpickleAllowList(entries);
        } catch (IllegalArgumentException e) {
            throw raise("ValueError", e.getMessage());
        }
    }

    @HostAccess.Export
    public boolean isEmpty(Vault vault) {
        try {
            return vault.isEmpty();
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    @HostAccess.Export
    public int size(Vault vault) {
        try {
            return vault.size();
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    @HostAccess.Export
    public void clear(Vault vault) {
        try {
            vault.clear();
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    @HostAccess.Export
    public void close(Vault vault) {
        try {
            vault.close();
        } catch (Exception e) {
            throw pythonException(e instanceof RuntimeException r ? r : new VaultException(e.getMessage(), e));
        }
    }

    @HostAccess.Export
    public void deleteVault(Vault vault) {
        try {
            vault.deleteVault();
        } catch (RuntimeException e) {
            throw pythonException(e);
        }
    }

    // ---- Python -> Java ------------------------------------------------------------------------

    /** A key as Python sent it: a str as it is, anything else as its pickle. */
    private static Object key(Value key) {
        return key.isString() ? key.asString() : fromPickle(key);
    }

    /** The keys of a pickled list (or tuple) of keys. */
    private static Collection<?> keyList(Value keys) {
        if (!(fromPickle(keys) instanceof Collection<?> list)) {
            throw new IllegalArgumentException("a list of keys was expected");
        }
        return list;
    }

    /** The value of a pickle made by Python's {@code pickle.dumps}, as the core's Java value. */
    private static Object fromPickle(Value pickle) {
        int n = (int) pickle.getBufferSize();
        byte[] bytes = new byte[n];
        pickle.readBuffer(0, bytes, 0, n);
        return PickleReader.read(bytes, 0, n, MAX_DEPTH);
    }

    // ---- Java -> Python ------------------------------------------------------------------------

    /**
     * The value for Python: its marshal when it holds only the types marshal carries ({@link MarshalWriter}),
     * else the pickle Python loads, or, for a value that holds objects of other classes than
     * the plain types, what the package's {@code _load_objects} makes of that pickle here, with its current
     * unpickler: the 1-tuple of the object, or the pair (None, exception) that Python raises in the caller's
     * frame. Plain data never leaves Python's loads; objects are rebuilt under this frame, where the context
     * refusing an operation (starting a process, say), which Python code cannot catch, becomes
     * {@code pickle.UnpicklingError}.
     */
    private Object toPython(Object value) {
        // Plain values go as marshal, which GraalPy loads several times faster than a pickle (MarshalWriter).
        String marshal = MarshalWriter.write(value);
        if (marshal != null) {
            return marshal;
        }
        // As a Latin-1 string: GraalPy copies a Java string in bulk, where it reads a ByteBuffer byte by byte
        // (measured: 38 µs a row for items() through a ByteBuffer); Python encodes it back to the bytes.
        String pickle = new String(PickleWriter.write(value, CROSSING_PROTOCOL), StandardCharsets.ISO_8859_1);
        if (!holdsObject(value)) {
            return pickle;
        }
        try {
            return loadObjects.execute(pickle);
        } catch (PolyglotException e) {
            throw raise("UnpicklingError", "unpickling a stored object was stopped: " + e.getMessage());
        }
    }

    /** Whether the value holds a {@link PyObject} anywhere; iterative, each container visited once. */
    private static boolean holdsObject(Object value) {
        Deque<Object> pending = new ArrayDeque<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        pending.push(value == null ? NONE : value);
        while (!pending.isEmpty()) {
            Object current = pending.pop();
            if (current instanceof PyObject) {
                return true;
            }
            if (current instanceof Collection<?> items && seen.add(current)) {
                for (Object item : items) {
                    if (item != null) {
                        pending.push(item);
                    }
                }
            } else if (current instanceof Map<?, ?> map && seen.add(current)) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getKey() != null) {
                        pending.push(e.getKey());
                    }
                    if (e.getValue() != null) {
                        pending.push(e.getValue());
                    }
                }
            }
        }
        return false;
    }

    /** Stands in for None in the walk's stack, which refuses null. */
    private static final Object NONE = new Object();

    /** As the Python module's reader: a tuple at the top of a key or value comes back as a list. */
    private static Object topLevel(Object value) {
        return value instanceof PyTuple tuple ? new ArrayList<>(tuple) : value;
    }

    private static Map<Object, Object> topLevelValues(Map<?, ?> map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(e.getKey(), topLevel(e.getValue()));
        }
        return out;
    }

    // ---- errors --------------------------------------------------------------------------------

    /**
     * The core's exception as the one the Python module raises for the same cause, thrown through this
     * frame: the one place that maps failures to Python exceptions.
     */
    private RuntimeException pythonException(RuntimeException e) {
        if (e instanceof PolyglotException) {
            return e; // already a Python exception on its way back
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return switch (e) {
            case UnsupportedValueException u -> raise(switch (u.reason()) {
                // msgpack refuses ints outside [-2**63, 2**64-1] with OverflowError and the module lets it out.
                case INT_OUT_OF_RANGE -> "OverflowError";
                case UNSUPPORTED_TYPE -> "TypeError";
                case OUT_OF_PYTHON_RANGE -> "ValueError";
                case TOO_DEEP -> "RecursionError";
            }, message);
            case VaultException v -> raise("VaultError", message);
            // A pickle from Python the core cannot read: what Python's own unpickler would say of bad data.
            case CodecException c -> raise("UnpicklingError", message);
            case IllegalArgumentException i -> raise("TypeError", message);
            case ClassCastException c -> raise("TypeError", message);
            default -> raise("VaultError", e.toString());
        };
    }

    private RuntimeException raise(String kind, String message) {
        try {
            raise.execute(kind, message);
        } catch (PolyglotException thrown) {
            return thrown;
        }
        return new IllegalStateException("_raise returned instead of raising " + kind);
    }
}
