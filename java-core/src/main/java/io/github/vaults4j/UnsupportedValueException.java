package io.github.vaults4j;

/**
 * A Java value has no Python equivalent that vaults4j can write (a {@code Thread}, say), or the chosen
 * format cannot hold it the way Python would (an int outside msgpack's range, which the Python module
 * refuses too). Nothing was written.
 */
public class UnsupportedValueException extends VaultException {
    private static final long serialVersionUID = 1L;

    public UnsupportedValueException(String message) {
        super(message);
    }

    public UnsupportedValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
