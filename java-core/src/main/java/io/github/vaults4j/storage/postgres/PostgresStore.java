package io.github.vaults4j.storage.postgres;

import io.github.vaults4j.VaultBusyException;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.VaultReadOnlyException;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.TableFacts;
import io.github.vaults4j.VaultOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * One vault of a PostgreSQL root: its rows in the root's {@code entry} table under its {@code vault_id}
 * (see {@code schema.sql}). Connections come from a pool that the caller owns and closes.
 *
 * <p>Writers of a vault serialise on {@code pg_advisory_xact_lock(LOCK_CLASS, vault_id)}, taken as a write
 * transaction's first statement and held until it commits: the semantics of {@code BEGIN IMMEDIATE} on a file,
 * without retries (work is never run twice) and covering absent keys and whole-vault work; and since row cursors
 * are drawn under the lock, a vault's rows commit in cursor order. Readers take no lock: a read transaction is one
 * REPEATABLE READ snapshot. A transaction is bound to the thread that runs it; store calls that thread makes while
 * it lasts join it.
 */
public final class PostgresStore implements Store {
    /** lock_not_available (lock_timeout), query_canceled (statement_timeout): a wait outlasted the busy timeout. */
    private static final Set<String> BUSY_STATES = Set.of("55P03", "57014");
    /** read_only_sql_transaction. */
    private static final String READ_ONLY_STATE = "25006";
    static final List<String> COLUMNS = List.of("key", "value");
    /** Between a root's address and a vault's name in a vault's location. */
    public static final String VAULT_SEPARATOR = "#";

    private final DataSource pool;
    private final PostgresAddress root;
    private final String vault;
    /** {@link #location(PostgresAddress, String)}, made once: every session and error message names it. */
    private final String location;
    private final int vaultId;
    private final TableFacts table;
    /** The vault's own lock and statement timeouts; null: the pool's connections' own. */
    private final Timeouts timeouts;
    /** Which key encodings the vault holds, as last seen: narrows look-ups outside write transactions. */
    private final EncodingHint encodingHint = new EncodingHint();
    private final ThreadLocal<PostgresSession> transactionOfThread = new ThreadLocal<>();
    private volatile boolean closed;

    private final Clock clock;

    private PostgresStore(DataSource pool, PostgresAddress root, String vault, int vaultId, Duration busyTimeout,
                          Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.timeouts = busyTimeout == null ? null : new Timeouts(busyTimeout);
        this.root = root;
        this.vault = vault;
        this.location = location(root, vault);
        this.vaultId = vaultId;
        this.table = new TableFacts(Generation.GEN2, PostgresSchema.ddl(root), COLUMNS, List.of());
    }

    /**
     * Opens a vault of the root, creating the root's tables when missing and, when {@code create}, the vault.
     *
     * @throws VaultNotFoundException when the vault does not exist and {@code create} is false
     */
    public static PostgresStore open(DataSource pool, PostgresAddress root, String vault, boolean create) {
        return open(pool, root, vault, create, null, VaultOptions.DEFAULT_CLOCK);
    }

    /** As {@link #open(DataSource, PostgresAddress, String, boolean, Duration, Clock)}, with the system clock. */
    public static PostgresStore open(DataSource pool, PostgresAddress root, String vault, boolean create,
            Duration busyTimeout) {
        return open(pool, root, vault, create, busyTimeout, VaultOptions.DEFAULT_CLOCK);
    }

    /**
     * As {@link #open(DataSource, PostgresAddress, String, boolean)}, with the vault's own busy timeout, or null for
     * the pool's: the server's {@code lock_timeout} (and twice it its {@code statement_timeout}) for this vault's work, set with
     * {@code set_config(..., true)} (as {@code SET LOCAL}) at the start of each transaction, and around each
     * statement run outside one (then reset to the connection's own); and the clock that decides which entries
     * have expired.
     */
    public static PostgresStore open(DataSource pool, PostgresAddress root, String vault, boolean create,
            Duration busyTimeout, Clock clock) {
        String location = location(root, vault);
        try (Connection connection = pool.getConnection()) {
            PostgresSchema.create(connection, root);
            Integer id = vaultId(connection, root, vault, create);
            if (id == null) {
                throw new VaultNotFoundException("vault does not exist: " + location);
            }
            return new PostgresStore(pool, root, vault, id, busyTimeout, clock);
        } catch (SQLException e) {
            throw failure(location, "open", e);
        }
    }

    private static Integer vaultId(Connection connection, PostgresAddress root, String vault, boolean create)
            throws SQLException {
        // ON CONFLICT ... DO UPDATE so that RETURNING gives the id whether this call or another made the row.
        String sql = create
                ? "INSERT INTO " + root.quotedSchema() + ".vault (name) VALUES (?)"
                        + " ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING vault_id"
                : "SELECT vault_id FROM " + root.quotedSchema() + ".vault WHERE name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, vault);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getInt(1) : null;
            }
        }
    }

    /** The vault's address for messages: the root without its password, then {@code #} and the vault's name. */
    public static String location(PostgresAddress root, String vault) {
        return root + VAULT_SEPARATOR + vault;
    }

    @Override
    public String location() {
        return location;
    }

    /** The vault's name in its root. */
    public String vault() {
        return vault;
    }

    @Override
    public TableFacts table() {
        return table;
    }

    @Override
    public <T> T read(Work<T> work) {
        return run(SessionMode.STATEMENTS, work);
    }

    @Override
    public <T> T write(Work<T> work) {
        // Even one statement takes the vault's lock: its row cursor is then drawn and committed in order.
        return run(SessionMode.WRITE_STATEMENTS, work);
    }

    @Override
    public <T> T readTransaction(Work<T> work) {
        return run(SessionMode.READ, work);
    }

    @Override
    public <T> T writeTransaction(Work<T> work) {
        return run(SessionMode.WRITE, work);
    }

    /** Rows a streamed scan fetches per round trip: Fuse-sized rows make a few hundred kilobytes. */
    public static final int DEFAULT_FETCH_SIZE = 500;

    /**
     * Passes every row of the vault, in cursor order, to {@code sink}, from one snapshot and through a server-side
     * cursor ({@value #DEFAULT_FETCH_SIZE} rows a round trip), so memory stays flat in the vault's size: the
     * whole-vault read that copying a vault needs. Joins the calling thread's transaction when there is one.
     *
     * @return how many rows were passed on
     */
    public long forEachRow(boolean withValues, java.util.function.Consumer<Row> sink) {
        return readTransaction(session -> ((PostgresSession) session).forEachRow(withValues, DEFAULT_FETCH_SIZE,
                sink::accept));
    }

    @Override
    public boolean inTransaction() {
        return transactionOfThread.get() != null;
    }

    @Override
    public boolean cachesReads() {
        return false;
    }

    @Override
    public Row lookup(KeyCells key, Work<Row> find) {
        return read(find);
    }

    @Override
    public void backupTo(Path target, BackupProgress progress) {
        throw new VaultException("cannot back up " + location() + " to the file " + target
                + ": a PostgreSQL vault is copied to a file with bin/vaults copy (VaultTools.copy), or backed up with pg_dump");
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private <T> T run(SessionMode mode, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("store is closed: " + location());
        }
        PostgresSession joined = transactionOfThread.get();
        if (joined != null) {
            if (mode.writes() && joined.readOnly()) {
                throw new VaultReadOnlyException("cannot write inside a read transaction: " + location());
            }
            return work.run(joined);
        }
        try (Connection connection = pool.getConnection()) {
            PostgresSession session = new PostgresSession(connection, root, vaultId, location(), mode, timeouts, clock,
                    encodingHint);
            if (mode == SessionMode.WRITE_STATEMENTS) {
                return runWrites(connection, session, work);
            }
            if (mode == SessionMode.STATEMENTS) {
                connection.setAutoCommit(true);
                if (timeouts == null) {
                    return work.run(session);
                }
                setTimeouts(connection);
                T result;
                try {
                    result = work.run(session);
                } catch (RuntimeException | Error e) {
                    // The work's failure is the one to report (a broken connection fails both).
                    try {
                        resetTimeouts(connection);
                    } catch (SQLException reset) {
                        e.addSuppressed(reset);
                    }
                    throw e;
                }
                resetTimeouts(connection);
                return result;
            }
            connection.setAutoCommit(false);
            // Isolation is set per transaction by its first statement (sent with pgjdbc's BEGIN), never on the
            // connection: that would cost a round trip to set and another when the pool resets it.
            connection.setReadOnly(mode == SessionMode.READ);
            transactionOfThread.set(session);
            try {
                if (mode == SessionMode.WRITE) {
                    session.lockVault();
                } else {
                    beginSnapshot(connection);
                }
                T result = work.run(session);
                session.flush();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                transactionOfThread.remove();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(location(), mode.name().toLowerCase(java.util.Locale.ROOT), e);
        }
    }

    /**
     * Runs write work in auto-commit, each write carrying the vault's lock ({@link SessionMode#WRITE_STATEMENTS}); when
     * the session turned into a transaction on the way, commits it, or rolls it back on failure.
     */
    private static <T> T runWrites(Connection connection, PostgresSession session, Work<T> work) throws SQLException {
        connection.setAutoCommit(true);
        try {
            T result = work.run(session);
            if (session.inWriteTransaction()) {
                session.flush();
                connection.commit();
            }
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            if (session.inWriteTransaction()) {
                connection.rollback();
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** A read transaction's first statement: one snapshot for all its statements, and the vault's own timeouts. */
    private void beginSnapshot(Connection connection) throws SQLException {
        try (PreparedStatement begin = connection.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                + (timeouts == null ? "" : "; " + Timeouts.SET_LOCAL))) {
            if (timeouts != null) {
                timeouts.bind(begin, 1);
            }
            begin.execute();
        }
    }

    /** The vault's busy timeout as the server's lock and statement timeouts, for the session (auto-commit work). */
    private void setTimeouts(Connection connection) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement(Timeouts.SET_SESSION)) {
            timeouts.bind(set, 1);
            set.execute();
        }
    }

    /** Back to the connection's own timeouts (its start-up options), before it goes back to the pool. */
    private static void resetTimeouts(Connection connection) throws SQLException {
        try (Statement reset = connection.createStatement()) {
            reset.execute("RESET lock_timeout; RESET statement_timeout");
        }
    }

    /** A driver failure as a {@link VaultException} of its kind, naming the vault (never the password). */
    static VaultException failure(String location, String operation, SQLException e) {
        // A failure of the pool (closed, no connection in time) has no SQLSTATE.
        String state = e.getSQLState();
        String message = operation + " failed on " + location + ": " + e.getMessage()
                + (state == null ? "" : " (SQLSTATE " + state + ")");
        if (state != null && BUSY_STATES.contains(state)) {
            return new VaultBusyException(message, e);
        }
        if (READ_ONLY_STATE.equals(state)) {
            return new VaultReadOnlyException(message, e);
        }
        return new VaultException(message, e);
    }
}
