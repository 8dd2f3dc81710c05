package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.vaults4j.Vaults;
import io.github.vaults4j.python.VaultsPython;
import io.github.vaults4j.testing.PostgresCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-key, many-key, whole-vault, value-type and thread tests of the Python suite on GraalPy, with
 * {@code vaults.set_root_path("postgresql://...")} instead of folders: the unchanged {@code Vault(name)} code runs
 * on a real PostgreSQL server. One context for the class; the root is emptied before each Python test, so tests
 * share nothing but the interpreter, as on folders.
 */
class PythonSuiteOnPostgresTest {
    /** The suite's classes that say nothing of files (paths, folders, permissions) and so hold on a server. */
    private static final List<String> CLASSES = List.of("SingleKeyTest", "ManyKeysTest", "WholeVaultTest",
            "ValueTypesTest", "ThreadTest");
    private static final int MIN_TESTS = 30;

    @TempDir
    static Path folder;
    private static Context context;
    private static Vaults root;
    private static String url;
    private static List<String> testIds;

    @BeforeAll
    static void loadSuite() {
        url = PostgresCluster.shared().url() + "?schema=graalpy_suite";
        root = Vaults.at(url);
        context = VaultsPython.newContext();
        context.eval(Source.create("python", PythonSuiteTest.RUNNER));
        Value python = context.getBindings("python").getMember("_load");
        Value classes = context.eval("python", "lambda *names: list(names)").execute(CLASSES.toArray());
        Value ids = python.execute(PythonSuiteTest.suite().toAbsolutePath().toString(), folder.toString(), url, classes);
        testIds = new ArrayList<>();
        for (long i = 0; i < ids.getArraySize(); i++) {
            testIds.add(ids.getArrayElement(i).asString());
        }
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
        if (root != null) {
            root.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> pythonTestsOnTheServer() {
        Value run = context.getBindings("python").getMember("_run");
        List<DynamicTest> out = new ArrayList<>();
        for (String name : testIds) {
            out.add(DynamicTest.dynamicTest(name.substring(name.indexOf('.') + 1), () -> {
                for (String vault : root.names()) {
                    root.delete(vault);
                }
                String problem = run.execute(name).asString();
                if (!problem.isEmpty()) {
                    fail(name + " failed on GraalPy against PostgreSQL:\n" + problem);
                }
            }));
        }
        if (out.size() < MIN_TESTS) {
            throw new IllegalStateException("the Python suite yielded only " + out.size() + " tests for the server");
        }
        return out.stream();
    }

    @Test
    void dbPathIsTheVaultsAddressWithoutPasswordAndTheRowsAreOnTheServer() {
        Value result = context.eval("python", """
                import vaults
                vaults.set_root_path(%s)
                v = vaults.Vault('db_path_check')
                v['k'] = [1, 'two']
                v.db_path
                """.formatted(pythonString(url)));
        String dbPath = result.asString();
        assertFalse(dbPath.contains(PostgresCluster.PASSWORD), dbPath);
        assertEquals(url.replace(":" + PostgresCluster.PASSWORD + "@", "@") + "#db_path_check", dbPath);
        try (var vault = root.open("db_path_check")) {
            assertEquals(List.of(1L, "two"), vault.get("k"));
        }
        Value missing = context.eval("python", """
                def _missing():
                    try:
                        vaults.Vault('never_made', to_create=False)
                        return 'no error'
                    except vaults.VaultError as e:
                        return str(e)
                _missing()
                """);
        assertEquals("Vault 'never_made' does not exist at " + dbPath.replace("db_path_check", "never_made"),
                missing.asString());
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
