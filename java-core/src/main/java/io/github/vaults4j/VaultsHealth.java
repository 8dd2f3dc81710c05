package io.github.vaults4j;

import java.util.List;

/**
 * How a root is: what {@link Vaults#health()} found. Healthy when the root was reached and no problem was found.
 *
 * @param store            {@value #SQLITE} for a folder of vault files, {@value #POSTGRESQL} for a PostgreSQL root
 * @param location         the folder, or the address without password
 * @param reachable        whether the folder exists, or the server answered
 * @param roundTripMicros  one round trip, in microseconds: a {@code SELECT} on the server, or opening and counting
 *                         the first vault file; -1 when not measured
 * @param serverVersion    the server's version ({@code server_version}); null for a folder
 * @param vaults           how many vaults the root has (each one checked for a folder); -1 when not reached
 * @param problems         what is wrong, one line each naming what it is about; empty when healthy
 */
public record VaultsHealth(String store, String location, boolean reachable, long roundTripMicros, String serverVersion,
                           int vaults, List<String> problems) {
    /** The store of a folder of vault files. */
    public static final String SQLITE = "sqlite";
    /** The store of a PostgreSQL root. */
    public static final String POSTGRESQL = "postgresql";
    static final long NOT_MEASURED = -1;
    static final int NOT_COUNTED = -1;

    public VaultsHealth {
        problems = List.copyOf(problems);
    }

    /** A root that could not be reached, for the reason given. */
    static VaultsHealth unreachable(String store, String location, String problem) {
        return new VaultsHealth(store, location, false, NOT_MEASURED, null, NOT_COUNTED, List.of(problem));
    }

    /** Reached, and no problem found. */
    public boolean healthy() {
        return reachable && problems.isEmpty();
    }
}
