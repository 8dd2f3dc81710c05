package io.github.vaults4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Every vault operation, timed for each {@link BenchTarget} on the same populated file, in the same storage
 * mode. {@code bin/bench} runs it and divides each target's median by the floor's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VaultBenchmark {

    /** A populated vault file and one target opened on it. */
    @State(Scope.Thread)
    public static class Opened {
        @Param({"floor", "core"})
        public String target;

        @Param({"FUSE", "LARGE"})
        public Workload.ValueKind value;

        @Param({"DEFAULT"})
        public StorageMode mode;

        Workload workload;
        BenchTarget opened;
        Path folder;
        Path file;
        int next;

        @Setup(Level.Trial)
        public void open() throws Exception {
            workload = new Workload(value);
            folder = Files.createTempDirectory("vaults4j-bench");
            file = folder.resolve("bench.db");
            workload.populate(file);
            opened = Targets.create(target);
            opened.open(file, mode, workload);
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            opened.close();
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(VaultBenchmark::deleteQuietly);
            }
        }
    }

    /**
     * An opened target whose table is emptied before each batch write, so that every batch inserts the same rows
     * into an empty table. A subclass, not a second state depending on {@link Opened}: JMH would give that one an
     * instance of its own.
     */
    @State(Scope.Thread)
    public static class Emptied extends Opened {
        @Setup(Level.Invocation)
        public void empty() throws Exception {
            opened.clear();
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A temporary file left behind costs nothing worth failing a benchmark for.
        }
    }

    @Benchmark
    public Object getHit(Opened s) throws Exception {
        return s.opened.getHit(s.next++);
    }

    @Benchmark
    public Object getMiss(Opened s) throws Exception {
        return s.opened.getMiss(s.next++);
    }

    @Benchmark
    public boolean containsKey(Opened s) throws Exception {
        return s.opened.containsKey(s.next++);
    }

    @Benchmark
    public void put(Opened s) throws Exception {
        s.opened.put(s.next++);
    }

    @Benchmark
    public void set(Opened s) throws Exception {
        s.opened.set(s.next++);
    }

    @Benchmark
    public void putMany(Emptied s) throws Exception {
        s.opened.putMany();
    }

    @Benchmark
    public long iterate(Opened s) throws Exception {
        return s.opened.iterate();
    }

    @Benchmark
    public long size(Opened s) throws Exception {
        return s.opened.size();
    }
}
