package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.VaultReadOnlyException;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.RepoFiles;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The damaged files of compat-fixtures/damaged (see its README and damage.jsonl), always read from a copy:
 * every problem is a {@link VaultException} subclass naming the file, the row and the key; the good rows
 * stay readable; nothing in a file is ever executed; declared lengths are never allocated; deep nesting is a
 * limit. Also read-only vaults and folders.
 */
class DamagedInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROW = Pattern.compile("row (\\d+)");

    @TempDir
    Path dir;

    private Path copy(String name) throws Exception {
        Path target = dir.resolve(name);
        Files.copy(RepoFiles.fixture("damaged/" + name), target);
        return target;
    }

    /** Rowids that damage.jsonl lists for the file. */
    private static TreeSet<Long> damagedRows(String name) throws Exception {
        TreeSet<Long> rows = new TreeSet<>();
        for (String line : Files.readAllLines(RepoFiles.fixture("damaged/damage.jsonl"))) {
            JsonNode entry = JSON.readTree(line);
            if (entry.get("file").asText().equals(name) && !entry.get("rowid").isNull()) {
                rows.add(entry.get("rowid").asLong());
            }
        }
        return rows;
    }

    /** The key of a row whose key cell is intact, decoded independently of Vault. */
    private static Object keyOfRow(Path file, long rowId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement s = c.prepareStatement("SELECT key FROM dict WHERE rowid = ?")) {
            s.setLong(1, rowId);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "row " + rowId);
                return Cells.decode(r.getBytes(1), 1000);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated_msgpack.db", "truncated_pickle.db", "unknown_marker.db",
        "malformed_msgpack.db", "pickle_huge_length.db", "deep_nesting.db"})
    void aDamagedRowFailsAloneWithAClearErrorAndTheOthersStayReadable(String name) throws Exception {
        Path file = copy(name);
        TreeSet<Long> damaged = damagedRows(name);
        String path = file.toAbsolutePath().normalize().toString();
        try (Vault vault = Vault.open(file)) {
            List<Object> keys = new ArrayList<>();
            TreeSet<Long> failed = new TreeSet<>();
            Iterator<Map.Entry<Object, Object>> entries = vault.entrySet().iterator();
            for (int guard = 0; guard < 20 && entries.hasNext(); guard++) {
                try {
                    keys.add(entries.next().getKey());
                } catch (CorruptRowException | LimitExceededException e) {
                    assertTrue(e.getMessage().contains(path), e::getMessage);
                    failed.add(rowOf(e));
                }
            }
            assertEquals(damaged, failed, "rows reported as damaged");
            assertEquals(List.of("alpha", "beta", "gamma"), keys);
            assertEquals(Map.of("n", 1L), vault.get("alpha"));
            assertEquals(List.of(1L, 2L, 3L), vault.get("beta"));
            assertNotNull(vault.get("gamma"));

            for (long rowId : damaged) {
                if (name.equals("truncated_pickle.db") && rowId == 4) {
                    continue; // its key cell is the damage: no key to look it up by
                }
                Object key = keyOfRow(file, rowId);
                VaultException e = assertThrows(VaultException.class, () -> vault.get(key));
                assertTrue(e instanceof CorruptRowException || e instanceof LimitExceededException, e::toString);
                assertEquals(rowId, rowOf(e));
                assertTrue(e.getMessage().contains(path) && e.getMessage().contains(Values.shortRepr(key)), e::getMessage);
            }
        }
    }

    private static long rowOf(VaultException e) {
        if (e instanceof CorruptRowException corrupt) {
            return corrupt.rowId();
        }
        Matcher m = ROW.matcher(e.getMessage());
        assertTrue(m.find(), e::getMessage);
        return Long.parseLong(m.group(1));
    }

    @Test
    void hundredThousandDeepNestingIsALimitNotAStackOverflow() throws Exception {
        Path file = copy("deep_nesting.db");
        try (Vault vault = Vault.open(file)) {
            for (long rowId : damagedRows("deep_nesting.db")) {
                Object key = keyOfRow(file, rowId);
                assertThrows(LimitExceededException.class, () -> vault.get(key), "row " + rowId);
            }
        }
    }

    @Test
    void hugeDeclaredLengthsFailWithoutAllocatingThem() throws Exception {
        Path file = copy("pickle_huge_length.db");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        try (Vault vault = Vault.open(file)) {
            for (long rowId : damagedRows("pickle_huge_length.db")) {
                Object key = keyOfRow(file, rowId);
                long before = threads.getThreadAllocatedBytes(thread);
                assertThrows(CorruptRowException.class, () -> vault.get(key), "row " + rowId);
                long allocated = threads.getThreadAllocatedBytes(thread) - before;
                // The declared sizes are 4 GiB, 2**62 and 2**60 bytes; reading a 16-byte cell needs kilobytes.
                assertTrue(allocated < 16L << 20, "row " + rowId + " allocated " + allocated + " bytes");
            }
        }
    }

    /**
     * A pickle that calls {@code os.system("touch MARKER")}: CPython's pickle.loads runs it (the trust model:
     * unpickling an untrusted file runs code in Python), the Java core never does.
     */
    @Test
    void apickleNamingOsSystemIsNeverExecuted() throws Exception {
        Path marker = dir.resolve("os-system-ran");
        byte[] command = ("touch " + marker).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2});
        pickle.writeBytes("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));     // GLOBAL os.system
        pickle.write('X');                                                          // BINUNICODE
        for (int i = 0; i < 4; i++) {
            pickle.write(command.length >>> (8 * i));
        }
        pickle.writeBytes(command);
        pickle.writeBytes(new byte[] {(byte) 0x85, 'R', '.'});                     // TUPLE1, REDUCE, STOP
        byte[] payload = pickle.toByteArray();

        Path file = copy("pickle_os_system.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement s = c.prepareStatement("INSERT INTO dict (key, value) VALUES (?, ?), (?, ?)")) {
            s.setBytes(1, Cells.encode("touch-p", new io.github.vaults4j.codec.WriteProfile(io.github.vaults4j.Format.MSGPACK, 4)));
            byte[] marked = new byte[payload.length + 1];
            marked[0] = Cells.PICKLE_MARKER;
            System.arraycopy(payload, 0, marked, 1, payload.length);
            s.setBytes(2, marked);
            s.setBytes(3, Cells.encode("touch-raw", new io.github.vaults4j.codec.WriteProfile(io.github.vaults4j.Format.MSGPACK, 4)));
            s.setBytes(4, payload);
            s.executeUpdate();
        }

        try (Vault vault = Vault.open(file)) {
            List<Object> readable = new ArrayList<>();
            for (Object key : List.of("touch-p", "touch-raw")) {
                readOpaqueOrFailClearly(vault, key, readable);
            }
            for (long rowId : damagedRows("pickle_os_system.db")) {
                readOpaqueOrFailClearly(vault, keyOfRow(file, rowId), readable);
            }
            Iterator<Object> values = vault.values().iterator();
            for (int guard = 0; guard < 20 && values.hasNext(); guard++) {
                try {
                    values.next();
                } catch (CorruptRowException refused) {
                    // Refusing the global is as good as an opaque value.
                }
            }
        }
        assertFalse(Files.exists(marker), "the Java core executed a pickled os.system call");

        // The same bytes do run in CPython: the payload is live, and the Java core's safety is its own.
        CPythonPeer.Result python = CPythonPeer.python("-c", "import pickle, sys; pickle.loads(bytes.fromhex(sys.argv[1]))",
                hex(payload));
        assertEquals(0, python.exitCode(), python.stderr());
        assertTrue(Files.exists(marker), "CPython's pickle.loads should run the payload");
    }

    private static void readOpaqueOrFailClearly(Vault vault, Object key, List<Object> readable) {
        try {
            Object value = vault.get(key);
            assertNotNull(value, "row of " + key);
            assertFalse(value instanceof String || value instanceof Number, "os.system pickle read as " + value);
            readable.add(value);
        } catch (CorruptRowException refused) {
            assertTrue(refused.getMessage().contains(Values.shortRepr(key)), refused::getMessage);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    @Test
    void filesThatAreNotVaultsFailToOpenNamingTheFile() throws Exception {
        for (String name : List.of("no_dict_table.db", "not_sqlite.db")) {
            Path file = copy(name);
            byte[] before = Files.readAllBytes(file);
            VaultException e = assertThrows(VaultException.class, () -> Vault.open(file), name);
            assertTrue(e.getMessage().contains(file.toAbsolutePath().normalize().toString()), e::getMessage);
            assertArrayEquals(before, Files.readAllBytes(file), name + " must be left as it was");
        }
    }

    @Test
    void aTruncatedFileFailsWithVaultExceptionsOnly() throws Exception {
        Path file = copy("truncated_file.db");
        String path = file.toAbsolutePath().normalize().toString();
        int failures = 0;
        try (Vault vault = Vault.open(file)) {
            Iterator<Object> keys = vault.keySet().iterator();
            for (int guard = 0; guard < 100; guard++) {
                try {
                    if (!keys.hasNext()) {
                        break;
                    }
                    keys.next();
                } catch (VaultException e) {
                    assertTrue(e.getMessage().contains(path), e::getMessage);
                    failures++;
                    break; // a malformed page ends the walk; the point is that it ends with a VaultException
                }
            }
            VaultException e = assertThrows(VaultException.class, vault::count);
            assertTrue(e.getMessage().contains(path), e::getMessage);
        } catch (VaultException openFailed) {
            assertTrue(openFailed.getMessage().contains(path), openFailed::getMessage);
            failures++;
        }
        assertTrue(failures > 0, "a file cut in its 7th page cannot be read in full");
    }

    /**
     * A read-only vault takes no write and leaves the file's bytes as they were. Tests run as root here, where
     * file permissions do not stop writes, so read-only is asked for with VaultOptions.readOnly.
     */
    @Test
    void aReadOnlyVaultReadsAndRefusesEveryWrite() throws Exception {
        Path file = copy("truncated_msgpack.db");
        byte[] before = Files.readAllBytes(file);
        try (Vault vault = Vault.open(file, VaultOptions.builder().readOnly(true).build())) {
            assertEquals(Map.of("n", 1L), vault.get("alpha"));
            assertThrows(VaultReadOnlyException.class, () -> vault.put("alpha", "changed"));
            assertThrows(VaultReadOnlyException.class, () -> vault.putMany(Map.of("x", 1L)));
            assertThrows(VaultReadOnlyException.class, () -> vault.remove("beta"));
            assertThrows(VaultReadOnlyException.class, vault::clear);
            assertThrows(VaultReadOnlyException.class, () -> vault.transaction(v -> v.put("y", 2L)));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    /**
     * Opening a missing vault read-only in a folder must not create the file (nor the folder). As root, a
     * folder's permission bits would not stop the creation, so this is the option's guarantee, not chmod's.
     */
    @Test
    void aReadOnlyOpenInAFolderCreatesNothing() {
        Path folder = dir.resolve("shared-readonly");
        Path file = folder.resolve("absent.db");
        assertThrows(VaultNotFoundException.class, () -> Vault.open(file, VaultOptions.builder().readOnly(true).build()));
        assertFalse(Files.exists(folder));
    }
}
