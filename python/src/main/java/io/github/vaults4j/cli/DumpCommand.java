package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.tools.DumpedRow;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code vaults dump VAULT}: every row with its rowid, encodings, key and value. */
@Command(name = "dump", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Print every row: rowid, key and value encodings, key and value as Python prints them.",
                       "A row that does not decode is shown with its problem; exit code 1 then."})
final class DumpCommand extends RowListingCommand {
    @Override
    void printLine(DumpedRow row) {
        String encodings = row.rowId() + "  " + row.keyEncoding() + "/" + row.valueEncoding() + "  ";
        out().println(row.problem() != null ? encodings + "BAD: " + row.problem()
                : encodings + Values.repr(row.key()) + ": " + Values.repr(row.value())
                        + (row.ttl() == null ? "" : "  (ttl " + row.ttl().toMillis() / 1000.0 + " s)"));
    }

    @Override
    void writeJsonFields(JsonGenerator gen, DumpedRow row) throws IOException {
        gen.writeNumberField("rowid", row.rowId());
        gen.writeStringField("key_encoding", row.keyEncoding());
        gen.writeStringField("value_encoding", row.valueEncoding());
        if (row.problem() != null) {
            gen.writeStringField("problem", row.problem());
        } else {
            gen.writeStringField("key", Values.repr(row.key()));
            gen.writeStringField("value", Values.repr(row.value()));
        }
    }
}
