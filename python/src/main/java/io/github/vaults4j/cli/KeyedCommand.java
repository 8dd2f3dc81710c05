package io.github.vaults4j.cli;

import io.github.vaults4j.VaultOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A command on one key of one vault: {@code VAULT KEY}, where a plain KEY is a str and {@code --key-json} or
 * {@code --key-py} give keys of other types.
 */
abstract class KeyedCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "VAULT",
            description = "The vault file, or postgresql://[user@]host[:port]/database[?schema=NAME]#VAULT.")
    String vault;

    @Parameters(index = "1..*", paramLabel = "KEY", arity = "0..*",
            description = "The key as a str (and, for put, the value as a str).")
    List<String> words = new ArrayList<>();

    @Option(names = "--key-json", paramLabel = "JSON", description = "The key as JSON, e.g. '[1, 2]' or 42.")
    String keyJson;

    @Option(names = "--key-py", paramLabel = "LITERAL",
            description = "The key as a Python literal, e.g. \"(1, 'a')\", 42, None.")
    String keyPy;

    /** The key, from a positional word or an option. */
    Object key() {
        boolean fromOption = keyJson != null || keyPy != null;
        try {
            return ValueArgs.parse("key", fromOption || words.isEmpty() ? null : words.get(0), keyJson, keyPy);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The positional words after the key. */
    List<String> afterKey() {
        boolean fromOption = keyJson != null || keyPy != null;
        return fromOption ? words : words.subList(Math.min(1, words.size()), words.size());
    }

    CliVault open(boolean write) {
        return open(write
                ? VaultOptions.builder().create(true).build()
                : VaultOptions.builder().readOnly(true).create(false).build());
    }

    CliVault open(VaultOptions options) {
        try {
            return CliVault.open(vault, options);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
