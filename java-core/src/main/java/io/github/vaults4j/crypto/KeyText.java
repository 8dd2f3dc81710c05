package io.github.vaults4j.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** The text form shared by Fernet and master keys: URL-safe base64 of a fixed number of random bytes. */
final class KeyText {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyText() {
    }

    static byte[] random(int length) {
        byte[] raw = new byte[length];
        RANDOM.nextBytes(raw);
        return raw;
    }

    /**
     * The key's bytes; surrounding white space (a key file's trailing newline) is ignored.
     *
     * @throws IllegalArgumentException when the text is not URL-safe base64 of {@code length} bytes; the message
     *                                  names {@code what} and never repeats the text
     */
    static byte[] decode(String encoded, int length, String what) {
        Objects.requireNonNull(encoded, "encoded");
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be URL-safe base64 of " + length + " bytes");
        }
        if (raw.length != length) {
            throw new IllegalArgumentException(what + " must be URL-safe base64 of " + length + " bytes, not " + raw.length);
        }
        return raw;
    }

    static String encode(byte[] raw) {
        return Base64.getUrlEncoder().encodeToString(raw);
    }
}
