package io.github.vaults4j.storage;

/** The two table layouts the Python module has used. Both hold the same kind of rows. */
public enum Generation {
    /** vaults 1.x (SQLAlchemy): {@code "key" BINARY NOT NULL}, raw pickle cells. */
    GEN1("CREATE TABLE dict (\n\t\"key\" BINARY NOT NULL, \n\tvalue BLOB, \n\tPRIMARY KEY (\"key\")\n)"),
    /** vaults 2.x: {@code key BLOB PRIMARY KEY}, marker-prefixed cells. */
    GEN2("CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)");

    private final String createStatement;

    Generation(String createStatement) {
        this.createStatement = createStatement;
    }

    /** The statement the Python module of this generation creates the table with, to the byte. */
    public String createStatement() {
        return createStatement;
    }

    /** Tells the generation from the table's stored CREATE statement. */
    static Generation ofCreateStatement(String sql) {
        // SQLAlchemy spelled the key column BINARY; vaults 2.x spells it BLOB.
        return sql.contains("BINARY") ? GEN1 : GEN2;
    }
}
