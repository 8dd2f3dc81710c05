package io.github.vaults4j.tools;

import io.github.vaults4j.CorruptRowException;
import io.github.vaults4j.LimitExceededException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.rows.AccessLog;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.rows.Twins;
import io.github.vaults4j.storage.Store;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and sizes of a vault's cells, and its twins ({@link Twins}). To find twins it keeps every key's
 * identity in memory; values are read a page at a time.
 */
final class StatsCollector {
    private record KeyRow(long rowId, String repr, String encoding) {
    }

    private StatsCollector() {
    }

    static VaultStats stats(VaultAddress address, Progress progress) {
        try (OpenVault vault = OpenVault.readOnly(address)) {
            Store store = vault.store();
            RowCodec decoder = new RowCodec(store.location(), Stores.READ_ONLY, null);
            return store.readTransaction(c -> {
                long total = c.count();
                long[] sizes = new long[2];
                long[] undecodable = new long[1];
                Map<String, Long> keyEncodings = new TreeMap<>();
                Map<String, Long> valueEncodings = new TreeMap<>();
                Map<ByteBuffer, List<KeyRow>> byIdentity = new LinkedHashMap<>();
                long rows = RowCursor.over(c, true).forEach(row -> {
                    sizes[0] += row.key() == null ? 0 : row.key().length;
                    sizes[1] += row.value() == null ? 0 : row.value().length;
                    String keyEncoding = RowCodec.encodingLabel(row.key());
                    keyEncodings.merge(keyEncoding, 1L, Long::sum);
                    valueEncodings.merge(RowCodec.encodingLabel(row.value()), 1L, Long::sum);
                    try {
                        Object key = decoder.key(row);
                        byIdentity.computeIfAbsent(Twins.identity(key, row.key()), r -> new ArrayList<>(1))
                                .add(new KeyRow(row.rowId(), Values.shortRepr(key), keyEncoding));
                    } catch (CorruptRowException | LimitExceededException e) {
                        undecodable[0]++;
                    }
                }, done -> progress.update("reading", done, total));
                return new VaultStats(vault.file() == null ? null : Path.of(store.location()), rows, sizes[0], sizes[1],
                        average(sizes[0], rows), average(sizes[1], rows), keyEncodings, valueEncodings, undecodable[0],
                        twins(byIdentity), vault.location(),
                        AccessSummary.of(AccessLog.read(store, Instant.EPOCH, Integer.MAX_VALUE), Instant.now()));
            });
        }
    }

    private static double average(long bytes, long rows) {
        return rows == 0 ? 0 : (double) bytes / rows;
    }

    private static List<VaultStats.Twin> twins(Map<ByteBuffer, List<KeyRow>> byIdentity) {
        List<VaultStats.Twin> twins = new ArrayList<>();
        for (List<KeyRow> rows : byIdentity.values()) {
            if (rows.size() > 1) {
                List<Long> ids = new ArrayList<>(rows.size());
                List<String> encodings = new ArrayList<>(rows.size());
                for (KeyRow row : rows) {
                    ids.add(row.rowId());
                    encodings.add(row.encoding());
                }
                twins.add(new VaultStats.Twin(rows.get(0).repr(), ids, encodings));
            }
        }
        twins.sort((a, b) -> Long.compare(a.rowIds().get(0), b.rowIds().get(0)));
        return twins;
    }
}
