package io.github.vaults4j.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every CPython process the tests start: Debian's {@code /usr/bin/python3} with {@code python3-msgpack}, the
 * other side of every compatibility test. It runs compat-fixtures/peer.py (the project's own CPython model of
 * the Python module), other scripts, or {@code -c} code.
 *
 * <p>The peer is required, not optional: a missing interpreter or msgpack fails the test with a message that
 * says what to install, and a peer that does not finish within its time-out is killed and fails the test.
 * Standard output is read on its own thread while the test waits with a deadline, so a hung peer can never
 * hang the build. The environment (with {@code PYTHONPATH}) is inherited, so what the build's user sees is
 * what the peers see.
 */
public final class CPythonPeer {
    /** Debian's interpreter, which has python3-msgpack; another python3 on PATH may lack it. */
    public static final String PYTHON = "/usr/bin/python3";
    /** How long one peer call may take before it is killed: far beyond any call of the tests. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** What CI installs for the peers (see .ci/run). */
    public static final String INSTALL = "install Debian's python3 and python3-msgpack (apt-get install python3 python3-msgpack)";
    /** The msgpack release line that Fuse's module runs with. */
    private static final String MSGPACK_CHECK = "import msgpack, sys; sys.exit(0 if msgpack.version[:2] == (1, 0) else 3)";
    private static final long KILL_WAIT_SECONDS = 30;

    private static volatile boolean checked;

    /** What one peer call printed. */
    public record Result(int exitCode, List<String> stdout, String stderr) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("CPython peer failed with exit " + exitCode + ":\n"
                        + String.join("\n", stdout) + "\n" + stderr);
            }
            return this;
        }

        /** The last line of standard output, which is where peer.py prints its answer. */
        public String lastLine() {
            if (stdout.isEmpty()) {
                throw new AssertionError("CPython peer printed nothing; stderr:\n" + stderr);
            }
            return stdout.get(stdout.size() - 1);
        }
    }

    private CPythonPeer() {
    }

    /**
     * Fails (once per JVM, then remembered) unless {@code /usr/bin/python3} runs and imports msgpack 1.0, with
     * a message naming what is missing.
     */
    public static void requireInstalled() {
        if (checked) {
            return;
        }
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: " + INSTALL);
        }
        Result msgpack = runUnchecked(Map.of(), TIMEOUT, List.of(PYTHON, "-c", MSGPACK_CHECK), "");
        if (msgpack.exitCode() == 3) {
            throw new AssertionError(PYTHON + " has a msgpack other than 1.0.x, which Fuse uses: " + INSTALL);
        }
        if (msgpack.exitCode() != 0) {
            throw new AssertionError(PYTHON + " cannot import msgpack (PYTHONPATH=" + System.getenv("PYTHONPATH")
                    + "): " + INSTALL + "\n" + msgpack.stderr());
        }
        checked = true;
    }

    /** The command line for a compat-fixtures/peer.py subcommand. */
    public static List<String> command(String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add(RepoFiles.fixture("peer.py").toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a peer subcommand without waiting; finish it with {@link #await}. */
    public static Process start(Map<String, String> env, String... args) {
        return launch(env, command(args), ProcessBuilder.Redirect.INHERIT, "");
    }

    /** Runs a peer.py subcommand to completion within {@link #TIMEOUT}. */
    public static Result run(Map<String, String> env, String... args) {
        return runUnchecked(env, TIMEOUT, command(args), "");
    }

    public static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs {@code /usr/bin/python3 ARGS} (a script, or {@code -c CODE}) to completion within {@link #TIMEOUT}. */
    public static Result python(Map<String, String> env, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.addAll(List.of(args));
        return runUnchecked(env, TIMEOUT, command, "");
    }

    public static Result python(String... args) {
        return python(Map.of(), args);
    }

    /** Runs a script (of compat-fixtures/, or any) to completion within {@link #TIMEOUT}, with text on its stdin. */
    public static Result runScript(Path script, Map<String, String> env, String stdin, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        return runUnchecked(env, TIMEOUT, command, stdin);
    }

    private static Process launch(Map<String, String> env, List<String> command, ProcessBuilder.Redirect stderr,
                                  String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // Written before the output is read: the script reads all its input before it writes much.
            process.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e + "; " + INSTALL, e);
        }
    }

    private static Result runUnchecked(Map<String, String> env, Duration timeout, List<String> command, String stdin) {
        Path err;
        try {
            err = Files.createTempFile("cpython-peer", ".err");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process = launch(env, command, ProcessBuilder.Redirect.to(err.toFile()), stdin);
            List<String> stdout = await(process, timeout, command.toString());
            return new Result(process.exitValue(), stdout, Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(err);
            } catch (IOException ignored) {
                // a temporary file left behind costs nothing
            }
        }
    }

    /**
     * Reads a started process's standard output to its end on a separate thread and waits for the process, both
     * within the time-out; on time-out the process is killed and the test fails naming it.
     */
    public static List<String> await(Process process, Duration timeout, String what) {
        LineReader out = new LineReader(process.getInputStream(), what);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    || !out.awaitEnd(Math.max(0, deadline - System.nanoTime()))) {
                kill(process);
                throw new AssertionError(what + " did not finish within " + timeout.toSeconds()
                        + " s and was killed; it printed " + out.lines());
            }
            return out.lines();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Kills a process and waits (bounded) for it to be gone. */
    public static void kill(Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("process " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A long-lived CPython process asked one line at a time (a request line on its standard input, one reply
     * line on its standard output), each answer awaited with a deadline.
     */
    public static final class Session implements AutoCloseable {
        private final Process process;
        private final BufferedWriter in;
        private final LineReader out;
        private final String what;

        /** Starts {@code /usr/bin/python3 -u SCRIPT}; its standard error goes to the build's output. */
        public Session(Path script) {
            requireInstalled();
            this.what = "CPython " + script.getFileName();
            ProcessBuilder builder = new ProcessBuilder(PYTHON, "-u", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            try {
                this.process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot start " + what + ": " + e + "; " + INSTALL, e);
            }
            this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.out = new LineReader(process.getInputStream(), what);
        }

        /** Sends one line and returns the reply line; fails if none comes within {@link #TIMEOUT}. */
        public String ask(String request) {
            try {
                in.write(request);
                in.write('\n');
                in.flush();
            } catch (IOException e) {
                throw new AssertionError(what + " is gone (exit " + exitOf(process) + ")", e);
            }
            Optional<String> reply = out.next(TIMEOUT);
            if (reply == null) {
                kill(process);
                throw new AssertionError(what + " gave no answer within " + TIMEOUT.toSeconds() + " s to "
                        + abbreviate(request) + "; it was killed");
            }
            return reply.orElseThrow(() -> new AssertionError(what + " exited (" + exitOf(process) + ") before answering "
                    + abbreviate(request)));
        }

        @Override
        public void close() {
            try {
                in.close();
                if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    kill(process);
                }
            } catch (IOException e) {
                kill(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(process);
            }
        }

        private static String exitOf(Process process) {
            return process.isAlive() ? "still running" : "exit " + process.exitValue();
        }

        private static String abbreviate(String request) {
            return request.length() <= 200 ? request : request.substring(0, 200) + "...";
        }
    }

    /** Standard output read line by line on a virtual thread, so waits on it can have deadlines. */
    private static final class LineReader {
        /** Marks the end of the stream in the queue. */
        private static final String END = new String("end of stream");
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();
        private final Thread thread;

        LineReader(InputStream stream, String what) {
            this.thread = Thread.ofVirtual().name("stdout of " + what).start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        queue.add(line);
                    }
                } catch (IOException closed) {
                    // the process was killed: what was read is what it printed
                } finally {
                    queue.add(END);
                }
            });
        }

        /** The next line, an empty optional at the end of the stream, or null when none came in time. */
        Optional<String> next(Duration timeout) {
            try {
                String line = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                if (line == END) {
                    queue.add(END);
                    return Optional.empty();
                }
                synchronized (all) {
                    all.add(line);
                }
                return Optional.of(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        boolean awaitEnd(long nanos) throws InterruptedException {
            thread.join(Duration.ofNanos(nanos));
            return !thread.isAlive();
        }

        /** Every line read so far, including those no one asked for with {@link #next}. */
        List<String> lines() {
            for (Optional<String> line = next(Duration.ZERO); line != null && line.isPresent(); line = next(Duration.ZERO)) {
                // moves the lines waiting in the queue into the record
            }
            synchronized (all) {
                return List.copyOf(all);
            }
        }
    }
}
