package io.github.vaults4j.cli;

import io.github.vaults4j.Format;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.MigrationReport;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vaults migrate PATH... --to msgpack|pickle [--protocol N] [--dry-run]}. */
@Command(name = "migrate", mixinStandardHelpOptions = true, footer = {
        "",
        "Rules: keys become the cell the target Python writer writes, so its get finds them. Values msgpack",
        "cannot hold, or would read back as another value (tuple, set, dict with non-str keys, datetime...),",
        "stay pickle byte for byte. Twins (rows whose keys become the same cell): the row already in the target",
        "encoding wins, else the newest row; the others are dropped and listed. A backup",
        "NAME.db.pre-migrate-YYYYMMDD-HHMMSS.bak is written first; every row is verified to read back equal",
        "before the transaction commits. A vault already in the target profile is left untouched.",
        ExitCodes.HELP},
        description = {"Rewrite vaults into the msgpack or pickle profile (generation 1 files included), one transaction per vault.",
                       "A dict table with anything a rewrite would not carry over (another column, a trigger, an index,"
                       + " a view) is refused and left untouched."})
final class MigrateCommand extends ToolCommand {
    /** The targets the command line offers. */
    enum Target { msgpack, pickle }

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Vault files or folders (a postgresql:// vault is"
            + " refused: copy it to a file, migrate that, copy it back with --replace).")
    List<String> paths;

    @Option(names = "--to", required = true, paramLabel = "msgpack|pickle",
            description = "The profile: msgpack for vaults 2.x with msgpack installed, pickle for vaults 2.x without it.")
    Target target;

    @Option(names = "--protocol", paramLabel = "N", defaultValue = "4",
            description = "Pickle protocol of the reading Python: 4 for 3.8-3.13, 5 for 3.14 (default ${DEFAULT-VALUE}).")
    int protocol;

    @Option(names = "--dry-run", description = "Report what would change; write nothing.")
    boolean dryRun;

    @Override
    int execute() throws IOException {
        if (protocol < 2 || protocol > 5) {
            throw usage("--protocol must be 2 to 5: " + protocol);
        }
        MigrationOptions options = new MigrationOptions(target == Target.msgpack ? Format.MSGPACK : Format.PICKLE,
                protocol, dryRun);
        List<Object> results = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (VaultAddress file : VaultFileArgs.vaults(paths)) {
            MigrationReport report;
            try (ProgressBars progress = progress()) {
                report = VaultTools.migrate(file, options, progress);
            } catch (VaultException e) {
                // One vault's failure rolls back that vault only; the others are still migrated.
                exit = ExitCodes.VAULT_ERROR;
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("file", file.toString());
                failed.put("error", e.getMessage());
                results.add(failed);
                err().println("migrate: " + e.getMessage());
                continue;
            }
            // Printed once the bar is closed, so that its last redraw cannot overwrite the report's last line.
            results.add(withField(report, "rowsDropped", report.rowsDropped()));
            if (!json) {
                print(report);
            }
        }
        if (json) {
            printJson(results);
        }
        out().flush();
        return exit;
    }

    private void print(MigrationReport r) {
        String verb = r.dryRun() ? "would change" : "changed";
        if (!r.changed()) {
            out().println(r.file() + ": already " + r.target() + ", nothing to do");
            return;
        }
        out().println(r.file() + (r.dryRun() ? " (dry run)" : "") + ": " + verb + " to " + r.target()
                + (r.generationBefore() == 1 ? " (generation 1 table rebuilt as generation 2)" : ""));
        new Table("  ROWS", "KEYS REWRITTEN", "KEYS NORMALISED", "VALUES REWRITTEN", "KEPT PICKLE", "DROPPED", "VERIFIED")
                .row("  " + r.rows(), r.keysRewritten(), r.keysNormalised(), r.valuesRewritten(), r.valuesKeptPickle(),
                        r.rowsDropped(), r.dryRun() ? "-" : r.verifiedRows())
                .print(out());
        for (MigrationReport.TwinResolution twin : r.twins()) {
            out().println("  twin " + twin.key() + ": kept row " + twin.keptRowId() + ", dropped " + twin.droppedRowIds()
                    + (twin.sameValues() ? " (same value)" : r.dryRun() ? " (different values)"
                    : " (different values: the dropped ones stay in the backup)"));
        }
        if (r.backup() != null) {
            out().println("  backup: " + r.backup());
        }
    }
}
