package io.github.vaults4j.tools;

import io.github.vaults4j.AccessLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a vault's access log says, as {@link VaultTools#stats} reports it when the vault has one.
 *
 * @param records       the records in the log
 * @param lastAccess    when the newest record was made
 * @param last24Hours   records of the last 24 hours per operation
 * @param mostAccessed  the keys with the most records, most first (at most {@value #TOP_KEYS})
 */
public record AccessSummary(long records, Instant lastAccess, Map<String, Long> last24Hours, List<KeyCount> mostAccessed) {
    /** How many keys {@link #mostAccessed} lists. */
    public static final int TOP_KEYS = 10;
    /** The window of {@link #last24Hours}. */
    public static final Duration RECENT = Duration.ofHours(24);

    /**
     * A key and its number of records.
     *
     * @param key   the key as the log holds it (its repr, or its keyed hash)
     * @param count its records
     */
    public record KeyCount(String key, long count) {
    }

    /** The summary of a log's records (oldest first), as of {@code now}; {@code null} for an empty log. */
    static AccessSummary of(List<AccessLogEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return null;
        }
        Instant recent = now.minus(RECENT);
        Map<String, Long> byOperation = new TreeMap<>();
        Map<String, Long> byKey = new HashMap<>();
        Instant last = Instant.MIN;
        for (AccessLogEntry entry : entries) {
            if (!entry.at().isBefore(recent)) {
                byOperation.merge(entry.operation(), 1L, Long::sum);
            }
            if (entry.key() != null) {
                byKey.merge(entry.key(), 1L, Long::sum);
            }
            last = entry.at().isAfter(last) ? entry.at() : last;
        }
        List<KeyCount> top = new ArrayList<>();
        byKey.forEach((key, count) -> top.add(new KeyCount(key, count)));
        top.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.key().compareTo(b.key()));
        return new AccessSummary(entries.size(), last, byOperation, List.copyOf(top.subList(0, Math.min(TOP_KEYS, top.size()))));
    }
}
