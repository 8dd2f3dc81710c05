package io.github.vaults4j.tools;

/**
 * Told how far a long operation has come, so that a caller can draw a progress bar or log. Called from the
 * thread that runs the operation, at most once per page of rows; keep it cheap.
 */
@FunctionalInterface
public interface Progress {
    /** A progress that ignores every update. */
    Progress NONE = (phase, done, total) -> { };

    /**
     * @param phase what is being done, such as {@code "planning"}, {@code "rewriting"}, {@code "verifying"}
     * @param done  units done in this phase (rows, or pages for a backup)
     * @param total units in this phase, or -1 when unknown
     */
    void update(String phase, long done, long total);
}
