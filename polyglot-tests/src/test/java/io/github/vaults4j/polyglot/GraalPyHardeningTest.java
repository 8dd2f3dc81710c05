package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.vaults4j.python.VaultsPython;
import io.github.vaults4j.tools.CheckReport;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;

/**
 * Rows written by CPython ({@code hardening_peer.py}, run with /usr/bin/python3) that a GraalPy reader must
 * handle as CPython does or refuse safely: pickles that reach {@code os.mkdir} past an unpickle allow-list,
 * shared and self-containing values, a named time zone, a msgpack map with tuple keys. One vault file and one
 * GraalPy context serve the class.
 */
class GraalPyHardeningTest {
    private static final Path PYTHON_TESTS = Path.of(System.getProperty("vaults4j.python.tests", "src/test/python"));
    private static final String CPYTHON = "/usr/bin/python3";

    @TempDir
    static Path root;
    private static Path marker;
    private static Context context;

    @BeforeAll
    static void writeRowsWithCPythonAndOpenThemOnGraalPy() throws Exception {
        marker = root.resolve("made-by-the-pickle");
        cpython("write", root.toString(), marker.toString());
        context = VaultsPython.newContext();
        Value setUp = context.eval("python", """
                import sys, pickle, vaults
                def set_up(root):
                    global V
                    sys.path.insert(0, root + '/pkgs')
                    vaults.set_root_path(root)
                    V = vaults.Vault('hardening', to_create=False)
                def refusal(key, allowed):
                    vaults.set_unpickle_allowlist(allowed.split(','))
                    try:
                        V[key]
                        return 'read'
                    except pickle.UnpicklingError as e:
                        return str(e)
                    finally:
                        vaults.set_unpickle_allowlist(None)
                set_up
                """);
        setUp.execute(root.toString());
    }

    @AfterAll
    static void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private static String cpython(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(CPYTHON,
                PYTHON_TESTS.resolve("hardening_peer.py").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "CPython peer timed out");
        assertEquals(0, process.exitValue(), out);
        return out.strip();
    }

    private static Value py(String code) {
        return context.eval("python", code);
    }

    private static String refusal(String key, String... allowed) {
        return context.getBindings("python").getMember("refusal").execute(key, String.join(",", allowed))
                .asString();
    }

    @Test
    void aDottedNameThatReachesAnotherModuleIsRefusedUnderAModulePattern() {
        String refused = refusal("dotted", "myapp.models.*");
        assertTrue(refused.contains("myapp.models.os.mkdir"), refused);
        assertFalse(Files.exists(marker), "the pickle created its folder");
    }

    @Test
    void aGetattrChainFromAListedClassIsRefusedEvenWithGetattrListed() {
        String refused = refusal("getattr_chain", "myapp.models.Service", "builtins.getattr");
        assertTrue(refused.contains("__init__"), refused);
        assertFalse(Files.exists(marker), "the pickle created its folder");
    }

    @Test
    void listedClassesAndEnumMembersStillComeBack() {
        assertEquals("read", refusal("service", "myapp.models.Service"));
        assertEquals("read", refusal("color", "myapp.models.*"));
        py("vaults.set_unpickle_allowlist(['myapp.models.*'])");
        try {
            assertEquals("Color.GREEN", py("str(V['color'])").asString());
            assertEquals("db", py("V['service'].name").asString());
        } finally {
            py("vaults.set_unpickle_allowlist(None)");
        }
        String refused = refusal("color", "myapp.models.Service");
        assertTrue(refused.contains("myapp.models.Color"), refused);
    }

    @Test
    void checkReportsBothAttackRowsWithTheGlobalsTheyName() {
        CheckReport report = VaultTools.check(root.resolve("vaults/hardening.db"), Progress.NONE);
        String reasons = report.badRows().toString();
        assertTrue(reason(report, "dotted").contains("myapp.models.os.mkdir"), reasons);
        assertTrue(reason(report, "getattr_chain").contains("builtins.getattr"), reasons);
        assertTrue(reason(report, "getattr_chain").contains("myapp.models.Service"), reasons);
        assertEquals("", reason(report, "service"), "an instance of a class alone is not reported");
        assertEquals("", reason(report, "color"), "an Enum member alone is not reported");
        assertEquals("", reason(report, "paris"), "a plain value is not reported");
    }

    private static String reason(CheckReport report, String key) {
        return report.badRows().stream().filter(b -> b.key().contains("'" + key + "'"))
                .map(CheckReport.BadRow::reason).findFirst().orElse("");
    }

    @Test
    @Timeout(60)
    void aSharedSubValueStaysSharedAndComesBackFast() {
        assertTrue(py("""
                x = V['shared']
                ok = True
                for _ in range(40):
                    ok = ok and x[0] is x[1]
                    x = x[0]
                ok and x == ['a']
                """).asBoolean());
    }

    @Test
    void selfContainingValuesComeBackAsCycles() {
        assertTrue(py("l = V['cyclic_list']; type(l) is list and len(l) == 1 and l[0] is l").asBoolean());
        assertTrue(py("d = V['cyclic_dict']; list(d) == ['self'] and d['self'] is d").asBoolean());
        assertEquals("[[...]]", py("repr(V['cyclic_list'])").asString());
    }

    @Test
    void namedTimeZonesWorkBothWays() throws Exception {
        assertEquals("Europe/Paris 2:00:00", py("w = V['paris']; f'{w.tzinfo} {w.utcoffset()}'").asString());
        py("""
                import datetime, zoneinfo
                V['utc'] = datetime.datetime(2025, 1, 2, 3, 4, tzinfo=zoneinfo.ZoneInfo('UTC'))
                """);
        assertEquals("datetime.datetime(2025, 1, 2, 3, 4, tzinfo=zoneinfo.ZoneInfo(key='UTC'))",
                cpython("read", root.resolve("vaults/hardening.db").toString(), "utc"));
    }

    @Test
    void aMsgpackMapWithTupleKeysGivesAPlainPythonOutcome() {
        // CPython's module raises ValueError (strict_map_key); a dict with the tuple key is as good.
        assertEquals("ok", py("""
                try:
                    r = 'ok' if V['tuple_keys'] == {(1, 2): 'x'} else repr(V['tuple_keys'])
                except (TypeError, ValueError):
                    r = 'ok'
                r
                """).asString());
    }
}
