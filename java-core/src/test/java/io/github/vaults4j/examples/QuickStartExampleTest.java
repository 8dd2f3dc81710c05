package io.github.vaults4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.PyTuple;
import io.github.vaults4j.Vault;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartExampleTest {
    @TempDir
    Path root;

    @Test
    void theReadmeExampleRunsAndLeavesWhatItSays() {
        assertEquals(8081L, QuickStartExample.run(root));
        try (Vault commons = Vault.open(root.resolve("vaults/commons.db"))) {
            assertEquals(false, commons.containsKey("greeting"));
            assertEquals(true, commons.get(PyTuple.of("host", 1L)));
            assertEquals(1L, commons.get("visits"));
            assertEquals(4, commons.size());
        }
    }
}
