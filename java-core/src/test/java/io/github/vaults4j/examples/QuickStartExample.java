package io.github.vaults4j.examples;

import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.Vaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The README's Java example, compiled and run by {@code QuickStartExampleTest} so that it stays true. */
public final class QuickStartExample {
    private QuickStartExample() {
    }

    public static Object run(Path fuseRoot) {
        Vaults vaults = Vaults.at(fuseRoot);                       // fuseRoot/vaults/NAME.db, as set_root_path
        VaultOptions options = VaultOptions.builder().busyTimeout(Duration.ofSeconds(10)).build();
        try (Vault commons = vaults.open("commons", options)) {
            commons.put("greeting", "hello from Java");            // Python reads a str
            commons.put("service", Map.of("name", "web", "port", 8080L, "tags", List.of("a", "b")));
            commons.put(PyTuple.of("host", 1L), true);              // tuple keys work as in Python

            Map<?, ?> service = (Map<?, ?>) commons.get("service");
            long port = (Long) service.get("port");                // Python ints read as Long (or BigInteger)

            commons.transaction(v -> {                              // all or nothing, across processes too
                v.put("port", port + 1);
                v.remove("greeting");
            });
            commons.merge("visits", 1L, (a, b) -> (Long) a + (Long) b);   // atomic read-modify-write

            for (Map.Entry<Object, Object> entry : commons.entrySet()) {  // streams rows, page by page
                System.out.println(entry.getKey() + " = " + entry.getValue());
            }
            return commons.get("port");
        }
    }

    public static void main(String[] args) {
        run(Path.of(args.length > 0 ? args[0] : "."));
    }
}
