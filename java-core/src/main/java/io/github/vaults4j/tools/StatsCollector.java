package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.codec.CodecException;
import io.github.vaults4j.codec.MsgpackWriter;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.storage.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and sizes of a vault's cells, and its twins. To find twins it keeps every decoded key in memory
 * (grouped by the key's msgpack form, where a tuple and a list with the same items are one array, or by its
 * Python repr when msgpack cannot hold it, then compared with {@link Values#sameKey}); values are read a page
 * at a time.
 */
final class StatsCollector {
    private record KeyRow(long rowId, Object key, String encoding) {
    }

    private StatsCollector() {
    }

    static VaultStats stats(Path file, Progress progress) {
        try (SqliteStore store = Stores.readOnly(file)) {
            RowDecoder decoder = new RowDecoder(store.file(), Stores.readOnlyOptions());
            return store.snapshot(c -> {
                long total = c.count();
                long[] sizes = new long[2];
                long[] undecodable = new long[1];
                Map<String, Long> keyEncodings = new TreeMap<>();
                Map<String, Long> valueEncodings = new TreeMap<>();
                Map<String, List<KeyRow>> byRepr = new HashMap<>();
                long rows = RowPages.forEach(c, true, progress, "reading", total, row -> {
                    sizes[0] += row.key() == null ? 0 : row.key().length;
                    sizes[1] += row.value() == null ? 0 : row.value().length;
                    String keyEncoding = RowDecoder.encodingLabel(row.key());
                    keyEncodings.merge(keyEncoding, 1L, Long::sum);
                    valueEncodings.merge(RowDecoder.encodingLabel(row.value()), 1L, Long::sum);
                    try {
                        Object key = decoder.key(row);
                        byRepr.computeIfAbsent(twinGroup(key), r -> new ArrayList<>(1))
                                .add(new KeyRow(row.rowId(), key, keyEncoding));
                    } catch (CorruptRowException e) {
                        undecodable[0]++;
                    }
                });
                return new VaultStats(store.file(), rows, sizes[0], sizes[1], average(sizes[0], rows),
                        average(sizes[1], rows), keyEncodings, valueEncodings, undecodable[0], twins(byRepr));
            });
        }
    }

    /**
     * What twins have in common: the msgpack form of the key, which a tuple key (pickled) and the list a
     * msgpack reader gives back for it share, as a Python lookup under either encoding finds the other; the
     * repr for a key msgpack cannot hold.
     */
    private static String twinGroup(Object key) {
        try {
            return "msgpack " + HexFormat.of().formatHex(MsgpackWriter.write(key));
        } catch (CodecException notMsgpack) {
            return "repr " + Values.repr(key);
        }
    }

    private static double average(long bytes, long rows) {
        return rows == 0 ? 0 : (double) bytes / rows;
    }

    private static List<VaultStats.Twin> twins(Map<String, List<KeyRow>> byRepr) {
        List<VaultStats.Twin> twins = new ArrayList<>();
        for (Map.Entry<String, List<KeyRow>> group : byRepr.entrySet()) {
            List<KeyRow> rows = group.getValue();
            if (rows.size() < 2) {
                continue;
            }
            // One group almost always means one key; Values.sameKey settles the rare exceptions.
            List<KeyRow> left = new ArrayList<>(rows);
            while (!left.isEmpty()) {
                KeyRow first = left.remove(0);
                List<Long> ids = new ArrayList<>(List.of(first.rowId()));
                List<String> encodings = new ArrayList<>(List.of(first.encoding()));
                left.removeIf(other -> {
                    if (Values.sameKey(first.key(), other.key())) {
                        ids.add(other.rowId());
                        encodings.add(other.encoding());
                        return true;
                    }
                    return false;
                });
                if (ids.size() > 1) {
                    twins.add(new VaultStats.Twin(Values.shortRepr(first.key()), ids, encodings));
                }
            }
        }
        twins.sort((a, b) -> Long.compare(a.rowIds().get(0), b.rowIds().get(0)));
        return twins;
    }
}
