package io.github.vaults4j.tools;

import java.nio.file.Path;

/**
 * A finished {@link VaultTools#backup}.
 *
 * @param source the vault file copied
 * @param target the copy
 * @param rows   the rows in the copy
 * @param bytes  the copy's size
 */
public record BackupResult(Path source, Path target, long rows, long bytes) {
}
