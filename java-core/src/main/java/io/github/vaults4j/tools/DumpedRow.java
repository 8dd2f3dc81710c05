package io.github.vaults4j.tools;

import java.time.Duration;

/**
 * One row as {@link VaultTools#dump} reads it: decoded where it can be, described where it cannot.
 *
 * @param rowId         the SQLite rowid
 * @param keyEncoding   the key cell's encoding label ({@code M}, {@code P4}, {@code raw4}, {@code unknown})
 * @param valueEncoding the value cell's encoding label
 * @param keyDecoded    whether the key decoded (a row's value may fail while its key is sound)
 * @param key           the decoded key, or {@code null} when it does not decode
 * @param value         the decoded value, or {@code null} when it does not decode (or is None)
 * @param problem       why the row does not decode, naming file, row and key; {@code null} for a sound row
 * @param ttl           the time the entry has left, or {@code null} when it has no time to live (expired entries
 *                      are not dumped)
 */
public record DumpedRow(long rowId, String keyEncoding, String valueEncoding, boolean keyDecoded, Object key, Object value,
                        String problem, Duration ttl) {
    /** A row without a time to live. */
    public DumpedRow(long rowId, String keyEncoding, String valueEncoding, boolean keyDecoded, Object key, Object value,
                     String problem) {
        this(rowId, keyEncoding, valueEncoding, keyDecoded, key, value, problem, null);
    }
}
