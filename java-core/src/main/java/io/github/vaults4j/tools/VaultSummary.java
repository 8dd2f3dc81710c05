package io.github.vaults4j.tools;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link VaultTools#inspect} says about one vault file.
 *
 * @param file         the vault file
 * @param rows         the number of rows
 * @param fileBytes    the file's size on disk
 * @param generation   1 for a vaults 1.x table, 2 for vaults 2.x
 * @param writeProfile how a writer following the file would write, such as {@code msgpack+P4} or {@code legacy4}
 * @param keyEncodings how many key cells each encoding has, by label ({@code M}, {@code P4}, {@code raw4}, ...)
 */
public record VaultSummary(Path file, long rows, long fileBytes, int generation, String writeProfile,
                           Map<String, Long> keyEncodings) {
}
