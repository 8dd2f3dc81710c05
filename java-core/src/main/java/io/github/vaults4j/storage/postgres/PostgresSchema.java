package io.github.vaults4j.storage.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The table layout of a PostgreSQL root, as the DDL in {@value #RESOURCE}: the file a DBA reads and may run with
 * psql is the very text vaults4j runs. Its one variable is psql's {@value #SCHEMA_VARIABLE}, the quoted schema.
 *
 * <p>Creating is serialised by an advisory lock, because two processes that open a new root at once would
 * otherwise race in {@code CREATE TABLE IF NOT EXISTS} (which is not safe against a concurrent creator).
 */
public final class PostgresSchema {
    static final String RESOURCE = "schema.sql";
    static final String SCHEMA_VARIABLE = ":\"schema\"";
    /**
     * The first key of every advisory lock vaults4j takes ({@code pg_advisory_xact_lock(int, int)}), so that its
     * locks do not meet an application's one-key locks; the second key is a vault's {@code vault_id}.
     */
    public static final int LOCK_CLASS = 0x76347A01;
    /** The second key of the lock that creating the tables takes: no vault has id 0 (identities start at 1). */
    public static final int CREATE_LOCK = 0;

    private PostgresSchema() {
    }

    /** The DDL of a root whose schema is {@code address.schema()}, ready to run. */
    public static String ddl(PostgresAddress address) {
        return template().replace(SCHEMA_VARIABLE, address.quotedSchema());
    }

    /** The DDL as shipped, with psql's schema variable. */
    static String template() {
        try (InputStream in = PostgresSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the vaults4j jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the root's schema and tables where missing, in one transaction on this connection; leaves the
     * connection's auto-commit as it found it. Runs no DDL when the tables are there, so a role that a DBA gave
     * only the rights on the tables (no CREATE on the database) opens a root made ahead with psql.
     */
    public static void create(Connection connection, PostgresAddress address) throws SQLException {
        if (exists(connection, address)) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            runDdl(connection, address);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Makes sure the access log's table is there, within the caller's transaction: a root made before the log
     * existed lacks it, and opening a root never needs more rights than its first three tables did. Runs the
     * (idempotent) DDL only when the table is missing, under the creation lock.
     */
    static void requireAccessLog(Connection connection, PostgresAddress address) throws SQLException {
        if (hasAccessLog(connection, address)) {
            return;
        }
        runDdl(connection, address);
    }

    /**
     * Runs the (idempotent) DDL in the caller's transaction under the creation lock, which it holds until that
     * transaction ends.
     */
    private static void runDdl(Connection connection, PostgresAddress address) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, CREATE_LOCK);
            lock.execute();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl(address));
        }
    }

    /** Whether the root has the access log's table. */
    static boolean hasAccessLog(Connection connection, PostgresAddress address) throws SQLException {
        try (PreparedStatement probe = connection.prepareStatement("SELECT to_regclass(? || '.access_log') IS NOT NULL")) {
            probe.setString(1, address.quotedSchema());
            try (ResultSet result = probe.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /**
     * Whether every table of the root is there, as this version lays them out (the access log's aside: see
     * {@link #requireAccessLog}). A root made by an earlier version lacks {@code vault.key_encodings}; the DDL
     * then adds it, once, which needs the rights on the table that creating it did.
     */
    public static boolean exists(Connection connection, PostgresAddress address) throws SQLException {
        try (PreparedStatement probe = connection.prepareStatement(
                "SELECT to_regclass(? || '.vault') IS NOT NULL AND to_regclass(? || '.entry') IS NOT NULL"
                + " AND to_regclass(? || '.vault_attribute') IS NOT NULL AND to_regclass(? || '.entry_expiry') IS NOT NULL"
                + " AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(? || '.vault')"
                + " AND attname = 'key_encodings' AND NOT attisdropped)")) {
            for (int i = 1; i <= 5; i++) {
                probe.setString(i, address.quotedSchema());
            }
            try (ResultSet result = probe.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
