package io.github.vaults4j;

import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.storage.postgres.PostgresRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The vaults of one Fuse root: a folder, laid out as Python's {@code set_root_path(root)} does (a vault named
 * {@code N} is the file {@code root/vaults/N.db}), or a schema of a PostgreSQL database
 * ({@code postgresql://[user[:password]@]host[:port]/database[?schema=NAME]}), whose vaults hold the same cells.
 *
 * <pre>{@code
 * try (Vaults fuse = Vaults.at("postgresql://fuse@db.example/fuse")) {   // or Vaults.at(Path.of("/srv/fuse"))
 *     try (Vault commons = fuse.open("commons")) {
 *         System.out.println(commons.keySet());
 *     }
 *     System.out.println(fuse.names());       // [commons, remote_runnables_repositories, ...]
 * }
 * }</pre>
 *
 * <p>A PostgreSQL root opens its connection pool at once (a wrong address or password fails in {@code at}) and
 * owns it: {@link #close()} closes it, after which its vaults fail. Closing a folder root does nothing.
 */
public final class Vaults implements AutoCloseable {
    private static final String SUFFIX = ".db";
    private static final String FILE_SCHEME = "file";

    /** The folder of the vault files; null for a PostgreSQL root. */
    private final Path folder;
    /** The PostgreSQL root; null for a folder. */
    private final PostgresRoot server;
    /** Given to every vault opened here whose options name no registry of their own; {@code null} for none. */
    private final Object meterRegistry;

    private Vaults(Path folder, PostgresRoot server, Object meterRegistry) {
        this.folder = folder;
        this.server = server;
        this.meterRegistry = meterRegistry;
    }

    /**
     * These vaults with their meters in a Micrometer {@code MeterRegistry} (typed {@code Object}, as
     * {@link VaultOptions#meterRegistry()} explains): every vault opened through the result registers its meters
     * there unless its own options name another registry. The result shares this root's connection pool.
     */
    public Vaults meterRegistry(Object registry) {
        return new Vaults(folder, server,
                VaultOptions.builder().meterRegistry(registry).build().meterRegistry().orElse(null));
    }

    /** The vaults under {@code root/vaults/}; nothing is created until a vault is opened. */
    public static Vaults at(Path root) {
        return new Vaults(Objects.requireNonNull(root, "root").toAbsolutePath().normalize().resolve("vaults"), null,
                null);
    }

    /**
     * The vaults of a root given as text, as {@code bin/vaults} and Python's {@code set_root_path} take it: a
     * {@code postgresql://} (or {@code postgres://}) address, else a folder.
     *
     * @throws IllegalArgumentException when an address is malformed (the message has no password)
     * @throws MissingDependencyException when the PostgreSQL driver or HikariCP is not on the class path
     * @throws VaultException when the server cannot be reached or refuses the login
     */
    public static Vaults at(String root) {
        Objects.requireNonNull(root, "root");
        if (PostgresAddress.isAddress(root)) {
            return new Vaults(null, PostgresRoot.open(PostgresAddress.parse(root)), null);
        }
        return at(Path.of(root));
    }

    /** The vaults of a root given as a URI: {@code postgresql://...}, or a {@code file:} URI of a folder. */
    public static Vaults at(URI root) {
        Objects.requireNonNull(root, "root");
        if (FILE_SCHEME.equalsIgnoreCase(root.getScheme())) {
            return at(Path.of(root));
        }
        return at(root.toString());
    }

    /** Whether the root is a PostgreSQL schema rather than a folder. */
    public boolean onServer() {
        return server != null;
    }

    /** Where the root is, as messages show it: the folder of the vault files, or the address without password. */
    public String location() {
        return server != null ? server.toString() : folder.toString();
    }

    /**
     * The folder that holds the vault files: {@code root/vaults}.
     *
     * @throws UnsupportedOperationException for a PostgreSQL root
     */
    public Path folder() {
        requireFolder();
        return folder;
    }

    /**
     * The file of the vault with this name.
     *
     * @throws UnsupportedOperationException for a PostgreSQL root
     */
    public Path file(String name) {
        requireFolder();
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a vault name (it must name a file inside " + folder + "): '" + name + "'");
        }
        return folder.resolve(name + SUFFIX);
    }

    /** Opens (creating when missing) the named vault with default options. */
    public Vault open(String name) {
        return open(name, VaultOptions.defaults());
    }

    /** Opens the named vault. */
    public Vault open(String name, VaultOptions options) {
        boolean inherits = meterRegistry != null && options.meterRegistry().isEmpty();
        VaultOptions effective = inherits ? options.toBuilder().meterRegistry(meterRegistry).build() : options;
        if (server == null) {
            return Vault.open(file(name), effective);
        }
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("not a vault name (it is empty) in " + location());
        }
        return Vault.open(Stores.open(server, name, effective), name, null, this, effective);
    }

    /** The names of the root's vaults, sorted; empty when the root has none yet. */
    public List<String> names() {
        if (server != null) {
            return server.names();
        }
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    String fileName = file.getFileName().toString();
                    names.add(fileName.substring(0, fileName.length() - SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new VaultException("cannot list vaults in " + folder + ": " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    /**
     * Deletes the named vault: its file (and a leftover journal), or its rows on the server. Close its instances first.
     *
     * @return whether there was a vault to delete
     */
    public boolean delete(String name) {
        return server != null ? server.delete(name) : deleteFiles(file(name));
    }

    /**
     * How the root is. A PostgreSQL root: the server's version and one round trip's time. A folder: every vault file
     * opens read-only and passes SQLite's integrity check; the round trip is opening and counting the first one.
     * Never throws for what it finds: problems are in the report.
     */
    public VaultsHealth health() {
        if (server != null) {
            try {
                PostgresRoot.Probe probe = server.probe();
                return new VaultsHealth(VaultsHealth.POSTGRESQL, location(), true,
                        TimeUnit.NANOSECONDS.toMicros(probe.roundTripNanos()), probe.serverVersion(), server.names().size(),
                        List.of());
            } catch (VaultException e) {
                return VaultsHealth.unreachable(VaultsHealth.POSTGRESQL, location(), e.getMessage());
            }
        }
        if (!Files.isDirectory(folder)) {
            return VaultsHealth.unreachable(VaultsHealth.SQLITE, location(), "no folder of vaults at " + folder);
        }
        List<String> problems = new ArrayList<>();
        long roundTrip = VaultsHealth.NOT_MEASURED;
        List<String> names = names();
        for (String name : names) {
            long start = System.nanoTime();
            try (Store store = Stores.readOnly(file(name))) {
                List<String> found = store.readTransaction(session -> {
                    session.count();
                    return session.integrityProblems();
                });
                if (roundTrip == VaultsHealth.NOT_MEASURED) {
                    roundTrip = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
                }
                for (String problem : found) {
                    problems.add(store.location() + ": " + problem);
                }
            } catch (VaultException e) {
                problems.add(e.getMessage());
            }
        }
        return new VaultsHealth(VaultsHealth.SQLITE, location(), true, roundTrip, null, names.size(), problems);
    }

    /**
     * The health of a root given as text ({@link #at(String)}), including a PostgreSQL root whose server cannot be
     * reached or refuses the login: it is reported unreachable rather than thrown.
     *
     * @throws IllegalArgumentException when an address is malformed
     */
    public static VaultsHealth health(String root) {
        try (Vaults vaults = at(root)) {
            return vaults.health();
        } catch (VaultException e) {
            return VaultsHealth.unreachable(VaultsHealth.POSTGRESQL, PostgresAddress.parse(root).toString(), e.getMessage());
        }
    }

    /** Closes a PostgreSQL root's connection pool; its vaults fail afterwards. Nothing to do for a folder. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private void requireFolder() {
        if (server != null) {
            throw new UnsupportedOperationException("a PostgreSQL root has no folder or files: " + location());
        }
    }

    /** Deletes a vault file and the journal files SQLite may have left beside it. */
    static boolean deleteFiles(Path file) {
        try {
            boolean deleted = Files.deleteIfExists(file);
            for (String suffix : new String[] {"-journal", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            return deleted;
        } catch (IOException e) {
            throw new VaultException("vault " + file + ": cannot delete: " + e.getMessage(), e);
        }
    }
}
