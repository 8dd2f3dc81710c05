package io.github.vaults4j.storage;

import io.github.vaults4j.codec.Cells;

/**
 * The key encodings a vault file can hold, each an index range of the key column: {@code M…} (msgpack),
 * {@code P\x80\x02…} to {@code P\x80\x05…} (vaults 2.x pickle, protocols 2 to 5) and {@code \x80\x02…} to
 * {@code \x80\x05…} (vaults 1.x raw pickle). A key cell's encoding is read off its first bytes.
 */
final class KeyEncodings {
    /** How many encodings are tracked; each has a bit in a mask. */
    static final int COUNT = 9;
    /** Every encoding: the mask of a file whose content is not known. */
    static final int ALL = (1 << COUNT) - 1;

    private static final int MSGPACK = 0;
    private static final int PICKLE_2 = 1;
    private static final int LEGACY_2 = 5;

    private KeyEncodings() {
    }

    /** The encoding's bit for a key cell, or 0 for a cell of none of them (never excluded from a lookup). */
    static int bitOf(byte[] cell) {
        if (cell.length >= 1 && cell[0] == Cells.MSGPACK_MARKER) {
            return 1 << MSGPACK;
        }
        if (cell.length >= 3 && cell[0] == Cells.PICKLE_MARKER && cell[1] == Cells.PROTO && cell[2] >= 2 && cell[2] <= 5) {
            return 1 << (PICKLE_2 + cell[2] - 2);
        }
        if (cell.length >= 2 && cell[0] == Cells.PROTO && cell[1] >= 2 && cell[1] <= 5) {
            return 1 << (LEGACY_2 + cell[1] - 2);
        }
        return 0;
    }

    /** The lower bound of encoding {@code index}'s key range (inclusive). */
    static byte[] low(int index) {
        if (index == MSGPACK) {
            return new byte[] {Cells.MSGPACK_MARKER};
        }
        return index < LEGACY_2
                ? new byte[] {Cells.PICKLE_MARKER, Cells.PROTO, (byte) (index - PICKLE_2 + 2)}
                : new byte[] {Cells.PROTO, (byte) (index - LEGACY_2 + 2)};
    }

    /** The upper bound of encoding {@code index}'s key range (exclusive). */
    static byte[] high(int index) {
        byte[] high = low(index);
        high[high.length - 1]++;
        return high;
    }
}
