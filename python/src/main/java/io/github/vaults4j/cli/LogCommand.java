package io.github.vaults4j.cli;

import io.github.vaults4j.AccessLogEntry;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vaults log VAULT}: the vault's access log, read-only. */
@Command(name = "log", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Print a vault's access log: the reads, writes and removals that programs which opened it with"
                       + " the access log on have recorded (operation, key or its keyed hash, time, duration, process).",
                       "VAULT is a vault file, a root folder with --vault NAME, or postgresql://...#NAME. Prints nothing"
                       + " for a vault without a log."})
final class LogCommand extends ToolCommand {
    /** Default of {@code --limit}. */
    static final int DEFAULT_LIMIT = 1000;

    @Parameters(index = "0", paramLabel = "VAULT", description = "A vault file, a root folder or a postgresql:// address.")
    String vault;

    @Option(names = "--vault", paramLabel = "NAME", description = "The vault when VAULT is a root.")
    String name;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only records from then on: 30m, 24h, 7d, PT2H, 2026-12-02T10:00:00Z, 2026-12-02T10:00 or"
                    + " 2026-12-02 (local time).")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "At most the newest N records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int execute() throws IOException {
        VaultAddress address;
        Instant from;
        try {
            address = VaultAddress.parse(vault, name, null);
            from = since == null ? Instant.EPOCH : SinceArg.parse(since, Instant.now(), ZoneId.systemDefault());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw usage(e.getMessage());
        }
        if (limit <= 0) {
            throw usage("--limit must be positive: " + limit);
        }
        List<AccessLogEntry> entries = VaultTools.accessLog(address, from, limit);
        if (json) {
            List<Map<String, Object>> records = new ArrayList<>(entries.size());
            for (AccessLogEntry entry : entries) {
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("operation", entry.operation());
                record.put("key", entry.key());
                record.put("at", entry.at().toString());
                record.put("duration_us", entry.durationMicros());
                record.put("process", entry.process());
                records.add(record);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("vault", address.toString());
            document.put("entries", records);
            printJson(document);
            return ExitCodes.OK;
        }
        Table table = new Table("AT", "OPERATION", "KEY", "DURATION", "PROCESS");
        for (AccessLogEntry entry : entries) {
            table.row(entry.at(), entry.operation(), entry.key(), entry.durationMicros() + " µs", entry.process());
        }
        if (!entries.isEmpty()) {
            table.print(out());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
