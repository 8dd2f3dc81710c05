package io.github.vaults4j.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.AccessLogEntry;
import io.github.vaults4j.Vault;
import io.github.vaults4j.python.VaultsPython;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python code on GraalPy keeps an access log with {@code Vault(name, access_log=True)}, and reports to the meter
 * registry its Java embedding set with {@link VaultsPython#meterRegistry(Object)}. One context for the class.
 */
class GraalPyObservabilityTest {
    @TempDir
    static Path root;
    private static Context context;

    @BeforeAll
    static void start() {
        context = VaultsPython.newContext();
    }

    @AfterAll
    static void stop() {
        VaultsPython.meterRegistry(null);
        if (context != null) {
            context.close();
        }
    }

    private static void python(String code) {
        context.eval(Source.create("python", code.replace("ROOT", root.toString())));
    }

    @Test
    void aPythonVaultWithAccessLogRecordsItsKeys() {
        python("""
                import vaults
                vaults.set_root_path('ROOT')
                v = vaults.Vault('audited', access_log=True)
                v.put('a', 1)
                v['b'] = [1, 2]
                assert v.get('a') == 1
                v.pop('b')
                v.close()
                plain = vaults.Vault('plain')
                plain.put('a', 1)
                plain.close()
                """);
        List<String> log = new ArrayList<>();
        try (Vault vault = Vault.open(root.resolve("vaults/audited.db"))) {
            for (AccessLogEntry entry : vault.accessLog(Instant.EPOCH, 100)) {
                log.add(entry.operation() + " " + entry.key());
            }
        }
        assertEquals(List.of("set 'a'", "set 'b'", "get 'a'", "remove 'b'"), log);
        try (Vault vault = Vault.open(root.resolve("vaults/plain.db"))) {
            assertEquals(List.of(), vault.accessLog(Instant.EPOCH, 100), "off unless asked");
        }
    }

    @Test
    void theEmbeddingsMeterRegistrySeesPythonVaults() {
        MeterRegistry registry = new SimpleMeterRegistry();
        VaultsPython.meterRegistry(registry);
        try {
            python("""
                    import vaults
                    vaults.set_root_path('ROOT')
                    v = vaults.Vault('metered')
                    v.put('a', 1)
                    v.get('a')
                    v.get('missing')
                    v.close()
                    """);
        } finally {
            VaultsPython.meterRegistry(null);
        }
        assertEquals(1, registry.get("cache.puts").tag("cache", "metered").counter().count());
        assertEquals(1, registry.get("cache.gets").tag("cache", "metered").tag("result", "hit").counter().count());
        assertEquals(1, registry.get("cache.gets").tag("cache", "metered").tag("result", "miss").counter().count());
        assertEquals(2, registry.get("db.client.operation.duration").tag("db.system.name", "sqlite")
                .tag("db.operation.name", "get").timer().count());
    }
}
