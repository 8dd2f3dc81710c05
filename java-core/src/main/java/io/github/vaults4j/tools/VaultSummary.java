package io.github.vaults4j.tools;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link VaultTools#inspect} says about one vault file.
 *
 * @param file         the vault file, or null for a vault of a PostgreSQL root
 * @param rows         the number of rows
 * @param fileBytes    the file's size on disk; {@link #NOT_A_FILE} for a vault on a server
 * @param generation   1 for a vaults 1.x table, 2 for vaults 2.x
 * @param writeProfile how a writer following the file would write, such as {@code msgpack+P4} or {@code legacy4}
 * @param keyEncodings how many key cells each encoding has, by label ({@code M}, {@code P4}, {@code raw4}, ...)
 * @param location     the file, or the vault's address without password ({@code postgresql://...#NAME})
 */
public record VaultSummary(Path file, long rows, long fileBytes, int generation, String writeProfile,
                           Map<String, Long> keyEncodings, String location) {
    /** {@link #fileBytes()} of a vault on a server, whose rows share the server's files with other vaults. */
    public static final long NOT_A_FILE = -1;

    /** The summary of a vault file; its location is the file. */
    public VaultSummary(Path file, long rows, long fileBytes, int generation, String writeProfile,
                        Map<String, Long> keyEncodings) {
        this(file, rows, fileBytes, generation, writeProfile, keyEncodings, file.toString());
    }
}
