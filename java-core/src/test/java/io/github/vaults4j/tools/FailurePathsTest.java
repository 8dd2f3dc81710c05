package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Format;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultIsDirectoryException;
import io.github.vaults4j.VaultOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure paths leave no file behind and say what happened in words. The full disk is real: a small tmpfs
 * mounted for the test (the tests run as root; where mounting is not permitted they are skipped, saying why).
 */
class FailurePathsTest {
    /** Room on the small file system: less than the vault below needs. */
    private static final String SMALL_DISK = "128k";
    /** Rows of about a kilobyte each: a vault of some 300 KiB. */
    private static final int ROWS = 300;
    private static final int VALUE_CHARS = 1000;

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
        }
    }

    private Path smallDisk(String size) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString());
        Assumptions.assumeTrue(output == null, "cannot mount a tmpfs here (needs root with mount rights): " + output);
        mounted = mount;
        return mount;
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : output;
    }

    private static void fill(Path vault, VaultOptions options) {
        try (Vault v = Vault.open(vault, options)) {
            for (int i = 0; i < ROWS; i++) {
                v.put("key " + i, "v".repeat(VALUE_CHARS) + i);
            }
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void aBackupOntoAFullDiskLeavesNoFileAndSaysDiskFull() throws Exception {
        Path vault = dir.resolve("big.db");
        fill(vault, VaultOptions.defaults());
        Path disk = smallDisk(SMALL_DISK);
        Path target = disk.resolve("copy.db");
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.backup(vault, target, Progress.NONE));
        assertTrue(e.getMessage().contains("disk full while writing " + target), e.getMessage());
        assertEquals(List.of(), files(disk), "a failed backup leaves nothing, not even a 0-byte target");
        // Nothing stands in the way of a rerun once there is room.
        run("mount", "-o", "remount,size=4m", disk.toString());
        assertEquals(ROWS, VaultTools.backup(vault, target, Progress.NONE).rows());
    }

    @Test
    void aMigrationWhoseBackupDoesNotFitLeavesTheVaultAndNoBak() throws Exception {
        Path disk = smallDisk("512k");
        Path vault = disk.resolve("legacy.db");
        fill(vault, VaultOptions.builder().format(Format.LEGACY).build());
        String before = sha256(vault);
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.migrate(vault,
                new MigrationOptions(Format.MSGPACK, 4, false), Progress.NONE));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals(before, sha256(vault));
        assertEquals(List.of(vault), files(disk), "no .bak, no partial file, no journal");
    }

    @Test
    void aFolderWhereAVaultFileIsExpectedSaysSo() {
        VaultIsDirectoryException e = assertThrows(VaultIsDirectoryException.class, () -> Vault.open(dir));
        assertTrue(e.getMessage().contains(dir + " is a folder, not a vault file"), e.getMessage());
        assertThrows(VaultIsDirectoryException.class, () -> VaultTools.backup(dir, dir.resolve("x.db"), Progress.NONE));
    }

    @Test
    void aGeneration2ExportIsRefusedByAGeneration1File() throws Exception {
        Path current = dir.resolve("current.db");
        try (Vault v = Vault.open(current)) {
            v.put("k", List.of(1, 2));
        }
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        VaultTools.export(current, document, ExportFormat.LOSSLESS, false, Progress.NONE);
        Path legacy = dir.resolve("legacy.db");
        fill(legacy, VaultOptions.builder().format(Format.LEGACY).build());
        String before = sha256(legacy);
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.importInto(legacy,
                new ByteArrayInputStream(document.toByteArray()), Progress.NONE));
        assertTrue(e.getMessage().contains("vaults 1.x cannot read"), e.getMessage());
        assertEquals(before, sha256(legacy));
        // The readable form is stored as the vault's own writer stores it: raw pickles, which 1.x reads.
        byte[] readable = "{\"format\": \"vaults-json-v1\", \"data\": {\"k\": [1, 2]}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, VaultTools.importInto(legacy, new ByteArrayInputStream(readable), Progress.NONE).rows());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
