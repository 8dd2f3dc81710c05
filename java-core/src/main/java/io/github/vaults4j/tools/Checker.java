package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.SqliteStore;
import io.github.vaults4j.storage.StoreConnection;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a vault file without writing to it: SQLite's own integrity check, then a decode of every cell. A bad
 * row is reported and the check goes on; only a file that SQLite cannot read stops it. A value that decodes but
 * would run a command when Python unpickles it ({@link UnsafeCalls}) is reported as bad too.
 */
final class Checker {
    private Checker() {
    }

    static CheckReport check(Path file, Progress progress) {
        SqliteStore store;
        try {
            store = Stores.readOnly(file);
        } catch (VaultException e) {
            return new CheckReport(file.toAbsolutePath().normalize(), e.getMessage(), List.of(), 0, List.of());
        }
        try (store) {
            RowDecoder decoder = new RowDecoder(store.file(), Stores.readOnlyOptions());
            List<String> integrity = new ArrayList<>();
            List<CheckReport.BadRow> bad = new ArrayList<>();
            long[] checked = new long[1];
            try {
                store.snapshot(c -> {
                    integrity.addAll(integrityProblems(c));
                    long total = countOrUnknown(c);
                    try {
                        RowPages.forEach(c, true, progress, "checking", total, row -> {
                            checkRow(decoder, row, bad);
                            checked[0]++;
                        });
                    } catch (SQLException e) {
                        integrity.add("reading rows stopped after " + checked[0] + " rows: " + e.getMessage());
                    }
                    return null;
                });
            } catch (VaultException e) {
                integrity.add(e.getMessage());
            }
            return new CheckReport(store.file(), null, integrity, checked[0], bad);
        }
    }

    private static void checkRow(RowDecoder decoder, Row row, List<CheckReport.BadRow> bad) {
        boolean keyOk = true;
        try {
            decoder.key(row);
        } catch (CorruptRowException e) {
            keyOk = false;
            bad.add(new CheckReport.BadRow(row.rowId(), "key", RowDecoder.encodingLabel(row.key()),
                    "cell " + RowDecoder.hex(row.key()), e.getMessage()));
        }
        try {
            UnsafeCalls.Findings found = UnsafeCalls.find(decoder.value(row));
            if (found.dangerous()) {
                bad.add(new CheckReport.BadRow(row.rowId(), "value", RowDecoder.encodingLabel(row.value()),
                        keyOk ? decoder.keyLabel(row) : "cell " + RowDecoder.hex(row.key()),
                        decoder.where(row) + ": unsafe pickle: Python would import and call or build "
                                + String.join(", ", found.globals()) + " when it reads this value"));
            }
        } catch (CorruptRowException e) {
            bad.add(new CheckReport.BadRow(row.rowId(), "value", RowDecoder.encodingLabel(row.value()),
                    keyOk ? decoder.keyLabel(row) : "cell " + RowDecoder.hex(row.key()), e.getMessage()));
        }
    }

    private static List<String> integrityProblems(StoreConnection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = c.jdbc().createStatement();
             ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            while (result.next()) {
                String line = result.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
        } catch (SQLException e) {
            problems.add("integrity_check failed: " + e.getMessage());
        }
        return problems;
    }

    private static long countOrUnknown(StoreConnection c) {
        try {
            return c.count();
        } catch (SQLException e) {
            return -1;
        }
    }
}
