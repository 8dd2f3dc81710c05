package io.github.vaults4j;

/**
 * Another connection held the file's lock for longer than the busy timeout
 * ({@link VaultOptions.Builder#busyTimeout}). Nothing of the failed operation was written.
 */
public class VaultBusyException extends VaultException {
    private static final long serialVersionUID = 1L;

    public VaultBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
