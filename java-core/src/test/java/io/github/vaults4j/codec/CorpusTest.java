package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.testing.RepoFiles;
import io.github.vaults4j.testing.TypedJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the codecs against the compatibility corpus that CPython generated (a missing corpus fails the test): for every line, typed value to Java to each encoding gives the stored bytes, and the stored
 * bytes read back to an equal value that re-encodes to the same bytes. The identity corpus (values whose
 * sharing of objects the typed notation cannot express) is checked in the reading direction only.
 */
class CorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PICKLES = {"pickle2", "pickle3", "pickle4", "pickle5"};
    private static final int MAX_DEPTH = 1000;

    private static List<String> lines(String file) throws IOException {
        Path corpus = RepoFiles.fixture("corpus").resolve(file);
        if (!Files.isRegularFile(corpus)) {
            throw new AssertionError("no corpus at " + corpus + ": restore compat-fixtures/corpus from the repository "
                    + "or regenerate it with /usr/bin/python3 compat-fixtures/generate.py");
        }
        return Files.readAllLines(corpus);
    }

    @Test
    void everyCorpusValueEncodesAndDecodesLikeCPython() throws IOException {
        List<String> lines = lines("corpus.jsonl");
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            String id = "corpus id " + row.get("id").asText();
            Object value = TypedJson.toJava(row.get("value"));
            boolean writable = !containsObjectRef(value);
            for (int p = 2; p <= 5; p++) {
                byte[] stored = Base64.getDecoder().decode(row.get(PICKLES[p - 2]).asText());
                if (writable) {
                    assertEquals(hex(stored), hex(PickleWriter.write(value, p)), id + " written at protocol " + p);
                }
                Object read = PickleReader.read(stored, 0, stored.length, MAX_DEPTH);
                Object expected = p <= 3 ? RandomValues.withoutFold(value) : value;
                assertTrue(TypedJson.deepEquals(expected, read), id + " read at protocol " + p + ": " + read);
                assertEquals(hex(stored), hex(PickleWriter.write(read, p)), id + " re-written at protocol " + p);
            }
            JsonNode packed = row.get("msgpack");
            if (packed == null || packed.isNull()) {
                if (writable) {
                    assertThrows(UnencodableException.class, () -> MsgpackWriter.write(value), id);
                }
            } else {
                byte[] stored = Base64.getDecoder().decode(packed.asText());
                if (writable) {
                    assertEquals(hex(stored), hex(MsgpackWriter.write(value)), id + " msgpack");
                }
                Object read = MsgpackReader.read(stored, 0, stored.length, MAX_DEPTH);
                assertTrue(TypedJson.deepEquals(TypedJson.viaMsgpack(value), read), id + " msgpack read: " + read);
                assertEquals(hex(stored), hex(MsgpackWriter.write(read)), id + " msgpack re-written");
            }
        }
    }

    @Test
    void sharedObjectsReEncodeToTheSameBytes() throws IOException {
        for (String line : lines("identity.jsonl")) {
            JsonNode row = JSON.readTree(line);
            for (int p = 2; p <= 5; p++) {
                byte[] stored = Base64.getDecoder().decode(row.get(PICKLES[p - 2]).asText());
                Object read = PickleReader.read(stored, 0, stored.length, MAX_DEPTH);
                assertTrue(TypedJson.deepEquals(TypedJson.toJava(row.get("value")), read));
                assertEquals(hex(stored), hex(PickleWriter.write(read, p)),
                        "identity id " + row.get("id").asText() + " at protocol " + p);
            }
        }
    }

    private static boolean containsObjectRef(Object v) {
        if (v instanceof TypedJson.ObjectRef) {
            return true;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().anyMatch(CorpusTest::containsObjectRef);
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().anyMatch(e -> containsObjectRef(e.getKey())
                    || containsObjectRef(e.getValue()));
        }
        return false;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
