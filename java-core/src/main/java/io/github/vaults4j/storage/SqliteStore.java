package io.github.vaults4j.storage;

import io.github.vaults4j.Format;
import io.github.vaults4j.Synchronous;
import io.github.vaults4j.VaultBusyException;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultIsDirectoryException;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.VaultReadOnlyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The {@link Store} of a Fuse vault file: the SQLite connections to one file, a small pool so that threads read
 * in parallel, and the transaction boundaries. A write transaction runs in {@code BEGIN IMMEDIATE}, which takes
 * the file's write lock before reading, so a read-modify-write never loses an update to another connection or
 * process, and the busy timeout governs every wait for a lock.
 *
 * <p>A transaction is bound to the thread that runs it: store calls made by that thread while it lasts join
 * it instead of borrowing another connection (which would wait for the lock the transaction holds).
 */
public final class SqliteStore implements Store {
    /** Pages copied per step of an online backup; between steps the source is free for writers. */
    private static final int BACKUP_PAGES_PER_STEP = 256;
    private static final int BACKUP_BUSY_SLEEP_MILLIS = 100;
    private static final int BACKUP_BUSY_RETRIES = 50;

    private final Path file;
    private final VaultOptions options;
    private final List<KeyRange> keyRanges;
    private final SQLiteDataSource dataSource;
    private final BlockingQueue<StoreConnection> idle;
    private final Semaphore permits;
    private final ThreadLocal<StoreConnection> transactionOfThread = new ThreadLocal<>();
    /** A mention of the table {@code dict} in a schema object's SQL, quoted or not. */
    private static final Pattern READS_TABLE = Pattern.compile("(?i)(?<![\\w\"`\\[])[\"`\\[]?dict[\"`\\]]?(?![\\w])");
    private final TableFacts table;
    private final ReadCache cache;
    private volatile boolean closed;
    /** Whether the file has its expiry side table; it is never dropped, so once true it stays true. */
    private volatile boolean expiryTableSeen;

    /** Work on the JDBC connection itself, inside the store. */
    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(StoreConnection connection) throws SQLException;
    }

    private SqliteStore(Path file, VaultOptions options, List<KeyRange> keyRanges) {
        this.file = file;
        this.options = options;
        this.keyRanges = List.copyOf(keyRanges);
        // An exclusive lock is held by one connection: a second one would wait for it forever.
        int connections = options.exclusive() ? 1 : options.maxConnections();
        this.idle = new ArrayBlockingQueue<>(connections);
        this.permits = new Semaphore(connections, true);
        this.dataSource = new SQLiteDataSource(configFor(options));
        this.dataSource.setUrl("jdbc:sqlite:" + file);
        this.cache = options.readCacheSize() > 0 ? new ReadCache(options.readCacheSize()) : null;
        this.table = onConnection(this::prepareSchema);
        if (options.exclusive() && !options.readOnly()) {
            // In exclusive locking mode SQLite keeps the strongest lock a connection has taken; taking the write
            // lock now makes the vault exclusive from the start, not from its first write.
            writeTransaction(session -> null);
        }
    }

    /** The pragmas every connection of the pool starts with, from the options. */
    private static SQLiteConfig configFor(VaultOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.setReadOnly(options.readOnly());
        if (options.wal() && !options.readOnly()) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        config.setSynchronous(options.synchronous() == Synchronous.NORMAL
                ? SQLiteConfig.SynchronousMode.NORMAL : SQLiteConfig.SynchronousMode.FULL);
        if (options.exclusive()) {
            config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        }
        return config;
    }

    /**
     * Opens (and, when the options allow, creates) a vault file and checks that it holds a vault table.
     *
     * @param keyRanges the key encodings whose presence the store tracks; an index in the list is a tag
     *
     * @throws VaultNotFoundException when the file is missing and may not be created
     * @throws VaultException         when the file is not SQLite, or is SQLite without a vault table
     */
    public static SqliteStore open(Path file, VaultOptions options, List<KeyRange> keyRanges) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new VaultIsDirectoryException(absolute);
        }
        if (!Files.exists(absolute)) {
            if (!options.create() || options.readOnly()) {
                throw new VaultNotFoundException("vault " + absolute + " does not exist");
            }
            try {
                Path folder = absolute.getParent();
                if (folder != null) {
                    Files.createDirectories(folder);
                }
            } catch (IOException e) {
                throw new VaultReadOnlyException("vault " + absolute + ": cannot create its folder: " + e, e);
            }
        }
        return new SqliteStore(absolute, options, keyRanges);
    }

    /** What the schema holds, read in one statement: a file that others write keeps its lock for short. */
    private static final String SCHEMA = "SELECT 'table', sql FROM sqlite_master WHERE type = 'table' AND name = 'dict'"
            + " UNION ALL SELECT 'other', name FROM sqlite_master WHERE NOT (type = 'table' AND name = 'dict')"
            + " UNION ALL SELECT 'column', name FROM pragma_table_info('dict')";
    /** Every schema object but the table itself, to find those on the table or reading it. */
    private static final String OTHER_OBJECTS =
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'dict' ORDER BY type, name";

    private TableFacts prepareSchema(StoreConnection connection) throws SQLException {
        Map<String, List<String>> schema = new HashMap<>();
        for (String[] row : connection.queryRows(SCHEMA, 2)) {
            schema.computeIfAbsent(row[0], kind -> new ArrayList<>()).add(row[1]);
        }
        List<String> create = schema.getOrDefault("table", List.of());
        if (create.isEmpty()) {
            if (schema.containsKey("other")) {
                throw new VaultException("vault " + file + ": a SQLite database, but not a vault (it has no table 'dict')");
            }
            if (options.readOnly()) {
                throw new VaultException("vault " + file + ": an empty SQLite database, opened read-only (no table 'dict')");
            }
            Generation fresh = options.format() == Format.LEGACY ? Generation.GEN1 : Generation.GEN2;
            connection.execute(fresh.createStatement());
            return new TableFacts(fresh, fresh.createStatement(), TableFacts.VAULT_COLUMNS, List.of());
        }
        List<String> columns = schema.getOrDefault("column", List.of());
        if (!columns.containsAll(TableFacts.VAULT_COLUMNS)) {
            throw new VaultException("vault " + file + ": table 'dict' has columns " + columns + ", not (key, value)");
        }
        if (schema.getOrDefault("other", List.of()).contains(StoreConnection.EXPIRY_TABLE)) {
            expiryTableSeen = true;
        }
        List<TableFacts.SchemaObject> dependents = new ArrayList<>();
        for (String[] object : connection.queryRows(OTHER_OBJECTS, 4)) {
            String sql = object[3];
            // The primary key's own index has no statement; every other object on or reading the table counts.
            boolean onTable = "dict".equalsIgnoreCase(object[2]);
            // vaults4j's own side objects (the expiry triggers) are made again by the store, not kept by a rebuild.
            boolean own = object[1].startsWith("vaults4j_");
            if (sql != null && !own && !"table".equals(object[0]) && (onTable || READS_TABLE.matcher(sql).find())) {
                dependents.add(new TableFacts.SchemaObject(object[0], object[1], sql));
            }
        }
        return new TableFacts(Generation.ofCreateStatement(create.get(0)), create.get(0), columns, dependents);
    }

    /** The vault file. */
    public Path file() {
        return file;
    }

    /** A pragma's value as this store's connections see it, such as {@code journal_mode} or {@code synchronous}. */
    public String pragma(String name) {
        return onConnection(connection -> {
            List<String> values = connection.queryStrings("PRAGMA " + name);
            return values.isEmpty() ? null : values.get(0);
        });
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public TableFacts table() {
        return table;
    }

    @Override
    public <T> T read(Work<T> work) {
        return onConnection(connection -> work.run(connection));
    }

    @Override
    public <T> T write(Work<T> work) {
        try {
            return read(work);
        } finally {
            if (cache != null && !inTransaction()) {
                cache.invalidate();
            }
        }
    }

    private <T> T onConnection(ConnectionWork<T> work) {
        StoreConnection bound = transactionOfThread.get();
        if (bound != null) {
            return call(bound, work);
        }
        StoreConnection connection = borrow();
        try {
            return call(connection, work);
        } finally {
            giveBack(connection);
        }
    }

    boolean expiryTableSeen() {
        return expiryTableSeen;
    }

    void sawExpiryTable() {
        expiryTableSeen = true;
    }

    /** Now, by the options' clock, in milliseconds since the epoch: what expiry times are compared with. */
    long now() {
        return options.clock().millis();
    }

    @Override
    public boolean cachesReads() {
        return cache != null;
    }

    /**
     * Inside a transaction the cache is bypassed: the transaction may have changed rows the cache holds, and
     * what it reads may yet be rolled back.
     */
    @Override
    public Row lookup(KeyCells key, Work<Row> find) {
        if (cache == null || inTransaction() || expiryTableSeen) {
            // A cached row would outlive its expiry time: a vault with expiry times reads through.
            return read(find);
        }
        StoreConnection connection = borrow();
        try {
            long startedAt = call(connection, cache::begin);
            Optional<Row> cached = cache.get(key);
            if (cached != null) {
                return cached.orElse(null);
            }
            Row row = call(connection, find::run);
            cache.fill(startedAt, key, row);
            return row;
        } finally {
            giveBack(connection);
        }
    }

    @Override
    public <T> T writeTransaction(Work<T> work) {
        return inTransaction("BEGIN IMMEDIATE", work);
    }

    /** Takes the file's lock once, not once a statement. */
    @Override
    public <T> T readTransaction(Work<T> work) {
        return inTransaction("BEGIN", work);
    }

    /** Copies the file in a read transaction on a connection of this store (SQLite refuses a write transaction). */
    @Override
    public void backupTo(Path target, BackupProgress progress) {
        readTransaction(session -> onConnection(connection -> {
            connection.count(); // takes the shared lock now: the copy is of this state
            connection.backupTo(target, progress, BACKUP_PAGES_PER_STEP, BACKUP_BUSY_SLEEP_MILLIS, BACKUP_BUSY_RETRIES);
            return null;
        }));
    }

    private <T> T inTransaction(String begin, Work<T> work) {
        StoreConnection bound = transactionOfThread.get();
        if (bound != null) {
            return call(bound, work::run);
        }
        StoreConnection connection = borrow();
        transactionOfThread.set(connection);
        boolean committed = false;
        try {
            call(connection, c -> {
                c.execute(begin);
                return null;
            });
            T result = call(connection, work::run);
            call(connection, c -> {
                c.execute("COMMIT");
                return null;
            });
            committed = true;
            return result;
        } finally {
            transactionOfThread.remove();
            if (!committed) {
                rollbackQuietly(connection);
                // The rollback may have taken back an expiry table this transaction made: ask the file again.
                expiryTableSeen = expiryTableAfterRollback(connection);
            }
            if (cache != null) {
                // After the commit (or rollback), so that no lookup started before it can fill the cache.
                cache.invalidate();
            }
            giveBack(connection);
        }
    }

    @Override
    public boolean inTransaction() {
        return transactionOfThread.get() != null;
    }

    /** Whether the file has the expiry table, asked on a connection outside any transaction; when unsure, yes. */
    private static boolean expiryTableAfterRollback(StoreConnection connection) {
        try {
            return connection.expiryTableInFile();
        } catch (SQLException unsure) {
            return true; // filtering with a table that is there costs a little; missing one shows expired rows
        }
    }

    private static void rollbackQuietly(StoreConnection connection) {
        try {
            connection.execute("ROLLBACK");
        } catch (SQLException alreadyEnded) {
            // BEGIN failed, or SQLite rolled back by itself: nothing is left open.
        }
    }

    private <T> T call(StoreConnection connection, ConnectionWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Turns a SQLite error into the {@link VaultException} that says what happened to which file. */
    VaultException translate(SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException sqlite ? sqlite.getResultCode() : null;
        String message = "vault " + file + ": " + e.getMessage();
        if (code == null) {
            return new VaultException(message, e);
        }
        return switch (code) {
            case SQLITE_BUSY, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_LOCKED_SHAREDCACHE ->
                    new VaultBusyException(message + " (waited " + options.busyTimeout().toMillis() + " ms)", e);
            case SQLITE_READONLY, SQLITE_READONLY_RECOVERY, SQLITE_READONLY_CANTLOCK, SQLITE_READONLY_ROLLBACK,
                 SQLITE_READONLY_DBMOVED, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH ->
                    new VaultReadOnlyException(message, e);
            case SQLITE_NOTADB -> new VaultException("vault " + file + ": not a SQLite database", e);
            case SQLITE_FULL -> new VaultException("vault " + file + ": disk full while writing it; nothing was"
                    + " written", e);
            default -> new VaultException(message, e);
        };
    }

    private StoreConnection borrow() {
        ensureOpen();
        permits.acquireUninterruptibly();
        StoreConnection connection = idle.poll();
        if (connection != null) {
            return connection;
        }
        try {
            return new StoreConnection(dataSource.getConnection(), this, keyRanges);
        } catch (SQLException e) {
            permits.release();
            throw translate(e);
        }
    }

    private void giveBack(StoreConnection connection) {
        if (closed || !idle.offer(connection)) {
            closeQuietly(connection);
        }
        permits.release();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("vault " + file + " is closed");
        }
    }

    private static void closeQuietly(StoreConnection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing releases native memory; an error here leaves nothing to undo.
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Closes every idle connection; connections in use close when they are given back. */
    @Override
    public void close() {
        closed = true;
        StoreConnection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }
}
