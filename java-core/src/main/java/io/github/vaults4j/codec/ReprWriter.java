package io.github.vaults4j.codec;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code repr} of a decoded value, without recursion: an explicit stack of things still to print,
 * and the containers being printed (as CPython's {@code Py_ReprEnter} keeps them) so that a container met
 * again inside itself prints as {@code [...]}, {@code {...}} or {@code (...)}, exactly as CPython does.
 * A shared part prints in full each time it is met, as in Python; the output stops at a character limit, so
 * a hugely shared value costs at most that many characters.
 */
final class ReprWriter {
    private static final int SECONDS_PER_DAY = 86_400;
    private static final int NANOS_PER_MICRO = 1_000;
    /** ArrayDeque refuses null, Python's None: this stands for it on the stack. */
    private static final Object NONE = new Object();

    /** Text to print as it is. */
    private record Text(String text) {
    }

    /** The end of a container's items: it is no longer being printed. */
    private record Leave(Object container) {
    }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Object> todo = new ArrayDeque<>();
    private final IdentityHashMap<Object, Boolean> printing = new IdentityHashMap<>();
    private final int maxChars;

    private ReprWriter(int maxChars) {
        this.maxChars = maxChars;
    }

    /**
     * The repr, or its first {@code maxChars} characters followed by {@code cutMarker} when it is longer.
     */
    static String repr(Object value, int maxChars, String cutMarker) {
        ReprWriter w = new ReprWriter(maxChars);
        w.todo.push(value == null ? NONE : value);
        while (!w.todo.isEmpty()) {
            if (w.out.length() > maxChars) {
                break;
            }
            Object next = w.todo.pop();
            if (next instanceof Text t) {
                w.out.append(t.text());
            } else if (next instanceof Leave l) {
                w.printing.remove(l.container());
            } else {
                w.print(next == NONE ? null : next);
            }
        }
        if (w.out.length() > maxChars) {
            w.out.setLength(maxChars);
            w.out.append(cutMarker);
        }
        return w.out.toString();
    }

    private void print(Object value) {
        switch (value) {
            case null -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case String s -> appendString(out, s);
            case Character c -> appendString(out, String.valueOf(c));
            case byte[] bytes -> appendBytes(out, bytes);
            case Double d -> out.append(PyFloats.repr(d));
            case Float f -> out.append(PyFloats.repr(f));
            case BigDecimal d -> out.append("Decimal('").append(d).append("')");
            case PyComplex c -> appendComplex(c);
            case PyTuple t -> items(t, t, "(", t.size() == 1 ? ",)" : ")", "(...)");
            case List<?> l -> items(l, l, "[", "]", "[...]");
            case Object[] a -> items(Arrays.asList(a), a, "[", "]", "[...]");
            case PyFrozenSet s -> {
                if (s.isEmpty()) {
                    out.append("frozenset()");
                } else {
                    items(s, s, "frozenset({", "})", "frozenset(...)");
                }
            }
            case Set<?> s -> {
                if (s.isEmpty()) {
                    out.append("set()");
                } else {
                    items(s, s, "{", "}", "set(...)");
                }
            }
            case Map<?, ?> m -> entries(m);
            case LocalDateTime t -> appendDateTime(t, "", false);
            case OffsetDateTime t -> appendDateTime(t.toLocalDateTime(), timezone(t.getOffset()), false);
            case ZonedDateTime t -> appendDateTime(t.toLocalDateTime(), zoneInfo(t), PyDateTimes.fold(t));
            case LocalDate d -> out.append("datetime.date(").append(d.getYear()).append(", ")
                    .append(d.getMonthValue()).append(", ").append(d.getDayOfMonth()).append(')');
            case LocalTime t -> appendTime(t, "", false);
            case OffsetTime t -> appendTime(t.toLocalTime(), timezone(t.getOffset()), false);
            case Duration d -> out.append(timedelta(d));
            case PyObject p -> {
                String known = reprOfReduction(p);
                out.append(known != null ? known : p.toString());
            }
            default -> out.append(value);
        }
    }

    /**
     * The repr of an object of a plain type that the reader keeps as a reduction because no Java type holds it
     * (a bytearray, a Decimal such as {@code -0} or {@code NaN}, a datetime with an offset of 18 hours or more, a
     * folded time), or {@code null} for any other object.
     */
    private static String reprOfReduction(PyObject p) {
        if (p.kind() != PyObject.Kind.REDUCE || p.hasState() || !(p.callable() instanceof PyObject callable)) {
            return null;
        }
        List<Object> args = p.args();
        Object first = args.isEmpty() ? null : args.get(0);
        Object tz = args.size() == 2 ? args.get(1) : null;
        String className = callable.kind() == PyObject.Kind.GLOBAL ? callable.module() + "." + callable.name() : "";
        switch (className) {
            case "builtins.bytearray" -> {
                if (args.size() == 1 && first instanceof byte[] b) {
                    StringBuilder s = new StringBuilder("bytearray(");
                    appendBytes(s, b);
                    return s.append(')').toString();
                }
            }
            case "decimal.Decimal" -> {
                if (args.size() == 1 && first instanceof String text) {
                    return "Decimal('" + text + "')";
                }
            }
            case "datetime.datetime", "datetime.time" -> {
                String zone = tzRepr(tz);
                if (args.size() <= 2 && first instanceof byte[] state && zone != null) {
                    return clockFromState(className.equals("datetime.datetime"), state, zone);
                }
            }
            default -> {
                return tzRepr(p);
            }
        }
        return null;
    }

    /** A datetime or time from its pickled state, or {@code null} when the state is not a valid one. */
    private static String clockFromState(boolean withDate, byte[] state, String zone) {
        ReprWriter w = new ReprWriter(Integer.MAX_VALUE);
        if (withDate) {
            LocalDateTime t = PyDateTimes.dateTimeFromState(state);
            if (t == null) {
                return null;
            }
            w.appendDateTime(t, zone, PyDateTimes.dateTimeFold(state));
        } else {
            LocalTime t = PyDateTimes.timeFromState(state);
            if (t == null) {
                return null;
            }
            w.appendTime(t, zone, PyDateTimes.timeFold(state));
        }
        return w.out.toString();
    }

    /**
     * The repr of a tzinfo: {@code ""} for none, {@code datetime.timezone(...)} or {@code zoneinfo.ZoneInfo(...)};
     * {@code null} for anything else.
     */
    private static String tzRepr(Object tz) {
        if (tz == null) {
            return "";
        }
        String key = PyDateTimes.zoneKeyOf(tz);
        if (key != null) {
            StringBuilder s = new StringBuilder("zoneinfo.ZoneInfo(key=");
            appendString(s, key);
            return s.append(')').toString();
        }
        if (tz instanceof PyObject p && p.kind() == PyObject.Kind.REDUCE && !p.hasState()
                && PyDateTimes.TIMEZONE.equals(p.callable()) && !p.args().isEmpty() && p.args().size() <= 2
                && p.args().get(0) instanceof Duration offset) {
            if (p.args().size() == 1) {
                return offset.isZero() ? "datetime.timezone.utc" : "datetime.timezone(" + timedelta(offset) + ")";
            }
            if (p.args().get(1) instanceof String name) {
                StringBuilder s = new StringBuilder("datetime.timezone(").append(timedelta(offset)).append(", ");
                appendString(s, name);
                return s.append(')').toString();
            }
        }
        return null;
    }

    /** Schedules a container's items between its brackets, or prints the marker if it is being printed. */
    private void items(Collection<?> items, Object identity, String open, String close, String again) {
        if (printing.containsKey(identity)) {
            out.append(again);
            return;
        }
        printing.put(identity, Boolean.TRUE);
        out.append(open);
        Object[] all = items.toArray();
        todo.push(new Leave(identity));
        todo.push(new Text(close));
        for (int i = all.length - 1; i >= 0; i--) {
            todo.push(all[i] == null ? NONE : all[i]);
            if (i > 0) {
                todo.push(new Text(", "));
            }
        }
    }

    private void entries(Map<?, ?> map) {
        if (printing.containsKey(map)) {
            out.append("{...}");
            return;
        }
        printing.put(map, Boolean.TRUE);
        out.append('{');
        Object[] pairs = new Object[map.size() * 2];
        int n = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            pairs[n++] = e.getKey();
            pairs[n++] = e.getValue();
        }
        todo.push(new Leave(map));
        todo.push(new Text("}"));
        for (int i = n - 2; i >= 0; i -= 2) {
            todo.push(pairs[i + 1] == null ? NONE : pairs[i + 1]);
            todo.push(new Text(": "));
            todo.push(pairs[i] == null ? NONE : pairs[i]);
            if (i > 0) {
                todo.push(new Text(", "));
            }
        }
    }

    private void appendComplex(PyComplex c) {
        // CPython prints a complex with a real part of +0.0 as the imaginary part alone: 1j, not (0+1j).
        String imag = PyFloats.format(c.imag(), false);
        if (c.real() == 0 && Double.doubleToRawLongBits(c.real()) == 0) {
            out.append(imag).append('j');
            return;
        }
        out.append('(').append(PyFloats.format(c.real(), false));
        out.append(imag.startsWith("-") ? "" : "+").append(imag).append("j)");
    }

    private void appendDateTime(LocalDateTime t, String tzinfo, boolean fold) {
        out.append("datetime.datetime(").append(t.getYear()).append(", ").append(t.getMonthValue()).append(", ")
                .append(t.getDayOfMonth()).append(", ");
        appendClock(t.toLocalTime());
        appendZoneAndFold(tzinfo, fold);
    }

    private void appendTime(LocalTime t, String tzinfo, boolean fold) {
        out.append("datetime.time(");
        appendClock(t);
        appendZoneAndFold(tzinfo, fold);
    }

    /** Hour and minute always; the second when it or the microsecond is not zero; the microsecond when not zero. */
    private void appendClock(LocalTime t) {
        int micro = t.getNano() / NANOS_PER_MICRO;
        out.append(t.getHour()).append(", ").append(t.getMinute());
        if (micro != 0) {
            out.append(", ").append(t.getSecond()).append(", ").append(micro);
        } else if (t.getSecond() != 0) {
            out.append(", ").append(t.getSecond());
        }
    }

    private void appendZoneAndFold(String tzinfo, boolean fold) {
        if (!tzinfo.isEmpty()) {
            out.append(", tzinfo=").append(tzinfo);
        }
        out.append(fold ? ", fold=1)" : ")");
    }

    private static String timezone(ZoneOffset offset) {
        return offset.getTotalSeconds() == 0 ? "datetime.timezone.utc"
                : "datetime.timezone(" + timedelta(Duration.ofSeconds(offset.getTotalSeconds())) + ")";
    }

    private static String zoneInfo(ZonedDateTime t) {
        StringBuilder key = new StringBuilder();
        appendString(key, t.getZone().getId());
        return "zoneinfo.ZoneInfo(key=" + key + ")";
    }

    /** As Python 3.7 and later print a timedelta: normalized days, seconds, microseconds, zeros left out. */
    private static String timedelta(Duration d) {
        long days = Math.floorDiv(d.getSeconds(), SECONDS_PER_DAY);
        long seconds = Math.floorMod(d.getSeconds(), SECONDS_PER_DAY);
        long micros = d.getNano() / NANOS_PER_MICRO;
        StringBuilder s = new StringBuilder("datetime.timedelta(");
        String sep = "";
        if (days != 0) {
            s.append("days=").append(days);
            sep = ", ";
        }
        if (seconds != 0) {
            s.append(sep).append("seconds=").append(seconds);
            sep = ", ";
        }
        if (micros != 0) {
            s.append(sep).append("microseconds=").append(micros);
            sep = ", ";
        }
        return s.append(sep.isEmpty() ? "0)" : ")").toString();
    }

    /** CPython's {@code unicode_repr}: code points, each escaped unless Python deems it printable. */
    static void appendString(StringBuilder out, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (appendAsciiEscape(out, c, quote)) {
                continue;
            }
            if (c < 0x7f || isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xff) {
                hex(out, "\\x", c, 2);
            } else if (c <= 0xffff) {
                hex(out, "\\u", c, 4);
            } else {
                hex(out, "\\U", c, 8);
            }
        }
        out.append(quote);
    }

    /**
     * The escapes str and bytes reprs share: the quote, the backslash, tab, newline, return, other control
     * characters and DEL; false when the character is none of them.
     */
    private static boolean appendAsciiEscape(StringBuilder out, int c, char quote) {
        switch (c) {
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
                if (c == quote || c == '\\') {
                    out.append('\\').append((char) c);
                } else if (c < ' ' || c == 0x7f) {
                    hex(out, "\\x", c, 2);
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** Python's {@code str.isprintable} for one code point (the space counts as printable). */
    private static boolean isPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> c == ' ';
            default -> true;
        };
    }

    private static void hex(StringBuilder out, String prefix, int c, int digits) {
        String h = Integer.toHexString(c);
        out.append(prefix).append("0".repeat(digits - h.length())).append(h);
    }

    /** CPython's {@code bytes_repr}. */
    static void appendBytes(StringBuilder out, byte[] bytes) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : bytes) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        out.append('b').append(quote);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (appendAsciiEscape(out, c, quote)) {
                continue;
            }
            if (c > 0x7f) {
                hex(out, "\\x", c, 2);
            } else {
                out.append((char) c);
            }
        }
        out.append(quote);
    }
}
