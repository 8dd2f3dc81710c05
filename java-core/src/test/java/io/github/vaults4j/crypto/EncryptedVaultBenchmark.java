package io.github.vaults4j.crypto;

import io.github.vaults4j.Vault;
import io.github.vaults4j.codec.PickleReader;
import io.github.vaults4j.codec.PickleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * What encryption adds to a read: {@code get} of a Fuse-sized record (a dict of six fields) from a plain vault,
 * a Fernet vault and a GCM vault on the same kind of file. Run as shown in the README's "Encrypted vaults".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncryptedVaultBenchmark {
    private static final int ROWS = 1000;
    private static final int MAX_DEPTH = 1000;

    @State(Scope.Thread)
    public static class Opened {
        @Param({"plain", "fernet", "gcm"})
        public String mode;

        Map<Object, Object> map;
        Vault vault;
        Path folder;
        int next;

        @Setup(Level.Trial)
        public void open() throws Exception {
            folder = Files.createTempDirectory("vaults4j-crypto-bench");
            vault = Vault.open(folder.resolve("bench.db"));
            map = switch (mode) {
                case "plain" -> vault;
                case "fernet" -> EncryptedVault.fernet(vault, FernetKey.generate());
                case "gcm" -> EncryptedVault.gcm(vault, MasterKey.generate());
                default -> throw new IllegalArgumentException(mode);
            };
            Map<Object, Object> rows = new LinkedHashMap<>();
            for (int i = 0; i < ROWS; i++) {
                rows.put("env-" + i, record(i));
            }
            if (map instanceof EncryptedVault encrypted) {
                encrypted.putMany(rows);
            } else {
                vault.putMany(rows);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            vault.close();
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        String nextKey() {
            next = (next + 1) % ROWS;
            return "env-" + next;
        }
    }

    static Map<Object, Object> record(int i) {
        Map<Object, Object> r = new LinkedHashMap<>();
        r.put("name", "env-" + i);
        r.put("path", "/home/ana/.fuse/environments/env-" + i);
        r.put("python", "3.11.2");
        r.put("packages", List.of("numpy", "pandas", "requests"));
        r.put("active", i % 2 == 0);
        r.put("created", 1_700_000_000L + i);
        return r;
    }

    @Benchmark
    public Object get(Opened o) {
        return o.map.get(o.nextKey());
    }

    /** The cost of the crypto alone, in memory: open one stored Fernet token and unpickle the record. */
    @State(Scope.Thread)
    public static class Token {
        MultiFernet fernet;
        byte[] token;

        @Setup(Level.Trial)
        public void seal() {
            fernet = new MultiFernet(List.of(FernetKey.generate()));
            token = fernet.encrypt(PickleWriter.write(record(7), EncryptedVault.PICKLE_PROTOCOL));
        }
    }

    @Benchmark
    public Object fernetOpenInMemory(Token t) {
        byte[] pickle = t.fernet.decrypt(t.token);
        return PickleReader.read(pickle, 0, pickle.length, MAX_DEPTH);
    }
}
