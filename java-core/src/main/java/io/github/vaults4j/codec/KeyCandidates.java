package io.github.vaults4j.codec;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A key's candidate cells ({@link Cells#keyCandidates}): the vault's own encoding is computed at once, the
 * other encodings only when something asks for them. Most files hold keys of one encoding only, and a lookup
 * there needs the first cell alone; computing the other four encodings would cost more than the lookup's SQL.
 */
public final class KeyCandidates extends AbstractList<byte[]> implements RandomAccess {
    private final Object key;
    private final WriteProfile profile;
    private final byte[] own;
    private List<byte[]> all;

    KeyCandidates(Object key, WriteProfile profile) {
        this.key = key;
        this.profile = profile;
        byte[] cell;
        try {
            cell = Cells.encode(key, profile);
        } catch (UnencodableException e) {
            cell = null; // e.g. an int msgpack cannot hold: the other encodings may still hold it
        }
        this.own = cell;
        if (cell == null) {
            all = Cells.allKeyCandidates(key, profile);
        }
    }

    /** The first candidate: the vault's own encoding of the key when it can hold the key. Never computes the others. */
    public byte[] first() {
        return own != null ? own : all.get(0);
    }

    /**
     * How many of the first candidates are in the first one's encoding: every cell the key can have in it. One,
     * without computing the others, unless the key is a list or a tuple, whose other sequence form
     * ({@link SequenceForms}) has a cell of its own in each pickle encoding.
     */
    public int ownEncodingCells() {
        if (!(key instanceof List<?>)) {
            return 1;
        }
        List<byte[]> cells = all();
        int encoding = KeyEncodings.of(cells.get(0));
        int n = 1;
        while (n < cells.size() && KeyEncodings.of(cells.get(n)) == encoding) {
            n++;
        }
        return n;
    }

    private List<byte[]> all() {
        if (all == null) {
            all = Cells.allKeyCandidates(key, profile);
        }
        return all;
    }

    @Override
    public byte[] get(int index) {
        return index == 0 ? first() : all().get(index);
    }

    @Override
    public int size() {
        return all().size();
    }
}
