package io.github.vaults4j.cli;

import io.github.vaults4j.tools.BackupResult;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults backup VAULT TARGET}: a consistent copy while others use the vault. */
@Command(name = "backup", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Copy a vault with SQLite's online backup while other programs keep using it. The copy is",
                       "one consistent state of the file; writers wait while it is taken. TARGET must not exist."})
final class BackupCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "VAULT", description = "The vault file.")
    Path vault;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new file.")
    Path target;

    @Override
    int execute() throws IOException {
        BackupResult result;
        try (ProgressBars progress = progress()) {
            result = VaultTools.backup(vault, target, progress);
        }
        if (json) {
            printJson(result);
        } else {
            out().println(result.source() + " -> " + result.target() + ": " + result.rows() + " rows, "
                    + VaultFileArgs.size(result.bytes()));
            out().flush();
        }
        return ExitCodes.OK;
    }
}
