package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultBusyException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A vault's busy timeout is its lock and statement timeout on the server: a lock another connection holds makes a
 * write (the vault's advisory lock) or a read (a table lock) fail with {@link VaultBusyException} once the vault's
 * own timeout has passed, whatever the pool's connections default to; afterwards the pooled connection is back to
 * its own settings. The pool here waits an hour, so a vault that did not set its own timeout would hang the test
 * until its {@link Timeout} fails it.
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresBusyTimeoutTest {
    private static final Duration PATIENT_POOL = Duration.ofHours(1);
    private static final Duration VAULT_TIMEOUT = Duration.ofMillis(300);
    private static final String POOL_LOCK_TIMEOUT = "1h";
    private static final String POOL_STATEMENT_TIMEOUT = "2h";

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aVaultsOwnTimeoutEndsAWaitForItsLockAndForATableLock(PostgresCluster cluster) throws Exception {
        PostgresAddress root = PostgresAddress.parse(cluster.url() + "?schema=busy_store");
        try (HikariDataSource pool = PostgresPool.open(root, 1, PostgresPool.DEFAULT_CONNECTION_TIMEOUT, PATIENT_POOL)) {
            PostgresStore store = PostgresStore.open(pool, root, "v", true, VAULT_TIMEOUT);
            try (Connection holder = cluster.connect()) {
                holder.setAutoCommit(false);
                holdVaultLock(holder, root, "v");
                VaultBusyException write = assertThrows(VaultBusyException.class,
                        () -> store.writeTransaction(s -> s.deleteAll()));
                assertTrue(write.getMessage().contains(store.location()) && write.getMessage().contains("55P03"),
                        write.getMessage());
                assertFalse(write.getMessage().contains(PostgresCluster.PASSWORD), write.getMessage());
                holder.rollback();

                try (Statement lock = holder.createStatement()) {
                    lock.execute("LOCK TABLE " + root.quotedSchema() + ".entry IN ACCESS EXCLUSIVE MODE");
                }
                VaultBusyException read = assertThrows(VaultBusyException.class, () -> store.read(s -> s.count()));
                assertTrue(read.getMessage().contains("55P03"), read.getMessage());
                holder.rollback();
            }
            assertEquals(0L, store.<Long>read(s -> s.count()), "free again once the holder is gone");
            try (Connection pooled = pool.getConnection()) {
                assertEquals(POOL_LOCK_TIMEOUT, setting(pooled, "lock_timeout"), "the vault's timeout did not stay");
                assertEquals(POOL_STATEMENT_TIMEOUT, setting(pooled, "statement_timeout"));
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aVaultOpenedWithABusyTimeoutThrowsVaultBusyWhileAnotherConnectionHoldsItsLock(PostgresCluster cluster)
            throws Exception {
        String url = cluster.url() + "?schema=busy_vault";
        PostgresAddress root = PostgresAddress.parse(url);
        try (Vaults vaults = Vaults.at(url);
             Vault vault = vaults.open("v", VaultOptions.builder().busyTimeout(VAULT_TIMEOUT).build());
             Connection holder = cluster.connect()) {
            vault.put("k", 1L);
            holder.setAutoCommit(false);
            holdVaultLock(holder, root, "v");
            VaultBusyException busy = assertThrows(VaultBusyException.class, () -> vault.put("k", 2L));
            assertTrue(busy.getMessage().contains(vault.location()), busy.getMessage());
            assertEquals(1L, vault.get("k"), "readers take no lock");
            holder.rollback();
            vault.put("k", 3L);
            assertEquals(3L, vault.get("k"));
        }
    }

    /** What a writer of the vault in another process holds for its transaction. */
    private static void holdVaultLock(Connection holder, PostgresAddress root, String vault) throws SQLException {
        int id;
        try (PreparedStatement find = holder.prepareStatement(
                "SELECT vault_id FROM " + root.quotedSchema() + ".vault WHERE name = ?")) {
            find.setString(1, vault);
            try (ResultSet result = find.executeQuery()) {
                assertTrue(result.next());
                id = result.getInt(1);
            }
        }
        try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, PostgresSchema.LOCK_CLASS);
            lock.setInt(2, id);
            lock.execute();
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement show = connection.createStatement(); ResultSet result = show.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}
