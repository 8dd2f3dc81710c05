package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;

/** A readable export met a key or value that plain JSON cannot hold; nothing more was written after it. */
public class UnrepresentableValueException extends VaultException {
    private static final long serialVersionUID = 1L;

    private final long rowId;

    public UnrepresentableValueException(String message, long rowId) {
        super(message);
        this.rowId = rowId;
    }

    /** The rowid of the row that could not be written. */
    public long rowId() {
        return rowId;
    }
}
