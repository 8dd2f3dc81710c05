package io.github.vaults4j.testing;

import io.github.vaults4j.Vaults;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stores a contract suite runs on, as the parameter of a {@code @ParameterizedClass}: each makes a new, empty
 * root that the test closes.
 */
public enum StoreKind {
    /** A folder of SQLite vault files. */
    FILE {
        @Override
        public Vaults emptyRoot(Path folder) {
            return Vaults.at(folder);
        }
    },
    /** A schema of its own on the test run's PostgreSQL server. */
    POSTGRES {
        @Override
        public Vaults emptyRoot(Path folder) {
            return Vaults.at(PostgresCluster.shared().url() + "?schema=" + SCHEMA_PREFIX + SCHEMAS.incrementAndGet()
                    + "_" + ProcessHandle.current().pid());
        }
    };

    private static final String SCHEMA_PREFIX = "contract_";
    private static final AtomicLong SCHEMAS = new AtomicLong(System.nanoTime() % 1_000_000);

    /** A new root with no vault: {@code folder} (a test's temporary folder) for files, a new schema on the server. */
    public abstract Vaults emptyRoot(Path folder);
}
