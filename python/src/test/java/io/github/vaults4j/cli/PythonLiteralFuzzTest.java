package io.github.vaults4j.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.UnencodableException;
import io.github.vaults4j.codec.WriteProfile;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the key-literal parser with any text a command line could carry. The only acceptable failure is
 * {@link PythonLiteral.LiteralSyntaxException} (a usage error, exit 2); a value it accepts must encode as a
 * cell, or fail only as a value msgpack cannot hold. Anything else escaping, a StackOverflowError on deep
 * nesting among them, is a finding.
 *
 * <p>Every test run replays the seeds in {@code PythonLiteralFuzzTestInputs/} (literals of every form, deep
 * nesting past the limit, broken escapes). To fuzz for a bounded time:
 * {@code JAZZER_FUZZ=1 mvn -pl python -am test -Dtest=PythonLiteralFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PythonLiteralFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parsingFailsOnlyAsAUsageError(FuzzedDataProvider data) {
        // The input is the literal's UTF-8 text, so the seeds are plain text files.
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        Object value;
        try {
            value = PythonLiteral.parse(text);
        } catch (PythonLiteral.LiteralSyntaxException expected) {
            return;
        }
        try {
            Cells.encode(value, WriteProfile.DEFAULT);
        } catch (UnencodableException expected) {
            // An int beyond msgpack's 64 bits: the Python module fails on it too.
        }
    }
}
