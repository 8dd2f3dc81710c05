package io.github.vaults4j.codec;

import io.github.vaults4j.PyObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Measures how deeply a value to be written nests lists, tuples, sets and dicts, without recursion, so that
 * the depth limit of the options holds on write as it holds on read. The walk visits each distinct container
 * once: a part shared many times costs what it costs once, and a container inside itself (a cycle, which
 * pickle stores as CPython does) adds no depth.
 *
 * <p>Most values are small trees: a plain walk with no bookkeeping answers for them, and it stops after
 * {@link #PLAIN_WALK_CONTAINERS} containers, so a shared or cyclic value costs that much more at most before the
 * walk that tracks identities takes over.
 */
public final class Nesting {
    /**
     * Containers the plain walk visits before it gives up: enough for any record-like value, few enough that
     * the walk costs nothing next to the write it guards.
     */
    static final int PLAIN_WALK_CONTAINERS = 256;

    private Nesting() {
    }

    /** One container on the current path: its children still to visit and the deepest nesting below it. */
    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        int below;

        Frame(Object node, Iterator<?> children) {
            this.node = node;
            this.children = children;
        }
    }

    /** What a walk counts as a container, and what it finds inside one. */
    enum Kind {
        /** A value to be written: lists, tuples, sets, dicts and arrays. */
        VALUE,
        /** A value a reader decoded: the same, and an object of another class ({@link PyObject}) with its parts. */
        DECODED;

        boolean isContainer(Object value) {
            return value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[]
                    || this == DECODED && value instanceof PyObject;
        }

        Iterator<?> children(Object container) {
            return switch (container) {
                case Collection<?> items -> items.iterator();
                case Object[] items -> Arrays.asList(items).iterator();
                case Map<?, ?> map -> new KeysAndValues(map);
                case PyObject object when this == DECODED -> object.parts().iterator();
                default -> throw new IllegalArgumentException("not a container: " + container.getClass());
            };
        }
    }

    /**
     * Whether the value nests containers deeper than {@code maxDepth}; a scalar is depth 0 and a flat list
     * depth 1, as the readers count. Stops at the first container past the limit.
     */
    public static boolean deeperThan(Object value, int maxDepth) {
        return deeperThan(value, maxDepth, Kind.VALUE);
    }

    /** As {@link #deeperThan(Object, int)}, counting the containers of this kind. */
    static boolean deeperThan(Object value, int maxDepth, Kind kind) {
        if (!kind.isContainer(value)) {
            return false;
        }
        if (maxDepth < 1) {
            return true;
        }
        if (plainWalkFindsWithin(value, maxDepth, kind)) {
            return false;
        }
        IdentityHashMap<Object, Integer> heights = new IdentityHashMap<>();
        IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();
        List<Frame> path = new ArrayList<>();
        path.add(new Frame(value, kind.children(value)));
        onPath.put(value, Boolean.TRUE);
        while (!path.isEmpty()) {
            Frame top = path.get(path.size() - 1);
            if (top.children.hasNext()) {
                Object child = top.children.next();
                if (!kind.isContainer(child) || onPath.containsKey(child)) {
                    continue;
                }
                Integer known = heights.get(child);
                int height = known == null ? 1 : known;
                if (path.size() + height > maxDepth) {
                    return true;
                }
                if (known != null) {
                    top.below = Math.max(top.below, known);
                } else {
                    path.add(new Frame(child, kind.children(child)));
                    onPath.put(child, Boolean.TRUE);
                }
            } else {
                path.remove(path.size() - 1);
                onPath.remove(top.node);
                int height = top.below + 1;
                heights.put(top.node, height);
                if (!path.isEmpty()) {
                    Frame parent = path.get(path.size() - 1);
                    parent.below = Math.max(parent.below, height);
                }
            }
        }
        return false;
    }

    /**
     * Whether a walk that keeps no identities finds the value within {@code maxDepth}, meeting no more than
     * {@link #PLAIN_WALK_CONTAINERS} containers; false when it stops at either bound, which leaves the answer
     * open. A walk that ends within both saw a tree (a cycle would have no end, and a part shared within the
     * bound is met at its own depth each time), so its answer is the exact one.
     */
    private static boolean plainWalkFindsWithin(Object value, int maxDepth, Kind kind) {
        List<Iterator<?>> path = new ArrayList<>();
        path.add(kind.children(value));
        int visited = 1;
        while (!path.isEmpty()) {
            Iterator<?> top = path.get(path.size() - 1);
            if (!top.hasNext()) {
                path.remove(path.size() - 1);
                continue;
            }
            Object child = top.next();
            if (!kind.isContainer(child)) {
                continue;
            }
            if (++visited > PLAIN_WALK_CONTAINERS || path.size() >= maxDepth) {
                return false;
            }
            path.add(kind.children(child));
        }
        return true;
    }

    /** A map's keys and values, each key followed by its value. */
    private static final class KeysAndValues implements Iterator<Object> {
        private final Iterator<? extends Map.Entry<?, ?>> entries;
        private Map.Entry<?, ?> pending;

        KeysAndValues(Map<?, ?> map) {
            this.entries = map.entrySet().iterator();
        }

        @Override
        public boolean hasNext() {
            return pending != null || entries.hasNext();
        }

        @Override
        public Object next() {
            if (pending != null) {
                Object value = pending.getValue();
                pending = null;
                return value;
            }
            if (!entries.hasNext()) {
                throw new NoSuchElementException();
            }
            pending = entries.next();
            return pending.getKey();
        }
    }
}
