package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libpq's password file rules: first match wins, '*' fields, backslash escapes, comments, the 0600 check. */
class PgPassFileTest {
    private static final String HOST = "db.example";
    private static final int PORT = 5433;
    private static final String DATABASE = "fuse";
    private static final String USER = "alice";

    private static Optional<String> find(String... lines) {
        return PgPassFile.lookup(List.of(lines), HOST, PORT, DATABASE, USER);
    }

    @Test
    void theFirstMatchingLineWins() {
        assertEquals(Optional.of("first"), find(
                "other.example:5433:fuse:alice:wrong-host",
                "db.example:5432:fuse:alice:wrong-port",
                "db.example:5433:fuse:alice:first",
                "db.example:5433:fuse:alice:second"));
    }

    @Test
    void aStarFieldMatchesAnythingButOnlyWhenItIsTheWholeField() {
        assertEquals(Optional.of("any"), find("*:*:*:*:any"));
        assertEquals(Optional.of("any-db"), find("db.example:5433:*:alice:any-db"));
        assertEquals(Optional.empty(), find("db.*:5433:fuse:alice:prefix-is-literal"));
        // An escaped star is a literal star: it matches only a host named '*'.
        assertEquals(Optional.empty(), find("\\*:5433:fuse:alice:literal-star"));
        assertEquals(Optional.of("literal-star"),
                PgPassFile.lookup(List.of("\\*:5433:fuse:alice:literal-star"), "*", PORT, DATABASE, USER));
    }

    @Test
    void backslashEscapesColonsAndBackslashesInEveryField() {
        assertEquals(Optional.of("pa:ss\\word"),
                PgPassFile.lookup(List.of("db.example:5433:my\\:db:al\\\\ice:pa\\:ss\\\\word"),
                        HOST, PORT, "my:db", "al\\ice"));
    }

    @Test
    void thePasswordEndsAtTheNextUnescapedColon() {
        assertEquals(Optional.of("secret"), find("*:*:*:*:secret:ignored:fields"));
    }

    @Test
    void commentsBlankAndShortLinesNeverMatch() {
        assertEquals(Optional.of("real"), find(
                "#*:*:*:*:commented",
                "",
                "*:*:*",
                "*:*:*:*:real"));
        assertEquals(Optional.empty(), find("db.example:5433:fuse:alice"));
    }

    @Test
    void anEmptyPasswordFieldIsAnEmptyPassword() {
        assertEquals(Optional.of(""), find("*:*:*:*:"));
    }

    @Test
    void aFileThatGroupOrOthersMayReadIsIgnored(@TempDir Path home) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "*:*:*:*:from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.of("from-file"), PgPassFile.lookup(file, HOST, PORT, DATABASE, USER));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(Optional.empty(), PgPassFile.lookup(file, HOST, PORT, DATABASE, USER));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-----w-"));
        assertEquals(Optional.empty(), PgPassFile.lookup(file, HOST, PORT, DATABASE, USER));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(Optional.of("from-file"), PgPassFile.lookup(file, HOST, PORT, DATABASE, USER));
    }

    @Test
    void aMissingFileOrAFolderGivesNoPassword(@TempDir Path home) {
        assertEquals(Optional.empty(), PgPassFile.lookup(home.resolve("absent"), HOST, PORT, DATABASE, USER));
        assertEquals(Optional.empty(), PgPassFile.lookup(home, HOST, PORT, DATABASE, USER));
    }

    @Test
    void windowsLineEndsAreStripped(@TempDir Path home) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "#comment\r\n*:*:*:*:crlf\r\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.of("crlf"), PgPassFile.lookup(file, HOST, PORT, DATABASE, USER));
    }
}
