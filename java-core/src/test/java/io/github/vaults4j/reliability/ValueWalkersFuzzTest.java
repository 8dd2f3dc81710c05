package io.github.vaults4j.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.vaults4j.Format;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.Nesting;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.tools.JsonValues;

/**
 * Fuzzes everything that walks a decoded value: equality, repr, the depth measure, the readable-JSON check and
 * both writers, on whatever value a cell decodes to, shared parts and cycles included. Each must finish in time
 * and memory that follow the cell's bytes, failing at most with {@link CodecException} (the writers, for a value
 * that has no encoding); a StackOverflowError, an OutOfMemoryError or a hang is a finding.
 *
 * <p>The seeds in {@code ValueWalkersFuzzTestInputs/} are cells CPython wrote for values that share parts
 * ({@code x = [x, x]} 40 times) and contain themselves (a list, a dict, an object's state), replayed in every
 * test run. To fuzz for a bounded time: {@code JAZZER_FUZZ=1 mvn -pl java-core test -Dtest=ValueWalkersFuzzTest}.
 */
class ValueWalkersFuzzTest {
    private static final int MAX_DEPTH = 1000;
    private static final WriteProfile MSGPACK = new WriteProfile(Format.MSGPACK, 4);
    private static final WriteProfile PICKLE = new WriteProfile(Format.PICKLE, 4);

    @FuzzTest(maxDuration = "2m")
    void walkersFinishOnAnyDecodedValue(FuzzedDataProvider data) {
        byte[] cell = data.consumeRemainingAsBytes();
        Object value;
        Object again;
        try {
            value = Cells.decode(cell, MAX_DEPTH);
            again = Cells.decode(cell, MAX_DEPTH);
        } catch (CodecException notAValue) {
            return;
        }
        if (!Values.same(value, again) || !Values.sameKey(value, again)) {
            throw new AssertionError("one cell decoded twice gives values that differ: " + Values.shortRepr(value));
        }
        if (Values.repr(value).length() > Values.MAX_REPR_CHARS + Values.SHORT_REPR_CHARS) {
            throw new AssertionError("repr past its limit");
        }
        Values.shortRepr(value);
        Nesting.deeperThan(value, MAX_DEPTH);
        JsonValues.problem(value);
        for (WriteProfile profile : new WriteProfile[] {MSGPACK, PICKLE}) {
            try {
                Cells.encode(value, profile);
            } catch (CodecException noEncoding) {
                // e.g. an int msgpack cannot hold, or an object of a type that has no encoding
            }
        }
    }
}
