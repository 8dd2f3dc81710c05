package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.Format;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.storage.Generation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One twin rule for the map, stats and migrate: a tuple key and a list key with the same items are the same key
 * (msgpack stores both as one array), also in a file where they are two different pickles.
 */
class TwinRuleTest {
    private static final WriteProfile PICKLE4 = new WriteProfile(Format.PICKLE, 4);
    private static final PyTuple TUPLE = PyTuple.of(1L, 2L);
    private static final List<Object> LIST = List.of(1L, 2L);

    @TempDir
    Path folder;

    /** Row 1: the tuple pickled, value "tuple"; row 2: the list pickled, value "list". */
    static Path twinFile(Path folder) throws Exception {
        Path file = folder.resolve("twins.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement create = c.createStatement()) {
                create.execute(Generation.GEN2.createStatement());
            }
            PreparedStatement insert = c.prepareStatement("INSERT INTO dict (key, value) VALUES (?, ?)");
            for (Object[] row : new Object[][] {{TUPLE, "tuple"}, {LIST, "list"}}) {
                insert.setBytes(1, Cells.encode(row[0], PICKLE4));
                insert.setBytes(2, Cells.encode(row[1], PICKLE4));
                insert.executeUpdate();
            }
            insert.close();
        }
        return file;
    }

    @Test
    void statsReportsATupleKeyAndAListKeyAsTwins() throws Exception {
        VaultStats stats = VaultTools.stats(twinFile(folder), Progress.NONE);
        assertEquals(1, stats.twins().size());
        assertEquals(List.of(1L, 2L), stats.twins().get(0).rowIds());
    }

    @Test
    void theMapReadsItsOwnFormAndWritesBothTwins() throws Exception {
        Path file = twinFile(folder);
        try (Vault vault = Vault.open(file)) {
            assertEquals("tuple", vault.get(TUPLE));
            assertEquals("list", vault.get(LIST));
            vault.put(LIST, "both");
            assertEquals(2, vault.count());
            assertEquals("both", vault.get(TUPLE));
        }
    }

    @Test
    void aListKeyFindsTheTupleRowPythonWrote() {
        Path file = folder.resolve("python.db");
        try (Vault vault = Vault.open(file, io.github.vaults4j.VaultOptions.builder().format(Format.PICKLE).build())) {
            vault.put(TUPLE, "from python");
            assertEquals("from python", vault.get(LIST));
            vault.put(LIST, "updated");
            assertEquals(1, vault.count());
            assertEquals("updated", vault.get(TUPLE));
        }
    }

    @Test
    void migrateKeepsOneOfTheTwins() throws Exception {
        Path file = twinFile(folder);
        MigrationReport report = VaultTools.migrate(file, MigrationOptions.toPickle(4), Progress.NONE);
        assertEquals(1, report.twins().size());
        try (Vault vault = Vault.open(file)) {
            assertEquals(1, vault.count());
        }
    }
}
