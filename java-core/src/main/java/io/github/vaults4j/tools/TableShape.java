package io.github.vaults4j.tools;

import io.github.vaults4j.storage.Generation;
import io.github.vaults4j.storage.TableFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code dict} table holds besides what the Python module created: {@code migrate} rebuilds the table
 * with the module's own statement, so anything else (a column, a trigger, an index, a view or trigger that
 * reads the table) would be lost, and the migration is refused instead.
 */
final class TableShape {
    /** The module's statements, as given and as SQLite stores them (without IF NOT EXISTS). */
    private static final List<String> CREATE_STATEMENTS = List.of(Generation.GEN1.createStatement(),
            Generation.GEN2.createStatement(), Generation.GEN2.createStatement().replace("IF NOT EXISTS ", ""));

    private TableShape() {
    }

    /**
     * @throws UnreproducibleTableException naming the file and every object a rebuild would lose
     */
    static void requireReproducible(TableFacts table, Path file) {
        List<String> found = new ArrayList<>();
        for (String column : table.extraColumns()) {
            found.add("column '" + column + "'");
        }
        for (TableFacts.SchemaObject object : table.dependents()) {
            found.add(object.type() + " '" + object.name() + "'");
        }
        if (found.isEmpty() && !CREATE_STATEMENTS.contains(table.createSql())) {
            found.add("a definition of its own (" + table.createSql().replaceAll("\\s+", " ") + ")");
        }
        if (!found.isEmpty()) {
            throw new UnreproducibleTableException(file, found);
        }
    }
}
