package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.tools.DumpedRow;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The commands that list a vault's rows ({@code keys}, {@code dump}): one streaming pass over the rows,
 * printed as lines or as one JSON array. A row that does not decode makes the exit code 1.
 */
abstract class RowListingCommand extends ToolCommand {
    @Parameters(paramLabel = "VAULT", description = "The vault file.")
    Path vault;

    /** Prints one row as a line of text. */
    abstract void printLine(DumpedRow row);

    /** Writes one row as an element of the JSON array. */
    abstract void writeJson(JsonGenerator gen, DumpedRow row) throws IOException;

    @Override
    final int execute() throws IOException {
        boolean[] bad = new boolean[1];
        try (JsonGenerator gen = json ? mapper().createGenerator(out()) : null) {
            if (gen != null) {
                gen.writeStartArray();
            }
            VaultTools.dump(vault, row -> {
                bad[0] |= row.problem() != null;
                try {
                    if (gen != null) {
                        writeJson(gen, row);
                    } else {
                        printLine(row);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
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
