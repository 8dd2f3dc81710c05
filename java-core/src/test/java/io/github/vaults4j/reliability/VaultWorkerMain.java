package io.github.vaults4j.reliability;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.VaultTools;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second JVM that writes a vault, the Java twin of compat-fixtures/peer.py {@code writer}: it prints
 * {@code {"ack": KEY}} for each write only after the write's transaction committed, so a test that kills it
 * knows which writes must have survived.
 *
 * <pre>
 * writer FILE PREFIX COUNT BATCH           PREFIX-0 .. PREFIX-(COUNT-1); BATCH 1 = put, more = putMany
 * mixed FILE PREFIX COUNT BATCH COUNTER    as writer, and after every batch one atomic increment of the
 *                                          int under COUNTER, acknowledged as {"inc": COUNTER}
 * hold FILE                                plain SQLite, not Vault: overwrites every value inside one open
 *                                          transaction with a page cache too small to hold it, so the changed
 *                                          pages reach the file and the originals the journal; acknowledges
 *                                          {"ack": "spilled"} and waits to be killed, leaving a hot journal
 * </pre>
 *
 * <p>With {@value #START_GATE_ENV}=PATH in the environment, {@code writer} and {@code mixed} open the vault,
 * print {@code {"ready": true}} and wait until PATH exists before their first write, as peer.py does, so a
 * test can start writers of every kind at one moment.
 *
 * <p>Given {@code postgresql://...#NAME} instead of FILE, {@code writer} and {@code mixed} (and {@code counter})
 * run on that vault of a PostgreSQL root, honouring the start gate too: see {@link PostgresWorker}.
 */
public final class VaultWorkerMain {
    /** Generous, so that a loaded machine never turns a wait for the lock into a failed write. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    /** The environment variable naming the start gate file; the same one compat-fixtures/peer.py reads. */
    static final String START_GATE_ENV = "VAULTS_PEER_START_GATE";
    private static final Duration START_GATE_WAIT = Duration.ofSeconds(300);
    private static final long START_GATE_POLL_MILLIS = 2;

    private VaultWorkerMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String mode = args[0];
        if (args.length > 1 && PostgresAddress.isAddress(args[1])) {
            // A vault of a PostgreSQL root in place of the file: the same modes, in PostgresWorker.
            PostgresWorker.run(args, out);
            return;
        }
        Path file = Path.of(args[1]);
        if (mode.equals("migrate")) {
            // Each progress step is acknowledged, so a test can kill the migration at a chosen point.
            VaultTools.migrate(file, MigrationOptions.toMsgpack(),
                    (phase, done, total) -> out.println("{\"ack\": \"" + phase + ":" + done + "\"}"));
            out.println("{\"ack\": \"migrated\"}");
            return;
        }
        if (mode.equals("hold")) {
            holdSpilledTransaction(file, out);
            return;
        }
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        String counter = mode.equals("mixed") ? args[5] : null;
        try (Vault vault = Vault.open(file, VaultOptions.builder().busyTimeout(BUSY_TIMEOUT).build())) {
            awaitStartGate(out);
            write(vault, out, prefix, count, batch, counter);
        }
    }

    /**
     * Puts PREFIX-0 .. PREFIX-(COUNT-1) in batches (1: put, more: putMany), acknowledging each key after its batch
     * committed, and after each batch one increment of COUNTER when given.
     */
    static void write(Vault vault, PrintStream out, String prefix, int count, int batch, String counter) {
        for (int start = 0; start < count; start += batch) {
            Map<String, Object> items = new LinkedHashMap<>();
            for (int i = start; i < Math.min(count, start + batch); i++) {
                items.put(prefix + "-" + i, Reliability.writerValue(prefix, i));
            }
            if (batch == 1) {
                Map.Entry<String, Object> only = items.entrySet().iterator().next();
                vault.put(only.getKey(), only.getValue());
            } else {
                vault.putMany(items);
            }
            for (String key : items.keySet()) {
                out.println("{\"ack\": \"" + key + "\"}");
            }
            if (counter != null) {
                increment(vault, counter);
                out.println("{\"inc\": \"" + counter + "\"}");
            }
        }
    }

    /** Pages of SQLite's cache in {@code hold}: far fewer than the transaction changes, so it spills to the file. */
    private static final int TINY_CACHE_PAGES = 4;
    /** The bytes each value is overwritten with in {@code hold}: not a cell any decoder accepts. */
    static final int SPILLED_VALUE_BYTES = 2048;

    private static void holdSpilledTransaction(Path file, PrintStream out) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = " + TINY_CACHE_PAGES);
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("UPDATE dict SET value = zeroblob(" + SPILLED_VALUE_BYTES + ")");
            out.println("{\"ack\": \"spilled\"}");
            Thread.sleep(Long.MAX_VALUE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With {@value #START_GATE_ENV} set: prints {@code {"ready": true}} and waits until the gate file exists. */
    static void awaitStartGate(PrintStream out) {
        String gate = System.getenv(START_GATE_ENV);
        if (gate == null || gate.isEmpty()) {
            return;
        }
        out.println("{\"ready\": true}");
        long deadline = System.nanoTime() + START_GATE_WAIT.toNanos();
        try {
            while (!Files.exists(Path.of(gate))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("start gate " + gate + " did not open in " + START_GATE_WAIT);
                }
                Thread.sleep(START_GATE_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the start gate", e);
        }
    }

    /** Adds one to the int under the key (0 when missing), read and written in one transaction. */
    static void increment(Vault vault, String key) {
        vault.transaction(v -> {
            Object current = v.get(key);
            v.put(key, current == null ? 1L : ((Number) current).longValue() + 1);
        });
    }
}
