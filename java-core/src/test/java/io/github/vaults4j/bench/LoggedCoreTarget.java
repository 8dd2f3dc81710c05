package io.github.vaults4j.bench;

import io.github.vaults4j.AccessLogOptions;
import io.github.vaults4j.VaultOptions;

/**
 * The core with its access log on, at the defaults: every operation also leaves a record, appended in batches of
 * {@link AccessLogOptions#DEFAULT_FLUSH_EVERY}. Divided by {@code core} ({@code RatioTable --base core}), it is the
 * cost of the log.
 */
public final class LoggedCoreTarget extends CoreTarget {
    @Override
    public String name() {
        return "core-logged";
    }

    @Override
    protected VaultOptions options(StorageMode mode) {
        return mode.options().toBuilder().accessLog(AccessLogOptions.defaults()).build();
    }
}
