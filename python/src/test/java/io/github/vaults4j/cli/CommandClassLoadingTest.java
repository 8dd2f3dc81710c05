package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that do not run Python load no GraalPy class even when GraalPy is on the class path (this
 * module's test class path holds it): building the command line links every subcommand, so no command class
 * may name a GraalPy type outside the code that runs Python ({@link GraalPyRun}).
 */
class CommandClassLoadingTest {
    private static final long RUN_LIMIT_SECONDS = 300;

    @TempDir
    Path scratch;

    @Test
    void checkLoadsNoGraalPyClass() throws Exception {
        String repo = System.getProperty("vaults4j.repo", "..");
        Path vault = Files.copy(Path.of(repo, "compat-fixtures", "vaults", "gen2_msgpack.db"),
                scratch.resolve("gen2_msgpack.db"));
        Path classLog = scratch.resolve("classes.log");
        Path output = scratch.resolve("output.txt");
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                VaultsCommand.class.getName(), "check", vault.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(check.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS), "check did not finish");
        assertEquals(0, check.exitValue(), Files.readString(output));
        List<String> loaded = Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(CheckCommand.class.getName() + " ")),
                "the log lists the classes loaded");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(PythonCommand.class.getName() + " ")),
                "the python subcommand's class is loaded too (picocli links every subcommand)");
        assertFalse(loaded.stream().anyMatch(l -> l.contains("org.graalvm.")),
                "check loaded a GraalPy class: " + loaded.stream().filter(l -> l.contains("org.graalvm.")).findFirst());
    }
}
