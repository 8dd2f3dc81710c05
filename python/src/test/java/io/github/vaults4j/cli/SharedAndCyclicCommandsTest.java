package io.github.vaults4j.cli;

import static io.github.vaults4j.cli.ToolCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.cli.ToolCommandsTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on a vault CPython wrote with values that share parts ({@code x = [x, x]} 40 times) and contain
 * themselves ({@code l.append(l)}, {@code d['self'] = d}): each completes with its documented exit code; before
 * the value walkers were iterative they ran out of memory or overflowed the stack. The timeout only stops a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedAndCyclicCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 6;

    @TempDir
    Path dir;
    Path file;
    JsonNode python;

    @BeforeEach
    void writeWithCPython() throws IOException, InterruptedException {
        String repo = System.getProperty("vaults4j.repo");
        Path script = Path.of(repo == null ? ".." : repo).toAbsolutePath().normalize()
                .resolve("compat-fixtures/shared_values.py");
        assumeTrue(Files.isRegularFile(script), "fixture " + script + " is absent");
        Files.createDirectories(dir.resolve("vaults"));
        file = dir.resolve("vaults").resolve("shared.db");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "shared_values.py failed");
        python = JSON.readTree(out);
    }

    @Test
    void getPrintsCyclesAsPythonDoesAndCutsTheHugeRepr() throws IOException {
        for (String key : new String[] {"self_list", "self_dict", "cycle_pair"}) {
            Run got = run("get", file.toString(), key);
            assertEquals(0, got.exit(), got.err());
            assertEquals(python.get(key).get("repr").asText() + "\n", got.out());
        }
        Run shared = run("get", file.toString(), "shared");
        assertEquals(0, shared.exit(), shared.err());
        assertTrue(shared.out().startsWith("[[[[[[[[[[["), shared.out().substring(0, 20));
        assertTrue(shared.out().strip().endsWith("characters>"));
        Run json = run("get", "--json", file.toString(), "self_list");
        assertEquals(0, json.exit(), json.err());
        JsonNode answer = JSON.readTree(json.out());
        assertEquals("[[...]]", answer.get("repr").asText());
        assertFalse(answer.has("value"), "a cycle has no JSON value: " + json.out());
    }

    @Test
    void dumpKeysAndCheckComplete() {
        Run dump = run("dump", file.toString());
        assertEquals(0, dump.exit(), dump.err());
        assertEquals(ROWS, dump.out().lines().count());
        assertTrue(dump.out().contains("'self_dict': {'self': {...}}"), dump.out().substring(0, 200));
        Run dumpJson = run("dump", "--json", file.toString());
        assertEquals(0, dumpJson.exit(), dumpJson.err());
        Run keys = run("keys", file.toString());
        assertEquals(0, keys.exit(), keys.err());
        assertEquals(ROWS, keys.out().lines().count());
        Run check = run("check", file.toString());
        assertEquals(ExitCodes.OK, check.exit(), check.out() + check.err());
        Run stats = run("stats", file.toString());
        assertEquals(0, stats.exit(), stats.err());
    }

    @Test
    void migrateCarriesSharingAndCyclesOver() {
        for (String target : new String[] {"msgpack", "pickle"}) {
            Run migrated = run("migrate", "--to", target, file.toString());
            assertEquals(0, migrated.exit(), migrated.out() + migrated.err());
        }
        Run got = run("get", file.toString(), "self_dict");
        assertEquals("{'self': {...}}\n", got.out());
    }

    @Test
    void readableExportRefusesNamingTheRowAndKeyAndLeavesNoDocument() {
        Path readable = dir.resolve("readable.json");
        Run refused = run("export", file.toString(), "--readable", "-o", readable.toString());
        assertEquals(ExitCodes.VAULT_ERROR, refused.exit());
        assertTrue(refused.err().contains("row 1, key 'shared'"), refused.err());
        assertFalse(Files.exists(readable), "no half-written document");
        Run kept = run("export", file.toString(), "--readable", "--keep-unrepresentable", "-o", readable.toString());
        assertEquals(0, kept.exit(), kept.err());
        assertTrue(kept.out().contains("5 kept as exact cells"), kept.out());
    }
}
