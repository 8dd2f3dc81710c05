package io.github.vaults4j.rows;

import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages of a session's rows for a {@link RowCursor}, each with its rows' expiry times read in one request
 * ({@link StoreSession#expiresAt(List)}), so that a tool reading a vault on a server pays one round trip a page
 * for them, not one a row. Nothing is asked of a store that has never held an expiry time.
 *
 * <pre>{@code
 * ExpiringPages pages = new ExpiringPages(session, true);
 * new RowCursor(pages).forEach(row -> use(row, pages.expiresAt(row)), done -> { });
 * }</pre>
 */
public final class ExpiringPages implements RowCursor.Pages {
    private final StoreSession session;
    private final boolean withValues;
    private final boolean expiring;
    /** The rows of the page read last that have an expiry time; by identity, as the cursor hands the same rows on. */
    private final Map<Row, Long> expiresAt = new IdentityHashMap<>();

    public ExpiringPages(StoreSession session, boolean withValues) {
        this.session = session;
        this.withValues = withValues;
        this.expiring = session.mayHaveExpiries();
    }

    @Override
    public List<Row> page(long afterRowId, int limit) {
        List<Row> rows = session.page(afterRowId, limit, withValues);
        expiresAt.clear();
        if (expiring && !rows.isEmpty()) {
            List<Long> times = session.expiresAt(rows.stream().map(Row::key).toList());
            for (int i = 0; i < rows.size(); i++) {
                if (times.get(i) != null) {
                    expiresAt.put(rows.get(i), times.get(i));
                }
            }
        }
        return rows;
    }

    /**
     * When a row of the page read last expires, in milliseconds since the epoch; {@code null} without an expiry
     * time. A {@link RowCursor} reads the next page only once every row of this one was handed out.
     */
    public Long expiresAt(Row row) {
        return expiresAt.get(row);
    }
}
