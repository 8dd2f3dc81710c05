package io.github.vaults4j;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A Python {@code frozenset}: an immutable set that keeps the order its items were stored in and is
 * written back as a frozenset. A mutable Python {@code set} reads as a {@link LinkedHashSet}, and any other
 * {@link Set} is written as a {@code set}.
 */
public final class PyFrozenSet extends AbstractSet<Object> {
    private final Set<Object> items;

    private PyFrozenSet(Set<Object> items) {
        this.items = Collections.unmodifiableSet(items);
    }

    /** A frozenset of the given items, in order; duplicates after the first are dropped. */
    public static PyFrozenSet of(Object... items) {
        Set<Object> set = new LinkedHashSet<>();
        Collections.addAll(set, items);
        return new PyFrozenSet(set);
    }

    /** A frozenset of the collection's items, in its iteration order. */
    public static PyFrozenSet copyOf(Collection<?> items) {
        return new PyFrozenSet(new LinkedHashSet<>(items));
    }

    @Override
    public Iterator<Object> iterator() {
        return items.iterator();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean contains(Object o) {
        return items.contains(o);
    }

    @Override
    public String toString() {
        return "frozenset(" + items + ")";
    }
}
