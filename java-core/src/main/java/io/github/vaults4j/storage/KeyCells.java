package io.github.vaults4j.storage;

/**
 * The cells one key may be stored under, each with its encoding tag (an index into the store's
 * {@link KeyRange key ranges}, or {@link #NO_ENCODING}). The first cell is the key's own encoding and is
 * always looked up; the others are asked for only when the file may hold their encoding, so an implementation
 * may compute them lazily. Storage compares cells as bytes and never looks inside them.
 */
public interface KeyCells {
    /** The tag of a cell in none of the store's key ranges: such a cell is always looked up. */
    int NO_ENCODING = -1;

    /**
     * How many of the first cells are in cell 0's encoding: all the cells the key can have in that encoding, so
     * the only ones a file holding that encoding alone can have a row under. Usually 1.
     */
    int ownEncodingCells();

    /** How many cells; computing it may compute every cell. */
    int size();

    /** Cell {@code index}; cell 0 is the key's own encoding. */
    byte[] cell(int index);

    /** The encoding tag of cell {@code index}. */
    int encoding(int index);
}
