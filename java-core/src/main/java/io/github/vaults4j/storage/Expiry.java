package io.github.vaults4j.storage;

/**
 * When the row under a key cell expires, as a store keeps it beside the vault's rows (SQLite table
 * {@code vaults4j_expiry}, PostgreSQL table {@code entry_expiry}); Python's module never reads it.
 *
 * @param key             the row's key cell, as stored
 * @param expiresAtMillis when the row expires, in milliseconds since the epoch
 */
public record Expiry(byte[] key, long expiresAtMillis) {
}
