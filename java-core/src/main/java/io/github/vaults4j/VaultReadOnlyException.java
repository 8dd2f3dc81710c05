package io.github.vaults4j;

/** A write was attempted on a vault opened read-only, or on a file or folder the process may not write. */
public class VaultReadOnlyException extends VaultException {
    private static final long serialVersionUID = 1L;

    public VaultReadOnlyException(String message) {
        super(message);
    }

    public VaultReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
