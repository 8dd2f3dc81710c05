package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.storage.SqliteStore;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads every row for {@code dump}: decoded where possible, a bad row described and skipped past. */
final class Dumper {
    private Dumper() {
    }

    static long dump(Path file, Consumer<DumpedRow> rows) {
        try (SqliteStore store = Stores.readOnly(file)) {
            RowDecoder decoder = new RowDecoder(store.file(), Stores.readOnlyOptions());
            return store.snapshot(c -> RowPages.forEach(c, true, Progress.NONE, "dump", -1, row -> {
                Object key = null;
                Object value = null;
                String problem = null;
                boolean keyDecoded = false;
                try {
                    key = decoder.key(row);
                    keyDecoded = true;
                    value = decoder.value(row);
                } catch (CorruptRowException e) {
                    problem = e.getMessage();
                }
                rows.accept(new DumpedRow(row.rowId(), RowDecoder.encodingLabel(row.key()),
                        RowDecoder.encodingLabel(row.value()), keyDecoded, key, value, problem));
            }));
        }
    }
}
