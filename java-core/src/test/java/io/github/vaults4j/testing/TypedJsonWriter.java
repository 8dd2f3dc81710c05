package io.github.vaults4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java value → the typed-JSON notation of compat-fixtures/TYPED_JSON.md, so that a CPython peer can be told
 * which Python value to expect. The reverse direction is {@link TypedJson}.
 */
public final class TypedJsonWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TypedJsonWriter() {
    }

    /** The typed JSON text of a value. */
    public static String text(Object value) {
        try {
            return JSON.writeValueAsString(node(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line {"key": TYPED, "value": TYPED} of an expectations file. */
    public static String pair(Object key, Object value) {
        ObjectNode line = NODES.objectNode();
        line.set("key", node(key));
        line.set("value", node(value));
        return line.toString();
    }

    public static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            return tagged("int", NODES.textNode(value.toString()));
        }
        if (value instanceof Double d) {
            String text = d.isNaN() ? "nan" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : Double.toHexString(d);
            return tagged("float", NODES.textNode(text));
        }
        if (value instanceof byte[] bytes) {
            return tagged("bytes", NODES.textNode(Base64.getEncoder().encodeToString(bytes)));
        }
        if (value instanceof PyTuple tuple) {
            return tagged("tuple", items(tuple));
        }
        if (value instanceof List<?> list) {
            return tagged("list", items(list));
        }
        if (value instanceof PyFrozenSet set) {
            return tagged("frozenset", items(set));
        }
        if (value instanceof Set<?> set) {
            return tagged("set", items(set));
        }
        if (value instanceof Map<?, ?> map) {
            ArrayNode pairs = NODES.arrayNode();
            map.forEach((k, v) -> pairs.add(NODES.arrayNode().add(node(k)).add(node(v))));
            return tagged("dict", pairs);
        }
        if (value instanceof LocalDateTime || value instanceof OffsetDateTime) {
            return tagged("datetime", NODES.textNode(pythonIso(value.toString())));
        }
        if (value instanceof LocalDate date) {
            return tagged("date", NODES.textNode(date.toString()));
        }
        if (value instanceof LocalTime time) {
            return tagged("time", NODES.textNode(pythonIso(time.toString())));
        }
        if (value instanceof Duration duration) {
            long days = Math.floorDiv(duration.getSeconds(), 86_400);
            long seconds = Math.floorMod(duration.getSeconds(), 86_400);
            return tagged("timedelta", NODES.arrayNode().add(days).add(seconds).add(duration.getNano() / 1000));
        }
        if (value instanceof BigDecimal decimal) {
            return tagged("decimal", NODES.textNode(decimal.toString()));
        }
        if (value instanceof PyComplex c) {
            return tagged("complex", NODES.arrayNode().add(Double.toHexString(c.real())).add(Double.toHexString(c.imag())));
        }
        throw new IllegalArgumentException("no typed JSON for " + value.getClass());
    }

    /** Java prints 12:00 where Python's isoformat() prints 12:00:00. */
    private static String pythonIso(String javaIso) {
        return javaIso.replaceFirst("T(\\d\\d:\\d\\d)($|[+-Z])", "T$1:00$2").replaceFirst("^(\\d\\d:\\d\\d)$", "$1:00")
                .replace("Z", "+00:00");
    }

    private static ArrayNode items(Iterable<?> items) {
        ArrayNode array = NODES.arrayNode();
        for (Object item : items) {
            array.add(node(item));
        }
        return array;
    }

    private static ObjectNode tagged(String tag, JsonNode content) {
        ObjectNode node = NODES.objectNode();
        node.set(tag, content);
        return node;
    }
}
