package io.github.vaults4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key of GCM mode: 32 bytes (AES-256) that wrap each vault's data key, written as URL-safe
 * base64 (44 characters, the same text form as a Fernet key). {@link #toString()} never shows the key.
 */
public final class MasterKey {
    /** Bytes of a master key (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final int ID_BYTES = 8;
    private static final byte[] ID_LABEL = "vaults4j master key id".getBytes(StandardCharsets.US_ASCII);

    private final byte[] raw;

    private MasterKey(byte[] raw) {
        this.raw = raw;
    }

    /** A new random master key. */
    public static MasterKey generate() {
        return new MasterKey(KeyText.random(KEY_BYTES));
    }

    /**
     * Parses the URL-safe base64 form; surrounding white space is ignored.
     *
     * @throws IllegalArgumentException when the text is not base64 of 32 bytes; the message never repeats it
     */
    public static MasterKey parse(String encoded) {
        return new MasterKey(KeyText.decode(encoded, KEY_BYTES, "a master key"));
    }

    /** The URL-safe base64 form. */
    public String encoded() {
        return KeyText.encode(raw);
    }

    /**
     * A public name for the key (16 hex digits of an HMAC of a fixed label), stored next to the wrapped data key
     * so that an error can say which master key the vault expects without revealing it.
     */
    public String id() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(ID_LABEL), ID_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    SecretKeySpec secretKey() {
        return new SecretKeySpec(raw, "AES");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && MessageDigest.isEqual(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "MasterKey(" + id() + ")";
    }
}
