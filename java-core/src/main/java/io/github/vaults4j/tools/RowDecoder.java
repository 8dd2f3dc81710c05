package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.storage.Row;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Decodes the cells of raw rows for the tools, turning every way a cell can be bad into one
 * {@link CorruptRowException} whose message names the file, the row and, when it decodes, the key.
 */
final class RowDecoder {
    private static final int HEX_PREFIX = 16;

    private final Path file;
    private final int maxDepth;
    private final int maxKeyBytes;
    private final int maxValueBytes;

    RowDecoder(Path file, VaultOptions options) {
        this.file = file;
        this.maxDepth = options.maxDepth();
        this.maxKeyBytes = options.maxKeyBytes();
        this.maxValueBytes = options.maxValueBytes();
    }

    Object key(Row row) {
        return decode(row, row.key(), true);
    }

    Object value(Row row) {
        return decode(row, row.value(), false);
    }

    /** Where a row is, for messages: the file, the rowid and the key as Python would print it. */
    String where(Row row) {
        return "vault " + file + ", row " + row.rowId() + ", key " + keyLabel(row);
    }

    /** The key's Python repr, or its leading bytes in hex when it does not decode. */
    String keyLabel(Row row) {
        try {
            return Values.shortRepr(Cells.decode(row.key(), maxDepth));
        } catch (RuntimeException | StackOverflowError e) {
            return "cell " + hex(row.key());
        }
    }

    private Object decode(Row row, byte[] cell, boolean isKey) {
        String what = isKey ? "key" : "value";
        String where = "vault " + file + ", row " + row.rowId() + (isKey ? "" : ", key " + keyLabel(row));
        if (cell == null) {
            throw new CorruptRowException(where + ": the " + what + " cell is NULL", row.rowId(), null);
        }
        int limit = isKey ? maxKeyBytes : maxValueBytes;
        if (cell.length > limit) {
            throw new CorruptRowException(where + ": the " + what + " cell has " + cell.length
                    + " bytes, over the limit of " + limit, row.rowId(), null);
        }
        try {
            return Cells.decode(cell, maxDepth);
        } catch (StackOverflowError e) {
            // A decoder without its own depth limit recursed too far: the cell is bad, the check goes on.
            throw new CorruptRowException(where + ": the " + what + " is nested too deeply", row.rowId(), null);
        } catch (RuntimeException e) {
            throw new CorruptRowException(where + ": cannot decode the " + what + " (" + Cells.encodingOf(cell)
                    + "): " + e.getMessage(), row.rowId(), e);
        }
    }

    static String encodingLabel(byte[] cell) {
        return cell == null ? "null" : Cells.encodingOf(cell).label();
    }

    static boolean isEncoding(byte[] cell, CellEncoding.Kind kind) {
        return cell != null && Cells.encodingOf(cell).kind() == kind;
    }

    static String hex(byte[] cell) {
        if (cell == null) {
            return "NULL";
        }
        int n = Math.min(cell.length, HEX_PREFIX);
        return HexFormat.of().formatHex(cell, 0, n) + (cell.length > n ? "..." : "");
    }
}
