package io.github.vaults4j.rows;

import io.github.vaults4j.Format;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;

/**
 * Decides how a vault writes: from the options where they say, else from the rows already in the file, so
 * that the Python program sharing the file finds what Java writes.
 *
 * <p>The rules, in order: a generation 1 table writes {@link Format#LEGACY}. A generation 2 table writes
 * {@link Format#MSGPACK} if it has any {@code M} key or no {@code P} key at all (an empty file gets what
 * vaults 2.x writes with msgpack installed), else {@link Format#PICKLE}. The pickle protocol is the one of
 * the newest pickled cell among the last {@value #SAMPLE} rows, else of the highest protocol among pickled
 * keys, else that of {@link WriteProfile#DEFAULT}. Every probe is an index seek or a bounded read: opening a
 * large vault stays cheap.
 */
public final class ProfileDetector {
    static final int SAMPLE = 200;

    private ProfileDetector() {
    }

    public static WriteProfile detect(StoreSession session, Generation generation, VaultOptions options) {
        Format format = options.format();
        if (format == Format.AUTO) {
            format = generation == Generation.GEN1 ? Format.LEGACY : detectGen2Format(session);
        }
        int protocol = options.pickleProtocol() != VaultOptions.FOLLOW_THE_FILE
                ? options.pickleProtocol() : detectProtocol(session);
        return new WriteProfile(format, protocol);
    }

    private static Format detectGen2Format(StoreSession session) {
        boolean msgpackKeys = session.hasKeyInRange(new byte[] {Cells.MSGPACK_MARKER},
                new byte[] {Cells.MSGPACK_MARKER + 1});
        if (msgpackKeys) {
            return Format.MSGPACK;
        }
        boolean pickleKeys = session.hasKeyInRange(new byte[] {Cells.PICKLE_MARKER},
                new byte[] {Cells.PICKLE_MARKER + 1});
        return pickleKeys ? Format.PICKLE : Format.MSGPACK;
    }

    private static int detectProtocol(StoreSession session) {
        for (Row row : session.newest(SAMPLE)) {
            int protocol = pickleProtocol(row.key());
            if (protocol == 0) {
                protocol = pickleProtocol(row.value());
            }
            if (protocol != 0) {
                return protocol;
            }
        }
        for (int protocol = Format.HIGHEST_PICKLE_PROTOCOL; protocol >= Format.LOWEST_PICKLE_PROTOCOL;
             protocol--) {
            byte[] low = {Cells.PICKLE_MARKER, Cells.PROTO, (byte) protocol};
            byte[] high = {Cells.PICKLE_MARKER, Cells.PROTO, (byte) (protocol + 1)};
            if (session.hasKeyInRange(low, high)) {
                return protocol;
            }
        }
        return WriteProfile.DEFAULT.protocol();
    }

    private static int pickleProtocol(byte[] cell) {
        CellEncoding encoding = Cells.encodingOf(cell);
        boolean pickled = encoding.kind() == CellEncoding.Kind.PICKLE || encoding.kind() == CellEncoding.Kind.LEGACY;
        return pickled && Format.isPickleProtocol(encoding.protocol()) ? encoding.protocol() : 0;
    }
}
