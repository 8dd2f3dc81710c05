package io.github.vaults4j.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.vaults4j.Format;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.CellEncoding;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import io.github.vaults4j.rows.KeyWrite;
import io.github.vaults4j.rows.ProfileDetector;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.StoreSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a document {@link Exporter} wrote into a vault, in one write transaction: either every entry is written
 * or, on the first bad entry, none. The document is parsed as it is read, one entry at a time.
 *
 * <p>Readable entries are stored like {@code Vault.put} ({@link KeyWrite}): in the vault's own write format, updating any row the
 * key already has under another encoding. Lossless entries are stored as their exact cells, replacing the row
 * with that exact key cell; each cell must decode, so a damaged document cannot plant unreadable rows.
 */
final class Importer {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Base64.Decoder B64 = Base64.getDecoder();

    private Importer() {
    }

    static ImportResult importInto(VaultAddress address, InputStream in, Progress progress) {
        long start = System.nanoTime();
        boolean created = !OpenVault.exists(address);
        VaultOptions options = VaultOptions.defaults();
        OpenVault vault = OpenVault.open(address, options);
        try (vault; JsonParser json = JSON.createParser(in)) {
            Store store = vault.store();
            json.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            String where = "import into vault " + store.location();
            ExportFormat format = header(json, where);
            long rows = store.writeTransaction(session -> {
                WriteProfile profile = ProfileDetector.detect(session, store.generation(), options);
                RowCodec codec = new RowCodec(store.location(), options, profile);
                try {
                    long n = entries(session, codec, json, format, where, progress);
                    if (json.nextToken() != null) {
                        throw new VaultException(where + ": unexpected content after the document at "
                                + json.currentLocation());
                    }
                    return n;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ImportResult result = new ImportResult(vault.file() == null ? null : Path.of(store.location()), format, rows,
                    created, vault.location());
            LOG.info("import into {}{}: {} rows in the {} format, {} ms", result.location(),
                    created ? " (created)" : "", rows, format, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return result;
        } catch (IOException | UncheckedIOException e) {
            removeIfCreated(address, created);
            throw new VaultException("import into vault " + address + " failed, nothing was written: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            removeIfCreated(address, created);
            throw e;
        }
    }

    /** A vault the failed import created holds nothing (the transaction rolled back): it does not stay behind. */
    private static void removeIfCreated(VaultAddress address, boolean created) {
        if (created) {
            OpenVault.removeCreated(address);
        }
    }

    private static ExportFormat header(JsonParser json, String where) throws IOException {
        expect(json, JsonToken.START_OBJECT, where, "a JSON object");
        if (json.nextToken() != JsonToken.FIELD_NAME || !"format".equals(json.currentName())) {
            throw new VaultException(where + ": the document must start with its \"format\" member");
        }
        json.nextToken();
        ExportFormat format = ExportFormat.ofTag(json.getValueAsString());
        if (format == null) {
            throw new VaultException(where + ": unknown format " + json.getText() + " (expected "
                    + ExportFormat.LOSSLESS.tag() + " or " + ExportFormat.READABLE.tag() + ")");
        }
        return format;
    }

    private static long entries(StoreSession session, RowCodec codec, JsonParser json, ExportFormat format, String where, Progress progress)
            throws IOException {
        long rows = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String member = json.currentName();
            expect(json, JsonToken.START_OBJECT, where, "an object as \"" + member + "\"");
            boolean cells = format == ExportFormat.LOSSLESS ? "data".equals(member) : "cells".equals(member);
            if (!cells && !(format == ExportFormat.READABLE && "data".equals(member))) {
                throw new VaultException(where + ": unexpected member \"" + member + "\" in a " + format.tag() + " document");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                rows++;
                if (cells) {
                    putCells(session, codec, name, json, where, rows);
                } else {
                    KeyWrite.of(codec, name, JsonValues.read(json)).apply(session, true);
                }
                if (rows % RowCursor.PAGE_SIZE == 0) {
                    progress.update("importing", rows, -1);
                }
            }
        }
        progress.update("importing", rows, rows);
        if (json.currentToken() != JsonToken.END_OBJECT) {
            throw new VaultException(where + ": malformed document at " + json.currentLocation());
        }
        return rows;
    }

    private static void putCells(StoreSession session, RowCodec codec, String keyB64, JsonParser json, String where, long entry)
            throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            throw new VaultException(where + ", entry " + entry + ": the value must be a base64 string");
        }
        byte[] key = cell(keyB64, where + ", entry " + entry + " key cell");
        String at = where + ", entry " + entry + " (" + RowCodec.cellLabel(key) + ")";
        byte[] value = cell(json.getText(), at + " value cell");
        requireDecodes(key, at + ": the key cell", codec);
        requireDecodes(value, at + ": the value cell", codec);
        requireReadableByGeneration1(codec, key, at + ": the key cell");
        requireReadableByGeneration1(codec, value, at + ": the value cell");
        session.upsert(key, RowCodec.encodingTag(key), value);
    }

    /**
     * vaults 1.x reads raw pickles only: a generation 2 cell ({@code M} or {@code P} marker) imported into its
     * file would be a row it cannot read. Refused rather than converted, so a lossless import stays byte-exact.
     */
    private static void requireReadableByGeneration1(RowCodec codec, byte[] cell, String where) {
        if (codec.profile().format() == Format.LEGACY && !RowCodec.isEncoding(cell, CellEncoding.Kind.LEGACY)) {
            throw new VaultException(where + " is a generation 2 cell (" + Cells.encodingOf(cell) + "), which vaults"
                    + " 1.x cannot read, and the vault is a generation 1 file; migrate the vault first (vaults migrate)"
                    + " or import into a generation 2 vault");
        }
    }

    private static byte[] cell(String base64, String where) {
        try {
            return B64.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new VaultException(where + " is not base64: " + e.getMessage(), e);
        }
    }

    private static void requireDecodes(byte[] cell, String where, RowCodec codec) {
        try {
            Cells.decode(cell, codec.maxDepth());
        } catch (RuntimeException e) {
            throw new VaultException(where + " (" + Cells.encodingOf(cell) + ") does not decode: " + e.getMessage());
        }
    }

    private static void expect(JsonParser json, JsonToken token, String where, String what) throws IOException {
        if (json.nextToken() != token) {
            throw new VaultException(where + ": expected " + what + " at " + json.currentLocation());
        }
    }
}
