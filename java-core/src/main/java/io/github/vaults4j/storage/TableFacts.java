package io.github.vaults4j.storage;

import java.util.List;

/**
 * What the store found about its {@code dict} table when it opened: the facts a migration needs to decide
 * whether it would reproduce the table exactly.
 *
 * @param generation the table layout
 * @param createSql  the table's CREATE statement as stored
 * @param columns    the table's column names, in order
 * @param dependents the other schema objects on the table or reading it (indexes beyond its primary key's,
 *                   triggers, views), which a rebuild of the table would lose
 */
public record TableFacts(Generation generation, String createSql, List<String> columns, List<SchemaObject> dependents) {
    /** The columns every vault table has. */
    public static final List<String> VAULT_COLUMNS = List.of("key", "value");

    public TableFacts {
        columns = List.copyOf(columns);
        dependents = List.copyOf(dependents);
    }

    /** Columns beyond {@code key} and {@code value}. */
    public List<String> extraColumns() {
        return columns.stream().filter(c -> !VAULT_COLUMNS.contains(c.toLowerCase(java.util.Locale.ROOT))).toList();
    }

    /** Whether the table has only what the Python module creates: no extra columns and nothing depending on it. */
    public boolean isPlain() {
        return extraColumns().isEmpty() && dependents.isEmpty();
    }

    /**
     * A schema object that depends on the table.
     *
     * @param type {@code index}, {@code trigger} or {@code view}
     * @param name its name
     * @param sql  its CREATE statement
     */
    public record SchemaObject(String type, String name, String sql) {
    }
}
