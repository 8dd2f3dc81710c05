/**
 * Storage: the {@link io.github.vaults4j.storage.Store} interface (a table of rows with a unique key cell, the
 * transactions around it, backup and integrity) with {@link io.github.vaults4j.storage.StoreSession}, and
 * {@link io.github.vaults4j.storage.SqliteStore}, its implementation for Fuse's SQLite files. A second backend
 * is one more implementation of these two interfaces.
 *
 * <p>The only package that uses JDBC. It knows cells only as bytes and key encodings only as numbered byte
 * ranges ({@link io.github.vaults4j.storage.KeyRange}) that the codec defines; it never decodes a cell and
 * never calls the layers above it (rows, the {@code Vault} API, the tools).
 */
package io.github.vaults4j.storage;
