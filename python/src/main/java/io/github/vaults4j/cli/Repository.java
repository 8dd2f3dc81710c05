package io.github.vaults4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the vaults4j checkout is, for commands that use its example files (compat-fixtures/). */
final class Repository {
    private Repository() {
    }

    /** System property {@code vaults4j.repo} (set by bin/vaults), else the nearest parent with compat-fixtures/. */
    static Path root() {
        String configured = System.getProperty("vaults4j.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "compat-fixtures"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("compat-fixtures"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the vaults4j checkout (compat-fixtures/); run bin/vaults from it");
    }
}
