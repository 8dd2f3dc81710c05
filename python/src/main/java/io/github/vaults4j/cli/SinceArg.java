package io.github.vaults4j.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --since} argument: a duration back from now ({@code 30m}, {@code 24h}, {@code 7d}, {@code 90s} or ISO's
 * {@code PT2H}) or a time ({@code 2026-12-02T10:00:00Z}, an offset time, a local date-time or a date, both in the
 * system's time zone).
 */
final class SinceArg {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

    private SinceArg() {
    }

    /** The instant the argument names, as of {@code now}. */
    static Instant parse(String text, Instant now, ZoneId zone) {
        String trimmed = text.trim();
        Matcher shortForm = SHORT_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            Duration back = switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            return now.minus(Duration.parse(trimmed));
        }
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException notUtc) {
            // next form
        }
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(trimmed).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            return LocalDate.parse(trimmed).atStartOfDay(zone).toInstant();
        }
    }
}
