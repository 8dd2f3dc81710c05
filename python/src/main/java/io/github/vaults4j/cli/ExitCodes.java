package io.github.vaults4j.cli;

/**
 * The exit codes of the vault commands, for scripts:
 *
 * <ul>
 *   <li>{@value #OK}: done, nothing wrong found</li>
 *   <li>{@value #PROBLEMS}: the command ran and found problems ({@code check}: a bad row or a damaged file;
 *       {@code keys}, {@code dump}: a row that does not decode)</li>
 *   <li>{@value #USAGE}: bad command line (unknown option, missing argument, a key that does not parse)</li>
 *   <li>{@value #VAULT_ERROR}: the vault could not be used (missing, not a vault, busy, read-only, a bad row
 *       stopped a migration, an export or an import failed); nothing was written</li>
 *   <li>{@value #NOT_FOUND}: {@code get} or {@code del} of a key the vault does not have</li>
 * </ul>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE = 2;
    public static final int VAULT_ERROR = 3;
    public static final int NOT_FOUND = 4;

    /** The text shown at the end of every vault command's {@code --help}. */
    static final String HELP = "%nExit codes: 0 ok, 1 problems found, 2 usage error, 3 vault error, 4 key not found.";

    private ExitCodes() {
    }
}
