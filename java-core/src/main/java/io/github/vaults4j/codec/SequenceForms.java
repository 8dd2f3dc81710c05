package io.github.vaults4j.codec;

import io.github.vaults4j.PyTuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A key's other sequence forms: the same key with every list and tuple in its nesting turned into tuples, and
 * into lists. msgpack stores both as one array, so a file can hold one key pickled as a tuple by Python (the only
 * hashable form) and reached by Java as a list, or the reverse; a lookup tries these forms' pickles too.
 * Iterative; gives up (no other forms) past {@link #MAX_DEPTH}, which no key that encodes reaches.
 */
final class SequenceForms {
    /** The deepest nesting converted: the pickle writer's own limit. */
    static final int MAX_DEPTH = PickleWriter.MAX_DEPTH;

    private SequenceForms() {
    }

    /** The all-tuples and the all-lists form of the key, each when it differs from the key; else none. */
    static List<Object> others(Object key) {
        if (!(key instanceof List<?>)) {
            return List.of();
        }
        List<Object> forms = new ArrayList<>(2);
        for (boolean toTuple : new boolean[] {true, false}) {
            Object form = convert((List<?>) key, toTuple);
            if (form != null) {
                forms.add(form);
            }
        }
        return forms;
    }

    /** The key with every nested list as a tuple; the key itself when it holds no list (or is too deep). */
    static Object allTuples(Object key) {
        Object form = key instanceof List<?> list ? convert(list, true) : null;
        return form == null ? key : form;
    }

    /** One level of the walk: a sequence and its converted items so far. */
    private static final class Frame {
        final List<?> source;
        final Object[] items;
        int index;

        Frame(List<?> source) {
            this.source = source;
            this.items = new Object[source.size()];
        }
    }

    /** The key with every nested sequence as a tuple (or a list); {@code null} when nothing changes or too deep. */
    private static Object convert(List<?> root, boolean toTuple) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root));
        boolean changed = false;
        while (true) {
            Frame top = stack.peek();
            if (top.index < top.source.size()) {
                Object child = top.source.get(top.index);
                if (child instanceof List<?> nested) {
                    if (stack.size() >= MAX_DEPTH) {
                        return null;
                    }
                    stack.push(new Frame(nested));
                } else {
                    top.items[top.index++] = child;
                }
                continue;
            }
            stack.pop();
            changed |= (top.source instanceof PyTuple) != toTuple;
            Object built = toTuple ? PyTuple.of(top.items) : new ArrayList<>(Arrays.asList(top.items));
            Frame parent = stack.peek();
            if (parent == null) {
                return changed ? built : null;
            }
            parent.items[parent.index++] = built;
        }
    }
}
