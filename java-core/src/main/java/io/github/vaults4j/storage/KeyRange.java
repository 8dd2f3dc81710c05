package io.github.vaults4j.storage;

/**
 * The key cells of one encoding: every cell {@code k} with {@code low <= k < high} in byte order. A store is
 * opened with the list of these ranges (the codec defines them); a range's index in that list is the encoding
 * tag of the cells in it, and the store tracks which tags the file holds.
 */
public record KeyRange(byte[] low, byte[] high) {
}
