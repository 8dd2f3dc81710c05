package io.github.vaults4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs compat-fixtures/peer.py in a real CPython process (Debian's python3 with msgpack), the other side of
 * every compatibility test. The peer is required, not optional: a missing interpreter fails the test with
 * a message that says what to install.
 */
public final class CPythonPeer {
    /** Debian's interpreter, which has python3-msgpack; another python3 on PATH may lack it. */
    public static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 120;

    /** What one peer call printed. */
    public record Result(int exitCode, List<String> stdout, String stderr) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("peer failed with exit " + exitCode + ":\n" + String.join("\n", stdout) + "\n" + stderr);
            }
            return this;
        }
    }

    private CPythonPeer() {
    }

    /** The command line for a peer subcommand. */
    public static List<String> command(String... args) {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: install Debian's python3 and python3-msgpack");
        }
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add(RepoFiles.fixture("peer.py").toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a peer subcommand without waiting; the caller reads its output and waits. */
    public static Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }

    /** Runs a peer subcommand to completion. */
    public static Result run(Map<String, String> env, String... args) {
        return runScript(RepoFiles.fixture("peer.py"), env, "", args);
    }

    /** Runs another script of compat-fixtures/ (or any script) to completion, with the text on its stdin. */
    public static Result runScript(Path script, Map<String, String> env, String stdin, String... args) {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: install Debian's python3 and python3-msgpack");
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Path err = Files.createTempFile("peer", ".err");
            builder.redirectError(err.toFile());
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            List<String> stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("peer did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new Result(process.exitValue(), stdout, stderr);
        } catch (IOException e) {
            throw new AssertionError("cannot run the CPython peer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Result run(String... args) {
        return run(Map.of(), args);
    }
}
