package io.github.vaults4j.storage;

/**
 * One row of a vault's access log, as the store keeps it beside the vault's rows (SQLite table
 * {@code vaults4j_access_log}, PostgreSQL table {@code access_log}); Python's module never reads it.
 *
 * @param atMicros       when the operation ended, in microseconds since the epoch (UTC)
 * @param operation      the operation's name: {@code get}, {@code put}, {@code remove} ...
 * @param key            the key's repr, or its keyed hash ({@code hmac-sha256:} and hex), or {@code null}
 * @param durationMicros how long the operation took
 * @param process        the caller's process: {@code pid@host}
 */
public record AccessRecord(long atMicros, String operation, String key, long durationMicros, String process) {
}
