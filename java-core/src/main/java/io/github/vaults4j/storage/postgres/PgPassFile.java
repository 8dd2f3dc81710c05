package io.github.vaults4j.storage.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a password in a libpq password file ({@code ~/.pgpass}) by libpq's rules, so that one file serves psql and
 * vaults4j alike: lines {@code hostname:port:database:username:password}, the first matching line wins, a field that
 * is exactly {@code *} matches anything, a backslash escapes the next character (so {@code \:} and {@code \\}),
 * lines starting with {@code #} are comments. A file that is not a plain file, or that its group or others may
 * read or write, is ignored with a warning, as libpq does.
 */
final class PgPassFile {
    private static final Logger LOG = LoggerFactory.getLogger(PgPassFile.class);
    static final String WILDCARD = "*";
    private static final char SEPARATOR = ':';
    private static final char ESCAPE = '\\';
    private static final char COMMENT = '#';
    /** Any of these makes libpq ignore the file: it must be u=rw (0600) or less. */
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPassFile() {
    }

    /** The password of the first line of {@code file} that matches the four values, if the file may be used. */
    static Optional<String> lookup(Path file, String host, int port, String database, String user) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            LOG.warn("password file \"{}\" is not a plain file: ignored", file);
            return Optional.empty();
        }
        List<String> lines;
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null && posix.readAttributes().permissions().stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                LOG.warn("password file \"{}\" has group or world access; permissions should be u=rw (0600) or less:"
                        + " ignored", file);
                return Optional.empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot read password file \"{}\": {}", file, e.toString());
            return Optional.empty();
        }
        return lookup(lines, host, port, database, user);
    }

    /** The password of the first of these lines that matches the four values. */
    static Optional<String> lookup(List<String> lines, String host, int port, String database, String user) {
        List<String> wanted = List.of(host, String.valueOf(port), database, user);
        for (String line : lines) {
            if (line.isEmpty() || line.charAt(0) == COMMENT) {
                continue;
            }
            int position = 0;
            for (String value : wanted) {
                position = matchField(line, position, value);
                if (position < 0) {
                    break;
                }
            }
            if (position >= 0) {
                return Optional.of(unescapeField(line, position));
            }
        }
        return Optional.empty();
    }

    /** Where the field after {@code start} ends (past its separator) when it matches {@code value}, else -1. */
    private static int matchField(String line, int start, String value) {
        if (line.startsWith(WILDCARD + SEPARATOR, start)) {
            return start + 2;
        }
        int matched = 0;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ESCAPE && i + 1 < line.length()) {
                c = line.charAt(++i);
            } else if (c == SEPARATOR) {
                return matched == value.length() ? i + 1 : -1;
            }
            if (matched >= value.length() || value.charAt(matched) != c) {
                return -1;
            }
            matched++;
        }
        return -1; // a line with fewer than five fields never matches
    }

    /** The password field: up to the next unescaped separator, escapes removed. */
    private static String unescapeField(String line, int start) {
        StringBuilder password = new StringBuilder();
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ESCAPE && i + 1 < line.length()) {
                c = line.charAt(++i);
            } else if (c == SEPARATOR) {
                break;
            }
            password.append(c);
        }
        return password.toString();
    }
}
