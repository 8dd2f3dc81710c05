package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed and malicious input: only CodecException (or DepthLimitException) may come out, nothing runs. */
class HostileInputTest {
    private static final int MAX_DEPTH = 100;
    /** Random flips per sample. */
    private static final int FLIPS = 3000;

    private static List<byte[]> samples() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("key", new ArrayList<>(List.of(1L, -70000L, BigInteger.TWO.pow(100), 2.5, "é€😀", new byte[] {1, 2})));
        m.put(PyTuple.of(1L, "t"), OffsetDateTime.of(2020, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2)));
        m.put("d", LocalDate.of(2021, 1, 2));
        m.put("obj", PyObject.newObj(PyObject.global("mod", "Cls"), List.of()).withState(Map.of("a", 1L)));
        List<byte[]> out = new ArrayList<>();
        for (int p = 2; p <= 5; p++) {
            out.add(PickleWriter.write(m, p));
        }
        return out;
    }

    /** Decodes; true if it decoded, false if it failed with a CodecException that says where. */
    private static boolean decodesOrFailsClearly(byte[] data, int len) {
        try {
            PickleReader.read(data, 0, len, MAX_DEPTH);
            return true;
        } catch (CodecException expected) {
            assertTrue(expected.getMessage().contains("offset") || expected instanceof DepthLimitException,
                    expected.getMessage());
            return false;
        }
    }

    @Test
    void truncatedAtEveryOffset() {
        for (byte[] sample : samples()) {
            for (int len = 0; len < sample.length; len++) {
                int cut = len;
                CodecException e = assertThrows(CodecException.class, () -> PickleReader.read(sample, 0, cut,
                        MAX_DEPTH), "truncated at " + cut);
                assertTrue(e.getMessage().contains("offset"), e.getMessage());
            }
            byte[] packed = MsgpackWriter.write(List.of("abc", 1L, List.of(2.5, new byte[3]), Map.of("k", -5L)));
            for (int len = 0; len < packed.length; len++) {
                int cut = len;
                assertThrows(CodecException.class, () -> MsgpackReader.read(packed, 0, cut, MAX_DEPTH));
            }
        }
    }

    /**
     * Flipped bits in valid pickles and msgpack: each flip either decodes or fails with a CodecException, and both
     * outcomes occur (a flip inside a string's text still decodes; a flip in an opcode or a length does not), so a
     * reader that refused everything, or accepted everything, fails here.
     */
    @Test
    void randomBitFlips() {
        Random random = new Random(7);
        int decoded = 0;
        int refused = 0;
        for (byte[] sample : samples()) {
            assertTrue(decodesOrFailsClearly(sample, sample.length), "the unflipped sample decodes");
            for (int i = 0; i < FLIPS; i++) {
                byte[] b = sample.clone();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                if (decodesOrFailsClearly(b, b.length)) {
                    decoded++;
                } else {
                    refused++;
                }
            }
        }
        assertTrue(decoded > FLIPS / 10 && refused > FLIPS / 10, "pickle flips: " + decoded + " decoded, " + refused + " refused");
        byte[] packed = MsgpackWriter.write(List.of("abc", 1L, List.of(2.5, new byte[3]), Map.of("k", -5L)));
        MsgpackReader.read(packed, 0, packed.length, MAX_DEPTH);
        int packedDecoded = 0;
        int packedRefused = 0;
        for (int i = 0; i < FLIPS; i++) {
            byte[] b = packed.clone();
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                MsgpackReader.read(b, 0, b.length, MAX_DEPTH);
                packedDecoded++;
            } catch (CodecException expected) {
                packedRefused++;
            }
        }
        assertTrue(packedDecoded > FLIPS / 10 && packedRefused > FLIPS / 10,
                "msgpack flips: " + packedDecoded + " decoded, " + packedRefused + " refused");
    }

    @Test
    void osSystemIsRecordedNotRun() throws Exception {
        Path marker = Files.createTempFile("vaults4j-hostile", ".txt");
        Files.delete(marker);
        String command = "touch " + marker;
        for (String module : new String[] {"os", "posix", "subprocess"}) {
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.write(new byte[] {(byte) 0x80, 2});
            p.write(("c" + module + "\nsystem\n").getBytes(StandardCharsets.US_ASCII));
            byte[] arg = command.getBytes(StandardCharsets.UTF_8);
            p.write('X');
            p.write(new byte[] {(byte) arg.length, 0, 0, 0});
            p.write(arg);
            p.write(new byte[] {(byte) 0x85, 'R', '.'});
            byte[] data = p.toByteArray();
            PyObject o = assertInstanceOf(PyObject.class, PickleReader.read(data, 0, data.length, MAX_DEPTH));
            assertEquals(module + ".system", o.className());
            assertEquals(PyTuple.of(command), o.args());
        }
        assertTrue(Files.notExists(marker), "nothing may run");
    }

    @Test
    void hugeDeclaredLengthsAreRefusedBeforeAllocating() {
        String[] pickles = {
            "8004" + "58ffffffff" + "2e",                       // BINUNICODE of 4 GiB
            "8004" + "8dffffffffffffff7f" + "2e",               // BINUNICODE8 of 2**63-1
            "8004" + "8e0000000000000040" + "2e",               // BINBYTES8 of 2**62
            "8004" + "42ffffff7f" + "2e",                       // BINBYTES of 2 GiB
            "8004" + "8bffffff7f" + "2e",                       // LONG4 of 2 GiB
            "8004" + "95ffffffffffffff7f" + "2e",               // FRAME of 2**63-1
            "8005" + "96ffffffffffffff00" + "2e",               // BYTEARRAY8
        };
        for (String hex : pickles) {
            byte[] b = HexFormat.of().parseHex(hex);
            CodecException e = assertThrows(CodecException.class, () -> PickleReader.read(b, 0, b.length, 10));
            assertTrue(e.getMessage().contains("offset 2"), e.getMessage());
        }
        String[] msgpacks = {"dbffffffff", "c6ffffffff", "ddffffffff", "dfffffffff", "c7ff01"};
        for (String hex : msgpacks) {
            byte[] b = HexFormat.of().parseHex(hex);
            assertThrows(CodecException.class, () -> MsgpackReader.read(b, 0, b.length, 10));
        }
    }

    @Test
    void malformedOpcodes() {
        String[] pickles = {"8002612e", "8002ff2e", "800268052e", "80022e", "8002284b01652e", "80024b014b0273",
            "8002" + "5d4b0162" + "2e", "8006" + "4e2e"};
        for (String hex : pickles) {
            byte[] b = HexFormat.of().parseHex(hex);
            assertThrows(CodecException.class, () -> PickleReader.read(b, 0, b.length, 10), hex);
        }
        byte[] invalidUtf8 = HexFormat.of().parseHex("a2c328");
        assertThrows(CodecException.class, () -> MsgpackReader.read(invalidUtf8, 0, 3, 10));
        byte[] trailing = HexFormat.of().parseHex("c0c0");
        assertThrows(CodecException.class, () -> MsgpackReader.read(trailing, 0, 2, 10));
    }

    @Test
    void deepNestingFailsWithoutStackOverflow() {
        int n = 100_000;
        ByteArrayOutputStream lists = new ByteArrayOutputStream();
        lists.write(0x80);
        lists.write(2);
        for (int i = 0; i < n; i++) {
            lists.write(']');
        }
        for (int i = 0; i < n - 1; i++) {
            lists.write('a');
        }
        lists.write('.');
        ByteArrayOutputStream tuples = new ByteArrayOutputStream();
        tuples.write(0x80);
        tuples.write(4);
        tuples.write(')');
        for (int i = 0; i < n; i++) {
            tuples.write(0x85);
        }
        tuples.write('.');
        for (ByteArrayOutputStream p : List.of(lists, tuples)) {
            byte[] b = p.toByteArray();
            assertThrows(DepthLimitException.class, () -> PickleReader.read(b, 0, b.length, 1000));
        }
        byte[] packed = new byte[n + 1];
        java.util.Arrays.fill(packed, (byte) 0x91);
        packed[n] = (byte) 0xc0;
        assertThrows(DepthLimitException.class, () -> MsgpackReader.read(packed, 0, packed.length, 1000));
    }

    @Test
    void depthLimitIsExact() {
        Object v = 1L;
        for (int i = 0; i < 10; i++) {
            v = new ArrayList<>(List.of(v));
        }
        for (int p = 2; p <= 5; p++) {
            byte[] b = PickleWriter.write(v, p);
            assertEquals(v, PickleReader.read(b, 0, b.length, 10));
            assertThrows(DepthLimitException.class, () -> PickleReader.read(b, 0, b.length, 9));
        }
        byte[] m = MsgpackWriter.write(v);
        assertEquals(v, MsgpackReader.read(m, 0, m.length, 10));
        assertThrows(DepthLimitException.class, () -> MsgpackReader.read(m, 0, m.length, 9));
    }

    /**
     * A list its parent already holds, fetched again from the memo and deepened: the running depth of the
     * parent is stale, so the reader must walk the result ({@code [[[[[]]]]]}, five levels, as CPython loads it).
     */
    @Test
    void depthLimitHoldsWhenAMemoReferenceDeepensAListItsParentHolds() {
        byte[] b = {(byte) 0x80, 4, ']', (byte) 0x94, ']', (byte) 0x94, 'a', 'h', 1, ']', ']', ']', 'a', 'a', 'a',
                '0', '.'};
        Object nested = List.of(List.of(List.of(List.of(List.of()))));
        assertEquals(nested, PickleReader.read(b, 0, b.length, 5));
        assertThrows(DepthLimitException.class, () -> PickleReader.read(b, 0, b.length, 4));
    }
}
