package io.github.vaults4j.cli;

import io.github.vaults4j.tools.ExportFormat;
import io.github.vaults4j.tools.PartialFile;
import io.github.vaults4j.tools.ExportResult;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vaults export VAULT [-o FILE] [--readable [--keep-unrepresentable]]}. */
@Command(name = "export", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Write a vault as JSON.",
                       "By default lossless: every cell's exact bytes in base64"
                       + " ({\"format\": \"vaults-base64-v1\", \"data\": {key cell: value cell}}).",
                       "--readable writes plain JSON ({\"format\": \"vaults-json-v1\", \"data\": {key: value}}) and"
                       + " refuses, naming the row and key, a key that is not a str or a value JSON cannot hold"
                       + " (tuple, bytes, set, NaN, datetime, a value that contains itself, ...) unless"
                       + " --keep-unrepresentable keeps such rows as exact cells in a \"cells\" member.",
                       "The document goes to FILE, or streams to standard output; a failed export exits with 3,"
                       + " removes FILE, and leaves standard output without its closing brackets (never a complete"
                       + " document)."})
final class ExportCommand extends ToolCommand {
    @Parameters(paramLabel = "VAULT", description = "The vault file, or postgresql://...#NAME.")
    String vault;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (it must not exist).")
    Path output;

    @Option(names = "--readable", description = "Plain JSON keys and values instead of base64 cells.")
    boolean readable;

    @Option(names = "--keep-unrepresentable",
            description = "With --readable: keep rows plain JSON cannot hold as exact cells instead of failing.")
    boolean keep;

    @Override
    int execute() throws IOException {
        if (keep && !readable) {
            throw usage("--keep-unrepresentable goes with --readable");
        }
        ExportFormat format = readable ? ExportFormat.READABLE : ExportFormat.LOSSLESS;
        VaultAddress source = VaultArg.one(this, this.vault);
        ExportResult result;
        if (output == null) {
            // The document is bytes: it goes to the process's standard output stream itself.
            OutputStream stdout = new FileOutputStream(FileDescriptor.out);
            try (ProgressBars progress = progress()) {
                result = VaultTools.export(source, stdout, format, keep, progress);
            }
        } else {
            // Written beside FILE and moved into place only when complete: no half-written document is left.
            try (PartialFile partial = PartialFile.beside(output)) {
                try (OutputStream out = Files.newOutputStream(partial.path());
                     ProgressBars progress = progress()) {
                    result = VaultTools.export(source, out, format, keep, progress);
                }
                partial.publish();
            } catch (FileAlreadyExistsException e) {
                throw new IOException("export of " + source + ": " + output
                        + " already exists; choose another name or remove it first", e);
            } catch (IOException e) {
                throw new IOException("export of " + source + " failed: " + PartialFile.describe(e, output)
                        + "; no file was left at " + output, e);
            }
        }
        String summary = result.rows() + " rows exported from " + result.location() + " as " + format.tag()
                + (result.keptAsCells() > 0 ? ", " + result.keptAsCells() + " kept as exact cells" : "");
        if (output == null) {
            err().println(summary);
        } else if (json) {
            printJson(result);
        } else {
            out().println(summary + " to " + output);
            out().flush();
        }
        return ExitCodes.OK;
    }
}
