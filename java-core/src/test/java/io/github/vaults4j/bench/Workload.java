package io.github.vaults4j.bench;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.codec.Cells;
import io.github.vaults4j.codec.WriteProfile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The data every benchmark target works on: keys, values and their cells as vaults 2.x with msgpack writes
 * them, so that the raw-SQL floor and the core read and write the same bytes in the same table.
 */
public final class Workload {
    /** The two value shapes measured. */
    public enum ValueKind {
        /** A record as Fuse stores them: a dict of six fields (names, a path, a URL, a timestamp, a flag, a list). */
        FUSE(10_000),
        /** An opaque 100 KB blob (Python bytes); fewer rows, so that a batch writes 100 MB rather than 1 GB. */
        LARGE(1_000);

        final int rows;

        ValueKind(int rows) {
            this.rows = rows;
        }

        /** The number of rows in the table and in one batch write. */
        public int rows() {
            return rows;
        }
    }

    private static final int LARGE_BYTES = 100 * 1024;

    public final ValueKind kind;
    public final Object[] keys;
    public final Object[] values;
    public final byte[][] keyCells;
    public final byte[][] valueCells;
    /** Keys that are never stored, for lookups that miss. */
    public final Object[] absentKeys;
    public final byte[][] absentKeyCells;

    public Workload(ValueKind kind) {
        this.kind = kind;
        int rows = kind.rows;
        keys = new Object[rows];
        values = new Object[rows];
        keyCells = new byte[rows][];
        valueCells = new byte[rows][];
        absentKeys = new Object[rows];
        absentKeyCells = new byte[rows][];
        Random random = new Random(42);
        for (int i = 0; i < rows; i++) {
            keys[i] = key(i);
            values[i] = kind == ValueKind.FUSE ? fuseRecord(i) : blob(random);
            keyCells[i] = Cells.encode(keys[i], WriteProfile.DEFAULT);
            valueCells[i] = Cells.encode(values[i], WriteProfile.DEFAULT);
            absentKeys[i] = "absent/" + i;
            absentKeyCells[i] = Cells.encode(absentKeys[i], WriteProfile.DEFAULT);
        }
    }

    /** The i-th key; the CPython script builds the same. */
    public static String key(int i) {
        return "runnable/" + i;
    }

    /** A Fuse-sized record; the CPython script builds the same dict, field for field. */
    public static Map<String, Object> fuseRecord(int i) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", "runnable-" + i);
        record.put("display_name", "Runnable number " + i);
        record.put("path", "/home/fuse/.fuse/runnables/runnable-" + i + "/main.py");
        record.put("url", "https://git.example.org/fuse/runnables/runnable-" + i + ".git");
        record.put("updated", 1.7e9 + i * 0.25);
        record.put("enabled", i % 2 == 0);
        record.put("tags", List.of("python", "cli", "tag-" + (i % 17)));
        return record;
    }

    private static byte[] blob(Random random) {
        byte[] blob = new byte[LARGE_BYTES];
        random.nextBytes(blob);
        return blob;
    }

    /** Creates the vault file with every row of the workload, as the core writes it. */
    public void populate(Path file) {
        Map<Object, Object> items = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            items.put(keys[i], values[i]);
        }
        try (Vault vault = Vault.open(file, VaultOptions.defaults())) {
            vault.clear();
            vault.putMany(items);
        }
    }

    public int rows() {
        return keys.length;
    }
}
