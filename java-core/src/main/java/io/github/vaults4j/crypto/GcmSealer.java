package io.github.vaults4j.crypto;

import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM values under a vault's data key:
 *
 * <pre>
 * value = "V4G" | version 0x01 | 12-byte random nonce | ciphertext | 16-byte tag
 * AAD   = the 4 header bytes | the key's cell as vaults 2.x with msgpack writes it
 * </pre>
 *
 * The AAD binds each value to its key, so a value copied under another key fails to open. It uses the key's
 * canonical cell (not the bytes of the row) so that {@code vaults migrate}, which may re-encode key cells
 * between msgpack and pickle, leaves every value readable.
 */
final class GcmSealer implements ValueSealer {
    static final byte[] HEADER = {'V', '4', 'G', 0x01};
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey dataKey;

    GcmSealer(SecretKey dataKey) {
        this.dataKey = dataKey;
    }

    @Override
    public byte[] seal(Object key, byte[] pickle) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(key));
            ByteBuffer out = ByteBuffer.allocate(HEADER.length + NONCE_BYTES + cipher.getOutputSize(pickle.length));
            out.put(HEADER).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(pickle), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + CIPHER, e);
        }
    }

    @Override
    public byte[] open(Object key, byte[] sealed) {
        if (sealed.length < HEADER.length + NONCE_BYTES + TAG_BITS / Byte.SIZE
                || !Arrays.equals(sealed, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "not a vaults4j GCM value (version " + (int) HEADER[HEADER.length - 1] + ")");
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, sealed, HEADER.length, NONCE_BYTES));
            cipher.updateAAD(aad(key));
            int start = HEADER.length + NONCE_BYTES;
            return cipher.doFinal(sealed, start, sealed.length - start);
        } catch (AEADBadTagException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_TAG,
                    "the GCM tag does not verify: the wrong data key, a value moved from another key, or changed bytes");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + CIPHER, e);
        }
    }

    @Override
    public String describe() {
        return "AES-256-GCM";
    }

    private static byte[] aad(Object key) {
        byte[] cell = Cells.encode(key, WriteProfile.DEFAULT);
        byte[] aad = Arrays.copyOf(HEADER, HEADER.length + cell.length);
        System.arraycopy(cell, 0, aad, HEADER.length, cell.length);
        return aad;
    }
}
