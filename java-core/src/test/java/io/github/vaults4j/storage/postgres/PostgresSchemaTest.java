package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The DDL of schema.sql on the real server: idempotent, safe when two processes create a root at once. */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresSchemaTest {
    private static final int CREATORS = 4;

    private static Connection connect(PostgresAddress root) throws SQLException {
        return DriverManager.getConnection(root.jdbcUrl(), root.jdbcProperties());
    }

    @Test
    void theShippedDdlHasOnePsqlVariableWhichTheQuotedSchemaReplaces(PostgresCluster cluster) {
        assertTrue(PostgresSchema.template().contains(PostgresSchema.SCHEMA_VARIABLE));
        String ddl = PostgresSchema.ddl(PostgresAddress.parse(cluster.url() + "?schema=a%22b"));
        assertFalse(ddl.contains(PostgresSchema.SCHEMA_VARIABLE));
        assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS \"a\"\"b\".entry"));
    }

    @Test
    void creatingTwiceAndFromSeveralConnectionsAtOnceSucceeds(PostgresCluster cluster) throws Exception {
        PostgresAddress root = PostgresAddress.parse(cluster.url() + "?schema=created_at_once_" + System.nanoTime());
        CyclicBarrier start = new CyclicBarrier(CREATORS);
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < CREATORS; i++) {
                done.add(creators.submit(() -> {
                    try (Connection connection = connect(root)) {
                        start.await(1, TimeUnit.MINUTES);
                        PostgresSchema.create(connection, root);
                    }
                    return null;
                }));
            }
            for (Future<Void> creator : done) {
                creator.get(2, TimeUnit.MINUTES);
            }
        } finally {
            creators.shutdownNow();
        }
        try (Connection connection = connect(root)) {
            PostgresSchema.create(connection, root);
            assertTrue(PostgresSchema.exists(connection, root));
            assertTrue(connection.getAutoCommit(), "create leaves auto-commit as it found it");
        }
    }

    @Test
    void aRoleWithoutCreateRightsOpensARootThatADbaMadeAhead(PostgresCluster cluster) throws SQLException {
        String schema = "made_ahead_" + System.nanoTime();
        String role = "limited_" + System.nanoTime();
        PostgresAddress owner = PostgresAddress.parse(cluster.url() + "?schema=" + schema);
        try (Connection admin = cluster.connectAsSuperuser(PostgresCluster.DATABASE);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'limited-password'");
            statement.execute("REVOKE CREATE ON DATABASE " + PostgresCluster.DATABASE + " FROM PUBLIC");
        }
        PostgresAddress limited = PostgresAddress.parse(cluster.url(role, "limited-password", PostgresCluster.DATABASE)
                + "?schema=" + schema);
        try (Connection connection = connect(limited)) {
            SQLException refused = assertThrows(SQLException.class, () -> PostgresSchema.create(connection, limited));
            assertEquals("42501", refused.getSQLState(), "insufficient_privilege: this role may not create a schema");
        }
        try (Connection connection = connect(owner); Statement statement = connection.createStatement()) {
            PostgresSchema.create(connection, owner);
            statement.execute("GRANT USAGE ON SCHEMA " + owner.quotedSchema() + " TO " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + owner.quotedSchema()
                    + " TO " + role);
            statement.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA " + owner.quotedSchema() + " TO " + role);
        }
        try (Connection connection = connect(limited)) {
            PostgresSchema.create(connection, limited);
            assertTrue(PostgresSchema.exists(connection, limited));
        }
    }

    @Test
    void aRootMadeBeforeTheAccessLogOpensAsBeforeAndGainsItsTableOnTheFirstFlush(PostgresCluster cluster)
            throws Exception {
        String url = cluster.url() + "?schema=before_access_log_" + System.nanoTime();
        PostgresAddress root = PostgresAddress.parse(url);
        try (Connection connection = connect(root)) {
            PostgresSchema.create(connection, root);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + root.quotedSchema() + ".access_log");
            }
        }
        io.github.vaults4j.VaultOptions logged = io.github.vaults4j.VaultOptions.builder()
                .accessLog(io.github.vaults4j.AccessLogOptions.defaults()).build();
        try (io.github.vaults4j.Vaults vaults = io.github.vaults4j.Vaults.at(url)) {
            try (io.github.vaults4j.Vault vault = vaults.open("old", logged)) {
                vault.put("a", 1L);
                try (Connection connection = connect(root)) {
                    assertFalse(PostgresSchema.hasAccessLog(connection, root), "opening ran no DDL");
                }
            }
            try (io.github.vaults4j.Vault vault = vaults.open("old")) {
                assertEquals(1, vault.accessLog(java.time.Instant.EPOCH, 10).size(), "closing flushed into a new table");
            }
        }
    }
}
