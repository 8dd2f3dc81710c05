package io.github.vaults4j.codec;

import io.github.vaults4j.PyTuple;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Equality and printing for decoded values, where Java's own fall short: {@code byte[]} compares by
 * content, a tuple never equals a list, and printing follows Python's {@code repr} so that messages and
 * tools show keys the way Python programmers wrote them.
 */
public final class Values {
    private static final int REPR_LIMIT = 80;

    private Values() {
    }

    /**
     * Whether two decoded values are the same Python value: same types (a tuple is not a list, an int is
     * not a float), equal content, {@code byte[]} by content and floats by their bits, so {@code NaN}
     * equals itself and {@code -0.0} differs from {@code 0.0}.
     */
    public static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if ((a instanceof PyTuple) != (b instanceof PyTuple)) {
            return false;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return sameInOrder(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && sameInOrder(x.keySet(), y.keySet()) && sameInOrder(x.values(), y.values());
        }
        if (a instanceof Set<?> x && b instanceof Set<?> y) {
            return a.getClass() == b.getClass() ? sameInOrder(x, y) : x.size() == y.size() && sameInOrder(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    private static boolean sameInOrder(Collection<?> a, Collection<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> left = a.iterator();
        Iterator<?> right = b.iterator();
        while (left.hasNext()) {
            if (!same(left.next(), right.next())) {
                return false;
            }
        }
        return true;
    }

    /** Python's {@code repr} of a decoded value, cut to 80 characters for use in messages. */
    public static String shortRepr(Object value) {
        String repr = repr(value);
        return repr.length() <= REPR_LIMIT ? repr : repr.substring(0, REPR_LIMIT - 3) + "...";
    }

    /** Python's {@code repr} of a decoded value, in full. */
    public static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, value);
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof byte[] bytes) {
            appendBytes(out, bytes);
        } else if (value instanceof PyTuple tuple) {
            out.append('(');
            appendItems(out, tuple);
            out.append(tuple.size() == 1 ? ",)" : ")");
        } else if (value instanceof List<?> list) {
            out.append('[');
            appendItems(out, list);
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ", ");
                appendRepr(out, entry.getKey());
                out.append(": ");
                appendRepr(out, entry.getValue());
                first = false;
            }
            out.append('}');
        } else if (value instanceof Set<?> set) {
            boolean frozen = value instanceof io.github.vaults4j.PyFrozenSet;
            if (set.isEmpty()) {
                out.append(frozen ? "frozenset()" : "set()");
                return;
            }
            out.append(frozen ? "frozenset({" : "{");
            appendItems(out, set);
            out.append(frozen ? "})" : "}");
        } else if (value instanceof Double d) {
            out.append(d.isNaN() ? "nan" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : d.toString());
        } else {
            out.append(value);
        }
    }

    private static void appendItems(StringBuilder out, Collection<?> items) {
        boolean first = true;
        for (Object item : items) {
            out.append(first ? "" : ", ");
            appendRepr(out, item);
            first = false;
        }
    }

    private static void appendString(StringBuilder out, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (Character.isSurrogate(c) && !isPaired(s, i)) {
                        // A lone surrogate is a code point of its own in Python, which repr escapes.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append(quote);
    }

    private static boolean isPaired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void appendBytes(StringBuilder out, byte[] bytes) {
        out.append("b'");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\\' || c == '\'') {
                out.append('\\').append((char) c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        }
        out.append('\'');
    }
}
