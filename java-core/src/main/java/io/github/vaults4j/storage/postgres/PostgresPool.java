package io.github.vaults4j.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.vaults4j.VaultException;
import java.time.Duration;

/**
 * Makes the HikariCP pool of a PostgreSQL root. The caller owns the pool and closes it; the stores opened on it
 * only borrow connections. The pool's name, which HikariCP logs, is the address without its password.
 */
public final class PostgresPool {
    /** Connections per root unless asked otherwise: as many as a small application's threads that write. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    /** How long a caller waits for a free connection, and the first connection waits for the server. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a write waits for another writer of its vault before it throws {@link io.github.vaults4j.VaultBusyException}:
     * 5 s, the default of a vault file (Python's {@code sqlite3.connect} waits as long).
     */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** How many busy timeouts one statement may run: longer than a lock wait, so lock waits end as such. */
    static final int STATEMENT_TIMEOUT_FACTOR = 2;
    private static final String POOL_NAME_PREFIX = "vaults4j ";

    private PostgresPool() {
    }

    /**
     * A pool of connections to the root's database, opened with one connection made at once so that a wrong
     * address or password fails here, with the address (without password) in the message.
     *
     * <p>The busy timeout becomes the server's {@code lock_timeout} on every connection of the pool, and twice it
     * its {@code statement_timeout}: a wait for a vault's lock (or any other lock) that lasts longer than the busy
     * timeout fails with SQLSTATE 55P03, a statement that runs longer than twice it (one stuck behind a server
     * under load) with 57014; the store reports
     * both as {@link io.github.vaults4j.VaultBusyException}. A vault opened with another busy timeout sets its own
     * for its transactions ({@link PostgresStore}).
     *
     * @throws io.github.vaults4j.MissingDependencyException when the driver or HikariCP is not on the class path
     */
    public static HikariDataSource open(PostgresAddress root, int maxConnections, Duration connectionTimeout,
            Duration busyTimeout) {
        PostgresDependencies.require();
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME_PREFIX + root);
        config.setJdbcUrl(root.jdbcUrl());
        config.setDataSourceProperties(root.jdbcProperties());
        // Sent in the start-up packet: no statement per connection or per transaction.
        config.addDataSourceProperty("options", "-c lock_timeout=" + serverTimeout(busyTimeout)
                + " -c statement_timeout=" + statementTimeout(busyTimeout));
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new VaultException("cannot connect to " + root + " (password from " + root.passwordSource()
                    + "): " + cause.getMessage(), e);
        }
    }

    /**
     * A busy timeout as the server's timeouts take it, in milliseconds: at least 1, since 0 there means "wait
     * forever" where a vault's 0 means "do not wait".
     */
    static String serverTimeout(Duration busyTimeout) {
        return String.valueOf(Math.max(1, busyTimeout.toMillis()));
    }

    /**
     * The statement timeout that goes with a busy timeout: {@value #STATEMENT_TIMEOUT_FACTOR} times it, so that a
     * statement waiting for a lock ends by the lock timeout (55P03) and only one slow for other reasons by this.
     */
    static String statementTimeout(Duration busyTimeout) {
        return String.valueOf(Math.max(1, busyTimeout.toMillis() * STATEMENT_TIMEOUT_FACTOR));
    }

    /** {@link #open(PostgresAddress, int, Duration, Duration)} with the defaults. */
    public static HikariDataSource open(PostgresAddress root) {
        return open(root, DEFAULT_MAX_CONNECTIONS, DEFAULT_CONNECTION_TIMEOUT, DEFAULT_BUSY_TIMEOUT);
    }
}
