package io.github.vaults4j.codec;

import io.github.vaults4j.Format;

/**
 * The concrete way a vault writes cells: a {@link Format} other than {@code AUTO} and a pickle protocol.
 *
 * @param format   {@link Format#MSGPACK}, {@link Format#PICKLE} or {@link Format#LEGACY}
 * @param protocol the pickle protocol (2 to 5) for pickled cells
 */
public record WriteProfile(Format format, int protocol) {

    /** What vaults 2.x writes on Python 3.8 to 3.13 with msgpack installed. */
    public static final WriteProfile DEFAULT = new WriteProfile(Format.MSGPACK, 4);

    public WriteProfile {
        if (format == Format.AUTO) {
            throw new IllegalArgumentException("a write profile needs a concrete format, not AUTO");
        }
        Format.requirePickleProtocol(protocol);
    }

    /** A short label for reports, such as {@code msgpack+P4}, {@code pickle4} or {@code legacy4}. */
    public String label() {
        return switch (format) {
            case MSGPACK -> "msgpack+P" + protocol;
            case PICKLE -> "pickle" + protocol;
            case LEGACY -> "legacy" + protocol;
            case AUTO -> throw new AssertionError();
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
