package io.github.vaults4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test server is real: a PostgreSQL cluster on loopback that checks passwords. */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresClusterTest {

    @Test
    void theTestRoleConnectsWithItsPasswordAndIsNoSuperuser(PostgresCluster cluster) throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT current_user, current_database(), current_setting('is_superuser'),"
                             + " current_setting('server_version_num')::int")) {
            assertTrue(result.next());
            assertEquals(PostgresCluster.USER, result.getString(1));
            assertEquals(PostgresCluster.DATABASE, result.getString(2));
            assertEquals("off", result.getString(3));
            assertTrue(result.getInt(4) >= 150000, "server version " + result.getInt(4));
        }
    }

    @Test
    void aWrongPasswordIsRefused(PostgresCluster cluster) {
        Properties properties = cluster.properties();
        properties.setProperty("password", "not-" + PostgresCluster.PASSWORD);
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(cluster.jdbcUrl(), properties).close());
        // 28P01: invalid_password, the server's answer to a wrong password under scram-sha-256.
        assertEquals("28P01", refused.getSQLState());
    }

    @Test
    void aClusterWhoseJvmDiedIsStoppedAndDeletedByTheNextStart(PostgresCluster shared) throws Exception {
        PostgresCluster orphan = PostgresCluster.start();
        Path folder = orphan.folder();
        try {
            // A process that has finished stands for a JVM killed before its shutdown hook ran.
            Process finished = new ProcessBuilder("true").start();
            assertTrue(finished.waitFor(1, TimeUnit.MINUTES));
            Files.writeString(folder.resolve("owner.pid"), String.valueOf(finished.pid()));
            PostgresCluster next = PostgresCluster.start();
            next.stop();
            assertFalse(Files.exists(folder), "the orphan's folder is deleted");
            assertThrows(SQLException.class, () -> orphan.connect().close(), "the orphan's server is stopped");
            assertTrue(shared.connect().isValid(5), "a cluster whose JVM is alive is left alone");
        } finally {
            orphan.stop();
        }
    }

    @Test
    void everyTestSharesOneClusterOnLoopback(PostgresCluster cluster) {
        assertTrue(cluster == PostgresCluster.shared());
        assertTrue(cluster.url().startsWith("postgresql://" + PostgresCluster.USER + ":"));
        assertTrue(cluster.url().contains("@127.0.0.1:" + cluster.port() + "/"));
        assertFalse(cluster.serverLog().isEmpty(), "the server writes its log in the cluster folder");
    }
}
