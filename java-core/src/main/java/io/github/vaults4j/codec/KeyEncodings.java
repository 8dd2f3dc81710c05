package io.github.vaults4j.codec;

import io.github.vaults4j.Format;

/**
 * The key encodings a vault file can hold, each a contiguous range of the key column's byte order:
 * {@code M…} (msgpack), {@code P\x80\x02…} to {@code P\x80\x05…} (vaults 2.x pickle, protocols 2 to 5) and
 * {@code \x80\x02…} to {@code \x80\x05…} (vaults 1.x raw pickle). A key cell's encoding is read off its first
 * bytes. Storage knows these only as numbered ranges (its encoding tags); what the bytes mean stays here.
 */
public final class KeyEncodings {
    /** How many encodings there are; each has an index from 0 to {@code COUNT - 1}. */
    public static final int COUNT = 9;
    /** The index of a cell in none of the encodings: such a cell is never excluded from a lookup. */
    public static final int NONE = -1;

    private static final int MSGPACK = 0;
    private static final int PICKLE_2 = 1;
    private static final int LEGACY_2 = 5;
    private static final int LOWEST_PROTOCOL = Format.LOWEST_PICKLE_PROTOCOL;

    private KeyEncodings() {
    }

    /** The encoding index of a key cell, or {@link #NONE}. */
    public static int of(byte[] cell) {
        if (cell.length >= 1 && cell[0] == Cells.MSGPACK_MARKER) {
            return MSGPACK;
        }
        if (cell.length >= 3 && cell[0] == Cells.PICKLE_MARKER && cell[1] == Cells.PROTO && isProtocol(cell[2])) {
            return PICKLE_2 + cell[2] - LOWEST_PROTOCOL;
        }
        if (cell.length >= 2 && cell[0] == Cells.PROTO && isProtocol(cell[1])) {
            return LEGACY_2 + cell[1] - LOWEST_PROTOCOL;
        }
        return NONE;
    }

    private static boolean isProtocol(byte b) {
        return Format.isPickleProtocol(b);
    }

    /** The lower bound of encoding {@code index}'s key range (inclusive). */
    public static byte[] low(int index) {
        if (index == MSGPACK) {
            return new byte[] {Cells.MSGPACK_MARKER};
        }
        return index < LEGACY_2
                ? new byte[] {Cells.PICKLE_MARKER, Cells.PROTO, (byte) (index - PICKLE_2 + LOWEST_PROTOCOL)}
                : new byte[] {Cells.PROTO, (byte) (index - LEGACY_2 + LOWEST_PROTOCOL)};
    }

    /** The upper bound of encoding {@code index}'s key range (exclusive). */
    public static byte[] high(int index) {
        byte[] high = low(index);
        high[high.length - 1]++;
        return high;
    }
}
