package io.github.vaults4j.bench;

import java.nio.file.Path;

/**
 * One way of running the benchmark operations on a vault file: a column of the ratio table. Implementations
 * are services found by {@link Targets}; the JMH parameter {@code target} picks them by {@link #name()}, so a
 * new runtime (a GraalPy front end, for one) is measured against the same floor, on the same file and in the
 * same run, by adding one class (public, with a no-argument constructor) and its services line.
 *
 * <p>Operations take an index into the {@link Workload}; implementations wrap it into the workload's key
 * range themselves.
 */
public interface BenchTarget extends AutoCloseable {
    /** The name of the target's column, and its value of the JMH parameter {@code target}. */
    String name();

    /** Opens the (already populated) file in the given mode. */
    void open(Path file, StorageMode mode, Workload workload) throws Exception;

    /** Reads the value of a stored key. */
    Object getHit(int index) throws Exception;

    /** Looks up a key that is not stored. */
    Object getMiss(int index) throws Exception;

    boolean containsKey(int index) throws Exception;

    /** Overwrites the value of a stored key, durably in the mode's sense. */
    void put(int index) throws Exception;

    /**
     * As {@link #put}, for a caller that wants no old value back (Python's {@code put} and
     * {@code vault[key] = value}); a target without a cheaper way puts.
     */
    default void set(int index) throws Exception {
        put(index);
    }

    /** Writes every row of the workload in one call, into an empty table. */
    void putMany() throws Exception;

    /** Reads every key and value; returns something derived from all of them. */
    long iterate() throws Exception;

    long size() throws Exception;

    /** Deletes every row; not timed, it prepares {@link #putMany}. */
    void clear() throws Exception;

    @Override
    void close() throws Exception;
}
