package io.github.vaults4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The core's module descriptor exports the API and the tools, the codec only to the GraalPy module, nothing else. */
class ModuleDescriptorTest {
    @Test
    void exportsTheApiCryptoAndToolsAndTheCodecOnlyToThePythonModule() throws IOException, URISyntaxException {
        // The core's own descriptor: beside its classes (the tests run on the class path, where others are too).
        Path classes = Path.of(Vault.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        Map<String, Set<String>> exports = new TreeMap<>();
        for (ModuleDescriptor.Exports export : descriptor.exports()) {
            exports.put(export.source(), export.targets());
        }
        assertEquals("io.github.vaults4j.core", descriptor.name());
        assertEquals(Map.of("io.github.vaults4j", Set.of(), "io.github.vaults4j.crypto", Set.of(),
                "io.github.vaults4j.tools", Set.of(), "io.github.vaults4j.codec", Set.of("io.github.vaults4j.python")),
                exports);
    }
}
