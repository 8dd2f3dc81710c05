package io.github.vaults4j.cli;

import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults expire ROOT|VAULT}: removes the expired entries, as Python's {@code cleanup_expired()}. */
@Command(name = "expire", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Remove the entries whose time to live has run out, and say how many were removed.",
                       "Expired entries are already invisible to every vaults4j reader; this gives their space back"
                       + " and removes them for Python's own module too, which does not know about expiry.",
                       "Each vault is cleaned in one transaction; a vault without entries with a time to live is"
                       + " left untouched."})
final class ExpireCommand extends ToolCommand {
    @Parameters(paramLabel = "ROOT|VAULT", description = "The vault file, or a folder: a Fuse root or its vaults/ folder.")
    Path vault;

    /** What {@code --json} prints per vault. */
    record Expired(Path vault, int removed) {
    }

    @Override
    int execute() throws IOException {
        List<Expired> results = new ArrayList<>();
        for (Path file : VaultTools.vaultFiles(vault)) {
            results.add(new Expired(file, VaultTools.expire(file)));
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("vaults", results);
            report.put("removed", results.stream().mapToLong(Expired::removed).sum());
            printJson(report);
        } else {
            long total = 0;
            for (Expired result : results) {
                out().println(result.vault() + ": " + result.removed() + " expired entries removed");
                total += result.removed();
            }
            if (results.size() > 1) {
                out().println("total: " + total + " expired entries removed");
            }
            out().flush();
        }
        return ExitCodes.OK;
    }
}
