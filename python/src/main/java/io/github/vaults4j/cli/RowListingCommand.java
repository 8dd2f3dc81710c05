package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.tools.DumpedRow;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The commands that list a vault's rows ({@code keys}, {@code dump}): one streaming pass over the rows,
 * printed as lines or as one JSON array. Given a folder, every vault in it is listed in turn, under a
 * {@code == file} line (text) or with a {@code vault} member (JSON). A row that does not decode makes the
 * exit code 1.
 */
abstract class RowListingCommand extends ToolCommand {
    @Parameters(paramLabel = "VAULT", description = "The vault file, or a folder: a Fuse root or its vaults/ folder.")
    Path vault;

    /** Prints one row as a line of text. */
    abstract void printLine(DumpedRow row);

    /** Writes the members of one row's JSON object. */
    abstract void writeJsonFields(JsonGenerator gen, DumpedRow row) throws IOException;

    @Override
    final int execute() throws IOException {
        boolean[] bad = new boolean[1];
        List<Path> files = VaultTools.vaultFiles(vault);
        boolean several = Files.isDirectory(vault);
        try (JsonGenerator gen = json ? mapper().createGenerator(out()) : null) {
            if (gen != null) {
                gen.writeStartArray();
            }
            for (Path file : files) {
                if (several && gen == null) {
                    out().println("== " + file);
                }
                VaultTools.dump(file, row -> {
                    bad[0] |= row.problem() != null;
                    try {
                        if (gen != null) {
                            gen.writeStartObject();
                            if (several) {
                                gen.writeStringField("vault", file.toString());
                            }
                            writeJsonFields(gen, row);
                            gen.writeEndObject();
                        } else {
                            printLine(row);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            if (gen != null) {
                gen.writeEndArray();
            }
        }
        if (json) {
            out().println();
        }
        out().flush();
        return bad[0] ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
