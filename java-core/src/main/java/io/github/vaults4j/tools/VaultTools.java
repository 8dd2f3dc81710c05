package io.github.vaults4j.tools;

import io.github.vaults4j.AccessLogEntry;
import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.metrics.ToolRuns;
import io.github.vaults4j.metrics.ToolRuns.Tool;
import io.github.vaults4j.metrics.VaultMetrics;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresRoot;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Operations on vaults as a whole: inspect, measure, check, back up, export, import and migrate. Every
 * operation takes one vault: a file, or (a {@link VaultAddress}) a file or a vault of a PostgreSQL root;
 * {@link #vaultFiles} turns a Fuse root or its {@code vaults/} folder into the files it holds, and {@link #vaults}
 * does the same for command-line text, PostgreSQL addresses included. Backup (SQLite's online backup) and migrate
 * (a rebuild of the SQLite table) are for files only. Results are plain records.
 *
 * <p>The read-only operations ({@link #inspect}, {@link #stats}, {@link #check}, {@link #backup},
 * {@link #export}) open the file read-only and never create it. The writing ones ({@link #importInto},
 * {@link #migrate}) run in one transaction each: all of it lands, or none of it.
 *
 * <p>Each run on a vault is timed as {@code db.client.operation.duration} in Micrometer's global registry when
 * Micrometer is on the class path (see {@link ToolRuns}).
 */
public final class VaultTools {
    private VaultTools() {
    }

    /**
     * The vault files a path names: a file is itself; a folder with a {@code vaults/} sub-folder is a Fuse root
     * (what Python's {@code set_root_path} is given), and a folder named {@code vaults} is such a folder itself.
     * Files are in name order.
     *
     * @throws VaultNotFoundException when nothing exists at the path
     */
    public static List<Path> vaultFiles(Path fileOrFolder) {
        Path path = fileOrFolder.toAbsolutePath().normalize();
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new VaultNotFoundException("no vault file or folder at " + path);
        }
        Vaults vaults;
        if (Files.isDirectory(path.resolve("vaults"))) {
            vaults = Vaults.at(path);
        } else if (path.getParent() != null && Vaults.at(path.getParent()).folder().equals(path)) {
            vaults = Vaults.at(path.getParent());
        } else {
            throw new VaultNotFoundException(path + " is neither a vault file, a Fuse root (a folder with a vaults/"
                    + " folder) nor a folder named vaults");
        }
        List<Path> files = new ArrayList<>();
        for (String name : vaults.names()) {
            files.add(vaults.file(name));
        }
        return files;
    }

    /**
     * The vaults a command-line argument names: as {@link #vaultFiles} for a file or folder; for a
     * {@code postgresql://} address, the vault its {@code #NAME} names or, without one, every vault of the root
     * in name order.
     *
     * @throws IllegalArgumentException when an address is malformed (the message has no password)
     * @throws VaultNotFoundException   when nothing exists at a path
     * @throws VaultException           when a server cannot be reached
     */
    public static List<VaultAddress> vaults(String text) {
        List<VaultAddress> vaults = new ArrayList<>();
        if (!PostgresAddress.isAddress(text)) {
            for (Path file : vaultFiles(Path.of(text))) {
                vaults.add(VaultAddress.ofFile(file));
            }
        } else if (!VaultAddress.isRoot(text)) {
            vaults.add(VaultAddress.parse(text, null, null));
        } else {
            try (PostgresRoot root = PostgresRoot.open(PostgresAddress.parse(text))) {
                for (String name : root.names()) {
                    vaults.add(VaultAddress.parse(text, name, null));
                }
            }
        }
        return vaults;
    }

    /** Rows, size, generation, write profile and key encodings of a vault; reads keys only. */
    public static VaultSummary inspect(Path file) {
        return inspect(VaultAddress.ofFile(file));
    }

    /** As {@link #inspect(Path)}, for a vault file or a vault of a PostgreSQL root. */
    public static VaultSummary inspect(VaultAddress vault) {
        return timed(Tool.INSPECT, vault, () -> Inspector.inspect(vault));
    }

    /**
     * Reads every row of a vault read-only, in rowid order and one consistent state, and gives each to the
     * consumer; a row that does not decode comes with its {@link DumpedRow#problem()} and the dump goes on.
     *
     * @return the number of rows
     */
    public static long dump(Path file, Consumer<DumpedRow> rows) {
        return dump(VaultAddress.ofFile(file), rows);
    }

    /** As {@link #dump(Path, Consumer)}, for a vault file or a vault of a PostgreSQL root. */
    public static long dump(VaultAddress vault, Consumer<DumpedRow> rows) {
        return timed(Tool.DUMP, vault, () -> Dumper.dump(vault, rows));
    }

    /**
     * Removes the expired entries of a vault file in one transaction (as {@link Vault#cleanupExpired()})
     * and returns how many; a vault that never had a time to live is left untouched.
     */
    public static int expire(Path file) {
        return timed(Tool.EXPIRE, VaultAddress.ofFile(file), () -> {
            try (Vault vault = Vault.open(file, Stores.EXISTING)) {
                return vault.cleanupExpired();
            }
        });
    }

    /** Counts, sizes, encodings and twins of a vault. Keeps every decoded key in memory to find twins. */
    public static VaultStats stats(Path file, Progress progress) {
        return stats(VaultAddress.ofFile(file), progress);
    }

    /** As {@link #stats(Path, Progress)}, for a vault file or a vault of a PostgreSQL root. */
    public static VaultStats stats(VaultAddress vault, Progress progress) {
        return timed(Tool.STATS, vault, () -> StatsCollector.stats(vault, progress));
    }

    /**
     * The records of a vault's access log at or after {@code since}, oldest first, at most the newest {@code limit};
     * read-only, and empty when no program kept a log for the vault.
     *
     * @param vault a vault file, or a {@code postgresql://...#NAME} address
     */
    public static List<AccessLogEntry> accessLog(VaultAddress vault, Instant since, int limit) {
        return timed(Tool.LOG, vault, () -> AccessLogReader.read(vault, since, limit));
    }

    /**
     * Checks a vault without writing to it: {@code PRAGMA integrity_check}, then a decode of every key and value.
     * Never throws for what it finds; a file that is not a vault is reported in {@link CheckReport#fileProblem()}.
     */
    public static CheckReport check(Path file, Progress progress) {
        return check(VaultAddress.ofFile(file), progress);
    }

    /**
     * As {@link #check(Path, Progress)}, for a vault file or a vault of a PostgreSQL root. The server keeps its own
     * pages consistent, so for a server vault the check is the decode of every cell.
     */
    public static CheckReport check(VaultAddress vault, Progress progress) {
        return timed(Tool.CHECK, vault, () -> Checker.check(vault, progress));
    }

    /**
     * Copies a vault with SQLite's online backup API, consistently, while other processes use it: the copy is
     * one state of the file (writers wait while it is taken, up to their busy timeout).
     *
     * @throws VaultException when the target exists or the copy fails
     */
    public static BackupResult backup(Path file, Path target, Progress progress) {
        return timed(Tool.BACKUP, VaultAddress.ofFile(file), () -> OnlineBackup.backup(file, target, progress));
    }

    /**
     * Copies a vault, cell for cell, between vault files and PostgreSQL roots (either way). The source is read from
     * one consistent state; the target is written in one transaction (a file target is written beside it and moved
     * into place), so a failed copy leaves it as it was. Rows keep their order; vault attributes are not copied.
     *
     * @param replace overwrite a target vault that exists, instead of refusing
     * @throws VaultException when the target exists and {@code replace} is false, when the source has the vaults
     *                        1.x layout (migrate it first), or when the copy fails; messages carry no password
     */
    public static CopyResult copy(VaultAddress source, VaultAddress target, boolean replace, Progress progress) {
        return timed(Tool.COPY, source, () -> Copier.copy(source, target, replace, progress));
    }

    /**
     * Writes the vault as a JSON document in the given format, from one consistent state of the file,
     * streaming. The stream is flushed, not closed.
     *
     * @param keepUnrepresentable for {@link ExportFormat#READABLE}: write rows plain JSON cannot hold as exact
     *                            cells in a {@code "cells"} member instead of refusing them
     * @throws UnrepresentableValueException for a readable export of a row plain JSON cannot hold (a non-str key,
     *                                       a tuple, bytes, a set, NaN, ...), naming the row and key, unless kept
     */
    public static ExportResult export(Path file, OutputStream out, ExportFormat format, boolean keepUnrepresentable,
                                      Progress progress) {
        return export(VaultAddress.ofFile(file), out, format, keepUnrepresentable, progress);
    }

    /** As {@link #export(Path, OutputStream, ExportFormat, boolean, Progress)}, for a file or a server vault. */
    public static ExportResult export(VaultAddress vault, OutputStream out, ExportFormat format,
                                      boolean keepUnrepresentable, Progress progress) {
        return timed(Tool.EXPORT, vault, () -> Exporter.export(vault, out, format, keepUnrepresentable, progress));
    }

    /**
     * Writes a document {@link #export} wrote into a vault, creating the file when missing, in one transaction.
     * Existing keys are overwritten; other rows stay.
     *
     * @throws VaultException naming the entry when the document is malformed; nothing is written then
     */
    public static ImportResult importInto(Path file, InputStream in, Progress progress) {
        return importInto(VaultAddress.ofFile(file), in, progress);
    }

    /**
     * As {@link #importInto(Path, InputStream, Progress)}, for a vault file or a vault of a PostgreSQL root (created
     * when missing, and removed again when the import fails).
     */
    public static ImportResult importInto(VaultAddress vault, InputStream in, Progress progress) {
        return timed(Tool.IMPORT, vault, () -> Importer.importInto(vault, in, progress));
    }

    /**
     * Rewrites a vault into the msgpack or pickle profile, generation 1 files included, in one transaction,
     * after writing a backup {@code NAME.db.pre-migrate-YYYYMMDD-HHMMSS.bak} beside it.
     *
     * <ul>
     *   <li>Keys become the cell the target Python writer writes for them, so its {@code get} finds them.</li>
     *   <li>Values already in the target encoding keep their bytes; others are re-encoded when the new cell
     *       reads back as the same value. Values msgpack cannot hold, or would read back differently (tuples,
     *       sets, dicts with non-str keys, ...), stay pickle: a {@code P} cell byte for byte, a generation 1
     *       raw pickle behind a {@code P} marker.</li>
     *   <li>Twins (rows whose keys become the same cell): the row whose key already is that cell wins, else
     *       the newest (highest rowid); the others are dropped and listed in the report.</li>
     *   <li>Before commit, every row is verified to decode to a value equal to before
     *       ({@link io.github.vaults4j.codec.Values#same}); any difference rolls everything back.</li>
     *   <li>A vault already in the target profile is not touched (no backup): running twice is safe.</li>
     * </ul>
     *
     *
     * <p>A vault of a PostgreSQL root is refused with a {@link VaultException}: there is no SQLite table to
     * rebuild, and its rows keep their order only when written afresh (copy to a file, migrate, copy back).
     *
     * @throws CorruptRowException when a row does not decode; nothing is written (run {@link #check})
     */
    public static MigrationReport migrate(VaultAddress vault, MigrationOptions options, Progress progress) {
        return timed(Tool.MIGRATE, vault, () -> {
            if (vault.onServer()) {
                throw new VaultException("cannot migrate " + vault + ": migrate rebuilds a vault file's SQLite table;"
                        + " a PostgreSQL vault has the vaults 2.x layout already. To change its write profile, copy it"
                        + " to a file (bin/vaults copy), migrate the file, and copy it back with --replace");
            }
            try {
                return Migrator.migrate(vault.file(), options, progress);
            } catch (CorruptRowException e) {
                throw new CorruptRowException("migration refused, nothing was written: " + e.getMessage(), e.rowId(),
                        e);
            } catch (LimitExceededException e) {
                throw new LimitExceededException("migration refused, nothing was written: " + e.getMessage());
            }
        });
    }

    /** See {@link #migrate(VaultAddress, MigrationOptions, Progress)}: the same for a vault file. */
    public static MigrationReport migrate(Path file, MigrationOptions options, Progress progress) {
        return migrate(VaultAddress.ofFile(file), options, progress);
    }

    /** Runs a tool on a vault, timing the run (see {@link ToolRuns}). */
    private static <T> T timed(Tool tool, VaultAddress vault, Supplier<T> run) {
        return ToolRuns.time(tool, vault.vault(), vault.onServer() ? VaultMetrics.POSTGRESQL : VaultMetrics.SQLITE,
                run);
    }
}
