package io.github.vaults4j.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;

/**
 * Fernet (the specification at github.com/fernet/spec, as Python's {@code cryptography.fernet.Fernet} implements
 * it) on the JDK's {@code javax.crypto}: AES-128-CBC with PKCS#7 padding, then HMAC-SHA256 over everything
 * before the tag.
 *
 * <pre>
 * token = base64url( 0x80 | seconds since 1970, 64-bit big-endian | 16-byte IV | ciphertext | HMAC-SHA256 )
 * </pre>
 *
 * The tag is verified, in constant time, before anything is decrypted. {@link #decrypt(byte[])} applies no
 * time-to-live and accepts any timestamp, past or future, exactly as Python's {@code decrypt(token)} without
 * {@code ttl}: vault values are data at rest, and a value written by a host whose clock ran ahead must stay
 * readable. {@link #decrypt(byte[], Duration, Instant)} is the specification's check with a time-to-live and
 * the 60-second clock-skew allowance, for messages in transit.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Fernet {
    /** The version byte of every Fernet token. */
    public static final byte VERSION = (byte) 0x80;
    /** How far in the future a token may be dated when a time-to-live is checked (Python's {@code _MAX_CLOCK_SKEW}). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    static final int IV_BYTES = 16;
    static final int TAG_BYTES = 32;
    private static final int TIMESTAMP_BYTES = Long.BYTES;
    private static final int HEADER_BYTES = 1 + TIMESTAMP_BYTES + IV_BYTES;
    private static final int BLOCK_BYTES = 16;
    private static final String CIPHER = "AES/CBC/PKCS5Padding";
    private static final String MAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FernetKey key;

    public Fernet(FernetKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The key. */
    public FernetKey key() {
        return key;
    }

    /** Encrypts with a random IV and the current time; returns the token's ASCII bytes, as Python does. */
    public byte[] encrypt(byte[] plaintext) {
        return encrypt(plaintext, Instant.now().getEpochSecond(), randomIv());
    }

    static byte[] randomIv() {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return iv;
    }

    /** Encrypts with a given time and IV: for test vectors only; a reused IV leaks plaintext. */
    byte[] encrypt(byte[] plaintext, long epochSeconds, byte[] iv) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (iv.length != IV_BYTES) {
            throw new IllegalArgumentException("the IV must have " + IV_BYTES + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), new IvParameterSpec(iv));
            int cipherLength = cipher.getOutputSize(plaintext.length);
            ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + cipherLength + TAG_BYTES);
            token.put(VERSION).putLong(epochSeconds).put(iv);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, token.array(), HEADER_BYTES);
            Mac mac = Mac.getInstance(MAC);
            mac.init(key.signingKey());
            mac.update(token.array(), 0, HEADER_BYTES + written);
            mac.doFinal(token.array(), HEADER_BYTES + written);
            byte[] raw = Arrays.copyOf(token.array(), HEADER_BYTES + written + TAG_BYTES);
            return Base64.getUrlEncoder().encode(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + CIPHER + " or " + MAC, e);
        }
    }

    /** Encrypts and returns the token as text. */
    public String encryptToString(byte[] plaintext) {
        return new String(encrypt(plaintext), StandardCharsets.US_ASCII);
    }

    /**
     * Verifies and decrypts a token of any age.
     *
     * @throws InvalidTokenException when the token is malformed, its tag does not verify with this key, or its
     *                               padding is bad
     */
    public byte[] decrypt(byte[] token) {
        return decryptRaw(decode(token));
    }

    /** As {@link #decrypt(byte[])}, for a token as text. */
    public byte[] decrypt(String token) {
        return decrypt(token.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Verifies and decrypts a token no older than {@code ttl} at {@code now}, and dated no more than
     * {@link #MAX_CLOCK_SKEW} after {@code now}: the specification's check for messages in transit (not used
     * for vault values).
     */
    public byte[] decrypt(byte[] token, Duration ttl, Instant now) {
        byte[] raw = decode(token);
        long timestamp = timestampOf(raw);
        long current = now.getEpochSecond();
        if (timestamp + ttl.toSeconds() < current) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "the Fernet token has expired");
        }
        if (current + MAX_CLOCK_SKEW.toSeconds() < timestamp) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED,
                    "the Fernet token is dated more than " + MAX_CLOCK_SKEW.toSeconds() + " s in the future");
        }
        return decryptRaw(raw);
    }

    /** The time a token was made, read without verifying it (as Python's {@code extract_timestamp} does after verifying). */
    public Instant timestamp(byte[] token) {
        byte[] raw = decode(token);
        verify(raw);
        return Instant.ofEpochSecond(timestampOf(raw));
    }

    /** The decoded token with its layout checked: version byte, length, whole cipher blocks. */
    static byte[] decode(byte[] token) {
        Objects.requireNonNull(token, "token");
        byte[] raw;
        try {
            // Strict: the specification's invalid vectors include trailing and stray characters, which
            // Python's lenient base64 decoder would skip. No encrypter writes them.
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "not a Fernet token: bad base64");
        }
        if (raw.length < HEADER_BYTES + BLOCK_BYTES + TAG_BYTES || raw[0] != VERSION) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "not a Fernet token: " + (raw.length == 0 || raw[0] != VERSION ? "wrong version byte" : "too short"));
        }
        if ((raw.length - HEADER_BYTES - TAG_BYTES) % BLOCK_BYTES != 0) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "not a Fernet token: the ciphertext is not whole AES blocks");
        }
        return raw;
    }

    static long timestampOf(byte[] raw) {
        return ByteBuffer.wrap(raw, 1, TIMESTAMP_BYTES).getLong();
    }

    /** Whether the tag verifies with this key, compared in constant time. */
    boolean tagMatches(byte[] raw) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key.signingKey());
            mac.update(raw, 0, raw.length - TAG_BYTES);
            byte[] expected = mac.doFinal();
            return MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, raw.length - TAG_BYTES, raw.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + MAC, e);
        }
    }

    private void verify(byte[] raw) {
        if (!tagMatches(raw)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_TAG,
                    "the Fernet token's tag does not verify: the wrong key, or the token was changed");
        }
    }

    private byte[] decryptRaw(byte[] raw) {
        verify(raw);
        return decryptVerified(raw);
    }

    /** Decrypts a token whose tag has been verified with this key. */
    byte[] decryptVerified(byte[] raw) {
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key.encryptionKey(), new IvParameterSpec(raw, 1 + TIMESTAMP_BYTES, IV_BYTES));
            return cipher.doFinal(raw, HEADER_BYTES, raw.length - HEADER_BYTES - TAG_BYTES);
        } catch (BadPaddingException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_PADDING, "the Fernet token's padding is bad");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + CIPHER, e);
        }
    }
}
