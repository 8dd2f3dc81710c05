package io.github.vaults4j.cli;

import io.github.vaults4j.Vaults;
import io.github.vaults4j.VaultsHealth;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vaults health ROOT}: whether a root can be used, and how fast it answers. */
@Command(name = "health", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Report whether a root is usable: its store, whether it was reached, one round trip's time,"
                       + " the server's version, and its problems.",
                       "A folder: every vault file opens and passes SQLite's integrity check. A postgresql:// root:"
                       + " the server answers.",
                       "Exit 0 when healthy, 1 when not."})
final class HealthCommand extends ToolCommand {
    private static final String NOT_KNOWN = "-";
    private static final double MICROS_PER_MILLI = 1000.0;

    @Parameters(index = "0", paramLabel = "ROOT", description = "A Fuse root folder or a postgresql:// address.")
    String root;

    @Override
    int execute() throws IOException {
        VaultsHealth health;
        try {
            health = Vaults.health(root);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (json) {
            printJson(withField(health, "healthy", health.healthy()));
        } else {
            PrintWriter out = out();
            out.println("store:          " + health.store());
            out.println("location:       " + health.location());
            out.println("reachable:      " + (health.reachable() ? "yes" : "no"));
            out.println("round trip:     " + (health.roundTripMicros() < 0 ? NOT_KNOWN
                    : String.format(Locale.ROOT, "%.2f ms", health.roundTripMicros() / MICROS_PER_MILLI)));
            out.println("server version: " + (health.serverVersion() == null ? NOT_KNOWN : health.serverVersion()));
            out.println("vaults:         " + (health.vaults() < 0 ? NOT_KNOWN : health.vaults()));
            out.println("healthy:        " + (health.healthy() ? "yes" : "no"));
            for (String problem : health.problems()) {
                out.println("problem:        " + problem);
            }
            out.flush();
        }
        return health.healthy() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
