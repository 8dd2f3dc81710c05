package io.github.vaults4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.testing.CPythonPeer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fernet against the specification's published vectors (github.com/fernet/spec: generate.json, verify.json,
 * invalid.json, embedded as test resources) and against Python's {@code cryptography} in a live CPython process.
 */
class FernetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Vectors Python's lenient base64 accepts and the specification (and this implementation) refuses. */
    private static final Set<String> LENIENT_IN_PYTHON = Set.of("trailing characters after b64 padding",
            "invalid characters in b64");

    private static List<JsonNode> vectors(String name) throws IOException {
        try (InputStream in = FernetTest.class.getResourceAsStream("fernet-spec/" + name)) {
            List<JsonNode> list = new ArrayList<>();
            JSON.readTree(in).forEach(list::add);
            assertTrue(!list.isEmpty(), name);
            return list;
        }
    }

    private static Instant now(JsonNode vector) {
        return OffsetDateTime.parse(vector.get("now").textValue()).toInstant();
    }

    @Test
    void generateVectorsMatchByteForByte() throws IOException {
        for (JsonNode v : vectors("generate.json")) {
            byte[] iv = new byte[Fernet.IV_BYTES];
            for (int i = 0; i < iv.length; i++) {
                iv[i] = (byte) v.get("iv").get(i).intValue();
            }
            Fernet fernet = new Fernet(FernetKey.parse(v.get("secret").textValue()));
            byte[] token = fernet.encrypt(v.get("src").textValue().getBytes(StandardCharsets.UTF_8),
                    now(v).getEpochSecond(), iv);
            assertEquals(v.get("token").textValue(), new String(token, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void verifyVectorsDecryptWithAndWithoutTimeToLive() throws IOException {
        for (JsonNode v : vectors("verify.json")) {
            Fernet fernet = new Fernet(FernetKey.parse(v.get("secret").textValue()));
            byte[] token = v.get("token").textValue().getBytes(StandardCharsets.US_ASCII);
            byte[] expected = v.get("src").textValue().getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(expected, fernet.decrypt(token, Duration.ofSeconds(v.get("ttl_sec").longValue()), now(v)));
            assertArrayEquals(expected, fernet.decrypt(token), "a token from 1985 opens without a time-to-live");
        }
    }

    @Test
    void invalidVectorsAreRefused() throws IOException {
        for (JsonNode v : vectors("invalid.json")) {
            Fernet fernet = new Fernet(FernetKey.parse(v.get("secret").textValue()));
            byte[] token = v.get("token").textValue().getBytes(StandardCharsets.US_ASCII);
            Duration ttl = Duration.ofSeconds(v.get("ttl_sec").longValue());
            String desc = v.get("desc").textValue();
            InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> fernet.decrypt(token, ttl, now(v)), desc);
            boolean timeOnly = desc.contains("TTL") || desc.contains("clock skew");
            assertEquals(timeOnly, e.reason() == InvalidTokenException.Reason.EXPIRED, desc + ": " + e.reason());
            if (!timeOnly) {
                assertThrows(InvalidTokenException.class, () -> fernet.decrypt(token), desc + " without a time-to-live");
            }
        }
    }

    @Test
    void futureDatedTokensOpenWithoutTimeToLiveAsInPython() {
        Fernet fernet = new Fernet(FernetKey.generate());
        long farFuture = Instant.now().plus(Duration.ofDays(3650)).getEpochSecond();
        byte[] token = fernet.encrypt("later".getBytes(StandardCharsets.UTF_8), farFuture, Fernet.randomIv());
        assertEquals("later", new String(fernet.decrypt(token), StandardCharsets.UTF_8));
        assertEquals(InvalidTokenException.Reason.EXPIRED, assertThrows(InvalidTokenException.class,
                () -> fernet.decrypt(token, Duration.ofSeconds(60), Instant.now())).reason());
        // Python's cryptography 38 behaves the same: no clock-skew check without ttl.
        String hex = EncryptedPeer.run(fernet.key().encoded(), "", "decrypt", new String(token, StandardCharsets.US_ASCII))
                .requireSuccess().stdout().get(0);
        assertTrue(hex.contains(HexFormat.of().formatHex("later".getBytes(StandardCharsets.UTF_8))), hex);
    }

    @Test
    void pythonReadsJavaTokensAndJavaReadsPythonTokens() throws IOException {
        FernetKey key = FernetKey.generate();
        Fernet fernet = new Fernet(key);
        byte[] plaintext = new byte[1000];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) (i * 7);
        }
        List<byte[]> parts = new ArrayList<>();
        List<String> javaTokens = new ArrayList<>();
        List<String> hexes = new ArrayList<>();
        for (int length : new int[] {0, 1, 15, 16, 17, 1000}) {
            byte[] part = java.util.Arrays.copyOf(plaintext, length);
            parts.add(part);
            javaTokens.add(fernet.encryptToString(part));
            hexes.add(HexFormat.of().formatHex(part));
        }
        List<String> decrypted = EncryptedPeer.run(key.encoded(), "", concat("decrypt", javaTokens)).requireSuccess().stdout();
        List<String> pythonTokens = EncryptedPeer.run(key.encoded(), "", concat("encrypt", hexes)).requireSuccess().stdout();
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(hexes.get(i), JSON.readTree(decrypted.get(i)).get("plaintext").textValue(), "part " + i);
            assertArrayEquals(parts.get(i), fernet.decrypt(JSON.readTree(pythonTokens.get(i)).get("token").textValue()), "part " + i);
        }
        FernetKey other = FernetKey.generate();
        CPythonPeer.Result wrong = EncryptedPeer.run(other.encoded(), "", "decrypt", fernet.encryptToString(plaintext));
        assertEquals(EncryptedPeer.INVALID_TOKEN_EXIT, wrong.exitCode(), wrong.stderr());
    }

    private static String[] concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    @Test
    void multiFernetEncryptsWithTheFirstKeyAndDecryptsWithAny() {
        FernetKey oldKey = FernetKey.generate();
        FernetKey newKey = FernetKey.generate();
        byte[] old = new Fernet(oldKey).encrypt(new byte[] {1, 2, 3});
        MultiFernet both = new MultiFernet(List.of(newKey, oldKey));
        assertArrayEquals(new byte[] {1, 2, 3}, both.decrypt(old));
        byte[] rotated = both.rotate(old);
        assertArrayEquals(new byte[] {1, 2, 3}, new Fernet(newKey).decrypt(rotated));
        assertEquals(new Fernet(oldKey).timestamp(old), new Fernet(newKey).timestamp(rotated), "rotate keeps the time");
        assertEquals(InvalidTokenException.Reason.BAD_TAG,
                assertThrows(InvalidTokenException.class, () -> new Fernet(oldKey).decrypt(rotated)).reason());
        assertThrows(IllegalArgumentException.class, () -> new MultiFernet(List.of()));
    }

    @Test
    void keysParseAsPythonWritesThemAndNeverPrint() {
        FernetKey key = FernetKey.parse("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=\n");
        assertEquals("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=", key.encoded());
        assertEquals(key, FernetKey.parse(key.encoded().getBytes(StandardCharsets.US_ASCII)));
        assertTrue(!key.toString().contains("cw_0x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FernetKey.parse("c2hvcnQ="));
        assertTrue(!e.getMessage().contains("c2hvcnQ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FernetKey.parse("not base64 at all!"));
    }
}
