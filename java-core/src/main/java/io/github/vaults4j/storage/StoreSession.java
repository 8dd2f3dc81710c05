package io.github.vaults4j.storage;

import java.util.List;
import java.util.Map;

/**
 * The statements one unit of work can run on a {@link Store}'s table. Used by one thread at a time; every
 * method is one statement (or one round trip), composed into transactions by the store. Rows are addressed by
 * their cursor ({@link Row#rowId()}), which is stable for a row's lifetime and orders a scan.
 *
 * <p>The session tracks which key encodings the table may hold (the tags of {@link KeyCells}), so that a
 * lookup seeks only the cells whose encoding may be there; the tracking is always a superset of the truth.
 */
public interface StoreSession {
    // ------------------------------------------------------------ keys

    /** The rows whose key cell is one of the key's cells, in no particular order. */
    List<Row> find(KeyCells key);

    /** Whether a row has one of the key's cells; reads no value. */
    boolean contains(KeyCells key);

    /** Whether every key the table may hold has this encoding tag (then a key has no row under another). */
    boolean holdsOnlyEncoding(int encoding);

    /** Whether the table may hold a key of this encoding tag. */
    boolean mayHoldEncoding(int encoding);

    /** Probes which encodings the table holds now; inside a write transaction this stays true until it writes. */
    void learnEncodings();

    /** Whether some key cell {@code k} has {@code low <= k < high} (an index seek, not a scan). */
    boolean hasKeyInRange(byte[] low, byte[] high);

    // ------------------------------------------------------------ rows by cursor

    /** The row with this cursor, or {@code null}. */
    Row row(long rowId);

    /** Up to {@code limit} rows after the cursor {@code afterRowId}, in cursor order; values only when asked. */
    List<Row> page(long afterRowId, int limit, boolean withValues);

    /** Up to {@code limit} rows, the most recently inserted first. */
    List<Row> newest(int limit);

    long count();

    /** The storage engine's own check of the table's integrity: its problems, empty when none. */
    List<String> integrityProblems();

    // ------------------------------------------------------------ writes

    /** Inserts a row; the key cell must not be in the table, unless under an expired row (which it replaces). */
    void insert(byte[] key, int keyEncoding, byte[] value);

    /** Inserts the row, or replaces the value of the row with this key cell, keeping its cursor. */
    void upsert(byte[] key, int keyEncoding, byte[] value);

    /**
     * As {@link #upsert}, in one statement, but only when the table holds no key of another encoding than
     * {@code keyEncoding} (checked in that same statement, so no other writer can slip in between).
     *
     * @return whether it wrote; {@code false} leaves the table as it was
     */
    boolean upsertIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value);

    /**
     * As {@link #upsertIfOnlyEncoding}, and returns the row the key cell had before: the read and the write see
     * the same state of the table (when another connection commits between them, nothing is written).
     */
    Replaced replaceIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value);

    /**
     * What {@link #replaceIfOnlyEncoding} did.
     *
     * @param written  whether it wrote
     * @param previous the row the key cell had before, or {@code null}
     */
    record Replaced(boolean written, Row previous) {
        /** Nothing was written. */
        public static final Replaced NOTHING = new Replaced(false, null);
    }

    void updateValue(long rowId, byte[] value);

    boolean deleteRow(long rowId);

    int deleteAll();

    // ------------------------------------------------------------ attributes beside the rows

    /**
     * A named attribute of the vault, kept beside its rows in the same store (in a side table that Python's
     * module never reads); {@code null} when it was never set.
     */
    byte[] attribute(String name);

    /** Sets a named attribute; see {@link #attribute}. */
    void putAttribute(String name, byte[] value);

    /** Every attribute the vault has, by name in name order; empty when none was set (a copy carries them all). */
    Map<String, byte[]> attributes();

    /** Deletes every attribute of the vault (a copy replacing a vault leaves none of the old one's behind). */
    void deleteAttributes();

    // ------------------------------------------------------------ expiry times beside the rows

    /**
     * Whether some row may have an expiry time (a time to live). {@code false} is the cheap answer of a store
     * that has never held one: its reads then cost what they cost before expiry existed.
     *
     * <p>Every read of rows above ({@link #find}, {@link #contains}, {@link #row}, {@link #page}, {@link #newest},
     * {@link #count}) leaves out the rows whose expiry time is at or before the store's clock's now; every write
     * of a row's value ({@link #insert}, {@link #upsert}, {@link #updateValue} and the conditional ones) clears
     * its expiry time, and deleting a row deletes its expiry time. {@link #insert} over an expired row
     * replaces it.
     */
    boolean mayHaveExpiries();

    /** When the row under this key cell expires, in milliseconds since the epoch; {@code null} without one. */
    Long expiresAt(byte[] key);

    /**
     * {@link #expiresAt(byte[])} of each key cell, in their order ({@code null} where a row has none): a page of
     * rows asks once. This default asks key by key, which costs little where the store is in the process; a
     * store behind a network answers in one statement.
     */
    default List<Long> expiresAt(List<byte[]> keys) {
        return keys.stream().map(this::expiresAt).toList();
    }

    /** Sets when the row under this key cell (which must exist) expires, in milliseconds since the epoch. */
    void setExpiry(byte[] key, long expiresAtMillis);

    /**
     * {@link #setExpiry} for each of these, whose key cells are distinct: a copy sets its rows' times at once. This
     * default sets them one by one, which costs little where the store is in the process; a store behind a
     * network sets them in a few statements.
     */
    default void setExpiries(List<Expiry> expiries) {
        expiries.forEach(expiry -> setExpiry(expiry.key(), expiry.expiresAtMillis()));
    }

    /** Deletes every row that has expired by now, with its expiry time; returns how many rows it deleted. */
    int deleteExpired();
    // ------------------------------------------------------------ the access log beside the rows

    /**
     * Appends records to the vault's access log (a side table Python's module never reads, made on first use),
     * in one statement: all of them or none.
     */
    void appendAccessLog(List<AccessRecord> records);

    /**
     * Deletes the access log's records older than {@code beforeMicros} and all but its newest {@code keep}. Records
     * are taken to be appended in time order: those before the first record at or after {@code beforeMicros} go.
     *
     * @return how many records it deleted
     */
    int pruneAccessLog(long beforeMicros, long keep);

    /**
     * The access log's records at or after {@code sinceMicros}, oldest first, at most the newest {@code limit}; empty
     * when the vault has no access log.
     */
    List<AccessRecord> accessLog(long sinceMicros, int limit);

    // ------------------------------------------------------------ rewriting the table (migration)

    /**
     * Moves every row aside and creates an empty table of the given generation in its place. Rows set aside are
     * read with {@link #pageAside} and written back with {@link #insertRow}; {@link #dropAside} ends it.
     */
    void setTableAside(Generation newTable);

    /** As {@link #page}, over the rows set aside, with values. */
    List<Row> pageAside(long afterRowId, int limit);

    /** Inserts a row under a given cursor (a rewritten row keeps its place in scans). */
    void insertRow(long rowId, byte[] key, int keyEncoding, byte[] value);

    void dropAside();
}
