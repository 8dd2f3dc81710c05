package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
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
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.github.vaults4j.python.VaultsPython;

/**
 * Runs the unittest suite in {@code src/test/python/test_vaults_api.py} on GraalPy, in one context shared
 * by all its tests (a context costs seconds; a test, milliseconds), and reports each Python test to JUnit
 * as a dynamic test of the same name, failing with the Python traceback.
 */
class PythonSuiteTest {
    /** Defines {@code _load(path, root, server, classes)} (the test ids, in order) and {@code _run(id)}. */
    static final String RUNNER = """
            import unittest, io, sys
            def _load(path, root, server=None, classes=None):
                import importlib.util
                spec = importlib.util.spec_from_file_location('test_vaults_api', path)
                module = importlib.util.module_from_spec(spec)
                sys.modules['test_vaults_api'] = module
                module.VAULTS4J_TEST_ROOT = root
                module.VAULTS4J_TEST_SERVER = server
                spec.loader.exec_module(module)
                suite = unittest.defaultTestLoader.loadTestsFromModule(module)
                tests = {}
                def walk(s):
                    for t in s:
                        if isinstance(t, unittest.TestSuite):
                            walk(t)
                        elif classes is None or type(t).__name__ in classes:
                            tests[t.id()] = t
                walk(suite)
                global _TESTS
                _TESTS = tests
                return sorted(tests)
            def _run(test_id):
                test = _TESTS[test_id]
                out = io.StringIO()
                result = unittest.TextTestRunner(stream=out, verbosity=0).run(test)
                if result.skipped:
                    return 'skip:' + result.skipped[0][1]
                problems = result.failures + result.errors
                return '' if not problems else problems[0][1]
            """;

    @TempDir
    static Path root;
    private static Context context;
    private static List<String> testIds;

    @BeforeAll
    static void loadSuite() throws Exception {
        context = VaultsPython.newContext();
        context.eval(Source.create("python", RUNNER));
        Path suite = suite();
        Value ids = context.getBindings("python").getMember("_load")
                .execute(suite.toAbsolutePath().toString(), root.toString());
        testIds = new ArrayList<>();
        for (long i = 0; i < ids.getArraySize(); i++) {
            testIds.add(ids.getArrayElement(i).asString());
        }
    }

    /** The suite's file. */
    static Path suite() {
        Path suite = Path.of(System.getProperty("vaults4j.python.tests", "src/test/python"), "test_vaults_api.py");
        if (!Files.isRegularFile(suite)) {
            throw new IllegalStateException("no Python suite at " + suite.toAbsolutePath());
        }
        return suite;
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> pythonTests() {
        Value run = context.getBindings("python").getMember("_run");
        List<DynamicTest> out = new ArrayList<>();
        for (String name : testIds) {
            out.add(DynamicTest.dynamicTest(name.substring(name.indexOf('.') + 1), () -> {
                String problem = run.execute(name).asString();
                if (problem.startsWith("skip:")) {
                    // A skipped test checks nothing: the suite has none, and one that appears is a failure.
                    fail(name + " was skipped on GraalPy: " + problem.substring(5));
                }
                if (!problem.isEmpty()) {
                    fail(name + " failed on GraalPy:\n" + problem);
                }
            }));
        }
        if (out.size() < 40) {
            throw new IllegalStateException("the Python suite yielded only " + out.size() + " tests");
        }
        return out.stream();
    }
}
