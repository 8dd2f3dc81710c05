package io.github.vaults4j.tools;

import java.nio.file.Path;

/**
 * A finished {@link VaultTools#importInto}: everything in the document was written, in one transaction.
 *
 * @param file    the vault written, or null for a vault of a PostgreSQL root
 * @param format  the document's format
 * @param rows    the entries written
 * @param created whether the vault was created by the import
 * @param location the file, or the vault's address without password ({@code postgresql://...#NAME})
 */
public record ImportResult(Path file, ExportFormat format, long rows, boolean created, String location) {
    /** The import into a vault file; its location is the file. */
    public ImportResult(Path file, ExportFormat format, long rows, boolean created) {
        this(file, format, rows, created, file.toString());
    }
}
