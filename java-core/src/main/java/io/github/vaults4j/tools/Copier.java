package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.rows.ExpiringPages;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Expiry;
import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.postgres.PostgresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one vault's rows, cell for cell, between a file and a PostgreSQL root (either way, or between two of one
 * kind). The source is read from one snapshot (a read transaction); the target is written in one write
 * transaction: a file target is a new file written beside the target and moved into place when complete, a server
 * target's rows are replaced in one transaction. So a failed copy leaves the target as it was.
 *
 * <p>Rows keep their order (the copy's cursors ascend as the source's do). The same write transaction carries
 * each copied row's expiry time (a time to live ends when it would have in the source; a row expired when read is
 * not copied) and every attribute of the vault (among them an encrypted vault's wrapped data key); a replaced
 * vault keeps none of its own.
 */
final class Copier {
    static final String PHASE = "copying";

    private Copier() {
    }

    static CopyResult copy(VaultAddress source, VaultAddress target, boolean replace, Progress progress) {
        if (source.equals(target)) {
            throw new VaultException("cannot copy " + source + " onto itself");
        }
        try (Endpoint from = Endpoint.of(source); Endpoint to = Endpoint.of(target)) {
            try (Store in = from.openSource()) {
                if (in.generation() != Generation.GEN2) {
                    throw new VaultException("cannot copy " + source + ": it has the vaults 1.x table layout;"
                            + " migrate it first (bin/vaults migrate)");
                }
                boolean existed = to.exists();
                if (existed && !replace) {
                    throw new VaultException("cannot copy " + source + " to " + target
                            + ": the target vault exists (pass --replace to overwrite it)");
                }
                long rows = target.onServer() ? copyToServer(in, to, existed, progress) : copyToFile(in, target, replace, progress);
                return new CopyResult(source, target, rows, existed);
            }
        }
    }

    private static long copyToFile(Store in, VaultAddress target, boolean replace, Progress progress) {
        Path destination = target.file();
        try (PartialFile partial = replace ? PartialFile.besideReplacing(destination) : PartialFile.beside(destination)) {
            long rows;
            try (Store out = Stores.open(partial.path(), VaultOptions.defaults())) {
                rows = copyRows(in, out, false, progress);
            }
            if (replace) {
                partial.publishReplacing();
            } else {
                partial.publish();
            }
            return rows;
        } catch (IOException e) {
            throw new VaultException("cannot copy " + in.location() + " to " + destination + ": "
                    + PartialFile.describe(e, destination), e);
        }
    }

    private static long copyToServer(Store in, Endpoint to, boolean existed, Progress progress) {
        Store out = to.server.open(to.address.vault(), true);
        try (out) {
            return copyRows(in, out, existed, progress);
        } catch (RuntimeException e) {
            if (!existed) {
                // The vault's row was made to copy into; a failed copy leaves no vault behind.
                to.server.delete(to.address.vault());
            }
            throw e;
        }
    }

    /**
     * Every live row of {@code in}, in order, into {@code out} in one write transaction, after deleting what it held,
     * with the rows' expiry times and the vault's attributes.
     */
    private static long copyRows(Store in, Store out, boolean clearFirst, Progress progress) {
        return in.readTransaction(reader -> out.writeTransaction(writer -> {
            if (clearFirst) {
                writer.deleteAll();
                writer.deleteAttributes();
            }
            List<Expiry> expiries = new ArrayList<>();
            long total = reader.count();
            progress.update(PHASE, 0, total);
            ExpiringPages pages = new ExpiringPages(reader, true);
            long done = new RowCursor(pages).forEach(row -> {
                writer.insert(row.key(), RowCodec.encodingTag(row.key()), row.value());
                Long expiresAt = pages.expiresAt(row);
                if (expiresAt != null) {
                    expiries.add(new Expiry(row.key(), expiresAt));
                }
            }, copied -> progress.update(PHASE, copied, total));
            // Set after every insert: a target that holds expiry times checks each insert against them, one
            // statement a row on a server, where a target without any yet batches its inserts.
            writer.setExpiries(expiries);
            reader.attributes().forEach(writer::putAttribute);
            return done;
        }));
    }

    /** One side of a copy: a file, or a vault of a root whose pool this copy opens and closes. */
    private static final class Endpoint implements AutoCloseable {
        final VaultAddress address;
        final PostgresRoot server;

        private Endpoint(VaultAddress address, PostgresRoot server) {
            this.address = address;
            this.server = server;
        }

        static Endpoint of(VaultAddress address) {
            return new Endpoint(address, address.onServer() ? PostgresRoot.open(address.server()) : null);
        }

        Store openSource() {
            if (server != null) {
                return server.open(address.vault(), false);
            }
            if (!Files.isRegularFile(address.file())) {
                throw new VaultNotFoundException("no vault file at " + address.file());
            }
            return Stores.readOnly(address.file());
        }

        boolean exists() {
            return server != null ? server.names().contains(address.vault()) : Files.exists(address.file());
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
