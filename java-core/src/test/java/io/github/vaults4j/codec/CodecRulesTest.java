package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rules the codecs follow that the differential tests cannot isolate: framing, the memo, refusals. */
class CodecRulesTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void frameOnlyWhenTheBodyHasFourBytes() {
        assertEquals("80044e2e", hex(PickleWriter.write(null, 4)));             // 2-byte body: no frame
        assertEquals("80054b012e", hex(PickleWriter.write(1L, 5)));             // 3 bytes: no frame
        assertEquals("8004950400000000000000" + "4d00012e", hex(PickleWriter.write(256L, 4)));
        assertEquals("80024e2e", hex(PickleWriter.write(null, 2)));             // no frames below 4
    }

    @Test
    void integersUseTheSmallestOpcode() {
        assertEquals("8002" + "4bff" + "2e", hex(PickleWriter.write(255, 2)));
        assertEquals("8002" + "4d0001" + "2e", hex(PickleWriter.write((short) 256, 2)));
        assertEquals("8002" + "4affffffff" + "2e", hex(PickleWriter.write(-1L, 2)));
        assertEquals("8002" + "8a06000000008000" + "2e", hex(PickleWriter.write(1L << 39, 2)));
        assertEquals("8002" + "8a0580ffff7fff" + "2e", hex(PickleWriter.write(-(1L << 31) - 128, 2)));
    }

    @Test
    void memoByIdentityExceptCPythonSingletons() {
        String s = new String("abc");
        byte[] p = PickleWriter.write(new ArrayList<>(List.of(s, s, new String("abc"))), 2);
        // the second reference is a BINGET, the equal but distinct third string is written again
        assertEquals("80025d71002858030000006162637101680158030000006162637102652e", hex(p));
        byte[] singles = PickleWriter.write(new ArrayList<>(List.of(new String("é"), new String("é"),
                new byte[] {7}, new byte[] {7})), 3);
        assertTrue(hex(singles).contains("6801") && hex(singles).contains("6802"), hex(singles));
        List<?> read = (List<?>) PickleReader.read(p, 0, p.length, 10);
        assertSame(read.get(0), read.get(1));
        assertFalse(read.get(0) == read.get(2));
    }

    @Test
    void javaTypesWithoutPythonEquivalentAreRefusedByName() {
        UnencodableException e = assertThrows(UnencodableException.class,
                () -> PickleWriter.write(List.of(new AtomicLong(1)), 4));
        assertTrue(e.getMessage().contains("java.util.concurrent.atomic.AtomicLong"), e.getMessage());
        assertFalse(e.fallbackToPickle());
        UnencodableException m = assertThrows(UnencodableException.class, () -> MsgpackWriter.write(new Object()));
        assertFalse(m.fallbackToPickle());
        assertThrows(IllegalArgumentException.class, () -> PickleWriter.write(1L, 1));
        assertThrows(IllegalArgumentException.class, () -> PickleWriter.write(1L, 6));
    }

    @Test
    void msgpackRefusalsSayWhetherPythonWouldPickle() {
        for (Object v : List.of(new LinkedHashSet<>(List.of(1L)), LocalDate.of(2020, 1, 1), BigDecimal.ONE,
                new PyComplex(1, 2), PyObject.global("m", "C"), "\udc00")) {
            assertTrue(assertThrows(UnencodableException.class, () -> MsgpackWriter.write(v)).fallbackToPickle(),
                    String.valueOf(v));
        }
        assertFalse(assertThrows(UnencodableException.class,
                () -> MsgpackWriter.write(BigInteger.TWO.pow(64))).fallbackToPickle());
        assertEquals("cfffffffffffffffff", hex(MsgpackWriter.write(BigInteger.TWO.pow(64).subtract(BigInteger.ONE))));
        byte[] big = MsgpackWriter.write(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
        assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.ONE), MsgpackReader.read(big, 0, big.length, 1));
        assertEquals("92" + "01" + "a178", hex(MsgpackWriter.write(PyTuple.of(1L, "x"))));
        byte[] intKeys = MsgpackWriter.write(Map.of(1L, 2L));
        assertEquals(Map.of(1L, 2L), MsgpackReader.read(intKeys, 0, intKeys.length, 1));
    }

    @Test
    void pyObjectIsOpaqueButComplete() {
        PyObject cls = PyObject.global("fixture_classes", "Service");
        PyObject o = PyObject.newObj(cls, List.of()).withState(Map.of("port", 1L));
        assertEquals("fixture_classes.Service", o.className());
        assertEquals("<fixture_classes.Service object>", o.toString());
        assertEquals(o, PyObject.newObj(PyObject.global("fixture_classes", "Service"), List.of())
                .withState(Map.of("port", 1L)));
        for (int p = 2; p <= 5; p++) {
            byte[] b = o.toPickle(p);
            Object back = PickleReader.read(b, 0, b.length, 10);
            assertEquals(o, assertInstanceOf(PyObject.class, back));
            assertArrayEquals(b, PickleWriter.write(back, p));
        }
    }
}
