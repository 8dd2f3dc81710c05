package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The depth of values to be written, on both of Nesting's walks: the plain one and the one that tracks identities. */
class NestingTest {
    @Test
    void aRecordIsAsDeepAsItsDeepestContainer() {
        Map<Object, Object> record = new LinkedHashMap<>();
        record.put("name", "repo-1");
        record.put("tags", new ArrayList<>(List.of("python", "cli")));
        record.put("owner", new LinkedHashMap<>(Map.of("id", 7, "roles", List.of(List.of("admin")))));
        assertFalse(Nesting.deeperThan(record, 4));
        assertTrue(Nesting.deeperThan(record, 3));
        assertFalse(Nesting.deeperThan("scalar", 0));
        assertTrue(Nesting.deeperThan(List.of(), 0));
    }

    @Test
    void aMapKeyCountsAsMuchAsAValue() {
        Map<Object, Object> byTuple = new LinkedHashMap<>();
        byTuple.put(List.of(List.of(1)), "v");
        assertFalse(Nesting.deeperThan(byTuple, 3));
        assertTrue(Nesting.deeperThan(byTuple, 2));
    }

    /** Small enough for the plain walk (63 containers once expanded), large enough to need it to be exact. */
    @Test
    void aSharedPartWithinThePlainWalkCountsItsDepthOnce() {
        Object x = new ArrayList<>();
        for (int level = 0; level < 5; level++) {
            x = new ArrayList<>(List.of(x, x));
        }
        assertFalse(Nesting.deeperThan(x, 6));
        assertTrue(Nesting.deeperThan(x, 5));
    }

    /** Past the plain walk's bound: the walk that tracks identities answers, at the same depth. */
    @Test
    void aWideTreePastThePlainWalkGetsTheSameAnswer() {
        List<Object> wide = new ArrayList<>();
        for (int i = 0; i < Nesting.PLAIN_WALK_CONTAINERS * 2; i++) {
            wide.add(new ArrayList<>(List.of(new ArrayList<>(List.of(i)))));
        }
        assertFalse(Nesting.deeperThan(wide, 3));
        assertTrue(Nesting.deeperThan(wide, 2));
    }

    @Test
    void aListInsideItselfAddsNoDepth() {
        List<Object> self = new ArrayList<>();
        self.add(new ArrayList<>(List.of(1)));
        self.add(self);
        assertFalse(Nesting.deeperThan(self, 2));
        assertTrue(Nesting.deeperThan(self, 1));
    }
}
