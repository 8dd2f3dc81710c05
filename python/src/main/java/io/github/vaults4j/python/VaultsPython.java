package io.github.vaults4j.python;

import java.util.Objects;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.python.embedding.GraalPyResources;
import org.graalvm.python.embedding.VirtualFileSystem;

/**
 * GraalPy contexts in which {@code import vaults} works and is backed by the vaults4j Java core.
 *
 * <p>All contexts made here share one {@link Engine}: the first Python context of a JVM costs seconds
 * (the Python core is parsed and initialised), later ones on the same engine reuse that work and cost a
 * fraction of it. Build contexts from {@link #contextBuilder()} and close each one when done; the engine
 * lives as long as the JVM.
 *
 * <p>The package's Python files ship inside this jar as Java resources under {@link #RESOURCE_DIRECTORY},
 * following GraalPy's embedding conventions, and are read through GraalPy's virtual file system. The
 * context still reads and writes the host file system (the vault files live there), may start threads,
 * and can reach exactly one host class, {@link VaultsBridge}, through its exported methods.
 *
 * <p>Example, runnable as it stands with this module's jars on the class path:
 * <pre>{@code
 * try (Context context = VaultsPython.newContext()) {
 *     context.eval("python", """
 *         import vaults
 *         vaults.set_root_path('/tmp/demo')
 *         with vaults.Vault('commons') as v:
 *             v['greeting'] = {'text': 'hello', 'count': 1}
 *             print(v.get('greeting'))
 *         """);
 *     // Values come back to Java as polyglot values; read them as usual:
 *     long n = context.eval("python", "len(vaults.Vault('commons'))").asLong();
 * }
 * }</pre>
 *
 * <p>To add options of your own, start from {@link #contextBuilder()}:
 * {@code VaultsPython.contextBuilder().arguments("python", args).build()}.
 */
public final class VaultsPython {
    /** The Java resource folder holding the package's Python files ({@code src/vaults/...}). */
    public static final String RESOURCE_DIRECTORY = "GRAALPY-VFS/io.github.vaults4j/vaults4j-python";

    /** The variable Python's zoneinfo reads its search path from. */
    private static final String TZPATH_VARIABLE = "PYTHONTZPATH";
    /** Where Linux and BSD systems keep the IANA time-zone database, as CPython's build searches it. */
    static final String SYSTEM_TZPATH = String.join(java.io.File.pathSeparator,
            "/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo");

    private static volatile Engine engine;
    private static volatile VirtualFileSystem fileSystem;
    private static volatile Object meterRegistry;

    private VaultsPython() {
    }

    /**
     * Registers the meters of every vault that Python code opens from now on, in any context, in this Micrometer
     * {@code MeterRegistry} (typed {@code Object} as {@link io.github.vaults4j.VaultOptions#meterRegistry()}
     * explains), with the names and tags a Java vault has; {@code null} (the default) stops. Python's API is
     * unchanged: the embedding application owns the registry.
     *
     * @throws IllegalArgumentException when it is not a {@code MeterRegistry} or Micrometer is missing
     */
    public static void meterRegistry(Object registry) {
        meterRegistry = registry == null ? null
                : io.github.vaults4j.VaultOptions.builder().meterRegistry(registry).build().meterRegistry().orElseThrow();
    }

    /** The registry set with {@link #meterRegistry(Object)}, or {@code null}. */
    public static Object meterRegistry() {
        return meterRegistry;
    }

    /**
     * The engine every context made here runs on, created on first use. It keeps the parsed Python core
     * and its code caches, which is what makes a second context cheap.
     */
    public static Engine sharedEngine() {
        Engine e = engine;
        if (e == null) {
            synchronized (VaultsPython.class) {
                e = engine;
                if (e == null) {
                    e = Engine.newBuilder("python")
                            // At this GraalPy version a stock JDK has no Graal compiler to load, so the
                            // engine runs interpreted; the warning would only repeat that on every start.
                            .option("engine.WarnInterpreterOnly", "false")
                            .build();
                    engine = e;
                }
            }
        }
        return e;
    }

    private static VirtualFileSystem virtualFileSystem() {
        VirtualFileSystem vfs = fileSystem;
        if (vfs == null) {
            synchronized (VaultsPython.class) {
                vfs = fileSystem;
                if (vfs == null) {
                    vfs = VirtualFileSystem.newBuilder()
                            .resourceDirectory(RESOURCE_DIRECTORY)
                            .resourceLoadingClass(VaultsPython.class)
                            // Vault files and user scripts are on the real disk, outside the jar.
                            .allowHostIO(VirtualFileSystem.HostIO.READ_WRITE)
                            .build();
                    fileSystem = vfs;
                }
            }
        }
        return vfs;
    }

    /**
     * A context builder with the {@code vaults} package importable, on the {@link #sharedEngine()}. Host
     * access is limited to the methods {@link VaultsBridge} exports (plus reading byte buffers, which is
     * how {@code bytes} values cross); add {@code allowAllAccess(true)} for scripts that use Java freely.
     */
    public static Context.Builder contextBuilder() {
        return Context.newBuilder("python")
                .engine(sharedEngine())
                .apply(GraalPyResources.forVirtualFileSystem(virtualFileSystem()))
                .allowHostAccess(HostAccess.newBuilder(HostAccess.EXPLICIT).allowBufferAccess(true).build())
                .allowHostClassLookup(VaultsPython::isBridgeClass)
                .allowCreateThread(true)
                // GraalPy's zoneinfo has an empty search path of its own: give it the system's zone database,
                // so that ZoneInfo('Europe/Paris') works as on CPython (stored datetimes with named zones).
                .environment(TZPATH_VARIABLE, SYSTEM_TZPATH);
    }

    /** {@code contextBuilder().build()}: a new context; the caller closes it. */
    public static Context newContext() {
        return contextBuilder().build();
    }

    static boolean isBridgeClass(String className) {
        return Objects.equals(className, VaultsBridge.class.getName()) || Objects.equals(className, FernetBridge.class.getName());
    }
}
