package io.github.vaults4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds benchmark targets by the name the JMH parameter {@code target} uses. Targets are services
 * ({@code META-INF/services/io.github.vaults4j.bench.BenchTarget}), so a module that depends on this one's test
 * jar adds a column (a GraalPy front end, for one) with one class and its services line, and selects it with
 * {@code -p target=floor,core,NAME}.
 */
public final class Targets {
    /** The target every other one is divided by. */
    public static final String FLOOR = "floor";

    private Targets() {
    }

    public static BenchTarget create(String name) {
        List<String> known = new ArrayList<>();
        for (BenchTarget target : ServiceLoader.load(BenchTarget.class)) {
            if (target.name().equals(name)) {
                return target;
            }
            known.add(target.name());
        }
        throw new IllegalArgumentException("unknown benchmark target '" + name + "'; on the class path: " + known);
    }
}
