package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.rows.Twins;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.StoreSession;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites one vault into a target write profile, in one {@code BEGIN IMMEDIATE} transaction:
 *
 * <ol>
 *   <li>plan: decode every row (any bad row stops the migration before anything is written), choose its new
 *       cells by the rules of {@link TargetCells}, and find the rows that hold the same key ({@link Twins});</li>
 *   <li>back up: copy the file, as the transaction found it, next to the vault;</li>
 *   <li>rewrite: rename the table aside, create the generation 2 table with the exact statement vaults 2.x
 *       uses, and copy every row (but dropped twins) into it under its old rowid;</li>
 *   <li>verify: every copied row decodes to a value equal to the old one, and the row count adds up; if not,
 *       the transaction rolls back;</li>
 *   <li>drop the old table and commit.</li>
 * </ol>
 *
 * A file already in the target profile is left untouched, backup included. A table the rebuild would not
 * reproduce (see {@link TableShape}) is refused before anything is written.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Store store;
    private final Path file;
    private final MigrationOptions options;
    private final Progress progress;
    private final RowCodec decoder;
    private final TargetCells cells;

    private record Candidate(long rowId, boolean alreadyTarget) {
    }

    private record Plan(long rows, long keysRewritten, long keysNormalised, long valuesRewritten,
                        long valuesKeptPickle, List<MigrationReport.TwinResolution> twins, Set<Long> dropped) {
    }

    private Migrator(Store store, MigrationOptions options, Progress progress) {
        this.store = store;
        this.file = Path.of(store.location());
        this.options = options;
        this.progress = progress;
        this.decoder = new RowCodec(store.location(), Stores.EXISTING, null);
        this.cells = new TargetCells(new WriteProfile(options.target(), options.protocol()), decoder.maxDepth());
    }

    static MigrationReport migrate(Path file, MigrationOptions options, Progress progress) {
        long start = System.nanoTime();
        MigrationReport report;
        try (Store store = options.dryRun() ? Stores.readOnly(file) : Stores.existing(file)) {
            Migrator migrator = new Migrator(store, options, progress);
            report = options.dryRun() ? store.readTransaction(migrator::run) : store.writeTransaction(migrator::run);
        }
        log(report, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return report;
    }

    /** INFO: what the migration did (or, in a dry run, would do) and how long it took; WARN: each twin dropped. */
    private static void log(MigrationReport r, long millis) {
        for (MigrationReport.TwinResolution twin : r.twins()) {
            LOG.warn("migrate {}: key {} was stored in several rows; {}kept row {}, dropped rows {}{}", r.file(),
                    twin.key(), r.dryRun() ? "would have " : "", twin.keptRowId(), twin.droppedRowIds(),
                    twin.sameValues() ? "" : " (their values differed)");
        }
        LOG.info("migrate {}{}: {} rows to {}, generation {} before, {} keys rewritten, {} keys normalised,"
                        + " {} values rewritten, {} values kept pickle, {} rows dropped, {} rows verified, backup {},"
                        + " {} ms", r.file(), r.dryRun() ? " (dry run)" : r.changed() ? "" : " (already in the target format)",
                r.rows(), r.target(), r.generationBefore(), r.keysRewritten(), r.keysNormalised(), r.valuesRewritten(),
                r.valuesKeptPickle(), r.rowsDropped(), r.verifiedRows(), r.backup() == null ? "none" : r.backup(), millis);
    }

    private MigrationReport run(StoreSession c) {
        TableShape.requireReproducible(store.table(), file);
        int generation = store.generation() == Generation.GEN1 ? 1 : 2;
        if (!options.dryRun()) {
            // Expired entries are gone for every reader: the rewrite removes them rather than carry them over.
            c.deleteExpired();
        }
        Plan plan = plan(c);
        boolean changed = generation == 1 || plan.keysRewritten() > 0 || plan.valuesRewritten() > 0
                || !plan.twins().isEmpty();
        String target = new WriteProfile(options.target(), options.protocol()).label();
        if (options.dryRun() || !changed) {
            return report(target, changed, generation, plan, null, 0);
        }
        // SQLite refuses to back up from a connection in a write transaction, so a second, read-only connection
        // copies the file. This transaction holds the write lock and has written nothing yet: the copy is
        // exactly the state the migration starts from, and no other writer can slip in between.
        Path backup = backupPath(file);
        OnlineBackup.backup(file, backup, progress);
        c.setTableAside(Generation.GEN2);
        copy(c, plan);
        long verified = verify(c, plan);
        c.dropAside();
        return report(target, true, generation, plan, backup, verified);
    }

    private MigrationReport report(String target, boolean changed, int generation, Plan plan, Path backup,
                                   long verified) {
        return new MigrationReport(file, target, options.dryRun(), changed, generation, plan.rows(),
                plan.keysRewritten(), plan.keysNormalised(), plan.valuesRewritten(), plan.valuesKeptPickle(),
                plan.twins(), backup, verified);
    }

    private Plan plan(StoreSession c) {
        long total = c.count();
        long[] counts = new long[4];
        Map<ByteBuffer, List<Candidate>> byKey = new HashMap<>();
        long rows = RowCursor.over(c, true).forEach(row -> {
            Object key = decoder.key(row);
            Object value = decoder.value(row);
            byte[] newKey = cells.key(key, row.key());
            boolean keySame = TargetCells.sameBytes(newKey, row.key());
            counts[0] += keySame ? 0 : 1;
            counts[1] += keySame || Values.same(key, Cells.decode(newKey, decoder.maxDepth())) ? 0 : 1;
            TargetCells.ValueCell cell = cells.value(value, row.value());
            counts[2] += TargetCells.sameBytes(cell.cell(), row.value()) ? 0 : 1;
            counts[3] += cell.keptPickle() ? 1 : 0;
            // Rows with the same new key cell always hold the same key, so no two rows land on one key cell.
            byKey.computeIfAbsent(Twins.identity(key, row.key()), k -> new ArrayList<>(1))
                    .add(new Candidate(row.rowId(), keySame));
        }, done -> progress.update("planning", done, total));
        List<MigrationReport.TwinResolution> twins = new ArrayList<>();
        Set<Long> dropped = new HashSet<>();
        for (List<Candidate> group : byKey.values()) {
            if (group.size() > 1) {
                MigrationReport.TwinResolution twin = resolve(c, group);
                twins.add(twin);
                dropped.addAll(twin.droppedRowIds());
            }
        }
        twins.sort((a, b) -> Long.compare(a.keptRowId(), b.keptRowId()));
        return new Plan(rows, counts[0], counts[1], counts[2], counts[3], twins, dropped);
    }

    /** The twin that {@link Twins#migrationWinner} names is kept. */
    private MigrationReport.TwinResolution resolve(StoreSession c, List<Candidate> group) {
        Candidate winner = group.get(0);
        for (Candidate candidate : group) {
            if (Twins.migrationWinner(candidate.alreadyTarget(), candidate.rowId(), winner.alreadyTarget(),
                    winner.rowId())) {
                winner = candidate;
            }
        }
        Row kept = c.row(winner.rowId());
        Object keptValue = decoder.value(kept);
        List<Long> droppedIds = new ArrayList<>();
        boolean sameValues = true;
        for (Candidate candidate : group) {
            if (candidate != winner) {
                droppedIds.add(candidate.rowId());
                sameValues &= Values.same(keptValue, decoder.value(c.row(candidate.rowId())));
            }
        }
        droppedIds.sort(null);
        return new MigrationReport.TwinResolution(Values.shortRepr(decoder.key(kept)), winner.rowId(), droppedIds,
                sameValues);
    }

    private void copy(StoreSession c, Plan plan) {
        boolean expiring = c.mayHaveExpiries();
        aside(c).forEach(row -> {
            if (plan.dropped().contains(row.rowId())) {
                return;
            }
            byte[] key = cells.key(decoder.key(row), row.key());
            c.insertRow(row.rowId(), key, RowCodec.encodingTag(key), cells.value(decoder.value(row), row.value()).cell());
            Long expiresAt = expiring ? c.expiresAt(row.key()) : null;
            if (expiresAt != null) {
                // A rewritten key cell takes its entry's expiry time along.
                c.setExpiry(key, expiresAt);
            }
        }, done -> progress.update("rewriting", done, plan.rows()));
    }

    private long verify(StoreSession c, Plan plan) {
        long[] verified = new long[1];
        aside(c).forEach(row -> {
            if (plan.dropped().contains(row.rowId())) {
                return;
            }
            Row now = c.row(row.rowId());
            Object before = decoder.value(row);
            if (now == null || !Values.same(before, decoder.value(now))) {
                throw new VaultException(decoder.where(row) + ": after the rewrite the value is "
                        + (now == null ? "missing" : Values.shortRepr(decoder.value(now))) + ", not "
                        + Values.shortRepr(before) + "; the migration was rolled back");
            }
            decoder.key(now);
            verified[0]++;
        }, done -> progress.update("verifying", done, plan.rows()));
        long expected = plan.rows() - plan.dropped().size();
        if (c.count() != expected) {
            throw new VaultException("vault " + file + ": after the rewrite the table has " + c.count()
                    + " rows, not " + expected + "; the migration was rolled back");
        }
        return verified[0];
    }

    /** The rows as they were before the rewrite (set aside by {@link StoreSession#setTableAside}). */
    private static RowCursor aside(StoreSession c) {
        return new RowCursor(c::pageAside);
    }

    /** {@code NAME.db.pre-migrate-YYYYMMDD-HHMMSS.bak} beside the vault: not a {@code .db}, so never listed as a vault. */
    static Path backupPath(Path file) {
        String base = file.getFileName() + ".pre-migrate-" + LocalDateTime.now().format(STAMP);
        Path candidate = file.resolveSibling(base + ".bak");
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = file.resolveSibling(base + "-" + n + ".bak");
        }
        return candidate;
    }
}
