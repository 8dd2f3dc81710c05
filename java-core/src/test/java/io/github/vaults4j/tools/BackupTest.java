package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.Values;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
    private static final int WRITES = 400;

    @TempDir
    Path dir;

    @Test
    void copiesEveryRowOfAFixture() throws Exception {
        Path file = ToolFixtures.copy("vaults/mixed.db", dir);
        BackupResult result = VaultTools.backup(file, dir.resolve("copy.db"), Progress.NONE);
        assertEquals(ToolFixtures.rows(file).size(), result.rows());
        var before = ToolFixtures.rows(file);
        var after = ToolFixtures.rows(result.target());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).rowId(), after.get(i).rowId());
            assertTrue(java.util.Arrays.equals(before.get(i).key(), after.get(i).key()));
            assertTrue(java.util.Arrays.equals(before.get(i).value(), after.get(i).value()));
        }
    }

    @Test
    void refusesToOverwrite() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        Path other = ToolFixtures.copy("vaults/mixed.db", dir);
        String before = ToolFixtures.sha256(other);
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.backup(file, other, Progress.NONE));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(before, ToolFixtures.sha256(other));
    }

    /**
     * A CPython process puts W-0, W-1, ... one transaction each while the backup runs. Since each put commits
     * alone and in order, a consistent copy holds exactly W-0..W-(n-1) for some n, each with its value.
     */
    @Test
    void aBackupWhileCPythonWritesIsAConsistentPrefix() throws Exception {
        Path file = dir.resolve("live.db");
        try (Vault vault = Vault.open(file, VaultOptions.defaults())) {
            vault.put("seed", "before the writer");
        }
        Process writer = ToolFixtures.startPeer(false, "writer", file.toString(), "--prefix", "W",
                "--count", String.valueOf(WRITES));
        BufferedReader acks = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 20; i++) {
            assertTrue(acks.readLine() != null, "the writer stopped early");
        }
        Path copy = dir.resolve("copy.db");
        BackupResult result = VaultTools.backup(file, copy, Progress.NONE);
        while (acks.readLine() != null) {
            // drain until the writer is done
        }
        assertTrue(writer.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, writer.exitValue());

        CheckReport check = VaultTools.check(copy, Progress.NONE);
        assertTrue(check.ok(), check.toString());
        try (Vault backup = Vault.open(copy, VaultOptions.builder().readOnly(true).create(false).build())) {
            long written = backup.count() - 1;
            assertEquals(result.rows(), backup.count());
            assertTrue(written >= 20 && written <= WRITES, "rows " + written);
            assertEquals("before the writer", backup.get("seed"));
            for (int i = 0; i < WRITES; i++) {
                Object value = backup.get("W-" + i);
                if (i < written) {
                    Map<Object, Object> expected = new LinkedHashMap<>();
                    expected.put("i", (long) i);
                    expected.put("by", "W");
                    assertTrue(Values.same(expected, value), "W-" + i + " = " + Values.repr(value));
                } else {
                    assertEquals(null, value, "W-" + i + " is past the prefix of " + written);
                }
            }
        }
        try (Vault live = Vault.open(file, VaultOptions.builder().readOnly(true).create(false).build())) {
            assertEquals(WRITES + 1, live.count(), "the writer lost nothing to the backup");
        }
    }
}
