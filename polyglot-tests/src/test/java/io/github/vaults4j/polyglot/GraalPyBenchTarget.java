package io.github.vaults4j.polyglot;

import io.github.vaults4j.bench.BenchTarget;
import io.github.vaults4j.bench.StorageMode;
import io.github.vaults4j.bench.Workload;
import io.github.vaults4j.python.VaultsPython;
import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * The benchmark column of the GraalPy front end: each operation is a call of unchanged {@code vaults} code
 * (Python's {@code Vault} API) on GraalPy, on the same file and the same keys as the core and the floor.
 * Found by {@code io.github.vaults4j.bench.Targets} through its services line.
 */
public final class GraalPyBenchTarget implements BenchTarget {
    private static final String PROGRAM = """
            import vaults

            def setup(root, name, keys, absent):
                global V, KEYS, ABSENT, VALUES, BATCH
                vaults.set_root_path(root)
                V = vaults.Vault(name, to_create=False)
                KEYS = list(keys)
                ABSENT = list(absent)
                VALUES = [V[k] for k in KEYS]
                BATCH = dict(zip(KEYS, VALUES))

            def get_hit(i):
                return V.get(KEYS[i % len(KEYS)])

            def get_miss(i):
                return V.get(ABSENT[i % len(ABSENT)])

            def contains(i):
                return KEYS[i % len(KEYS)] in V

            def put(i):
                j = i % len(KEYS)
                V.put(KEYS[j], VALUES[j])

            def put_many():
                return V.put_many(BATCH)

            def iterate():
                seen = 0
                for key, value in V.items():
                    seen += 1
                return seen

            def size():
                return len(V)

            def clear():
                V.clear()
            """;

    private Context context;
    private Path root;
    private Value getHit;
    private Value getMiss;
    private Value contains;
    private Value put;
    private Value putMany;
    private Value iterate;
    private Value size;
    private Value clear;

    @Override
    public String name() {
        return "graalpy";
    }

    @Override
    public void open(Path file, StorageMode mode, Workload workload) throws Exception {
        if (mode != StorageMode.DEFAULT) {
            // The Python API has no storage options: it opens files as Python's sqlite3 does.
            throw new IllegalArgumentException("the GraalPy front end runs in mode DEFAULT only, not " + mode);
        }
        // vaults opens NAME under ROOT/vaults/: give the file such a place without moving it.
        root = Files.createTempDirectory("graalpy-bench");
        Files.createDirectories(root.resolve("vaults"));
        Files.createSymbolicLink(root.resolve("vaults/bench.db"), file.toAbsolutePath());
        context = VaultsPython.newContext();
        context.eval(Source.create("python", PROGRAM));
        Value python = context.getBindings("python");
        // Proxies: the context's host access is limited to the bridge, not Java arrays.
        python.getMember("setup").execute(root.toString(), "bench", ProxyArray.fromArray(workload.keys),
                ProxyArray.fromArray(workload.absentKeys));
        getHit = python.getMember("get_hit");
        getMiss = python.getMember("get_miss");
        contains = python.getMember("contains");
        put = python.getMember("put");
        putMany = python.getMember("put_many");
        iterate = python.getMember("iterate");
        size = python.getMember("size");
        clear = python.getMember("clear");
    }

    @Override
    public Object getHit(int index) {
        return getHit.execute(index);
    }

    @Override
    public Object getMiss(int index) {
        return getMiss.execute(index);
    }

    @Override
    public boolean containsKey(int index) {
        return contains.execute(index).asBoolean();
    }

    @Override
    public void put(int index) {
        put.execute(index);
    }

    @Override
    public void putMany() {
        putMany.execute();
    }

    @Override
    public long iterate() {
        return iterate.execute().asLong();
    }

    @Override
    public long size() {
        return size.execute().asLong();
    }

    @Override
    public void clear() {
        clear.execute();
    }

    @Override
    public void close() throws Exception {
        if (context != null) {
            context.close();
        }
        if (root != null) {
            Files.deleteIfExists(root.resolve("vaults/bench.db"));
            Files.deleteIfExists(root.resolve("vaults"));
            Files.deleteIfExists(root);
        }
    }
}
