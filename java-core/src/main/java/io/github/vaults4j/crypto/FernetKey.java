package io.github.vaults4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Fernet key: 16 bytes of HMAC-SHA256 signing key followed by 16 bytes of AES-128 encryption key, written as
 * URL-safe base64 with padding (44 characters), exactly what Python's {@code Fernet.generate_key()} returns.
 * {@link #toString()} never shows the key.
 */
public final class FernetKey {
    /** Bytes of a decoded key: signing key then encryption key. */
    public static final int KEY_BYTES = 32;
    private static final int HALF = KEY_BYTES / 2;

    private final byte[] raw;

    private FernetKey(byte[] raw) {
        this.raw = raw;
    }

    /** A new random key, as {@code Fernet.generate_key()}. */
    public static FernetKey generate() {
        return new FernetKey(KeyText.random(KEY_BYTES));
    }

    /**
     * Parses the URL-safe base64 form. Surrounding white space (a key file's trailing newline) is ignored.
     *
     * @throws IllegalArgumentException when the text is not URL-safe base64 of 32 bytes; the message never
     *                                  repeats the text
     */
    public static FernetKey parse(String encoded) {
        return new FernetKey(KeyText.decode(encoded, KEY_BYTES, "a Fernet key"));
    }

    /** As {@link #parse(String)}, for the ASCII bytes of a key (Python accepts {@code bytes} keys too). */
    public static FernetKey parse(byte[] encoded) {
        return parse(new String(encoded, StandardCharsets.US_ASCII));
    }

    /** The URL-safe base64 form, with padding, as Python writes it. */
    public String encoded() {
        return KeyText.encode(raw);
    }

    SecretKeySpec signingKey() {
        return new SecretKeySpec(raw, 0, HALF, "HmacSHA256");
    }

    SecretKeySpec encryptionKey() {
        return new SecretKeySpec(raw, HALF, HALF, "AES");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FernetKey other && MessageDigest.isEqual(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** Never the key itself: keys end up in logs through toString. */
    @Override
    public String toString() {
        return "FernetKey(****)";
    }
}
