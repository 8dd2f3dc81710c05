package io.github.vaults4j.cli;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.Values;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code vaults del VAULT KEY}: removes a key (every twin of it); exit 4 when it is missing. */
@Command(name = "del", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Remove a key, under every encoding it is stored with.",
                       "Exit code 4 when the vault has no such key."})
final class DelCommand extends KeyedCommand {
    @Override
    int execute() throws IOException {
        Object key = key();
        if (!afterKey().isEmpty()) {
            throw usage("del takes one key; unexpected: " + afterKey());
        }
        try (CliVault opened = open(VaultOptions.builder().create(false).build())) {
            Vault v = opened.vault();
            // popMany checks and removes in one transaction, and tells a stored None from a missing key.
            boolean found = !v.popMany(List.of(key)).isEmpty();
            if (!found && !json) {
                err().println("del: vault " + v.location() + " has no key " + Values.shortRepr(key));
            }
            if (json) {
                printJson(Map.of("key", Values.repr(key), "deleted", found));
            }
            return found ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        }
    }
}
