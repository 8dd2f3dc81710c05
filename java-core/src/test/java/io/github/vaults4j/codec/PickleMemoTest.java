package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PickleMemoTest {
    @Test
    void entriesNumberedFromZeroAreKeptWithTheirDepths() {
        PickleMemo memo = new PickleMemo();
        Object[] stored = new Object[5000];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = "s" + i;
            memo.put(memo.size(), stored[i], i % 7);
        }
        assertEquals(stored.length, memo.size());
        for (int i = 0; i < stored.length; i++) {
            assertSame(stored[i], memo.value(i));
            assertEquals(i % 7, memo.depth(i));
        }
        assertFalse(memo.contains(stored.length));
    }

    @Test
    void noneIsAnEntryAndAnOverwriteIsNotANewOne() {
        PickleMemo memo = new PickleMemo();
        memo.put(0, null, 0);
        assertTrue(memo.contains(0));
        assertNull(memo.value(0));
        memo.put(0, "again", 1);
        assertEquals(1, memo.size());
        assertEquals("again", memo.value(0));
        assertEquals(1, memo.depth(0));
    }

    /** A crafted far index is kept without arrays of its size, and stays found once the arrays reach it. */
    @Test
    void aFarIndexIsKeptAsideUntilTheEntriesReachIt() {
        PickleMemo memo = new PickleMemo();
        memo.put(Integer.MAX_VALUE, "far", 3);
        memo.put(5000, "ahead", 2);
        assertEquals(2, memo.size());
        assertEquals("far", memo.value(Integer.MAX_VALUE));
        for (int i = 0; i < 4500; i++) { // the arrays widen past 5000 at index 4096
            memo.put(i, i, 0);
        }
        assertTrue(memo.contains(5000));
        assertEquals("ahead", memo.value(5000));
        assertEquals(2, memo.depth(5000));
        memo.put(5000, "moved", 4);
        assertEquals("moved", memo.value(5000));
        assertEquals(4, memo.depth(5000));
        assertEquals(4502, memo.size());
        assertFalse(memo.contains(4999));
    }
}
