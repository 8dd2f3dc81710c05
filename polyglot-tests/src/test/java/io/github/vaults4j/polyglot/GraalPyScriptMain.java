package io.github.vaults4j.polyglot;

import io.github.vaults4j.Vault;
import io.github.vaults4j.python.VaultsPython;
import java.io.File;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;

/**
 * A GraalPy process for tests: {@code GraalPyScriptMain SCRIPT ARGS...} runs the Python script with
 * {@code sys.argv = [SCRIPT, ARGS...]} in a context made as {@code bin/vaults python} makes one
 * ({@link VaultsPython#contextBuilder()}), with two test-only additions: the process's environment (for the
 * {@code VAULTS_PEER_START_GATE} convention of the peers), and the three methods of the Java {@link Vault} behind a
 * Python {@code vaults.Vault} that an atomic read-modify-write needs ({@link Vault#transaction}, {@link Vault#get},
 * {@link Vault#put}), for which the Python API has no counterpart. An uncaught Python exception ends the JVM with
 * status 1 and its traceback on standard error.
 */
public final class GraalPyScriptMain {
    private GraalPyScriptMain() {
    }

    public static void main(String[] args) throws Exception {
        HostAccess access = HostAccess.newBuilder(HostAccess.EXPLICIT)
                .allowBufferAccess(true) // as VaultsPython's own: bytes cross as buffers
                .allowAccess(Vault.class.getMethod("transaction", Consumer.class))
                .allowAccess(Vault.class.getMethod("get", Object.class))
                .allowAccess(Vault.class.getMethod("put", Object.class, Object.class))
                .allowImplementations(Consumer.class) // a Python function as the transaction's work
                .build();
        try (Context context = VaultsPython.contextBuilder()
                .allowHostAccess(access)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
                .arguments("python", args)
                .build()) {
            context.eval(Source.newBuilder("python", new File(args[0])).build());
        }
    }
}
