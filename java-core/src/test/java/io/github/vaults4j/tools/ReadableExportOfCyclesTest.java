package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.vaults4j.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A readable export meets a value that contains itself: it is refused naming the row and the key, and what was
 * streamed so far is not a complete JSON document. A value that only shares parts is written out.
 */
class ReadableExportOfCyclesTest {
    @TempDir
    Path dir;

    @Test
    void aCyclicValueIsRefusedAndTheOutputIsNoCompleteDocument() throws Exception {
        Path file = dir.resolve("cycles.db");
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("self", self);
        try (Vault v = Vault.open(file)) {
            v.put("first", List.of(1L, 2L));
            v.put("loop", self);
            v.put("last", "after");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnrepresentableValueException e = assertThrows(UnrepresentableValueException.class,
                () -> VaultTools.export(file, out, ExportFormat.READABLE, false, Progress.NONE));
        assertTrue(e.getMessage().contains("row 2, key 'loop'"), e.getMessage());
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
        String written = out.toString(StandardCharsets.UTF_8);
        assertTrue(written.contains("\"first\""), written);
        assertThrows(JsonProcessingException.class, () -> ToolFixtures.JSON.readTree(written), written);
    }

    @Test
    void aSharedValueIsWrittenOutOncePerReference() throws Exception {
        Path file = dir.resolve("shared.db");
        List<Object> x = new ArrayList<>(List.of("a"));
        for (int level = 0; level < 3; level++) {
            x = new ArrayList<>(List.of(x, x));
        }
        try (Vault v = Vault.open(file)) {
            v.put("shared", x);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VaultTools.export(file, out, ExportFormat.READABLE, false, Progress.NONE);
        assertEquals("[[[[\"a\"],[\"a\"]],[[\"a\"],[\"a\"]]],[[[\"a\"],[\"a\"]],[[\"a\"],[\"a\"]]]]",
                ToolFixtures.JSON.readTree(out.toByteArray()).get("data").get("shared").toString());
    }
}
