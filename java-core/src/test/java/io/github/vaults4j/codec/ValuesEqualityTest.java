package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Values#same} is equality of Python data, type for type; {@link Values#sameKey} adds tuple = list. */
class ValuesEqualityTest {
    private static final PyObject BYTEARRAY = PyObject.global("builtins", "bytearray");

    @Test
    void typesAreExact() {
        assertFalse(Values.same(new LinkedHashSet<>(List.of(1L)), PyFrozenSet.copyOf(List.of(1L))));
        assertFalse(Values.same(new byte[] {1}, PyObject.reduce(BYTEARRAY, PyTuple.of((Object) new byte[] {1}))));
        assertFalse(Values.same(List.of(1L, 2L), PyTuple.of(1L, 2L)));
        assertFalse(Values.same(1L, 1.0));
        assertFalse(Values.same(true, 1L));
        assertFalse(Values.same("a", 'b'));
        assertTrue(Values.same("a", 'a'));
        assertTrue(Values.same(1, 1L));
        assertTrue(Values.same(BigInteger.TEN, 10L));
        assertTrue(Values.same(Map.of("a", List.of(1)), new LinkedHashMap<>(Map.of("a", new ArrayList<>(List.of(1L))))));
    }

    @Test
    void floatsCompareAsPythonsEqualsWithNanEqualToItself() {
        assertTrue(Values.same(0.0, -0.0));
        assertTrue(Values.same(Double.NaN, Double.NaN));
        assertTrue(Values.same(List.of(Double.NaN), List.of(Double.NaN)));
        assertFalse(Values.same(0.1, 0.1f));
        assertTrue(Values.same(0.5, 0.5f));
    }

    @Test
    void orderIsPartOfTheData() {
        Map<String, Long> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", 2L);
        Map<String, Long> ba = new LinkedHashMap<>();
        ba.put("b", 2L);
        ba.put("a", 1L);
        assertFalse(Values.same(ab, ba));
    }

    @Test
    void keysTakeATupleAndAListWithTheSameItemsAsOne() {
        assertTrue(Values.sameKey(PyTuple.of("host", PyTuple.of(1L)), List.of("host", List.of(1L))));
        assertFalse(Values.sameKey(PyTuple.of("host"), List.of("port")));
        assertFalse(Values.sameKey(PyFrozenSet.copyOf(List.of(1L)), List.of(1L)));
    }

    @Test
    void cyclesCompareByStructure() {
        List<Object> a = new ArrayList<>();
        a.add(a);
        List<Object> b = new ArrayList<>();
        b.add(b);
        assertTrue(Values.same(a, b));
        List<Object> c = new ArrayList<>();
        c.add(c);
        c.add(1L);
        assertFalse(Values.same(a, c));
    }
}
