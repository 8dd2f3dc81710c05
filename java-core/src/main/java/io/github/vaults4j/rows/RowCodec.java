package io.github.vaults4j.rows;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.UnsupportedValueException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.DepthLimitException;
import io.github.vaults4j.codec.KeyEncodings;
import io.github.vaults4j.codec.Nesting;
import io.github.vaults4j.codec.UnencodableException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import java.util.HexFormat;

/**
 * Turns values into cells and cells into values for one vault, with its limits, and says where a failure is.
 * The only place that does: {@code Vault} and every tool decode and encode through it, so a cell fails the same
 * way everywhere.
 *
 * <ul>
 *   <li>a cell or a value over a limit ({@code maxKeyBytes}, {@code maxValueBytes}, {@code maxDepth}):
 *       {@link LimitExceededException};</li>
 *   <li>a cell that does not decode (NULL, unknown marker, malformed payload): {@link CorruptRowException}
 *       with its rowid;</li>
 *   <li>a value with no Python equivalent: {@link UnsupportedValueException}.</li>
 * </ul>
 *
 * Every message starts with where: {@code vault FILE, row N, key K} for a row, where K is the key's Python
 * repr or, when the key cell itself does not decode, {@code cell x'…'} (its first bytes); {@code vault FILE,
 * key K} for a value being written.
 */
public final class RowCodec {
    /** How many leading bytes of an undecodable cell a message shows. */
    public static final int HEX_PREFIX = 16;

    private final String location;
    private final int maxDepth;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final WriteProfile profile;

    /**
     * @param location the vault, for messages (its file)
     * @param options  the limits
     * @param profile  how values are written; {@code null} for a codec that only reads
     */
    public RowCodec(String location, VaultOptions options, WriteProfile profile) {
        this.location = location;
        this.maxDepth = options.maxDepth();
        this.maxKeyBytes = options.maxKeyBytes();
        this.maxValueBytes = options.maxValueBytes();
        this.profile = profile;
    }

    /** The write profile; {@code null} for a codec that only reads. */
    public WriteProfile profile() {
        return profile;
    }

    public int maxDepth() {
        return maxDepth;
    }

    // ------------------------------------------------------------ reading

    public Object key(Row row) {
        return decode(row, row.key(), true);
    }

    public Object value(Row row) {
        return decode(row, row.value(), false);
    }

    /** Decodes a cell that is not (yet) in a row, such as one being imported. */
    public Object cell(byte[] cell, String where) {
        return decode(-1, where, cell, false);
    }

    /** Where a row is, for messages: the file, the rowid and the key as Python would print it. */
    public String where(Row row) {
        return "vault " + location + ", row " + row.rowId() + ", key " + keyLabel(row);
    }

    /** The key's Python repr, or {@code cell x'…'} when it does not decode. */
    public String keyLabel(Row row) {
        try {
            return Values.shortRepr(Cells.decode(row.key(), maxDepth));
        } catch (RuntimeException e) {
            return cellLabel(row.key());
        }
    }

    private Object decode(Row row, byte[] cell, boolean isKey) {
        String where = "vault " + location + ", row " + row.rowId() + ", key "
                + (isKey ? cellLabel(row.key()) : keyLabel(row));
        return decode(row.rowId(), where, cell, isKey);
    }

    private Object decode(long rowId, String where, byte[] cell, boolean isKey) {
        String what = isKey ? "key" : "value";
        if (cell == null) {
            throw new CorruptRowException(where + ": the " + what + " cell is NULL", rowId, null);
        }
        int limit = isKey ? maxKeyBytes : maxValueBytes;
        if (cell.length > limit) {
            throw new LimitExceededException(where + ": the " + what + " cell has " + cell.length
                    + " bytes, over the limit of " + limit);
        }
        try {
            return Cells.decode(cell, maxDepth);
        } catch (DepthLimitException e) {
            throw new LimitExceededException(where + ": the " + what + " is nested deeper than " + maxDepth + ": "
                    + e.getMessage());
        } catch (CodecException e) {
            throw new CorruptRowException(where + ": cannot decode the " + what + " (" + Cells.encodingOf(cell)
                    + "): " + e.getMessage(), rowId, e);
        }
    }

    // ------------------------------------------------------------ writing

    /** The key's cells for a lookup: its own encoding first, every other a Python writer could have used after. */
    public LookupCells lookup(Object key) {
        if (Nesting.deeperThan(key, maxDepth)) {
            throw new LimitExceededException(where(key) + ": the key is nested deeper than " + maxDepth);
        }
        try {
            return new LookupCells(Cells.keyCandidates(key, profile));
        } catch (DepthLimitException e) {
            throw new LimitExceededException(where(key) + ": the key is nested too deeply to encode: " + e.getMessage());
        } catch (UnencodableException e) {
            throw new UnsupportedValueException(where(key) + ": cannot encode the key: " + e.getMessage(), e.reason(), e);
        }
    }

    /** The key's cell in this vault's write profile. */
    public byte[] encodeKey(Object key) {
        return encode(key, key, true);
    }

    /** The value's cell in this vault's write profile; {@code key} names it in messages. */
    public byte[] encodeValue(Object key, Object value) {
        return encode(key, value, false);
    }

    private byte[] encode(Object key, Object value, boolean isKey) {
        String what = isKey ? "key" : "value";
        // The readers refuse cells nested deeper than maxDepth: refuse to write them, so that what this vault
        // writes it can read back, and a value that contains itself fails clearly instead of overflowing.
        if (Nesting.deeperThan(value, maxDepth)) {
            throw new LimitExceededException(where(key) + ": the " + what + " is nested deeper than "
                    + maxDepth + "; nothing was written");
        }
        byte[] cell;
        try {
            cell = Cells.encode(value, profile);
        } catch (DepthLimitException e) {
            // A writer's own nesting limit (CPython's pickler has one too): a limit, not a codec failure.
            throw new LimitExceededException(where(key) + ": the " + what + " is nested too deeply to encode: "
                    + e.getMessage() + "; nothing was written");
        } catch (UnencodableException e) {
            throw new UnsupportedValueException(where(key) + ": cannot encode the " + what + " as " + profile + ": "
                    + e.getMessage(), e.reason(), e);
        }
        int limit = isKey ? maxKeyBytes : maxValueBytes;
        if (cell.length > limit) {
            throw new LimitExceededException(where(key) + ": the encoded " + what + " has " + cell.length
                    + " bytes, over the limit of " + limit);
        }
        return cell;
    }

    private String where(Object key) {
        return "vault " + location + ", key " + Values.shortRepr(key);
    }

    // ------------------------------------------------------------ facts about cells

    /** The encoding tag storage tracks a key cell under. */
    public static int encodingTag(byte[] keyCell) {
        int index = KeyEncodings.of(keyCell);
        return index == KeyEncodings.NONE ? KeyCells.NO_ENCODING : index;
    }

    /** A cell's encoding for reports: {@code M}, {@code P4}, {@code raw4}, {@code unknown} or {@code null}. */
    public static String encodingLabel(byte[] cell) {
        return cell == null ? "null" : Cells.encodingOf(cell).label();
    }

    public static boolean isEncoding(byte[] cell, CellEncoding.Kind kind) {
        return cell != null && Cells.encodingOf(cell).kind() == kind;
    }

    /** {@code cell x'…'}: the leading bytes of a cell that does not decode, as a SQL blob literal. */
    public static String cellLabel(byte[] cell) {
        return "cell " + hex(cell);
    }

    /** A cell's first {@value #HEX_PREFIX} bytes as {@code x'…'}, with {@code ...} when there are more. */
    public static String hex(byte[] cell) {
        if (cell == null) {
            return "NULL";
        }
        int n = Math.min(cell.length, HEX_PREFIX);
        return "x'" + HexFormat.of().formatHex(cell, 0, n) + (cell.length > n ? "..." : "") + "'";
    }
}
