package io.github.vaults4j.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import java.sql.Connection;
import java.time.Clock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The vaults of one PostgreSQL root (a schema of a database) and the pool they share. The root owns its pool:
 * opening the root opens it (so a wrong address or password fails at once), closing the root closes it, and the
 * stores opened here only borrow connections.
 */
public final class PostgresRoot implements AutoCloseable {
    private final PostgresAddress address;
    private final HikariDataSource pool;

    private PostgresRoot(PostgresAddress address, HikariDataSource pool) {
        this.address = address;
        this.pool = pool;
    }

    /**
     * Opens the root's pool with {@link PostgresPool}'s defaults.
     *
     * @throws io.github.vaults4j.MissingDependencyException when the driver or HikariCP is missing
     * @throws VaultException when the server cannot be reached or refuses the login
     */
    public static PostgresRoot open(PostgresAddress address) {
        return new PostgresRoot(address, PostgresPool.open(address));
    }

    /** The root's address (its {@code toString()} has no password). */
    public PostgresAddress address() {
        return address;
    }

    /** Opens a vault of the root, creating it (and the root's tables) when {@code create} allows. */
    public PostgresStore open(String vault, boolean create) {
        return open(vault, create, PostgresPool.DEFAULT_BUSY_TIMEOUT, VaultOptions.DEFAULT_CLOCK);
    }

    /**
     * As {@link #open(String, boolean)}, with the vault's own busy timeout (the pool's, {@link
     * PostgresPool#DEFAULT_BUSY_TIMEOUT}, costs nothing; another is set for each of the vault's transactions) and
     * the clock that decides which entries have expired.
     */
    public PostgresStore open(String vault, boolean create, Duration busyTimeout, Clock clock) {
        return PostgresStore.open(pool, address, vault, create,
                busyTimeout.equals(PostgresPool.DEFAULT_BUSY_TIMEOUT) ? null : busyTimeout, clock);
    }

    /** The names of the root's vaults, sorted; empty when the root's tables do not exist yet. */
    public List<String> names() {
        try (Connection connection = pool.getConnection()) {
            if (!PostgresSchema.exists(connection, address)) {
                return List.of();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT name FROM " + address.quotedSchema() + ".vault ORDER BY name COLLATE \"C\"");
                    ResultSet result = statement.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (result.next()) {
                    names.add(result.getString(1));
                }
                return names;
            }
        } catch (SQLException e) {
            throw PostgresStore.failure(address.toString(), "list vaults", e);
        }
    }

    /**
     * Deletes a vault and its rows (one statement: the rows go with the vault's row).
     *
     * @return whether the vault existed
     */
    public boolean delete(String vault) {
        try (Connection connection = pool.getConnection()) {
            if (!PostgresSchema.exists(connection, address)) {
                return false;
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM " + address.quotedSchema() + ".vault WHERE name = ?")) {
                statement.setString(1, vault);
                return statement.executeUpdate() > 0;
            }
        } catch (SQLException e) {
            throw PostgresStore.failure(PostgresStore.location(address, vault), "delete vault", e);
        }
    }

    /** A server's facts for a health report: its version, measured with one round trip. */
    public record Probe(String serverVersion, long roundTripNanos) {
    }

    /**
     * Asks the server for its version, timing the round trip of the second asking: the first also pays for making
     * the pool's connection ready (validation, parsing), which is not what a round trip is.
     */
    public Probe probe() {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT current_setting('server_version')")) {
            String version = serverVersion(statement);
            long start = System.nanoTime();
            serverVersion(statement);
            return new Probe(version, System.nanoTime() - start);
        } catch (SQLException e) {
            throw PostgresStore.failure(address.toString(), "health probe", e);
        }
    }

    private static String serverVersion(PreparedStatement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getString(1);
        }
    }

    /** Closes the pool; stores opened on it fail afterwards. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
