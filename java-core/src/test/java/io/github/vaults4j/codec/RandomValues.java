package io.github.vaults4j.codec;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyTuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Test values: random ones from a seed, and the conversion msgpack applies (tuples read back as lists). */
final class RandomValues {
    private static final String[] ZONES = {"Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"};
    private final Random random;

    RandomValues(long seed) {
        random = new Random(seed);
    }

    /** A random value of any mapped type; containers up to {@code depth} levels. Every object is fresh. */
    Object any(int depth) {
        int kind = random.nextInt(depth > 0 ? 22 : 16);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2, 3 -> integer();
            case 4 -> floating();
            case 5, 6 -> string();
            case 7 -> bytes();
            case 8 -> dateTime();
            case 9 -> LocalDate.of(1 + random.nextInt(9999), 1 + random.nextInt(12), 1 + random.nextInt(28));
            case 10 -> random.nextBoolean() ? time()
                    : OffsetTime.of(time(), ZoneOffset.ofTotalSeconds(60 * (random.nextInt(1440) - 720)));
            case 11 -> Duration.ofSeconds(random.nextLong(-86_400L * 999_999, 86_400L * 999_999),
                    random.nextInt(1_000_000) * 1000L);
            case 12 -> new BigDecimal(new BigInteger(64, random).subtract(BigInteger.ONE.shiftLeft(63)),
                    random.nextInt(20) - 10);
            case 13 -> new PyComplex(floating(), floating());
            case 14 -> new String(new char[] {(char) random.nextInt(0x100)});
            case 15 -> integer();
            case 16, 17 -> list(depth);
            case 18 -> PyTuple.copyOf(list(depth));
            case 19 -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    m.put(hashable(), any(depth - 1));
                }
                yield m;
            }
            case 20 -> {
                Set<Object> s = new LinkedHashSet<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    s.add(hashable());
                }
                yield random.nextBoolean() ? s : PyFrozenSet.copyOf(s);
            }
            default -> list(depth);
        };
    }

    private List<Object> list(int depth) {
        int n = random.nextInt(6);
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(any(depth - 1));
        }
        return l;
    }

    /** Keys that Python can hash and Java compares the same way (no float/int mixing, no NaN). */
    private Object hashable() {
        return switch (random.nextInt(3)) {
            case 0 -> integer();
            case 1 -> string();
            default -> PyTuple.of(integer(), string());
        };
    }

    Object integer() {
        return switch (random.nextInt(6)) {
            case 0 -> (long) random.nextInt(256);
            case 1 -> (long) random.nextInt(70000) - 35000;
            case 2 -> (long) random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> {
                BigInteger b = new BigInteger(64 + random.nextInt(300), random);
                b = random.nextBoolean() ? b.negate() : b;
                yield b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            default -> -(long) random.nextInt(300);
        };
    }

    double floating() {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> -0.0;
            case 3 -> Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL);
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
        };
    }

    String string() {
        int n = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2 + random.nextInt(30);
            case 3 -> 200 + random.nextInt(100);
            default -> random.nextInt(10);
        };
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> sb.append((char) (0x80 + random.nextInt(0x780)));
                case 1 -> sb.appendCodePoint(0x10000 + random.nextInt(0x1000));
                case 2 -> sb.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
                default -> sb.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return new String(sb);
    }

    byte[] bytes() {
        byte[] b = new byte[switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 300;
            default -> random.nextInt(40);
        }];
        random.nextBytes(b);
        return b;
    }

    LocalTime time() {
        return LocalTime.of(random.nextInt(24), random.nextInt(60), random.nextInt(60),
                random.nextInt(1_000_000) * 1000);
    }

    Object dateTime() {
        LocalDateTime t = LocalDateTime.of(LocalDate.of(1900 + random.nextInt(200), 1 + random.nextInt(12),
                1 + random.nextInt(28)), time());
        return switch (random.nextInt(3)) {
            case 0 -> t;
            case 1 -> OffsetDateTime.of(t, random.nextBoolean() ? ZoneOffset.UTC
                    : ZoneOffset.ofTotalSeconds(60 * (random.nextInt(1440) - 720)));
            default -> ZonedDateTime.of(t, ZoneId.of(ZONES[random.nextInt(ZONES.length)]));
        };
    }

    /** What protocols 2 and 3 give back: they do not record the fold of a datetime. */
    static Object withoutFold(Object v) {
        if (v instanceof ZonedDateTime z) {
            return z.withEarlierOffsetAtOverlap();
        }
        if (v instanceof PyTuple t) {
            List<Object> out = new ArrayList<>(t.size());
            t.forEach(x -> out.add(withoutFold(x)));
            return PyTuple.copyOf(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(withoutFold(x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(withoutFold(k), withoutFold(x)));
            return out;
        }
        return v;
    }
}
