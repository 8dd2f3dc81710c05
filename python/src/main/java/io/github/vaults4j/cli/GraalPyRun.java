package io.github.vaults4j.cli;

import io.github.vaults4j.python.VaultsPython;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

/**
 * The only place where {@code vaults python} touches GraalPy: kept out of {@link PythonCommand} so that the
 * commands that do not run Python load no GraalPy class (the launcher gives them a class path without the
 * GraalPy jars).
 */
final class GraalPyRun {
    /** Exit code of a program stopped by an interrupt, as a shell reports SIGINT. */
    static final int INTERRUPTED = 130;

    private GraalPyRun() {
    }

    /** Evaluates {@code runner} (Python source that evaluates to an exit code) in a new context. */
    static int exitCode(String runner) {
        try (Context context = VaultsPython.contextBuilder().build()) {
            return context.eval("python", runner).asInt();
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            if (e.isInterrupted() || e.isCancelled()) {
                return INTERRUPTED;
            }
            System.err.println(e.getMessage());
            return 1;
        } finally {
            System.out.flush();
        }
    }
}
