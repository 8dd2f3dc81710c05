package io.github.vaults4j.storage;

/**
 * One row of a vault's {@code dict} table, as stored.
 *
 * @param rowId the SQLite rowid, which names the row in reports
 * @param key   the key cell's exact bytes
 * @param value the value cell's exact bytes, or {@code null} when the query did not ask for values or the
 *              cell is SQL NULL
 */
public record Row(long rowId, byte[] key, byte[] value) {
}
