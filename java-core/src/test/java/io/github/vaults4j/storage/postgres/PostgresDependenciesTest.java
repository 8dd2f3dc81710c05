package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.MissingDependencyException;
import io.github.vaults4j.VaultException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The optional driver and pool: found when present, named when missing. */
class PostgresDependenciesTest {

    @Test
    void theTestClassPathHasBoth() {
        PostgresDependencies.require();
    }

    @Test
    void aClassPathWithoutTheDriverNamesItsArtifact() throws Exception {
        // The platform loader sees the JDK and nothing of the application's class path: no driver, no pool.
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            MissingDependencyException missing = assertThrows(MissingDependencyException.class,
                    () -> PostgresDependencies.require(bare));
            assertEquals("org.postgresql:postgresql", missing.artifact());
            assertTrue(missing.getMessage().contains("add org.postgresql:postgresql to your dependencies"),
                    missing.getMessage());
            assertTrue(missing instanceof VaultException);
        }
    }

    @Test
    void aClassPathWithTheDriverButNoPoolNamesHikari() throws Exception {
        URL driverJar = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader driverOnly = new URLClassLoader(new URL[] {driverJar}, ClassLoader.getPlatformClassLoader())) {
            MissingDependencyException missing = assertThrows(MissingDependencyException.class,
                    () -> PostgresDependencies.require(driverOnly));
            assertEquals("com.zaxxer:HikariCP", missing.artifact());
        }
    }
}
