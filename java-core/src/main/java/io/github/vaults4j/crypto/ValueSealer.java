package io.github.vaults4j.crypto;

/**
 * How an encrypted vault turns a value into the bytes it stores and back: Fernet over the pickle
 * ({@link FernetSealer}, what Python's class writes) or AES-256-GCM ({@link GcmSealer}, Java only).
 */
interface ValueSealer {
    /** The stored bytes of the pickled value under the key. */
    byte[] seal(Object key, byte[] pickle);

    /**
     * The pickle inside stored bytes.
     *
     * @throws InvalidTokenException when the bytes do not open with this sealer's keys
     */
    byte[] open(Object key, byte[] sealed);

    /** Re-seals stored bytes with the sealer's current key. */
    default byte[] reseal(Object key, byte[] sealed) {
        return seal(key, open(key, sealed));
    }

    /** A description for messages, without key material. */
    String describe();
}
