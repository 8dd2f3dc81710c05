package io.github.vaults4j.tools;

import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreConnection;
import java.sql.SQLException;
import java.util.List;

/** Walks every row of a vault in rowid order, a page at a time, so memory stays flat on large files. */
final class RowPages {
    static final int PAGE_SIZE = 256;

    /** What is done with each row. */
    @FunctionalInterface
    interface RowVisitor {
        void visit(Row row) throws SQLException;
    }

    private RowPages() {
    }

    /**
     * Visits every row, reporting progress after each page.
     *
     * @return the number of rows visited
     */
    static long forEach(StoreConnection connection, boolean withValues, Progress progress, String phase, long total,
                        RowVisitor visitor) throws SQLException {
        long after = Long.MIN_VALUE;
        long done = 0;
        while (true) {
            List<Row> page = connection.page(after, PAGE_SIZE, withValues);
            if (page.isEmpty()) {
                return done;
            }
            for (Row row : page) {
                visitor.visit(row);
            }
            done += page.size();
            after = page.get(page.size() - 1).rowId();
            progress.update(phase, done, total);
        }
    }
}
