package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.testing.TypedJson;
import io.github.vaults4j.storage.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportImportTest {
    @TempDir
    Path dir;

    private static byte[] export(Path file, ExportFormat format, boolean keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VaultTools.export(file, out, format, keep, Progress.NONE);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vaults/gen2_msgpack.db", "vaults/gen2_pickle.db", "vaults/gen2_pickle_p5.db",
                            "vaults/mixed.db", "vaults/fuse-root/vaults/commons.db"})
    void losslessRoundTripKeepsEveryCellByteForByte(String fixture) throws Exception {
        Path file = ToolFixtures.copy(fixture, dir);
        byte[] document = export(file, ExportFormat.LOSSLESS, false);
        JsonNode tree = ToolFixtures.JSON.readTree(document);
        assertEquals("vaults-base64-v1", tree.get("format").asText());

        Path target = dir.resolve("restored.db");
        ImportResult imported = VaultTools.importInto(target, new ByteArrayInputStream(document), Progress.NONE);
        assertTrue(imported.created());
        List<Row> before = ToolFixtures.rows(file);
        List<Row> after = ToolFixtures.rows(target);
        assertEquals(before.size(), imported.rows());
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).key(), after.get(i).key());
            assertArrayEquals(before.get(i).value(), after.get(i).value());
        }
    }

    @Test
    void readableExportOfFuseStateRoundTrips() throws Exception {
        Path file = ToolFixtures.copy("vaults/fuse-root/vaults/commons.db", dir);
        byte[] document = export(file, ExportFormat.READABLE, false);
        JsonNode tree = ToolFixtures.JSON.readTree(document);
        assertEquals("vaults-json-v1", tree.get("format").asText());
        assertTrue(tree.get("data").isObject());

        Path target = dir.resolve("copy.db");
        VaultTools.importInto(target, new ByteArrayInputStream(document), Progress.NONE);
        try (Vault source = Vault.open(file, VaultOptions.defaults()); Vault copy = Vault.open(target, VaultOptions.defaults())) {
            assertEquals(source.count(), copy.count());
            for (Map.Entry<Object, Object> entry : source.entrySet()) {
                assertTrue(TypedJson.deepEquals(entry.getValue(), copy.get(entry.getKey())), String.valueOf(entry.getKey()));
            }
        }
    }

    @Test
    void readableExportRefusesWhatJsonCannotHoldAndNamesTheKey() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        UnrepresentableValueException e = assertThrows(UnrepresentableValueException.class,
                () -> export(file, ExportFormat.READABLE, false));
        assertTrue(e.getMessage().contains("row " + e.rowId()), e.getMessage());
        assertTrue(e.getMessage().contains("gen2_msgpack.db"), e.getMessage());
    }

    @Test
    void readableExportCanKeepTheRestAsExactCells() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result = VaultTools.export(file, out, ExportFormat.READABLE, true, Progress.NONE);
        assertTrue(result.keptAsCells() > 0);
        JsonNode tree = ToolFixtures.JSON.readTree(out.toByteArray());
        assertEquals(result.rows(), tree.get("data").size());
        assertEquals(result.keptAsCells(), tree.get("cells").size());

        Path target = dir.resolve("copy.db");
        VaultTools.importInto(target, new ByteArrayInputStream(out.toByteArray()), Progress.NONE);
        try (Vault source = Vault.open(file, VaultOptions.defaults()); Vault copy = Vault.open(target, VaultOptions.defaults())) {
            assertEquals(source.count(), copy.count());
            for (Map.Entry<Object, Object> entry : source.entrySet()) {
                assertTrue(TypedJson.deepEquals(entry.getValue(), copy.get(entry.getKey())), Values.repr(entry.getKey()));
            }
        }
    }

    @Test
    void aBadDocumentWritesNothingIntoAnExistingVault() throws Exception {
        Path file = ToolFixtures.copy("vaults/gen2_msgpack.db", dir);
        String before = ToolFixtures.sha256(file);
        String document = "{\"format\": \"vaults-json-v1\", \"data\": {\"new\": 1, \"answer\": 2, \"broken\": ";
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.importInto(file,
                new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), Progress.NONE));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals(before, ToolFixtures.sha256(file));

        String badCell = "{\"format\": \"vaults-base64-v1\", \"data\": {\"TaNuZXc=\": \"TaFh\", \"TaNvbGQ=\": \"WgE=\"}}";
        VaultException cell = assertThrows(VaultException.class, () -> VaultTools.importInto(file,
                new ByteArrayInputStream(badCell.getBytes(StandardCharsets.UTF_8)), Progress.NONE));
        assertTrue(cell.getMessage().contains("entry 2"), cell.getMessage());
        assertEquals(before, ToolFixtures.sha256(file));
    }

    @Test
    void anUnknownFormatIsRefused() throws Exception {
        Path target = dir.resolve("new.db");
        String document = "{\"format\": \"something-else\", \"data\": {}}";
        VaultException e = assertThrows(VaultException.class, () -> VaultTools.importInto(target,
                new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), Progress.NONE));
        assertTrue(e.getMessage().contains("something-else"), e.getMessage());
        assertTrue(!java.nio.file.Files.exists(target), "a failed import leaves no new vault behind");
    }
}
