package io.github.vaults4j.cli;

import io.github.vaults4j.Vault;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.tools.JsonValues;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code vaults get VAULT KEY}: prints the value as Python's repr; exit 4 when the key is missing. */
@Command(name = "get", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Print the value of a key, as Python prints it (repr).",
                       "Exit code 4 when the vault has no such key."})
final class GetCommand extends KeyedCommand {
    @Override
    int execute() throws IOException {
        Object key = key();
        if (!afterKey().isEmpty()) {
            throw usage("get takes one key; unexpected: " + afterKey());
        }
        try (CliVault opened = open(false)) {
            Vault v = opened.vault();
            boolean found = v.containsKey(key);
            Object value = found ? v.get(key) : null;
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("key", Values.repr(key));
                result.put("found", found);
                if (found) {
                    result.put("repr", Values.repr(value));
                    if (JsonValues.representable(value)) {
                        result.put("value", value);
                    }
                }
                printJson(result);
            } else if (found) {
                out().println(Values.repr(value));
                out().flush();
            } else {
                err().println("get: vault " + v.location() + " has no key " + Values.shortRepr(key));
            }
            return found ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        }
    }
}
