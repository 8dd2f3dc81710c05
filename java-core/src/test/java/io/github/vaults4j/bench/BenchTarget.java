package io.github.vaults4j.bench;

import java.nio.file.Path;

/**
 * One way of running the benchmark operations on a vault file: a column of the ratio table. Each
 * implementation is registered in {@link Targets}; the JMH parameter {@code target} picks them by name, so a
 * new runtime (a GraalPy front end, for one) is measured against the same floor, on the same file and in the
 * same run, by adding one class and its line there.
 *
 * <p>Operations take an index into the {@link Workload}; implementations wrap it into the workload's key
 * range themselves.
 */
public interface BenchTarget extends AutoCloseable {
    /** Opens the (already populated) file in the given mode. */
    void open(Path file, StorageMode mode, Workload workload) throws Exception;

    /** Reads the value of a stored key. */
    Object getHit(int index) throws Exception;

    /** Looks up a key that is not stored. */
    Object getMiss(int index) throws Exception;

    boolean containsKey(int index) throws Exception;

    /** Overwrites the value of a stored key, durably in the mode's sense. */
    void put(int index) throws Exception;

    /** Writes every row of the workload in one call, into an empty table. */
    void putMany() throws Exception;

    /** Reads every key and value; returns something derived from all of them. */
    long iterate() throws Exception;

    long size() throws Exception;

    @Override
    void close() throws Exception;
}
