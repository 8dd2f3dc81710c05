package io.github.vaults4j.bench;

import io.github.vaults4j.VaultOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The core with a meter registry attached: every operation also counts and times itself. Divided by
 * {@code core} ({@code RatioTable --base core}), it is the cost of metrics.
 */
public final class MeteredCoreTarget extends CoreTarget {
    @Override
    public String name() {
        return "core-metered";
    }

    @Override
    protected VaultOptions options(StorageMode mode) {
        return mode.options().toBuilder().meterRegistry(new SimpleMeterRegistry()).build();
    }
}
