package io.github.vaults4j.reliability;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link VaultWorkerMain}'s modes on a vault of a PostgreSQL root, given as {@code postgresql://...#NAME} where a
 * file would go. The same acknowledgements: {@code {"ack": KEY}} after the write committed, {@code {"inc": COUNTER}}
 * after each increment committed.
 *
 * <pre>
 * writer URL#NAME PREFIX COUNT BATCH           BATCH 1 = put, more = putMany
 * mixed URL#NAME PREFIX COUNT BATCH COUNTER    and one increment of COUNTER after every batch
 * counter URL#NAME COUNTER COUNT               COUNT increments of COUNTER, nothing else
 * </pre>
 */
final class PostgresWorker {
    private static final String SEPARATOR = "#";

    private PostgresWorker() {
    }

    static void run(String[] args, PrintStream out) {
        String mode = args[0];
        int fragment = args[1].lastIndexOf(SEPARATOR);
        VaultOptions options = VaultOptions.builder().busyTimeout(VaultWorkerMain.BUSY_TIMEOUT).build();
        try (Vaults root = Vaults.at(args[1].substring(0, fragment));
             Vault vault = root.open(args[1].substring(fragment + 1), options)) {
            if (mode.equals("counter")) {
                String counter = args[2];
                int count = Integer.parseInt(args[3]);
                for (int i = 0; i < count; i++) {
                    VaultWorkerMain.increment(vault, counter);
                    out.println("{\"inc\": \"" + counter + "\"}");
                }
                return;
            }
            write(vault, out, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    mode.equals("mixed") ? args[5] : null);
        }
    }

    private static void write(Vault vault, PrintStream out, String prefix, int count, int batch, String counter) {
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
                VaultWorkerMain.increment(vault, counter);
                out.println("{\"inc\": \"" + counter + "\"}");
            }
        }
    }
}
