package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults keys VAULT}: one key per line, as Python prints it. */
@Command(name = "keys", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"List the keys of a vault, one per line, as Python prints them (repr), in row order.",
                       "A row that does not decode is reported on standard error; exit code 1 then."})
final class KeysCommand extends ToolCommand {
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
                if (row.problem() != null) {
                    bad[0] = true;
                    err().println("keys: " + row.problem());
                    return;
                }
                try {
                    if (gen != null) {
                        gen.writeStartObject();
                        gen.writeNumberField("rowid", row.rowId());
                        gen.writeStringField("key", Values.repr(row.key()));
                        gen.writeStringField("encoding", row.keyEncoding());
                        gen.writeEndObject();
                    } else {
                        out().println(Values.repr(row.key()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (gen != null) {
                gen.writeEndArray();
            }
        }
        out().println();
        out().flush();
        return bad[0] ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
