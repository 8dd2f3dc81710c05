package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.storage.postgres.PostgresAddress.Environment;
import io.github.vaults4j.testing.PostgresCluster;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An address reaches the real server: awkward names survive both encodings, and a ~/.pgpass password logs in. */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresAddressConnectionTest {
    /** A database name with every character the two URL forms treat specially. */
    private static final String AWKWARD_DATABASE = "fuse db+ä/x%20?&";

    @BeforeAll
    static void createAwkwardDatabase(PostgresCluster cluster) throws SQLException {
        try (Connection admin = cluster.connectAsSuperuser("postgres"); Statement statement = admin.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                    + AWKWARD_DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE \"" + AWKWARD_DATABASE + "\" OWNER " + PostgresCluster.USER);
            }
        }
    }

    private static String databaseOf(PostgresAddress address) throws SQLException {
        try (Connection connection = DriverManager.getConnection(address.jdbcUrl(), address.jdbcProperties());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_database(), current_user,"
                     + " current_setting('application_name')")) {
            assertTrue(result.next());
            assertEquals(PostgresCluster.USER, result.getString(2));
            assertEquals(PostgresAddress.APPLICATION_NAME, result.getString(3));
            return result.getString(1);
        }
    }

    @Test
    void anAwkwardDatabaseNameReachesTheRightDatabase(PostgresCluster cluster) throws SQLException {
        String encoded = URLEncoder.encode(AWKWARD_DATABASE, StandardCharsets.UTF_8).replace("+", "%20");
        PostgresAddress address = PostgresAddress.parse(
                cluster.url(PostgresCluster.USER, PostgresCluster.PASSWORD, encoded));
        assertEquals(AWKWARD_DATABASE, address.database());
        assertEquals(AWKWARD_DATABASE, databaseOf(address));
        // The shown form, with the password supplied again, reaches the same database.
        PostgresAddress shown = PostgresAddress.parse(address.toString(),
                new Environment(Map.of("PGPASSWORD", PostgresCluster.PASSWORD), Path.of("/nonexistent"), "x"));
        assertEquals(AWKWARD_DATABASE, databaseOf(shown));
    }

    @Test
    void aPasswordFromThePasswordFileLogsIn(PostgresCluster cluster, @TempDir Path home)
            throws SQLException, IOException {
        Path passfile = home.resolve(".pgpass");
        Files.writeString(passfile, "# test cluster\n127.0.0.1:" + cluster.port() + ":*:" + PostgresCluster.USER + ":"
                + PostgresCluster.PASSWORD.replace(":", "\\:") + "\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        PostgresAddress address = PostgresAddress.parse("postgresql://" + PostgresCluster.USER + "@127.0.0.1:"
                + cluster.port() + "/" + PostgresCluster.DATABASE, new Environment(Map.of(), home, "x"));
        assertEquals(PostgresAddress.PasswordSource.PASSWORD_FILE, address.passwordSource());
        assertEquals(PostgresCluster.DATABASE, databaseOf(address));
    }
}
