package io.github.vaults4j.cli;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresStore;
import java.nio.file.Path;

/**
 * The vault a key command ({@code get}, {@code put}, {@code del}) works on: a vault file, or
 * {@code postgresql://...#NAME}, a vault of a PostgreSQL root, whose root (and its pool) this opens for the one
 * command and closes with the vault.
 */
final class CliVault implements AutoCloseable {
    private final Vaults root;
    private final Vault vault;

    private CliVault(Vaults root, Vault vault) {
        this.root = root;
        this.vault = vault;
    }

    /**
     * Opens the vault the text names.
     *
     * @throws IllegalArgumentException when an address is malformed or names no vault (the message has no password)
     */
    static CliVault open(String text, VaultOptions options) {
        if (!PostgresAddress.isAddress(text)) {
            return new CliVault(null, Vault.open(Path.of(text), options));
        }
        int fragment = text.lastIndexOf(PostgresStore.VAULT_SEPARATOR);
        if (fragment < 0 || fragment == text.length() - 1) {
            throw new IllegalArgumentException(PostgresAddress.parse(fragment < 0 ? text : text.substring(0, fragment))
                    + " is a root: name the vault with #NAME at the end of the address");
        }
        Vaults root = Vaults.at(text.substring(0, fragment));
        try {
            return new CliVault(root, root.open(text.substring(fragment + 1), options));
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    Vault vault() {
        return vault;
    }

    @Override
    public void close() {
        try {
            vault.close();
        } finally {
            if (root != null) {
                root.close();
            }
        }
    }
}
