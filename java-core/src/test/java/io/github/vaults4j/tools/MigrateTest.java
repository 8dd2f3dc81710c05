package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.Format;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrateTest {
    @TempDir
    Path dir;

    private static Set<Long> dropped(MigrationReport report) {
        Set<Long> dropped = new HashSet<>();
        report.twins().forEach(t -> dropped.addAll(t.droppedRowIds()));
        return dropped;
    }

    /** After migrating to msgpack, Python's module with msgpack finds every key and reads every value. */
    @ParameterizedTest
    @ValueSource(strings = {"gen2_msgpack", "gen2_pickle", "gen2_pickle_p5", "gen1_legacy", "mixed"})
    void toMsgpackIsReadByPythonWithMsgpack(String name) throws Exception {
        migrateAndCheckWithPython(name, MigrationOptions.toMsgpack(), false);
    }

    /** After migrating to pickle 4, Python's module without msgpack finds every key and reads every value. */
    @ParameterizedTest
    @ValueSource(strings = {"gen2_msgpack", "gen2_pickle", "gen2_pickle_p5", "gen1_legacy", "mixed"})
    void toPickleIsReadByPythonWithoutMsgpack(String name) throws Exception {
        migrateAndCheckWithPython(name, MigrationOptions.toPickle(4), true);
    }

    private void migrateAndCheckWithPython(String name, MigrationOptions options, boolean noMsgpack) throws Exception {
        Path file = ToolFixtures.copy("vaults/" + name + ".db", dir);
        List<Row> before = ToolFixtures.rows(file);
        List<String> phases = new ArrayList<>();
        MigrationReport report = VaultTools.migrate(file, options, (phase, done, total) -> {
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                phases.add(phase);
            }
        });
        if (report.changed()) {
            assertEquals(before.size() - report.rowsDropped(), report.verifiedRows());
            assertTrue(phases.containsAll(List.of("planning", "rewriting", "verifying")), phases.toString());
            assertNotNull(report.backup());
            assertTrue(report.backup().getFileName().toString().startsWith(name + ".db.pre-migrate-"));
            assertTrue(report.backup().getFileName().toString().endsWith(".bak"));
            assertEquals(before.size(), ToolFixtures.rows(report.backup()).size(), "the backup holds the old rows");
        } else {
            // A vault Python already wrote in the target profile needs nothing.
            assertEquals(0, report.keysRewritten() + report.valuesRewritten(), report.toString());
            assertNull(report.backup());
        }
        assertEquals("CREATE TABLE dict (key BLOB PRIMARY KEY, value BLOB)", ToolFixtures.tableSql(file));

        Path expected = ToolFixtures.expectedWithout("vaults/" + name + ".expected.jsonl", dropped(report), dir);
        if (options.target() == Format.PICKLE) {
            arrayKeysAsTuples(expected);
        }
        ToolFixtures.PeerResult peer = ToolFixtures.peer(noMsgpack, "check", file.toString(), expected.toString());
        assertEquals(0, peer.exitCode(), peer.output());

        String once = ToolFixtures.sha256(file);
        MigrationReport again = VaultTools.migrate(file, options, Progress.NONE);
        assertFalse(again.changed(), again.toString());
        assertNull(again.backup());
        assertEquals(once, ToolFixtures.sha256(file), "a second migration changes nothing");
        assertTrue(VaultTools.check(file, Progress.NONE).ok());
    }

    /**
     * msgpack has no tuple: a tuple key (the only form Python's put_many and update can carry) is stored as an
     * array, read back as a list. Migrated to pickle it must become the tuple again, or Python's lookup by the
     * tuple misses it.
     */
    @Test
    void anMsgpackArrayKeyMigratedToPickleIsTheTuplePythonLooksUp() throws Exception {
        Path file = dir.resolve("tuples.db");
        try (Vault vault = Vault.open(file, VaultOptions.builder().format(Format.MSGPACK).build())) {
            vault.put(PyTuple.of(1L, "a"), "point");
            vault.put(PyTuple.of("outer", PyTuple.of(2L, "b")), "nested");
        }
        VaultTools.migrate(file, MigrationOptions.toPickle(4), Progress.NONE);
        Path expected = dir.resolve("tuples.expected.jsonl");
        Files.writeString(expected, """
                {"key": {"tuple": [{"int": "1"}, "a"]}, "value": "point"}
                {"key": {"tuple": ["outer", {"tuple": [{"int": "2"}, "b"]}]}, "value": "nested"}
                """);
        ToolFixtures.PeerResult peer = ToolFixtures.peer(true, "check", file.toString(), expected.toString());
        assertEquals(0, peer.exitCode(), peer.output());
    }

    /** Migrated to pickle, a key that was an msgpack array is the tuple Python looks it up as (TargetCells). */
    private static void arrayKeysAsTuples(Path expected) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(expected)) {
            ObjectNode entry = (ObjectNode) ToolFixtures.JSON.readTree(line);
            byte[] keyCell = Base64.getDecoder().decode(entry.path("key_cell").asText(""));
            if (keyCell.length > 0 && keyCell[0] == Cells.MSGPACK_MARKER) {
                entry.set("key", asTuples(entry.get("key")));
            }
            lines.add(ToolFixtures.JSON.writeValueAsString(entry));
        }
        Files.write(expected, lines);
    }

    /** A typed-JSON key with every list in it a tuple. */
    private static JsonNode asTuples(JsonNode typed) {
        JsonNode items = typed.has("list") ? typed.get("list") : typed.get("tuple");
        if (items == null) {
            return typed;
        }
        ArrayNode converted = ToolFixtures.JSON.createArrayNode();
        items.forEach(item -> converted.add(asTuples(item)));
        ObjectNode tuple = ToolFixtures.JSON.createObjectNode();
        tuple.set("tuple", converted);
        return tuple;
    }

    @Test
    void aGenerationOneFileGetsTheGenerationTwoTableAndKeepsItsRowids() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen1_legacy.db", dir);
        List<Row> before = ToolFixtures.rows(file);
        MigrationReport report = VaultTools.migrate(file, MigrationOptions.toMsgpack(), Progress.NONE);
        assertEquals(1, report.generationBefore());
        String createdByPython = ToolFixtures.tableSql(ToolFixtures.fixture("vaults/gen2_msgpack.db"));
        assertEquals(createdByPython, ToolFixtures.tableSql(file));
        assertEquals(VaultTools.inspect(file).generation(), 2);
        List<Row> after = ToolFixtures.rows(file);
        assertEquals(before.stream().map(Row::rowId).toList(), after.stream().map(Row::rowId).toList());
        assertTrue(Generation.GEN2.createStatement().contains("key BLOB PRIMARY KEY, value BLOB"));
    }

    /** A P value that msgpack cannot hold stays exactly as it was; msgpack-able values become M. */
    @Test
    void picklesMsgpackCannotHoldStayByteForByte() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_pickle.db", dir);
        Map<Long, Row> before = ToolFixtures.rows(file).stream().collect(Collectors.toMap(Row::rowId, r -> r));
        MigrationReport report = VaultTools.migrate(file, MigrationOptions.toMsgpack(), Progress.NONE);
        assertTrue(report.valuesKeptPickle() > 0, report.toString());
        long kept = 0;
        for (Row row : ToolFixtures.rows(file)) {
            CellEncoding encoding = Cells.encodingOf(row.value());
            if (encoding.kind() == CellEncoding.Kind.PICKLE) {
                assertArrayEquals(before.get(row.rowId()).value(), row.value(), "row " + row.rowId());
                kept++;
            } else {
                assertEquals(CellEncoding.Kind.MSGPACK, encoding.kind());
            }
        }
        assertEquals(report.valuesKeptPickle(), kept);
    }

    @Test
    void twinsKeepTheRowAlreadyInTheTargetEncoding() throws Exception {
        Path file = ToolFixtures.copy("vaults/mixed.db", dir);
        MigrationReport report = VaultTools.migrate(file, MigrationOptions.toMsgpack(), Progress.NONE);
        assertEquals(2, report.twins().size(), report.twins().toString());
        for (MigrationReport.TwinResolution twin : report.twins()) {
            Row kept = ToolFixtures.rows(report.backup()).stream()
                    .filter(r -> r.rowId() == twin.keptRowId()).findFirst().orElseThrow();
            assertEquals(CellEncoding.Kind.MSGPACK, Cells.encodingOf(kept.key()).kind(), twin.toString());
            assertFalse(twin.sameValues(), "the fixture's twins hold different values");
        }
        assertEquals(3, report.rowsDropped());
        assertEquals(ToolFixtures.rows(report.backup()).size() - 3, ToolFixtures.rows(file).size());
    }

    @Test
    void dryRunReportsAndWritesNothing() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen1_legacy.db", dir);
        String before = ToolFixtures.sha256(file);
        MigrationReport plan = VaultTools.migrate(file, MigrationOptions.toMsgpack().asDryRun(), Progress.NONE);
        assertTrue(plan.dryRun());
        assertTrue(plan.changed());
        assertTrue(plan.keysRewritten() > 0);
        assertNull(plan.backup());
        assertEquals(before, ToolFixtures.sha256(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no backup, no journal left");
        }
    }

    @Test
    void aVaultWithABadRowIsNotMigrated() throws Exception {
        Path file = ToolFixtures.copy("damaged/truncated_msgpack.db", dir);
        String before = ToolFixtures.sha256(file);
        CorruptRowException e = assertThrows(CorruptRowException.class,
                () -> VaultTools.migrate(file, MigrationOptions.toPickle(4), Progress.NONE));
        assertEquals(3, e.rowId());
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated_msgpack.db"), e.getMessage());
        assertEquals(before, ToolFixtures.sha256(file));
    }

    @Test
    void everyFuseVaultOfARootMigrates() throws Exception {
        Path root = ToolFixtures.copyFuseRoot(dir);
        for (Path file : VaultTools.vaultFiles(root)) {
            MigrationReport report = VaultTools.migrate(file, MigrationOptions.toPickle(5), Progress.NONE);
            assertTrue(report.changed());
            String name = file.getFileName().toString().replace(".db", "");
            Path expected = ToolFixtures.expectedWithout("vaults/fuse-root/vaults/" + name + ".expected.jsonl",
                    dropped(report), dir);
            // A protocol 5 vault is what Python 3.14 without msgpack looks keys up in.
            ToolFixtures.PeerResult peer = ToolFixtures.peer(
                    Map.of("VAULTS_REF_NO_MSGPACK", "1", "VAULTS_REF_PICKLE_PROTOCOL", "5"),
                    "check", file.toString(), expected.toString());
            assertEquals(0, peer.exitCode(), peer.output());
        }
        assertEquals(3, VaultTools.vaultFiles(root).size(), "backups are not listed as vaults");
    }
}
