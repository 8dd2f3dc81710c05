package io.github.vaults4j.metrics;

import java.util.function.Supplier;

/**
 * Times the runs of the tools (migrate, backup, copy, rekey, ...): one {@code db.client.operation.duration}
 * sample per run, tagged with the tool as {@code db.operation.name} and, when it failed, the exception's class as
 * {@code error.type}, in Micrometer's global registry. The tools take no registry: a library without one records
 * there, and an application sees the runs by adding its registry with {@code Metrics.addRegistry(registry)}.
 *
 * <p>Without Micrometer on the class path a run is only run: this class names no Micrometer type, and
 * {@link MicrometerVaultMetrics} is never loaded.
 */
public final class ToolRuns {
    /** Micrometer's holder of the global registry, looked for by name so that its absence loads nothing. */
    private static final String GLOBAL_REGISTRY_CLASS = "io.micrometer.core.instrument.Metrics";
    private static final boolean MICROMETER = micrometerPresent();

    /** The tools whose runs are timed, named by their {@code db.operation.name}: the command-line's names. */
    public enum Tool {
        INSPECT("inspect"),
        DUMP("dump"),
        STATS("stats"),
        LOG("log"),
        CHECK("check"),
        BACKUP("backup"),
        COPY("copy"),
        EXPORT("export"),
        IMPORT("import"),
        MIGRATE("migrate"),
        EXPIRE("expire"),
        REKEY("rekey");

        private final String tagValue;

        Tool(String tagValue) {
            this.tagValue = tagValue;
        }

        /** The value of the {@code db.operation.name} tag. */
        public String tagValue() {
            return tagValue;
        }
    }

    private ToolRuns() {
    }

    /**
     * Runs a tool on a vault and records the run, failed or not; the failure is rethrown as it was.
     *
     * @param vault  the vault the tool runs on (the first one named, for copy and backup): {@code db.collection.name}
     * @param system {@link VaultMetrics#SQLITE} or {@link VaultMetrics#POSTGRESQL}: {@code db.system.name}
     */
    public static <T> T time(Tool tool, String vault, String system, Supplier<T> run) {
        if (!MICROMETER) {
            return run.get();
        }
        long start = System.nanoTime();
        T result;
        try {
            result = run.get();
        } catch (RuntimeException | Error e) {
            MicrometerVaultMetrics.recordRun(tool.tagValue(), vault, system, System.nanoTime() - start, e);
            throw e;
        }
        MicrometerVaultMetrics.recordRun(tool.tagValue(), vault, system, System.nanoTime() - start, null);
        return result;
    }

    private static boolean micrometerPresent() {
        try {
            Class.forName(GLOBAL_REGISTRY_CLASS, false, ToolRuns.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
