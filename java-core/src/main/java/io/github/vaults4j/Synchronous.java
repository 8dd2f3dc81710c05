package io.github.vaults4j;

/**
 * When SQLite waits for the disk ({@code PRAGMA synchronous}); see {@link VaultOptions#synchronous()}.
 */
public enum Synchronous {
    /**
     * Every commit waits for the disk (fsync), as Python's {@code sqlite3} does by default: a committed write
     * survives a power loss.
     */
    FULL,
    /**
     * Fewer waits for the disk. With {@link VaultOptions#wal() WAL}, a commit no longer waits at all: the
     * file stays consistent, but the last commits before a power loss (not a process crash) may be lost.
     * With the rollback journal it saves one of the waits of each commit and a power loss at the wrong
     * moment can corrupt the file.
     */
    NORMAL
}
