package io.github.vaults4j.cli;

import io.github.vaults4j.tools.AccessSummary;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultStats;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults stats PATH...}: sizes, encodings and twins. */
@Command(name = "stats", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Count rows, key and value sizes, cell encodings and twins (one key stored under two encodings) of each vault.",
                       "When a vault keeps an access log: its last access, its records of the last 24 hours by operation"
                       + " and its most-accessed keys."})
final class StatsCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Vault files or folders, postgresql:// roots or postgresql://...#NAME vaults.")
    List<String> paths;

    @Override
    int execute() throws IOException {
        List<VaultStats> results = new ArrayList<>();
        for (VaultAddress file : VaultFileArgs.vaults(paths)) {
            try (ProgressBars progress = progress()) {
                results.add(VaultTools.stats(file, progress));
            }
        }
        if (json) {
            printJson(results);
            return ExitCodes.OK;
        }
        for (VaultStats stats : results) {
            out().println(stats.location());
            new Table("ROWS", "KEY BYTES", "VALUE BYTES", "AVG KEY", "AVG VALUE", "KEY ENCODINGS", "VALUE ENCODINGS")
                    .row(stats.rows(), stats.keyBytes(), stats.valueBytes(), String.format("%.1f", stats.averageKeyBytes()),
                            String.format("%.1f", stats.averageValueBytes()), stats.keyEncodings(), stats.valueEncodings())
                    .print(out());
            if (stats.undecodableKeys() > 0) {
                out().println("undecodable keys: " + stats.undecodableKeys() + " (run vaults check)");
            }
            for (VaultStats.Twin twin : stats.twins()) {
                out().println("twin " + twin.key() + ": rows " + twin.rowIds() + " as " + twin.encodings());
            }
            if (stats.access() != null) {
                printAccess(stats.access());
            }
            out().println();
        }
        out().flush();
        return ExitCodes.OK;
    }

    private void printAccess(AccessSummary access) {
        out().println("access log: " + access.records() + " records, last access " + access.lastAccess());
        StringBuilder recent = new StringBuilder("last 24 h:");
        if (access.last24Hours().isEmpty()) {
            recent.append(" none");
        }
        access.last24Hours().forEach((operation, count) -> recent.append(' ').append(operation).append(' ').append(count));
        out().println(recent);
        Table top = new Table("MOST ACCESSED", "RECORDS");
        for (AccessSummary.KeyCount key : access.mostAccessed()) {
            top.row(key.key(), key.count());
        }
        top.print(out());
    }
}
