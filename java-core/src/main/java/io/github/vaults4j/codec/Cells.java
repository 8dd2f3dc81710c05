package io.github.vaults4j.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes values into vault cells and decodes cells back, one marker byte deciding the payload's format.
 *
 * <p>A generation 2 cell is {@code M} + msgpack or {@code P} + pickle; a generation 1 cell is a raw pickle,
 * which always starts with the PROTO opcode {@code 0x80}. Neither marker collides with {@code 0x80}, so one
 * decoder reads every cell Fuse ever wrote, in any mix.
 */
public final class Cells {
    /** Marker of a msgpack cell. */
    public static final byte MSGPACK_MARKER = 'M';
    /** Marker of a pickle cell. */
    public static final byte PICKLE_MARKER = 'P';
    /** First byte of every pickle of protocol 2 or later (the PROTO opcode). */
    public static final byte PROTO = (byte) 0x80;

    /**
     * The order in which the other encodings of a key are tried after the profile's own: the encodings
     * other Python writers produce, most common first (vaults 2.x on 3.8 to 3.13, then 3.14, then older).
     */
    private static final WriteProfile[] ALTERNATIVES = {
        new WriteProfile(io.github.vaults4j.Format.MSGPACK, 4),
        new WriteProfile(io.github.vaults4j.Format.PICKLE, 4),
        new WriteProfile(io.github.vaults4j.Format.PICKLE, 5),
        new WriteProfile(io.github.vaults4j.Format.PICKLE, 3),
        new WriteProfile(io.github.vaults4j.Format.PICKLE, 2),
        new WriteProfile(io.github.vaults4j.Format.LEGACY, 4),
        new WriteProfile(io.github.vaults4j.Format.LEGACY, 5),
        new WriteProfile(io.github.vaults4j.Format.LEGACY, 3),
        new WriteProfile(io.github.vaults4j.Format.LEGACY, 2),
    };

    private Cells() {
    }

    /** The encoding a cell's leading bytes announce; never decodes the payload. */
    public static CellEncoding encodingOf(byte[] cell) {
        if (cell == null || cell.length == 0) {
            return new CellEncoding(CellEncoding.Kind.UNKNOWN, 0);
        }
        return switch (cell[0]) {
            case MSGPACK_MARKER -> new CellEncoding(CellEncoding.Kind.MSGPACK, 0);
            case PICKLE_MARKER -> new CellEncoding(CellEncoding.Kind.PICKLE, pickleProtocol(cell, 1));
            case PROTO -> new CellEncoding(CellEncoding.Kind.LEGACY, pickleProtocol(cell, 0));
            default -> new CellEncoding(CellEncoding.Kind.UNKNOWN, 0);
        };
    }

    private static int pickleProtocol(byte[] cell, int at) {
        // Protocols 0 and 1 have no PROTO opcode; report them as 0.
        return cell.length > at + 1 && cell[at] == PROTO ? cell[at + 1] & 0xff : 0;
    }

    /**
     * Decodes a cell of any encoding.
     *
     * @throws CodecException for an unknown marker or a payload that does not decode
     */
    public static Object decode(byte[] cell, int maxDepth) {
        if (cell == null || cell.length == 0) {
            throw new CodecException("empty cell: no marker byte");
        }
        return switch (cell[0]) {
            case MSGPACK_MARKER -> MsgpackReader.read(cell, 1, cell.length - 1, maxDepth);
            case PICKLE_MARKER -> PickleReader.read(cell, 1, cell.length - 1, maxDepth);
            case PROTO -> PickleReader.read(cell, 0, cell.length, maxDepth);
            default -> throw new CodecException(String.format(
                    "unknown serialization format marker 0x%02x ('%s')", cell[0] & 0xff, printable(cell[0])));
        };
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : "?";
    }

    /**
     * Encodes a value the way the profile's Python writer would.
     *
     * @throws UnencodableException when the value has no Python equivalent, or msgpack cannot hold an int that
     *                              the Python module would then fail on too
     */
    public static byte[] encode(Object value, WriteProfile profile) {
        return new Encodings(value).cell(profile);
    }

    /**
     * Every distinct cell under which a Python writer could have stored this key, the profile's own encoding
     * first when it can hold the key; for a list or tuple key, also the pickles of its other sequence form
     * ({@link SequenceForms}), after the key's own. Looking a key up by all of them finds rows written by other
     * generations, protocols or with msgpack missing, which the Python module itself would miss.
     *
     * @throws UnencodableException when the key has no Python equivalent
     */
    public static KeyCandidates keyCandidates(Object key, WriteProfile profile) {
        return new KeyCandidates(key, profile);
    }

    /**
     * The key as Python can hash it: every list in it a tuple. A msgpack array stands for a tuple as much as
     * for a list, and only the tuple can be a dict key in Python ({@code put_many}, {@code update}).
     */
    public static Object hashableForm(Object key) {
        return SequenceForms.allTuples(key);
    }

    /** Every candidate of {@link #keyCandidates}, computed now. */
    static List<byte[]> allKeyCandidates(Object key, WriteProfile profile) {
        List<byte[]> candidates = new ArrayList<>(ALTERNATIVES.length + 1);
        // The ten profiles need only five encodings: a pickle of one protocol is the payload of both its
        // marked and its legacy cell, and the profile's own encoding is also one of the alternatives.
        Encodings encodings = new Encodings(key);
        // The same key as a tuple where it has a list, or the reverse: one msgpack array, different pickles.
        // Their cells in the profile's own encoding come right after the key's own cell (the cells a lookup
        // needs when the file holds that encoding only), their other pickles last.
        List<Encodings> forms = new ArrayList<>(2);
        for (Object form : SequenceForms.others(key)) {
            forms.add(new Encodings(form));
        }
        UnencodableException firstFailure = null;
        for (int i = -1; i < ALTERNATIVES.length; i++) {
            try {
                addCell(candidates, encodings.cell(i < 0 ? profile : ALTERNATIVES[i]));
            } catch (UnencodableException e) {
                // e.g. an int msgpack cannot hold: no Python writer stored it that way, the others may have.
                firstFailure = firstFailure == null ? e : firstFailure;
            }
            if (i < 0) {
                for (Encodings form : forms) {
                    addFormCell(candidates, form, profile);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw firstFailure;
        }
        for (Encodings form : forms) {
            for (WriteProfile alternative : ALTERNATIVES) {
                if (alternative.format() != io.github.vaults4j.Format.MSGPACK) {
                    addFormCell(candidates, form, alternative);
                }
            }
        }
        return candidates;
    }

    private static void addCell(List<byte[]> candidates, byte[] cell) {
        if (!containsCell(candidates, cell)) {
            candidates.add(cell);
        }
    }

    private static void addFormCell(List<byte[]> candidates, Encodings form, WriteProfile profile) {
        try {
            addCell(candidates, form.cell(profile));
        } catch (UnencodableException e) {
            // No Python writer stored this form that way; the key's own form is a candidate already.
        }
    }

    /** One value's payloads, each computed once: the msgpack one and the pickle of each protocol. */
    private static final class Encodings {
        private final Object value;
        private final Object[] pickles = new Object[6];
        private Object msgpack;

        Encodings(Object value) {
            this.value = value;
        }

        /** As {@link Cells#encode}, from the memoized payloads. */
        byte[] cell(WriteProfile profile) {
            return switch (profile.format()) {
                case MSGPACK -> {
                    try {
                        yield withMarker(MSGPACK_MARKER, msgpack());
                    } catch (UnencodableException e) {
                        if (!e.fallbackToPickle()) {
                            throw e;
                        }
                        // vaults 2.x catches msgpack's TypeError/ValueError and pickles the value instead.
                        yield withMarker(PICKLE_MARKER, pickle(profile.protocol()));
                    }
                }
                case PICKLE -> withMarker(PICKLE_MARKER, pickle(profile.protocol()));
                case LEGACY -> pickle(profile.protocol());
                case AUTO -> throw new IllegalArgumentException("AUTO is not a write profile");
            };
        }

        private byte[] msgpack() {
            if (msgpack == null) {
                msgpack = remember(() -> MsgpackWriter.write(value));
            }
            return payloadOrThrow(msgpack);
        }

        private byte[] pickle(int protocol) {
            if (pickles[protocol] == null) {
                pickles[protocol] = remember(() -> PickleWriter.write(value, protocol));
            }
            return payloadOrThrow(pickles[protocol]);
        }

        /** The payload, or the failure to encode it, so that a failing encoding is not tried twice either. */
        private static Object remember(java.util.function.Supplier<byte[]> encoder) {
            try {
                return encoder.get();
            } catch (UnencodableException e) {
                return e;
            }
        }

        private static byte[] payloadOrThrow(Object remembered) {
            if (remembered instanceof UnencodableException e) {
                throw e;
            }
            return (byte[]) remembered;
        }
    }

    /**
     * A pickled cell as a generation 2 pickle cell: unchanged when it has the {@code P} marker, the marker put
     * before the unchanged bytes of a generation 1 raw pickle.
     *
     * @throws CodecException for a cell that is no pickle
     */
    public static byte[] markedPickle(byte[] cell) {
        CellEncoding.Kind kind = encodingOf(cell).kind();
        if (kind == CellEncoding.Kind.PICKLE) {
            return cell;
        }
        if (kind == CellEncoding.Kind.LEGACY) {
            return withMarker(PICKLE_MARKER, cell);
        }
        throw new CodecException("a " + encodingOf(cell) + " cell that cannot be written as pickle here");
    }

    private static boolean containsCell(List<byte[]> cells, byte[] cell) {
        for (byte[] existing : cells) {
            if (Arrays.equals(existing, cell)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] withMarker(byte marker, byte[] payload) {
        byte[] cell = new byte[payload.length + 1];
        cell[0] = marker;
        System.arraycopy(payload, 0, cell, 1, payload.length);
        return cell;
    }
}
