package io.github.vaults4j.tools;

import java.nio.file.Path;

/**
 * A finished {@link VaultTools#importInto}: everything in the document was written, in one transaction.
 *
 * @param file    the vault written
 * @param format  the document's format
 * @param rows    the entries written
 * @param created whether the vault file was created by the import
 */
public record ImportResult(Path file, ExportFormat format, long rows, boolean created) {
}
