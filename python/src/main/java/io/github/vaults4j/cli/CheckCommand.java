package io.github.vaults4j.cli;

import io.github.vaults4j.tools.CheckReport;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults check PATH...}: exit 1 when anything is wrong. */
@Command(name = "check", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Check vaults without writing to them: SQLite's integrity check, then a decode of every key and value.",
                       "A vault on a PostgreSQL server has no SQLite file to check: its cells are decoded.",
                       "Each bad row is reported by rowid; exit code 1 when any problem is found."})
final class CheckCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Vault files or folders, postgresql:// roots or postgresql://...#NAME vaults.")
    List<String> paths;

    @Override
    int execute() throws IOException {
        List<CheckReport> reports = new ArrayList<>();
        for (VaultAddress file : VaultFileArgs.vaults(paths)) {
            try (ProgressBars progress = progress()) {
                reports.add(VaultTools.check(file, progress));
            }
        }
        boolean ok = reports.stream().allMatch(CheckReport::ok);
        if (json) {
            printJson(reports.stream().map(r -> withField(r, "ok", r.ok())).toList());
        } else {
            for (CheckReport report : reports) {
                print(report);
            }
            out().flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    private void print(CheckReport report) {
        if (report.ok()) {
            out().println(report.location() + ": ok, " + report.rowsChecked() + " rows"
                    + (report.objectRows().isEmpty() ? "" : ", " + report.objectRows().size()
                    + " of them build objects beyond the plain types when Python reads them"));
            printObjectRows(report);
            return;
        }
        if (report.fileProblem() != null) {
            out().println(report.location() + ": " + report.fileProblem());
            return;
        }
        out().println(report.location() + ": " + report.badRows().size() + " bad cells, "
                + report.integrityProblems().size() + " integrity problems, " + report.rowsChecked() + " rows read");
        report.integrityProblems().forEach(p -> out().println("  integrity: " + p));
        if (!report.badRows().isEmpty()) {
            Table table = new Table("  ROWID", "CELL", "ENCODING", "KEY", "REASON");
            for (CheckReport.BadRow bad : report.badRows()) {
                table.row("  " + bad.rowId(), bad.cell(), bad.encoding(), bad.key(), bad.reason());
            }
            table.print(out());
        }
        printObjectRows(report);
    }

    private void printObjectRows(CheckReport report) {
        if (!report.objectRows().isEmpty()) {
            Table table = new Table("  ROWID", "KEY", "BUILDS (what Python imports and calls)");
            for (CheckReport.ObjectRow row : report.objectRows()) {
                table.row("  " + row.rowId(), row.key(), String.join(", ", row.globals()));
            }
            table.print(out());
        }
    }
}
