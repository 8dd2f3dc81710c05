package io.github.vaults4j.crypto;

import io.github.vaults4j.VaultException;

/**
 * A token that does not decrypt: not a Fernet (or vaults4j GCM) token, a tag that does not verify with any
 * of the keys given (the wrong key, or bytes changed), bad padding, or a token older than an explicit
 * time-to-live. As Python's {@code cryptography.fernet.InvalidToken}, the message does not say which check
 * failed beyond what is safe to say: the kind is in {@link #reason()}.
 */
public class InvalidTokenException extends VaultException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Not base64, a wrong version byte, or too short to hold the fields. */
        MALFORMED,
        /** The authentication tag does not verify with any key given: the wrong key, or tampered bytes. */
        BAD_TAG,
        /** The tag verified but the plaintext padding did not (only a key-holder can produce this). */
        BAD_PADDING,
        /** Older than the time-to-live asked for, or dated too far in the future for it. */
        EXPIRED,
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidTokenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Which check refused the token. */
    public Reason reason() {
        return reason;
    }
}
