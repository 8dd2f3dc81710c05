package io.github.vaults4j.storage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of recent key lookups (the row found, or none), kept while the file does not change.
 *
 * <p>Correctness rests on two rules. Before each use, {@link #begin} asks the connection about to be used
 * for {@code PRAGMA data_version}, which changes when any other connection, in this process or another, has
 * committed since that connection last asked: then everything is dropped. And this vault's own commits drop
 * everything too ({@link #invalidate}), since the connection that commits sees no change of its own version.
 * A lookup that started before a drop does not store its result (the generation it began with is stale), so
 * a slow reader cannot put back a row that a concurrent commit replaced.
 */
final class ReadCache {
    private final int capacity;
    private final Map<CandidateCells, Optional<Row>> entries;
    private long generation;

    ReadCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Drops everything if the file changed since this connection last looked; returns the generation to fill. */
    long begin(StoreConnection connection) throws SQLException {
        long version = connection.dataVersion();
        synchronized (this) {
            if (version != connection.lastSeenDataVersion) {
                connection.lastSeenDataVersion = version;
                dropAll();
            }
            return generation;
        }
    }

    /** The cached lookup: a row, an empty optional for a cached miss, or {@code null} when not cached. */
    Optional<Row> get(KeyCells key) {
        CandidateCells cells = new CandidateCells(key);
        synchronized (this) {
            return entries.get(cells);
        }
    }

    synchronized void fill(long startedAt, KeyCells key, Row row) {
        if (startedAt != generation) {
            return;
        }
        entries.put(new CandidateCells(key), Optional.ofNullable(row));
        if (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** Called after this vault commits a write. */
    synchronized void invalidate() {
        dropAll();
    }

    private void dropAll() {
        entries.clear();
        generation++;
    }

    /**
     * A key by all its candidate cells, not by one: two keys can share their own encoding and differ in another
     * (a list and a tuple are the same msgpack array but different pickles), and so find different rows.
     */
    private record CandidateCells(List<byte[]> cells, int hash) {
        CandidateCells(KeyCells key) {
            this(cellsOf(key));
        }

        CandidateCells(List<byte[]> cells) {
            this(cells, hashOf(cells));
        }

        private static List<byte[]> cellsOf(KeyCells key) {
            List<byte[]> cells = new ArrayList<>(key.size());
            for (int i = 0; i < key.size(); i++) {
                cells.add(key.cell(i));
            }
            return cells;
        }

        private static int hashOf(List<byte[]> cells) {
            int hash = 1;
            for (byte[] cell : cells) {
                hash = 31 * hash + Arrays.hashCode(cell);
            }
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof CandidateCells other) || other.hash != hash || other.cells.size() != cells.size()) {
                return false;
            }
            for (int i = 0; i < cells.size(); i++) {
                if (!Arrays.equals(cells.get(i), other.cells.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
