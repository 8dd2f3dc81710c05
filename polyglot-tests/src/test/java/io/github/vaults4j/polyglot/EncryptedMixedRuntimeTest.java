package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.vaults4j.Vault;
import io.github.vaults4j.crypto.EncryptedVault;
import io.github.vaults4j.crypto.FernetKey;
import io.github.vaults4j.python.VaultsPython;

/**
 * {@code vaults.EncryptedVault} on GraalPy against the design notes' class on CPython with {@code cryptography}
 * (compat-fixtures/encrypted_vault.py): each reads what the other wrote, and Java's EncryptedVault reads both.
 */
class EncryptedMixedRuntimeTest {
    private static final String CPYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("..", "compat-fixtures", "encrypted_vault.py").toAbsolutePath().normalize();

    @TempDir
    Path root;
    private static Context context;

    @BeforeAll
    static void openContext() {
        context = VaultsPython.newContext();
        context.eval("python", "import vaults");
    }

    @AfterAll
    static void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    /** Runs the CPython class's peer with the key in VAULTS4J_KEY; returns stdout, failing on a non-zero exit. */
    private static String cpython(String key, String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(CPYTHON, SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("VAULTS4J_KEY", key);
        Process p = builder.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "encrypted_vault.py did not finish");
        assertEquals(0, p.exitValue(), err);
        return out;
    }

    @Test
    void graalPyWritesCPythonsClassReadsAndBack() throws Exception {
        context.getBindings("python").getMember("vaults").getMember("set_root_path").execute(root.toString());
        Value key = context.eval("python", """
                import datetime
                e = vaults.EncryptedVault('shared')
                e.put_many({'name': 'commons', 'pair': (1, 'x'), 'when': datetime.date(2025, 1, 2),
                             'nested': {'tags': ['a', 'b'], 'on': True}, 'raw': b'\\x00\\xff'})
                e.key.decode()
                """);
        String file = root.resolve("vaults/shared.db").toString();
        String dumped = cpython(key.asString(), "", "dump", file);
        assertTrue(dumped.contains("{\"key\": \"name\", \"value\": \"commons\"}"), dumped);
        assertTrue(dumped.contains("{\"key\": \"pair\", \"value\": {\"tuple\": [{\"int\": \"1\"}, \"x\"]}}"), dumped);
        assertTrue(dumped.contains("{\"date\": \"2025-01-02\"}"), dumped);
        assertEquals(5, dumped.lines().count());

        cpython(key.asString(), "{\"key\": \"from cpython\", \"value\": {\"list\": [{\"int\": \"7\"}, {\"bytes\": \"AP8=\"}]}}\n",
                "load", file);
        Value back = context.eval("python", "e['from cpython'] == [7, b'\\x00\\xff'] and e['name'] == 'commons'");
        assertTrue(back.asBoolean(), "GraalPy reads what CPython's class wrote");

        try (EncryptedVault java = EncryptedVault.fernet(Vault.open(Path.of(file)), FernetKey.parse(key.asString()))) {
            assertEquals("commons", java.get("name"));
            assertEquals(List.of(7L, List.of()).get(0), ((List<?>) java.get("from cpython")).get(0));
        }
    }
}
