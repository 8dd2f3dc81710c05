package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.reliability.WriterProcess;
import io.github.vaults4j.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs and a GraalPy process incrementing one counter of one vault of a PostgreSQL root at the same time
 * lose no update: the stored total is exactly the sum of the increments every process saw committed.
 *
 * <p>The JVMs are java-core's {@code VaultWorkerMain counter} ({@code Vault.transaction} around a get and a put);
 * the GraalPy process is {@code counter_peer.py} on {@link GraalPyScriptMain}, the unchanged {@code vaults} API
 * with {@code set_root_path("postgresql://...")}, each increment in the transaction of the Java vault behind it.
 * All four open the vault, report ready and wait at one start gate, so that the increments overlap rather than
 * run one process after another (the GraalPy context alone costs seconds).
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresCounterWithGraalPyTest {
    private static final Path PYTHON_TESTS = Path.of(System.getProperty("vaults4j.python.tests", "src/test/python"));
    private static final int JVMS = 3;
    /** Increments per process: enough to overlap for a while, few enough that commits (a WAL flush each) stay quick. */
    private static final int INCREMENTS = 80;
    private static final String VAULT = "shared";
    private static final String COUNTER = "counter";
    /** A loaded machine starts a GraalPy JVM in well under this; a process that is not ready by then is hung. */
    private static final Duration READY_WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void threeJvmsAndAGraalPyProcessIncrementingOneCounterLoseNoUpdate(PostgresCluster cluster) throws Exception {
        String url = cluster.url() + "?schema=graalpy_counter";
        String count = String.valueOf(INCREMENTS);
        Path gate = dir.resolve("start-gate");
        try (Vaults root = Vaults.at(url); Vault vault = root.open(VAULT)) {
            vault.clear();
            List<WriterProcess> writers = new ArrayList<>();
            try {
                for (int i = 0; i < JVMS; i++) {
                    writers.add(WriterProcess.gatedJvm(gate, dir, "pg-jvm-" + i, "counter", url + "#" + VAULT,
                            COUNTER, count));
                }
                writers.add(WriterProcess.gatedJvmRunning(GraalPyScriptMain.class, gate, dir, "graalpy",
                        PYTHON_TESTS.resolve("counter_peer.py").toAbsolutePath().toString(), url, VAULT, COUNTER, count));
                for (WriterProcess writer : writers) {
                    assertTrue(writer.awaitReady(READY_WAIT), writer::describe);
                }
                Files.createFile(gate);
                for (WriterProcess writer : writers) {
                    writer.awaitSuccess();
                }
            } finally {
                for (WriterProcess writer : writers) {
                    writer.close();
                }
            }
            long acknowledged = 0;
            for (WriterProcess writer : writers) {
                assertEquals(INCREMENTS, writer.increments(), writer::describe);
                acknowledged += writer.increments();
            }
            assertEquals(acknowledged, vault.get(COUNTER), "increments committed by all processes, stored total");
            assertEquals(1, vault.size());
        }
    }
}
