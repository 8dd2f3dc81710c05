package io.github.vaults4j.storage.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A vault's own busy timeout as the server's {@code lock_timeout} and {@code statement_timeout} (see
 * {@link PostgresPool#serverTimeout} and {@link PostgresPool#statementTimeout}), for a vault opened with another
 * busy timeout than its pool's: set for each transaction ({@link #SET_LOCAL}, which may go in one round trip with
 * the transaction's other first statements) or around a statement run outside one ({@link #SET_SESSION}).
 */
final class Timeouts {
    /** Sets both for the current transaction; {@link #bind} fills its parameters. */
    static final String SET_LOCAL = "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)";
    /** Sets both for the session, until reset. */
    static final String SET_SESSION = "SELECT set_config('lock_timeout', ?, false), set_config('statement_timeout', ?, false)";

    private final String lockTimeout;
    private final String statementTimeout;

    Timeouts(Duration busyTimeout) {
        this.lockTimeout = PostgresPool.serverTimeout(busyTimeout);
        this.statementTimeout = PostgresPool.statementTimeout(busyTimeout);
    }

    /** Binds the two timeouts from parameter {@code first} on; returns the next parameter's index. */
    int bind(PreparedStatement statement, int first) throws SQLException {
        statement.setString(first, lockTimeout);
        statement.setString(first + 1, statementTimeout);
        return first + 2;
    }
}
