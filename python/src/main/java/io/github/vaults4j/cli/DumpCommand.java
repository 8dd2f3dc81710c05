package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.tools.DumpedRow;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults dump VAULT}: every row with its rowid, encodings, key and value. */
@Command(name = "dump", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Print every row: rowid, key and value encodings, key and value as Python prints them.",
                       "A row that does not decode is shown with its problem; exit code 1 then."})
final class DumpCommand extends ToolCommand {
    @Parameters(paramLabel = "VAULT", description = "The vault file.")
    Path vault;

    @Override
    int execute() throws IOException {
        boolean[] bad = new boolean[1];
        try (JsonGenerator gen = json ? mapper().createGenerator(out()) : null) {
            if (gen != null) {
                gen.writeStartArray();
            }
            VaultTools.dump(vault, row -> {
                bad[0] |= row.problem() != null;
                try {
                    if (gen != null) {
                        write(gen, row);
                    } else if (row.problem() != null) {
                        out().println(row.rowId() + "  " + row.keyEncoding() + "/" + row.valueEncoding() + "  BAD: "
                                + row.problem());
                    } else {
                        out().println(row.rowId() + "  " + row.keyEncoding() + "/" + row.valueEncoding() + "  "
                                + Values.repr(row.key()) + ": " + Values.repr(row.value()));
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

    private static void write(JsonGenerator gen, DumpedRow row) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("rowid", row.rowId());
        gen.writeStringField("key_encoding", row.keyEncoding());
        gen.writeStringField("value_encoding", row.valueEncoding());
        if (row.problem() != null) {
            gen.writeStringField("problem", row.problem());
        } else {
            gen.writeStringField("key", Values.repr(row.key()));
            gen.writeStringField("value", Values.repr(row.value()));
        }
        gen.writeEndObject();
    }
}
