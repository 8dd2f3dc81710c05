package io.github.vaults4j.codec;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Measures how deeply a value to be written nests lists, tuples, sets and dicts, without recursion, so that
 * the depth limit of the options holds on write as it holds on read, and a value that refers to itself gets
 * a clear error instead of a stack overflow.
 */
public final class Nesting {
    private Nesting() {
    }

    /**
     * Whether the value nests containers deeper than {@code maxDepth}; a scalar is depth 0 and a flat list
     * depth 1, as the readers count. Stops at the first container past the limit, so a cycle ends too.
     */
    public static boolean deeperThan(Object value, int maxDepth) {
        // ArrayDeque refuses null (Python's None): push a stand-in, a scalar like None itself.
        Deque<Object> values = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        values.push(orNone(value));
        depths.push(0);
        while (!values.isEmpty()) {
            Object current = values.pop();
            int depth = depths.pop();
            if (current instanceof Collection<?> items) {
                if (depth + 1 > maxDepth) {
                    return true;
                }
                for (Object item : items) {
                    values.push(orNone(item));
                    depths.push(depth + 1);
                }
            } else if (current instanceof Map<?, ?> map) {
                if (depth + 1 > maxDepth) {
                    return true;
                }
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    values.push(orNone(entry.getKey()));
                    depths.push(depth + 1);
                    values.push(orNone(entry.getValue()));
                    depths.push(depth + 1);
                }
            } else if (current instanceof Object[] items) {
                if (depth + 1 > maxDepth) {
                    return true;
                }
                for (Object item : items) {
                    values.push(orNone(item));
                    depths.push(depth + 1);
                }
            }
        }
        return false;
    }

    private static final Object NONE = new Object();

    private static Object orNone(Object value) {
        return value == null ? NONE : value;
    }
}
