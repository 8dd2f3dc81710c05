package io.github.vaults4j.python;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyTuple;

/**
 * Writes a value of the plain types in Python's {@code marshal} format (version 4), for GraalPy's
 * {@code marshal.loads}, which builds the objects several times faster than its {@code pickle.loads} builds
 * the same ones (measured on GraalPy 25.2.4, interpreted: a page of six-field records about 3 times, one
 * record about 2 times). Only for values the bridge made itself from stored data: marshal is not a format to
 * read from untrusted sources, and nothing here writes code objects.
 *
 * <p>Covers None, bool, int (any size), float, complex, str, bytes, tuple, list, dict, set and frozenset. For
 * anything else (instances of other classes, datetimes, Decimal), for a str holding a lone surrogate, for a
 * tuple or frozenset that contains itself and for nesting deeper than {@link #MAX_DEPTH}, {@link #write}
 * returns null and the caller sends the pickle instead.
 *
 * <p>Every container is written with marshal's reference flag and a container met again is written as a
 * reference to it, so shared and cyclic lists and dicts come back shared and cyclic, as the pickle memo
 * brings them back. The loader registers a container before its items (CPython's and GraalPy's alike), so
 * references are numbered in the order containers are opened. The walk is iterative.
 */
final class MarshalWriter {
    /** Below the nesting marshal.loads accepts (CPython: 2000); deeper values go as a pickle. */
    static final int MAX_DEPTH = 1000;

    private static final int FLAG_REF = 0x80;
    private static final int NONE = 'N';
    private static final int FALSE = 'F';
    private static final int TRUE = 'T';
    private static final int INT = 'i';
    private static final int LONG = 'l';
    private static final int BINARY_FLOAT = 'g';
    private static final int BINARY_COMPLEX = 'y';
    private static final int STRING = 's';
    private static final int UNICODE = 'u';
    private static final int SHORT_ASCII = 'z';
    private static final int ASCII = 'a';
    private static final int SMALL_TUPLE = ')';
    private static final int TUPLE = '(';
    private static final int LIST = '[';
    private static final int DICT = '{';
    private static final int DICT_END = '0';
    private static final int SET = '<';
    private static final int FROZENSET = '>';
    private static final int REF = 'r';
    /** marshal's int digits for arbitrary-size ints: base 2**15. */
    private static final int LONG_SHIFT = 15;
    private static final BigInteger LONG_MASK = BigInteger.valueOf((1 << LONG_SHIFT) - 1);
    private static final int INITIAL_CAPACITY = 256;
    /** Longer strs are rarely repeated: not worth hashing. */
    private static final int MAX_SHARED_STR = 64;

    private final Bytes out = new Bytes();
    private final IdentityHashMap<Object, Integer> refs = new IdentityHashMap<>();
    /** Reference numbers of the strs written so far, by value; containers and strs share one numbering. */
    private final HashMap<String, Integer> strs = new HashMap<>();
    /** Tuples and frozensets still being written: a reference to one of them cannot be loaded as it was. */
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

    /** A container being written: its remaining items (a dict's as key, value, key, value...). */
    private record Frame(Object container, Iterator<?> items, boolean isDict) {
    }

    private MarshalWriter() {
    }

    /**
     * The marshal of the value as a Latin-1 string (one char a byte, as it crosses to Python), or null when
     * the value holds something marshal cannot carry as Python expects.
     */
    static String write(Object value) {
        MarshalWriter w = new MarshalWriter();
        return w.walk(value) ? w.out.latin1() : null;
    }

    private boolean walk(Object root) {
        Deque<Frame> stack = new ArrayDeque<>();
        if (!item(root, stack)) {
            return false;
        }
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (!top.items.hasNext()) {
                stack.pop();
                open.remove(top.container);
                if (top.isDict) {
                    out.write(DICT_END);
                }
            } else if (!item(top.items.next(), stack) || stack.size() > MAX_DEPTH) {
                return false;
            }
        }
        return true;
    }

    /** Writes a scalar, or a container's header (pushing its items); false for what marshal cannot carry. */
    private boolean item(Object value, Deque<Frame> stack) {
        switch (value) {
            case null -> out.write(NONE);
            case Boolean b -> out.write(b ? TRUE : FALSE);
            case Long v -> writeLong(v);
            case Integer v -> writeLong(v);
            case Short v -> writeLong(v);
            case Byte v -> writeLong(v);
            case BigInteger v -> writeBig(v);
            case Double v -> writeDouble(BINARY_FLOAT, v);
            case Float v -> writeDouble(BINARY_FLOAT, v);
            case PyComplex c -> {
                writeDouble(BINARY_COMPLEX, c.real());
                writeDoubleBits(c.imag());
            }
            case String s -> {
                return writeStr(s);
            }
            case byte[] b -> {
                out.write(STRING);
                writeInt(b.length);
                out.writeBytes(b);
            }
            case PyTuple t -> {
                return container(t, t.size() < 256 ? SMALL_TUPLE : TUPLE, t.size(), t.iterator(), stack, true);
            }
            case List<?> l -> {
                return container(l, LIST, l.size(), l.iterator(), stack, false);
            }
            case Object[] a -> {
                return container(a, LIST, a.length, Arrays.asList(a).iterator(), stack, false);
            }
            case Map<?, ?> m -> {
                return container(m, DICT, -1, flatten(m), stack, false);
            }
            case PyFrozenSet s -> {
                return container(s, FROZENSET, s.size(), s.iterator(), stack, true);
            }
            case Set<?> s -> {
                return container(s, SET, s.size(), s.iterator(), stack, false);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean container(Object c, int type, int size, Iterator<?> items, Deque<Frame> stack, boolean immutable) {
        Integer seen = refs.get(c);
        if (seen != null) {
            if (open.contains(c)) {
                return false; // a tuple or frozenset reached from inside itself
            }
            out.write(REF);
            writeInt(seen);
            return true;
        }
        refs.put(c, refs.size() + strs.size());
        if (immutable) {
            open.add(c);
        }
        out.write(type | FLAG_REF);
        if (type == SMALL_TUPLE) {
            out.write(size);
        } else if (size >= 0) {
            writeInt(size);
        }
        stack.push(new Frame(c, items, type == DICT));
        return true;
    }

    /** A dict's entries as key, value, key, value... */
    private static Iterator<Object> flatten(Map<?, ?> map) {
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        return new Iterator<>() {
            private Object pendingValue;
            private boolean valueNext;

            @Override
            public boolean hasNext() {
                return valueNext || entries.hasNext();
            }

            @Override
            public Object next() {
                if (valueNext) {
                    valueNext = false;
                    Object v = pendingValue;
                    pendingValue = null;
                    return v;
                }
                Map.Entry<?, ?> e = entries.next();
                pendingValue = e.getValue();
                valueNext = true;
                return e.getKey();
            }
        };
    }

    private void writeLong(long v) {
        if (v == (int) v) {
            out.write(INT);
            writeInt((int) v);
        } else {
            writeBig(BigInteger.valueOf(v));
        }
    }

    private void writeBig(BigInteger v) {
        if (v.bitLength() < Integer.SIZE) {
            writeLong(v.intValue());
            return;
        }
        BigInteger magnitude = v.abs();
        int digits = (magnitude.bitLength() + LONG_SHIFT - 1) / LONG_SHIFT;
        out.write(LONG);
        writeInt(v.signum() < 0 ? -digits : digits);
        for (int i = 0; i < digits; i++) {
            int digit = magnitude.shiftRight(i * LONG_SHIFT).and(LONG_MASK).intValue();
            out.write(digit & 0xFF);
            out.write(digit >>> 8);
        }
    }

    private void writeDouble(int type, double v) {
        out.write(type);
        writeDoubleBits(v);
    }

    private void writeDoubleBits(double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < Long.BYTES; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
    }

    private boolean writeStr(String s) {
        // Equal strs are written once and referenced after (dict keys repeat in every record of a page): the
        // loader then decodes each once. Python gives str no identity that values could rely on.
        int flag = 0;
        int n = s.length();
        if (n <= MAX_SHARED_STR) {
            // Numbered now; if the str is refused below, the whole value is, and the numbering with it.
            Integer seen = strs.putIfAbsent(s, refs.size() + strs.size());
            if (seen != null) {
                out.write(REF);
                writeInt(seen);
                return true;
            }
            flag = FLAG_REF;
        }
        // The JDK's encoder copies an ASCII str in bulk, where a loop over its chars costs about as much as the
        // rest of the value's marshal. A str of as many UTF-8 bytes as chars is ASCII, unless a lone surrogate
        // (encoded as '?', one byte) hides among them: a '?' in the bytes sends it through the exact check.
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        boolean ascii = utf8.length == n && (noByte(utf8, (byte) '?') || isAscii(s));
        if (!ascii && hasLoneSurrogate(s)) {
            return false; // UTF-8 cannot carry it, the pickle path can
        }
        if (ascii && n < 256) {
            out.write(SHORT_ASCII | flag);
            out.write(n);
        } else {
            out.write((ascii ? ASCII : UNICODE) | flag);
            writeInt(utf8.length);
        }
        out.writeBytes(utf8);
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean noByte(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLoneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private void writeInt(int v) {
        out.writeInt(v);
    }

    /** An unsynchronised byte buffer (ByteArrayOutputStream locks on every write). */
    private static final class Bytes {
        private byte[] buf = new byte[INITIAL_CAPACITY];
        private int size;

        void write(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size++] = (byte) b;
        }

        /** Little-endian, as marshal's 4-byte ints. */
        void writeInt(int v) {
            if (size + Integer.BYTES > buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size] = (byte) v;
            buf[size + 1] = (byte) (v >>> 8);
            buf[size + 2] = (byte) (v >>> 16);
            buf[size + 3] = (byte) (v >>> 24);
            size += Integer.BYTES;
        }

        void writeBytes(byte[] b) {
            if (size + b.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        String latin1() {
            return new String(buf, 0, size, StandardCharsets.ISO_8859_1);
        }
    }
}
