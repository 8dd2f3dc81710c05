package io.github.vaults4j.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.testing.CPythonPeer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A writer in another process (CPython peer or {@link VaultWorkerMain} in a second JVM) and what it has
 * acknowledged so far. Its standard output goes to a file, read as it grows, so a test can kill it after some
 * acknowledgements and still know every write it was promised: read from a pipe, the last lines before a kill
 * could be lost, because the JDK closes the pipe under a blocked reader when the process exits ("Stream closed").
 * Public for the tests of other packages and modules: a live backup's writer, and writers of their own kind
 * beside these ({@link #gatedJvmRunning}).
 */
public final class WriterProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EXIT_TIMEOUT_SECONDS = 120;
    /** How long the reader waits for the writer's output file to grow. */
    private static final long POLL_MILLIS = 1;
    private static final int READ_BYTES = 8192;

    private final String name;
    private final Process process;
    private final Path stderr;
    private final Path stdout;
    private final Thread reader;
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final AtomicInteger increments = new AtomicInteger();
    private final List<String> otherLines = new CopyOnWriteArrayList<>();
    private volatile boolean ready;

    private WriterProcess(String name, List<String> command, Path stderr, Path startGate) {
        this.name = name;
        this.stderr = stderr;
        this.stdout = stderr.resolveSibling(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(stdout.toFile());
        // The Python module waits 5 s for a lock; under an artificial hammer that is a question of
        // scheduling, not of lost data, which is what these tests measure.
        builder.environment().put("VAULTS_REF_BUSY_TIMEOUT", "30");
        if (startGate != null) {
            builder.environment().put(VaultWorkerMain.START_GATE_ENV, startGate.toString());
        }
        try {
            this.process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        this.reader = Thread.ofVirtual().name("stdout of " + name).start(this::readLines);
    }

    /** compat-fixtures/peer.py with these arguments, in Debian's CPython. */
    public static WriterProcess cpython(Path logs, String name, String... args) {
        return new WriterProcess(name, CPythonPeer.command(args), logs.resolve(name + ".err"), null);
    }

    /** As {@link #cpython}, but the writer opens its vault and then waits until {@code startGate} exists. */
    static WriterProcess gatedCpython(Path startGate, Path logs, String name, String... args) {
        return new WriterProcess(name, CPythonPeer.command(args), logs.resolve(name + ".err"), startGate);
    }

    /** {@link VaultWorkerMain} in a new JVM: the same java binary and test classpath as this one. */
    static WriterProcess jvm(Path logs, String name, String... args) {
        return new WriterProcess(name, jvmCommand(VaultWorkerMain.class, args), logs.resolve(name + ".err"), null);
    }

    /** As {@link #jvm}, but the writer opens its vault and then waits until {@code startGate} exists. */
    public static WriterProcess gatedJvm(Path startGate, Path logs, String name, String... args) {
        return new WriterProcess(name, jvmCommand(VaultWorkerMain.class, args), logs.resolve(name + ".err"), startGate);
    }

    /** As {@link #jvm}, in a JVM whose heap may grow to {@code maxHeap} ({@code -Xmx}'s form) and no further. */
    static WriterProcess jvmWithHeap(String maxHeap, Path logs, String name, String... args) {
        List<String> command = jvmCommand(VaultWorkerMain.class, args);
        command.add(1, "-Xmx" + maxHeap);
        return new WriterProcess(name, command, logs.resolve(name + ".err"), null);
    }

    /**
     * As {@link #gatedJvm}, but running another class's {@code main} on the same class path: a writer of another
     * kind that prints the same acknowledgements and honours the same start gate.
     */
    public static WriterProcess gatedJvmRunning(Class<?> main, Path startGate, Path logs, String name, String... args) {
        return new WriterProcess(name, jvmCommand(main, args), logs.resolve(name + ".err"), startGate);
    }

    private static List<String> jvmCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Only the flags that keep JDK 24+ quiet about the libraries' Unsafe and native access.
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--sun-misc-unsafe-memory-access") || flag.startsWith("--enable-native-access")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Reads the output file as it grows, whole lines only, until the writer has ended and every byte it wrote is
     * read (whether it ended is asked before each read, so nothing written before the end is missed).
     */
    private void readLines() {
        try (FileChannel out = FileChannel.open(stdout, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                boolean ended = !process.isAlive();
                buffer.clear();
                int n = out.read(buffer);
                if (n > 0) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer.get(i);
                        if (b == '\n') {
                            accept(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                } else if (ended) {
                    return; // a last line without its newline was cut by the kill: not an acknowledgement
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + name + " in " + stdout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(String line) {
        JsonNode document = parse(line);
        if (document != null && document.has("ack")) {
            acks.add(document.get("ack").asText());
        } else if (document != null && document.has("ready")) {
            ready = true;
        } else if (document != null && document.has("inc")) {
            increments.incrementAndGet();
        } else {
            otherLines.add(line);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException notJson) {
            return null;
        }
    }

    public String name() {
        return name;
    }

    /** Keys acknowledged so far, in order. */
    public List<String> acks() {
        return List.copyOf(acks);
    }

    /** Counter increments acknowledged so far. */
    public int increments() {
        return increments.get();
    }

    List<String> otherLines() {
        return List.copyOf(otherLines);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits (bounded) until at least {@code n} writes are acknowledged; false if the process ended first. */
    public boolean awaitAcks(int n, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (acks.size() < n && System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
                return acks.size() >= n;
            }
            Thread.sleep(1);
        }
        return acks.size() >= n;
    }

    /** Waits (bounded) until a gated writer has opened its vault and waits at the gate; false if it ended first. */
    public boolean awaitReady(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!ready && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return ready;
    }

    /** Waits (bounded) until this exact acknowledgement came; false if the process ended first or time ran out. */
    boolean awaitAck(String ack, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!acks.contains(ack) && System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
                return acks.contains(ack);
            }
            Thread.sleep(1);
        }
        return acks.contains(ack);
    }

    /** SIGKILL on Linux: no shutdown hook, no finally block, no SQLite cleanup runs in the writer. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL");
        }
        reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
    }

    /** Waits for a normal end and demands exit status 0. */
    public void awaitSuccess() throws InterruptedException {
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + EXIT_TIMEOUT_SECONDS + " s; " + describe());
        }
        reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " failed with exit " + process.exitValue() + "; " + describe());
        }
    }

    /** Acknowledgements, stray output and standard error, for failure messages. */
    public String describe() {
        String err;
        try {
            err = Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            err = "(cannot read " + stderr + ": " + e + ")";
        }
        return name + ": " + acks.size() + " acks, other output " + otherLines + ", stderr:\n" + err;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
