package io.github.vaults4j.tools;

import io.github.vaults4j.VaultException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code migrate} refused a vault whose {@code dict} table holds more than a rebuild would carry over (another
 * column, a trigger, an index of its own, a view or trigger that reads the table). The file was not changed.
 */
public final class UnreproducibleTableException extends VaultException {
    private static final long serialVersionUID = 1L;

    /** The vault file. */
    private final transient Path file;
    /** What was found, one entry per object, such as {@code column 'note'} or {@code trigger 'audit'}. */
    private final List<String> found;

    UnreproducibleTableException(Path file, List<String> found) {
        super("vault " + file + ": migrate refuses to rebuild its dict table, which has " + String.join(", ", found)
                + " that the rebuilt table would lose; the file was not changed");
        this.file = file;
        this.found = List.copyOf(found);
    }

    public Path file() {
        return file;
    }

    public List<String> found() {
        return found;
    }
}
