package io.github.vaults4j.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user gets it: unpacked into an empty folder, {@code bin/vaults} symlinked onto
 * a PATH that holds no Maven and no checkout, and run from another folder with only a JDK.
 */
class ArchiveTest {
    /** The commands the launcher runs, linked one by one into the PATH folder (so no Maven is on it). */
    private static final List<String> TOOLS = List.of("bash", "dirname", "readlink", "sed", "head", "ls", "sort",
            "stat", "sha256sum", "cksum", "cut", "mkdir", "id", "flock", "mktemp", "rm", "mv", "cat");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    private static final Duration ARCHIVE_WAIT = Duration.ofMinutes(5);

    @TempDir
    static Path scratch;
    private static Path install;
    private static Path path;
    private static Path fixtures;

    @BeforeAll
    static void unpackAndLink() throws Exception {
        Path archive = Path.of(System.getProperty("vaults4j.archive"));
        Path unpacked = Files.createDirectories(scratch.resolve("opt"));
        assertEquals(0, new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString())
                .inheritIO().start().waitFor());
        install = unpacked.resolve(System.getProperty("vaults4j.archive.folder"));
        path = Files.createDirectories(scratch.resolve("path"));
        for (String tool : TOOLS) {
            Path real = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError("no " + tool + " on this machine"));
            Files.createSymbolicLink(path.resolve(tool), real);
        }
        Files.createSymbolicLink(path.resolve("vaults"), install.resolve("bin/vaults"));
        fixtures = Path.of(System.getProperty("vaults4j.repo"), "compat-fixtures", "vaults");
    }

    @Test
    void unpacksToTheDocumentedLayout() {
        for (String file : List.of("bin/vaults", "bin/find-jdk", "README.md", "LICENSE")) {
            assertTrue(Files.isRegularFile(install.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(install.resolve("bin/vaults")));
        assertTrue(jarNames("core").stream().anyMatch(n -> n.startsWith("vaults4j-core-")));
        assertTrue(jarNames("core").stream().anyMatch(n -> n.startsWith("vaults4j-python-")));
        assertTrue(jarNames("core").stream().noneMatch(n -> n.contains("polyglot") || n.contains("truffle")));
        assertTrue(jarNames("python").stream().anyMatch(n -> n.startsWith("polyglot-")));
    }

    @Test
    void noMavenOnThePath() throws Exception {
        Result which = run(List.of("bash", "-c", "command -v mvn || echo none"), Map.of());
        assertEquals("none", which.out.strip());
    }

    @Test
    void checkRunsWithoutGraalPyClasses() throws Exception {
        Path vault = copyFixture("gen2_msgpack.db");
        Path classLog = scratch.resolve("check-classes.log");
        Result check = vaults(List.of("check", vault.toString()),
                Map.of("VAULTS4J_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog));
        assertEquals(0, check.exit, check.toString());
        assertTrue(check.out.contains(vault + ": ok"), check.toString());
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("io.github.vaults4j.cli.CheckCommand"), "the log lists the classes loaded");
        assertFalse(loaded.contains("org.graalvm"), "check loaded a GraalPy class");
    }

    @Test
    void migrateDryRunWritesNothing() throws Exception {
        Path vault = copyFixture("gen1_legacy.db");
        byte[] before = Files.readAllBytes(vault);
        Result migrate = vaults(List.of("migrate", "--to", "msgpack", "--dry-run", vault.toString()), Map.of());
        assertEquals(0, migrate.exit, migrate.toString());
        assertTrue(migrate.out.contains(vault.getFileName().toString()), migrate.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(vault)), "a dry run changed the file");
    }

    @Test
    void pythonImportsVaults() throws Exception {
        Result python = vaults(List.of("python", "-c", "import vaults; print(1)"), Map.of());
        assertEquals(0, python.exit, python.toString());
        assertEquals("1", python.out.strip(), python.toString());
    }

    @Test
    void startUpArchiveFollowsTheJars() throws Exception {
        Path cache = Files.createDirectories(scratch.resolve("archive-cache"));
        Map<String, String> withArchive = Map.of("VAULTS4J_NO_CDS", "", "VAULTS4J_CACHE", cache.toString());
        Path vault = copyFixture("gen2_pickle.db");
        List<String> ls = List.of("ls", vault.toString());

        assertEquals(0, vaults(ls, withArchive).exit);          // no archive yet: made in the background
        Path first = awaitArchive(cache, Optional.empty());
        Result warm = vaults(ls, withArchive);                   // maps it
        assertEquals(0, warm.exit, warm.toString());
        assertTrue(warm.out.contains("gen2_pickle.db"), warm.toString());

        // A rebuild: one jar is newer. The old archive no longer matches, a new one is made and the old deleted.
        Path jar = install.resolve("lib/core").resolve(jarNames("core").get(0));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Result rebuilt = vaults(ls, withArchive);
        assertEquals(0, rebuilt.exit, rebuilt.toString());
        assertEquals("", rebuilt.err, "a stale archive is never reported, only replaced");
        Path second = awaitArchive(cache, Optional.of(first));
        assertNotEquals(first, second);
        assertFalse(Files.exists(first), "the archive made for the old jars is deleted");
    }

    /** Waits until the background job has put an archive other than {@code old} in place. */
    private static Path awaitArchive(Path cache, Optional<Path> old) throws Exception {
        Instant deadline = Instant.now().plus(ARCHIVE_WAIT);
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(cache)) {
                Optional<Path> made = files.filter(f -> f.getFileName().toString().matches("core-.*\\.(aot|jsa)"))
                        .filter(f -> old.map(o -> !o.equals(f)).orElse(true)).findFirst();
                if (made.isPresent() && !lockHeld(made.get())) {
                    return made.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no start-up archive in " + cache + " after " + ARCHIVE_WAIT);
    }

    /** Whether the background job that made {@code archive} still runs (it holds the archive's lock file). */
    private static boolean lockHeld(Path archive) throws Exception {
        String lock = archive.toString().replaceAll("\\.(aot|jsa)$", ".lock");
        return run(List.of("flock", "-n", lock, "cat", "/dev/null"), Map.of()).exit != 0;
    }

    private static Path copyFixture(String name) throws IOException {
        Path folder = Files.createDirectories(scratch.resolve("vaults-" + System.nanoTime()));
        return Files.copy(fixtures.resolve(name), folder.resolve(name));
    }

    private static List<String> jarNames(String folder) {
        try (Stream<Path> jars = Files.list(install.resolve("lib").resolve(folder))) {
            return jars.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Result vaults(List<String> arguments, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("vaults");
        command.addAll(arguments);
        return run(command, env);
    }

    /** Runs a command found on the test PATH, from a folder of its own, with a clean environment. */
    private static Result run(List<String> command, Map<String, String> extraEnv) throws Exception {
        Path home = Files.createDirectories(scratch.resolve("home"));
        Path workingFolder = Files.createDirectories(scratch.resolve("elsewhere"));
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, path.resolve(command.get(0)).toString());
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(workingFolder.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", path.toString());
        env.put("HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("VAULTS4J_NO_CDS", "1");   // the archive has its own test; here no background job outlives a run
        env.putAll(extraEnv);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + RUN_LIMIT);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
