package io.github.vaults4j.tools;

import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.StoreConnection;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a {@code dict} table holds besides what the Python module created: {@code migrate} rebuilds the table
 * with the module's own statement, so anything else (a column, a trigger, an index, a view or trigger that
 * reads the table) would be lost, and the migration is refused instead.
 */
final class TableShape {
    private static final String TABLE = "dict";
    private static final List<String> COLUMNS = List.of("key", "value");
    /** SQLite drops IF NOT EXISTS when it stores a CREATE statement. */
    private static final List<String> CREATE_STATEMENTS = List.of(Generation.GEN1.createStatement(),
            Generation.GEN2.createStatement().replace("IF NOT EXISTS ", ""));
    private static final Pattern READS_TABLE = Pattern.compile("(?i)(?<![\\w\"`\\[])[\"`\\[]?" + TABLE + "[\"`\\]]?(?![\\w])");

    private TableShape() {
    }

    /**
     * @throws UnreproducibleTableException naming the file and every object a rebuild would lose
     */
    static void requireReproducible(StoreConnection c, Path file) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement columns = c.jdbc().prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            columns.setString(1, TABLE);
            try (ResultSet result = columns.executeQuery()) {
                while (result.next()) {
                    String column = result.getString(1);
                    if (!COLUMNS.contains(column.toLowerCase(Locale.ROOT))) {
                        found.add("column '" + column + "'");
                    }
                }
            }
        }
        try (PreparedStatement objects = c.jdbc().prepareStatement(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> ? ORDER BY type, name")) {
            objects.setString(1, TABLE);
            try (ResultSet result = objects.executeQuery()) {
                while (result.next()) {
                    String type = result.getString(1);
                    String name = result.getString(2);
                    String sql = result.getString(4);
                    boolean onTable = TABLE.equalsIgnoreCase(result.getString(3));
                    // The primary key's own index has no statement; every other object on or reading the table counts.
                    boolean ours = sql != null && (onTable || READS_TABLE.matcher(sql).find());
                    if (ours && !type.equals("table")) {
                        found.add(type + " '" + name + "'");
                    }
                }
            }
        }
        if (found.isEmpty()) {
            String sql = c.queryString("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + TABLE + "'");
            if (sql != null && !CREATE_STATEMENTS.contains(sql)) {
                found.add("a definition of its own (" + sql.replaceAll("\\s+", " ") + ")");
            }
        }
        if (!found.isEmpty()) {
            throw new UnreproducibleTableException(file, found);
        }
    }
}
