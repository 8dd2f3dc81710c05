package io.github.vaults4j.cli;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.tools.BackupResult;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults backup VAULT TARGET}: a consistent copy while others use the vault. */
@Command(name = "backup", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Copy a vault with SQLite's online backup while other programs keep using it.",
                       "The copy is one consistent state of the file; writers wait while it is taken.",
                       "TARGET must not exist; a failed backup leaves no file behind.",
                       "Files only: a vault on a PostgreSQL server is copied to a file with 'vaults copy'.",
                       "Given a folder (a Fuse root or its vaults/ folder), TARGET becomes a new Fuse root holding"
                       + " a copy of every vault in TARGET/vaults/."})
final class BackupCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "VAULT", description = "The vault file, or a folder: a Fuse root or its vaults/ folder.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new file, or for a folder the new Fuse root.")
    String destination;

    @Override
    int execute() throws IOException {
        if (PostgresAddress.isAddress(source) || PostgresAddress.isAddress(destination)) {
            // SQLite's online backup copies pages of a file; a server vault has none. Its equivalent is copy.
            throw new VaultException("backup copies vault files with SQLite's online backup; for a vault on a"
                    + " PostgreSQL server use bin/vaults copy (postgresql://...#NAME to a file, or a whole root to a"
                    + " folder), or the server's pg_dump");
        }
        Path vault = Path.of(source);
        Path target = Path.of(destination);
        List<BackupResult> results = new ArrayList<>();
        boolean folder = Files.isDirectory(vault);
        if (folder && Files.exists(target)) {
            throw new VaultException("backup target " + target.toAbsolutePath() + " already exists");
        }
        for (Path file : VaultTools.vaultFiles(vault)) {
            Path copy = folder ? Vaults.at(target).folder().resolve(file.getFileName()) : target;
            try (ProgressBars progress = progress()) {
                results.add(VaultTools.backup(file, copy, progress));
            }
        }
        if (json) {
            printJson(folder ? results : results.get(0));
        } else {
            for (BackupResult result : results) {
                out().println(result.source() + " -> " + result.target() + ": " + result.rows() + " rows, "
                        + VaultFileArgs.size(result.bytes()));
            }
            out().flush();
        }
        return ExitCodes.OK;
    }
}
