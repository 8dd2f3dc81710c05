package io.github.vaults4j.crypto;

import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs compat-fixtures/encrypted_vault.py (the design notes' Python class, on CPython with {@code cryptography})
 * in a real process. Keys travel in the environment variable VAULTS4J_KEY, as the script requires.
 */
final class EncryptedPeer {
    /** The script's exit status for a token no key verifies. */
    static final int INVALID_TOKEN_EXIT = 3;
    private static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, List<String> stdout, String stderr) {
        Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("encrypted_vault.py failed with exit " + exitCode + ":\n" + stderr);
            }
            return this;
        }
    }

    private EncryptedPeer() {
    }

    /** Runs a subcommand with the keys (comma-separated, first encrypts) and the text on stdin. */
    static Result run(String keys, String stdin, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of(CPythonPeer.PYTHON,
                    RepoFiles.fixture("encrypted_vault.py").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("VAULTS4J_KEY", keys);
            Path err = Files.createTempFile("encrypted-peer", ".err");
            builder.redirectError(err.toFile());
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            List<String> stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("encrypted_vault.py did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new Result(process.exitValue(), stdout, stderr);
        } catch (IOException e) {
            throw new AssertionError("cannot run encrypted_vault.py: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
