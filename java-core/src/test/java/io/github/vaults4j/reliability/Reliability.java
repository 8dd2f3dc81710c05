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

    /** The index of a writer key {@code PREFIX-i}. */
    static long writerIndex(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('-') + 1));
    }

    /**
     * SQLite's {@code PRAGMA integrity_check} on a fresh connection: "ok" or the problems found. Opening the
     * file this way also rolls back a hot journal left by a killed writer, as any SQLite reader would.
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
