package io.github.vaults4j.tools;

import java.nio.file.Path;

/**
 * A finished {@link VaultTools#export}.
 *
 * @param file        the vault exported, or null for a vault of a PostgreSQL root
 * @param format      the document's format
 * @param rows        the rows written
 * @param keptAsCells rows of a {@link ExportFormat#READABLE} export that plain JSON cannot hold and that were
 *                    written as exact cells instead (0 unless asked for)
 * @param location    the file, or the vault's address without password ({@code postgresql://...#NAME})
 */
public record ExportResult(Path file, ExportFormat format, long rows, long keptAsCells, String location) {
    /** The export of a vault file; its location is the file. */
    public ExportResult(Path file, ExportFormat format, long rows, long keptAsCells) {
        this(file, format, rows, keptAsCells, file.toString());
    }
}
