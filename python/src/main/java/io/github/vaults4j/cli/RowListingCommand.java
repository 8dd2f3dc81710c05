package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.tools.DumpedRow;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The commands that list a vault's rows ({@code keys}, {@code dump}): one streaming pass over the rows,
 * printed as lines or as one JSON array. Given a folder, every vault in it is listed in turn, under a
 * {@code == file} line (text) or with a {@code vault} member (JSON). A row that does not decode makes the
 * exit code 1.
 */
abstract class RowListingCommand extends ToolCommand {
    @Parameters(paramLabel = "VAULT", description = "The vault file, or a folder: a Fuse root or its vaults/ folder;"
            + " a postgresql:// root (every vault of it) or a postgresql://...#NAME vault.")
    String vault;

    /** How many rows are printed between two checks that standard output is still read. */
    static final int ROWS_PER_OUTPUT_CHECK = 256;

    /** Thrown out of the row pass when the reader of standard output has gone ({@code keys big.db | head}). */
    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super("standard output is closed", null, false, false);
        }
    }

    /** Whether the row makes the exit code 1: by default, when any part of it does not decode. */
    boolean isProblem(DumpedRow row) {
        return row.problem() != null;
    }

    /** Prints one row as a line of text. */
    abstract void printLine(DumpedRow row);

    /** Writes the members of one row's JSON object. */
    abstract void writeJsonFields(JsonGenerator gen, DumpedRow row) throws IOException;

    @Override
    final int execute() throws IOException {
        boolean[] bad = new boolean[1];
        long[] printed = new long[1];
        List<VaultAddress> files = VaultTools.vaults(vault);
        boolean several = VaultAddress.isRoot(vault);
        try (JsonGenerator gen = json ? mapper().createGenerator(out()) : null) {
            if (gen != null) {
                gen.writeStartArray();
            }
            for (VaultAddress file : files) {
                if (several && gen == null) {
                    out().println("== " + file);
                }
                VaultTools.dump(file, row -> {
                    bad[0] |= isProblem(row);
                    try {
                        if (gen != null) {
                            gen.writeStartObject();
                            if (several) {
                                gen.writeStringField("vault", file.toString());
                            }
                            writeJsonFields(gen, row);
                            if (row.ttl() != null) {
                                // Seconds left, as Python's ttl(key); only an entry with a time to live has it.
                                gen.writeNumberField("ttl", row.ttl().toMillis() / 1000.0);
                            }
                            gen.writeEndObject();
                        } else {
                            printLine(row);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    // A PrintWriter keeps quiet about a broken pipe: ask it now and then, and stop reading then.
                    if (++printed[0] % ROWS_PER_OUTPUT_CHECK == 0 && out().checkError()) {
                        throw new OutputClosed();
                    }
                });
            }
            if (gen != null) {
                gen.writeEndArray();
            }
        } catch (OutputClosed e) {
            // Whoever reads the listing has all it wanted: a quiet, successful end, as Python's tools on a pipe.
            return ExitCodes.OK;
        } catch (UncheckedIOException | IOException e) {
            if (out().checkError()) {
                return ExitCodes.OK;
            }
            throw e;
        }
        if (json) {
            out().println();
        }
        out().flush();
        return bad[0] ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
