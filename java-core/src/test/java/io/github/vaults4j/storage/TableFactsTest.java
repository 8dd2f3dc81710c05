package io.github.vaults4j.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.VaultOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table facts a store reports: what a migration must know to refuse a table it would not reproduce. */
class TableFactsTest {
    private static final VaultOptions READ_ONLY = VaultOptions.builder().readOnly(true).create(false).build();

    @TempDir
    Path folder;

    @Test
    void aTableAsPythonCreatesItIsPlain() {
        Path file = folder.resolve("plain.db");
        try (SqliteStore store = SqliteStore.open(file, VaultOptions.defaults(), List.of())) {
            TableFacts table = store.table();
            assertEquals(Generation.GEN2, table.generation());
            assertEquals(Generation.GEN2.createStatement(), table.createSql());
            assertTrue(table.isPlain(), table::toString);
        }
        try (SqliteStore store = SqliteStore.open(file, READ_ONLY, List.of())) {
            assertEquals(List.of("key", "value"), store.table().columns());
            assertTrue(store.table().isPlain());
        }
    }

    @Test
    void extraColumnsAndDependentIndexesAndTriggersAreReported() throws Exception {
        Path file = folder.resolve("extra.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dict (key BLOB PRIMARY KEY, value BLOB, added TEXT)");
            s.execute("CREATE INDEX dict_added ON dict (added)");
            s.execute("CREATE TABLE log (what TEXT)");
            s.execute("CREATE TRIGGER dict_log AFTER INSERT ON dict BEGIN INSERT INTO log VALUES ('insert'); END");
        }
        try (SqliteStore store = SqliteStore.open(file, READ_ONLY, List.of())) {
            TableFacts table = store.table();
            assertEquals(List.of("added"), table.extraColumns());
            assertEquals(List.of(
                    new TableFacts.SchemaObject("index", "dict_added", "CREATE INDEX dict_added ON dict (added)"),
                    new TableFacts.SchemaObject("trigger", "dict_log",
                            "CREATE TRIGGER dict_log AFTER INSERT ON dict BEGIN INSERT INTO log VALUES ('insert'); END")),
                    table.dependents());
            assertFalse(table.isPlain());
        }
    }
}
