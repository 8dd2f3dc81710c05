package io.github.vaults4j.tools;

import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One vault as a whole-vault tool names it: a vault file, or a vault of a PostgreSQL root.
 *
 * <p>Read from text by {@link #parse}: a {@code postgresql://} address names a root, and the vault is its
 * {@code #NAME} fragment (the form {@code Vault.location()} prints) or the name given beside it; an existing folder
 * is a Fuse root whose vault {@code NAME} is {@code vaults/NAME.db}; anything else is a vault file.
 * Two addresses are equal when they name the same vault.
 */
public final class VaultAddress {
    private static final String FRAGMENT = PostgresStore.VAULT_SEPARATOR;
    private static final String FILE_SUFFIX = ".db";

    private final Path file;
    private final PostgresAddress server;
    private final String vault;

    private VaultAddress(Path file, PostgresAddress server, String vault) {
        this.file = file;
        this.server = server;
        this.vault = Objects.requireNonNull(vault, "vault");
    }

    /** The vault file, or null for a vault on a server. */
    public Path file() {
        return file;
    }

    /** The root's address, with its password for connecting; null for a file. */
    PostgresAddress server() {
        return server;
    }

    /** The vault's name: the file's name without {@code .db}, or its name in the root. */
    public String vault() {
        return vault;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VaultAddress that && Objects.equals(file, that.file)
                && Objects.equals(server, that.server) && vault.equals(that.vault);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, server, vault);
    }

    /** A vault file. */
    public static VaultAddress ofFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        return new VaultAddress(absolute, null,
                name.endsWith(FILE_SUFFIX) ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name);
    }

    /**
     * Reads a vault's address.
     *
     * @param text        a vault file, a Fuse root folder or a {@code postgresql://} address (with {@code #NAME})
     * @param vault       the vault's name in a root, or null: then the address's {@code #NAME}, else {@code otherName}
     * @param otherName   the name to fall back on (the other side of a copy), or null
     * @throws IllegalArgumentException when a root is given without any name of a vault
     */
    public static VaultAddress parse(String text, String vault, String otherName) {
        if (PostgresAddress.isAddress(text)) {
            int fragment = text.lastIndexOf(FRAGMENT);
            String url = fragment < 0 ? text : text.substring(0, fragment);
            String name = vault != null ? vault : fragment >= 0 ? text.substring(fragment + 1) : otherName;
            PostgresAddress root = PostgresAddress.parse(url);
            return new VaultAddress(null, root, requireName(name, root.toString()));
        }
        Path path = Path.of(text);
        if (Files.isDirectory(path)) {
            String name = requireName(vault != null ? vault : otherName, path.toAbsolutePath().normalize().toString());
            return ofFile(Vaults.at(path).file(name));
        }
        if (vault != null) {
            throw new IllegalArgumentException(text + " is a vault file: a vault name (" + vault
                    + ") goes with a root folder or a postgresql:// address");
        }
        return ofFile(path);
    }

    /** Whether the text names a root rather than one vault: an address without {@code #NAME}, or a folder. */
    public static boolean isRoot(String text) {
        return PostgresAddress.isAddress(text) ? !text.contains(FRAGMENT) : Files.isDirectory(Path.of(text));
    }

    private static String requireName(String name, String root) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(root + " is a root: name the vault (--vault NAME, or #NAME after an address)");
        }
        return name;
    }

    /** Whether the vault lives on a PostgreSQL server. */
    public boolean onServer() {
        return server != null;
    }

    /** The vault as messages show it: the file, or the root's address without password, {@code #} and the name. */
    @Override
    public String toString() {
        return file != null ? file.toString() : PostgresStore.location(server, vault);
    }
}
