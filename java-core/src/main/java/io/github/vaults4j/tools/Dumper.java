package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.rows.ExpiringPages;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads every row for {@code dump}: decoded where possible, a bad row described and skipped past. Expired entries
 * are not in the store's pages; a live entry with a time to live comes with the time it has left.
 */
final class Dumper {
    private Dumper() {
    }

    static long dump(VaultAddress address, Consumer<DumpedRow> rows) {
        try (OpenVault vault = OpenVault.readOnly(address)) {
            Store store = vault.store();
            RowCodec decoder = new RowCodec(store.location(), Stores.READ_ONLY, null);
            return store.readTransaction(c -> {
                // The time left comes with each page, asked only when some row may have one.
                ExpiringPages pages = new ExpiringPages(c, true);
                long now = VaultOptions.DEFAULT_CLOCK.millis();
                return new RowCursor(pages).forEach(row -> rows.accept(dumped(decoder, row, pages.expiresAt(row), now)),
                        done -> { });
            });
        }
    }

    private static DumpedRow dumped(RowCodec decoder, Row row, Long expiresAt, long now) {
        Object key = null;
        Object value = null;
        String problem = null;
        boolean keyDecoded = false;
        try {
            key = decoder.key(row);
            keyDecoded = true;
            value = decoder.value(row);
        } catch (CorruptRowException | LimitExceededException e) {
            problem = e.getMessage();
        }
        Duration ttl = expiresAt == null ? null : Duration.ofMillis(Math.max(0, expiresAt - now));
        return new DumpedRow(row.rowId(), RowCodec.encodingLabel(row.key()), RowCodec.encodingLabel(row.value()),
                keyDecoded, key, value, problem, ttl);
    }
}
