package io.github.vaults4j.storage.postgres;

/**
 * Which key encodings a vault held when a statement last read its {@code vault.key_encodings}, shared by the
 * threads of one {@link PostgresStore}. Only a hint: another process may add an encoding at any time, so a
 * look-up narrowed by it reads the bits again in the same statement and asks for every cell when they show more
 * ({@link PostgresSession}). Starts as "every encoding", so the first look-up asks for every cell.
 */
final class EncodingHint {
    private volatile int encodings = PostgresSession.EVERY_ENCODING;

    int encodings() {
        return encodings;
    }

    /** What a statement just read (or a write transaction learnt under the vault's lock). */
    void learnt(int encodings) {
        this.encodings = encodings;
    }
}
