package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lands in the file: table definitions, write-profile detection, twins, and files that are not vaults. */
class VaultFileTest {
    private static final WriteProfile MSGPACK = new WriteProfile(Format.MSGPACK, 4);
    private static final WriteProfile PICKLE4 = new WriteProfile(Format.PICKLE, 4);
    private static final WriteProfile PICKLE5 = new WriteProfile(Format.PICKLE, 5);
    private static final WriteProfile LEGACY4 = new WriteProfile(Format.LEGACY, 4);

    @TempDir
    Path dir;

    private static String tableSql(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.createStatement().executeQuery("SELECT sql FROM sqlite_master WHERE name = 'dict'")) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private static void sql(Path file, String statement, byte[]... cells) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < cells.length; i++) {
                s.setBytes(i + 1, cells[i]);
            }
            s.execute();
        }
    }

    private static List<byte[]> keyCells(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.createStatement().executeQuery("SELECT key FROM dict ORDER BY rowid")) {
            List<byte[]> keys = new java.util.ArrayList<>();
            while (r.next()) {
                keys.add(r.getBytes(1));
            }
            return keys;
        }
    }

    @Test
    void newFilesGetThePythonModulesTableDefinitions() throws Exception {
        Vault.open(dir.resolve("gen2.db")).close();
        assertEquals("CREATE TABLE dict (key BLOB PRIMARY KEY, value BLOB)", tableSql(dir.resolve("gen2.db")));
        Vault.open(dir.resolve("gen1.db"), VaultOptions.builder().format(Format.LEGACY).build()).close();
        assertEquals("CREATE TABLE dict (\n\t\"key\" BINARY NOT NULL, \n\tvalue BLOB, \n\tPRIMARY KEY (\"key\")\n)",
                tableSql(dir.resolve("gen1.db")));
    }

    @Test
    void writesUseTheDefaultProfileOfVaults2WithMsgpack() throws Exception {
        Path file = dir.resolve("bytes.db");
        try (Vault vault = Vault.open(file)) {
            vault.put("k", "v");
            assertEquals(Format.MSGPACK, vault.format());
            assertEquals(4, vault.pickleProtocol());
            assertEquals(2, vault.generation());
        }
        assertArrayEquals(new byte[] {'M', (byte) 0xa1, 'k'}, keyCells(file).get(0));
    }

    @Test
    void theProfileIsDetectedFromTheRows() throws Exception {
        Path pickle = dir.resolve("pickle.db");
        Vault.open(pickle).close();
        sql(pickle, "INSERT INTO dict VALUES (?, ?)", Cells.encode("a", PICKLE5), Cells.encode("b", PICKLE5));
        try (Vault vault = Vault.open(pickle)) {
            assertEquals(Format.PICKLE, vault.format());
            assertEquals(5, vault.pickleProtocol());
            vault.put("c", "d");
        }
        assertArrayEquals(Cells.encode("c", PICKLE5), keyCells(pickle).get(1));

        Path legacy = dir.resolve("legacy.db");
        Vault.open(legacy, VaultOptions.builder().format(Format.LEGACY).build()).close();
        try (Vault vault = Vault.open(legacy)) {
            assertEquals(Format.LEGACY, vault.format());
            assertEquals(1, vault.generation());
        }
        try (Vault vault = Vault.open(pickle, VaultOptions.builder().format(Format.MSGPACK).pickleProtocol(3).build())) {
            assertEquals(Format.MSGPACK, vault.format(), "options override detection");
            assertEquals(3, vault.pickleProtocol());
        }
    }

    @Test
    void keysStoredUnderAnyEncodingAreFoundAndUpdatedInPlace() throws Exception {
        Path file = dir.resolve("mixed.db");
        Vault.open(file).close();
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("p4", PICKLE4), Cells.encode("from P4", PICKLE4));
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("p5", PICKLE5), Cells.encode("from P5", PICKLE5));
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("raw", LEGACY4), Cells.encode("from gen1", LEGACY4));
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("m", MSGPACK), Cells.encode("from M", MSGPACK));
        try (Vault vault = Vault.open(file)) {
            assertEquals(Format.MSGPACK, vault.format());
            assertEquals("from P4", vault.get("p4"));
            assertEquals("from P5", vault.get("p5"));
            assertEquals("from gen1", vault.get("raw"));
            assertEquals("from M", vault.get("m"));
            assertEquals("from P4", vault.put("p4", "updated"));
            vault.putMany(Map.of("p5", "batch"));
            assertEquals(4, vault.size(), "updates do not add twins");
            assertEquals("updated", vault.get("p4"));
            assertEquals("batch", vault.get("p5"));
        }
        assertArrayEquals(Cells.encode("p4", PICKLE4), keyCells(file).get(0), "the row keeps its key cell");
    }

    @Test
    void twinsArePreferredInTheVaultsOwnFormatAndAllUpdated() throws Exception {
        Path file = dir.resolve("twins.db");
        Vault.open(file).close();
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("k", PICKLE4), Cells.encode("old pickle", PICKLE4));
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("k", MSGPACK), Cells.encode("new msgpack", MSGPACK));
        try (Vault vault = Vault.open(file)) {
            assertEquals("new msgpack", vault.get("k"));
            assertEquals(2, vault.size(), "each twin is a row");
            vault.put("k", "both");
            for (Object value : vault.values()) {
                assertEquals("both", value);
            }
            assertEquals("both", vault.remove("k"));
            assertTrue(vault.isEmpty(), "removing a key removes every twin");
        }
    }

    @Test
    void aMissingFileIsCreatedOnlyWhenAllowed() {
        Path file = dir.resolve("sub/dir/new.db");
        VaultNotFoundException e = assertThrows(VaultNotFoundException.class,
                () -> Vault.open(file, VaultOptions.builder().create(false).build()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(Files.exists(file));
        Vault.open(file).close();
        assertTrue(Files.exists(file));
    }

    @Test
    void filesThatAreNotVaultsAreRefusedWithoutBeingChanged() throws Exception {
        Path text = dir.resolve("notes.db");
        Files.writeString(text, "this is not a database, it is a long enough text file to hold a header ".repeat(20));
        byte[] before = Files.readAllBytes(text);
        VaultException notSqlite = assertThrows(VaultException.class, () -> Vault.open(text));
        assertTrue(notSqlite.getMessage().contains("not a SQLite database"), notSqlite.getMessage());
        assertTrue(notSqlite.getMessage().contains(text.toString()), notSqlite.getMessage());
        assertArrayEquals(before, Files.readAllBytes(text));

        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (name TEXT)");
        }
        VaultException foreign = assertThrows(VaultException.class, () -> Vault.open(other));
        assertTrue(foreign.getMessage().contains("not a vault"), foreign.getMessage());
        assertNull(tableSql(other));
    }

    @Test
    void readOnlyVaultsReadButRefuseWrites() {
        Path file = dir.resolve("ro.db");
        try (Vault vault = Vault.open(file)) {
            vault.put("k", "v");
        }
        try (Vault vault = Vault.open(file, VaultOptions.builder().readOnly(true).build())) {
            assertEquals("v", vault.get("k"));
            assertThrows(VaultReadOnlyException.class, () -> vault.put("k", "w"));
            assertThrows(VaultReadOnlyException.class, vault::clear);
            assertThrows(VaultReadOnlyException.class, () -> vault.keySet().iterator().remove());
        }
    }

    @Test
    void aBrokenRowFailsOnlyTheOperationThatTouchesIt() throws Exception {
        Path file = dir.resolve("broken.db");
        try (Vault vault = Vault.open(file)) {
            vault.put("before", 1L);
        }
        sql(file, "INSERT INTO dict VALUES (?, ?)", Cells.encode("bad", MSGPACK), new byte[] {'Z', 1, 2});
        try (Vault vault = Vault.open(file)) {
            vault.put("after", 2L);
            CorruptRowException e = assertThrows(CorruptRowException.class, () -> vault.get("bad"));
            assertEquals(2, e.rowId());
            assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("'bad'")
                    && e.getMessage().contains(file.toString()) && e.getMessage().contains("marker"), e.getMessage());
            assertEquals(1L, vault.get("before"));
            assertEquals(2L, vault.get("after"));
            var it = vault.values().iterator();
            assertEquals(1L, it.next());
            assertThrows(CorruptRowException.class, it::next);
            assertEquals(2L, it.next(), "iteration goes on after a bad row");
            assertEquals(List.of("before", "bad", "after"), new java.util.ArrayList<>(vault.keySet()));
            vault.put("bad", "repaired");
            assertEquals("repaired", vault.get("bad"));
        }
    }

    @Test
    void vaultsFollowThePythonFolderLayout() {
        Vaults vaults = Vaults.at(dir);
        assertEquals(List.of(), vaults.names());
        try (Vault commons = vaults.open("commons")) {
            commons.put("k", "v");
        }
        vaults.open("virtual_environments").close();
        assertTrue(Files.exists(dir.resolve("vaults/commons.db")));
        assertEquals(List.of("commons", "virtual_environments"), vaults.names());
        assertThrows(IllegalArgumentException.class, () -> vaults.open("../escape"));
        assertTrue(vaults.delete("commons"));
        assertFalse(vaults.delete("commons"));
        assertEquals(List.of("virtual_environments"), vaults.names());
    }
}
