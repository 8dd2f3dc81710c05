package io.github.vaults4j.storage;

import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;

/** SQLite result codes in words, for messages a person reads. */
final class SqliteErrors {
    private SqliteErrors() {
    }

    /** What a failed write of {@code target} means, from SQLite's result code. */
    static String describe(int resultCode, Path target) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(resultCode);
        return switch (code) {
            case SQLITE_FULL -> "disk full while writing " + target;
            case SQLITE_CANTOPEN -> "cannot create " + target;
            case SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH -> "permission denied writing " + target;
            case SQLITE_BUSY, SQLITE_LOCKED -> "the vault stayed locked by a writer for the whole wait";
            case SQLITE_NOMEM -> "out of memory";
            default -> code.name().startsWith("SQLITE_IOERR")
                    ? "input/output error while writing " + target + " (" + code.message + ")"
                    : code.message + " (SQLite code " + resultCode + ")";
        };
    }
}
