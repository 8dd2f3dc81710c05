package io.github.vaults4j.bench;

import io.github.vaults4j.Vault;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shows that iterating a vault holds a bounded amount of memory whatever its size: iterates vaults of 10,000
 * and 100,000 Fuse-sized rows and reports the live heap (after a full collection) at ten points of each
 * iteration, above what was live before it started. Run it with a small heap ({@code -Xmx64m}) to see the
 * larger vault iterate where loading it whole would not fit as comfortably.
 */
public final class IterationMemory {
    private IterationMemory() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| rows | file MB | live heap before KB | most live heap during iteration KB | growth KB |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int rows : new int[] {10_000, 100_000}) {
            measure(rows);
        }
    }

    private static void measure(int rows) throws Exception {
        Path folder = Files.createTempDirectory("vaults4j-memory");
        Path file = folder.resolve("memory.db");
        populate(file, rows);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Vault vault = Vault.open(file)) {
            long before = liveHeap(memory);
            long most = before;
            int seen = 0;
            int checkpoint = rows / 10;
            for (Map.Entry<Object, Object> entry : vault.entrySet()) {
                if (entry.getValue() != null && ++seen % checkpoint == 0) {
                    most = Math.max(most, liveHeap(memory));
                }
            }
            if (seen != rows) {
                throw new IllegalStateException("iterated " + seen + " rows of " + rows);
            }
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %,d | %,d | %,d |%n", rows, Files.size(file) / 1e6,
                    before / 1024, most / 1024, (most - before) / 1024);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        }
    }

    /** In a method of its own, so that nothing it allocated is still referenced while the iteration is measured. */
    private static void populate(Path file, int rows) {
        try (Vault vault = Vault.open(file)) {
            Map<Object, Object> batch = new LinkedHashMap<>();
            for (int i = 0; i < rows; i++) {
                batch.put(Workload.key(i), Workload.fuseRecord(i));
                if (batch.size() == 10_000) {
                    vault.putMany(batch);
                    batch.clear();
                }
            }
            vault.putMany(batch);
        }
    }

    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
