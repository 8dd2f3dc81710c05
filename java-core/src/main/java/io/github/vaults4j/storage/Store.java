package io.github.vaults4j.storage;

import java.nio.file.Path;

/**
 * The storage of one vault: a table of rows {@code (cursor, key cell, value cell)} with a unique key cell,
 * and the transactions around it. {@link SqliteStore} (a Fuse vault file) is the implementation; another
 * backend implements this interface and {@link StoreSession}, and nothing above storage changes.
 *
 * <p>Units of work run on a {@link StoreSession}. A unit of work is bound to the thread that runs it: store
 * calls that thread makes while a transaction lasts join it. Failures are {@link io.github.vaults4j.VaultException}
 * and its subtypes, never a driver's own exception.
 */
public interface Store extends AutoCloseable {
    /** A unit of work on one session. */
    @FunctionalInterface
    interface Work<T> {
        T run(StoreSession session);
    }

    /** What the store is, for messages: the file path for a file store. */
    String location();

    /** The table found (or created) when the store was opened. */
    TableFacts table();

    /** The table layout; shorthand for {@code table().generation()}. */
    default Generation generation() {
        return table().generation();
    }

    /**
     * Runs work statement by statement, each seeing the table as it is then and each write committing on its
     * own; joins the calling thread's transaction when there is one.
     */
    <T> T read(Work<T> work);

    /** As {@link #read}, for work whose every statement is a complete write (one UPSERT, one DELETE). */
    <T> T write(Work<T> work);

    /** Runs read-only work in one read transaction: every statement sees the same state. */
    <T> T readTransaction(Work<T> work);

    /**
     * Runs work in one transaction that takes the write lock before its first read ({@code BEGIN IMMEDIATE} on
     * SQLite), so a read-modify-write never loses an update: all of it is written, or none. Nested calls from
     * the same thread join the outer transaction.
     */
    <T> T writeTransaction(Work<T> work);

    /** Whether the calling thread is inside a transaction of this store. */
    boolean inTransaction();

    /** Whether {@link #lookup} answers from a cache. */
    boolean cachesReads();

    /**
     * Runs a key lookup, through the store's read cache when it has one (never inside a transaction).
     *
     * @param key  the key's cells, which identify the lookup
     * @param find the lookup itself: the row found, or {@code null}
     */
    Row lookup(KeyCells key, Work<Row> find);

    /**
     * Copies the whole store, consistently, to a new file while others keep using it.
     *
     * @param progress told the pages copied and the total after each step
     */
    void backupTo(Path target, BackupProgress progress);

    boolean isClosed();

    /** Closes the store; further calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();

    /** Progress of {@link #backupTo}. */
    @FunctionalInterface
    interface BackupProgress {
        void copied(long done, long total);
    }
}
