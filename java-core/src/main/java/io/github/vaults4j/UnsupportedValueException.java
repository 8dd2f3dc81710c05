package io.github.vaults4j;

/**
 * A Java value has no Python equivalent that vaults4j can write (a {@code Thread}, say), or the chosen
 * format cannot hold it the way Python would (an int outside msgpack's range, which the Python module
 * refuses too). Nothing was written. {@link #reason()} tells the kinds apart without reading the message.
 */
public class UnsupportedValueException extends VaultException {
    private static final long serialVersionUID = 1L;

    /** Why a value cannot be written; each maps to the exception Python raises for the same value. */
    public enum Reason {
        /** An int outside msgpack's [-2**63, 2**64-1]: Python's msgpack raises OverflowError. */
        INT_OUT_OF_RANGE,
        /** A type with no Python equivalent, or one the chosen format cannot hold: TypeError in Python. */
        UNSUPPORTED_TYPE,
        /** A date, time or duration outside what Python's datetime can hold: ValueError in Python. */
        OUT_OF_PYTHON_RANGE,
        /** Nested too deeply or refers to itself where the writer cannot follow: RecursionError in Python. */
        TOO_DEEP
    }

    private final Reason reason;

    public UnsupportedValueException(String message, Reason reason) {
        super(message);
        this.reason = reason;
    }

    public UnsupportedValueException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the value was refused. */
    public Reason reason() {
        return reason;
    }
}
