package io.github.vaults4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.PyComplex;
import io.github.vaults4j.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Values#repr} against CPython's {@code repr} on values CPython generates and pickles
 * (compat-fixtures/repr_cases.py): floats, str of every Unicode category, bytes, datetimes, Decimal, complex,
 * sets, tuples and containers of them.
 */
class ReprDifferentialTest {
    private static final int CASES = 3000;
    private static final long SEED = 20260502;
    private static final int SHOWN_MISMATCHES = 10;

    @Test
    void reprMatchesCPythonOnGeneratedValues() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", RepoFiles.fixture("repr_cases.py").toString(),
                String.valueOf(SEED), String.valueOf(CASES)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "repr_cases.py failed");
        assertEquals(CASES, lines.size());
        ObjectMapper json = new ObjectMapper();
        List<String> mismatches = new ArrayList<>();
        for (String line : lines) {
            JsonNode c = json.readTree(line);
            byte[] pickle = Base64.getDecoder().decode(c.get("pickle").asText());
            String expected = c.get("repr").asText();
            String actual = Values.repr(PickleReader.read(pickle, 0, pickle.length, 1000));
            if (!expected.equals(actual)) {
                mismatches.add("CPython " + expected + "\n   Java " + actual);
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + CASES + " differ, e.g.\n"
                + String.join("\n", mismatches.subList(0, Math.min(SHOWN_MISMATCHES, mismatches.size()))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1714560000.05|1714560000.05", "1e16|1e+16", "1e-5|1e-05", "0.0001|0.0001", "1e15|1000000000000000.0",
        "-0.0|-0.0", "123.0|123.0", "5e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e+308",
        "Infinity|inf", "NaN|nan", "1.5e16|1.5e+16", "0.1|0.1"})
    void floatsPrintAsPythonPrintsThem(double value, String python) {
        assertEquals(python, Values.repr(value));
    }

    @Test
    void plainTypesPrintAsPythonPrintsThem() {
        assertEquals("'\\ud800'", Values.repr("\ud800"));
        assertEquals("(1,)", Values.repr(io.github.vaults4j.PyTuple.of(1L)));
        assertEquals("(-0+1j)", Values.repr(new PyComplex(-0.0, 1)));
        assertEquals("1j", Values.repr(new PyComplex(0.0, 1)));
        assertEquals("datetime.datetime(2024, 5, 1, 12, 0)",
                Values.repr(java.time.LocalDateTime.of(2024, 5, 1, 12, 0)));
        assertEquals("datetime.timedelta(days=-1, seconds=86399)", Values.repr(java.time.Duration.ofSeconds(-1)));
    }
}
