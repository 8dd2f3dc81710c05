package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vaults4j.storage.postgres.PostgresAddress.Environment;
import io.github.vaults4j.storage.postgres.PostgresAddress.PasswordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading {@code postgresql://} roots: parts, defaults, where the password comes from, and that it never shows. */
class PostgresAddressTest {
    private static final String SECRET = "s3cr:et@/?#%pw";
    private static final String SECRET_IN_URL = "s3cr%3Aet%40%2F%3F%23%25pw";

    @TempDir
    Path home;

    private Environment environment(Map<String, String> variables) {
        return new Environment(variables, home, "osuser");
    }

    private PostgresAddress parse(String url) {
        return PostgresAddress.parse(url, environment(Map.of()));
    }

    @Test
    void everyPartIsRead() {
        PostgresAddress address = parse("postgresql://alice:pw@db.example:5433/fuse?schema=tenant_1");
        assertEquals("alice", address.user());
        assertEquals("db.example", address.host());
        assertEquals(5433, address.port());
        assertEquals("fuse", address.database());
        assertEquals("tenant_1", address.schema());
        assertEquals(Optional.of("pw"), address.password());
        assertEquals(PasswordSource.URL, address.passwordSource());
    }

    @Test
    void defaultsArePortSchemaAndTheUserOfTheEnvironment() {
        PostgresAddress address = parse("postgresql://db.example/fuse");
        assertEquals(PostgresAddress.DEFAULT_PORT, address.port());
        assertEquals(PostgresAddress.DEFAULT_SCHEMA, address.schema());
        assertEquals("osuser", address.user());
        assertEquals(PasswordSource.NONE, address.passwordSource());
        assertEquals("pguser", PostgresAddress.parse("postgres://db.example/fuse",
                environment(Map.of("PGUSER", "pguser"))).user());
    }

    @Test
    void partsArePercentDecodedAsLibpqDoes() {
        PostgresAddress address = parse("postgresql://al%69ce:" + SECRET_IN_URL + "@db.example/my%20db+x?schema=%C3%A4");
        assertEquals("alice", address.user());
        assertEquals(Optional.of(SECRET), address.password());
        assertEquals("my db+x", address.database(), "'+' is not a space in a URI path");
        assertEquals("ä", address.schema());
    }

    @Test
    void anIpv6HostIsInBrackets() {
        PostgresAddress address = parse("postgresql://u@[::1]:6000/d");
        assertEquals("::1", address.host());
        assertEquals(6000, address.port());
        assertEquals("jdbc:postgresql://[::1]:6000/d", address.jdbcUrl());
        assertEquals("postgresql://u@[::1]:6000/d?schema=vaults", address.toString());
    }

    @Test
    void thePasswordComesFromTheUrlThenPgpasswordThenThePasswordFile() throws IOException {
        Path passfile = home.resolve(".pgpass");
        Files.writeString(passfile, "db.example:5432:fuse:alice:from-file\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        Environment withVariable = environment(Map.of("PGPASSWORD", "from-variable"));
        Environment withoutVariable = environment(Map.of());

        PostgresAddress fromUrl = PostgresAddress.parse("postgresql://alice:from-url@db.example/fuse", withVariable);
        assertEquals(Optional.of("from-url"), fromUrl.password());
        PostgresAddress fromVariable = PostgresAddress.parse("postgresql://alice@db.example/fuse", withVariable);
        assertEquals(Optional.of("from-variable"), fromVariable.password());
        assertEquals(PasswordSource.PGPASSWORD, fromVariable.passwordSource());
        // An empty password in the URL is no password, as in libpq.
        PostgresAddress fromFile = PostgresAddress.parse("postgresql://alice:@db.example/fuse", withoutVariable);
        assertEquals(Optional.of("from-file"), fromFile.password());
        assertEquals(PasswordSource.PASSWORD_FILE, fromFile.passwordSource());
        // The file's line names another user: no password.
        assertEquals(PasswordSource.NONE,
                PostgresAddress.parse("postgresql://bob@db.example/fuse", withoutVariable).passwordSource());
    }

    @Test
    void pgpassfileNamesAnotherPasswordFile() throws IOException {
        Path passfile = home.resolve("elsewhere");
        Files.writeString(passfile, "*:*:*:*:from-pgpassfile\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        PostgresAddress address = PostgresAddress.parse("postgresql://alice@db.example/fuse",
                environment(Map.of("PGPASSFILE", passfile.toString())));
        assertEquals(Optional.of("from-pgpassfile"), address.password());
    }

    @Test
    void thePasswordNeverShowsInTheTextForm() {
        PostgresAddress address = parse("postgresql://alice:" + SECRET_IN_URL + "@db.example:5433/fuse");
        assertEquals("postgresql://alice@db.example:5433/fuse?schema=vaults", address.toString());
        assertFalse(address.jdbcUrl().contains("s3cr"));
        assertEquals(SECRET, address.jdbcProperties().getProperty("password"));
    }

    @Test
    void theTextFormReadsBackAsTheSameAddressWithoutPassword() {
        PostgresAddress address = parse("postgresql://a%20b@db.example:5433/my%2Fdb?schema=s%26t&sslmode=require");
        PostgresAddress again = parse(address.toString());
        assertEquals(address, again);
        assertEquals("my/db", again.database());
        assertEquals("s&t", again.schema());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://alice:" + SECRET_IN_URL + "@db.example:port/fuse",
            "postgresql://alice:" + SECRET_IN_URL + "@db.example",
            "postgresql://alice:" + SECRET_IN_URL + "@/fuse",
            "postgresql://alice:" + SECRET_IN_URL + "@db.example/fuse?schema=a&schema=b",
            "postgresql://alice:" + SECRET_IN_URL + "@db.example/fuse?sslmode=sometimes",
            "postgresql://alice:" + SECRET_IN_URL + "@db.example/fuse?currentSchema=x",
            "postgresql://alice:" + SECRET_IN_URL + "@db.example/fuse%zz",
            "postgresql://alice:" + SECRET_IN_URL + "@db.example/fuse%00",
            "postgresql://alice:" + SECRET_IN_URL + "@a,b/fuse",
            "postgresql://alice:s3cr/et@db.example/fuse",
            "postgresql://alice:s3cr%zzet@db.example/fuse",
    })
    void aMalformedAddressIsRefusedWithoutShowingItsPassword(String url) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> parse(url));
        assertTrue(refused.getMessage().startsWith("not a PostgreSQL address"), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cr"), refused.getMessage());
        assertTrue(refused.getMessage().contains("alice:***@"), refused.getMessage());
    }

    @Test
    void aSchemaLongerThanPostgresKeepsIsRefused() {
        String longest = "s".repeat(PostgresAddress.MAX_IDENTIFIER_BYTES);
        assertEquals(longest, parse("postgresql://h/d?schema=" + longest).schema());
        assertThrows(IllegalArgumentException.class, () -> parse("postgresql://h/d?schema=" + longest + "s"));
        assertThrows(IllegalArgumentException.class, () -> parse("postgresql://h/d?schema="));
    }

    @Test
    void onlyPostgresSchemesAreAddresses() {
        assertTrue(PostgresAddress.isAddress("postgresql://h/d"));
        assertTrue(PostgresAddress.isAddress("POSTGRES://h/d"));
        assertFalse(PostgresAddress.isAddress("/var/lib/fuse"));
        assertFalse(PostgresAddress.isAddress("postgresql:/h/d"));
        assertThrows(IllegalArgumentException.class, () -> parse("/var/lib/fuse"));
    }

    @Test
    void jdbcFormCarriesTheDatabaseEncodedAndTheCredentialsAsProperties() {
        PostgresAddress address = parse("postgresql://alice:pw@db.example/my%20db%2Bx?sslmode=verify-full");
        assertEquals("jdbc:postgresql://db.example:5432/my+db%2Bx", address.jdbcUrl());
        Properties properties = address.jdbcProperties();
        assertEquals("alice", properties.getProperty("user"));
        assertEquals("pw", properties.getProperty("password"));
        assertEquals("verify-full", properties.getProperty("sslmode"));
        assertEquals(PostgresAddress.APPLICATION_NAME, properties.getProperty("ApplicationName"));
        assertFalse(parse("postgresql://alice@db.example/d").jdbcProperties().containsKey("password"));
    }

    @Test
    void quotedSchemaDoublesQuotes() {
        assertEquals("\"we\"\"ird\"", parse("postgresql://h/d?schema=we%22ird").quotedSchema());
    }

    @Test
    void equalityIncludesThePasswordAndTheHashCodeDoesNotDependOnIt() {
        PostgresAddress one = parse("postgresql://alice:one@h/d");
        PostgresAddress two = parse("postgresql://alice:two@h/d");
        assertNotEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertEquals(one, parse("postgresql://alice:one@h:5432/d?schema=vaults"));
        assertEquals("other", one.withSchema("other").schema());
        assertEquals(one.password(), one.withSchema("other").password());
    }
}
