package io.github.vaults4j.codec;

import io.github.vaults4j.UnsupportedValueException.Reason;

/**
 * A value cannot be written in the requested format. {@link #fallbackToPickle()} tells whether Python's
 * {@code vaults} module would store the same value as a pickle instead (msgpack raised TypeError or
 * ValueError) or whether the put fails in Python too (an OverflowError, or a Java type with no Python
 * equivalent); {@link #reason()} says which kind of refusal it is.
 */
public class UnencodableException extends CodecException {
    private static final long serialVersionUID = 1L;

    private final boolean fallbackToPickle;
    private final Reason reason;

    public UnencodableException(String message, boolean fallbackToPickle, Reason reason) {
        super(message);
        this.fallbackToPickle = fallbackToPickle;
        this.reason = reason;
    }

    /** True when the value should be pickled instead, as the Python module does. */
    public boolean fallbackToPickle() {
        return fallbackToPickle;
    }

    /** Why the value was refused. */
    public Reason reason() {
        return reason;
    }
}
