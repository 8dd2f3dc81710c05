package io.github.vaults4j.cli;

import io.github.vaults4j.tools.ImportResult;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults import VAULT [FILE]}: all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Read a document written by export into a vault (created when missing), in one transaction.",
                       "Every entry is written, or, at the first bad entry, none. Existing keys are overwritten.",
                       "A generation 1 vault refuses a document with generation 2 cells, which vaults 1.x cannot read.",
                       "FILE defaults to standard input (also '-')."})
final class ImportCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "VAULT", description = "The vault file, or postgresql://...#NAME.")
    String vault;

    @Parameters(index = "1", paramLabel = "FILE", arity = "0..1", description = "The JSON document.")
    String input;

    @Override
    int execute() throws IOException {
        ImportResult result;
        boolean stdin = input == null || input.equals("-");
        VaultAddress target = VaultArg.one(this, this.vault);
        try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(input));
             ProgressBars progress = progress()) {
            result = VaultTools.importInto(target, in, progress);
        }
        if (json) {
            printJson(result);
        } else {
            out().println(result.rows() + " entries imported into " + result.location() + " (" + result.format().tag()
                    + (result.created() ? ", new vault)" : ")"));
            out().flush();
        }
        return ExitCodes.OK;
    }
}
