package io.github.vaults4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.Format;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.UnencodableException;
import io.github.vaults4j.codec.WriteProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The literal parser against its oracle, CPython's {@code ast.literal_eval} run by {@code /usr/bin/python3}:
 * {@code literal_oracle.py} generates literals (valid ones of every form, and mutated ones), evaluates each and
 * prints the cells vaults 2.x would write for the result. Java must accept exactly what CPython accepts and,
 * for what it accepts, write the same bytes (msgpack cell and protocol 4 pickle cell), so a key typed on the
 * command line hits the row CPython's key would.
 */
class PythonLiteralDifferentialTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** How many literals, and the generator's seed: {@code -Dvaults4j.literals=30000 -Dvaults4j.literalSeed=7}. */
    private static final int LITERALS = Integer.getInteger("vaults4j.literals", 4000);
    private static final long SEED = Long.getLong("vaults4j.literalSeed", 20261202L);
    private static final int MISMATCHES_SHOWN = 15;
    private static final WriteProfile PICKLE_4 = new WriteProfile(Format.PICKLE, 4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptsWhatCPythonAcceptsAndWritesTheSameCells() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int accepted = 0;
        int total = 0;
        for (JsonNode line : oracle(SEED, LITERALS)) {
            total++;
            String src = line.get("src").asText();
            String problem = compare(src, line);
            if (problem != null) {
                mismatches.add(problem + " for " + JSON.writeValueAsString(src));
            } else if (line.get("ok").asBoolean()) {
                accepted++;
            }
        }
        assertTrue(total == LITERALS, "the oracle printed " + total + " of " + LITERALS + " literals");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + total + " literals differ from CPython:\n"
                + String.join("\n", mismatches.subList(0, Math.min(MISMATCHES_SHOWN, mismatches.size()))));
        // The generator must exercise both sides: most literals valid, a good share refused.
        assertTrue(accepted > total / 2 && accepted < total, "accepted " + accepted + " of " + total);
    }

    private static String compare(String src, JsonNode line) {
        boolean pythonAccepts = line.get("ok").asBoolean();
        boolean pair = pythonAccepts && line.get("pair").asBoolean();
        Object value;
        try {
            value = PythonLiteral.parse(src);
        } catch (PythonLiteral.LiteralSyntaxException e) {
            return pythonAccepts && !pair ? "Java refuses what CPython accepts (" + e.getMessage() + ")" : null;
        } catch (RuntimeException | StackOverflowError e) {
            return "Java fails with " + e;
        }
        if (!pythonAccepts) {
            return "Java accepts what CPython refuses";
        }
        if (pair) {
            return "Java accepts a str whose surrogate pair it cannot keep as two code points";
        }
        Object canonical = canonical(value);
        String pickle = hex(Cells.encode(canonical, PICKLE_4));
        if (!pickle.equals(line.get("pickle").asText())) {
            return "pickle cell " + pickle + " != CPython's " + line.get("pickle").asText();
        }
        JsonNode expected = line.get("msgpack");
        String msgpack;
        try {
            msgpack = hex(Cells.encode(canonical, WriteProfile.DEFAULT));
        } catch (UnencodableException e) {
            msgpack = null;
        }
        String wanted = expected.isNull() ? null : expected.asText();
        return java.util.Objects.equals(msgpack, wanted) ? null : "msgpack cell " + msgpack + " != CPython's " + wanted;
    }

    /** A set as the oracle writes it: ("<set>", items ordered by their pickle cell), since CPython orders by hash. */
    private static Object canonical(Object value) {
        return switch (value) {
            case Set<?> set -> {
                List<Object> items = new ArrayList<>();
                set.forEach(item -> items.add(canonical(item)));
                items.sort((a, b) -> Arrays.compareUnsigned(pickled(a), pickled(b)));
                yield PyTuple.of("<set>", PyTuple.copyOf(items));
            }
            case PyTuple tuple -> PyTuple.copyOf(tuple.stream().map(PythonLiteralDifferentialTest::canonical).toList());
            case List<?> list -> new ArrayList<>(list.stream().map(PythonLiteralDifferentialTest::canonical).toList());
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(canonical(k), canonical(v)));
                yield copy;
            }
            case null -> null;
            default -> value;
        };
    }

    private static byte[] pickled(Object value) {
        byte[] cell = Cells.encode(value, PICKLE_4);
        return Arrays.copyOfRange(cell, 1, cell.length);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static List<JsonNode> oracle(long seed, int count) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(PythonLiteralDifferentialTest.class.getResource("literal_oracle.py").toURI());
        Process process = new ProcessBuilder(PYTHON, script.toString(), Long.toString(seed), Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertTrue(process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0, "the CPython oracle failed");
        return lines;
    }
}
