package io.github.vaults4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed-JSON notation of the compatibility corpus, both ways, and the value equality the codec tests
 * need ({@code byte[]} by content, doubles by bits, tuples and lists told apart).
 *
 * <p>Every string, list and object is built fresh, as Python's {@code json} module builds them, so a value
 * made here pickles with the same memo references as the Python value made from the same JSON.
 */
public final class TypedJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TypedJson() {
    }

    /** A user object in the corpus: only its class is recorded. */
    public record ObjectRef(String module, String name) {
    }

    /** The Java value for a typed-JSON node, per the codec package's mapping. */
    public static Object toJava(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return new String(n.textValue());
        }
        if (n.has("datetime")) {
            String iso = n.get("datetime").textValue();
            if (n.has("zone")) {
                OffsetDateTime odt = OffsetDateTime.parse(iso);
                return ZonedDateTime.ofLocal(odt.toLocalDateTime(), ZoneId.of(n.get("zone").textValue()),
                        odt.getOffset());
            }
            return hasOffset(iso) ? OffsetDateTime.parse(iso) : LocalDateTime.parse(iso);
        }
        Map.Entry<String, JsonNode> e = n.properties().iterator().next();
        JsonNode v = e.getValue();
        return switch (e.getKey()) {
            case "int" -> {
                BigInteger b = new BigInteger(v.textValue());
                yield b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            case "float" -> parseFloat(v.textValue());
            case "bytes" -> Base64.getDecoder().decode(v.textValue());
            case "list" -> items(v);
            case "tuple" -> PyTuple.copyOf(items(v));
            case "dict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (JsonNode kv : v) {
                    m.put(toJava(kv.get(0)), toJava(kv.get(1)));
                }
                yield m;
            }
            case "set" -> new LinkedHashSet<>(items(v));
            case "frozenset" -> PyFrozenSet.copyOf(items(v));
            case "date" -> LocalDate.parse(v.textValue());
            case "time" -> hasOffset(v.textValue()) ? OffsetTime.parse(v.textValue()) : LocalTime.parse(v.textValue());
            case "timedelta" -> Duration.ofDays(v.get(0).longValue()).plusSeconds(v.get(1).longValue())
                    .plusNanos(v.get(2).longValue() * 1000);
            case "decimal" -> decimal(v.textValue());
            case "complex" -> new PyComplex(parseFloat(v.get(0).textValue()), parseFloat(v.get(1).textValue()));
            case "object" -> new ObjectRef(v.get("module").textValue(), v.get("name").textValue());
            default -> throw new IllegalArgumentException("unknown typed-JSON tag " + e.getKey());
        };
    }

    /** A Decimal that BigDecimal cannot hold exactly (NaN, infinities, negative zero) stays a PyObject. */
    private static Object decimal(String text) {
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.toString().equals(text)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the opaque form
        }
        return PyObject.reduce(PyObject.global("decimal", "Decimal"), List.of(new String(text)));
    }

    private static boolean hasOffset(String iso) {
        int t = iso.indexOf('T');
        String timePart = t >= 0 ? iso.substring(t) : iso;
        return timePart.contains("+") || timePart.contains("-") || timePart.endsWith("Z");
    }

    private static double parseFloat(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static List<Object> items(JsonNode array) {
        List<Object> l = new ArrayList<>(array.size());
        for (JsonNode x : array) {
            l.add(toJava(x));
        }
        return l;
    }

    /** The typed-JSON node for a Java value of the mapping (not for {@link PyObject}). */
    public static JsonNode toJson(Object v) {
        return switch (v) {
            case null -> F.nullNode();
            case Boolean b -> F.booleanNode(b);
            case String s -> F.textNode(s);
            case Long l -> tagged("int", F.textNode(l.toString()));
            case BigInteger b -> tagged("int", F.textNode(b.toString()));
            case Double d -> tagged("float", F.textNode(floatText(d)));
            case byte[] b -> tagged("bytes", F.textNode(Base64.getEncoder().encodeToString(b)));
            case PyTuple t -> tagged("tuple", array(t));
            case List<?> l -> tagged("list", array(l));
            case Map<?, ?> m -> {
                ArrayNode a = F.arrayNode();
                m.forEach((k, x) -> a.add(F.arrayNode().add(toJson(k)).add(toJson(x))));
                yield tagged("dict", a);
            }
            case PyFrozenSet s -> tagged("frozenset", array(s));
            case Set<?> s -> tagged("set", array(s));
            case LocalDateTime t -> tagged("datetime", F.textNode(t.toString()));
            case OffsetDateTime t -> tagged("datetime", F.textNode(iso(t)));
            case ZonedDateTime t -> {
                ObjectNode o = tagged("datetime", F.textNode(iso(t.toOffsetDateTime())));
                o.put("zone", t.getZone().getId());
                yield o;
            }
            case LocalDate d -> tagged("date", F.textNode(d.toString()));
            case LocalTime t -> tagged("time", F.textNode(t.toString()));
            case OffsetTime t -> tagged("time", F.textNode(t.toString().replace("Z", "+00:00")));
            case Duration d -> tagged("timedelta", F.arrayNode().add(Math.floorDiv(d.getSeconds(), 86400L))
                    .add(Math.floorMod(d.getSeconds(), 86400L)).add(d.getNano() / 1000));
            case BigDecimal d -> tagged("decimal", F.textNode(d.toString()));
            case PyComplex c -> tagged("complex", F.arrayNode().add(floatText(c.real())).add(floatText(c.imag())));
            default -> throw new IllegalArgumentException("no typed JSON for " + v.getClass());
        };
    }

    private static String iso(OffsetDateTime t) {
        return t.toString().replace("Z", "+00:00");
    }

    private static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return Double.toHexString(d);
    }

    private static ObjectNode tagged(String tag, JsonNode v) {
        ObjectNode o = F.objectNode();
        o.set(tag, v);
        return o;
    }

    private static ArrayNode array(Iterable<?> items) {
        ArrayNode a = F.arrayNode();
        items.forEach(x -> a.add(toJson(x)));
        return a;
    }

    /** What msgpack gives back for a value: it has arrays only, so tuples (at any depth) become lists. */
    public static Object viaMsgpack(Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(viaMsgpack(x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(viaMsgpack(k), viaMsgpack(x)));
            return out;
        }
        return v;
    }

    /**
     * Value equality as Python sees it after a round trip: {@code byte[]} by content, doubles by bits, a
     * tuple never equal to a list, sets by content, maps in order, an {@link ObjectRef} equal to any
     * {@link PyObject} of that class.
     */
    public static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof ObjectRef r) {
            return b instanceof PyObject p && p.module().equals(r.module()) && p.name().equals(r.name());
        }
        if (b instanceof ObjectRef) {
            return deepEquals(b, a);
        }
        if (a instanceof byte[] x) {
            return b instanceof byte[] y && Arrays.equals(x, y);
        }
        if (a instanceof Double x) {
            return b instanceof Double y && Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        if (a instanceof PyTuple != b instanceof PyTuple || a instanceof PyFrozenSet != b instanceof PyFrozenSet) {
            return false;
        }
        if (a instanceof List<?> x) {
            return b instanceof List<?> y && x.size() == y.size() && allEqual(x.iterator(), y.iterator());
        }
        if (a instanceof Set<?> x) {
            // Insertion order is part of what the codecs preserve.
            return b instanceof Set<?> y && x.size() == y.size() && allEqual(x.iterator(), y.iterator());
        }
        if (a instanceof Map<?, ?> x) {
            return b instanceof Map<?, ?> y && x.size() == y.size()
                    && allEqual(x.keySet().iterator(), y.keySet().iterator())
                    && allEqual(x.values().iterator(), y.values().iterator());
        }
        if (a instanceof ZonedDateTime x) {
            return b instanceof ZonedDateTime y && x.equals(y);
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    private static boolean allEqual(Iterator<?> x, Iterator<?> y) {
        while (x.hasNext()) {
            if (!deepEquals(x.next(), y.next())) {
                return false;
            }
        }
        return true;
    }
}
