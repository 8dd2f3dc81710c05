package io.github.vaults4j.codec;

import static io.github.vaults4j.codec.Opcodes.*;

import io.github.vaults4j.PyFrozenSet;
import io.github.vaults4j.PyObject;
import io.github.vaults4j.PyTuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads pickles of protocols 0 to 5 as CPython writes them, without running, loading or instantiating
 * anything the data names.
 *
 * <p>Globals are looked up in a fixed table of the names CPython uses for the types of the mapping
 * ({@code datetime.*}, {@code decimal.Decimal}, {@code builtins.set}, {@code _codecs.encode}, the
 * {@code ZoneInfo._unpickle} reduction, ...); a reduction or instance of anything else, however it is
 * named ({@code os.system} included), becomes an inert {@link PyObject} that records it.
 *
 * <p>Identity: every reference to one memo entry (BINGET and friends) returns the same Java object; every
 * other opcode creates a fresh one. With {@link PickleWriter}'s memo rule this makes read-then-write give
 * back the same bytes.
 *
 * <p>Malformed input of any kind (truncation, an unknown opcode, a length larger than what is left, a stack
 * underflow, a memo miss, a type CPython would refuse at that point) raises {@link CodecException} naming the
 * byte offset and the opcode; nesting deeper than the given limit raises {@link DepthLimitException}. No
 * allocation is made from a declared length before it is checked against the remaining input.
 */
public final class PickleReader {
    private static final PyObjectAssembly.Completer COMPLETE = PyObjectAssembly.completer();

    private final byte[] data;
    private final int end;
    private final int maxDepth;
    private int pos;
    private int opStart;
    private int opcode;
    private int proto;

    private Object[] stack = new Object[16];
    private int[] depths = new int[16];
    private int sp;
    private int[] marks = new int[8];
    private int markCount;
    private final PickleMemo memo = new PickleMemo();
    private int containers;
    /**
     * Whether a container went onto the stack a second time (by memo reference or {@code DUP}): only then can a
     * container be deepened after its parent took it, and only then may the running depth be short.
     */
    private boolean containerReused;

    private PickleReader(byte[] data, int offset, int length, int maxDepth) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
        this.maxDepth = maxDepth;
    }

    /**
     * Decodes one pickle.
     *
     * @param data     the bytes
     * @param offset   where the pickle starts
     * @param length   how many bytes it may use
     * @param maxDepth the deepest container nesting accepted (a scalar at top level is depth 0)
     * @return the value, per the package's type mapping
     * @throws CodecException      for malformed input
     * @throws DepthLimitException for nesting deeper than {@code maxDepth}
     */
    public static Object read(byte[] data, int offset, int length, int maxDepth) {
        Objects.checkFromIndexSize(offset, length, data.length);
        PickleReader r = new PickleReader(data, offset, length, maxDepth);
        try {
            return r.run();
        } catch (StackOverflowError e) {
            // Hashing a deeply nested key recurses; treat it as the depth problem it is.
            throw new DepthLimitException("nesting too deep to hash, at offset " + r.opStart);
        } catch (OutOfMemoryError e) {
            throw new CodecException("pickle needs more memory than available, at offset " + r.opStart, e);
        }
    }

    private CodecException fail(String what) {
        return new CodecException("bad pickle at offset " + opStart + ", opcode " + Opcodes.name(opcode) + ": "
                + what);
    }

    private Object run() {
        while (true) {
            opStart = pos;
            opcode = -1;
            if (pos >= end) {
                throw fail("truncated: no STOP");
            }
            opcode = data[pos++] & 0xFF;
            if (opcode == STOP) {
                if (sp == 0 || markCount > 0 && marks[markCount - 1] == sp) {
                    throw fail("stack empty at STOP");
                }
                Object result = stack[sp - 1];
                checkDepth(result);
                return result;
            }
            step();
        }
    }

    // ---- input

    private void need(long n) {
        if (n < 0 || n > end - pos) {
            throw fail("truncated: needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    private int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    private int u16() {
        need(2);
        int v = (data[pos] & 0xFF) | ((data[pos + 1] & 0xFF) << 8);
        pos += 2;
        return v;
    }

    private int s32() {
        need(4);
        int v = (data[pos] & 0xFF) | ((data[pos + 1] & 0xFF) << 8) | ((data[pos + 2] & 0xFF) << 16)
                | ((data[pos + 3] & 0xFF) << 24);
        pos += 4;
        return v;
    }

    private long s64() {
        long lo = s32() & 0xFFFFFFFFL;
        long hi = s32() & 0xFFFFFFFFL;
        return lo | (hi << 32);
    }

    /** A length that must fit in what is left; checked before anything is allocated. */
    private int length(long n) {
        if (n < 0 || n > end - pos) {
            throw fail("declared length " + Long.toUnsignedString(n) + " exceeds the " + (end - pos)
                    + " bytes left");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    private String line() {
        int start = pos;
        while (pos < end && data[pos] != '\n') {
            pos++;
        }
        if (pos >= end) {
            throw fail("truncated: line not terminated");
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private String utf8(int n) {
        String s = PyText.decode(data, pos, n, true);
        if (s == null) {
            throw fail("invalid UTF-8 in string");
        }
        pos += n;
        return s;
    }

    // ---- stack

    private void push(Object o, int depth) {
        if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
            depths = Arrays.copyOf(depths, sp * 2);
        }
        stack[sp] = o;
        depths[sp++] = depth;
    }

    private void pushContainer(Object o, int depth) {
        if (depth > maxDepth) {
            throw new DepthLimitException("nesting deeper than " + maxDepth + " at offset " + opStart
                    + ", opcode " + Opcodes.name(opcode));
        }
        containers++;
        push(o, depth);
    }

    private int floor() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private Object pop() {
        if (sp <= floor()) {
            throw fail("stack underflow");
        }
        return stack[--sp];
    }

    private Object top() {
        if (sp <= floor()) {
            throw fail("stack underflow");
        }
        return stack[sp - 1];
    }

    private int popMark() {
        if (markCount == 0) {
            throw fail("no MARK on the stack");
        }
        return marks[--markCount];
    }

    private int maxDepthIn(int from, int to) {
        int d = 0;
        for (int i = from; i < to; i++) {
            d = Math.max(d, depths[i]);
        }
        return d;
    }

    /**
     * The deepest of the items {@code [from, to)} about to be added to the container just below them; the
     * container itself among them (a cycle, as {@code l.append(l)}) adds no depth, as {@link Nesting} counts.
     */
    private int itemDepth(int from, int to) {
        Object target = from > 0 ? stack[from - 1] : null;
        int d = 0;
        for (int i = from; i < to; i++) {
            if (stack[i] != target) {
                d = Math.max(d, depths[i]);
            }
        }
        return d;
    }

    private void deepen(int index, int itemDepth) {
        int d = Math.max(depths[index], itemDepth + 1);
        if (d > maxDepth) {
            throw new DepthLimitException("nesting deeper than " + maxDepth + " at offset " + opStart
                    + ", opcode " + Opcodes.name(opcode));
        }
        depths[index] = d;
    }

    // ---- opcodes

    private void step() {
        switch (opcode) {
            case PROTO -> {
                proto = u8();
                if (proto > io.github.vaults4j.Format.HIGHEST_PICKLE_PROTOCOL) {
                    throw fail("unsupported protocol " + proto);
                }
            }
            case FRAME -> length(s64());
            case NONE -> push(null, 0);
            case NEWTRUE -> push(Boolean.TRUE, 0);
            case NEWFALSE -> push(Boolean.FALSE, 0);
            case BININT1 -> push((long) u8(), 0);
            case BININT2 -> push((long) u16(), 0);
            case BININT -> push((long) s32(), 0);
            case LONG1 -> push(longBytes(length(u8())), 0);
            case LONG4 -> push(longBytes(length(s32())), 0);
            case INT -> push(textInt(line()), 0);
            case LONG -> push(textLong(line()), 0);
            case BINFLOAT -> {
                need(8);
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = (bits << 8) | (data[pos++] & 0xFF);
                }
                push(Double.longBitsToDouble(bits), 0);
            }
            case FLOAT -> push(textFloat(line()), 0);
            case SHORT_BINUNICODE -> push(utf8(length(u8())), 0);
            case BINUNICODE -> push(utf8(length(s32() & 0xFFFFFFFFL)), 0);
            case BINUNICODE8 -> push(utf8(length(s64())), 0);
            case UNICODE -> push(rawUnicodeEscape(line()), 0);
            case SHORT_BINBYTES -> push(bytes(length(u8())), 0);
            case BINBYTES -> push(bytes(length(s32() & 0xFFFFFFFFL)), 0);
            case BINBYTES8 -> push(bytes(length(s64())), 0);
            case SHORT_BINSTRING -> push(python2Str(bytes(length(u8()))), 0);
            case BINSTRING -> push(python2Str(bytes(length(s32()))), 0);
            case STRING -> push(python2Str(stringLiteral(line())), 0);
            case BYTEARRAY8 -> pushContainer(PyObject.reduce(PyObject.global("builtins", "bytearray"),
                    PyTuple.of((Object) bytes(length(s64())))), 1);
            case EMPTY_TUPLE -> push(PyTuple.of(), 1);
            case TUPLE1, TUPLE2, TUPLE3 -> {
                int n = opcode - TUPLE1 + 1;
                if (sp - floor() < n) {
                    throw fail("stack underflow");
                }
                int d = maxDepthIn(sp - n, sp) + 1;
                PyTuple t = PyTuple.of(Arrays.copyOfRange(stack, sp - n, sp));
                sp -= n;
                pushContainer(t, d);
            }
            case TUPLE -> {
                int m = popMark();
                int d = maxDepthIn(m, sp) + 1;
                PyTuple t = PyTuple.of(Arrays.copyOfRange(stack, m, sp));
                sp = m;
                pushContainer(t, d);
            }
            case EMPTY_LIST -> pushContainer(new ArrayList<>(), 1);
            case LIST -> {
                int m = popMark();
                int d = maxDepthIn(m, sp) + 1;
                List<Object> l = new ArrayList<>(Arrays.asList(stack).subList(m, sp));
                sp = m;
                pushContainer(l, d);
            }
            case EMPTY_DICT -> pushContainer(new LinkedHashMap<>(), 1);
            case DICT -> {
                int m = popMark();
                if ((sp - m) % 2 != 0) {
                    throw fail("odd number of items for a dict");
                }
                int d = maxDepthIn(m, sp) + 1;
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = m; i < sp; i += 2) {
                    map.put(stack[i], stack[i + 1]);
                }
                sp = m;
                pushContainer(map, d);
            }
            case EMPTY_SET -> pushContainer(new LinkedHashSet<>(), 1);
            case FROZENSET -> {
                int m = popMark();
                int d = maxDepthIn(m, sp) + 1;
                PyFrozenSet f = PyFrozenSet.copyOf(Arrays.asList(stack).subList(m, sp));
                sp = m;
                pushContainer(f, d);
            }
            case APPEND -> {
                int d = sp >= 2 && stack[sp - 1] == stack[sp - 2] ? 0 : depths[Math.max(sp - 1, 0)];
                List<Object> one = new ArrayList<>(1);
                one.add(pop());
                addItemsRaw(one, d);
            }
            case APPENDS -> {
                int m = popMark();
                int d = itemDepth(m, sp);
                List<Object> items = new ArrayList<>(Arrays.asList(stack).subList(m, sp));
                sp = m;
                addItemsRaw(items, d);
            }
            case ADDITEMS -> {
                int m = popMark();
                int d = maxDepthIn(m, sp);
                List<Object> items = new ArrayList<>(Arrays.asList(stack).subList(m, sp));
                sp = m;
                if (!(top() instanceof Set<?>) || top() instanceof PyFrozenSet) {
                    throw fail("ADDITEMS target is not a set");
                }
                @SuppressWarnings("unchecked")
                Set<Object> set = (Set<Object>) top();
                set.addAll(items);
                deepen(sp - 1, d);
            }
            case SETITEM -> {
                int d = itemDepth(Math.max(sp - 2, 0), sp);
                Object v = pop();
                Object k = pop();
                setItems(new Object[] {k, v}, 0, 2, d);
            }
            case SETITEMS -> {
                int m = popMark();
                if ((sp - m) % 2 != 0) {
                    throw fail("odd number of items for SETITEMS");
                }
                int d = itemDepth(m, sp);
                Object[] kv = Arrays.copyOfRange(stack, m, sp);
                sp = m;
                setItems(kv, 0, kv.length, d);
            }
            case POP -> {
                if (sp > floor()) {
                    sp--;
                } else {
                    popMark(); // CPython's POP also discards a MARK on top
                }
            }
            case POP_MARK -> sp = popMark();
            case DUP -> {
                Object o = top();
                containerReused |= isContainer(o);
                push(o, depths[sp - 1]);
            }
            case MARK -> {
                if (markCount == marks.length) {
                    marks = Arrays.copyOf(marks, markCount * 2);
                }
                marks[markCount++] = sp;
            }
            case BINGET -> get(u8());
            case LONG_BINGET -> get(s32() & 0xFFFFFFFFL);
            case GET -> get(parseIndex(line()));
            case BINPUT -> put(u8());
            case LONG_BINPUT -> put(s32() & 0xFFFFFFFFL);
            case PUT -> put(parseIndex(line()));
            case MEMOIZE -> put(memo.size());
            case GLOBAL -> {
                String module = line();
                String name = line();
                pushContainer(global(module, name), 1);
            }
            case STACK_GLOBAL -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw fail("STACK_GLOBAL needs two strings");
                }
                pushContainer(PyObject.global(m, n), 1);
            }
            case REDUCE -> {
                int d = Math.max(depths[Math.max(sp - 1, 0)], depths[Math.max(sp - 2, 0)]);
                Object args = pop();
                Object callable = pop();
                if (!(args instanceof PyTuple t)) {
                    throw fail("REDUCE arguments are not a tuple");
                }
                pushContainer(PyReductions.reduce(callable, t), d + 1);
            }
            case NEWOBJ -> {
                int d = Math.max(depths[Math.max(sp - 1, 0)], depths[Math.max(sp - 2, 0)]);
                Object args = pop();
                Object cls = pop();
                if (!(args instanceof PyTuple t) || !(cls instanceof PyObject c)) {
                    throw fail("NEWOBJ needs a class and a tuple");
                }
                pushContainer(PyObject.newObj(c, t), d + 1);
            }
            case NEWOBJ_EX -> {
                int d = maxDepthIn(Math.max(sp - 3, 0), sp);
                Object kwargs = pop();
                Object args = pop();
                Object cls = pop();
                if (!(kwargs instanceof Map<?, ?> kw) || !(args instanceof PyTuple t)
                        || !(cls instanceof PyObject c)) {
                    throw fail("NEWOBJ_EX needs a class, a tuple and a dict");
                }
                pushContainer(PyObject.newObjEx(c, t, kw), d + 1);
            }
            case BUILD -> {
                int d = depths[Math.max(sp - 1, 0)];
                Object state = pop();
                if (!(top() instanceof PyObject p) || p.kind() == PyObject.Kind.GLOBAL) {
                    throw fail("BUILD target is not an object");
                }
                COMPLETE.state(p, state);
                deepen(sp - 1, d);
            }
            case INST -> {
                PyObject cls = global(line(), line());
                int m = popMark();
                int d = maxDepthIn(m, sp) + 1;
                PyTuple args = PyTuple.of(Arrays.copyOfRange(stack, m, sp));
                sp = m;
                pushContainer(PyObject.reduce(cls, args), d + 1);
            }
            case OBJ -> {
                int m = popMark();
                if (sp - m < 1 || !(stack[m] instanceof PyObject cls)) {
                    throw fail("OBJ needs a class");
                }
                int d = maxDepthIn(m, sp) + 1;
                PyTuple args = PyTuple.of(Arrays.copyOfRange(stack, m + 1, sp));
                sp = m;
                pushContainer(PyObject.reduce(cls, args), d + 1);
            }
            case PERSID, BINPERSID -> throw fail("persistent ids are not supported");
            case EXT1, EXT2, EXT4 -> throw fail("the copyreg extension registry is not supported");
            case NEXT_BUFFER, READONLY_BUFFER -> throw fail("out-of-band buffers are not supported");
            default -> throw fail("unknown opcode");
        }
    }

    private void addItemsRaw(List<Object> items, int depth) {
        Object target = top();
        if (target instanceof ArrayList<?>) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) target;
            l.addAll(items);
        } else if (target instanceof PyObject p && p.kind() != PyObject.Kind.GLOBAL) {
            for (Object item : items) {
                COMPLETE.listItem(p, item);
            }
        } else {
            throw fail("APPEND target is not a list");
        }
        deepen(sp - 1, depth);
    }

    private void setItems(Object[] kv, int from, int to, int depth) {
        Object target = top();
        if (target instanceof LinkedHashMap<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) target;
            for (int i = from; i < to; i += 2) {
                m.put(kv[i], kv[i + 1]);
            }
        } else if (target instanceof PyObject p && p.kind() != PyObject.Kind.GLOBAL) {
            for (int i = from; i < to; i += 2) {
                COMPLETE.dictItem(p, kv[i], kv[i + 1]);
            }
        } else {
            throw fail("SETITEM target is not a dict");
        }
        deepen(sp - 1, depth);
    }

    private void get(long idx) {
        if (idx > Integer.MAX_VALUE || !memo.contains((int) idx)) {
            throw fail("memo has no entry " + idx);
        }
        Object o = memo.value((int) idx);
        containerReused |= isContainer(o);
        push(o, memo.depth((int) idx));
    }

    private void put(long idx) {
        if (idx > Integer.MAX_VALUE) {
            throw fail("memo index " + idx + " too large");
        }
        Object o = top();
        memo.put((int) idx, o, depths[sp - 1]);
    }

    private long parseIndex(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw fail("bad memo index " + s);
        }
    }

    private PyObject global(String module, String name) {
        if (proto < 3) {
            String[] renamed = PyNames.toPython3(module, name);
            return PyObject.global(renamed[0], renamed[1]);
        }
        return PyObject.global(module, name);
    }

    // ---- scalar helpers

    private static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object longBytes(int n) {
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = data[pos + n - 1 - i];
        }
        pos += n;
        return normalize(new BigInteger(be));
    }

    private Object textInt(String s) {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return textLong(s);
    }

    private Object textLong(String s) {
        String t = s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
        try {
            return normalize(new BigInteger(t.trim()));
        } catch (NumberFormatException e) {
            throw fail("bad integer literal");
        }
    }

    private Double textFloat(String s) {
        String t = s.trim();
        switch (t) {
            case "inf" -> { return Double.POSITIVE_INFINITY; }
            case "-inf" -> { return Double.NEGATIVE_INFINITY; }
            case "nan" -> { return Double.NaN; }
            default -> { }
        }
        try {
            if (t.isEmpty() || !t.matches("[-+0-9.eE]+")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw fail("bad float literal");
        }
    }

    /** A Python 2 {@code str}: CPython's default {@code encoding='ASCII'} decodes it or refuses it. */
    private String python2Str(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                throw fail("non-ASCII Python 2 string");
            }
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private byte[] stringLiteral(String line) {
        String s = line.strip();
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw fail("STRING argument is not quoted");
        }
        s = s.substring(1, s.length() - 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (++i >= s.length()) {
                throw fail("bad escape in STRING");
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case '\\', '\'', '"' -> out.write(e);
                case 'x' -> {
                    try {
                        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    } catch (RuntimeException ex) {
                        throw fail("bad escape in STRING");
                    }
                    i += 2;
                }
                default -> throw fail("unsupported escape in STRING");
            }
        }
        return out.toByteArray();
    }

    private String rawUnicodeEscape(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        byte[] raw = line.getBytes(StandardCharsets.ISO_8859_1);
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            if (c == '\\' && i + 1 < latin.length() && (latin.charAt(i + 1) == 'u' || latin.charAt(i + 1) == 'U')) {
                int digits = latin.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits > latin.length()) {
                    throw fail("bad \\u escape");
                }
                try {
                    sb.appendCodePoint(Integer.parseInt(latin.substring(i + 2, i + 2 + digits), 16));
                } catch (RuntimeException e) {
                    throw fail("bad \\u escape");
                }
                i += 1 + digits;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- the exact depth check

    /**
     * The running depth is exact while every container went onto the stack once, but a crafted pickle can
     * deepen a container after another one took it by memo reference; the exact longest path is computed here,
     * iteratively, and only when a container was reused and there are more containers than the limit
     * (otherwise no path can be longer).
     */
    private void checkDepth(Object root) {
        if (containerReused && containers > maxDepth && Nesting.deeperThan(root, maxDepth, Nesting.Kind.DECODED)) {
            throw new DepthLimitException("nesting deeper than " + maxDepth);
        }
    }

    private static boolean isContainer(Object o) {
        return Nesting.Kind.DECODED.isContainer(o);
    }
}
