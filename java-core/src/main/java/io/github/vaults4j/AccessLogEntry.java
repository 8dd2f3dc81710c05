package io.github.vaults4j;

import java.time.Instant;

/**
 * One record of a vault's access log ({@link Vault#accessLog}).
 *
 * @param at             when the operation ended (microsecond precision)
 * @param operation      {@code get}, {@code getMany}, {@code put}, {@code set}, {@code putMany}, {@code remove} or
 *                       {@code popMany}; a batch operation leaves one record per key
 * @param key            the key's repr (cut at {@value #MAX_KEY_CHARS} characters), or its keyed hash
 *                       ({@code hmac-sha256:} and hex) when {@link AccessLogOptions#hashKey()} is set
 * @param durationMicros how long the operation took, in microseconds (for a batch, the whole batch)
 * @param process        the caller's process: {@code pid@host}
 */
public record AccessLogEntry(Instant at, String operation, String key, long durationMicros, String process) {
    /** The longest key repr kept in a record; a longer one is cut. */
    public static final int MAX_KEY_CHARS = 1024;
}
