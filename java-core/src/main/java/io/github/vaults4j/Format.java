package io.github.vaults4j;

/**
 * How new cells are written. Every format is always readable; this only decides what a write produces.
 *
 * <table>
 *   <caption>Formats and the Python writers they match</caption>
 *   <tr><th>Format</th><th>Cell bytes</th><th>Written by</th></tr>
 *   <tr><td>{@link #MSGPACK}</td><td>{@code M} + msgpack; {@code P} + pickle for what msgpack cannot hold</td>
 *       <td>vaults 2.x with msgpack installed</td></tr>
 *   <tr><td>{@link #PICKLE}</td><td>{@code P} + pickle</td><td>vaults 2.x without msgpack</td></tr>
 *   <tr><td>{@link #LEGACY}</td><td>raw pickle, no marker</td><td>vaults 1.x (generation 1)</td></tr>
 * </table>
 */
public enum Format {
    /**
     * Follow the file: generation 1 files write {@link #LEGACY}; generation 2 files write {@link #MSGPACK} when
     * they hold msgpack rows or no pickle rows, else {@link #PICKLE}. A new file gets {@link #MSGPACK}.
     */
    AUTO,
    /** Raw pickle cells in the generation 1 table, as vaults 1.x wrote them. */
    LEGACY,
    /** {@code P} + pickle for every cell, as vaults 2.x writes without msgpack installed. */
    PICKLE,
    /** {@code M} + msgpack, falling back to {@code P} + pickle, as vaults 2.x writes with msgpack installed. */
    MSGPACK;

    /** The oldest pickle protocol a vault cell is written with (the first with the PROTO opcode). */
    public static final int LOWEST_PICKLE_PROTOCOL = 2;
    /** The newest pickle protocol there is (Python 3.8 and later; the default of 3.14). */
    public static final int HIGHEST_PICKLE_PROTOCOL = 5;

    /** Whether {@code protocol} is one a vault cell can be written with. */
    public static boolean isPickleProtocol(int protocol) {
        return protocol >= LOWEST_PICKLE_PROTOCOL && protocol <= HIGHEST_PICKLE_PROTOCOL;
    }

    /**
     * The protocol, checked: the one place that says which pickle protocols are accepted.
     *
     * @throws IllegalArgumentException for a protocol other than {@value #LOWEST_PICKLE_PROTOCOL} to
     *                                  {@value #HIGHEST_PICKLE_PROTOCOL}
     */
    public static int requirePickleProtocol(int protocol) {
        if (!isPickleProtocol(protocol)) {
            throw new IllegalArgumentException("pickle protocol must be " + LOWEST_PICKLE_PROTOCOL + " to "
                    + HIGHEST_PICKLE_PROTOCOL + ": " + protocol);
        }
        return protocol;
    }
}
