/**
 * The row layer, between the codec and storage below and the {@code Vault} API and the tools above: how a
 * vault's rows are read, written and walked, in one place each.
 *
 * <ul>
 *   <li>{@link io.github.vaults4j.rows.RowCodec}: cells to values and back, with the vault's limits and the
 *       location in every message;</li>
 *   <li>{@link io.github.vaults4j.rows.RowCursor}: every walk over all rows, a page at a time by cursor, with
 *       {@link io.github.vaults4j.rows.ExpiringPages} when the walk needs each row's expiry time;</li>
 *   <li>{@link io.github.vaults4j.rows.Twins}: when two rows hold the same key, and which one a reader sees;</li>
 *   <li>{@link io.github.vaults4j.rows.KeyWrite}: how a key's value is written (every twin updated);</li>
 *   <li>{@link io.github.vaults4j.rows.ProfileDetector}: how a file decides the format of new writes;</li>
 *   <li>{@link io.github.vaults4j.rows.Stores}: where a store comes from.</li>
 * </ul>
 *
 * Not exported by the module: its types are internal to the core.
 */
package io.github.vaults4j.rows;
