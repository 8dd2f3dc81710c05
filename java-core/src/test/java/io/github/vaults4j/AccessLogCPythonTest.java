package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.TypedJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault file that keeps an access log stays a vault for the Python module: CPython (compat-fixtures/peer.py, the
 * module's model) reads and writes it and lists only its rows, and the log survives the Python writes.
 */
class AccessLogCPythonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void pythonReadsAndWritesAVaultThatKeepsAnAccessLog() throws Exception {
        Path file = dir.resolve("audited.db");
        VaultOptions logged = VaultOptions.builder().accessLog(AccessLogOptions.builder().flushEvery(1).build()).build();
        try (Vault vault = Vault.open(file, logged)) {
            vault.put("a", 1L);
            vault.get("a");
        }

        JsonNode got = JSON.readTree(CPythonPeer.run("get", file.toString(), "\"a\"").requireSuccess().lastLine());
        assertTrue(got.get("found").asBoolean(), got.toString());
        assertEquals(TypedJson.toJson(1L), got.get("value"), got.toString());
        CPythonPeer.run("put", file.toString(), "\"b\"", TypedJson.toJson(2L).toString()).requireSuccess();
        List<String> rows = CPythonPeer.run("dump", file.toString()).requireSuccess().stdout();
        assertEquals(2, rows.size(), "Python sees the vault's two rows and nothing of the log: " + rows);

        try (Vault vault = Vault.open(file, logged)) {
            assertEquals(2L, vault.get("b"), "Java reads what Python wrote");
            List<String> log = new ArrayList<>();
            for (AccessLogEntry entry : vault.accessLog(Instant.EPOCH, 100)) {
                log.add(entry.operation() + " " + entry.key());
            }
            assertEquals(List.of("put 'a'", "get 'a'", "get 'b'"), log, "the log outlived Python's writes");
        }
    }
}
