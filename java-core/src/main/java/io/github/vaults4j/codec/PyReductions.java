package io.github.vaults4j.codec;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The fixed table of reductions the reader turns into Java values: {@code callable(*args)} where the
 * callable is one of the globals CPython uses for the mapped types. Anything else, and any known callable
 * with arguments CPython would not have written (a fold, a NaN Decimal, a named timezone), stays a
 * {@link PyObject} so that it is written back unchanged.
 */
final class PyReductions {
    private PyReductions() {
    }

    static Object reduce(Object callable, PyTuple args) {
        Object value = null;
        if (callable instanceof PyObject g && g.kind() == PyObject.Kind.GLOBAL) {
            value = known(g.module() + "." + g.name(), args);
        }
        return value != null ? value : PyObject.reduce(callable, args);
    }

    private static Object known(String global, PyTuple a) {
        int n = a.size();
        Object a0 = n > 0 ? a.get(0) : null;
        return switch (global) {
            case "datetime.datetime" -> n >= 1 && n <= 2 && a0 instanceof byte[] s ? dateTime(s, n == 2 ? a.get(1) : null) : null;
            case "datetime.date" -> n == 1 && a0 instanceof byte[] s ? PyDateTimes.dateFromState(s) : null;
            case "datetime.time" -> n >= 1 && n <= 2 && a0 instanceof byte[] s ? time(s, n == 2 ? a.get(1) : null) : null;
            case "datetime.timedelta" -> n == 3 ? PyDateTimes.timedelta(a0, a.get(1), a.get(2)) : null;
            case "decimal.Decimal" -> n == 1 && a0 instanceof String s ? decimal(s) : null;
            case "builtins.complex" -> n == 2 && a0 instanceof Double re && a.get(1) instanceof Double im
                    ? new PyComplex(re, im) : null;
            case "builtins.set" -> n == 0 ? new LinkedHashSet<>()
                    : n == 1 && a0 instanceof List<?> l && !(a0 instanceof PyTuple) ? new LinkedHashSet<>(l) : null;
            case "builtins.frozenset" -> n == 0 ? PyFrozenSet.of()
                    : n == 1 && a0 instanceof List<?> l && !(a0 instanceof PyTuple) ? PyFrozenSet.copyOf(l) : null;
            case "builtins.bytes" -> n == 0 ? new byte[0] : null;
            case "_codecs.encode" -> n == 2 && a0 instanceof String s && "latin1".equals(a.get(1)) ? latin1(s) : null;
            default -> null;
        };
    }

    private static Object dateTime(byte[] state, Object tz) {
        LocalDateTime t = PyDateTimes.dateTimeFromState(state);
        if (t == null) {
            return null;
        }
        boolean fold = PyDateTimes.dateTimeFold(state);
        if (tz == null) {
            return fold ? null : t;
        }
        ZoneOffset offset = PyDateTimes.offsetOf(tz);
        if (offset != null) {
            return fold ? null : OffsetDateTime.of(t, offset);
        }
        String key = PyDateTimes.zoneKeyOf(tz);
        if (key == null) {
            return null;
        }
        try {
            ZonedDateTime z = t.atZone(ZoneId.of(key));
            z = fold ? z.withLaterOffsetAtOverlap() : z.withEarlierOffsetAtOverlap();
            // A wall time in a gap does not exist in java.time; keep such a value as Python has it.
            return z.toLocalDateTime().equals(t) && PyDateTimes.fold(z) == fold
                    && z.getZone().getId().equals(key) ? z : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Object time(byte[] state, Object tz) {
        LocalTime t = PyDateTimes.timeFromState(state);
        if (t == null || PyDateTimes.timeFold(state)) {
            return null;
        }
        if (tz == null) {
            return t;
        }
        ZoneOffset offset = PyDateTimes.offsetOf(tz);
        return offset == null ? null : OffsetTime.of(t, offset);
    }

    /** Only a Decimal whose {@code str()} BigDecimal reproduces: no NaN, infinity or negative zero. */
    private static BigDecimal decimal(String s) {
        try {
            BigDecimal d = new BigDecimal(s);
            return d.toString().equals(s) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return null;
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
