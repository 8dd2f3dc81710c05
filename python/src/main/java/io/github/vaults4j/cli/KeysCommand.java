package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.tools.DumpedRow;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code vaults keys VAULT}: one key per line, as Python prints it. */
@Command(name = "keys", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"List the keys of a vault, one per line, as Python prints them (repr), in row order.",
                       "A row that does not decode is reported on standard error; exit code 1 then."})
final class KeysCommand extends RowListingCommand {
    @Override
    void printLine(DumpedRow row) {
        if (row.problem() != null) {
            err().println("keys: " + row.problem());
        } else {
            out().println(Values.repr(row.key()));
        }
    }

    @Override
    void writeJsonFields(JsonGenerator gen, DumpedRow row) throws IOException {
        gen.writeNumberField("rowid", row.rowId());
        gen.writeStringField("encoding", row.keyEncoding());
        if (row.problem() != null) {
            gen.writeStringField("problem", row.problem());
        } else {
            gen.writeStringField("key", Values.repr(row.key()));
        }
    }
}
