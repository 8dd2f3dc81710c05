package io.github.vaults4j;

import java.nio.file.Path;

/**
 * A folder was given where a vault file was expected (as {@code Vault.open(root)} instead of
 * {@code Vault.open(root.resolve("vaults/NAME.db"))}, or {@link Vaults} for a Fuse root). Nothing was opened or
 * created.
 */
public final class VaultIsDirectoryException extends VaultException {
    private static final long serialVersionUID = 1L;

    private final transient Path folder;

    public VaultIsDirectoryException(Path folder) {
        super(folder + " is a folder, not a vault file (a vault is a file such as " + folder.resolve("NAME.db") + ")");
        this.folder = folder;
    }

    /** The folder that was given. */
    public Path folder() {
        return folder;
    }
}
