package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Format;
import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first quick-start command: every step of the demo runs and leaves what it reports. */
class DemoCommandTest {
    @TempDir
    Path root;

    @Test
    void theDemoRunsEveryStepAndLeavesTheVaultsItDescribes() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new VaultsCommand()).setOut(new PrintWriter(out));
        int exit = command.execute("demo", "--root", root.toString());
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("All steps passed"), out.toString());
        Vaults vaults = Vaults.at(root);
        try (Vault commons = vaults.open("commons")) {
            Map<?, ?> demo = (Map<?, ?>) commons.get("demo");
            assertEquals("vaults4j", demo.get("written_by"));
            assertEquals(1L, commons.get("visits"), "written by the GraalPy step");
        }
        try (Vault legacy = vaults.open("legacy")) {
            assertEquals(2, legacy.generation(), "migrated from generation 1");
            assertEquals(Format.MSGPACK, legacy.format());
        }
    }

    /** A step that could not run (no CPython) fails the demo: "All steps passed" would be a lie. */
    @Test
    void aStepThatCannotRunFailsTheDemo() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new VaultsCommand()).setOut(new PrintWriter(out));
        String missing = root.resolve("no-such-python3").toString();
        System.setProperty("vaults4j.python", missing);
        int exit;
        try {
            exit = command.execute("demo", "--root", root.toString());
        } finally {
            System.clearProperty("vaults4j.python");
        }
        assertEquals(ExitCodes.PROBLEMS, exit, out.toString());
        assertTrue(out.toString().contains("could not run: " + missing + " is missing"), out.toString());
        assertFalse(out.toString().contains("All steps passed"), out.toString());
    }
}
