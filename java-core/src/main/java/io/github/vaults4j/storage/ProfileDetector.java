package io.github.vaults4j.storage;

import io.github.vaults4j.Format;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import java.sql.SQLException;

/**
 * Decides how a vault writes: from the options where they say, else from the rows already in the file, so
 * that the Python program sharing the file finds what Java writes.
 *
 * <p>The rules, in order: a generation 1 table writes {@link Format#LEGACY}. A generation 2 table writes
 * {@link Format#MSGPACK} if it has any {@code M} key or no {@code P} key at all (an empty file gets what
 * vaults 2.x writes with msgpack installed), else {@link Format#PICKLE}. The pickle protocol is the one of
 * the newest pickled cell among the last {@value #SAMPLE} rows, else of the highest protocol among pickled
 * keys, else 4. Every probe is an index seek or a bounded read: opening a large vault stays cheap.
 */
public final class ProfileDetector {
    static final int SAMPLE = 200;
    private static final int DEFAULT_PROTOCOL = 4;

    private ProfileDetector() {
    }

    public static WriteProfile detect(StoreConnection connection, Generation generation, VaultOptions options)
            throws SQLException {
        Format format = options.format();
        if (format == Format.AUTO) {
            format = generation == Generation.GEN1 ? Format.LEGACY : detectGen2Format(connection);
        }
        int protocol = options.pickleProtocol() != 0 ? options.pickleProtocol() : detectProtocol(connection);
        return new WriteProfile(format, protocol);
    }

    private static Format detectGen2Format(StoreConnection connection) throws SQLException {
        boolean msgpackKeys = connection.hasKeyInRange(new byte[] {Cells.MSGPACK_MARKER},
                new byte[] {Cells.MSGPACK_MARKER + 1});
        if (msgpackKeys) {
            return Format.MSGPACK;
        }
        boolean pickleKeys = connection.hasKeyInRange(new byte[] {Cells.PICKLE_MARKER},
                new byte[] {Cells.PICKLE_MARKER + 1});
        return pickleKeys ? Format.PICKLE : Format.MSGPACK;
    }

    private static int detectProtocol(StoreConnection connection) throws SQLException {
        for (Row row : connection.newest(SAMPLE)) {
            int protocol = pickleProtocol(row.key());
            if (protocol == 0) {
                protocol = pickleProtocol(row.value());
            }
            if (protocol != 0) {
                return protocol;
            }
        }
        for (int protocol = 5; protocol >= 2; protocol--) {
            byte[] low = {Cells.PICKLE_MARKER, Cells.PROTO, (byte) protocol};
            byte[] high = {Cells.PICKLE_MARKER, Cells.PROTO, (byte) (protocol + 1)};
            if (connection.hasKeyInRange(low, high)) {
                return protocol;
            }
        }
        return DEFAULT_PROTOCOL;
    }

    private static int pickleProtocol(byte[] cell) {
        CellEncoding encoding = Cells.encodingOf(cell);
        boolean pickled = encoding.kind() == CellEncoding.Kind.PICKLE || encoding.kind() == CellEncoding.Kind.LEGACY;
        return pickled && encoding.protocol() >= 2 && encoding.protocol() <= 5 ? encoding.protocol() : 0;
    }
}
