package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.storage.StoreConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;

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
            createFolder(store.file(), destination);
            store.snapshot(c -> {
                c.count(); // takes the shared lock now: the copy is of this state
                copy(c, store.file(), destination, progress);
                return null;
            });
        }
        VaultSummary copy = Inspector.inspect(destination);
        return new BackupResult(file.toAbsolutePath().normalize(), destination, copy.rows(), copy.fileBytes());
    }

    /** Copies the database of a connection in a read transaction (SQLite refuses a write transaction). */
    private static void copy(StoreConnection c, Path source, Path destination, Progress progress) throws SQLException {
        requireFree(source, destination);
        SQLiteConnection sqlite = c.jdbc().unwrap(SQLiteConnection.class);
        int rc = sqlite.getDatabase().backup("main", destination.toString(),
                (remaining, pageCount) -> progress.update("backup", pageCount - remaining, pageCount),
                BUSY_SLEEP_MILLIS, BUSY_RETRIES, PAGES_PER_STEP);
        if (rc != 0) {
            throw new VaultException("vault " + source + ": backup to " + destination + " failed (SQLite code " + rc + ")");
        }
    }

    private static void createFolder(Path source, Path destination) {
        try {
            Files.createDirectories(destination.getParent());
        } catch (IOException e) {
            throw new VaultException("vault " + source + ": cannot create the folder of " + destination + ": " + e, e);
        }
    }

    private static void requireFree(Path source, Path destination) {
        if (Files.exists(destination)) {
            throw new VaultException("vault " + source + ": backup target " + destination
                    + " already exists; choose another name or remove it first");
        }
    }
}
