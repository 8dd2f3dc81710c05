package io.github.vaults4j.codec;

import static io.github.vaults4j.codec.Opcodes.*;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.UnsupportedValueException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes Java values as pickles equal, byte for byte, to what CPython 3.11's C pickler
 * ({@code pickle.dumps(value, protocol)}) writes for the equivalent Python value.
 *
 * <p><b>Identity and the memo.</b> CPython memoizes by object identity: an object met a second time is
 * written as a reference (BINGET) to its first occurrence. This writer memoizes by Java identity, with one
 * exception: the empty string, one-character strings with a code point up to U+00FF, empty bytes and
 * one-byte bytes are memoized by value, because CPython keeps exactly those as singletons, so equal ones are
 * always the same object there. Consequences:
 * <ul>
 *   <li>a value decoded by {@link PickleReader}, which returns the same Java reference for every reference to
 *   one memo entry and a fresh object for everything else, encodes back to the identical bytes;</li>
 *   <li>equal Java string literals are one interned object, as equal literals in one Python code object are,
 *   so {@code List.of("ab", "ab")} pickles as Python's {@code ["ab", "ab"]} does;</li>
 *   <li>{@code datetime.timezone.utc} and a {@code ZoneInfo} of a given key are singletons in Python, so an
 *   {@link OffsetDateTime} with offset zero shares one timezone object, and {@link ZonedDateTime}s of one
 *   zone share one ZoneInfo; any other fixed offset gets its own {@code timezone} object per value, as
 *   {@code datetime.fromisoformat} creates them.</li>
 * </ul>
 *
 * <p><b>Framing</b> (protocol 4 and later), as CPython does it: a frame is closed at the start of the next
 * object once it holds 64 KiB or more; a str, bytes or bytearray payload of 64 KiB or more is written outside
 * any frame (the frame so far is closed first); a frame is written with its FRAME header only when it holds
 * 4 bytes or more.
 *
 * <p>The Java to Python type mapping is described in the package documentation. A value of any other Java
 * type raises {@link UnencodableException} naming its class.
 */
public final class PickleWriter {
    /** CPython closes a frame once it reaches this size, and writes larger payloads outside frames. */
    static final int FRAME_SIZE_TARGET = 64 * 1024;
    static final int BATCH_SIZE = 1000;
    /** Nested saves beyond this fail in CPython too (its recursion limit is 1000). */
    static final int MAX_DEPTH = 1000;
    private static final PyObject BUILTIN_BYTES = PyObject.global("builtins", "bytes");
    private static final PyObject BUILTIN_BYTEARRAY = PyObject.global("builtins", "bytearray");
    private static final PyObject BUILTIN_SET = PyObject.global("builtins", "set");
    private static final PyObject BUILTIN_FROZENSET = PyObject.global("builtins", "frozenset");
    private static final PyObject BUILTIN_COMPLEX = PyObject.global("builtins", "complex");
    private static final PyObject CODECS_ENCODE = PyObject.global("_codecs", "encode");
    private static final PyObject DECIMAL = PyObject.global("decimal", "Decimal");
    /** CPython's interned identifier, the same object in every {@code _codecs.encode} reduction. */
    private static final String LATIN1 = "latin1";

    private final GrowableBytes out = new GrowableBytes(256);
    private final int proto;
    private boolean framing;
    private int frameStart = -1;
    private int depth;
    private int memoSize;
    // Sized for a key or a small record: most pickles are, and a write allocates these anew.
    private final IdentityHashMap<Object, Integer> memo = new IdentityHashMap<>(8);
    /** Memo indexes of CPython's singleton str (0-256) and bytes (257-513) values; made on first use. */
    private int[] singletonMemo;
    /** Class objects, by "module\nqualname": one class object per name. */
    private final Map<String, Integer> globalMemo = new HashMap<>();
    /** Module names and Python-defined qualnames, which CPython interns. */
    private final Map<String, Integer> internedNameMemo = new HashMap<>();
    private final Map<String, PyObject> zones = new HashMap<>();

    private PickleWriter(int proto) {
        this.proto = proto;
    }

    private static final int BYTES_SINGLETONS = 257;

    /** The memo index of a singleton (a {@link #singletonKey} for str, 257 + key for bytes), or -1. */
    private int singletonIndex(int slot) {
        return singletonMemo == null ? -1 : singletonMemo[slot];
    }

    private void rememberSingleton(int slot, int idx) {
        if (singletonMemo == null) {
            singletonMemo = new int[2 * BYTES_SINGLETONS];
            Arrays.fill(singletonMemo, -1);
        }
        singletonMemo[slot] = idx;
    }

    /**
     * {@code pickle.dumps(value, protocol)} as CPython 3.11 writes it.
     *
     * @param value    the value, of a type of the package's mapping
     * @param protocol 2, 3, 4 or 5
     * @throws UnencodableException for a Java type without a Python equivalent, or a value Python cannot hold
     *                              (a date before year 1, a nanosecond duration)
     * @throws DepthLimitException  for nesting CPython's pickler refuses too
     */
    public static byte[] write(Object value, int protocol) {
        io.github.vaults4j.Format.requirePickleProtocol(protocol);
        PickleWriter w = new PickleWriter(protocol);
        w.out.write(PROTO);
        w.out.write(protocol);
        w.framing = protocol >= 4;
        try {
            w.save(value);
        } catch (StackOverflowError e) {
            // The save recursion is bounded by MAX_DEPTH, as CPython's by its recursion limit; a thread with a
            // small stack can still run out first, and then the value is as unencodable as it is in CPython.
            throw new UnencodableException("the value nests too deeply to pickle on this thread's stack", false,
                    Reason.TOO_DEEP);
        }
        w.op(STOP);
        w.commitFrame();
        return w.out.toByteArray();
    }

    // ---- output and framing

    private void openFrame() {
        if (framing && frameStart < 0) {
            frameStart = out.reserve(9);
        }
    }

    private void commitFrame() {
        if (frameStart < 0) {
            return;
        }
        int len = out.size() - frameStart - 9;
        if (len >= 4) {
            out.set(frameStart, FRAME);
            out.putLongLE(frameStart + 1, len);
        } else {
            out.remove(frameStart, 9);
        }
        frameStart = -1;
    }

    private void op(int opcode) {
        openFrame();
        out.write(opcode);
    }

    private void opInt4(int opcode, int arg) {
        openFrame();
        out.write(opcode);
        out.writeIntLE(arg);
    }

    /** An opcode with a length-prefixed payload; large payloads go outside frames, as in CPython. */
    private void opPayload(int opcode, int lengthBytes, byte[] payload) {
        boolean bypass = framing && payload.length >= FRAME_SIZE_TARGET;
        if (bypass) {
            commitFrame();
            framing = false;
        }
        op(opcode);
        switch (lengthBytes) {
            case 1 -> out.write(payload.length);
            case 4 -> out.writeIntLE(payload.length);
            default -> out.writeLongLE(payload.length);
        }
        out.write(payload);
        if (bypass) {
            framing = true;
        }
    }

    // ---- memo

    private int memoPut(Object key) {
        int idx = memoSize++;
        if (key != null) {
            memo.put(key, idx);
        }
        if (proto >= 4) {
            op(MEMOIZE);
        } else if (idx < 256) {
            op(BINPUT);
            out.write(idx);
        } else {
            opInt4(LONG_BINPUT, idx);
        }
        return idx;
    }

    private void memoGet(int idx) {
        if (idx < 256) {
            op(BINGET);
            out.write(idx);
        } else {
            opInt4(LONG_BINGET, idx);
        }
    }

    private boolean fromMemo(Object obj) {
        Integer idx = memo.get(obj);
        if (idx == null) {
            return false;
        }
        memoGet(idx);
        return true;
    }

    // ---- dispatch

    private void save(Object obj) {
        // CPython checks the frame size at the start of every save(), before the memo.
        if (framing && frameStart >= 0 && out.size() - frameStart - 9 >= FRAME_SIZE_TARGET) {
            commitFrame();
        }
        if (++depth > MAX_DEPTH) {
            throw new DepthLimitException("value nested deeper than " + MAX_DEPTH
                    + " levels, which CPython's pickler refuses too");
        }
        try {
            dispatch(obj);
        } finally {
            depth--;
        }
    }

    private void dispatch(Object obj) {
        switch (obj) {
            case null -> op(NONE);
            case Boolean b -> op(b ? NEWTRUE : NEWFALSE);
            case Long v -> saveLong(v);
            case Integer v -> saveLong(v);
            case Short v -> saveLong(v);
            case Byte v -> saveLong(v);
            case BigInteger v -> saveBigInteger(v);
            case Double v -> saveFloat(v);
            case Float v -> saveFloat(v);
            case String s -> saveStr(s);
            case Character c -> saveStr(String.valueOf(c));
            case byte[] b -> saveBytes(b);
            case PyTuple t -> saveTuple(t, t.size(), t);
            case List<?> l -> saveList(l, l.size(), l);
            case Object[] a -> saveList(Arrays.asList(a), a.length, a);
            case Map<?, ?> m -> saveDict(m);
            case PyFrozenSet s -> saveFrozenSet(s);
            case Set<?> s -> saveSet(s);
            case PyObject p -> savePyObject(p);
            case LocalDateTime t -> saveReduce(PyDateTimes.DATETIME, t,
                    PyDateTimes.dateTimeState(t, false));
            case OffsetDateTime t -> saveReduce(PyDateTimes.DATETIME, t,
                    PyDateTimes.dateTimeState(t.toLocalDateTime(), false), PyDateTimes.timezone(t.getOffset()));
            case ZonedDateTime t -> saveZoned(t);
            case LocalDate d -> saveReduce(PyDateTimes.DATE, d, PyDateTimes.dateState(d));
            // java.time caches some LocalTime and Duration instances (whole hours, zero), so their identity
            // says nothing about the Python objects: each is written as a fresh object.
            case LocalTime t -> saveReduce(PyDateTimes.TIME, null, PyDateTimes.timeState(t, false));
            case OffsetTime t -> saveReduce(PyDateTimes.TIME, t,
                    PyDateTimes.timeState(t.toLocalTime(), false), PyDateTimes.timezone(t.getOffset()));
            case Duration d -> saveReduce(PyDateTimes.TIMEDELTA, null, PyDateTimes.timedeltaArgs(d));
            case BigDecimal d -> saveReduce(DECIMAL, d, new String(d.toString()));
            case PyComplex c -> saveReduce(BUILTIN_COMPLEX, c, c.real(), c.imag());
            default -> throw new UnencodableException("cannot pickle a value of Java type "
                    + obj.getClass().getName() + ": it has no Python equivalent", false, Reason.UNSUPPORTED_TYPE);
        }
    }

    private void saveLong(long v) {
        if (v >= 0 && v <= 0xFF) {
            op(BININT1);
            out.write((int) v);
        } else if (v >= 0 && v <= 0xFFFF) {
            op(BININT2);
            out.write((int) v);
            out.write((int) (v >> 8));
        } else if (v == (int) v) {
            opInt4(BININT, (int) v);
        } else {
            saveLongBytes(BigInteger.valueOf(v));
        }
    }

    private void saveBigInteger(BigInteger v) {
        if (v.bitLength() < 64) {
            saveLong(v.longValue());
        } else {
            saveLongBytes(v);
        }
    }

    /** LONG1/LONG4: the shortest two's complement, little-endian, as CPython's {@code encode_long}. */
    private void saveLongBytes(BigInteger v) {
        byte[] be = v.toByteArray();
        int n = be.length;
        openFrame();
        if (n < 256) {
            out.write(LONG1);
            out.write(n);
        } else {
            out.write(LONG4);
            out.writeIntLE(n);
        }
        for (int i = n - 1; i >= 0; i--) {
            out.write(be[i]);
        }
    }

    private void saveFloat(double v) {
        op(BINFLOAT);
        out.writeLongBE(Double.doubleToRawLongBits(v));
    }

    private static int singletonKey(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        return s.length() == 1 && s.charAt(0) <= 0xFF ? 1 + s.charAt(0) : -1;
    }

    private void saveStr(String s) {
        int key = singletonKey(s);
        if (key >= 0) {
            if (singletonIndex(key) >= 0) {
                memoGet(singletonIndex(key));
                return;
            }
        } else if (fromMemo(s)) {
            return;
        }
        writeStr(s);
        int idx = memoPut(key >= 0 ? null : s);
        if (key >= 0) {
            rememberSingleton(key, idx);
        }
    }

    private void writeStr(String s) {
        byte[] utf8 = PyText.encode(s, true);
        if (proto >= 4 && utf8.length <= 0xFF) {
            opPayload(SHORT_BINUNICODE, 1, utf8);
        } else {
            opPayload(BINUNICODE, 4, utf8);
        }
    }

    private void saveBytes(byte[] b) {
        int key = b.length == 0 ? 0 : b.length == 1 ? 1 + (b[0] & 0xFF) : -1;
        if (key >= 0) {
            if (singletonIndex(BYTES_SINGLETONS + key) >= 0) {
                memoGet(singletonIndex(BYTES_SINGLETONS + key));
                return;
            }
        } else if (fromMemo(b)) {
            return;
        }
        int idx;
        if (proto >= 3) {
            opPayload(b.length <= 0xFF ? SHORT_BINBYTES : BINBYTES, b.length <= 0xFF ? 1 : 4, b);
            idx = memoPut(key >= 0 ? null : b);
        } else if (b.length == 0) {
            // Protocol 2 has no bytes opcode: CPython writes bytes() ...
            save(BUILTIN_BYTES);
            save(PyTuple.of());
            op(REDUCE);
            idx = memoPut(null);
        } else {
            // ... or _codecs.encode(<the bytes as a latin-1 str>, 'latin1').
            save(CODECS_ENCODE);
            saveFreshTuple(new String(b, StandardCharsets.ISO_8859_1), LATIN1);
            op(REDUCE);
            idx = memoPut(key >= 0 ? null : b);
        }
        if (key >= 0) {
            rememberSingleton(BYTES_SINGLETONS + key, idx);
        }
    }

    /** A tuple built on the fly (reduce arguments): it has no identity to share, but is memoized. */
    private void saveFreshTuple(Object... items) {
        save(PyTuple.of(items));
    }

    private void saveTuple(List<?> items, int n, Object identity) {
        if (n == 0) {
            op(EMPTY_TUPLE);
            return;
        }
        if (fromMemo(identity)) {
            return;
        }
        if (n <= 3) {
            for (Object item : items) {
                save(item);
            }
            // A tuple that contains itself (through a list) was memoized while its items were saved.
            Integer again = memo.get(identity);
            if (again != null) {
                for (int i = 0; i < n; i++) {
                    op(POP);
                }
                memoGet(again);
                return;
            }
            op(TUPLE1 + n - 1);
        } else {
            op(MARK);
            for (Object item : items) {
                save(item);
            }
            Integer again = memo.get(identity);
            if (again != null) {
                op(POP_MARK);
                memoGet(again);
                return;
            }
            op(TUPLE);
        }
        memoPut(identity);
    }

    private void saveList(List<?> items, int n, Object identity) {
        if (fromMemo(identity)) {
            return;
        }
        op(EMPTY_LIST);
        memoPut(identity);
        if (n == 1) {
            save(items.get(0));
            op(APPEND);
            return;
        }
        Iterator<?> it = items.iterator();
        int written = 0;
        while (written < n) {
            op(MARK);
            int batch = 0;
            while (written < n && batch < BATCH_SIZE) {
                save(it.next());
                written++;
                batch++;
            }
            op(APPENDS);
        }
    }

    private void saveDict(Map<?, ?> m) {
        if (fromMemo(m)) {
            return;
        }
        op(EMPTY_DICT);
        memoPut(m);
        if (m.isEmpty()) {
            return;
        }
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        if (m.size() == 1) {
            Map.Entry<?, ?> e = it.next();
            save(e.getKey());
            save(e.getValue());
            op(SETITEM);
            return;
        }
        // CPython's loop runs again after a full batch, so 1000 items end with an empty MARK SETITEMS.
        int batch;
        do {
            op(MARK);
            batch = 0;
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                save(e.getKey());
                save(e.getValue());
                if (++batch == BATCH_SIZE) {
                    break;
                }
            }
            op(SETITEMS);
        } while (batch == BATCH_SIZE);
    }

    private void saveSet(Set<?> s) {
        if (fromMemo(s)) {
            return;
        }
        if (proto < 4) {
            save(BUILTIN_SET);
            saveFreshTuple(new java.util.ArrayList<Object>(s));
            op(REDUCE);
            memoPut(s);
            return;
        }
        op(EMPTY_SET);
        memoPut(s);
        if (s.isEmpty()) {
            return;
        }
        Iterator<?> it = s.iterator();
        int batch;
        do {
            op(MARK);
            batch = 0;
            while (it.hasNext()) {
                save(it.next());
                if (++batch == BATCH_SIZE) {
                    break;
                }
            }
            op(ADDITEMS);
        } while (batch == BATCH_SIZE);
    }

    private void saveFrozenSet(PyFrozenSet s) {
        if (fromMemo(s)) {
            return;
        }
        if (proto < 4) {
            save(BUILTIN_FROZENSET);
            saveFreshTuple(new java.util.ArrayList<Object>(s));
            op(REDUCE);
            memoPut(s);
            return;
        }
        op(MARK);
        for (Object item : s) {
            save(item);
        }
        Integer again = memo.get(s);
        if (again != null) {
            op(POP_MARK);
            memoGet(again);
            return;
        }
        op(FROZENSET);
        memoPut(s);
    }

    private void saveZoned(ZonedDateTime t) {
        if (t.getZone() instanceof ZoneOffset offset) {
            saveReduce(PyDateTimes.DATETIME, t, PyDateTimes.dateTimeState(t.toLocalDateTime(), false),
                    PyDateTimes.timezone(offset));
            return;
        }
        PyObject zone = zones.computeIfAbsent(t.getZone().getId(),
                id -> PyDateTimes.zoneInfo(new String(id)));
        boolean fold = proto > 3 && PyDateTimes.fold(t);
        saveReduce(PyDateTimes.DATETIME, t, PyDateTimes.dateTimeState(t.toLocalDateTime(), fold), zone);
    }

    /**
     * {@code callable(*args)} for a value whose Python type reduces that way; {@code self} is memoized, or
     * is {@code null} for a value whose Java identity must not be trusted.
     * Protocol-dependent details of the arguments (the fold bit) are the caller's.
     */
    private void saveReduce(PyObject callable, Object self, Object... args) {
        if (self != null && fromMemo(self)) {
            return;
        }
        save(callable);
        saveFreshTuple(args);
        op(REDUCE);
        memoPut(self);
    }

    // ---- PyObject and globals

    private void savePyObject(PyObject p) {
        if (p.kind() == PyObject.Kind.GLOBAL) {
            saveGlobal(p.module(), p.name());
            return;
        }
        // Python has one utc object and one ZoneInfo per key; a decoded copy stands for that same object.
        String zoneKey = PyDateTimes.zoneKeyOf(p);
        if (zoneKey != null) {
            PyObject canonical = zones.computeIfAbsent(zoneKey, k -> p);
            if (canonical != p) {
                save(canonical);
                return;
            }
        }
        ZoneOffset offset = PyDateTimes.offsetOf(p);
        if (offset != null && offset.getTotalSeconds() == 0 && p != PyDateTimes.UTC) {
            save(PyDateTimes.UTC);
            return;
        }
        if (fromMemo(p)) {
            return;
        }
        if (proto >= 5 && p.kind() == PyObject.Kind.REDUCE && BUILTIN_BYTEARRAY.equals(p.callable())
                && p.args().size() == 1 && p.args().get(0) instanceof byte[] data && !p.hasState()
                && p.listItems().isEmpty() && p.dictItems().isEmpty()) {
            opPayload(BYTEARRAY8, 8, data);
            memoPut(p);
            return;
        }
        switch (p.kind()) {
            case REDUCE -> {
                save(p.callable());
                save(p.args());
                op(REDUCE);
            }
            case NEWOBJ -> {
                save(p.callable());
                save(p.args());
                op(NEWOBJ);
            }
            case NEWOBJ_EX -> {
                if (proto < 4) {
                    throw new UnencodableException("object " + p + " needs keyword arguments to be built, "
                            + "which protocol " + proto + " cannot express", false, Reason.UNSUPPORTED_TYPE);
                }
                save(p.callable());
                save(p.args());
                save(p.kwargs());
                op(NEWOBJ_EX);
            }
            default -> throw new IllegalStateException(p.kind().toString());
        }
        // An object reachable from its own construction arguments was memoized meanwhile.
        Integer again = memo.get(p);
        if (again != null) {
            op(POP);
            memoGet(again);
            return;
        }
        memoPut(p);
        saveItemsBatched(p.listItems(), p.dictItems());
        if (p.hasState()) {
            save(p.state());
            op(BUILD);
        }
    }

    /**
     * Items added after construction, in CPython's generic batching (the one for iterators): a lone last
     * item uses APPEND or SETITEM.
     */
    private void saveItemsBatched(List<Object> list, Map<Object, Object> dict) {
        Iterator<Object> li = list.iterator();
        while (li.hasNext()) {
            Object first = li.next();
            if (!li.hasNext()) {
                save(first);
                op(APPEND);
                break;
            }
            op(MARK);
            save(first);
            int n = 1;
            while (li.hasNext() && n < BATCH_SIZE) {
                save(li.next());
                n++;
            }
            op(APPENDS);
        }
        Iterator<Map.Entry<Object, Object>> di = dict.entrySet().iterator();
        while (di.hasNext()) {
            Map.Entry<Object, Object> first = di.next();
            if (!di.hasNext()) {
                save(first.getKey());
                save(first.getValue());
                op(SETITEM);
                break;
            }
            op(MARK);
            save(first.getKey());
            save(first.getValue());
            int n = 1;
            while (di.hasNext() && n < BATCH_SIZE) {
                Map.Entry<Object, Object> e = di.next();
                save(e.getKey());
                save(e.getValue());
                n++;
            }
            op(SETITEMS);
        }
    }

    private void saveGlobal(String module, String qualname) {
        String key = module + "\n" + qualname;
        Integer idx = globalMemo.get(key);
        if (idx != null) {
            memoGet(idx);
            return;
        }
        if (proto >= 4) {
            if (PyNames.freshModuleName(module, qualname)) {
                save(new String(module));
            } else {
                saveInternedName(module);
            }
            if (PyNames.freshQualname(module)) {
                save(new String(qualname));
            } else {
                saveInternedName(qualname);
            }
            op(STACK_GLOBAL);
        } else if (qualname.indexOf('.') >= 0) {
            // Nested names need getattr(parent, last) below protocol 4.
            int dot = qualname.lastIndexOf('.');
            save(PyDateTimes.GETATTR);
            saveFreshTuple(PyObject.global(module, qualname.substring(0, dot)),
                    new String(qualname.substring(dot + 1)));
            op(REDUCE);
        } else {
            String[] names = proto < 3 ? PyNames.toPython2(module, qualname) : new String[] {module, qualname};
            byte[] line = (names[0] + "\n" + names[1] + "\n").getBytes(
                    proto < 3 ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
            op(GLOBAL);
            out.write(line);
        }
        globalMemo.put(key, memoPut(null));
    }

    private void saveInternedName(String s) {
        if (framing && frameStart >= 0 && out.size() - frameStart - 9 >= FRAME_SIZE_TARGET) {
            commitFrame();
        }
        int key = singletonKey(s);
        if (key >= 0) {
            saveStr(s);
            return;
        }
        Integer idx = internedNameMemo.get(s);
        if (idx != null) {
            memoGet(idx);
            return;
        }
        writeStr(s);
        internedNameMemo.put(s, memoPut(null));
    }
}
