package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.tools.DumpedRow;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code vaults keys VAULT}: one key per line, as Python prints it. */
@Command(name = "keys", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"List the keys of a vault, one per line, as Python prints them (repr), in row order.",
                       "A row whose value does not decode is still listed; a key that does not decode is reported on standard error, and the exit code is then 1."})
final class KeysCommand extends RowListingCommand {
    @Override
    boolean isProblem(DumpedRow row) {
        // keys needs only the key: a row whose value does not decode is still listed (check reports it).
        return !row.keyDecoded();
    }

    @Override
    void printLine(DumpedRow row) {
        if (!row.keyDecoded()) {
            err().println("keys: " + row.problem());
        } else {
            out().println(Values.repr(row.key()));
        }
    }

    @Override
    void writeJsonFields(JsonGenerator gen, DumpedRow row) throws IOException {
        gen.writeNumberField("rowid", row.rowId());
        gen.writeStringField("encoding", row.keyEncoding());
        if (!row.keyDecoded()) {
            gen.writeStringField("problem", row.problem());
        } else {
            gen.writeStringField("key", Values.repr(row.key()));
        }
    }
}
