package io.github.vaults4j.codec;

import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.UnsupportedValueException.Reason;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The pickled form of Python's {@code datetime} types: the packed state bytes that
 * {@code datetime.__reduce_ex__} returns and the timezone objects that go with them. Shared by reader and
 * writer so both agree on every bit.
 */
final class PyDateTimes {
    private PyDateTimes() {
    }

    static final PyObject DATETIME = PyObject.global("datetime", "datetime");
    static final PyObject DATE = PyObject.global("datetime", "date");
    static final PyObject TIME = PyObject.global("datetime", "time");
    static final PyObject TIMEDELTA = PyObject.global("datetime", "timedelta");
    static final PyObject TIMEZONE = PyObject.global("datetime", "timezone");
    static final PyObject ZONEINFO = PyObject.global("zoneinfo", "ZoneInfo");
    static final PyObject GETATTR = PyObject.global("builtins", "getattr");
    static final long MAX_TIMEDELTA_DAYS = 999_999_999L;

    /** {@code datetime.timezone.utc}: one object per interpreter, so a pickle holds it once. */
    static final PyObject UTC = PyObject.reduce(TIMEZONE, PyTuple.of(Duration.ZERO));

    static byte[] dateTimeState(LocalDateTime t, boolean fold) {
        byte[] s = new byte[10];
        putDate(s, t.toLocalDate());
        putTime(s, 4, t.toLocalTime());
        if (fold) {
            s[2] |= (byte) 0x80;
        }
        return s;
    }

    static byte[] dateState(LocalDate d) {
        byte[] s = new byte[4];
        putDate(s, d);
        return s;
    }

    static byte[] timeState(LocalTime t, boolean fold) {
        byte[] s = new byte[6];
        putTime(s, 0, t);
        if (fold) {
            s[0] |= (byte) 0x80;
        }
        return s;
    }

    private static void putDate(byte[] s, LocalDate d) {
        int y = d.getYear();
        if (y < 1 || y > 9999) {
            throw new UnencodableException("year " + y + " is out of Python's datetime range 1..9999", false, Reason.OUT_OF_PYTHON_RANGE);
        }
        s[0] = (byte) (y >> 8);
        s[1] = (byte) y;
        s[2] = (byte) d.getMonthValue();
        s[3] = (byte) d.getDayOfMonth();
    }

    private static void putTime(byte[] s, int at, LocalTime t) {
        if (t.getNano() % 1000 != 0) {
            throw new UnencodableException("time " + t + " has sub-microsecond precision, which Python's "
                    + "datetime cannot hold", false, Reason.OUT_OF_PYTHON_RANGE);
        }
        int us = t.getNano() / 1000;
        s[at] = (byte) t.getHour();
        s[at + 1] = (byte) t.getMinute();
        s[at + 2] = (byte) t.getSecond();
        s[at + 3] = (byte) (us >> 16);
        s[at + 4] = (byte) (us >> 8);
        s[at + 5] = (byte) us;
    }

    /** A datetime state, or {@code null} when the bytes are not a valid one. Bit 7 of byte 2 is the fold. */
    static LocalDateTime dateTimeFromState(byte[] s) {
        if (s.length != 10 || (s[2] & 0x7F) < 1 || (s[2] & 0x7F) > 12) {
            return null;
        }
        LocalDate d = date(s, (s[2] & 0x7F));
        LocalTime t = time(s, 4, s[4] & 0xFF);
        return d == null || t == null ? null : LocalDateTime.of(d, t);
    }

    static boolean dateTimeFold(byte[] s) {
        return (s[2] & 0x80) != 0;
    }

    static LocalDate dateFromState(byte[] s) {
        return s.length == 4 ? date(s, s[2] & 0xFF) : null;
    }

    static LocalTime timeFromState(byte[] s) {
        return s.length == 6 ? time(s, 0, s[0] & 0x7F) : null;
    }

    static boolean timeFold(byte[] s) {
        return (s[0] & 0x80) != 0;
    }

    private static LocalDate date(byte[] s, int month) {
        int y = ((s[0] & 0xFF) << 8) | (s[1] & 0xFF);
        int day = s[3] & 0xFF;
        if (y < 1 || y > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(y, month, day);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static LocalTime time(byte[] s, int at, int hour) {
        int minute = s[at + 1] & 0xFF;
        int second = s[at + 2] & 0xFF;
        int us = ((s[at + 3] & 0xFF) << 16) | ((s[at + 4] & 0xFF) << 8) | (s[at + 5] & 0xFF);
        if (hour > 23 || minute > 59 || second > 59 || us > 999_999) {
            return null;
        }
        return LocalTime.of(hour, minute, second, us * 1000);
    }

    /** The (days, seconds, microseconds) arguments of {@code timedelta} for a duration. */
    static Object[] timedeltaArgs(Duration d) {
        if (d.getNano() % 1000 != 0) {
            throw new UnencodableException("duration " + d + " has sub-microsecond precision, which Python's "
                    + "timedelta cannot hold", false, Reason.OUT_OF_PYTHON_RANGE);
        }
        long days = Math.floorDiv(d.getSeconds(), 86_400L);
        if (Math.abs(days) > MAX_TIMEDELTA_DAYS) {
            throw new UnencodableException("duration " + d + " is out of Python's timedelta range", false, Reason.OUT_OF_PYTHON_RANGE);
        }
        return new Object[] {days, Math.floorMod(d.getSeconds(), 86_400L), (long) (d.getNano() / 1000)};
    }

    /** The duration for timedelta arguments, or {@code null} when they are not what CPython writes. */
    static Duration timedelta(Object days, Object seconds, Object micros) {
        if (!(days instanceof Long dd && seconds instanceof Long ss && micros instanceof Long us)
                || Math.abs(dd) > MAX_TIMEDELTA_DAYS || ss < 0 || ss >= 86_400 || us < 0 || us >= 1_000_000) {
            return null;
        }
        return Duration.ofSeconds(dd * 86_400 + ss, us * 1000);
    }

    /**
     * The tzinfo object for a fixed offset: the UTC singleton for zero, otherwise a fresh
     * {@code timezone(timedelta(seconds=offset))}, as {@code datetime.fromisoformat} makes one per value.
     */
    static PyObject timezone(ZoneOffset offset) {
        return offset.getTotalSeconds() == 0 ? UTC
                : PyObject.reduce(TIMEZONE, PyTuple.of(Duration.ofSeconds(offset.getTotalSeconds())));
    }

    /** The offset of a {@code timezone(timedelta)} object, or {@code null} for any other tzinfo. */
    static ZoneOffset offsetOf(Object tz) {
        if (tz instanceof PyObject p && p.kind() == PyObject.Kind.REDUCE && TIMEZONE.equals(p.callable())
                && p.args().size() == 1 && p.args().get(0) instanceof Duration d && !p.hasState()
                && d.getNano() == 0 && Math.abs(d.getSeconds()) < 86_400) {
            try {
                return ZoneOffset.ofTotalSeconds((int) d.getSeconds());
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * A {@code zoneinfo.ZoneInfo} as it pickles: {@code ZoneInfo._unpickle(key, 1)}, where the bound
     * method is itself {@code getattr(ZoneInfo, '_unpickle')} with a fresh name string each time.
     */
    static PyObject zoneInfo(String key) {
        PyObject unpickle = PyObject.reduce(GETATTR, PyTuple.of(ZONEINFO, new String("_unpickle")));
        return PyObject.reduce(unpickle, PyTuple.of(key, 1L));
    }

    /** The zone key of a pickled ZoneInfo, or {@code null} for any other tzinfo. */
    static String zoneKeyOf(Object tz) {
        if (tz instanceof PyObject p && p.kind() == PyObject.Kind.REDUCE && !p.hasState()
                && p.callable() instanceof PyObject m && m.kind() == PyObject.Kind.REDUCE
                && GETATTR.equals(m.callable()) && m.args().size() == 2 && ZONEINFO.equals(m.args().get(0))
                && "_unpickle".equals(m.args().get(1)) && p.args().size() == 2
                && p.args().get(0) instanceof String key && Long.valueOf(1L).equals(p.args().get(1))) {
            return key;
        }
        return null;
    }

    /** Python's fold: 1 for the second of two equal wall times in a backward transition. */
    static boolean fold(ZonedDateTime z) {
        return !z.getOffset().equals(z.withEarlierOffsetAtOverlap().getOffset());
    }
}
