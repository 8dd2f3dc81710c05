package io.github.vaults4j.storage.postgres;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.storage.AccessRecord;
import io.github.vaults4j.storage.Expiry;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statements of one unit of work on a {@link PostgresStore}: each method is one statement on the vault's
 * rows of the {@code entry} table. Key cells are found by their SHA-256 (the unique index) and compared byte for
 * byte.
 *
 * <p>Key encodings are tracked on the server: {@code vault.key_encodings} holds a bit for every encoding tag a
 * key of the vault may have ({@link #serverBit}), set by the write transaction that first writes a key of it and
 * cleared only when the vault is emptied, so it is always a superset of the truth. A write transaction reads it
 * under the vault's lock ({@link #lockVault}) and keeps it up to date as it writes: a {@code put}, {@code set} or
 * {@code putMany} of a vault holding its keys' own encoding alone writes without looking for twins. A look-up
 * outside one asks for the cells the store's {@link EncodingHint} says may be there and reads the vault's bits in
 * the same statement (one snapshot): when they show an encoding it did not ask for, it asks again for every cell.
 *
 * <p>In a write transaction, UPSERTs and INSERTs are sent in batches of up to {@value #BATCH_ROWS} rows
 * ({@link WriteBatch}): one statement and one round trip a batch rather than one a row. A batch is sent before
 * any other statement of the session and before the transaction commits ({@link #flush()}), so every statement
 * sees every write before it; a rollback drops what was not sent.
 */
final class PostgresSession implements StoreSession {
    /** Rows per batch of a write transaction: large enough to amortise a round trip, small enough to bound memory. */
    static final int BATCH_ROWS = 1000;
    /** {@link #possibleEncodings} when nothing is known: every encoding may be present. */
    static final int EVERY_ENCODING = -1;
    /** The first byte of a previous value that was NULL, as a lone write's statement returns it (else 1, then the value). */
    private static final byte NULL_VALUE_TAG = 0;
    /** The bit of {@code vault.key_encodings} for a key cell of no known encoding ({@code KeyCells.NO_ENCODING}). */
    static final int OTHER_ENCODING_BIT = 1 << 30;

    private final Connection connection;
    private final SessionMode mode;
    /** The vault's own busy timeout, or null for the connection's. */
    private final Timeouts timeouts;
    /**
     * Whether this is a write transaction holding the vault's lock: batches and encoding tracking apply. A
     * {@link SessionMode#WRITE_STATEMENTS} session becomes one at its first statement other than a lone write.
     */
    private boolean writeTransaction;
    /**
     * The key encodings the vault may hold ({@link #serverBit}s): in a write transaction as read under the lock
     * plus those written since, else {@link #EVERY_ENCODING}.
     */
    private int possibleEncodings = EVERY_ENCODING;
    /** The bits this write transaction knows {@code vault.key_encodings} to have: what it read, and what it set. */
    private int recordedEncodings;
    private final EncodingHint hint;
    /** The batch being filled, and its statement; null when nothing waits. */
    private final WriteBatch pending = new WriteBatch();
    private final int vaultId;
    private final String location;
    private final boolean readOnly;
    private final String entry;
    private final String attributes;
    private final String expiry;
    /** Leaves out the entry {@code e} when it has expired; binds one parameter, now in epoch milliseconds. */
    private final String live;
    private final Clock clock;
    /**
     * Whether the vault may hold expiry times, as learnt once by a write transaction (which holds the vault's lock,
     * so no other writer adds one meanwhile) and set by its own {@link #setExpiry}; null until asked. Writes of a
     * vault without any skip the expiry statements and stay in batches.
     */
    private Boolean expiriesInVault;
    private final String accessLog;
    private final String vaults;
    private final PostgresAddress root;

    PostgresSession(Connection connection, PostgresAddress root, int vaultId, String location, SessionMode mode,
            Timeouts timeouts, Clock clock, EncodingHint hint) {
        this.clock = clock;
        this.hint = hint;
        this.connection = connection;
        this.mode = mode;
        this.timeouts = timeouts;
        this.writeTransaction = mode == SessionMode.WRITE;
        this.readOnly = mode == SessionMode.READ;
        this.vaultId = vaultId;
        this.location = location;
        this.entry = root.quotedSchema() + ".entry";
        this.attributes = root.quotedSchema() + ".vault_attribute";
        this.expiry = root.quotedSchema() + ".entry_expiry";
        this.live = " AND NOT EXISTS (SELECT 1 FROM " + expiry + " AS x WHERE x.vault_id = e.vault_id"
                + " AND x.key_hash = e.key_hash AND x.expires_at <= ?)";
        this.accessLog = root.quotedSchema() + ".access_log";
        this.vaults = root.quotedSchema() + ".vault";
        this.root = root;
    }

    /**
     * A write transaction's first statements, sent in one round trip: READ COMMITTED (whatever the connection's
     * default), the vault's busy timeout when it has its own, the vault's lock, and then, from a snapshot taken once
     * the lock is held, the vault's key encodings and whether it holds expiry times. No other writer changes either
     * until this transaction ends.
     */
    void lockVault() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; "
                + lockStatements() + " SELECT key_encodings, EXISTS (SELECT 1 FROM " + expiry + " WHERE vault_id = ?)"
                + " FROM " + vaults + " WHERE vault_id = ?")) {
            int next = bindLock(lock);
            lock.setInt(next++, vaultId);
            lock.setInt(next, vaultId);
            try (ResultSet result = lastResult(lock, "key_encodings")) {
                if (result.next()) {
                    possibleEncodings = result.getInt(1);
                    recordedEncodings = possibleEncodings;
                    expiriesInVault = result.getBoolean(2);
                }
                // No row: the vault was deleted meanwhile; "every encoding" until its writes fail on the foreign key.
            }
        }
        hint.learnt(possibleEncodings);
    }

    /** The vault's own timeouts, if any, then its lock: the statements that precede a write under the lock. */
    private String lockStatements() {
        return (timeouts == null ? "" : Timeouts.SET_LOCAL + "; ") + "SELECT pg_advisory_xact_lock(?, ?);";
    }

    /** Binds {@link #lockStatements()}'s parameters; returns the next parameter's index. */
    private int bindLock(PreparedStatement statement) throws SQLException {
        int next = timeouts == null ? 1 : timeouts.bind(statement, 1);
        statement.setInt(next++, PostgresSchema.LOCK_CLASS);
        statement.setInt(next++, vaultId);
        return next;
    }

    /** Runs statements sent together and returns the result of the last, known by its first column's name. */
    private static ResultSet lastResult(PreparedStatement statements, String firstColumn) throws SQLException {
        boolean isResultSet = statements.execute();
        while (isResultSet || statements.getUpdateCount() != -1) {
            if (isResultSet) {
                ResultSet result = statements.getResultSet();
                if (result.getMetaData().getColumnLabel(1).equals(firstColumn)) {
                    return result;
                }
            }
            // Moving on closes the current result.
            isResultSet = statements.getMoreResults();
        }
        throw new IllegalStateException("statements sent together returned no " + firstColumn);
    }

    /** Whether the session is a write transaction now (so its work must be committed). */
    boolean inWriteTransaction() {
        return writeTransaction;
    }

    /**
     * Turns a {@link SessionMode#WRITE_STATEMENTS} session into a write transaction before its first statement
     * that is not a lone write under the lock: its work may read, then write on what it read.
     */
    private void beginWriteTransaction() {
        if (mode != SessionMode.WRITE_STATEMENTS || writeTransaction) {
            return;
        }
        try {
            connection.setAutoCommit(false);
            lockVault();
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "write transaction", e);
        }
        writeTransaction = true;
    }

    /** A key encoding's bit in {@code vault.key_encodings}. */
    static int serverBit(int encoding) {
        return encoding < 0 ? OTHER_ENCODING_BIT : 1 << encoding;
    }

    boolean readOnly() {
        return readOnly;
    }

    /** One statement: prepares, binds the vault id as parameter 1, runs; a driver failure names the vault. */
    private interface Statement<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T execute(String operation, String sql, Statement<T> body) {
        beginWriteTransaction();
        flush();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, vaultId);
            return body.run(statement);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, operation, e);
        }
    }

    private static List<Row> rows(PreparedStatement statement, boolean withValues) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getBytes(2), withValues ? result.getBytes(3) : null));
            }
        }
        return rows;
    }

    private static String placeholders(String each, int count) {
        return String.join(", ", java.util.Collections.nCopies(count, each));
    }

    @Override
    public List<Row> find(KeyCells key) {
        return lookUp(key, true);
    }

    /**
     * The rows under the key's cells: first those whose encodings the vault may hold as far as this session knows
     * (in a write transaction, exactly; else the store's hint), with the vault's encoding bits read by the same
     * statement; when those show an encoding the narrowed look-up left out, once more with every cell.
     */
    private List<Row> lookUp(KeyCells key, boolean withValues) {
        int known = writeTransaction ? possibleEncodings : hint.encodings();
        Narrowed narrowed = Narrowed.of(key, known);
        Found found = select(narrowed.cells(), withValues);
        if (!writeTransaction) {
            hint.learnt(found.encodings());
        }
        if ((found.encodings() & ~narrowed.covered()) == 0) {
            return found.rows();
        }
        return select(Narrowed.of(key, EVERY_ENCODING).cells(), withValues).rows();
    }

    /** The cells a look-up asks for, and the encoding bits a row under any other cell would need. */
    private record Narrowed(List<byte[]> cells, int covered) {
        static Narrowed of(KeyCells key, int encodings) {
            int ownEncoding = key.encoding(0);
            int own = serverBit(ownEncoding);
            if (ownEncoding >= 0 && encodings != EVERY_ENCODING && (encodings & ~own) == 0) {
                // The other cells are never computed: none of their encodings is in the vault.
                List<byte[]> cells = new ArrayList<>(key.ownEncodingCells());
                for (int i = 0; i < key.ownEncodingCells(); i++) {
                    cells.add(key.cell(i));
                }
                return new Narrowed(cells, own);
            }
            // A cell of no known encoding is always asked for: such cells share one bit, so the bit rules none out.
            List<byte[]> cells = new ArrayList<>(key.size());
            cells.add(key.cell(0));
            for (int i = 1; i < key.size(); i++) {
                int encoding = key.encoding(i);
                if (encoding < 0 || (encodings & serverBit(encoding)) != 0) {
                    cells.add(key.cell(i));
                }
            }
            return new Narrowed(cells, encodings | OTHER_ENCODING_BIT);
        }
    }

    /** The rows a look-up found, and the vault's encoding bits from the same snapshot. */
    private record Found(List<Row> rows, int encodings) {
    }

    private Found select(List<byte[]> cells, boolean withValues) {
        Found found = execute("find", "WITH m AS (SELECT key_encodings FROM " + vaults + " WHERE vault_id = ?)"
                + " SELECT m.key_encodings, e.row_id, e.key" + (withValues ? ", e.value" : "") + " FROM m LEFT JOIN "
                + entry + " AS e ON e.vault_id = ? AND e.key_hash IN (" + placeholders("sha256(?)", cells.size()) + ")"
                + live, statement -> {
                    statement.setInt(2, vaultId);
                    for (int i = 0; i < cells.size(); i++) {
                        statement.setBytes(i + 3, cells.get(i));
                    }
                    statement.setLong(cells.size() + 3, clock.millis());
                    List<Row> rows = new ArrayList<>(1);
                    int encodings = 0; // no row: the vault is gone, and its rows with it
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            encodings = result.getInt(1);
                            long rowId = result.getLong(2);
                            if (!result.wasNull()) {
                                rows.add(new Row(rowId, result.getBytes(3), withValues ? result.getBytes(4) : null));
                            }
                        }
                    }
                    return new Found(rows, encodings);
                });
        // The hash found the rows; the bytes decide.
        found.rows().removeIf(row -> !isCellOf(row.key(), cells));
        return found;
    }

    private static boolean isCellOf(byte[] cell, List<byte[]> cells) {
        for (byte[] candidate : cells) {
            if (Arrays.equals(cell, candidate)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean contains(KeyCells key) {
        return !lookUp(key, false).isEmpty();
    }

    @Override
    public boolean holdsOnlyEncoding(int encoding) {
        int own = serverBit(encoding);
        return encoding >= 0 && possibleEncodings != EVERY_ENCODING && (possibleEncodings & ~own) == 0;
    }

    @Override
    public boolean mayHoldEncoding(int encoding) {
        return encoding < 0 || (possibleEncodings & serverBit(encoding)) != 0;
    }

    @Override
    public void learnEncodings() {
        // A write transaction learnt them with its lock (lockVault); without the lock another writer could add a
        // key meanwhile, so other sessions stay with "every encoding".
    }

    /** Records that the session wrote a key cell: its encoding may now be in the vault, here and on the server. */
    private void wroteKey(int encoding) {
        int bit = serverBit(encoding);
        if (possibleEncodings != EVERY_ENCODING) {
            possibleEncodings |= bit;
        }
        if ((recordedEncodings & bit) != 0) {
            return;
        }
        execute("record a key encoding", "UPDATE " + vaults + " SET key_encodings = key_encodings | ? WHERE vault_id = ?",
                statement -> {
                    // Parameter 1 is the vault's id in every statement of this class; here the bit goes first.
                    statement.setInt(1, bit);
                    statement.setInt(2, vaultId);
                    return statement.executeUpdate();
                });
        recordedEncodings |= bit;
    }

    /** Adds a row to the batch, sending the batch first when the row cannot join it and after when full. */
    private void batched(String operation, WriteBatch.Kind kind, byte[] key, byte[] value) {
        beginWriteTransaction();
        if (!writeTransaction) {
            // Not reached through a Store (every write is a write transaction's), but a session may be used alone.
            execute(operation, kind.oneRow(entry), statement -> {
                statement.setBytes(2, key);
                statement.setBytes(3, value);
                return statement.executeUpdate();
            });
            return;
        }
        if (!pending.accepts(kind, key)) {
            flush();
        }
        pending.add(kind, key, value);
        if (pending.size() >= BATCH_ROWS) {
            flush();
        }
    }

    /** Sends the waiting batch, if any: before any other statement, and before the transaction commits. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            pending.send(connection, entry, vaultId);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "batch of writes", e);
        }
    }

    @Override
    public boolean hasKeyInRange(byte[] low, byte[] high) {
        return execute("hasKeyInRange", "SELECT EXISTS (SELECT 1 FROM " + entry
                + " WHERE vault_id = ? AND key >= ? AND key < ?)", statement -> {
                    statement.setBytes(2, low);
                    statement.setBytes(3, high);
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() && result.getBoolean(1);
                    }
                });
    }

    @Override
    public Row row(long rowId) {
        List<Row> rows = execute("row", "SELECT row_id, key, value FROM " + entry
                + " AS e WHERE vault_id = ? AND row_id = ?" + live, statement -> {
                    statement.setLong(2, rowId);
                    statement.setLong(3, clock.millis());
                    return rows(statement, true);
                });
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public List<Row> page(long afterRowId, int limit, boolean withValues) {
        return execute("page", "SELECT row_id, key" + (withValues ? ", value" : "") + " FROM " + entry
                + " AS e WHERE vault_id = ? AND row_id > ?" + live + " ORDER BY row_id LIMIT ?", statement -> {
                    statement.setLong(2, afterRowId);
                    statement.setLong(3, clock.millis());
                    statement.setInt(4, limit);
                    return rows(statement, withValues);
                });
    }

    /** Receives the rows of a streamed scan, one at a time. */
    @FunctionalInterface
    interface RowSink {
        void accept(Row row);
    }

    /**
     * Streams every row of the vault in cursor order through a server-side cursor: pgjdbc fetches
     * {@code fetchSize} rows at a time, so memory stays flat whatever the vault's size. Needs a transaction
     * (pgjdbc reads the whole result at once in auto-commit mode), so it refuses to run outside one.
     *
     * @return how many rows it passed on
     */
    long forEachRow(boolean withValues, int fetchSize, RowSink sink) {
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalStateException("a streamed scan needs a transaction (a server-side cursor lives in one): "
                        + location);
            }
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "forEachRow", e);
        }
        return execute("forEachRow", "SELECT row_id, key" + (withValues ? ", value" : "") + " FROM " + entry
                + " AS e WHERE vault_id = ?" + live + " ORDER BY row_id", statement -> {
                    statement.setLong(2, clock.millis());
                    statement.setFetchSize(fetchSize);
                    long rows = 0;
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            sink.accept(new Row(result.getLong(1), result.getBytes(2),
                                    withValues ? result.getBytes(3) : null));
                            rows++;
                        }
                    }
                    return rows;
                });
    }

    @Override
    public List<Row> newest(int limit) {
        return execute("newest", "SELECT row_id, key, value FROM " + entry
                + " AS e WHERE vault_id = ?" + live + " ORDER BY row_id DESC LIMIT ?", statement -> {
                    statement.setLong(2, clock.millis());
                    statement.setInt(3, limit);
                    return rows(statement, true);
                });
    }

    @Override
    public long count() {
        // Every expiry row has its entry (the foreign key), so the expired are counted in the small table.
        return execute("count", "SELECT (SELECT count(*) FROM " + entry + " WHERE vault_id = ?) - (SELECT count(*) FROM "
                + expiry + " WHERE vault_id = ? AND expires_at <= ?)", statement -> {
            statement.setInt(2, vaultId);
            statement.setLong(3, clock.millis());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    @Override
    public List<String> integrityProblems() {
        // The server keeps its own pages consistent; what a vault adds is that every key cell is a cell of the
        // vault format, which the row layer's check reads through page().
        return List.of();
    }

    @Override
    public void insert(byte[] key, int keyEncoding, byte[] value) {
        if (mayHoldExpiries()) {
            // The key cell may be there under an expired row, which reads no longer show: that row goes first. A
            // live row stays, and the insert then fails as it should.
            execute("insert", "DELETE FROM " + entry + " AS e USING " + expiry + " AS x WHERE e.vault_id = ?"
                    + " AND e.key_hash = sha256(?) AND x.vault_id = e.vault_id AND x.key_hash = e.key_hash"
                    + " AND x.expires_at <= ?", statement -> {
                        statement.setBytes(2, key);
                        statement.setLong(3, clock.millis());
                        return statement.executeUpdate();
                    });
        }
        batched("insert", WriteBatch.Kind.INSERT, key, value);
        wroteKey(keyEncoding);
    }

    @Override
    public void upsert(byte[] key, int keyEncoding, byte[] value) {
        if (mayHoldExpiries()) {
            // One statement: the value's write and the clearing of its expiry time land together.
            execute("upsert", "WITH cleared AS (DELETE FROM " + expiry + " WHERE vault_id = ? AND key_hash = sha256(?))"
                    + " INSERT INTO " + entry + " (vault_id, key, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value", statement -> {
                        statement.setBytes(2, key);
                        statement.setInt(3, vaultId);
                        statement.setBytes(4, key);
                        statement.setBytes(5, value);
                        return statement.executeUpdate();
                    });
        } else {
            batched("upsert", WriteBatch.Kind.UPSERT, key, value);
        }
        wroteKey(keyEncoding);
    }

    /**
     * Whether a write of this key cell can go without looking for twins: in a write transaction (which learnt the
     * vault's encodings and expiry times under its lock) of a vault holding keys of this encoding alone, and no
     * expiry time (an expired row under the cell would need deleting first).
     */
    private boolean writesWithoutLookUp(int keyEncoding) {
        return writeTransaction && holdsOnlyEncoding(keyEncoding) && !mayHoldExpiries();
    }

    @Override
    public boolean upsertIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value) {
        if (locksEachWrite()) {
            return checkedWriteIfOnlyEncoding(key, keyEncoding, value, false).written();
        }
        if (!writesWithoutLookUp(keyEncoding)) {
            return false;
        }
        upsert(key, keyEncoding, value);
        return true;
    }

    @Override
    public Replaced replaceIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value) {
        if (!locksEachWrite() && !writesWithoutLookUp(keyEncoding)) {
            return Replaced.NOTHING;
        }
        return checkedWriteIfOnlyEncoding(key, keyEncoding, value, true);
    }

    /** The row a key cell had, or null when the row found by its hash holds another cell. */
    private static Row previousOf(byte[] key, Row found) {
        return found == null || !Arrays.equals(found.key(), key) ? null : found;
    }

    /** Whether writes go one by one, each with the vault's lock ({@link SessionMode#WRITE_STATEMENTS}). */
    private boolean locksEachWrite() {
        return mode == SessionMode.WRITE_STATEMENTS && !writeTransaction;
    }

    /**
     * One statement that UPSERTs the row only when the vault's recorded encodings are this key's alone and it
     * holds no expiry time, and, when asked, returns the row's previous value (a subquery of {@code RETURNING}
     * reads the statement's snapshot, taken before the UPSERT). Outside a write transaction it goes after the
     * vault's lock, in one round trip and one implicit transaction, so its snapshot is taken once the lock is
     * held; inside one, which holds the lock already, on its own. When the check fails it writes nothing, and the
     * caller takes its general path, which also records the encoding of a vault's first key: the check asks for
     * the encoding already recorded, so that this statement never has to record it. (A statement that checked
     * and recorded in sub-statements of one {@code WITH} took 45–60 µs more a write, in timings of each
     * statement shape on its own; see the README's PostgreSQL speed section.)
     */
    private Replaced checkedWriteIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value, boolean withPrevious) {
        if (keyEncoding < 0) {
            return Replaced.NOTHING;
        }
        boolean lock = locksEachWrite();
        flush();
        String sql = (lock ? lockStatements() : "") + " INSERT INTO " + entry + " AS t (vault_id, key, value)"
                + " SELECT ?, ?, ? FROM " + vaults + " AS v WHERE v.vault_id = ? AND v.key_encodings = ?"
                + " AND NOT EXISTS (SELECT 1 FROM " + expiry + " AS x WHERE x.vault_id = v.vault_id)"
                + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET value = EXCLUDED.value"
                + (withPrevious ? " RETURNING t.row_id AS written, t.key, (SELECT CASE WHEN p.value IS NULL"
                        + " THEN '\\x00'::bytea ELSE '\\x01'::bytea || p.value END FROM " + entry + " AS p"
                        + " WHERE p.vault_id = t.vault_id AND p.key_hash = t.key_hash)" : " RETURNING 1 AS written");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = lock ? bindLock(statement) : 1;
            statement.setInt(next++, vaultId);
            statement.setBytes(next++, key);
            statement.setBytes(next++, value);
            statement.setInt(next++, vaultId);
            int bit = serverBit(keyEncoding);
            statement.setInt(next, bit);
            try (ResultSet result = lastResult(statement, "written")) {
                if (!result.next()) {
                    return Replaced.NOTHING;
                }
                // The vault's bits were this encoding's alone, under the lock: a write transaction knows them now.
                recordedEncodings |= bit;
                if (!withPrevious) {
                    return new Replaced(true, null);
                }
                // The key and row id are the row's own (an UPSERT keeps both). The previous value comes tagged,
                // so that a row whose value was NULL (a file's value column may be) differs from no row at all.
                byte[] tagged = result.getBytes(3);
                if (tagged == null) {
                    return new Replaced(true, null);
                }
                byte[] previousValue = tagged[0] == NULL_VALUE_TAG ? null : Arrays.copyOfRange(tagged, 1, tagged.length);
                return new Replaced(true, previousOf(key, new Row(result.getLong(1), result.getBytes(2), previousValue)));
            }
        } catch (SQLException e) {
            throw PostgresStore.failure(location, withPrevious ? "put" : "set", e);
        }
    }

    @Override
    public void updateValue(long rowId, byte[] value) {
        execute("updateValue", "WITH cleared AS (DELETE FROM " + expiry + " AS x USING " + entry + " AS e"
                + " WHERE e.vault_id = ? AND e.row_id = ? AND x.vault_id = e.vault_id AND x.key_hash = e.key_hash)"
                + " UPDATE " + entry + " SET value = ? WHERE row_id = ? AND vault_id = ?", statement -> {
            statement.setLong(2, rowId);
            statement.setBytes(3, value);
            statement.setLong(4, rowId);
            statement.setInt(5, vaultId);
            return statement.executeUpdate();
        });
    }

    @Override
    public boolean deleteRow(long rowId) {
        return execute("deleteRow", "DELETE FROM " + entry + " WHERE vault_id = ? AND row_id = ?", statement -> {
            statement.setLong(2, rowId);
            return statement.executeUpdate() > 0;
        });
    }

    @Override
    public int deleteAll() {
        // An empty vault holds no encoding: its bits start again from none, in the same statement.
        int deleted = execute("deleteAll", "WITH gone AS (DELETE FROM " + entry + " WHERE vault_id = ? RETURNING 1),"
                + " reset AS (UPDATE " + vaults + " SET key_encodings = 0 WHERE vault_id = ?)"
                + " SELECT count(*) FROM gone", statement -> {
                    statement.setInt(2, vaultId);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        return result.getInt(1);
                    }
                });
        possibleEncodings = 0;
        recordedEncodings = 0;
        return deleted;
    }

    @Override
    public byte[] attribute(String name) {
        return execute("attribute", "SELECT value FROM " + attributes + " WHERE vault_id = ? AND name = ?", statement -> {
            statement.setString(2, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getBytes(1) : null;
            }
        });
    }

    @Override
    public void putAttribute(String name, byte[] value) {
        execute("putAttribute", "INSERT INTO " + attributes + " (vault_id, name, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (vault_id, name) DO UPDATE SET value = excluded.value", statement -> {
                    statement.setString(2, name);
                    statement.setBytes(3, value);
                    return statement.executeUpdate();
                });
    }

    @Override
    public Map<String, byte[]> attributes() {
        return execute("attributes", "SELECT name, value FROM " + attributes + " WHERE vault_id = ? ORDER BY name",
                statement -> {
                    Map<String, byte[]> all = new TreeMap<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            all.put(result.getString(1), result.getBytes(2));
                        }
                    }
                    return all;
                });
    }

    @Override
    public void deleteAttributes() {
        execute("deleteAttributes", "DELETE FROM " + attributes + " WHERE vault_id = ?", PreparedStatement::executeUpdate);
    }

    @Override
    public void appendAccessLog(List<AccessRecord> records) {
        try {
            PostgresSchema.requireAccessLog(connection, root);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "appendAccessLog", e);
        }
        execute("appendAccessLog", "INSERT INTO " + accessLog + " (vault_id, at, operation, key, duration_us, process)"
                + " VALUES (?, ?, ?, ?, ?, ?)", statement -> {
                    for (AccessRecord record : records) {
                        statement.setInt(1, vaultId);
                        statement.setObject(2, timestamp(record.atMicros()));
                        statement.setString(3, record.operation());
                        statement.setString(4, record.key());
                        statement.setLong(5, record.durationMicros());
                        statement.setString(6, record.process());
                        statement.addBatch();
                    }
                    return statement.executeBatch();
                });
    }

    @Override
    public int pruneAccessLog(long beforeMicros, long keep) {
        if (!hasAccessLog()) {
            return 0;
        }
        // One entry_id range over the primary key, so the cost is the rows deleted, not the log's size: ids grow
        // with time, so the records older than the age bound are those before the first young one.
        return execute("pruneAccessLog", "DELETE FROM " + accessLog + " WHERE vault_id = ? AND entry_id < GREATEST("
                + "COALESCE((SELECT entry_id FROM " + accessLog + " WHERE vault_id = ? AND at >= ? ORDER BY entry_id LIMIT 1),"
                + " (SELECT max(entry_id) + 1 FROM " + accessLog + " WHERE vault_id = ?)),"
                + " (SELECT max(entry_id) FROM " + accessLog + " WHERE vault_id = ?) - ? + 1)", statement -> {
                    statement.setInt(2, vaultId);
                    statement.setObject(3, timestamp(beforeMicros));
                    statement.setInt(4, vaultId);
                    statement.setInt(5, vaultId);
                    statement.setLong(6, keep);
                    return statement.executeUpdate();
                });
    }

    @Override
    public List<AccessRecord> accessLog(long sinceMicros, int limit) {
        if (!hasAccessLog()) {
            return List.of();
        }
        return execute("accessLog", "SELECT at, operation, key, duration_us, process FROM (SELECT * FROM " + accessLog
                + " WHERE vault_id = ? AND at >= ? ORDER BY entry_id DESC LIMIT ?) AS newest ORDER BY entry_id",
                statement -> {
                    statement.setObject(2, timestamp(sinceMicros));
                    statement.setInt(3, limit);
                    List<AccessRecord> records = new ArrayList<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            OffsetDateTime at = result.getObject(1, OffsetDateTime.class);
                            records.add(new AccessRecord(micros(at), result.getString(2), result.getString(3),
                                    result.getLong(4), result.getString(5)));
                        }
                    }
                    return records;
                });
    }

    private boolean hasAccessLog() {
        try {
            return PostgresSchema.hasAccessLog(connection, root);
        } catch (SQLException e) {
            throw PostgresStore.failure(location, "accessLog", e);
        }
    }

    /** A time in microseconds since the epoch as pgjdbc binds a timestamptz (which keeps microseconds). */
    private static OffsetDateTime timestamp(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static long micros(OffsetDateTime at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
    }

    /** Whether a write must reckon with expiry times: always outside a write transaction, else as learnt once. */
    private boolean mayHoldExpiries() {
        beginWriteTransaction();
        if (!writeTransaction) {
            return true;
        }
        if (expiriesInVault == null) {
            expiriesInVault = mayHaveExpiries();
        }
        return expiriesInVault;
    }

    @Override
    public boolean mayHaveExpiries() {
        return execute("mayHaveExpiries", "SELECT EXISTS (SELECT 1 FROM " + expiry + " WHERE vault_id = ?)", statement -> {
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        });
    }

    @Override
    public Long expiresAt(byte[] key) {
        return execute("expiresAt", "SELECT expires_at FROM " + expiry + " WHERE vault_id = ? AND key_hash = sha256(?)",
                statement -> {
                    statement.setBytes(2, key);
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() ? result.getLong(1) : null;
                    }
                });
    }

    /** One statement for the whole list: a row per key cell in the list's order, its expiry time or NULL. */
    @Override
    public List<Long> expiresAt(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return execute("expiresAt", "SELECT (SELECT x.expires_at FROM " + expiry + " AS x WHERE x.vault_id = ?"
                + " AND x.key_hash = sha256(k.key)) FROM unnest(?::bytea[]) WITH ORDINALITY AS k (key, position)"
                + " ORDER BY k.position", statement -> {
                    statement.setArray(2, connection.createArrayOf("bytea", keys.toArray(new byte[0][])));
                    List<Long> times = new ArrayList<>(keys.size());
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            long at = result.getLong(1);
                            times.add(result.wasNull() ? null : at);
                        }
                    }
                    return times;
                });
    }

    @Override
    public void setExpiry(byte[] key, long expiresAtMillis) {
        expiriesInVault = Boolean.TRUE;
        execute("setExpiry", "INSERT INTO " + expiry + " (vault_id, key_hash, expires_at) VALUES (?, sha256(?), ?)"
                + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at", statement -> {
                    statement.setBytes(2, key);
                    statement.setLong(3, expiresAtMillis);
                    return statement.executeUpdate();
                });
    }

    /** {@link #BATCH_ROWS} expiry times a statement, as two arrays unnested side by side. */
    @Override
    public void setExpiries(List<Expiry> expiries) {
        if (!expiries.isEmpty()) {
            expiriesInVault = Boolean.TRUE;
        }
        for (int start = 0; start < expiries.size(); start += BATCH_ROWS) {
            List<Expiry> batch = expiries.subList(start, Math.min(expiries.size(), start + BATCH_ROWS));
            execute("setExpiries", "INSERT INTO " + expiry + " (vault_id, key_hash, expires_at)"
                    + " SELECT ?, sha256(u.key), u.expires_at FROM unnest(?::bytea[], ?::bigint[]) AS u (key, expires_at)"
                    + " ON CONFLICT (vault_id, key_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at", statement -> {
                        statement.setArray(2, connection.createArrayOf("bytea",
                                batch.stream().map(Expiry::key).toArray(byte[][]::new)));
                        statement.setArray(3, connection.createArrayOf("bigint",
                                batch.stream().map(Expiry::expiresAtMillis).toArray(Long[]::new)));
                        return statement.executeUpdate();
                    });
        }
    }

    @Override
    public int deleteExpired() {
        // The foreign key's cascade deletes the expiry rows with their entries.
        return execute("deleteExpired", "DELETE FROM " + entry + " AS e USING " + expiry + " AS x WHERE e.vault_id = ?"
                + " AND x.vault_id = e.vault_id AND x.key_hash = e.key_hash AND x.expires_at <= ?", statement -> {
                    statement.setLong(2, clock.millis());
                    return statement.executeUpdate();
                });
    }

    @Override
    public void setTableAside(Generation newTable) {
        throw noMigration();
    }

    @Override
    public List<Row> pageAside(long afterRowId, int limit) {
        throw noMigration();
    }

    @Override
    public void insertRow(long rowId, byte[] key, int keyEncoding, byte[] value) {
        throw noMigration();
    }

    @Override
    public void dropAside() {
        throw noMigration();
    }

    private VaultException noMigration() {
        return new VaultException("a PostgreSQL vault has one table layout, there is no older one to migrate: "
                + location);
    }
}
