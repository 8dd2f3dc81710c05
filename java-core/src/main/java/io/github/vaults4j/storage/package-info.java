/**
 * The SQLite side of a vault: connections and their pool ({@link io.github.vaults4j.storage.SqliteStore}),
 * the statements on the {@code dict} table ({@link io.github.vaults4j.storage.StoreConnection}), the two table
 * generations, and the detection of how a file is written. Knows cells only as bytes: encoding and decoding
 * live in {@code codec}, so the two can change apart.
 */
package io.github.vaults4j.storage;
