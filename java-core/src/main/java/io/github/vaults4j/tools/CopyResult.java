package io.github.vaults4j.tools;

/**
 * A finished {@link VaultTools#copy}.
 *
 * @param source   the vault copied
 * @param target   the copy
 * @param rows     the rows copied
 * @param replaced whether the copy replaced a vault that was there
 */
public record CopyResult(VaultAddress source, VaultAddress target, long rows, boolean replaced) {
}
