package io.github.vaults4j.codec;

import io.github.vaults4j.UnsupportedValueException.Reason;

import io.github.vaults4j.PyObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
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
 */
public final class MsgpackWriter {
    /** msgpack-python's default {@code nest_limit}: an object deeper than this is refused. */
    static final int NEST_LIMIT = 511;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final PyObject BYTEARRAY = PyObject.global("builtins", "bytearray");

    /**
     * Most cells are small: the default 8 KiB first buffer made allocating and clearing it most of the cost of
     * writing a key. The buffer still grows for large values.
     */
    private static final MessagePack.PackerConfig CONFIG = MessagePack.DEFAULT_PACKER_CONFIG.withBufferSize(256);

    private final MessageBufferPacker packer = CONFIG.newBufferPacker();

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
                packer.packArrayHeader(l.size());
                for (Object item : l) {
                    pack(item, depth + 1);
                }
            }
            case Object[] a -> {
                packer.packArrayHeader(a.length);
                for (Object item : a) {
                    pack(item, depth + 1);
                }
            }
            case Map<?, ?> m -> {
                packer.packMapHeader(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    pack(e.getKey(), depth + 1);
                    pack(e.getValue(), depth + 1);
                }
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
