package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.Format;
import io.github.vaults4j.testing.CPythonPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code migrate} on a generation 1 vault (which it must rebuild) whose {@code dict} table CPython gave
 * something more: the migration is refused, dry run or not, the message names the file and what was found,
 * and the file stays byte-identical with no backup beside it.
 */
class MigrateRefusalTest {
    /** A generation 1 table as vaults 1.x made it, two rows, then the statement under test. */
    private static final String WRITER = String.join("\n",
            "import sqlite3, sys, pickle",
            "db = sqlite3.connect(sys.argv[1])",
            "db.execute('CREATE TABLE dict (\\n\\t\"key\" BINARY NOT NULL, \\n\\tvalue BLOB, \\n\\tPRIMARY KEY (\"key\")\\n)')",
            "for i in range(2):",
            "    db.execute('INSERT INTO dict VALUES (?, ?)', (pickle.dumps('k%d' % i), pickle.dumps(i)))",
            "db.executescript(sys.argv[2])",
            "db.commit()");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ALTER TABLE dict ADD COLUMN note TEXT; UPDATE dict SET note = 'kept by hand'  | column 'note'",
        "CREATE TRIGGER audit AFTER INSERT ON dict BEGIN SELECT 1; END                  | trigger 'audit'",
        "CREATE INDEX by_value ON dict (value)                                          | index 'by_value'",
        "CREATE VIEW recent AS SELECT key FROM dict                                     | view 'recent'",
        "CREATE TABLE log (x); CREATE TRIGGER copy AFTER INSERT ON log BEGIN DELETE FROM \"dict\"; END | trigger 'copy'",
    })
    void aTableWithMoreThanARebuildKeepsIsRefusedAndLeftUntouched(String extra, String found) throws Exception {
        Path vault = dir.resolve("extra.db");
        write(vault, extra);
        String before = sha256(vault);
        for (boolean dryRun : new boolean[] {true, false}) {
            UnreproducibleTableException e = assertThrows(UnreproducibleTableException.class,
                    () -> VaultTools.migrate(vault, new MigrationOptions(Format.MSGPACK, 4, dryRun), Progress.NONE));
            assertTrue(e.getMessage().contains(vault.toString()) && e.getMessage().contains(found), e.getMessage());
            assertEquals(List.of(found), e.found());
        }
        assertEquals(before, sha256(vault), "the refused file changed");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(vault), files.toList(), "no backup or journal is left beside the vault");
        }
    }

    private static void write(Path vault, String extra) throws Exception {
        Process p = new ProcessBuilder(CPythonPeer.PYTHON, "-c", WRITER, vault.toString(), extra)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, "CPython failed: " + output);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
