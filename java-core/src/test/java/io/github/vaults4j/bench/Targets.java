package io.github.vaults4j.bench;

import java.util.Map;
import java.util.function.Supplier;

/** The benchmark targets by the name the JMH parameter {@code target} uses; one line per runtime. */
public final class Targets {
    /** The target every other one is divided by. */
    public static final String FLOOR = "floor";

    private static final Map<String, Supplier<BenchTarget>> BY_NAME = Map.of(
            FLOOR, RawSqlTarget::new,
            "core", CoreTarget::new);

    private Targets() {
    }

    public static BenchTarget create(String name) {
        Supplier<BenchTarget> target = BY_NAME.get(name);
        if (target == null) {
            throw new IllegalArgumentException("unknown benchmark target '" + name + "'; known: " + BY_NAME.keySet());
        }
        return target.get();
    }
}
