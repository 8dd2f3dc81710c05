package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.testing.PostgresCluster;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Opening vaults on a PostgreSQL root through {@link Vaults}: addressing, ownership of the pool, messages. */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresVaultsTest {
    @Test
    void aUriRootOpensVaultsWhoseLocationHasNoPassword(PostgresCluster cluster) {
        try (Vaults root = Vaults.at(URI.create(cluster.url() + "?schema=vaults_uri"))) {
            assertTrue(root.onServer());
            assertFalse(root.location().contains(PostgresCluster.PASSWORD), root.location());
            try (Vault vault = root.open("commons")) {
                vault.put("k", 1L);
                assertEquals("commons", vault.name());
                assertTrue(vault.location().endsWith("?schema=vaults_uri#commons"), vault.location());
                UnsupportedOperationException noFile = assertThrows(UnsupportedOperationException.class, vault::file);
                assertTrue(noFile.getMessage().contains(vault.location()), noFile.getMessage());
            }
            assertEquals(List.of("commons"), root.names());
            assertThrows(UnsupportedOperationException.class, root::folder);
        }
    }

    @Test
    void aMissingVaultIsNotCreatedWhenTheOptionsSaySo(PostgresCluster cluster) {
        try (Vaults root = Vaults.at(cluster.url() + "?schema=vaults_missing")) {
            VaultNotFoundException e = assertThrows(VaultNotFoundException.class,
                    () -> root.open("absent", VaultOptions.builder().create(false).build()));
            assertTrue(e.getMessage().contains("vaults_missing#absent"), e.getMessage());
            assertFalse(e.getMessage().contains(PostgresCluster.PASSWORD), e.getMessage());
        }
    }

    @Test
    void aWrongPasswordFailsInAtNamingTheAddressWithoutThePassword(PostgresCluster cluster) {
        String wrong = "not-the-" + PostgresCluster.PASSWORD;
        VaultException e = assertThrows(VaultException.class,
                () -> Vaults.at(cluster.url(PostgresCluster.USER, wrong, PostgresCluster.DATABASE)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + cluster.port()), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }

    @Test
    void closingTheRootClosesItsPoolAndItsVaultsFail(PostgresCluster cluster) {
        Vaults root = Vaults.at(cluster.url() + "?schema=vaults_closed");
        Vault vault = root.open("v");
        vault.put("k", 1L);
        root.close();
        VaultException e = assertThrows(VaultException.class, () -> vault.get("k"));
        assertTrue(e.getMessage().contains("vaults_closed#v"), e.getMessage());
    }

    @Test
    void readOnlyOptionsRefuseWritesNamingTheVault(PostgresCluster cluster) {
        try (Vaults root = Vaults.at(cluster.url() + "?schema=vaults_read_only")) {
            root.open("v").close();
            try (Vault vault = root.open("v", VaultOptions.builder().readOnly(true).build())) {
                VaultReadOnlyException e = assertThrows(VaultReadOnlyException.class, () -> vault.put("k", 1L));
                assertTrue(e.getMessage().contains(vault.location()), e.getMessage());
            }
        }
    }
}
