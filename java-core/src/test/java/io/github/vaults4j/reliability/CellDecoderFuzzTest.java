package io.github.vaults4j.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;

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
 */
class CellDecoderFuzzTest {
    /** The default of VaultOptions: deep enough for every real value, far below what would overflow the stack. */
    private static final int MAX_DEPTH = 1000;

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
}
