package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.reliability.WriterProcess;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.TypedJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
    /** Writes acknowledged before the backup starts, and again after it ends. */
    private static final int WRITES_AROUND_THE_BACKUP = 20;
    /** The writer is stopped by the test long before it reaches this count. */
    private static final int ENDLESS = 1_000_000;

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
     * A CPython process puts W-0, W-1, ... one transaction each, before, while and after the backup runs: the
     * test demands acknowledged writes both before the backup started and after it ended, so the two overlapped.
     * Since each put commits alone and in order, a consistent copy holds exactly W-0..W-(n-1) for some n between
     * the writes acknowledged before the backup started and those acknowledged when the writer was stopped.
     */
    @Test
    void aBackupWhileCPythonWritesIsAConsistentPrefix() throws Exception {
        Path file = dir.resolve("live.db");
        try (Vault vault = Vault.open(file, VaultOptions.defaults())) {
            vault.put("seed", "before the writer");
        }
        List<String> acknowledged;
        Path copy = dir.resolve("copy.db");
        BackupResult result;
        int before;
        int after;
        // Its output is read to the last byte after the kill, so "acknowledged" below is every write it reported.
        try (WriterProcess writer = WriterProcess.cpython(dir, "backup-writer", "writer", file.toString(),
                "--prefix", "W", "--count", String.valueOf(ENDLESS))) {
            assertTrue(writer.awaitAcks(WRITES_AROUND_THE_BACKUP, CPythonPeer.TIMEOUT), writer::describe);
            before = writer.acks().size();
            result = VaultTools.backup(file, copy, Progress.NONE);
            after = writer.acks().size();
            assertTrue(writer.awaitAcks(after + WRITES_AROUND_THE_BACKUP, CPythonPeer.TIMEOUT), writer::describe);
            writer.kill();
            acknowledged = writer.acks();
        }
        assertTrue(acknowledged.size() >= after + WRITES_AROUND_THE_BACKUP, "the writer went on after the backup");

        CheckReport check = VaultTools.check(copy, Progress.NONE);
        assertTrue(check.ok(), check.toString());
        try (Vault backup = Vault.open(copy, VaultOptions.builder().readOnly(true).create(false).build())) {
            long written = backup.count() - 1;
            assertEquals(result.rows(), backup.count());
            assertTrue(written >= before && written <= acknowledged.size(),
                    "the copy holds " + written + " writes: at least the " + before + " acknowledged before the backup"
                            + " started, at most the " + acknowledged.size() + " acknowledged in all");
            assertEquals("before the writer", backup.get("seed"));
            for (int i = 0; i < written + WRITES_AROUND_THE_BACKUP; i++) {
                Object value = backup.get("W-" + i);
                if (i < written) {
                    Map<Object, Object> expected = new LinkedHashMap<>();
                    expected.put("i", (long) i);
                    expected.put("by", "W");
                    assertTrue(TypedJson.deepEquals(expected, value), "W-" + i + " = " + Values.repr(value));
                } else {
                    assertEquals(null, value, "W-" + i + " is past the prefix of " + written);
                }
            }
        }
        // Writable: the killed writer may have left a hot journal, which only a writer may roll back.
        try (Vault live = Vault.open(file, VaultOptions.builder().create(false).build())) {
            for (String key : acknowledged) {
                assertTrue(live.containsKey(key), "the writer lost " + key + " to the backup");
            }
        }
    }
}
