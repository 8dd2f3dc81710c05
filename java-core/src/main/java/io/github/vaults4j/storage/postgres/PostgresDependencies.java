package io.github.vaults4j.storage.postgres;

import io.github.vaults4j.MissingDependencyException;
import java.util.List;

/**
 * The libraries a PostgreSQL root needs, which the core declares as optional (a SQLite-only application pulls
 * neither): the PostgreSQL JDBC driver and the HikariCP pool. {@link #require()} fails with the artifact to add
 * when one is missing, before anything tries to connect.
 */
public final class PostgresDependencies {
    /** One library: the class that proves it is present, and the Maven coordinates that bring it. */
    record Library(String probeClass, String artifact) {
    }

    static final Library DRIVER = new Library("org.postgresql.Driver", "org.postgresql:postgresql");
    static final Library POOL = new Library("com.zaxxer.hikari.HikariDataSource", "com.zaxxer:HikariCP");
    static final List<Library> LIBRARIES = List.of(DRIVER, POOL);

    private PostgresDependencies() {
    }

    /**
     * Checks that the driver and the pool are on the class path.
     *
     * @throws MissingDependencyException naming the first missing artifact
     */
    public static void require() {
        require(PostgresDependencies.class.getClassLoader());
    }

    static void require(ClassLoader loader) {
        for (Library library : LIBRARIES) {
            try {
                Class.forName(library.probeClass(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new MissingDependencyException(library.artifact(), "PostgreSQL roots", e);
            }
        }
    }
}
