package io.github.vaults4j.rows;

import io.github.vaults4j.codec.KeyCandidates;
import io.github.vaults4j.codec.KeyEncodings;
import io.github.vaults4j.storage.KeyCells;

/**
 * A key's candidate cells as storage looks them up: the codec's {@link KeyCandidates} (the other encodings
 * computed only when storage asks for them) with the encoding tag of each, from {@link KeyEncodings}.
 */
public final class LookupCells implements KeyCells {
    private final KeyCandidates candidates;

    LookupCells(KeyCandidates candidates) {
        this.candidates = candidates;
    }

    @Override
    public int ownEncodingCells() {
        return candidates.ownEncodingCells();
    }

    @Override
    public int size() {
        return candidates.size();
    }

    @Override
    public byte[] cell(int index) {
        return index == 0 ? candidates.first() : candidates.get(index);
    }

    @Override
    public int encoding(int index) {
        return RowCodec.encodingTag(cell(index));
    }
}
