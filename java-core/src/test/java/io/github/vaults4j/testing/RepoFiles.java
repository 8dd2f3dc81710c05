package io.github.vaults4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (fixtures, scripts) from a test, whichever module runs it. */
public final class RepoFiles {
    private RepoFiles() {
    }

    /** The repository root: system property {@code vaults4j.repo}, else the nearest parent with compat-fixtures/. */
    public static Path root() {
        String configured = System.getProperty("vaults4j.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "compat-fixtures"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("compat-fixtures"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no compat-fixtures/ above "
                + Path.of("").toAbsolutePath() + "); set -Dvaults4j.repo");
    }

    /** A path under compat-fixtures/. */
    public static Path fixture(String relative) {
        return root().resolve("compat-fixtures").resolve(relative);
    }
}
