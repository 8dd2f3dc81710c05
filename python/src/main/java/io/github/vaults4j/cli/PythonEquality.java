package io.github.vaults4j.cli;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyTuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Python's {@code ==} between hashable literal values, as a Java identity with {@code equals}: {@code True},
 * {@code 1}, {@code 1.0} and {@code (1+0j)} are one dict key in Python, and {@code 0.0} equals {@code -0.0}.
 */
final class PythonEquality {
    private PythonEquality() {
    }

    private record TupleKey(List<Object> items) {
    }

    private record BytesKey(String hex) {
    }

    private record ComplexKey(Object real, Object imag) {
    }

    /** The value's identity under Python's equality, or {@code null} when Python cannot hash it. */
    static Object keyOf(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> s;
            case byte[] b -> new BytesKey(HexFormat.of().formatHex(b));
            case Boolean b -> BigInteger.valueOf(b ? 1 : 0);
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case Double d -> real(d);
            case PyComplex c -> c.imag() == 0 ? real(c.real()) : new ComplexKey(real(c.real()), real(c.imag()));
            case PyTuple t -> {
                List<Object> items = new ArrayList<>(t.size());
                for (Object item : t) {
                    Object key = keyOf(item);
                    if (key == null) {
                        yield null;
                    }
                    items.add(key);
                }
                yield new TupleKey(items);
            }
            default -> null;
        };
    }

    /** An integral double is its int; every other double is itself, with -0.0 folded into 0.0. */
    private static Object real(double d) {
        if (Double.isFinite(d) && d == Math.rint(d)) {
            return new BigDecimal(d).toBigIntegerExact();
        }
        return d;
    }
}
