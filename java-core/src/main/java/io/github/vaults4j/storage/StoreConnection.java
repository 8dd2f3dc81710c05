package io.github.vaults4j.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConnection;

/**
 * One SQLite connection to a vault file and the statements it has prepared: the {@link StoreSession} of
 * {@link SqliteStore}. Used by one thread at a time (the store's pool hands it out); every method is a single
 * SQL statement, and a {@link SQLException} leaves it as the {@link io.github.vaults4j.VaultException} the
 * store translates it to.
 */
final class StoreConnection implements StoreSession, AutoCloseable {
    /** Where {@link #setTableAside} moves the rows while a migration rewrites them. */
    private static final String ASIDE_TABLE = "dict_before_migration";
    private static final String UPSERT_CLAUSE = " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    /** The side table of {@link #attribute}s; Python's module reads table {@code dict} only. */
    static final String ATTRIBUTES_TABLE = "vaults4j_attributes";
    private static final String CREATE_ATTRIBUTES = "CREATE TABLE IF NOT EXISTS " + ATTRIBUTES_TABLE
            + " (name TEXT PRIMARY KEY, value BLOB NOT NULL)";
    /**
     * The side table of expiry times, keyed by a row's key cell; Python's module reads table {@code dict} only.
     * Made by the first write with a time to live, with the triggers that keep it in step with {@code dict}
     * whoever writes (Python's module included): a write of a row's value clears its expiry time, deleting a row
     * deletes it.
     */
    static final String EXPIRY_TABLE = "vaults4j_expiry";
    private static final String CREATE_EXPIRY = "CREATE TABLE IF NOT EXISTS " + EXPIRY_TABLE
            + " (key BLOB PRIMARY KEY, expires_at INTEGER NOT NULL)";
    private static final List<String> EXPIRY_TRIGGERS = List.of(
            "CREATE TRIGGER IF NOT EXISTS vaults4j_expiry_insert AFTER INSERT ON dict BEGIN DELETE FROM " + EXPIRY_TABLE
                    + " WHERE key = new.key; END",
            "CREATE TRIGGER IF NOT EXISTS vaults4j_expiry_update AFTER UPDATE ON dict BEGIN DELETE FROM " + EXPIRY_TABLE
                    + " WHERE key = old.key OR key = new.key; END",
            "CREATE TRIGGER IF NOT EXISTS vaults4j_expiry_delete AFTER DELETE ON dict BEGIN DELETE FROM " + EXPIRY_TABLE
                    + " WHERE key = old.key; END");
    private static final String EXPIRY_EXISTS = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table'"
            + " AND name = '" + EXPIRY_TABLE + "')";
    /** The side table of the access log; Python's module reads table {@code dict} only. */
    static final String ACCESS_LOG_TABLE = "vaults4j_access_log";
    /** id is the rowid: appended in increasing order, so the oldest records are the lowest ids. */
    private static final String CREATE_ACCESS_LOG = "CREATE TABLE IF NOT EXISTS " + ACCESS_LOG_TABLE
            + " (id INTEGER PRIMARY KEY, at_us INTEGER NOT NULL, operation TEXT NOT NULL, key TEXT,"
            + " duration_us INTEGER NOT NULL, process TEXT NOT NULL)";
    private final Connection connection;
    private final SqliteStore store;
    private final List<KeyRange> ranges;
    private final int allEncodings;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** The {@code data_version} this connection last reported to the {@link ReadCache}; -1 before the first. */
    long lastSeenDataVersion = -1;
    /**
     * Key encodings that may be in the file (a bit mask of encoding tags), as of {@link #encodingsVersion} on
     * this connection. Always a superset of the truth: other connections' commits are caught by comparing
     * {@code data_version} in the same statement that relies on the mask, and this connection's own key writes
     * add their encoding to it as they happen.
     */
    private int possibleEncodings;
    private long encodingsVersion = -1;

    StoreConnection(Connection connection, SqliteStore store, List<KeyRange> ranges) {
        this.connection = connection;
        this.store = store;
        this.ranges = ranges;
        this.allEncodings = (1 << ranges.size()) - 1;
        this.possibleEncodings = allEncodings;
    }

    /** A statement that may fail: run by {@link #sql}, which translates the failure. */
    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    private <T> T sql(Sql<T> statement) {
        try {
            return statement.run();
        } catch (SQLException e) {
            throw store.translate(e);
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private static String inList(int count) {
        StringBuilder sql = new StringBuilder(count * 2 + 2).append('(');
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        return sql.append(')').toString();
    }

    private static int bit(int encoding) {
        return encoding < 0 ? 0 : 1 << encoding;
    }

    // ------------------------------------------------------------ keys

    /**
     * Candidates in an encoding that the file holds no key of are not looked up: most files hold one or two of
     * the encodings, and each candidate costs an index seek.
     */
    @Override
    public List<Row> find(KeyCells key) {
        return sql(() -> {
            List<byte[]> narrowed = narrowed(key);
            if (narrowed != null) {
                // One statement, so one snapshot: the version tells whether the mask still held when the rows were read.
                // Valid when the version matches: the store saw the expiry table, or it was absent at that version.
                boolean expiring = store.expiryTableSeen();
                PreparedStatement select = prepare("SELECT v.data_version, d.rowid, d.key, d.value FROM pragma_data_version AS v"
                        + " LEFT JOIN dict AS d ON d.key IN " + inList(narrowed.size()) + live("d", expiring));
                bind(select, narrowed);
                bindNow(select, narrowed.size() + 1, expiring);
                List<Row> rows = new ArrayList<>(1);
                long version;
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                    version = result.getLong(1);
                    do {
                        if (result.getObject(2) != null) {
                            rows.add(new Row(result.getLong(2), result.getBytes(3), result.getBytes(4)));
                        }
                    } while (result.next());
                }
                if (version == encodingsVersion) {
                    return rows;
                }
                probeEncodings();
            }
            List<byte[]> all = all(key);
            return liveRows(true, (expiring, column) -> "SELECT rowid, key, value" + column + " FROM dict WHERE key IN "
                    + inList(all.size()) + live("dict", expiring), (select, expiring) -> {
                        bind(select, all);
                        bindNow(select, all.size() + 1, expiring);
                    });
        });
    }

    @Override
    public boolean contains(KeyCells key) {
        return sql(() -> {
            List<byte[]> narrowed = narrowed(key);
            if (narrowed != null) {
                boolean expiring = store.expiryTableSeen();
                PreparedStatement select = prepare("SELECT (SELECT data_version FROM pragma_data_version),"
                        + " EXISTS (SELECT 1 FROM dict AS d WHERE d.key IN " + inList(narrowed.size())
                        + live("d", expiring) + ")");
                bind(select, narrowed);
                bindNow(select, narrowed.size() + 1, expiring);
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                    if (result.getLong(1) == encodingsVersion) {
                        return result.getBoolean(2);
                    }
                }
                probeEncodings();
            }
            List<byte[]> all = all(key);
            boolean expiring = expiryTable();
            PreparedStatement select = prepare("SELECT 1 FROM dict WHERE key IN " + inList(all.size())
                    + live("dict", expiring) + " LIMIT 1");
            bind(select, all);
            bindNow(select, all.size() + 1, expiring);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        });
    }

    private static List<byte[]> all(KeyCells key) {
        List<byte[]> cells = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            cells.add(key.cell(i));
        }
        return cells;
    }

    /**
     * The first cell (the key's own encoding, always looked up) and those others whose encoding the file may
     * hold; {@code null} when narrowing would not save a seek.
     */
    private List<byte[]> narrowed(KeyCells key) throws SQLException {
        if (encodingsVersion < 0) {
            probeEncodings();
        }
        if (holdsOnlyEncoding(key.encoding(0))) {
            int own = key.ownEncodingCells();
            if (own == 1) {
                return List.of(key.cell(0)); // the other cells are never computed
            }
            List<byte[]> cells = new ArrayList<>(own);
            for (int i = 0; i < own; i++) {
                cells.add(key.cell(i));
            }
            return cells;
        }
        int size = key.size();
        if (size == 1) {
            return null;
        }
        List<byte[]> narrowed = new ArrayList<>(size);
        narrowed.add(key.cell(0));
        for (int i = 1; i < size; i++) {
            int bit = bit(key.encoding(i));
            if (bit == 0 || (possibleEncodings & bit) != 0) {
                narrowed.add(key.cell(i));
            }
        }
        return narrowed.size() < size ? narrowed : null;
    }

    @Override
    public boolean holdsOnlyEncoding(int encoding) {
        int own = bit(encoding);
        return encodingsVersion >= 0 && own != 0 && (possibleEncodings & ~own) == 0;
    }

    @Override
    public boolean mayHoldEncoding(int encoding) {
        if (encodingsVersion < 0) {
            learnEncodings();
        }
        int bit = bit(encoding);
        return bit == 0 || (possibleEncodings & bit) != 0;
    }

    @Override
    public void learnEncodings() {
        sql(() -> {
            probeEncodings();
            return null;
        });
    }

    /** Probes, in one statement (one snapshot), which key ranges the file holds and its {@code data_version}. */
    private void probeEncodings() throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT (SELECT data_version FROM pragma_data_version), (")
                .append(EXPIRY_EXISTS).append(')');
        for (int i = 0; i < ranges.size(); i++) {
            sql.append(", EXISTS (SELECT 1 FROM dict WHERE key >= ? AND key < ?)");
        }
        PreparedStatement probe = prepare(sql.toString());
        for (int i = 0; i < ranges.size(); i++) {
            probe.setBytes(2 * i + 1, ranges.get(i).low());
            probe.setBytes(2 * i + 2, ranges.get(i).high());
        }
        try (ResultSet result = probe.executeQuery()) {
            result.next();
            int mask = 0;
            for (int i = 0; i < ranges.size(); i++) {
                if (result.getBoolean(i + 3)) {
                    mask |= 1 << i;
                }
            }
            possibleEncodings = mask;
            encodingsVersion = result.getLong(1);
            if (result.getBoolean(2)) {
                store.sawExpiryTable();
            }
        }
    }

    /** Records that this connection wrote a key cell: its encoding may now be in the file. */
    private void wroteKey(int encoding) {
        // A cell in no key range changes nothing the ranges' probe could find.
        possibleEncodings |= bit(encoding);
    }

    @Override
    public boolean hasKeyInRange(byte[] low, byte[] high) {
        return sql(() -> {
            PreparedStatement select = prepare("SELECT 1 FROM dict WHERE key >= ? AND key < ? LIMIT 1");
            select.setBytes(1, low);
            select.setBytes(2, high);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        });
    }

    private static void bind(PreparedStatement statement, List<byte[]> cells) throws SQLException {
        for (int i = 0; i < cells.size(); i++) {
            statement.setBytes(i + 1, cells.get(i));
        }
    }

    // ------------------------------------------------------------ rows by cursor

    @Override
    public Row row(long rowId) {
        return sql(() -> {
            List<Row> rows = liveRows(true, (expiring, column) -> "SELECT rowid, key, value" + column
                    + " FROM dict WHERE rowid = ?" + live("dict", expiring), (select, expiring) -> {
                        select.setLong(1, rowId);
                        bindNow(select, 2, expiring);
                    });
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    @Override
    public List<Row> page(long afterRowId, int limit, boolean withValues) {
        return sql(() -> liveRows(withValues, (expiring, column) -> (withValues ? "SELECT rowid, key, value" : "SELECT rowid, key")
                + column + " FROM dict WHERE rowid > ?" + live("dict", expiring) + " ORDER BY rowid LIMIT ?",
                (select, expiring) -> {
                    select.setLong(1, afterRowId);
                    bindNow(select, 2, expiring);
                    select.setInt(expiring ? 3 : 2, limit);
                }));
    }

    /** Rows set aside by a migration, as they are, expired or not: their expiry times stay in the side table. */
    private List<Row> page(String table, long afterRowId, int limit, boolean withValues) throws SQLException {
        PreparedStatement select = prepare((withValues ? "SELECT rowid, key, value FROM " : "SELECT rowid, key FROM ")
                + table + " WHERE rowid > ? ORDER BY rowid LIMIT ?");
        select.setLong(1, afterRowId);
        select.setInt(2, limit);
        return rows(select, withValues);
    }

    @Override
    public List<Row> newest(int limit) {
        return sql(() -> {
            return liveRows(true, (expiring, column) -> "SELECT rowid, key, value" + column + " FROM dict WHERE 1"
                    + live("dict", expiring) + " ORDER BY rowid DESC LIMIT ?", (select, expiring) -> {
                        bindNow(select, 1, expiring);
                        select.setInt(expiring ? 2 : 1, limit);
                    });
        });
    }

    @Override
    public long count() {
        return sql(() -> {
            if (store.expiryTableSeen()) {
                // The expired are few next to the rows: count them through the side table, not row by row.
                PreparedStatement select = prepare("SELECT (SELECT count(*) FROM dict) - (SELECT count(*) FROM "
                        + EXPIRY_TABLE + " AS x JOIN dict AS d ON d.key = x.key WHERE x.expires_at <= ?)");
                select.setLong(1, store.now());
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
            // One statement: the count, and whether the file has gained the expiry table since (then count again).
            try (ResultSet result = prepare("SELECT (SELECT count(*) FROM dict), (" + EXPIRY_EXISTS + ")").executeQuery()) {
                result.next();
                if (!result.getBoolean(2)) {
                    return result.getLong(1);
                }
            }
            store.sawExpiryTable();
            return count();
        });
    }

    @Override
    public List<String> integrityProblems() {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            while (result.next()) {
                String line = result.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
        } catch (SQLException e) {
            problems.add("integrity_check failed: " + e.getMessage());
        }
        return problems;
    }

    /** SQLite's {@code PRAGMA data_version}: changes when another connection has committed since the last call. */
    long dataVersion() throws SQLException {
        try (ResultSet result = prepare("PRAGMA data_version").executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    // ------------------------------------------------------------ writes

    @Override
    public void insert(byte[] key, int keyEncoding, byte[] value) {
        sql(() -> {
            wroteKey(keyEncoding);
            if (expiryTable()) {
                // The key cell may be there under an expired row, which reads no longer show: that row goes first.
                // A live row stays, and the insert then fails as it should.
                PreparedStatement expired = prepare("DELETE FROM dict WHERE key = ? AND key IN (SELECT key FROM "
                        + EXPIRY_TABLE + " WHERE key = ? AND expires_at <= ?)");
                expired.setBytes(1, key);
                expired.setBytes(2, key);
                expired.setLong(3, store.now());
                expired.executeUpdate();
            }
            PreparedStatement insert = prepare("INSERT INTO dict (key, value) VALUES (?, ?)");
            insert.setBytes(1, key);
            insert.setBytes(2, value);
            return insert.executeUpdate();
        });
    }

    /** Unlike INSERT OR REPLACE it keeps the rowid, so an iteration in progress sees the row once. */
    @Override
    public void upsert(byte[] key, int keyEncoding, byte[] value) {
        sql(() -> {
            wroteKey(keyEncoding);
            PreparedStatement upsert = prepare("INSERT INTO dict (key, value) VALUES (?, ?)" + UPSERT_CLAUSE);
            upsert.setBytes(1, key);
            upsert.setBytes(2, value);
            return upsert.executeUpdate();
        });
    }

    /**
     * One statement that upserts only while {@code data_version} is the one the encodings were learnt at: no
     * other connection has committed since, so the file still holds no key of another encoding. A statement that
     * writes takes the write lock before it reads, so the version it compares is the one it writes over.
     */
    @Override
    public boolean upsertIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value) {
        return sql(() -> {
            if (!knownToHoldOnly(keyEncoding)) {
                return false;
            }
            if (conditionalUpsert(key, value, encodingsVersion)) {
                return true;
            }
            probeEncodings(); // another connection committed: learn what the file holds now
            return false;
        });
    }

    /** Two statements, the lookup and the conditional upsert, tied by the {@code data_version} they both see. */
    @Override
    public Replaced replaceIfOnlyEncoding(byte[] key, int keyEncoding, byte[] value) {
        return sql(() -> {
            if (!knownToHoldOnly(keyEncoding)) {
                return Replaced.NOTHING;
            }
            boolean expiring = store.expiryTableSeen();
            PreparedStatement select = prepare("SELECT v.data_version, d.rowid, d.key, d.value"
                    + " FROM pragma_data_version AS v LEFT JOIN dict AS d ON d.key = ?" + live("d", expiring));
            select.setBytes(1, key);
            bindNow(select, 2, expiring);
            Row previous = null;
            long version;
            try (ResultSet result = select.executeQuery()) {
                result.next();
                version = result.getLong(1);
                if (result.getObject(2) != null) {
                    previous = new Row(result.getLong(2), result.getBytes(3), result.getBytes(4));
                }
            }
            if (version == encodingsVersion && conditionalUpsert(key, value, version)) {
                return new Replaced(true, previous);
            }
            probeEncodings(); // another connection committed: learn what the file holds now
            return Replaced.NOTHING;
        });
    }

    /** Whether the file holds keys of this encoding only, as far as this connection knows (it asks once). */
    private boolean knownToHoldOnly(int keyEncoding) throws SQLException {
        if (encodingsVersion < 0) {
            probeEncodings();
        }
        return holdsOnlyEncoding(keyEncoding);
    }

    private boolean conditionalUpsert(byte[] key, byte[] value, long version) throws SQLException {
        PreparedStatement upsert = prepare("INSERT INTO dict (key, value) SELECT ?, ?"
                + " WHERE (SELECT data_version FROM pragma_data_version) = ?" + UPSERT_CLAUSE);
        upsert.setBytes(1, key);
        upsert.setBytes(2, value);
        upsert.setLong(3, version);
        return upsert.executeUpdate() > 0;
    }

    @Override
    public void updateValue(long rowId, byte[] value) {
        sql(() -> {
            PreparedStatement update = prepare("UPDATE dict SET value = ? WHERE rowid = ?");
            update.setBytes(1, value);
            update.setLong(2, rowId);
            return update.executeUpdate();
        });
    }

    @Override
    public boolean deleteRow(long rowId) {
        return sql(() -> {
            PreparedStatement delete = prepare("DELETE FROM dict WHERE rowid = ?");
            delete.setLong(1, rowId);
            return delete.executeUpdate() > 0;
        });
    }

    @Override
    public int deleteAll() {
        return sql(() -> prepare("DELETE FROM dict").executeUpdate());
    }

    // ------------------------------------------------------------ attributes beside the rows

    @Override
    public byte[] attribute(String name) {
        return sql(() -> {
            if (!attributesTable()) {
                return null;
            }
            PreparedStatement select = prepare("SELECT value FROM " + ATTRIBUTES_TABLE + " WHERE name = ?");
            select.setString(1, name);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getBytes(1) : null;
            }
        });
    }

    @Override
    public void putAttribute(String name, byte[] value) {
        sql(() -> {
            execute(CREATE_ATTRIBUTES);
            PreparedStatement upsert = prepare("INSERT INTO " + ATTRIBUTES_TABLE + " (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
            upsert.setString(1, name);
            upsert.setBytes(2, value);
            upsert.executeUpdate();
            return null;
        });
    }

    @Override
    public Map<String, byte[]> attributes() {
        return sql(() -> {
            Map<String, byte[]> all = new TreeMap<>();
            if (!attributesTable()) {
                return all;
            }
            try (ResultSet result = prepare("SELECT name, value FROM " + ATTRIBUTES_TABLE + " ORDER BY name").executeQuery()) {
                while (result.next()) {
                    all.put(result.getString(1), result.getBytes(2));
                }
            }
            return all;
        });
    }

    @Override
    public void deleteAttributes() {
        sql(() -> attributesTable() ? prepare("DELETE FROM " + ATTRIBUTES_TABLE).executeUpdate() : 0);
    }

    /** Whether the attributes' side table exists (made by the first {@link #putAttribute}). */
    private boolean attributesTable() throws SQLException {
        return !queryStrings("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + ATTRIBUTES_TABLE + "'")
                .isEmpty();
    }

    // ------------------------------------------------------------ expiry times beside the rows

    /**
     * Whether the expiry table exists. Once seen it stays (vaults4j never drops it), so the store remembers; until
     * then each call asks the schema, a page SQLite has in memory: a vault that never had a time to live pays
     * that look, and nothing in its statements.
     */
    private boolean expiryTable() throws SQLException {
        if (store.expiryTableSeen()) {
            return true;
        }
        if (expiryTableInFile()) {
            store.sawExpiryTable();
            return true;
        }
        return false;
    }

    /** Asks the schema whether the expiry table is there. */
    boolean expiryTableInFile() throws SQLException {
        try (ResultSet result = prepare(EXPIRY_EXISTS).executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** A row query, with or without the expiry filter. */
    private interface RowQuery {
        /**
         * The statement: with {@link #live} of its table when {@code expiring}, and {@code column} (empty, or one more
         * column) after its {@code rowid, key[, value]}.
         */
        String sql(boolean expiring, String column);
    }

    /** Binds a {@link RowQuery}'s parameters, now among them when {@code expiring}. */
    private interface RowBinding {
        void bind(PreparedStatement statement, boolean expiring) throws SQLException;
    }

    /**
     * Runs a row query, leaving out expired rows. While the store has not seen the expiry table, the query runs
     * without the filter and asks the schema in one more column of the same statement: a file without the table
     * pays no statement for the check, and one that has gained it since runs the query again with the filter.
     */
    private List<Row> liveRows(boolean withValues, RowQuery query, RowBinding binding) throws SQLException {
        if (!store.expiryTableSeen()) {
            PreparedStatement select = prepare(query.sql(false, ", (" + EXPIRY_EXISTS + ")"));
            binding.bind(select, false);
            List<Row> rows = new ArrayList<>();
            boolean tableThere = false;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getBytes(2), withValues ? result.getBytes(3) : null));
                    tableThere |= result.getBoolean(withValues ? 4 : 3);
                }
            }
            if (!tableThere) {
                return rows;
            }
            store.sawExpiryTable();
        }
        PreparedStatement select = prepare(query.sql(true, ""));
        binding.bind(select, true);
        return rows(select, withValues);
    }

    /** The condition that leaves out an expired row of {@code table}; binds one parameter, now. */
    private static String live(String table, boolean expiring) {
        return expiring ? " AND NOT EXISTS (SELECT 1 FROM " + EXPIRY_TABLE + " AS x WHERE x.key = " + table
                + ".key AND x.expires_at <= ?)" : "";
    }

    private void bindNow(PreparedStatement statement, int index, boolean expiring) throws SQLException {
        if (expiring) {
            statement.setLong(index, store.now());
        }
    }

    @Override
    public boolean mayHaveExpiries() {
        return sql(this::expiryTable);
    }

    @Override
    public Long expiresAt(byte[] key) {
        return sql(() -> {
            if (!expiryTable()) {
                return null;
            }
            PreparedStatement select = prepare("SELECT expires_at FROM " + EXPIRY_TABLE + " WHERE key = ?");
            select.setBytes(1, key);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getLong(1) : null;
            }
        });
    }

    @Override
    public void setExpiry(byte[] key, long expiresAtMillis) {
        sql(() -> {
            if (!expiryTable()) {
                execute(CREATE_EXPIRY);
                createExpiryTriggers();
                store.sawExpiryTable();
            }
            PreparedStatement upsert = prepare("INSERT INTO " + EXPIRY_TABLE + " (key, expires_at) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at");
            upsert.setBytes(1, key);
            upsert.setLong(2, expiresAtMillis);
            return upsert.executeUpdate();
        });
    }

    private void createExpiryTriggers() throws SQLException {
        for (String trigger : EXPIRY_TRIGGERS) {
            execute(trigger);
        }
    }

    @Override
    public int deleteExpired() {
        return sql(() -> {
            if (!expiryTable()) {
                return 0;
            }
            long now = store.now();
            PreparedStatement delete = prepare("DELETE FROM dict WHERE key IN (SELECT key FROM " + EXPIRY_TABLE
                    + " WHERE expires_at <= ?)");
            delete.setLong(1, now);
            int deleted = delete.executeUpdate();
            // The triggers took the expiry times of those rows; times left without a row go too.
            PreparedStatement orphans = prepare("DELETE FROM " + EXPIRY_TABLE + " WHERE expires_at <= ?");
            orphans.setLong(1, now);
            orphans.executeUpdate();
            return deleted;
        });
    }

    // ------------------------------------------------------------ the access log beside the rows

    /** Whether this connection has made sure the access log's table exists (once per connection, not per flush). */
    private boolean accessLogReady;

    @Override
    public void appendAccessLog(List<AccessRecord> records) {
        sql(() -> {
            if (!accessLogReady) {
                execute(CREATE_ACCESS_LOG);
                accessLogReady = true;
            }
            PreparedStatement insert = prepare("INSERT INTO " + ACCESS_LOG_TABLE
                    + " (at_us, operation, key, duration_us, process) VALUES (?, ?, ?, ?, ?)");
            for (AccessRecord record : records) {
                insert.setLong(1, record.atMicros());
                insert.setString(2, record.operation());
                insert.setString(3, record.key());
                insert.setLong(4, record.durationMicros());
                insert.setString(5, record.process());
                insert.addBatch();
            }
            try {
                insert.executeBatch();
            } catch (SQLException e) {
                accessLogReady = false; // a rolled-back transaction may have taken the new table with it
                throw e;
            }
            return null;
        });
    }

    @Override
    public int pruneAccessLog(long beforeMicros, long keep) {
        return sql(() -> {
            if (!hasAccessLog()) {
                return 0;
            }
            // One rowid range, so the cost is the rows deleted, not the log's size: ids grow with time, so the
            // records older than the age bound are those before the first young one (found from the oldest up).
            PreparedStatement delete = prepare("DELETE FROM " + ACCESS_LOG_TABLE + " WHERE id < max("
                    + "coalesce((SELECT id FROM " + ACCESS_LOG_TABLE + " WHERE at_us >= ? ORDER BY id LIMIT 1),"
                    + " (SELECT max(id) + 1 FROM " + ACCESS_LOG_TABLE + ")),"
                    + " (SELECT max(id) FROM " + ACCESS_LOG_TABLE + ") - ? + 1)");
            delete.setLong(1, beforeMicros);
            delete.setLong(2, keep);
            return delete.executeUpdate();
        });
    }

    @Override
    public List<AccessRecord> accessLog(long sinceMicros, int limit) {
        return sql(() -> {
            if (!hasAccessLog()) {
                return List.of();
            }
            PreparedStatement select = prepare("SELECT at_us, operation, key, duration_us, process FROM (SELECT * FROM "
                    + ACCESS_LOG_TABLE + " WHERE at_us >= ? ORDER BY id DESC LIMIT ?) ORDER BY id");
            select.setLong(1, sinceMicros);
            select.setInt(2, limit);
            List<AccessRecord> records = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    records.add(new AccessRecord(result.getLong(1), result.getString(2), result.getString(3),
                            result.getLong(4), result.getString(5)));
                }
            }
            return records;
        });
    }

    private boolean hasAccessLog() throws SQLException {
        return accessLogReady || !queryStrings("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '"
                + ACCESS_LOG_TABLE + "'").isEmpty();
    }

    // ------------------------------------------------------------ rewriting the table

    @Override
    public void setTableAside(Generation newTable) {
        sql(() -> {
            execute("ALTER TABLE dict RENAME TO " + ASIDE_TABLE);
            execute(newTable.createStatement());
            possibleEncodings = 0;
            return null;
        });
    }

    @Override
    public List<Row> pageAside(long afterRowId, int limit) {
        return sql(() -> page(ASIDE_TABLE, afterRowId, limit, true));
    }

    @Override
    public void insertRow(long rowId, byte[] key, int keyEncoding, byte[] value) {
        sql(() -> {
            wroteKey(keyEncoding);
            PreparedStatement insert = prepare("INSERT INTO dict (rowid, key, value) VALUES (?, ?, ?)");
            insert.setLong(1, rowId);
            insert.setBytes(2, key);
            insert.setBytes(3, value);
            return insert.executeUpdate();
        });
    }

    @Override
    public void dropAside() {
        sql(() -> {
            execute("DROP TABLE " + ASIDE_TABLE);
            if (expiryTable()) {
                // The triggers went with the table set aside (a rename takes them along): the new table gets its own.
                createExpiryTriggers();
            }
            return null;
        });
    }

    // ------------------------------------------------------------ for the store itself

    /** The JDBC connection, for storage's own tests (they observe SQLite's work through it). */
    Connection jdbcConnection() {
        return connection;
    }

    /** Runs a statement that returns nothing, such as BEGIN, COMMIT or a PRAGMA; prepared once per connection. */
    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** The first column of every row of a query, as text. */
    List<String> queryStrings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    /** Every row of a query, each column as text. */
    List<String[]> queryRows(String sql, int columns) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Copies the database with SQLite's online backup API; the connection must be in a read transaction. */
    void backupTo(Path destination, Store.BackupProgress progress, int pagesPerStep, int busySleepMillis,
                  int busyRetries) throws SQLException {
        SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
        int rc = sqlite.getDatabase().backup("main", destination.toString(),
                (remaining, pageCount) -> progress.copied(pageCount - remaining, pageCount),
                busySleepMillis, busyRetries, pagesPerStep);
        if (rc != 0) {
            throw new io.github.vaults4j.VaultException("vault " + store.location() + ": backup failed: "
                    + SqliteErrors.describe(rc, destination));
        }
    }

    private static List<Row> rows(PreparedStatement select, boolean withValues) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getBytes(2), withValues ? result.getBytes(3) : null));
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        connection.close();
    }
}
