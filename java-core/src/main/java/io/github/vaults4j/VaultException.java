package io.github.vaults4j;

/**
 * The root of every error vaults4j raises. Messages name the vault file and, where there is one, the key
 * and the SQLite rowid, so that a log line alone tells which row to look at.
 *
 * <p>Subclasses tell the kinds apart: {@link VaultNotFoundException}, {@link CorruptRowException},
 * {@link UnsupportedValueException}, {@link LimitExceededException}, {@link VaultBusyException} and
 * {@link VaultReadOnlyException}. Anything else (an I/O or SQLite failure) is a plain {@code VaultException}
 * whose cause is the original error.
 */
public class VaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
