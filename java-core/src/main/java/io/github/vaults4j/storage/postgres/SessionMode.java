package io.github.vaults4j.storage.postgres;

/** How a {@link PostgresSession}'s statements are grouped into transactions, and what they lock. */
enum SessionMode {
    /** Each statement on its own (auto-commit), reading the latest committed state. */
    STATEMENTS,
    /** One read-only REPEATABLE READ transaction: every statement sees one snapshot. */
    READ,
    /**
     * Each write on its own, under the vault's lock: the lock and the write go in one round trip and one implicit
     * transaction (the protocol's, ended by its Sync). Work that runs anything else turns the session into a
     * {@link #WRITE} transaction at its first such statement.
     */
    WRITE_STATEMENTS,
    /** One READ COMMITTED transaction that holds the vault's lock from its first statement. */
    WRITE;

    /** Whether the session's work may write. */
    boolean writes() {
        return this == WRITE_STATEMENTS || this == WRITE;
    }
}
