package io.github.vaults4j.cli;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultSummary;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults ls PATH...}: one line per vault. */
@Command(name = "ls", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"List vaults: rows, size, table generation, write profile and key encodings.",
                       "PATH is a vault file, a Fuse root (the folder given to set_root_path) or its vaults/ folder,"
                       + " a postgresql:// root (every vault of it) or a postgresql://...#NAME vault.",
                       "SIZE is the file's size; '-' for a vault on a server."})
final class LsCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Vault files or folders, postgresql:// roots or postgresql://...#NAME vaults.")
    List<String> paths;

    @Override
    int execute() throws IOException {
        List<Object> results = new ArrayList<>();
        Table table = new Table("VAULT", "ROWS", "SIZE", "GEN", "PROFILE", "KEY ENCODINGS");
        int exit = ExitCodes.OK;
        for (VaultAddress file : VaultFileArgs.vaults(paths)) {
            try {
                VaultSummary summary = VaultTools.inspect(file);
                results.add(summary);
                table.row(file, summary.rows(), summary.fileBytes() == VaultSummary.NOT_A_FILE ? "-"
                                : VaultFileArgs.size(summary.fileBytes()), summary.generation(),
                        summary.writeProfile(), summary.keyEncodings());
            } catch (VaultException e) {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("file", file.toString());
                failed.put("error", e.getMessage());
                results.add(failed);
                table.row(file, "-", "-", "-", "-", "error: " + e.getMessage());
                exit = ExitCodes.VAULT_ERROR;
            }
        }
        if (json) {
            printJson(results);
        } else {
            table.print(out());
        }
        return exit;
    }
}
