package io.github.vaults4j.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one msgpack value as msgpack-python's {@code unpackb(data, raw=False)} does: arrays as
 * {@link ArrayList}, maps as {@link LinkedHashMap} in stored order (any key type is accepted, although
 * Python's reader refuses int keys), float32 and float64 as {@link Double}, integers as {@link Long}, or
 * {@link BigInteger} above {@code Long.MAX_VALUE}.
 *
 * <p>Own code rather than msgpack-core's unpacker, so that every declared length is checked against the bytes
 * that are left before anything is allocated. Malformed input (truncation, invalid UTF-8 in a str, an ext
 * type, bytes after the value) raises {@link CodecException} with the offset and the format byte; nesting
 * deeper than the limit raises {@link DepthLimitException}.
 */
public final class MsgpackReader {
    private final byte[] data;
    private final int end;
    private final int maxDepth;
    private int pos;
    private int formatAt;
    private int format;

    private MsgpackReader(byte[] data, int offset, int length, int maxDepth) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
        this.maxDepth = maxDepth;
    }

    /**
     * Decodes exactly one msgpack value filling {@code data[offset, offset + length)}.
     *
     * @param maxDepth the deepest container nesting accepted (a scalar at top level is depth 0)
     */
    public static Object read(byte[] data, int offset, int length, int maxDepth) {
        Objects.checkFromIndexSize(offset, length, data.length);
        MsgpackReader r = new MsgpackReader(data, offset, length, maxDepth);
        Object v;
        try {
            v = r.value(0);
        } catch (StackOverflowError e) {
            throw new DepthLimitException("msgpack nesting too deep at offset " + r.formatAt);
        }
        if (r.pos != r.end) {
            r.formatAt = r.pos;
            r.format = r.data[r.pos] & 0xFF;
            throw r.fail((r.end - r.pos) + " extra bytes after the value");
        }
        return v;
    }

    private CodecException fail(String what) {
        return new CodecException(String.format("bad msgpack at offset %d, format byte 0x%02x: %s", formatAt,
                format, what));
    }

    private long uint(int n) {
        if (n > end - pos) {
            throw fail("truncated");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (data[pos++] & 0xFF);
        }
        return v;
    }

    private int length(long n) {
        if (n > end - pos) {
            throw fail("declared length " + n + " exceeds the " + (end - pos) + " bytes left");
        }
        return (int) n;
    }

    private Object value(int depth) {
        if (pos >= end) {
            formatAt = pos;
            format = -1;
            throw fail("truncated");
        }
        formatAt = pos;
        int b = data[pos++] & 0xFF;
        format = b;
        if (b <= 0x7f) {
            return (long) b;
        }
        if (b >= 0xe0) {
            return (long) (byte) b;
        }
        if (b >= 0x80 && b <= 0x8f) {
            return map(b & 0x0f, depth);
        }
        if (b >= 0x90 && b <= 0x9f) {
            return array(b & 0x0f, depth);
        }
        if (b >= 0xa0 && b <= 0xbf) {
            return str(b & 0x1f);
        }
        return switch (b) {
            case 0xc0 -> null;
            case 0xc2 -> Boolean.FALSE;
            case 0xc3 -> Boolean.TRUE;
            case 0xc4 -> bin(length(uint(1)));
            case 0xc5 -> bin(length(uint(2)));
            case 0xc6 -> bin(length(uint(4)));
            case 0xca -> (double) Float.intBitsToFloat((int) uint(4));
            case 0xcb -> Double.longBitsToDouble(uint(8));
            case 0xcc -> uint(1);
            case 0xcd -> uint(2);
            case 0xce -> uint(4);
            case 0xcf -> {
                long v = uint(8);
                yield v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            }
            case 0xd0 -> (long) (byte) uint(1);
            case 0xd1 -> (long) (short) uint(2);
            case 0xd2 -> (long) (int) uint(4);
            case 0xd3 -> uint(8);
            case 0xd9 -> str(length(uint(1)));
            case 0xda -> str(length(uint(2)));
            case 0xdb -> str(length(uint(4)));
            case 0xdc -> array(uint(2), depth);
            case 0xdd -> array(uint(4), depth);
            case 0xde -> map(uint(2), depth);
            case 0xdf -> map(uint(4), depth);
            case 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> throw fail("ext types are not supported");
            default -> throw fail("unused format byte");
        };
    }

    private byte[] bin(int n) {
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    private String str(int n) {
        if (n > end - pos) {
            throw fail("declared length " + n + " exceeds the " + (end - pos) + " bytes left");
        }
        String s = PyText.decode(data, pos, n, false);
        if (s == null) {
            throw fail("invalid UTF-8 in str");
        }
        pos += n;
        return s;
    }

    private void enter(int depth) {
        if (depth + 1 > maxDepth) {
            throw new DepthLimitException("msgpack nesting deeper than " + maxDepth + " at offset " + formatAt);
        }
    }

    private List<Object> array(long n, int depth) {
        enter(depth);
        // Every element takes at least one byte, which bounds the count before allocating.
        int count = length(n);
        List<Object> l = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            l.add(value(depth + 1));
        }
        return l;
    }

    private Map<Object, Object> map(long n, int depth) {
        enter(depth);
        if (n * 2 > end - pos) {
            throw fail("declared map size " + n + " exceeds the " + (end - pos) + " bytes left");
        }
        int count = (int) n;
        Map<Object, Object> m = new LinkedHashMap<>(count * 4 / 3 + 1);
        for (int i = 0; i < count; i++) {
            Object k = value(depth + 1);
            m.put(k, value(depth + 1));
        }
        return m;
    }
}
