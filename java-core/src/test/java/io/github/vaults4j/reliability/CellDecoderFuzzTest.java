package io.github.vaults4j.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.testing.RepoFiles;
import io.github.vaults4j.testing.TypedJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the cell decoder (and through it the msgpack and pickle readers) with whatever bytes a damaged or
 * hostile file could hold. The only acceptable failure is {@link CodecException} (with its subclasses, such
 * as the depth limit): {@code Vault} turns it into an error for that one row. Anything else escaping, another
 * RuntimeException, a StackOverflowError or an OutOfMemoryError, is a finding.
 *
 * <p>In every test run this replays the seed inputs in {@code CellDecoderFuzzTestInputs/} (cells taken from
 * compat-fixtures: well-formed ones of every encoding and every damaged one). To fuzz for a bounded time:
 * {@code JAZZER_FUZZ=1 mvn -pl java-core test -Dtest=CellDecoderFuzzTest}; findings are written next to the
 * seeds and then replayed as regression inputs.
 *
 * <p>A decoder that refused everything would satisfy the fuzz target, so {@link #seedsDecodeAsCPythonWroteThem}
 * holds the same seeds to what CPython wrote: every well-formed cell decodes to the value of its fixture's
 * {@code expected.jsonl} (type-exact), every damaged one fails with {@link CodecException}.
 */
class CellDecoderFuzzTest {
    /** The default of VaultOptions: deep enough for every real value, far below what would overflow the stack. */
    private static final int MAX_DEPTH = 1000;
    private static final String SEEDS = "CellDecoderFuzzTestInputs/decodingFailsOnlyWithCodecException";
    /** Seed names: {@code FIXTURE-rowN-key} or {@code FIXTURE-rowN-value}. */
    private static final Pattern SEED_NAME = Pattern.compile("(.+)-row(\\d+)-(key|value)");
    /** Damaged rows whose pickle names a global: decoding may refuse them or return them as opaque objects. */
    private static final String GLOBAL_CALL = "pickle_os_system";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The seeds hold 19 well-formed and 14 damaged cells: a lost folder or file shows as fewer. */
    private static final int MIN_SEEDS_OF_EACH = 14;

    @FuzzTest(maxDuration = "2m")
    void decodingFailsOnlyWithCodecException(FuzzedDataProvider data) {
        // The whole input is the cell, so the seeds are raw cells as they lie in the files.
        byte[] cell = data.consumeRemainingAsBytes();
        try {
            Cells.decode(cell, MAX_DEPTH);
        } catch (CodecException expected) {
            // A clear failure to decode: the row is reported as corrupt, the others stay readable.
        }
    }

    @Test
    void seedsDecodeAsCPythonWroteThem() throws IOException, URISyntaxException {
        URL folder = CellDecoderFuzzTest.class.getResource(SEEDS);
        assertTrue(folder != null, "the seed inputs " + SEEDS + " are missing from the test resources");
        Map<String, JsonNode> damaged = damagedCells();
        Set<CellEncoding.Kind> decodedKinds = EnumSet.noneOf(CellEncoding.Kind.class);
        int wellFormed = 0;
        int refused = 0;
        List<Path> seeds;
        try (var files = Files.list(Path.of(folder.toURI()))) {
            seeds = files.sorted().toList();
        }
        for (Path seed : seeds) {
            String name = seed.getFileName().toString();
            Matcher m = SEED_NAME.matcher(name);
            if (!m.matches()) {
                continue;   // a fuzzer finding: replayed by the fuzz target, which is all it promises
            }
            byte[] cell = Files.readAllBytes(seed);
            String fixture = m.group(1);
            long rowId = Long.parseLong(m.group(2));
            String column = m.group(3);
            JsonNode damage = damaged.get(fixture + ".db/" + rowId + "/" + column);
            if (damage != null) {
                if (fixture.equals(GLOBAL_CALL)) {
                    try {
                        assertInstanceOf(PyObject.class, Cells.decode(cell, MAX_DEPTH), name);
                    } catch (CodecException refusedGlobal) {
                        // refusing the global is as good as an opaque value
                    }
                } else {
                    assertThrows(CodecException.class, () -> Cells.decode(cell, MAX_DEPTH),
                            name + " is damaged (" + damage.get("problem").asText() + ") and must be refused");
                }
                refused++;
                continue;
            }
            JsonNode row = expectedRow(fixture, rowId);
            Object decoded = Cells.decode(cell, MAX_DEPTH);
            if (row == null) {
                // The row's other cell is the damaged one, so CPython listed no expected value: decoding is the check.
                String other = column.equals("key") ? "value" : "key";
                assertTrue(damaged.containsKey(fixture + ".db/" + rowId + "/" + other),
                        "seed " + name + " is neither in damage.jsonl nor in an expected.jsonl");
            } else {
                Object expected = TypedJson.toJava(row.get(column));
                assertTrue(TypedJson.deepEquals(expected, decoded), name + ": expected " + expected + ", decoded " + decoded);
            }
            decodedKinds.add(Cells.encodingOf(cell).kind());
            wellFormed++;
        }
        assertTrue(wellFormed >= MIN_SEEDS_OF_EACH && refused >= MIN_SEEDS_OF_EACH, wellFormed + " well-formed and " + refused + " damaged seeds");
        assertFalse(decodedKinds.isEmpty(), "no seed decoded");
        assertTrue(decodedKinds.size() >= 2, "well-formed seeds of msgpack and pickle cells decoded: " + decodedKinds);
    }

    /** damage.jsonl by "FILE/ROWID/CELL". */
    private static Map<String, JsonNode> damagedCells() throws IOException {
        Map<String, JsonNode> cells = new HashMap<>();
        for (String line : Files.readAllLines(RepoFiles.fixture("damaged/damage.jsonl"))) {
            JsonNode d = JSON.readTree(line);
            cells.put(d.get("file").asText() + "/" + d.get("rowid").asText() + "/" + d.get("cell").asText(), d);
        }
        return cells;
    }

    /** The expected.jsonl line of a row of a fixture vault (compat-fixtures/vaults or damaged), or null. */
    private static JsonNode expectedRow(String fixture, long rowId) throws IOException {
        for (String folder : List.of("vaults/", "damaged/")) {
            Path file = RepoFiles.fixture(folder + fixture + ".expected.jsonl");
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode row = JSON.readTree(line);
                    if (row.get("rowid").asLong() == rowId) {
                        return row;
                    }
                }
            }
        }
        return null;
    }
}
