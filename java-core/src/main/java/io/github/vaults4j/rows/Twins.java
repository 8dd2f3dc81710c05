package io.github.vaults4j.rows;

import io.github.vaults4j.Format;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The twin rule: when two rows hold the same key, and which of them a reader sees. Used by {@code Vault},
 * {@code stats}, {@code migrate} and {@code export} alike.
 *
 * <p><b>Same key.</b> Two rows hold the same key when their decoded keys have the same {@linkplain #identity
 * identity}: the key's msgpack cell, or its protocol 4 pickle cell when msgpack cannot hold it. msgpack, which
 * vaults 2.x writes by default, stores a list and a tuple with the same items as one array, so Python itself
 * finds either under the other: a list key and a tuple key with the same items are the same key here too, at
 * every depth. Beyond that, identity is exact (an int 1 and a float 1.0 are different keys, as their cells are).
 * A key that no encoding here can write (a rare pickled object) is identified by its own cell as a
 * {@code P} cell, so a raw pickle and the same pickle behind a {@code P} marker are the same key.
 *
 * <p><b>Which twin.</b> A lookup prefers the row stored under its first candidate cell, the vault's own
 * encoding, then the others in candidate order ({@link #preferred}). A migration keeps the row whose key
 * already is the target cell, else the newest (highest rowid) ({@link #migrationWinner}).
 */
public final class Twins {
    /** The canonical encoding of a key's identity; see the class documentation. */
    private static final WriteProfile IDENTITY = new WriteProfile(Format.MSGPACK, 4);

    private Twins() {
    }

    /**
     * The identity of a decoded key stored under {@code cell}: equal for twins, different otherwise.
     */
    public static ByteBuffer identity(Object key, byte[] cell) {
        try {
            return ByteBuffer.wrap(Cells.encode(key, IDENTITY));
        } catch (CodecException e) {
            try {
                return ByteBuffer.wrap(Cells.markedPickle(cell));
            } catch (CodecException notPickle) {
                return ByteBuffer.wrap(cell);
            }
        }
    }

    /** Of the rows found for a key's cells, the one whose cell comes first among them; {@code null} for none. */
    public static Row preferred(List<Row> rows, KeyCells key) {
        if (rows.size() <= 1) {
            return rows.isEmpty() ? null : rows.get(0);
        }
        for (int i = 0; i < key.size(); i++) {
            for (Row row : rows) {
                if (Arrays.equals(row.key(), key.cell(i))) {
                    return row;
                }
            }
        }
        return rows.get(0);
    }

    /** Whether twin {@code a} wins over twin {@code b} in a migration; see the class documentation. */
    public static boolean migrationWinner(boolean aAlreadyTarget, long aRowId, boolean bAlreadyTarget, long bRowId) {
        return aAlreadyTarget != bAlreadyTarget ? aAlreadyTarget : aRowId > bRowId;
    }

    /** The keys seen so far in one pass over rows: tells the first row of a key from its twins. */
    public static final class Seen {
        private final Set<ByteBuffer> identities = new HashSet<>();

        /** Records the key; whether it is the first row with it (a later one is a twin). */
        public boolean first(Object key, byte[] cell) {
            return identities.add(identity(key, cell));
        }

        /** Whether a row with this key was recorded. */
        public boolean contains(Object key, byte[] cell) {
            return identities.contains(identity(key, cell));
        }
    }
}
