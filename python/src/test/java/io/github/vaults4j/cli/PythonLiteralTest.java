package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.PyTuple;
import io.github.vaults4j.codec.Values;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {
    @Test
    void parsesTheLiteralsKeysAreMadeOf() {
        assertEquals("a'b", PythonLiteral.parse("'a\\'b'"));
        assertEquals("é\n", PythonLiteral.parse("\"\\xe9\\n\""));
        assertEquals(42L, PythonLiteral.parse("42"));
        assertEquals(-7L, PythonLiteral.parse(" -7 "));
        assertEquals(new BigInteger("18446744073709551616"), PythonLiteral.parse("18446744073709551616"));
        assertEquals(1.5e-3, PythonLiteral.parse("1.5e-3"));
        assertEquals(Boolean.TRUE, PythonLiteral.parse("True"));
        assertNull(PythonLiteral.parse("None"));
        assertArrayEquals(new byte[] {'a', (byte) 0xff}, (byte[]) PythonLiteral.parse("b'a\\xff'"));
        assertTrue(Values.same(PyTuple.of(1L, "a"), PythonLiteral.parse("(1, 'a')")));
        assertTrue(Values.same(PyTuple.of(1L), PythonLiteral.parse("(1,)")));
        assertEquals(1L, PythonLiteral.parse("(1)"));
        assertTrue(Values.same(PyTuple.of(), PythonLiteral.parse("()")));
        assertTrue(Values.same(List.of(1L, List.of()), PythonLiteral.parse("[1, []]")));
        assertEquals("{'a': (1, 2)}", Values.repr(PythonLiteral.parse("{'a': (1, 2)}")));
    }

    @Test
    void refusesWhatIsNotALiteral() {
        for (String bad : new String[] {"", "(1,", "os.system('x')", "'open", "1 2", "[1 2]", "true"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse(bad), bad);
            assertTrue(e.getMessage().contains("not a Python literal"), e.getMessage());
        }
    }
}
