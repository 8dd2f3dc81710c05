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

    @Test
    void followsPythonsEscapeRules() {
        // Each of these parsed to another key before, so put/del hit another row than CPython's key.
        assertEquals("\ud800", PythonLiteral.parse("'\\ud800'"));
        assertEquals("\n", PythonLiteral.parse("'\\012'"));
        assertArrayEquals("\\u00ff".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                (byte[]) PythonLiteral.parse("b'\\u00ff'"));
        assertEquals("\u01ff", PythonLiteral.parse("'\\777'"));
        assertEquals("\\d", PythonLiteral.parse("r'\\d'"));
        assertEquals("ab", PythonLiteral.parse("'a' \"b\""));
        assertEquals("\u2603", PythonLiteral.parse("'\\N{snowman}'"));
        assertEquals("\uac00", PythonLiteral.parse("'\\N{HANGUL SYLLABLE GA}'"));
    }

    @Test
    void refusesASurrogatePairJavaWouldJoinAndNamesItDoesNotKnow() {
        // Python's '\ud800\udc00' is two code points; Java's string would be U+10000, another row.
        assertTrue(assertThrows(PythonLiteral.LiteralSyntaxException.class, () -> PythonLiteral.parse("'\\ud800\\udc00'"))
                .getMessage().contains("surrogate"));
        assertEquals("\ud800\udc00", PythonLiteral.parse("'\\U00010000'"));
        assertTrue(assertThrows(PythonLiteral.LiteralSyntaxException.class, () -> PythonLiteral.parse("'\\N{LF}'"))
                .getMessage().contains("aliases"));
    }

    @Test
    void mergesEqualKeysAsPythonDoes() {
        assertEquals("{1: 'c'}", Values.repr(PythonLiteral.parse("{1: 'a', 1.0: 'b', True: 'c'}")));
        assertEquals(new io.github.vaults4j.PyComplex(-0.0, -1.0), PythonLiteral.parse("-1j"));
        assertEquals(new io.github.vaults4j.PyComplex(1.0, -2.0), PythonLiteral.parse("1-2j"));
    }

    @Test
    void nestingPastCPythonsLimitIsASyntaxErrorNotAStackOverflow() {
        assertEquals(PythonLiteral.MAX_NESTING, depth(PythonLiteral.parse("[".repeat(200) + "]".repeat(200))));
        PythonLiteral.LiteralSyntaxException e = assertThrows(PythonLiteral.LiteralSyntaxException.class,
                () -> PythonLiteral.parse("[".repeat(60_000)));
        assertEquals(PythonLiteral.MAX_NESTING, e.position());
    }

    private static int depth(Object value) {
        int depth = 0;
        while (value instanceof List<?> list) {
            depth++;
            value = list.isEmpty() ? null : list.get(0);
        }
        return depth;
    }
}
