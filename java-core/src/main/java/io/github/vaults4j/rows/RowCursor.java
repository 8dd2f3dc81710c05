package io.github.vaults4j.rows;

import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * Walks rows in cursor order a page at a time, so memory stays flat on large files: the one way the vault's
 * iterators and every tool read all rows. Where each page comes from is the caller's: its own short read (a
 * vault's iterator, which holds no lock between pages), a session inside one read transaction (the tools), or
 * the rows a migration set aside.
 */
public final class RowCursor implements Iterator<Row> {
    /** Rows read per page. */
    public static final int PAGE_SIZE = 256;

    /** Reads one page: up to {@code limit} rows after the cursor {@code afterRowId}, in cursor order. */
    @FunctionalInterface
    public interface Pages {
        List<Row> page(long afterRowId, int limit);
    }

    /** What is done with each row. */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(Row row);
    }

    private final Pages pages;
    private final Deque<Row> page = new ArrayDeque<>();
    private long lastRowId = Long.MIN_VALUE;
    private boolean exhausted;

    public RowCursor(Pages pages) {
        this.pages = pages;
    }

    /** The rows of a session's table, with or without values. */
    public static RowCursor over(StoreSession session, boolean withValues) {
        return new RowCursor((after, limit) -> session.page(after, limit, withValues));
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            List<Row> rows = pages.page(lastRowId, PAGE_SIZE);
            exhausted = rows.size() < PAGE_SIZE;
            if (!rows.isEmpty()) {
                lastRowId = rows.get(rows.size() - 1).rowId();
                page.addAll(rows);
            }
        }
        return !page.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }

    /**
     * Visits every remaining row, telling {@code progress} how many were visited after each page.
     *
     * @return the number of rows visited
     */
    public long forEach(RowVisitor visitor, LongConsumer progress) {
        long done = 0;
        while (hasNext()) {
            visitor.visit(next());
            done++;
            if (page.isEmpty()) {
                progress.accept(done);
            }
        }
        return done;
    }
}
