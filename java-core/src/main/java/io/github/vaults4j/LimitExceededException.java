package io.github.vaults4j;

/**
 * A key, a value or a nesting depth is larger than the limit set in {@link VaultOptions}. When reading, the
 * row is left as it is; when writing, nothing was written.
 */
public class LimitExceededException extends VaultException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
