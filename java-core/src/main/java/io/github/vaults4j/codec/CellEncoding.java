package io.github.vaults4j.codec;

/**
 * What a cell's leading bytes say about its encoding, read without decoding the payload.
 *
 * @param kind     the encoding family
 * @param protocol the pickle protocol for {@link Kind#PICKLE} and {@link Kind#LEGACY} cells, else 0
 */
public record CellEncoding(Kind kind, int protocol) {

    /** The encoding families a Fuse vault cell can have. */
    public enum Kind {
        /** {@code M} + msgpack (vaults 2.x with msgpack). */
        MSGPACK,
        /** {@code P} + pickle (vaults 2.x). */
        PICKLE,
        /** Raw pickle without a marker (vaults 1.x). */
        LEGACY,
        /** An empty cell or a first byte that is none of the above. */
        UNKNOWN
    }

    /** A short label for reports: {@code M}, {@code P4}, {@code raw4}, {@code unknown}. */
    public String label() {
        return switch (kind) {
            case MSGPACK -> "M";
            case PICKLE -> "P" + protocol;
            case LEGACY -> "raw" + protocol;
            case UNKNOWN -> "unknown";
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
