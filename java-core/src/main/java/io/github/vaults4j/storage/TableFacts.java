package io.github.vaults4j.storage;

import java.util.List;

/**
 * What the store found about its {@code dict} table when it opened: the facts a migration needs to decide
 * whether it would reproduce the table exactly.
 *
 * @param generation the table layout
 * @param createSql  the table's CREATE statement as stored
 * @param columns    the table's column names, in order
 * @param indexes    the CREATE statements of indexes on the table beyond its primary key
 * @param triggers   the CREATE statements of triggers on the table
 */
public record TableFacts(Generation generation, String createSql, List<String> columns, List<String> indexes,
                         List<String> triggers) {
    /** The columns every vault table has. */
    public static final List<String> VAULT_COLUMNS = List.of("key", "value");

    public TableFacts {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        triggers = List.copyOf(triggers);
    }

    /** Columns beyond {@code key} and {@code value}. */
    public List<String> extraColumns() {
        return columns.stream().filter(c -> !VAULT_COLUMNS.contains(c)).toList();
    }

    /** Whether the table has only what the Python module creates: no extra columns, indexes or triggers. */
    public boolean isPlain() {
        return extraColumns().isEmpty() && indexes.isEmpty() && triggers.isEmpty();
    }
}
