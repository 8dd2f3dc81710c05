package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a vault file with the store's online backup ({@link Store#backupTo}) while other processes keep using it.
 *
 * <p>The copy runs inside a read transaction on the source, so it holds one state of the file:
 * writers in other processes wait (up to their busy timeout) instead of forcing the backup to restart, and the
 * copy never mixes rows from before and after a write. It is written beside the target and moved into place
 * only when complete, so a failed copy (a full disk, say) leaves no file behind.
 */
final class OnlineBackup {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineBackup.class);
    private OnlineBackup() {
    }

    static BackupResult backup(Path file, Path target, Progress progress) {
        long start = System.nanoTime();
        Path destination = target.toAbsolutePath().normalize();
        try (Store store = Stores.readOnly(file)) {
            Path source = Path.of(store.location());
            requireFree(source, destination);
            try (PartialFile partial = partial(source, destination)) {
                try {
                    store.backupTo(partial.path(), (done, total) -> progress.update("backup", done, total));
                } catch (VaultException e) {
                    // The copy was written under a temporary name; the message names the target that was asked for.
                    throw new VaultException(e.getMessage().replace(partial.path().toString(), destination.toString())
                            + "; no file was left at " + destination, e);
                }
                publish(source, partial);
            }
        }
        VaultSummary copy = Inspector.inspect(VaultAddress.ofFile(destination));
        BackupResult result = new BackupResult(file.toAbsolutePath().normalize(), destination, copy.rows(), copy.fileBytes());
        LOG.info("backup {} to {}: {} rows, {} bytes, {} ms", result.source(), result.target(), result.rows(),
                result.bytes(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return result;
    }

    private static PartialFile partial(Path source, Path destination) {
        try {
            return PartialFile.beside(destination);
        } catch (IOException e) {
            throw new VaultException("vault " + source + ": cannot back up to " + destination + ": "
                    + PartialFile.describe(e, destination), e);
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
