package io.github.vaults4j.crypto;

import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.RepoFiles;
import java.util.Map;

/**
 * Runs compat-fixtures/encrypted_vault.py (the design notes' Python class, on CPython with {@code cryptography})
 * in a real process. Keys travel in the environment variable VAULTS4J_KEY, as the script requires.
 */
final class EncryptedPeer {
    /** The script's exit status for a token no key verifies. */
    static final int INVALID_TOKEN_EXIT = 3;

    private EncryptedPeer() {
    }

    /** Runs a subcommand with the keys (comma-separated, first encrypts) and the text on stdin. */
    static CPythonPeer.Result run(String keys, String stdin, String... args) {
        return CPythonPeer.runScript(RepoFiles.fixture("encrypted_vault.py"), Map.of("VAULTS4J_KEY", keys), stdin, args);
    }
}
