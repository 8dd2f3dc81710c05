package io.github.vaults4j.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the reliability tests share: the stress switch, the value every writer stores, SQLite's own check. */
final class Reliability {
    private Reliability() {
    }

    /** Long variants run only with {@code -Dvaults4j.stress=true}; they are longer, never unbounded. */
    static boolean stress() {
        return Boolean.getBoolean("vaults4j.stress");
    }

    /** The default size of a bounded loop, or its stress size. */
    static int scaled(int normal, int underStress) {
        return stress() ? underStress : normal;
    }

    /**
     * The value a writer stores under {@code PREFIX-i}: the same map that compat-fixtures/peer.py {@code writer}
     * stores, so one check covers acknowledgements from CPython and from the JVM.
     */
    static Map<String, Object> writerValue(String prefix, long index) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("i", index);
        value.put("by", prefix);
        return value;
    }

    /** The first bytes of a rollback journal's valid header (SQLite's file format, "the rollback journal"). */
    private static final byte[] JOURNAL_MAGIC = java.util.HexFormat.of().parseHex("d9d505f920a163d7");

    /**
     * Whether a killed writer left a hot journal: a rollback journal beside the file whose header is valid, so
     * SQLite must play it back before anyone reads. (A journal that was only begun has a zeroed header and is
     * not hot: SQLite ignores it.)
     */
    static boolean hotJournal(Path file) throws java.io.IOException {
        Path journal = Path.of(file + "-journal");
        if (!java.nio.file.Files.exists(journal)) {
            return false;
        }
        try (var in = java.nio.file.Files.newInputStream(journal)) {
            return java.util.Arrays.equals(JOURNAL_MAGIC, in.readNBytes(JOURNAL_MAGIC.length));
        }
    }

    /** The index of a writer key {@code PREFIX-i}. */
    static long writerIndex(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('-') + 1));
    }

    /**
     * SQLite's {@code PRAGMA integrity_check} on a fresh plain connection: "ok" or the problems found. A plain
     * connection rolls back a hot journal itself, so call this only after the vault under test has opened and read
     * the file: else the vault's own recovery is never exercised.
     */
    static List<String> integrityCheck(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (r.next()) {
                lines.add(r.getString(1));
            }
            return lines;
        }
    }
}
