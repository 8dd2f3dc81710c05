package io.github.vaults4j.tools;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.vaults4j.PyTuple;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python values plain JSON holds without loss, and their mapping both ways: None, bool, int, finite float,
 * str, list, and dict with str keys. A tuple, bytes, a set, NaN or a dict with other keys has no plain JSON form
 * that reads back as the same value, so it is not representable.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** Whether the value (and everything in it) has a plain JSON form that reads back as the same value. */
    public static boolean representable(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String || value instanceof Long
                || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        if (value instanceof PyTuple) {
            return false;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!representable(item)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !representable(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Writes a {@link #representable} value. */
    public static void write(JsonGenerator out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeNull();
            case Boolean b -> out.writeBoolean(b);
            case String s -> out.writeString(s);
            case Long l -> out.writeNumber(l);
            case BigInteger i -> out.writeNumber(i);
            case Double d -> out.writeNumber(d);
            case List<?> list -> {
                out.writeStartArray();
                for (Object item : list) {
                    write(out, item);
                }
                out.writeEndArray();
            }
            case Map<?, ?> map -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.writeFieldName((String) entry.getKey());
                    write(out, entry.getValue());
                }
                out.writeEndObject();
            }
            default -> throw new IllegalArgumentException("not representable in plain JSON: " + value.getClass());
        }
    }

    /**
     * Reads the JSON value at the parser's current token as the Python value it stands for: an integer is a
     * {@code Long} (a {@code BigInteger} beyond 64 bits), a number with a fraction or exponent a {@code Double},
     * an object a {@code LinkedHashMap} in document order.
     */
    public static Object read(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> in.getText();
            case VALUE_NUMBER_INT -> in.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? in.getBigIntegerValue() : (Object) in.getLongValue();
            case VALUE_NUMBER_FLOAT -> in.getDoubleValue();
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(in));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    in.nextToken();
                    map.put(name, read(in));
                }
                yield map;
            }
            default -> throw new IOException("unexpected JSON token " + token + " at " + in.currentLocation());
        };
    }
}
