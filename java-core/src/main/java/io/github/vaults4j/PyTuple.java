package io.github.vaults4j;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * A Python {@code tuple}: an immutable list that is written back as a tuple, not as a list.
 *
 * <p>It honours the {@link List} contract, so {@code PyTuple.of(1, 2).equals(List.of(1, 2))} is true, as
 * {@code List.equals} demands; what tells a tuple from a list is its type, which decides how it is
 * encoded. Elements may be {@code null} (Python's {@code None}).
 *
 * <pre>{@code
 * vault.put("point", PyTuple.of(3L, 4L));      // pickled as a tuple, packed as a msgpack array
 * }</pre>
 */
public final class PyTuple extends AbstractList<Object> implements RandomAccess {
    private static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;

    private PyTuple(Object[] items) {
        this.items = items;
    }

    /** A tuple of the given items, in order; the array is copied. */
    public static PyTuple of(Object... items) {
        return items.length == 0 ? EMPTY : new PyTuple(items.clone());
    }

    /** A tuple of the collection's items, in its iteration order. */
    public static PyTuple copyOf(Collection<?> items) {
        return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Object[] toArray() {
        return items.clone();
    }

    @Override
    public String toString() {
        if (items.length == 1) {
            return "(" + items[0] + ",)";
        }
        String inner = Arrays.toString(items);
        return "(" + inner.substring(1, inner.length() - 1) + ")";
    }
}
