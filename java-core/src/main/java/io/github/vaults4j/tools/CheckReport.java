package io.github.vaults4j.tools;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link VaultTools#check} found in one vault file.
 *
 * @param file               the file checked, or null for a vault of a PostgreSQL root
 * @param fileProblem        why the file could not be checked at all (not SQLite, no vault table, missing), or
 *                           {@code null}
 * @param integrityProblems  the lines {@code PRAGMA integrity_check} printed other than {@code ok}, and a note
 *                           when reading rows stopped early because the file itself is damaged
 * @param rowsChecked        rows whose cells were decoded
 * @param badRows            each cell that does not decode, or whose pickle would run a command, in rowid order
 * @param objectRows         each sound value whose pickle builds something beyond the plain types (an instance of
 *                           a class, an enum member, ...), with the globals it names: not a problem, but what a
 *                           Python reader imports and calls to read it, in rowid order
 * @param location           the file, or the vault's address without password ({@code postgresql://...#NAME})
 */
public record CheckReport(Path file, String fileProblem, List<String> integrityProblems, long rowsChecked,
                          List<BadRow> badRows, List<ObjectRow> objectRows, String location) {

    /** The report on a vault file; its location is the file. */
    public CheckReport(Path file, String fileProblem, List<String> integrityProblems, long rowsChecked,
                       List<BadRow> badRows, List<ObjectRow> objectRows) {
        this(file, fileProblem, integrityProblems, rowsChecked, badRows, objectRows, file.toString());
    }

    /** Whether the file is a sound vault: SQLite is intact and every cell decodes. */
    public boolean ok() {
        return fileProblem == null && integrityProblems.isEmpty() && badRows.isEmpty();
    }

    /**
     * One cell that does not decode.
     *
     * @param rowId    the SQLite rowid of the row
     * @param cell     {@code key} or {@code value}
     * @param encoding the encoding the cell's first bytes announce ({@code M}, {@code P4}, {@code unknown}, ...)
     * @param key      the row's key as Python prints it, or the key cell's leading bytes in hex when the key is
     *                 the bad cell
     * @param reason   why it does not decode
     */
    public record BadRow(long rowId, String cell, String encoding, String key, String reason) {
    }

    /**
     * A value that builds objects beyond the plain types when Python unpickles it.
     *
     * @param rowId   the SQLite rowid of the row
     * @param key     the row's key as Python prints it
     * @param globals the globals its pickle names, as {@code module.name}, each once
     */
    public record ObjectRow(long rowId, String key, List<String> globals) {
    }
}
