package io.github.vaults4j;

/**
 * A cell could not be decoded: an unknown marker, truncated or malformed msgpack or pickle, or a value the
 * decoder refuses to build. Only the operation that touched the row fails; every other row stays readable.
 */
public class CorruptRowException extends VaultException {
    private static final long serialVersionUID = 1L;

    private final long rowId;

    public CorruptRowException(String message, long rowId, Throwable cause) {
        super(message, cause);
        this.rowId = rowId;
    }

    /** The SQLite rowid of the bad row, or -1 when the bytes did not come from a row. */
    public long rowId() {
        return rowId;
    }
}
