package io.github.vaults4j.tools;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.vaults4j.PyTuple;
import io.github.vaults4j.codec.Values;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python values plain JSON holds without loss, and their mapping both ways: None, bool, int, finite float,
 * str, list, and dict with str keys. A tuple, bytes, a set, NaN or a dict with other keys has no plain JSON form
 * that reads back as the same value, so it is not representable.
 */
public final class JsonValues {
    /** The most values (containers and scalars, counted once per reference) a readable value may write out. */
    public static final int MAX_WRITTEN_ITEMS = 1_000_000;

    private JsonValues() {
    }

    /**
     * Whether the value (and everything in it) has a plain JSON form that reads back as the same value; see
     * {@link #problem}.
     */
    public static boolean representable(Object value) {
        return problem(value) == null;
    }

    /**
     * Why plain JSON cannot hold the value, or {@code null} when it can. JSON has no references: a value that
     * contains itself cannot be written at all, and a shared part is written once per reference, so a value
     * whose written-out form would exceed {@value #MAX_WRITTEN_ITEMS} items is refused too. The walk is
     * iterative and stops at the first problem, so it costs at most that many steps.
     */
    public static String problem(Object value) {
        Deque<Object> todo = new ArrayDeque<>();
        IdentityHashMap<Object, Boolean> open = new IdentityHashMap<>();
        todo.push(orNone(value));
        long items = 0;
        while (!todo.isEmpty()) {
            Object next = todo.pop();
            if (next instanceof Leave leave) {
                open.remove(leave.container());
                continue;
            }
            if (++items > MAX_WRITTEN_ITEMS) {
                return "its shared parts, written out, exceed " + MAX_WRITTEN_ITEMS + " items";
            }
            Object v = next == NONE ? null : next;
            if (v == null || v instanceof Boolean || v instanceof String || v instanceof Long
                    || v instanceof BigInteger) {
                continue;
            }
            if (v instanceof Double d) {
                if (!Double.isFinite(d)) {
                    return "it holds the float " + Values.shortRepr(d);
                }
                continue;
            }
            if (!(v instanceof Map<?, ?>) && (!(v instanceof List<?>) || v instanceof PyTuple)) {
                return "it holds " + Values.shortRepr(v);
            }
            if (open.put(v, Boolean.TRUE) != null) {
                return "it contains itself";
            }
            todo.push(new Leave(v));
            if (v instanceof List<?> list) {
                for (Object item : list) {
                    todo.push(orNone(item));
                }
            } else {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) v).entrySet()) {
                    if (!(entry.getKey() instanceof String)) {
                        return "it holds a dict with the key " + Values.shortRepr(entry.getKey());
                    }
                    todo.push(orNone(entry.getValue()));
                }
            }
        }
        return null;
    }

    /** Writes a {@link #representable} value, without recursion. */
    public static void write(JsonGenerator out, Object value) throws IOException {
        Deque<Iterator<?>> open = new ArrayDeque<>();
        writeOne(out, value, open);
        while (!open.isEmpty()) {
            Iterator<?> items = open.peek();
            if (!items.hasNext()) {
                open.pop();
                if (out.getOutputContext().inArray()) {
                    out.writeEndArray();
                } else {
                    out.writeEndObject();
                }
            } else if (out.getOutputContext().inArray()) {
                writeOne(out, items.next(), open);
            } else {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) items.next();
                out.writeFieldName((String) entry.getKey());
                writeOne(out, entry.getValue(), open);
            }
        }
    }

    /** Writes a scalar, or opens a container and pushes its items. */
    private static void writeOne(JsonGenerator out, Object value, Deque<Iterator<?>> open) throws IOException {
        switch (value) {
            case null -> out.writeNull();
            case Boolean b -> out.writeBoolean(b);
            case String s -> out.writeString(s);
            case Long l -> out.writeNumber(l);
            case BigInteger i -> out.writeNumber(i);
            case Double d -> out.writeNumber(d);
            case PyTuple t -> throw new IllegalArgumentException("not representable in plain JSON: a tuple");
            case List<?> list -> {
                out.writeStartArray();
                open.push(list.iterator());
            }
            case Map<?, ?> map -> {
                out.writeStartObject();
                open.push(map.entrySet().iterator());
            }
            default -> throw new IllegalArgumentException("not representable in plain JSON: " + value.getClass());
        }
    }

    /** The end of a container's items in {@link #problem}'s walk. */
    private record Leave(Object container) {
    }

    /** ArrayDeque refuses null (Python's None): this stands for it. */
    private static final Object NONE = new Object();

    private static Object orNone(Object value) {
        return value == null ? NONE : value;
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
