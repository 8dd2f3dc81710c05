package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Store;
import java.util.function.Consumer;

/** Reads every row for {@code dump}: decoded where possible, a bad row described and skipped past. */
final class Dumper {
    private Dumper() {
    }

    static long dump(VaultAddress address, Consumer<DumpedRow> rows) {
        try (OpenVault vault = OpenVault.readOnly(address)) {
            Store store = vault.store();
            RowCodec decoder = new RowCodec(store.location(), Stores.READ_ONLY, null);
            return store.readTransaction(c -> RowCursor.over(c, true).forEach(row -> {
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
                rows.accept(new DumpedRow(row.rowId(), RowCodec.encodingLabel(row.key()),
                        RowCodec.encodingLabel(row.value()), keyDecoded, key, value, problem));
            }, done -> { }));
        }
    }
}
