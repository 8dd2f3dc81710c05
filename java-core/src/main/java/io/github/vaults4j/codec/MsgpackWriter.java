package io.github.vaults4j.codec;

import io.github.vaults4j.UnsupportedValueException.Reason;

import io.github.vaults4j.PyObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Writes values as msgpack-python 1.0.3's {@code packb(value, use_bin_type=True)} does: the smallest integer
 * form, float64 for every float, str as UTF-8, bytes as bin, lists and tuples as arrays, dicts as maps in
 * iteration order.
 *
 * <p>What msgpack-python refuses with TypeError or ValueError (sets, datetimes, Decimals, complex numbers,
 * objects, a str with an unpaired surrogate, nesting deeper than 511) raises {@link UnencodableException}
 * with {@code fallbackToPickle() == true}, since the Python module then stores a pickle; an int outside
 * [-2**63, 2**64-1] raises it with {@code false}, as Python's OverflowError is not caught there. As in
 * Python, the first offending item in traversal order decides.
 *
 * <p>Shared and cyclic values: msgpack has no references, so msgpack-python packs a shared part once per
 * reference and, for a value that contains itself, descends until its nesting limit raises ValueError. Here a
 * container met again inside itself is refused at once with {@code fallbackToPickle() == true} (the outcome
 * Python reaches after 511 levels), and a value whose shared parts expand beyond
 * {@value #SHARED_EXPANSION_LIMIT} packed bytes is refused the same way, so that it is stored as a pickle
 * (which keeps the sharing) instead of expanding without end. A shared value that expands less is packed
 * expanded, byte for byte as msgpack-python packs it.
 */
public final class MsgpackWriter {
    /** msgpack-python's default {@code nest_limit}: an object deeper than this is refused. */
    static final int NEST_LIMIT = 511;
    /** The most packed bytes a value with shared parts may expand to before it is stored as a pickle. */
    public static final int SHARED_EXPANSION_LIMIT = 1 << 20;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final PyObject BYTEARRAY = PyObject.global("builtins", "bytearray");

    /**
     * Most cells are small: the default 8 KiB first buffer made allocating and clearing it most of the cost of
     * writing a key. The buffer still grows for large values.
     */
    private static final MessagePack.PackerConfig CONFIG = MessagePack.DEFAULT_PACKER_CONFIG.withBufferSize(256);

    private final MessageBufferPacker packer = CONFIG.newBufferPacker();
    /** Containers met so far, and whether each is still being packed (on the current path); made on first use. */
    private IdentityHashMap<Object, Boolean> containers;
    private boolean shared;

    private MsgpackWriter() {
    }

    /**
     * {@code msgpack.packb(value, use_bin_type=True)}.
     *
     * @throws UnencodableException when msgpack-python would raise; see the class documentation
     */
    public static byte[] write(Object value) {
        MsgpackWriter w = new MsgpackWriter();
        try {
            w.pack(value, 0);
            return w.packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StackOverflowError e) {
            // The recursion is bounded by NEST_LIMIT; a thread with a small stack can still run out first.
            throw refused("a value nested too deeply for this thread's stack");
        }
    }

    private static UnencodableException refused(String what) {
        return new UnencodableException("msgpack cannot pack " + what, true, Reason.UNSUPPORTED_TYPE);
    }

    private void pack(Object v, int depth) throws IOException {
        if (depth > NEST_LIMIT) {
            throw refused("a value nested deeper than " + NEST_LIMIT + " levels");
        }
        switch (v) {
            case null -> packer.packNil();
            case Boolean b -> packer.packBoolean(b);
            case Long n -> packer.packLong(n);
            case Integer n -> packer.packLong(n);
            case Short n -> packer.packLong(n);
            case Byte n -> packer.packLong(n);
            case BigInteger n -> {
                if (n.bitLength() < 64) {
                    packer.packLong(n.longValue());
                } else if (n.signum() > 0 && n.compareTo(UINT64_MAX) <= 0) {
                    packer.packBigInteger(n);
                } else {
                    throw new UnencodableException("msgpack cannot pack the int " + n
                            + ": outside [-2**63, 2**64-1] (OverflowError in Python)", false, Reason.INT_OUT_OF_RANGE);
                }
            }
            case Double d -> packer.packDouble(d);
            case Float f -> packer.packDouble(f);
            case String s -> packString(s);
            case Character c -> packString(String.valueOf(c));
            case byte[] b -> packBinary(b);
            case List<?> l -> {
                enter(l);
                packer.packArrayHeader(l.size());
                for (Object item : l) {
                    pack(item, depth + 1);
                }
                leave(l);
            }
            case Object[] a -> {
                enter(a);
                packer.packArrayHeader(a.length);
                for (Object item : a) {
                    pack(item, depth + 1);
                }
                leave(a);
            }
            case Map<?, ?> m -> {
                enter(m);
                packer.packMapHeader(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    pack(e.getKey(), depth + 1);
                    pack(e.getValue(), depth + 1);
                }
                leave(m);
            }
            // msgpack-python packs any buffer as bin, bytearray included.
            case PyObject p when p.kind() == PyObject.Kind.REDUCE && BYTEARRAY.equals(p.callable())
                    && p.args().size() == 1 && p.args().get(0) instanceof byte[] b && !p.hasState() -> packBinary(b);
            case Set<?> s -> throw refused("a set");
            case PyObject p -> throw refused("an object of class " + p.className());
            default -> {
                if (isPickleOnly(v)) {
                    throw refused("a " + v.getClass().getSimpleName());
                }
                throw new UnencodableException("cannot encode a value of Java type " + v.getClass().getName()
                        + ": it has no Python equivalent", false, Reason.UNSUPPORTED_TYPE);
            }
        }
    }

    /** Notes a container being packed; refuses one that is already being packed (a cycle). */
    private void enter(Object container) {
        if (containers == null) {
            containers = new IdentityHashMap<>();
        }
        Boolean packing = containers.put(container, Boolean.TRUE);
        if (packing == Boolean.TRUE) {
            throw refused("a value that contains itself (ValueError in Python: recursion limit exceeded)");
        }
        if (packing != null) {
            shared = true;
        }
        checkExpansion();
    }

    private void leave(Object container) {
        containers.put(container, Boolean.FALSE);
        checkExpansion();
    }

    private void checkExpansion() {
        if (shared && packer.getTotalWrittenBytes() > SHARED_EXPANSION_LIMIT) {
            throw refused("a value whose shared parts expand to more than " + SHARED_EXPANSION_LIMIT
                    + " bytes (it is kept as a pickle, which keeps the sharing)");
        }
    }

    private static boolean isPickleOnly(Object v) {
        return v instanceof java.time.temporal.Temporal || v instanceof java.time.Duration
                || v instanceof java.math.BigDecimal || v instanceof io.github.vaults4j.PyComplex;
    }

    private void packString(String s) throws IOException {
        byte[] utf8 = PyText.encode(s, false);
        if (utf8 == null) {
            throw refused("a str with an unpaired surrogate (UnicodeEncodeError in Python)");
        }
        packer.packRawStringHeader(utf8.length);
        packer.writePayload(utf8);
    }

    private void packBinary(byte[] b) throws IOException {
        packer.packBinaryHeader(b.length);
        packer.writePayload(b);
    }
}
