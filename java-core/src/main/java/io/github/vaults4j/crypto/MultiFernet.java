package io.github.vaults4j.crypto;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Several Fernet keys, as Python's {@code MultiFernet}: encrypts with the first, decrypts with whichever key's
 * tag verifies. Put the new key first to rotate; {@link #rotate} re-encrypts a token under the first key.
 */
public final class MultiFernet {
    private final List<Fernet> fernets;

    /**
     * @param keys the keys, the one to encrypt with first
     * @throws IllegalArgumentException for no keys
     */
    public MultiFernet(List<FernetKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("MultiFernet needs at least one key");
        }
        this.fernets = keys.stream().map(Fernet::new).toList();
    }

    /** The keys, the one used for encryption first. */
    public List<FernetKey> keys() {
        return fernets.stream().map(Fernet::key).toList();
    }

    /** Encrypts with the first key. */
    public byte[] encrypt(byte[] plaintext) {
        return fernets.get(0).encrypt(plaintext);
    }

    /**
     * Decrypts with the first key whose tag verifies; any age, as {@link Fernet#decrypt(byte[])}.
     *
     * @throws InvalidTokenException when no key verifies the token, or it is malformed
     */
    public byte[] decrypt(byte[] token) {
        byte[] raw = Fernet.decode(token);
        for (Fernet fernet : fernets) {
            if (fernet.tagMatches(raw)) {
                return fernet.decryptVerified(raw);
            }
        }
        throw new InvalidTokenException(InvalidTokenException.Reason.BAD_TAG, "the Fernet token's tag does not verify with any of the "
                + fernets.size() + " keys: the wrong key, or the token was changed");
    }

    /** As {@link #decrypt(byte[])}, for a token as text. */
    public byte[] decrypt(String token) {
        return decrypt(token.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decrypts with any key and encrypts again with the first, keeping the token's timestamp (as Python's
     * {@code MultiFernet.rotate}).
     */
    public byte[] rotate(byte[] token) {
        byte[] plaintext = decrypt(token);
        long timestamp = Fernet.timestampOf(Fernet.decode(token));
        return fernets.get(0).encrypt(plaintext, timestamp, Fernet.randomIv());
    }
}
