package io.github.vaults4j.cli;

import static io.github.vaults4j.cli.ToolCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.cli.ToolCommandsTest.Run;
import io.github.vaults4j.crypto.EncryptedVault;
import io.github.vaults4j.crypto.FernetKey;
import io.github.vaults4j.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vaults rekey} through picocli, on vaults written by the design notes' Python class
 * (compat-fixtures/encrypted_vault.py on /usr/bin/python3 with cryptography) and read back by it.
 */
class RekeyCommandTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @AfterEach
    void restoreEnvironment() {
        RekeyCommand.environment = System::getenv;
    }

    private static Path script() {
        String repo = System.getProperty("vaults4j.repo");
        return Path.of(repo == null ? ".." : repo).toAbsolutePath().normalize().resolve("compat-fixtures/encrypted_vault.py");
    }

    /** Runs the Python class's peer with the key in VAULTS4J_KEY; returns exit code and stdout. */
    private static Run python(FernetKey key, String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, script().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(RekeyCommand.KEY_VARIABLE, key.encoded());
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "encrypted_vault.py did not finish");
        return new Run(process.exitValue(), out, err);
    }

    private Path keyFile(String name, String encoded) throws IOException {
        return Files.writeString(dir.resolve(name), encoded + "\n");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void rekeysWhatPythonWroteAndPythonReadsItWithTheNewKeyOnly() throws Exception {
        FernetKey oldKey = FernetKey.generate();
        FernetKey newKey = FernetKey.generate();
        Path vault = dir.resolve("secrets.db");
        String lines = """
                {"key": "user", "value": "ada"}
                {"key": "ports", "value": {"list": [{"int": "80"}, {"int": "443"}]}}
                {"key": {"tuple": ["t", {"int": "1"}]}, "value": {"bytes": "AAE="}}
                """;
        assertEquals(0, python(oldKey, lines, "load", vault.toString()).exit());

        Run rekey = run("rekey", vault.toString(), "--key-file", keyFile("old.key", oldKey.encoded()).toString(),
                "--new-key-file", keyFile("new.key", newKey.encoded()).toString());
        assertEquals(ExitCodes.OK, rekey.exit(), rekey.err());
        assertTrue(rekey.out().contains("re-encrypted 3 values"), rekey.out());

        Run withNew = python(newKey, "", "dump", vault.toString());
        assertEquals(0, withNew.exit(), withNew.err());
        assertEquals(3, withNew.out().lines().count());
        assertTrue(withNew.out().contains("\"ada\""), withNew.out());
        Run withOld = python(oldKey, "", "dump", vault.toString());
        assertEquals(3, withOld.exit(), "the retired key fails cleanly: " + withOld.err());
        assertTrue(withOld.err().contains("InvalidToken"), withOld.err());
    }

    @Test
    void aWrongOldKeyNamesTheRowAndWritesNothing() throws Exception {
        FernetKey right = FernetKey.generate();
        Path vault = dir.resolve("w.db");
        try (EncryptedVault v = EncryptedVault.fernet(Vault.open(vault), right)) {
            Map<Object, Object> items = new LinkedHashMap<>();
            items.put("first", 1L);
            items.put("second", "two");
            v.putMany(items);
        }
        String before = sha256(vault);
        Run rekey = run("rekey", vault.toString(), "--key-file", keyFile("wrong.key", FernetKey.generate().encoded()).toString(),
                "--new-key-file", keyFile("new.key", FernetKey.generate().encoded()).toString());
        assertEquals(ExitCodes.VAULT_ERROR, rekey.exit());
        assertTrue(rekey.err().contains("w.db") && rekey.err().contains("'first'"), rekey.err());
        assertEquals(before, sha256(vault), "nothing was written");
    }

    @Test
    void keysComeFromTheEnvironmentAndNeverFromTheCommandLine() throws Exception {
        FernetKey oldKey = FernetKey.generate();
        FernetKey newKey = FernetKey.generate();
        Path vault = dir.resolve("e.db");
        try (EncryptedVault v = EncryptedVault.fernet(Vault.open(vault), oldKey)) {
            v.put("k", "v");
        }
        assertEquals(ExitCodes.USAGE, run("rekey", vault.toString(), "--key", oldKey.encoded()).exit());
        assertEquals(ExitCodes.USAGE, run("rekey", vault.toString(), "--new-key-file", keyFile("n.key", newKey.encoded()).toString()).exit(),
                "no current key anywhere");

        RekeyCommand.environment = Map.of(RekeyCommand.KEY_VARIABLE, oldKey.encoded(),
                RekeyCommand.NEW_KEY_VARIABLE, newKey.encoded())::get;
        Run rekey = run("rekey", vault.toString(), "--json");
        assertEquals(ExitCodes.OK, rekey.exit(), rekey.err());
        assertTrue(rekey.out().contains("\"values\" : 1"), rekey.out());
        try (EncryptedVault v = EncryptedVault.fernet(Vault.open(vault), newKey)) {
            assertEquals("v", v.get("k"));
        }
    }

    @Test
    void gcmRekeyRewrapsTheDataKeyOnly() throws Exception {
        MasterKey oldMaster = MasterKey.generate();
        MasterKey newMaster = MasterKey.generate();
        Path vault = dir.resolve("g.db");
        try (EncryptedVault v = EncryptedVault.gcm(Vault.open(vault), oldMaster)) {
            v.put("k", List.of(1L, "x"));
        }
        Run rekey = run("rekey", vault.toString(), "--gcm", "--key-file", keyFile("o.key", oldMaster.encoded()).toString(),
                "--new-key-file", keyFile("n.key", newMaster.encoded()).toString());
        assertEquals(ExitCodes.OK, rekey.exit(), rekey.err());
        try (EncryptedVault v = EncryptedVault.gcm(Vault.open(vault), newMaster)) {
            assertEquals(List.of(1L, "x"), v.get("k"));
        }
        Run again = run("rekey", vault.toString(), "--gcm", "--key-file", dir.resolve("o.key").toString(),
                "--new-key-file", dir.resolve("n.key").toString());
        assertEquals(ExitCodes.VAULT_ERROR, again.exit(), "the retired master key no longer unwraps: " + again.err());
    }
}
