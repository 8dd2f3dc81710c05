package io.github.vaults4j.cli;

import io.github.vaults4j.tools.VaultAddress;

/** Reads the one vault a command such as {@code export} or {@code import} takes: a file or {@code postgresql://...#NAME}. */
final class VaultArg {
    private VaultArg() {
    }

    /** The vault the text names; a root or a malformed address is a usage error (its message has no password). */
    static VaultAddress one(ToolCommand command, String text) {
        try {
            return VaultAddress.parse(text, null, null);
        } catch (IllegalArgumentException e) {
            throw command.usage(e.getMessage());
        }
    }
}
