package io.github.vaults4j.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link VaultTools#stats} measured in one vault file. Sizes are of the stored cells, marker included.
 *
 * @param file             the vault file, or null for a vault of a PostgreSQL root
 * @param rows             the number of rows
 * @param keyBytes         total size of the key cells
 * @param valueBytes       total size of the value cells
 * @param averageKeyBytes  mean key cell size, 0 for an empty vault
 * @param averageValueBytes mean value cell size, 0 for an empty vault
 * @param keyEncodings     key cells per encoding label
 * @param valueEncodings   value cells per encoding label
 * @param undecodableKeys  key cells that do not decode (run {@link VaultTools#check} for details)
 * @param twins            logical keys stored in more than one row, under different encodings
 * @param location         the file, or the vault's address without password ({@code postgresql://...#NAME})
 * @param access           what the vault's access log says, or {@code null} when it has none
 */
public record VaultStats(Path file, long rows, long keyBytes, long valueBytes, double averageKeyBytes,
                         double averageValueBytes, Map<String, Long> keyEncodings, Map<String, Long> valueEncodings,
                         long undecodableKeys, List<Twin> twins, String location, AccessSummary access) {

    /**
     * One logical key stored in several rows: the key cells differ, the decoded keys are the same Python
     * value ({@link io.github.vaults4j.codec.Values#same}).
     *
     * @param key       the key as Python prints it
     * @param rowIds    the rows, in rowid order
     * @param encodings the encoding label of each row's key cell, in the same order
     */
    public record Twin(String key, List<Long> rowIds, List<String> encodings) {
    }
}
