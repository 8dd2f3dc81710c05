package io.github.vaults4j.codec;

import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Equality and printing for decoded values, where Java's own fall short: {@code byte[]} compares by
 * content, a tuple never equals a list, and printing follows Python's {@code repr} so that messages and
 * tools show keys the way Python programmers wrote them.
 *
 * <p>Values may share parts and contain themselves, as Python's do: both walks are iterative and visit each
 * pair of containers (for equality) once, and the repr stops at a length limit (a shared part prints in full
 * each time it is met, as in Python).
 */
public final class Values {
    /** The length of {@link #shortRepr}, for messages. */
    public static final int SHORT_REPR_CHARS = 80;
    /** The longest {@link #repr}: a value that shares one part many times would otherwise print without end. */
    public static final int MAX_REPR_CHARS = 1 << 20;
    private static final String SHORT_CUT = "...";
    private static final String CUT = "... <repr cut at " + MAX_REPR_CHARS + " characters>";

    private Values() {
    }

    /**
     * Whether two decoded values are the same Python data. Types are exact: a tuple is not a list, a
     * frozenset not a set, bytes not a bytearray, an int not a float nor a bool. Contents compare in order
     * (the order of a dict or set is part of what is stored). Ints compare by value whatever their Java
     * type; floats as Python's {@code ==} does ({@code 0.0} equals {@code -0.0}), except that NaN equals NaN,
     * since a stored NaN is the same data as itself. Cycles and shared parts are compared once per pair.
     */
    public static boolean same(Object a, Object b) {
        return new Comparison(false).run(a, b);
    }

    /**
     * Whether two decoded keys address the same entry for a reader that turns tuples into lists: as
     * {@link #same}, except that a tuple and a list with the same items are equivalent at any depth. msgpack
     * has no tuple, so a tuple key written as msgpack reads back as a list; such keys and the pickled tuple
     * they came from are twins.
     */
    public static boolean sameKey(Object a, Object b) {
        return new Comparison(true).run(a, b);
    }

    /** Python's {@code repr} of a decoded value, cut to {@value #SHORT_REPR_CHARS} characters for messages. */
    public static String shortRepr(Object value) {
        return ReprWriter.repr(value, SHORT_REPR_CHARS - SHORT_CUT.length(), SHORT_CUT);
    }

    /**
     * Python's {@code repr} of a decoded value; a container inside itself prints as {@code [...]}/{@code {...}},
     * as in Python. Cut, with a marker that says so, after {@value #MAX_REPR_CHARS} characters.
     */
    public static String repr(Object value) {
        return ReprWriter.repr(value, MAX_REPR_CHARS, CUT);
    }

    /** One equality walk: a stack of pairs still to compare and the container pairs already taken as equal. */
    private static final class Comparison {
        private final boolean tupleIsList;
        private final Deque<Object[]> pending = new ArrayDeque<>();
        private final Set<Pair> assumed = new HashSet<>();

        Comparison(boolean tupleIsList) {
            this.tupleIsList = tupleIsList;
        }

        boolean run(Object a, Object b) {
            pending.push(new Object[] {a, b});
            while (!pending.isEmpty()) {
                Object[] pair = pending.pop();
                if (!step(pair[0], pair[1])) {
                    return false;
                }
            }
            return true;
        }

        /** Compares the scalars of a pair, or schedules a container pair's items; false on a difference. */
        private boolean step(Object a, Object b) {
            if (a == b) {
                return true;
            }
            if (a == null || b == null) {
                return false;
            }
            if (isInt(a) || isInt(b)) {
                return isInt(a) && isInt(b) && asBig(a).equals(asBig(b));
            }
            if (isFloat(a) || isFloat(b)) {
                if (!isFloat(a) || !isFloat(b)) {
                    return false;
                }
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                return x == y || Double.isNaN(x) && Double.isNaN(y);
            }
            if (a instanceof byte[] x) {
                return b instanceof byte[] y && Arrays.equals(x, y);
            }
            if (isText(a) || isText(b)) {
                return isText(a) && isText(b) && a.toString().equals(b.toString());
            }
            boolean container = a instanceof Collection<?> || a instanceof Map<?, ?> || a instanceof Object[]
                    || a instanceof PyObject;
            if (!container) {
                return a.getClass() == b.getClass() && a.equals(b);
            }
            if (!kind(a).equals(kind(b))) {
                return false;
            }
            if (!assumed.add(new Pair(a, b))) {
                return true; // being compared further up (a cycle) or compared already (a shared part)
            }
            if (a instanceof Map<?, ?> x) {
                Map<?, ?> y = (Map<?, ?>) b;
                return x.size() == y.size() && scheduleInOrder(x.keySet(), y.keySet())
                        && scheduleInOrder(x.values(), y.values());
            }
            if (a instanceof PyObject x) {
                PyObject y = (PyObject) b;
                if (x.kind() != y.kind() || !x.className().equals(y.className()) || x.hasState() != y.hasState()) {
                    return false;
                }
                if (x.kind() == PyObject.Kind.GLOBAL) {
                    return x.equals(y);
                }
                pending.push(new Object[] {x.callable(), y.callable()});
                pending.push(new Object[] {x.args(), y.args()});
                pending.push(new Object[] {x.kwargs(), y.kwargs()});
                pending.push(new Object[] {x.state(), y.state()});
                pending.push(new Object[] {x.listItems(), y.listItems()});
                pending.push(new Object[] {x.dictItems(), y.dictItems()});
                return true;
            }
            return scheduleInOrder(items(a), items(b));
        }

        private boolean scheduleInOrder(Collection<?> a, Collection<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<?> left = a.iterator();
            Iterator<?> right = b.iterator();
            while (left.hasNext()) {
                pending.push(new Object[] {left.next(), right.next()});
            }
            return true;
        }

        /** The Python type a container stands for, as far as equality tells them apart. */
        private String kind(Object o) {
            return switch (o) {
                case PyTuple t -> tupleIsList ? "list" : "tuple";
                case List<?> l -> "list";
                case Object[] a -> "list";
                case PyFrozenSet s -> "frozenset";
                case Set<?> s -> "set";
                case Map<?, ?> m -> "dict";
                case PyObject p -> "object";
                default -> o.getClass().getName();
            };
        }

        private static Collection<?> items(Object o) {
            return o instanceof Object[] a ? Arrays.asList(a) : (Collection<?>) o;
        }
    }

    /** Two containers by identity. */
    private record Pair(Object a, Object b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.a == a && p.b == b;
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(a), System.identityHashCode(b));
        }
    }

    private static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger;
    }

    private static boolean isText(Object o) {
        return o instanceof String || o instanceof Character;
    }

    private static boolean isFloat(Object o) {
        return o instanceof Double || o instanceof Float;
    }

    private static BigInteger asBig(Object o) {
        return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
    }
}
