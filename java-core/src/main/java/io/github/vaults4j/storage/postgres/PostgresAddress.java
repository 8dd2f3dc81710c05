package io.github.vaults4j.storage.postgres;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where a PostgreSQL root is: {@code postgresql://[user[:password]@]host[:port]/database[?schema=NAME]}, the URI
 * form libpq and psql read, with the schema that holds the vaults as its one extra parameter.
 *
 * <p>Each part is percent-decoded ({@code %40} for {@code @} in a password, {@code %2F} for {@code /}). Without a
 * user, {@code PGUSER} or else the operating-system user is used; without a port, {@value #DEFAULT_PORT}; without a
 * schema, {@value #DEFAULT_SCHEMA}. The password comes, as with libpq, from the URL, else from {@code PGPASSWORD},
 * else from the password file ({@code PGPASSFILE} or {@code ~/.pgpass}, see {@link PgPassFile}).
 *
 * <p>The password is never shown: {@link #toString()} is the address without it, and every message that names a
 * root uses that form. Two addresses are equal when every part, the password included, is.
 */
public final class PostgresAddress {
    /** The scheme of a PostgreSQL root; libpq's alias {@value #SCHEME_ALIAS} is read too. */
    public static final String SCHEME = "postgresql";
    public static final String SCHEME_ALIAS = "postgres";
    public static final int DEFAULT_PORT = 5432;
    /** The schema that holds the vaults when the address names none. */
    public static final String DEFAULT_SCHEMA = "vaults";
    /** The query parameters an address may carry. */
    public static final String SCHEMA_PARAMETER = "schema";
    public static final String SSLMODE_PARAMETER = "sslmode";
    /** libpq's and pgjdbc's SSL modes, the values of {@value #SSLMODE_PARAMETER}. */
    public static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    /** The name pgjdbc reports to the server ({@code application_name}), so a DBA sees who is connected. */
    public static final String APPLICATION_NAME = "vaults4j";
    /** PostgreSQL cuts longer identifiers silently, which would make two schema names one. */
    public static final int MAX_IDENTIFIER_BYTES = 63;
    static final String FORM = "postgresql://[user[:password]@]host[:port]/database[?schema=NAME]";
    static final String PASSWORD_VARIABLE = "PGPASSWORD";
    static final String PASSFILE_VARIABLE = "PGPASSFILE";
    static final String USER_VARIABLE = "PGUSER";
    static final String PASSFILE_NAME = ".pgpass";
    private static final String SEPARATOR = "://";
    private static final String REDACTED = "***";
    private static final int MAX_PORT = 65535;

    /** Where a password came from, for a message that explains why a login failed without showing it. */
    public enum PasswordSource {
        URL, PGPASSWORD, PASSWORD_FILE, NONE
    }

    /** What the lookup of defaults reads: the environment and the home folder. Tests pass their own. */
    record Environment(Map<String, String> variables, Path home, String systemUser) {
        static Environment system() {
            return new Environment(System.getenv(), Path.of(System.getProperty("user.home")),
                    System.getProperty("user.name"));
        }
    }

    private final String user;
    private final String password;
    private final PasswordSource passwordSource;
    private final String host;
    private final int port;
    private final String database;
    private final String schema;
    private final String sslMode;

    private PostgresAddress(String user, String password, PasswordSource passwordSource, String host, int port,
            String database, String schema, String sslMode) {
        this.user = user;
        this.password = password;
        this.passwordSource = passwordSource;
        this.host = host;
        this.port = port;
        this.database = database;
        this.schema = schema;
        this.sslMode = sslMode;
    }

    /** Whether a root names a PostgreSQL database rather than a folder: it starts with a PostgreSQL scheme. */
    public static boolean isAddress(String root) {
        String lower = root.toLowerCase(Locale.ROOT);
        return lower.startsWith(SCHEME + SEPARATOR) || lower.startsWith(SCHEME_ALIAS + SEPARATOR);
    }

    /**
     * Reads an address, with defaults and the password from this process's environment.
     *
     * @throws IllegalArgumentException when it is not of the form above; the message shows the address without
     *     its password
     */
    public static PostgresAddress parse(String url) {
        return parse(url, Environment.system());
    }

    static PostgresAddress parse(String url, Environment environment) {
        Objects.requireNonNull(url, "url");
        if (!isAddress(url)) {
            throw invalid(url, "it does not start with " + SCHEME + SEPARATOR);
        }
        String rest = url.substring(url.indexOf(SEPARATOR) + SEPARATOR.length());
        // As libpq: the user information ends at the first '@' before the first '/'.
        int slash = rest.indexOf('/');
        int at = rest.indexOf('@');
        String user = null;
        String password = null;
        if (at >= 0 && (slash < 0 || at < slash)) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decode(url, "user", colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(url, "password", userInfo.substring(colon + 1));
            rest = rest.substring(at + 1);
            slash = rest.indexOf('/');
        }
        if (slash < 0) {
            throw invalid(url, "it names no database (expected /database after the host)");
        }
        String hostAndPort = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        String host;
        String portText = null;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                throw invalid(url, "its IPv6 host has no closing ']'");
            }
            host = hostAndPort.substring(1, close);
            String after = hostAndPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(url, "unexpected '" + after + "' after the IPv6 host");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = hostAndPort.lastIndexOf(':');
            host = decode(url, "host", colon < 0 ? hostAndPort : hostAndPort.substring(0, colon));
            portText = colon < 0 ? null : hostAndPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(url, "it names no host");
        }
        if (host.indexOf(',') >= 0) {
            throw invalid(url, "it names more than one host; a root is one server");
        }
        int port = portText == null || portText.isEmpty() ? DEFAULT_PORT : port(url, portText);
        int question = path.indexOf('?');
        String database = decode(url, "database", question < 0 ? path : path.substring(0, question));
        if (database.isEmpty()) {
            throw invalid(url, "it names no database (expected /database after the host)");
        }
        Map<String, String> parameters = question < 0 ? Map.of() : parameters(url, path.substring(question + 1));
        String schema = parameters.getOrDefault(SCHEMA_PARAMETER, DEFAULT_SCHEMA);
        if (!isSchemaName(schema)) {
            throw invalid(url, "its schema must be 1 to " + MAX_IDENTIFIER_BYTES + " bytes of UTF-8");
        }
        String sslMode = parameters.get(SSLMODE_PARAMETER);
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw invalid(url, "sslmode must be one of " + SSL_MODES);
        }

        if (user == null || user.isEmpty()) {
            user = environment.variables().getOrDefault(USER_VARIABLE, environment.systemUser());
        }
        PasswordSource source = PasswordSource.URL;
        // As libpq: an empty password is no password.
        if (password == null || password.isEmpty()) {
            password = environment.variables().get(PASSWORD_VARIABLE);
            source = PasswordSource.PGPASSWORD;
        }
        if (password == null || password.isEmpty()) {
            String configured = environment.variables().get(PASSFILE_VARIABLE);
            Path file = configured != null ? Path.of(configured) : environment.home().resolve(PASSFILE_NAME);
            password = PgPassFile.lookup(file, host, port, database, user).orElse(null);
            source = password == null ? PasswordSource.NONE : PasswordSource.PASSWORD_FILE;
        }
        return new PostgresAddress(user, password, source, host, port, database, schema, sslMode);
    }

    public String user() {
        return user;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** The schema that holds this root's vaults, unquoted. */
    public String schema() {
        return schema;
    }

    /** The schema as an SQL identifier, quoted, for statements: any name is safe in it. */
    public String quotedSchema() {
        return '"' + schema.replace("\"", "\"\"") + '"';
    }

    /** Where the password came from; {@link PasswordSource#NONE} when there is none (trust or peer login). */
    public PasswordSource passwordSource() {
        return passwordSource;
    }

    /** The same address with another schema, and the same credentials. */
    public PostgresAddress withSchema(String otherSchema) {
        if (!isSchemaName(otherSchema)) {
            throw new IllegalArgumentException("a schema must be 1 to " + MAX_IDENTIFIER_BYTES + " bytes of UTF-8: "
                    + otherSchema);
        }
        return new PostgresAddress(user, password, passwordSource, host, port, database, otherSchema, sslMode);
    }

    /** Whether PostgreSQL keeps this name as it is: not empty, and not so long that it would be cut. */
    private static boolean isSchemaName(String schema) {
        return !schema.isEmpty() && schema.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES;
    }

    /** The pgjdbc URL of the database, without credentials (they are in {@link #jdbcProperties()}). */
    public String jdbcUrl() {
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        // pgjdbc URL-decodes the database name (a '+' is a space), so it is URL-encoded here.
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** The connection properties for {@link #jdbcUrl()}: user, password when there is one, SSL mode, name. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (sslMode != null) {
            properties.setProperty(SSLMODE_PARAMETER, sslMode);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return properties;
    }

    /** The address without its password: {@code postgresql://user@host:port/database?schema=NAME}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(SCHEME).append(SEPARATOR).append(encode(user)).append('@');
        text.append(host.indexOf(':') >= 0 ? "[" + host + "]" : encode(host)).append(':').append(port);
        text.append('/').append(encode(database)).append('?').append(SCHEMA_PARAMETER).append('=').append(encode(schema));
        if (sslMode != null) {
            text.append('&').append(SSLMODE_PARAMETER).append('=').append(sslMode);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PostgresAddress that && port == that.port && user.equals(that.user)
                && Objects.equals(password, that.password) && host.equals(that.host) && database.equals(that.database)
                && schema.equals(that.schema) && Objects.equals(sslMode, that.sslMode);
    }

    @Override
    public int hashCode() {
        // Without the password: a hash code can end up in a log or a heap dump's index.
        return Objects.hash(user, host, port, database, schema, sslMode);
    }

    /**
     * The text of an address as given, with everything from the first ':' after the scheme to the last '@'
     * replaced, for messages about an address that could not be read. It errs towards hiding too much: whatever
     * the mistake in the address, no part of a password survives.
     */
    static String redact(String url) {
        int start = url.indexOf(SEPARATOR);
        if (start < 0) {
            return url;
        }
        start += SEPARATOR.length();
        int at = url.lastIndexOf('@');
        int colon = url.indexOf(':', start);
        if (at < start || colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + REDACTED + url.substring(at);
    }

    private static IllegalArgumentException invalid(String url, String problem) {
        return new IllegalArgumentException("not a PostgreSQL address (" + FORM + "): " + problem + ": " + redact(url));
    }

    private static int port(String url, String text) {
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 5
                || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_PORT) {
            throw invalid(url, "its port must be a number from 1 to " + MAX_PORT);
        }
        return Integer.parseInt(text);
    }

    private static Map<String, String> parameters(String url, String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw invalid(url, "a query parameter is not name=value");
            }
            String name = decode(url, "parameter name", pair.substring(0, equals));
            if (!name.equals(SCHEMA_PARAMETER) && !name.equals(SSLMODE_PARAMETER)) {
                throw invalid(url, "unknown parameter '" + name + "' (known: " + SCHEMA_PARAMETER + ", "
                        + SSLMODE_PARAMETER + ")");
            }
            if (parameters.put(name, decode(url, name, pair.substring(equals + 1))) != null) {
                throw invalid(url, "parameter '" + name + "' is given twice");
            }
        }
        return parameters;
    }

    /** Percent-decoding as libpq does it: {@code %XX} is a byte, '+' is itself, the bytes are UTF-8, no NUL. */
    private static String decode(String url, String part, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low < 0) {
                throw invalid(url, "its " + part + " has a '%' that is not followed by two hexadecimal digits");
            }
            int value = high * 16 + low;
            if (value == 0) {
                throw invalid(url, "its " + part + " contains %00");
            }
            bytes.write(value);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(url, "its " + part + " is not UTF-8 once percent-decoded");
        }
    }

    /** Percent-encodes what the address syntax reserves, so that the shown form reads back as the same address. */
    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    /** The password, for the store that logs in; never part of any text. */
    Optional<String> password() {
        return Optional.ofNullable(password);
    }
}
