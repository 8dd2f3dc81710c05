package io.github.vaults4j.tools;

import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.postgres.PostgresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store a tool works on, opened from a {@link VaultAddress}: a vault file, or a vault of a PostgreSQL root
 * whose pool is opened for this one tool run and closed with the store. The read-only tools open server vaults
 * without creating them and only read (there is no read-only mode on the server side to ask for: the tools never
 * write there).
 */
final class OpenVault implements AutoCloseable {
    private final VaultAddress address;
    private final PostgresRoot root;
    private final Store store;

    private OpenVault(VaultAddress address, PostgresRoot root, Store store) {
        this.address = address;
        this.root = root;
        this.store = store;
    }

    /** Opens an existing vault to read it: never created, never written. */
    static OpenVault readOnly(VaultAddress address) {
        return open(address, Stores.READ_ONLY);
    }

    /** Opens a vault with the given options (creating it when they allow). */
    static OpenVault open(VaultAddress address, VaultOptions options) {
        if (!address.onServer()) {
            return new OpenVault(address, null, Stores.open(address.file(), options));
        }
        PostgresRoot root = PostgresRoot.open(address.server());
        try {
            return new OpenVault(address, root, Stores.open(root, address.vault(), options));
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Whether the vault exists, asked before opening it. */
    static boolean exists(VaultAddress address) {
        if (!address.onServer()) {
            return Files.exists(address.file());
        }
        try (PostgresRoot root = PostgresRoot.open(address.server())) {
            return root.names().contains(address.vault());
        }
    }

    /**
     * Removes a vault a failed tool run created (it holds nothing: the run's transaction rolled back). Best effort:
     * the run's own error is the one to report. Called once the vault is closed, so a server vault is deleted
     * through a pool of its own.
     */
    static void removeCreated(VaultAddress address) {
        try {
            if (address.onServer()) {
                try (PostgresRoot root = PostgresRoot.open(address.server())) {
                    root.delete(address.vault());
                }
            } else {
                Files.deleteIfExists(address.file());
                Files.deleteIfExists(Path.of(address.file() + "-journal"));
            }
        } catch (IOException | RuntimeException ignored) {
            // An empty vault left behind is harmless.
        }
    }

    Store store() {
        return store;
    }

    /** The vault file, or null for a vault on a server. */
    Path file() {
        return address.file();
    }

    /** Where the vault is, as messages and results show it: the file, or the address without password and #NAME. */
    String location() {
        return store.location();
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            if (root != null) {
                root.close();
            }
        }
    }
}
