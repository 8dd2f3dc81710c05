package io.github.vaults4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.vaults4j.VaultTtlTest.ManualClock;
import io.github.vaults4j.testing.CPythonPeer;
import io.github.vaults4j.testing.RepoFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python module (the compat-fixtures model of vaults 2.x, on CPython) and a vault holding entries with a time to
 * live: it opens, reads and writes the file as ever, sees every row that is in table {@code dict} (expired or not,
 * until a cleanup removes them), and its writes keep the expiry side table in step: a plain put makes a key
 * permanent, a delete drops the key's expiry.
 */
class TtlCPythonTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Reads with the module, then writes with it; prints what it read as one JSON line. */
    private static final String MODULE_SESSION = String.join("\n",
            "import json, sys",
            "sys.path.insert(0, sys.argv[1])",
            "import reference_vaults as rv",
            "rv.set_root_path(sys.argv[2])",
            "v = rv.Vault('ttl', to_create=False)",
            "seen = {'len': len(v), 'keys': sorted(v.list_keys()), 'short': v.get('short'), 'long': v.get('long'),",
            "        'items': sorted(v.items())}",
            "v.put('long', 40)",
            "del v['doomed']",
            "v.put('new', 5)",
            "print(json.dumps(seen))",
            "import sqlite3",
            "side = sqlite3.connect(v.db_path if hasattr(v, 'db_path') else sys.argv[2] + '/vaults/ttl.db')",
            "print(side.execute('SELECT count(*) FROM vaults4j_expiry').fetchone()[0])");

    @TempDir
    Path dir;

    @Test
    void thePythonModuleReadsAndWritesAVaultHoldingTtlEntries() {
        ManualClock clock = new ManualClock();
        try (Vaults root = Vaults.at(dir);
             Vault vault = root.open("ttl", VaultOptions.builder().clock(clock).build())) {
            vault.put("plain", 1L);
            vault.put("short", 2L, MINUTE);
            vault.put("long", 3L, MINUTE.multipliedBy(60));
            vault.put("doomed", 4L, MINUTE.multipliedBy(60));
            clock.advance(MINUTE);
            assertNull(vault.get("short"), "expired for vaults4j");

            CPythonPeer.Result python = CPythonPeer.python("-c", MODULE_SESSION,
                    RepoFiles.fixture("reference_vaults.py").getParent().toString(), dir.toString()).requireSuccess();
            // The module knows nothing of expiry: it sees every row of table dict, the expired one too.
            assertEquals("{\"len\": 4, \"keys\": [\"doomed\", \"long\", \"plain\", \"short\"], \"short\": 2, \"long\": 3,"
                    + " \"items\": [[\"doomed\", 4], [\"long\", 3], [\"plain\", 1], [\"short\", 2]]}", python.stdout().get(0));
            assertEquals("1", python.lastLine(), "Python's put and delete cleared two of the three expiry times");

            assertEquals(Optional.empty(), vault.ttl("long"), "Python's plain put made the key permanent");
            assertEquals(Optional.empty(), vault.ttl("new"));
            clock.advance(MINUTE.multipliedBy(120));
            assertEquals(Map.of("plain", 1L, "long", 40L, "new", 5L), Map.copyOf(vault));
            assertEquals(1, vault.cleanupExpired(), "only the expired entry that Python did not rewrite");
        }
        CPythonPeer.Result after = CPythonPeer.python("-c", String.join("\n",
                "import sys", "sys.path.insert(0, sys.argv[1])", "import reference_vaults as rv",
                "rv.set_root_path(sys.argv[2])", "print(sorted(rv.Vault('ttl', to_create=False).list_keys()))"),
                RepoFiles.fixture("reference_vaults.py").getParent().toString(), dir.toString()).requireSuccess();
        assertEquals(List.of("['long', 'new', 'plain']"), List.of(after.lastLine()),
                "after a cleanup the module no longer sees the expired entry");
    }
}
