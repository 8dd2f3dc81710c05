package io.github.vaults4j.tools;

import io.github.vaults4j.Format;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.codec.WriteProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rules by which a migration chooses each row's new cells. Pure functions of the old cell and its decoded
 * value, so the planning pass and the rewriting pass agree without keeping the plan in memory.
 *
 * <ul>
 *   <li>A key becomes the exact cell the target Python writer produces for it, so that writer's {@code get}
 *       finds it; an msgpack array key pickled becomes a tuple (every list in it a tuple), the form Python looks
 *       it up as. When no such cell can be produced here, the key stays pickle (see values).</li>
 *   <li>A value already in the target encoding keeps its bytes. Otherwise it is re-encoded when the new cell
 *       decodes to the same value ({@link Values#same}) and, for msgpack, Python can read it back (every dict
 *       key a str or bytes: msgpack 1.0 refuses others). Otherwise it stays pickle: a {@code P} cell exactly as
 *       it was, a generation 1 raw pickle with the {@code P} marker put in front of its unchanged bytes.</li>
 *   <li>An {@code M} value Python cannot read back (a map with int keys, which vaults 2.x writes but cannot
 *       read) becomes {@code P} + pickle, with either target.</li>
 * </ul>
 */
final class TargetCells {
    private final WriteProfile target;
    private final int maxDepth;

    /** A chosen value cell. */
    record ValueCell(byte[] cell, boolean keptPickle) {
    }

    TargetCells(WriteProfile target, int maxDepth) {
        if (target.format() == Format.LEGACY) {
            throw new IllegalArgumentException("migration writes generation 2 cells, not " + target);
        }
        this.target = target;
        this.maxDepth = maxDepth;
    }

    byte[] key(Object key, byte[] oldCell) {
        try {
            // An msgpack array key read back as a list: pickled, it becomes the tuple Python looks it up as.
            boolean arrayToPickle = oldCell.length > 0 && oldCell[0] == Cells.MSGPACK_MARKER
                    && target.format() == Format.PICKLE;
            return Cells.encode(arrayToPickle ? Cells.hashableForm(key) : key, target);
        } catch (CodecException e) {
            return asPickleCell(oldCell);
        }
    }

    ValueCell value(Object value, byte[] oldCell) {
        boolean msgpackCell = oldCell[0] == Cells.MSGPACK_MARKER;
        if (inTargetEncoding(oldCell) && (!msgpackCell || msgpackKeysReadable(value))) {
            return new ValueCell(oldCell, false);
        }
        byte[] cell = tryEncode(value, target);
        if (cell != null && readsBackSame(value, cell)) {
            return new ValueCell(cell, false);
        }
        if (msgpackCell) {
            // An M map with int (or other non-str) keys, as vaults 2.x writes it: Python cannot read it back.
            // As pickle it reads back; if even that fails here, the cell stays as it was.
            byte[] pickled = tryEncode(value, new WriteProfile(Format.PICKLE, target.protocol()));
            return pickled != null && readsBackSame(value, pickled)
                    ? new ValueCell(pickled, true) : new ValueCell(oldCell, false);
        }
        return new ValueCell(asPickleCell(oldCell), true);
    }

    /** Whether the cell is already what the target writes: {@code M}, or {@code P} of the target protocol. */
    private boolean inTargetEncoding(byte[] cell) {
        CellEncoding encoding = Cells.encodingOf(cell);
        return target.format() == Format.MSGPACK
                ? encoding.kind() == CellEncoding.Kind.MSGPACK
                : encoding.kind() == CellEncoding.Kind.PICKLE && encoding.protocol() == target.protocol();
    }

    private static byte[] tryEncode(Object value, WriteProfile profile) {
        try {
            byte[] cell = Cells.encode(value, profile);
            // With a msgpack target, Cells falls back to pickle for what msgpack refuses: such values keep
            // their own pickle instead of being pickled again.
            boolean wanted = profile.format() == Format.PICKLE || cell[0] == Cells.MSGPACK_MARKER;
            return wanted ? cell : null;
        } catch (CodecException e) {
            return null;
        }
    }

    private boolean readsBackSame(Object value, byte[] cell) {
        if (cell[0] == Cells.MSGPACK_MARKER && !msgpackKeysReadable(value)) {
            return false;
        }
        try {
            return Values.same(value, Cells.decode(cell, maxDepth));
        } catch (CodecException e) {
            return false;
        }
    }

    /** msgpack 1.0 reads maps with {@code strict_map_key=True}: only str and bytes keys come back. */
    private static boolean msgpackKeysReadable(Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String || entry.getKey() instanceof byte[])
                        || !msgpackKeysReadable(entry.getValue())) {
                    return false;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!msgpackKeysReadable(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The cell as a generation 2 pickle ({@link Cells#markedPickle}). */
    static byte[] asPickleCell(byte[] cell) {
        return Cells.markedPickle(cell);
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
