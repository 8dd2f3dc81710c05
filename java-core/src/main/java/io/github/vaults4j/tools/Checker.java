package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.StoreSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a vault file without writing to it: SQLite's own integrity check, then a decode of every cell. A bad
 * row is reported and the check goes on; only a file that SQLite cannot read stops it. A value that decodes but
 * would run a command when Python unpickles it ({@link UnsafeCalls}) is reported as bad too; one that builds
 * objects beyond the plain types is listed with the globals it names, without making the file unsound.
 */
final class Checker {
    private Checker() {
    }

    static CheckReport check(VaultAddress address, Progress progress) {
        OpenVault vault;
        try {
            vault = OpenVault.readOnly(address);
        } catch (VaultException e) {
            return new CheckReport(address.file(), e.getMessage(), List.of(), 0, List.of(), List.of(),
                    address.toString());
        }
        try (vault) {
            Store store = vault.store();
            RowCodec decoder = new RowCodec(store.location(), Stores.READ_ONLY, null);
            List<String> integrity = new ArrayList<>();
            List<CheckReport.BadRow> bad = new ArrayList<>();
            List<CheckReport.ObjectRow> objects = new ArrayList<>();
            long[] checked = new long[1];
            try {
                store.readTransaction(c -> {
                    integrity.addAll(c.integrityProblems());
                    long total = countOrUnknown(c);
                    try {
                        RowCursor.over(c, true).forEach(row -> {
                            checkRow(decoder, row, bad, objects);
                            checked[0]++;
                        }, done -> progress.update("checking", done, total));
                    } catch (VaultException e) {
                        integrity.add("reading rows stopped after " + checked[0] + " rows: " + e.getMessage());
                    }
                    return null;
                });
            } catch (VaultException e) {
                integrity.add(e.getMessage());
            }
            return new CheckReport(vault.file() == null ? null : Path.of(store.location()), null, integrity, checked[0],
                    bad, objects, vault.location());
        }
    }

    private static void checkRow(RowCodec decoder, Row row, List<CheckReport.BadRow> bad,
                                 List<CheckReport.ObjectRow> objects) {
        boolean keyOk = true;
        try {
            decoder.key(row);
        } catch (CorruptRowException | LimitExceededException e) {
            keyOk = false;
            bad.add(new CheckReport.BadRow(row.rowId(), "key", RowCodec.encodingLabel(row.key()),
                    RowCodec.cellLabel(row.key()), e.getMessage()));
        }
        try {
            UnsafeCalls.Findings found = UnsafeCalls.find(decoder.value(row));
            if (found.dangerous()) {
                bad.add(new CheckReport.BadRow(row.rowId(), "value", RowCodec.encodingLabel(row.value()),
                        keyOk ? decoder.keyLabel(row) : RowCodec.cellLabel(row.key()),
                        decoder.where(row) + ": unsafe pickle: Python would import and call or build "
                                + String.join(", ", found.globals()) + " when it reads this value"));
            } else if (!found.globals().isEmpty() && keyOk) {
                objects.add(new CheckReport.ObjectRow(row.rowId(), decoder.keyLabel(row), List.copyOf(found.globals())));
            }
        } catch (CorruptRowException | LimitExceededException e) {
            bad.add(new CheckReport.BadRow(row.rowId(), "value", RowCodec.encodingLabel(row.value()),
                    keyOk ? decoder.keyLabel(row) : RowCodec.cellLabel(row.key()), e.getMessage()));
        }
    }

    private static long countOrUnknown(StoreSession c) {
        try {
            return c.count();
        } catch (VaultException e) {
            return -1;
        }
    }
}
