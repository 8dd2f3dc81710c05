package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"vaults/gen2_msgpack.db", "vaults/gen2_pickle.db", "vaults/gen2_pickle_p5.db",
                            "vaults/gen1_legacy.db", "vaults/mixed.db"})
    void soundFixturesPassAndAreNotWritten(String fixture) throws Exception {
        Path file = ToolFixtures.copy(fixture, dir);
        String before = ToolFixtures.sha256(file);
        CheckReport report = VaultTools.check(file, Progress.NONE);
        assertTrue(report.ok(), report.toString());
        assertEquals(ToolFixtures.rows(file).size(), report.rowsChecked());
        assertEquals(before, ToolFixtures.sha256(file));
    }

    /** Rows that build instances of the fixtures' classes are listed with what they import, and the file is sound. */
    @Test
    void rowsThatBuildObjectsAreListedWithTheGlobalsTheyName() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_pickle.db", dir);
        CheckReport report = VaultTools.check(file, Progress.NONE);
        assertTrue(report.ok(), report.toString());
        assertFalse(report.objectRows().isEmpty(), report.toString());
        Set<String> named = new TreeSet<>();
        report.objectRows().forEach(row -> named.addAll(row.globals()));
        assertTrue(named.containsAll(Set.of("fixture_classes.Service", "fixture_classes.Status")), named.toString());
    }

    static Stream<JsonNode> damagedRows() throws Exception {
        return ToolFixtures.expected("damaged/damage.jsonl").stream().filter(d -> !d.path("rowid").isNull());
    }

    /** Every damaged cell the fixtures describe is reported by rowid and cell, and the check reads every row. */
    @ParameterizedTest
    @MethodSource("damagedRows")
    void eachDamagedCellIsReported(JsonNode damage) throws Exception {
        Path file = ToolFixtures.copy("damaged/" + damage.get("file").asText(), dir);
        String before = ToolFixtures.sha256(file);
        CheckReport report = VaultTools.check(file, Progress.NONE);
        long rowId = damage.get("rowid").asLong();
        String cell = damage.get("cell").asText();
        assertFalse(report.ok());
        assertTrue(report.badRows().stream().anyMatch(b -> b.rowId() == rowId && b.cell().equals(cell)),
                damage.get("problem").asText() + ": " + report.badRows());
        assertEquals(ToolFixtures.rows(file).size(), report.rowsChecked(), "a bad row never stops the check");
        assertEquals(before, ToolFixtures.sha256(file), "check never writes");
        for (CheckReport.BadRow bad : report.badRows()) {
            assertTrue(bad.reason().contains("row " + bad.rowId()), bad.reason());
            assertTrue(bad.reason().contains(file.getFileName().toString()), bad.reason());
        }
    }

    @Test
    void anUnknownMarkerIsNamed() throws Exception {
        CheckReport report = VaultTools.check(ToolFixtures.copy("damaged/unknown_marker.db", dir), Progress.NONE);
        CheckReport.BadRow bad = report.badRows().get(0);
        assertEquals("unknown", bad.encoding());
        assertTrue(bad.reason().contains("0x5a"), bad.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"damaged/not_sqlite.db", "damaged/no_dict_table.db"})
    void aFileThatIsNoVaultIsAProblemNotACrash(String fixture) throws Exception {
        Path file = ToolFixtures.copy(fixture, dir);
        String before = ToolFixtures.sha256(file);
        CheckReport report = VaultTools.check(file, Progress.NONE);
        assertFalse(report.ok());
        assertNotNull(report.fileProblem());
        assertTrue(report.fileProblem().contains(file.getFileName().toString()), report.fileProblem());
        assertEquals(before, ToolFixtures.sha256(file));
    }

    @Test
    void aTruncatedFileFailsTheIntegrityCheck() throws Exception {
        Path file = ToolFixtures.copy("damaged/truncated_file.db", dir);
        CheckReport report = VaultTools.check(file, Progress.NONE);
        assertFalse(report.ok());
        assertTrue(report.fileProblem() != null || !report.integrityProblems().isEmpty(), report.toString());
    }

    @Test
    void aMissingFileIsReportedAndNotCreated() {
        Path missing = dir.resolve("missing.db");
        CheckReport report = VaultTools.check(missing, Progress.NONE);
        assertFalse(report.ok());
        assertFalse(Files.exists(missing));
        assertEquals(List.of(), report.badRows());
    }
}
