package io.github.vaults4j;

import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.storage.StoreConnection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which key encodings a file holds right now, found with one index seek per encoding. Valid only while the
 * write lock is held: inside a transaction no other connection can add a row under a new encoding, so a batch
 * may skip looking for twins under encodings the file does not have.
 */
final class KeyFamilies {
    private final Set<String> present;

    private KeyFamilies(Set<String> present) {
        this.present = present;
    }

    static KeyFamilies present(StoreConnection c) throws SQLException {
        Set<String> present = new HashSet<>();
        if (c.hasKeyInRange(new byte[] {Cells.MSGPACK_MARKER}, new byte[] {Cells.MSGPACK_MARKER + 1})) {
            present.add(new CellEncoding(CellEncoding.Kind.MSGPACK, 0).label());
        }
        for (int protocol = 2; protocol <= 5; protocol++) {
            byte p = (byte) protocol;
            byte next = (byte) (protocol + 1);
            if (c.hasKeyInRange(new byte[] {Cells.PICKLE_MARKER, Cells.PROTO, p},
                    new byte[] {Cells.PICKLE_MARKER, Cells.PROTO, next})) {
                present.add(new CellEncoding(CellEncoding.Kind.PICKLE, protocol).label());
            }
            if (c.hasKeyInRange(new byte[] {Cells.PROTO, p}, new byte[] {Cells.PROTO, next})) {
                present.add(new CellEncoding(CellEncoding.Kind.LEGACY, protocol).label());
            }
        }
        return new KeyFamilies(present);
    }

    /** Whether no candidate other than the first (the vault's own encoding) can exist in the file. */
    boolean onlyOwnEncodingPossible(List<byte[]> candidates) {
        for (int i = 1; i < candidates.size(); i++) {
            if (present.contains(Cells.encodingOf(candidates.get(i)).label())) {
                return false;
            }
        }
        return true;
    }
}
