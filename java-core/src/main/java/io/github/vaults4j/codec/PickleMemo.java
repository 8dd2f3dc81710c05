package io.github.vaults4j.codec;

import java.util.Arrays;
import java.util.HashMap;

/**
 * The unpickler's memo: each entry's object and the nesting depth it had when stored. Picklers number entries
 * from 0 upwards ({@code MEMOIZE} takes the next number), so those live in arrays, without a boxed key or a map
 * entry apiece; an index far past the entries stored (only a crafted pickle writes one) goes to a map, so that
 * the arrays never outgrow what the pickle's bytes stored.
 */
final class PickleMemo {
    /** How far past twice the entries stored an index may lie and still widen the arrays. */
    private static final int DENSE_SLACK = 1024;
    private static final int FIRST_CAPACITY = 16;
    /** Marks an array slot no entry was stored in ({@code null} is a value the memo can hold). */
    private static final Object ABSENT = new Object();

    private Object[] values = absentSlots(FIRST_CAPACITY);
    private int[] depths = new int[FIRST_CAPACITY];
    private int denseCount;
    /** Entries at indices the arrays do not cover; made on first use. */
    private HashMap<Integer, Object> sparseValues;
    private HashMap<Integer, Integer> sparseDepths;

    private static Object[] absentSlots(int n) {
        Object[] slots = new Object[n];
        Arrays.fill(slots, ABSENT);
        return slots;
    }

    /** The number of entries stored: the index {@code MEMOIZE} gives the next one. */
    int size() {
        return denseCount + (sparseValues == null ? 0 : sparseValues.size());
    }

    boolean contains(int index) {
        return index < values.length && values[index] != ABSENT
                || sparseValues != null && sparseValues.containsKey(index);
    }

    /** The entry's object; call {@link #contains} first. */
    Object value(int index) {
        return index < values.length && values[index] != ABSENT ? values[index] : sparseValues.get(index);
    }

    /** The entry's depth; call {@link #contains} first. */
    int depth(int index) {
        return index < values.length && values[index] != ABSENT ? depths[index] : sparseDepths.get(index);
    }

    void put(int index, Object value, int depth) {
        if (index >= values.length && index < 2 * denseCount + DENSE_SLACK) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * values.length, index + 1L));
            int old = values.length;
            values = Arrays.copyOf(values, capacity);
            Arrays.fill(values, old, capacity, ABSENT);
            depths = Arrays.copyOf(depths, capacity);
        }
        if (index < values.length) {
            if (values[index] == ABSENT) {
                if (sparseValues != null && sparseValues.containsKey(index)) {
                    // Stored before the arrays reached it: the entry moves from the map to the arrays.
                    sparseValues.remove(index);
                    sparseDepths.remove(index);
                }
                denseCount++;
            }
            values[index] = value;
            depths[index] = depth;
            return;
        }
        if (sparseValues == null) {
            sparseValues = new HashMap<>();
            sparseDepths = new HashMap<>();
        }
        sparseValues.put(index, value);
        sparseDepths.put(index, depth);
    }
}
