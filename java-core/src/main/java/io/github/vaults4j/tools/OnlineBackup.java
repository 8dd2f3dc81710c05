package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.storage.StoreConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

/**
 * Copies a vault file with SQLite's online backup API while other processes keep using it.
 *
 * <p>The copy runs inside a read transaction on the source connection, so it holds one state of the file:
 * writers in other processes wait (up to their busy timeout) instead of forcing the backup to restart, and the
 * copy never mixes rows from before and after a write.
 */
final class OnlineBackup {
    private static final int PAGES_PER_STEP = 256;
    private static final int BUSY_SLEEP_MILLIS = 100;
    private static final int BUSY_RETRIES = 50;

    private OnlineBackup() {
    }

    static BackupResult backup(Path file, Path target, Progress progress) {
        Path destination = target.toAbsolutePath().normalize();
        try (SqliteStore store = Stores.readOnly(file)) {
            requireFree(store.file(), destination);
            // Written beside the target and moved into place only when complete: a failed copy leaves nothing.
            try (PartialFile partial = partial(store.file(), destination)) {
                store.snapshot(c -> {
                    c.count(); // takes the shared lock now: the copy is of this state
                    copy(c, store.file(), partial.path(), destination, progress);
                    return null;
                });
                publish(store.file(), partial);
            }
        }
        VaultSummary copy = Inspector.inspect(destination);
        return new BackupResult(file.toAbsolutePath().normalize(), destination, copy.rows(), copy.fileBytes());
    }

    /** Copies the database of a connection in a read transaction (SQLite refuses a write transaction). */
    private static void copy(StoreConnection c, Path source, Path partial, Path destination, Progress progress)
            throws SQLException {
        SQLiteConnection sqlite = c.jdbc().unwrap(SQLiteConnection.class);
        int rc = sqlite.getDatabase().backup("main", partial.toString(),
                (remaining, pageCount) -> progress.update("backup", pageCount - remaining, pageCount),
                BUSY_SLEEP_MILLIS, BUSY_RETRIES, PAGES_PER_STEP);
        if (rc != 0) {
            throw new VaultException("vault " + source + ": backup failed: " + describe(rc, destination)
                    + "; no file was left at " + destination);
        }
    }

    /** A SQLite result code of the backup, in words. */
    static String describe(int rc, Path destination) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(rc);
        return switch (code) {
            case SQLITE_FULL -> "disk full while writing " + destination;
            case SQLITE_CANTOPEN -> "cannot create " + destination;
            case SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH -> "permission denied writing " + destination;
            case SQLITE_BUSY, SQLITE_LOCKED -> "the vault stayed locked by a writer for the whole wait";
            case SQLITE_NOMEM -> "out of memory";
            default -> code.name().startsWith("SQLITE_IOERR")
                    ? "input/output error while writing " + destination + " (" + code.message + ")"
                    : code.message + " (SQLite code " + rc + ")";
        };
    }

    private static PartialFile partial(Path source, Path destination) {
        try {
            return PartialFile.beside(destination);
        } catch (IOException e) {
            throw new VaultException("vault " + source + ": cannot back up to " + destination + ": "
                    + e.getMessage(), e);
        }
    }

    private static void publish(Path source, PartialFile partial) {
        try {
            partial.publish();
        } catch (IOException e) {
            throw new VaultException("vault " + source + ": the backup was complete but could not be moved to "
                    + partial.target() + ": " + PartialFile.describe(e, partial.target()), e);
        }
    }

    private static void requireFree(Path source, Path destination) {
        if (Files.exists(destination)) {
            throw new VaultException("vault " + source + ": backup target " + destination
                    + " already exists; choose another name or remove it first");
        }
    }
}
