package io.github.vaults4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throwaway PostgreSQL server for tests and benchmarks: Debian's server binaries, a cluster made in a temporary
 * folder, listening on a free loopback port, with password authentication over TCP.
 *
 * <p>One cluster serves a whole test run ({@link #shared()} starts it on first use); it is stopped and its folder
 * deleted when the JVM exits. A JVM killed outright runs no shutdown hook, so each cluster's folder names the JVM
 * that made it, and starting a cluster first stops and deletes those whose JVM is gone. {@code initdb} refuses to run as root, and tests and CI run as root, so as root every
 * server command runs as the {@value #SERVER_USER} user through {@code runuser}, in a folder that user owns.
 * Missing binaries fail with the package to install: a test that needs the server never silently skips.
 *
 * <p>Tests take the cluster as a parameter with {@code @ExtendWith(PostgresCluster.Extension.class)}.
 */
public final class PostgresCluster {
    /** The Debian package that holds the server binaries. */
    public static final String DEBIAN_PACKAGE = "postgresql";
    /** Where Debian installs each major version's binaries: {@code /usr/lib/postgresql/<major>/bin}. */
    static final Path DEBIAN_SERVER_ROOT = Path.of("/usr/lib/postgresql");
    /** Overrides the folder of {@code initdb} and {@code pg_ctl}. */
    public static final String BIN_PROPERTY = "vaults4j.postgres.bin";
    /** The operating-system user that owns the cluster when the tests run as root. */
    public static final String SERVER_USER = "postgres";
    /** The database and the login role that tests use (not a superuser). */
    public static final String DATABASE = "vaults4j";
    public static final String USER = "vaults4j";
    /** The test role's password; the superuser's is different, so a test cannot pass by using the wrong one. */
    public static final String PASSWORD = "vaults4j-test-password";
    private static final String SUPERUSER = "postgres";
    private static final String SUPERUSER_PASSWORD = "vaults4j-superuser-password";

    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long pg_ctl itself waits; shorter than the process time-out so that pg_ctl reports first. */
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(45);
    /** A free port can be taken by another process between probing and binding: try a few. */
    private static final int START_ATTEMPTS = 3;
    private static final String FOLDER_PREFIX = "vaults4j-pg-";
    /** The file in a cluster's folder that holds the process id of the JVM that made it. */
    private static final String OWNER_FILE = "owner.pid";

    private static PostgresCluster shared;

    private final Path folder;
    private final Path data;
    private final Path bin;
    private final int port;
    private volatile boolean stopped;

    private PostgresCluster(Path folder, Path bin, int port) {
        this.folder = folder;
        this.data = folder.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    /** The cluster of this test run, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            PostgresCluster cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "postgres-cluster-stop"));
            shared = cluster;
        }
        return shared;
    }

    /** Makes, starts and prepares a new cluster; the caller stops it. */
    public static PostgresCluster start() {
        Path bin = serverBinaries();
        Path folder = createFolder();
        removeAbandoned(bin, folder.getParent());
        IOException lastFailure = null;
        try {
            initdb(bin, folder);
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                PostgresCluster cluster = new PostgresCluster(folder, bin, freePort());
                try {
                    cluster.startServer();
                } catch (IOException e) {
                    lastFailure = e;
                    continue;
                }
                cluster.createRoleAndDatabase();
                return cluster;
            }
        } catch (IOException e) {
            lastFailure = e;
        } catch (RuntimeException | Error e) {
            deleteFolder(folder);
            throw e;
        }
        deleteFolder(folder);
        throw new IllegalStateException("cannot start a PostgreSQL cluster in " + folder + ": " + lastFailure.getMessage(),
                lastFailure);
    }

    /** The loopback port the server listens on. */
    public int port() {
        return port;
    }

    /** The test role's address, as a vault root: {@code postgresql://vaults4j:PASSWORD@127.0.0.1:PORT/vaults4j}. */
    public String url() {
        return url(USER, PASSWORD, DATABASE);
    }

    /** An address of this server for any role and database, without query parameters. */
    public String url(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** The test database's JDBC URL, for the raw pgjdbc side of a test; credentials go in {@link #properties()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The test role's credentials for {@link #jdbcUrl()}. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return properties;
    }

    /** A new connection to the test database as the test role. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), properties());
    }

    /** A new connection as the superuser, for what a test role may not do (create databases, roles). */
    public Connection connectAsSuperuser(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", SUPERUSER_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    /** The cluster's folder: its data folder, socket and log. */
    Path folder() {
        return folder;
    }

    /** The server's log, for a failure message. */
    public String serverLog() {
        try {
            Path log = folder.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read the server log: " + e + ")";
        }
    }

    /**
     * Stops the server as a restart by its administrator would ({@code pg_ctl stop -m fast}: sessions are ended,
     * data stays), keeping the cluster for {@link #startAgain()}.
     */
    public synchronized void stopServer() throws IOException {
        runAsServerUser(STOP_TIMEOUT, bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(),
                "-m", "fast", "-w", "-t", String.valueOf(PG_CTL_WAIT.toSeconds()));
    }

    /** Starts the server {@link #stopServer()} stopped again, on the same port and with the same data. */
    public synchronized void startAgain() throws IOException {
        startServer();
    }

    /** Stops the server at once (no client is owed anything) and deletes the cluster's folder. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (!Files.exists(data.resolve("postmaster.pid"))) {
                return; // never started, or already stopped: nothing runs
            }
            runAsServerUser(STOP_TIMEOUT, bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(),
                    "-m", "immediate", "-w", "-t", String.valueOf(PG_CTL_WAIT.toSeconds()));
        } catch (IOException e) {
            System.err.println("cannot stop the PostgreSQL cluster in " + folder + ": " + e.getMessage());
        } finally {
            deleteFolder(folder);
        }
    }

    private static Path serverBinaries() {
        String configured = System.getProperty(BIN_PROPERTY);
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        } else if (Files.isDirectory(DEBIAN_SERVER_ROOT)) {
            try (Stream<Path> versions = Files.list(DEBIAN_SERVER_ROOT)) {
                versions.map(version -> version.resolve("bin"))
                        .sorted(Comparator.comparing(PostgresCluster::majorVersion).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate.resolve("initdb")) && Files.isExecutable(candidate.resolve("pg_ctl"))) {
                return candidate;
            }
        }
        throw new AssertionError("PostgreSQL server binaries (initdb, pg_ctl) not found in "
                + (configured != null ? configured : DEBIAN_SERVER_ROOT + "/<version>/bin")
                + ": install Debian's " + DEBIAN_PACKAGE + " package (apt-get install " + DEBIAN_PACKAGE
                + ") or set -D" + BIN_PROPERTY + "=<folder of initdb>");
    }

    private static int majorVersion(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    /** A fresh folder owned by the server user: the data folder inside it, and the server's socket and log. */
    private static Path createFolder() {
        try {
            Path folder = Files.createTempDirectory(FOLDER_PREFIX, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            if (runningAsRoot()) {
                UserPrincipal owner = folder.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SERVER_USER);
                Files.setOwner(folder, owner);
            }
            Files.writeString(folder.resolve(OWNER_FILE), String.valueOf(ProcessHandle.current().pid()));
            return folder;
        } catch (IOException e) {
            throw new AssertionError("cannot make a folder for the PostgreSQL cluster (as root it must belong to the "
                    + SERVER_USER + " user, which Debian's " + DEBIAN_PACKAGE + " package creates): " + e, e);
        }
    }

    /**
     * Stops and deletes the clusters in {@code temp} whose JVM is no longer running (killed before its shutdown hook
     * ran). A folder without an owner file is being made right now, or is not ours: it is left alone.
     */
    private static void removeAbandoned(Path bin, Path temp) {
        List<Path> folders;
        try (Stream<Path> entries = Files.list(temp)) {
            folders = entries.filter(entry -> entry.getFileName().toString().startsWith(FOLDER_PREFIX)
                    && Files.isRegularFile(entry.resolve(OWNER_FILE))).toList();
        } catch (IOException e) {
            return; // tidying up is a courtesy: a test run does not fail for it
        }
        for (Path folder : folders) {
            long owner;
            try {
                owner = Long.parseLong(Files.readString(folder.resolve(OWNER_FILE)).trim());
            } catch (IOException | NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            PostgresCluster abandoned = new PostgresCluster(folder, bin, -1);
            abandoned.stop();
        }
    }

    private static void initdb(Path bin, Path folder) throws IOException {
        // The superuser's password reaches initdb through a file, never a command line that ps shows.
        Path passwordFile = folder.resolve("superuser-password");
        Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
        if (runningAsRoot()) {
            Files.setOwner(passwordFile, Files.getOwner(folder));
        }
        try {
            // Sockets trust their (local, server-user) peer; every TCP connection, the tests' own, needs a password.
            runAsServerUser(INITDB_TIMEOUT, bin.resolve("initdb").toString(), "-D", folder.resolve("data").toString(),
                    "-U", SUPERUSER, "--pwfile", passwordFile.toString(), "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void startServer() throws IOException {
        String options = "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1";
        runAsServerUser(START_TIMEOUT, bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(),
                "-l", folder.resolve("server.log").toString(), "-w", "-t", String.valueOf(PG_CTL_WAIT.toSeconds()),
                "-o", options);
    }

    private void createRoleAndDatabase() {
        try (Connection connection = connectAsSuperuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            stop();
            throw new AssertionError("PostgreSQL started on port " + port + " but cannot prepare the test database: "
                    + e.getMessage() + "\n" + serverLog(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Runs a server command, as the server user when the JVM is root, and waits at most {@code timeout}; a command
     * that fails or outlives its time-out throws with everything it printed.
     */
    private static void runAsServerUser(Duration timeout, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        if (runningAsRoot()) {
            line.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        line.addAll(List.of(command));
        Path output = Files.createTempFile(FOLDER_PREFIX, ".out");
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + line, e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(line + " did not finish in " + timeout.toSeconds() + " s:\n" + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IOException(line + " failed with exit " + process.exitValue() + ":\n" + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("cannot delete the PostgreSQL cluster folder " + folder + ": " + e);
        }
    }

    /** Gives a test method or constructor parameter of type {@link PostgresCluster} the shared cluster. */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == PostgresCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return shared();
        }
    }
}
