package io.github.vaults4j.tools;

import java.nio.file.Path;

/**
 * A finished {@link VaultTools#export}.
 *
 * @param file        the vault exported
 * @param format      the document's format
 * @param rows        the rows written
 * @param keptAsCells rows of a {@link ExportFormat#READABLE} export that plain JSON cannot hold and that were
 *                    written as exact cells instead (0 unless asked for)
 */
public record ExportResult(Path file, ExportFormat format, long rows, long keptAsCells) {
}
