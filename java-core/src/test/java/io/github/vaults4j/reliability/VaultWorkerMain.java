package io.github.vaults4j.reliability;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.VaultTools;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * </pre>
 */
public final class VaultWorkerMain {
    /** Generous, so that a loaded machine never turns a wait for the lock into a failed write. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    private VaultWorkerMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String mode = args[0];
        Path file = Path.of(args[1]);
        if (mode.equals("migrate")) {
            // Each progress step is acknowledged, so a test can kill the migration at a chosen point.
            VaultTools.migrate(file, MigrationOptions.toMsgpack(),
                    (phase, done, total) -> out.println("{\"ack\": \"" + phase + ":" + done + "\"}"));
            out.println("{\"ack\": \"migrated\"}");
            return;
        }
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        String counter = mode.equals("mixed") ? args[5] : null;
        try (Vault vault = Vault.open(file, VaultOptions.builder().busyTimeout(BUSY_TIMEOUT).build())) {
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
    }

    /** Adds one to the int under the key (0 when missing), read and written in one transaction. */
    static void increment(Vault vault, String key) {
        vault.transaction(v -> {
            Object current = v.get(key);
            v.put(key, current == null ? 1L : ((Number) current).longValue() + 1);
        });
    }
}
