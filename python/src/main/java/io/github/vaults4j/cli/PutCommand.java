package io.github.vaults4j.cli;

import io.github.vaults4j.Vault;
import io.github.vaults4j.codec.Values;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaults put VAULT KEY VALUE}: stores a value as the vault's Python writer would. */
@Command(name = "put", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Store a value under a key, encoded as the vault's own Python writer encodes it.",
                       "The vault is created when missing. Plain KEY and VALUE are str."})
final class PutCommand extends KeyedCommand {
    @Option(names = "--value-json", paramLabel = "JSON", description = "The value as JSON.")
    String valueJson;

    @Option(names = "--value-py", paramLabel = "LITERAL", description = "The value as a Python literal.")
    String valuePy;

    @Override
    int execute() throws IOException {
        Object key = key();
        List<String> rest = afterKey();
        if (rest.size() > 1) {
            throw usage("put takes one key and one value; unexpected: " + rest.subList(1, rest.size()));
        }
        Object value;
        try {
            value = ValueArgs.parse("value", rest.isEmpty() ? null : rest.get(0), valueJson, valuePy);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (CliVault opened = open(true)) {
            Vault v = opened.vault();
            v.put(key, value);
            if (json) {
                printJson(Map.of("key", Values.repr(key), "stored", true, "file", v.location()));
            }
        }
        return ExitCodes.OK;
    }
}
