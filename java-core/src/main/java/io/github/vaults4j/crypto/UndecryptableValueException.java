package io.github.vaults4j.crypto;

import io.github.vaults4j.VaultException;

/**
 * A stored value of an encrypted vault cannot be opened with the keys given: the wrong key, a value changed on
 * disk, a value that is not encrypted at all, or one sealed by the other mode (GCM versus Fernet). Carries the
 * key of the row; the message names the vault file and the key. Nothing was written by the operation that
 * raised it.
 */
public class UndecryptableValueException extends VaultException {
    private static final long serialVersionUID = 1L;

    private final transient Object key;

    public UndecryptableValueException(String message, Object key, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The key of the row whose value could not be opened. */
    public Object key() {
        return key;
    }
}
