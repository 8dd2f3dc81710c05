package io.github.vaults4j.bench;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The cost of the expiry check on {@code get}: the same vault without any entry with a time to live (no side table:
 * the check is the schema look the connection makes when the file changes) and with one key in ten given an hour
 * to live (every lookup then also asks the side table). {@code bin/bench} runs it as the TTL table.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TtlBenchmark {
    /** Keys in the vault. */
    static final int KEYS = 10_000;
    /** One key in this many has a time to live in the {@code TENTH} layout. */
    static final int TTL_EVERY = 10;

    /** What the vault holds beside its rows. */
    public enum Expiry {
        /** No entry has a time to live: the file is as Python's module makes it. */
        NONE,
        /** One key in ten has an hour to live. */
        TENTH
    }

    @State(Scope.Thread)
    public static class Opened {
        @Param({"NONE", "TENTH"})
        public Expiry expiry;

        /** Whether the vault holds its file exclusively, which takes the file locks out of every statement. */
        @Param({"false", "true"})
        public boolean exclusive;

        Path folder;
        Vault vault;
        String[] keys;
        int next;

        @Setup(Level.Trial)
        public void open() throws IOException {
            folder = Files.createTempDirectory("vaults4j-ttl-bench");
            Path file = folder.resolve("ttl.db");
            keys = new String[KEYS];
            Map<String, String> rows = new LinkedHashMap<>();
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "key-" + i;
                rows.put(keys[i], "value of key " + i);
            }
            try (Vault writer = Vault.open(file)) {
                writer.putMany(rows);
                if (expiry == Expiry.TENTH) {
                    for (int i = 0; i < KEYS; i += TTL_EVERY) {
                        writer.touch(keys[i], Duration.ofHours(1));
                    }
                }
            }
            vault = Vault.open(file, VaultOptions.builder().exclusive(exclusive).build());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            vault.close();
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }

        String nextKey() {
            next = (next + 7919) % KEYS; // a prime stride: every key in turn, in no index order
            return keys[next];
        }
    }

    /** A lookup of a present key (with or without a time to live of its own). */
    @Benchmark
    public Object get(Opened state) {
        return state.vault.get(state.nextKey());
    }
}
