package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.testing.PostgresCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a PostgreSQL vault takes memory flat in its size: a JVM whose heap is a third of the vault's values
 * iterates every entry and copies the vault to a file, both a page of rows at a time. A reader that held the
 * vault's rows (a page as large as the vault) fails with an OutOfMemoryError.
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresIterationMemoryTest {
    /** The reader's heap: the JVM and the libraries need about 20 MB of it. */
    private static final String READER_HEAP = "40m";
    private static final int ROWS = 48_000;
    /** Random bytes, so the server cannot compress them: about 120 MB of values in all, three times the heap. */
    private static final int VALUE_BYTES = 2_500;
    private static final int BATCH = 4_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void aReaderWithAHeapSmallerThanTheVaultIteratesAndCopiesIt(PostgresCluster cluster) throws Exception {
        String url = cluster.url() + "?schema=iteration_memory";
        Random random = new Random(20261202L);
        try (Vaults root = Vaults.at(url); Vault vault = root.open("large")) {
            vault.clear();
            for (int start = 0; start < ROWS; start += BATCH) {
                Map<Object, Object> batch = new LinkedHashMap<>();
                for (int i = start; i < start + BATCH; i++) {
                    byte[] value = new byte[VALUE_BYTES];
                    random.nextBytes(value);
                    batch.put("row-" + i, value);
                }
                vault.putMany(batch);
            }
        }
        WriterProcess reader = WriterProcess.jvmWithHeap(READER_HEAP, dir, "pg-reader", "read", url + "#large",
                dir.resolve("large.db").toString());
        try {
            reader.awaitSuccess();
        } finally {
            reader.close();
        }
        assertEquals(List.of("iterated:" + ROWS, "copied:" + ROWS), reader.acks(), reader::describe);
    }
}
