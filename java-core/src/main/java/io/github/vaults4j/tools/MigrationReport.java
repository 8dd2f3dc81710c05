package io.github.vaults4j.tools;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link VaultTools#migrate} did, or, for a dry run, would do.
 *
 * @param file              the vault
 * @param target            the target write profile, such as {@code msgpack+P4} or {@code pickle5}
 * @param dryRun            whether this was a dry run (nothing written)
 * @param changed           whether the file was (or, in a dry run, would be) changed; {@code false} when it
 *                          already is in the target profile, which makes a second migration a no-op
 * @param generationBefore  the table layout before: 1 or 2
 * @param rows              rows before the migration
 * @param keysRewritten     key cells whose bytes change
 * @param keysNormalised    keys the target writer stores as another Python type, as Python itself would (a tuple
 *                          key becomes a msgpack array, read back as a list)
 * @param valuesRewritten   value cells whose bytes change
 * @param valuesKeptPickle  values that stay (or become) pickle because msgpack cannot hold them or Python would
 *                          read them back as another value (a tuple, a set, a dict with non-str keys, ...)
 * @param twins             each key stored in several rows, and which row was kept
 * @param backup            the backup written before the change, or {@code null} when nothing was written
 * @param verifiedRows      rows checked after the rewrite (before commit) to decode to values equal to before
 */
public record MigrationReport(Path file, String target, boolean dryRun, boolean changed, int generationBefore,
                              long rows, long keysRewritten, long keysNormalised, long valuesRewritten,
                              long valuesKeptPickle, List<TwinResolution> twins, Path backup, long verifiedRows) {

    /** Rows removed because another row of the same key was kept. */
    public long rowsDropped() {
        return twins.stream().mapToLong(t -> t.droppedRowIds().size()).sum();
    }

    /**
     * Rows whose key cells become the same cell in the target profile: one is kept (see
     * {@link VaultTools#migrate} for the rule), the others are dropped.
     *
     * @param key           the key as Python prints it
     * @param keptRowId     the row kept (it keeps its rowid)
     * @param droppedRowIds the rows dropped
     * @param sameValues    whether every dropped row held a value equal to the kept one (nothing was lost)
     */
    public record TwinResolution(String key, long keptRowId, List<Long> droppedRowIds, boolean sameValues) {
    }
}
