package io.github.vaults4j.rows;

import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.StoreSession;
import java.util.List;

/**
 * One encoded key-value pair, ready to be written: the write rule of a vault. A key may be stored under any
 * encoding a Python writer used; a write updates every row the key has (its twins included) or, when it has
 * none, inserts one under the vault's own encoding.
 */
public final class KeyWrite {
    private final byte[] keyCell;
    private final int keyEncoding;
    private final byte[] valueCell;
    private final LookupCells lookup;

    private KeyWrite(byte[] keyCell, byte[] valueCell, LookupCells lookup) {
        this.keyCell = keyCell;
        this.keyEncoding = RowCodec.encodingTag(keyCell);
        this.valueCell = valueCell;
        this.lookup = lookup;
    }

    /** Encodes the pair with the codec's profile and limits. */
    public static KeyWrite of(RowCodec codec, Object key, Object value) {
        byte[] keyCell = codec.encodeKey(key);
        byte[] valueCell = codec.encodeValue(key, value);
        return new KeyWrite(keyCell, valueCell, codec.lookup(key));
    }

    /** Whether the key has one cell in its own encoding (a list or tuple key has its other form's too). */
    private boolean hasOwnCellOnly() {
        return lookup.ownEncodingCells() == 1;
    }

    /** The key's lookup cells. */
    public LookupCells lookup() {
        return lookup;
    }

    /** The row a reader of the key sees now ({@link Twins#preferred}), or {@code null}. */
    public Row current(StoreSession session) {
        return Twins.preferred(session.find(lookup), lookup);
    }

    /** Updates every row stored under the key (twins included), or inserts one; returns the preferred old row. */
    public Row apply(StoreSession session, boolean insertIfMissing) {
        List<Row> rows = session.find(lookup);
        if (rows.isEmpty()) {
            if (insertIfMissing) {
                session.insert(keyCell, keyEncoding, valueCell);
            }
            return null;
        }
        for (Row row : rows) {
            session.updateValue(row.rowId(), valueCell);
        }
        return Twins.preferred(rows, lookup);
    }

    /**
     * Stores the pair without reading the old value: one UPSERT statement when the file holds keys of the key's
     * own encoding only (then the only row the key can have is the one under its own cell), else as
     * {@link #apply} in a write transaction. Runs outside a transaction; inside one it joins it.
     */
    public void set(Store store) {
        if (!hasOwnCellOnly() || !store.write(s -> s.upsertIfOnlyEncoding(keyCell, keyEncoding, valueCell))) {
            store.writeTransaction(s -> {
                s.learnEncodings(); // under the write lock: stays true until this transaction writes
                return applyInBatch(s);
            });
        }
    }

    /**
     * As {@link #apply} in a write transaction, returning the row a reader saw before: when the file holds keys of
     * the key's own encoding only, a lookup and an UPSERT without a transaction around them (tied by the file's
     * {@code data_version}: when another connection commits between them, the write transaction runs instead).
     */
    public Row put(Store store) {
        if (hasOwnCellOnly()) {
            StoreSession.Replaced replaced = store.write(s -> s.replaceIfOnlyEncoding(keyCell, keyEncoding, valueCell));
            if (replaced.written()) {
                return replaced.previous();
            }
        }
        return store.writeTransaction(s -> apply(s, true));
    }

    /**
     * As {@link #apply}, but one UPSERT when no other cell's encoding is in the file. The session must hold the
     * write lock and have learnt the file's encodings under it.
     */
    public Void applyInBatch(StoreSession session) {
        if (session.holdsOnlyEncoding(keyEncoding) && hasOwnCellOnly()) {
            session.upsert(keyCell, keyEncoding, valueCell);
            return null;
        }
        for (int i = 1; i < lookup.size(); i++) {
            if (session.mayHoldEncoding(lookup.encoding(i))) {
                apply(session, true);
                return null;
            }
        }
        session.upsert(keyCell, keyEncoding, valueCell);
        return null;
    }
}
