package io.github.vaults4j.tools;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.rows.RowCodec;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.rows.Twins;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.Store;
import io.github.vaults4j.storage.StoreSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes a vault as a JSON document, streaming: rows are read a page at a time inside one read transaction
 * (so the document is one consistent state of the file) and written as they come. A run that fails part-way
 * leaves what it wrote without its closing brackets, so the output is never mistaken for a complete export.
 */
final class Exporter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Exporter() {
    }

    static ExportResult export(VaultAddress address, OutputStream out, ExportFormat format, boolean keepUnrepresentable,
                               Progress progress) {
        try (OpenVault vault = OpenVault.readOnly(address);
             JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            Store store = vault.store();
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // A failed export must not end as a complete document: closing the generator writes only what is
            // buffered, never the brackets a finished run writes itself.
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            json.useDefaultPrettyPrinter();
            RowCodec decoder = new RowCodec(store.location(), Stores.READ_ONLY, null);
            ExportResult result = store.readTransaction(c -> {
                json(() -> {
                    json.writeStartObject();
                    json.writeStringField("format", format.tag());
                    json.writeFieldName("data");
                    json.writeStartObject();
                });
                long total = c.count();
                long kept = 0;
                long rows;
                if (format == ExportFormat.LOSSLESS) {
                    rows = RowCursor.over(c, true).forEach(row -> json(() ->
                            json.writeStringField(B64.encodeToString(row.key()), base64(decoder, row))),
                            done -> progress.update("exporting", done, total));
                    json(json::writeEndObject);
                } else {
                    rows = readable(c, json, decoder, keepUnrepresentable, progress, total);
                    json(json::writeEndObject);
                    if (keepUnrepresentable) {
                        kept = cellsOfUnrepresentable(c, json, decoder);
                    }
                }
                json(json::writeEndObject);
                return new ExportResult(vault.file() == null ? null : Path.of(store.location()), format, rows, kept,
                        vault.location());
            });
            json.flush();
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new VaultException("export of vault " + address + " failed while writing: " + e.getMessage(), e);
        }
    }

    private static String base64(RowCodec decoder, Row row) {
        if (row.value() == null) {
            throw new VaultException(decoder.where(row) + ": the value cell is NULL; a lossless export cannot hold it");
        }
        return B64.encodeToString(row.value());
    }

    /** Writes the rows plain JSON holds; refuses the first that it cannot hold unless asked to keep those. */
    private static long readable(StoreSession c, JsonGenerator json, RowCodec decoder, boolean keep,
                                 Progress progress, long total) {
        // Two rows that hold the same key (twins) cannot both be members of one JSON object.
        Twins.Seen written = new Twins.Seen();
        long[] rows = new long[1];
        RowCursor.over(c, true).forEach(row -> {
            Object key = decoder.key(row);
            Object value = decoder.value(row);
            String problem = readableProblem(key, row.key(), value, written);
            if (problem != null) {
                if (keep) {
                    return;
                }
                throw new UnrepresentableValueException(decoder.where(row) + ": " + problem
                        + "; export it lossless, or keep such rows as exact cells (keep unrepresentable)", row.rowId());
            }
            written.first(key, row.key());
            json(() -> {
                json.writeFieldName((String) key);
                JsonValues.write(json, value);
            });
            rows[0]++;
        }, done -> progress.update("exporting", done, total));
        return rows[0];
    }

    private static long cellsOfUnrepresentable(StoreSession c, JsonGenerator json, RowCodec decoder) {
        Twins.Seen written = new Twins.Seen();
        long[] kept = new long[1];
        json(() -> {
            json.writeFieldName("cells");
            json.writeStartObject();
        });
        RowCursor.over(c, true).forEach(row -> {
            Object key = decoder.key(row);
            if (readableProblem(key, row.key(), decoder.value(row), written) != null) {
                json(() -> json.writeStringField(B64.encodeToString(row.key()), base64(decoder, row)));
                kept[0]++;
            } else {
                written.first(key, row.key());
            }
        }, done -> { });
        json(json::writeEndObject);
        return kept[0];
    }

    private static String readableProblem(Object key, byte[] keyCell, Object value, Twins.Seen written) {
        if (!(key instanceof String)) {
            return "the key " + Values.shortRepr(key) + " is not a str, and readable JSON keys are strings";
        }
        if (written.contains(key, keyCell)) {
            return "the key is stored twice (a twin under another encoding)";
        }
        String why = JsonValues.problem(value);
        if (why != null) {
            return "plain JSON cannot hold the value: " + why;
        }
        return null;
    }

    @FunctionalInterface
    private interface JsonWrite {
        void run() throws IOException;
    }

    private static void json(JsonWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
