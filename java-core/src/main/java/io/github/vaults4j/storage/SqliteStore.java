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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Owns the SQLite connections to one vault file: a small pool, so that threads read in parallel, and the
 * transaction boundaries. A write runs in {@code BEGIN IMMEDIATE}, which takes the file's write lock before
 * reading, so a read-modify-write never loses an update to another connection or process, and the busy
 * timeout governs every wait for a lock.
 *
 * <p>A transaction is bound to the thread that runs it: store calls made by that thread while it lasts join
 * it instead of borrowing another connection (which would wait for the lock the transaction holds).
 */
public final class SqliteStore implements AutoCloseable {
    private final Path file;
    private final VaultOptions options;
    private final SQLiteDataSource dataSource;
    private final BlockingQueue<StoreConnection> idle;
    private final Semaphore permits;
    private final ThreadLocal<StoreConnection> transactionOfThread = new ThreadLocal<>();
    private final Generation generation;
    private final ReadCache cache;
    private volatile boolean closed;

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(StoreConnection connection) throws SQLException;
    }

    private SqliteStore(Path file, VaultOptions options) {
        this.file = file;
        this.options = options;
        // An exclusive lock is held by one connection: a second one would wait for it forever.
        int connections = options.exclusive() ? 1 : options.maxConnections();
        this.idle = new ArrayBlockingQueue<>(connections);
        this.permits = new Semaphore(connections, true);
        this.dataSource = new SQLiteDataSource(configFor(options));
        this.dataSource.setUrl("jdbc:sqlite:" + file);
        this.cache = options.readCacheSize() > 0 ? new ReadCache(options.readCacheSize()) : null;
        this.generation = read(connection -> prepareSchema(connection));
        if (options.exclusive() && !options.readOnly()) {
            // In exclusive locking mode SQLite keeps the strongest lock a connection has taken; taking the write
            // lock now makes the vault exclusive from the start, not from its first write.
            transaction(connection -> null);
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
     * @throws VaultNotFoundException when the file is missing and may not be created
     * @throws VaultException         when the file is not SQLite, or is SQLite without a vault table
     */
    public static SqliteStore open(Path file, VaultOptions options) {
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
        return new SqliteStore(absolute, options);
    }

    private Generation prepareSchema(StoreConnection connection) throws SQLException {
        String create = connection.queryString("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'dict'");
        if (create == null) {
            String tables = connection.queryString("SELECT count(*) FROM sqlite_master");
            if (!"0".equals(tables)) {
                throw new VaultException("vault " + file + ": a SQLite database, but not a vault (it has no table 'dict')");
            }
            if (options.readOnly()) {
                throw new VaultException("vault " + file + ": an empty SQLite database, opened read-only (no table 'dict')");
            }
            Generation fresh = options.format() == Format.LEGACY ? Generation.GEN1 : Generation.GEN2;
            connection.execute(fresh.createStatement());
            return fresh;
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet info = connection.jdbc().createStatement().executeQuery("PRAGMA table_info(dict)")) {
            while (info.next()) {
                columns.add(info.getString("name"));
            }
        }
        if (!columns.contains("key") || !columns.contains("value")) {
            throw new VaultException("vault " + file + ": table 'dict' has columns " + columns + ", not (key, value)");
        }
        return Generation.ofCreateStatement(create);
    }

    public Path file() {
        return file;
    }

    public VaultOptions options() {
        return options;
    }

    /** The table layout found (or created) when the store was opened. */
    public Generation generation() {
        return generation;
    }

    /**
     * Runs read-only work in autocommit mode: each statement sees the file as it is then. Joins the calling
     * thread's transaction when there is one.
     */
    public <T> T read(Work<T> work) {
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

    /** Whether {@link #lookup} answers from a read cache. */
    public boolean cachesReads() {
        return cache != null;
    }

    /**
     * Runs a key lookup, through the read cache when the options ask for one. Inside a transaction the cache is
     * bypassed: the transaction may have changed rows the cache holds, and what it reads may yet be rolled back.
     *
     * @param candidates the key's candidate cells, which identify the lookup
     * @param find       the lookup itself: the row found, or {@code null}
     */
    public Row lookup(List<byte[]> candidates, Work<Row> find) {
        if (cache == null || inTransaction()) {
            return read(find);
        }
        StoreConnection connection = borrow();
        try {
            long startedAt = call(connection, cache::begin);
            Optional<Row> cached = cache.get(candidates);
            if (cached != null) {
                return cached.orElse(null);
            }
            Row row = call(connection, find);
            cache.fill(startedAt, candidates, row);
            return row;
        } finally {
            giveBack(connection);
        }
    }

    /**
     * Runs work in one {@code BEGIN IMMEDIATE} transaction: all of it is written, or none of it. Nested calls
     * from the same thread join the outer transaction.
     */
    public <T> T transaction(Work<T> work) {
        return inTransaction("BEGIN IMMEDIATE", work);
    }

    /**
     * Runs read-only work in one read transaction, so that all its statements see the same state of the
     * file (and the file's lock is taken once, not once a statement).
     */
    public <T> T snapshot(Work<T> work) {
        return inTransaction("BEGIN", work);
    }

    private <T> T inTransaction(String begin, Work<T> work) {
        StoreConnection bound = transactionOfThread.get();
        if (bound != null) {
            return call(bound, work);
        }
        StoreConnection connection = borrow();
        transactionOfThread.set(connection);
        boolean committed = false;
        try {
            call(connection, c -> {
                c.execute(begin);
                return null;
            });
            T result = call(connection, work);
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
            }
            if (cache != null) {
                // After the commit (or rollback), so that no lookup started before it can fill the cache.
                cache.invalidate();
            }
            giveBack(connection);
        }
    }

    /** Whether the calling thread is inside {@link #transaction}. */
    public boolean inTransaction() {
        return transactionOfThread.get() != null;
    }

    private static void rollbackQuietly(StoreConnection connection) {
        try {
            connection.execute("ROLLBACK");
        } catch (SQLException alreadyEnded) {
            // BEGIN failed, or SQLite rolled back by itself: nothing is left open.
        }
    }

    private <T> T call(StoreConnection connection, Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Turns a SQLite error into the {@link VaultException} that says what happened to which file. */
    public VaultException translate(SQLException e) {
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
            return new StoreConnection(dataSource.getConnection());
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
