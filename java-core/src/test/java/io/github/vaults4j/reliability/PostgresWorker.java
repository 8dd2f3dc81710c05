package io.github.vaults4j.reliability;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.tools.CopyResult;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * read URL#NAME FILE                           iterates every entry, then copies the vault to FILE
 * </pre>
 */
final class PostgresWorker {
    /**
     * Iterates the whole vault ({@code entrySet}, as an application reads it), then copies it to {@code file}
     * (the tools' streamed read): each acknowledged with the rows it saw, {@code {"ack": "iterated:N"}} and
     * {@code {"ack": "copied:N"}}. Run with a heap smaller than the vault, it shows that neither holds the vault.
     */
    private static void readEverything(Vault vault, String address, Path file, PrintStream out) {
        long rows = 0;
        for (Map.Entry<Object, Object> entry : vault.entrySet()) {
            if (entry.getValue() != null) {
                rows++;
            }
        }
        out.println("{\"ack\": \"iterated:" + rows + "\"}");
        CopyResult copied = VaultTools.copy(VaultAddress.parse(address, null, null), VaultAddress.ofFile(file), false,
                Progress.NONE);
        out.println("{\"ack\": \"copied:" + copied.rows() + "\"}");
    }

    private static final String SEPARATOR = "#";

    private PostgresWorker() {
    }

    static void run(String[] args, PrintStream out) {
        String mode = args[0];
        int fragment = args[1].lastIndexOf(SEPARATOR);
        VaultOptions options = VaultOptions.builder().busyTimeout(VaultWorkerMain.BUSY_TIMEOUT).build();
        try (Vaults root = Vaults.at(args[1].substring(0, fragment));
             Vault vault = root.open(args[1].substring(fragment + 1), options)) {
            VaultWorkerMain.awaitStartGate(out);
            if (mode.equals("read")) {
                readEverything(vault, args[1], Path.of(args[2]), out);
                return;
            }
            if (mode.equals("counter")) {
                String counter = args[2];
                int count = Integer.parseInt(args[3]);
                for (int i = 0; i < count; i++) {
                    VaultWorkerMain.increment(vault, counter);
                    out.println("{\"inc\": \"" + counter + "\"}");
                }
                return;
            }
            VaultWorkerMain.write(vault, out, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    mode.equals("mixed") ? args[5] : null);
        }
    }
}
