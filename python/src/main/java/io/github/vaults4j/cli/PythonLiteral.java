package io.github.vaults4j.cli;

import io.github.vaults4j.PyComplex;
import io.github.vaults4j.PyTuple;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a key or value typed as a Python literal on the command line into the Java value the core stores, by
 * the rules of CPython 3's {@code ast.literal_eval}: str and bytes literals with every prefix, escape and
 * implicit concatenation; int (any size, underscores, {@code 0x}/{@code 0o}/{@code 0b}), float, imaginary
 * numbers and {@code a+bj}; one unary sign on a number; {@code True}, {@code False}, {@code None}; tuple,
 * list, dict, set and {@code set()}. Nothing is evaluated.
 *
 * <p>Brackets nest at most {@value #MAX_NESTING} deep, CPython's own limit, so the parser's recursion is
 * bounded. A str keeps a lone surrogate as one Java {@code char}, which the codec writes as CPython does
 * ({@code surrogatepass} in pickle). Python's str {@code '\ud800\udc00'} is two code points where Java sees
 * one supplementary character; such a str is refused rather than written under another row's bytes.
 */
final class PythonLiteral {
    /** CPython's tokenizer refuses more nested brackets than this ("too many nested parentheses"). */
    static final int MAX_NESTING = 200;

    private static final int MAX_UNICODE = 0x10FFFF;
    private static final int OCTAL_ESCAPE_DIGITS = 3;
    private static final int BYTE_MASK = 0xFF;

    private final String text;
    private int at;
    private int nesting;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** A literal that is not one CPython's {@code ast.literal_eval} accepts; the position is a char index. */
    static final class LiteralSyntaxException extends IllegalArgumentException {
        private final int position;

        LiteralSyntaxException(String message, int position) {
            super(message);
            this.position = position;
        }

        /** Where in the text the parser stopped. */
        int position() {
            return position;
        }
    }

    /**
     * @throws LiteralSyntaxException naming the position when the text is not one literal
     */
    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text.replace("\r\n", "\n").replace('\r', '\n'));
        // literal_eval strips leading spaces and tabs; the tokenizer then skips blank and comment lines.
        parser.skipSpace(true);
        Object value = parser.topLevel();
        parser.skipSpace(true);
        if (parser.at != parser.text.length()) {
            throw parser.error("unexpected text after the literal");
        }
        return value;
    }

    /** One expression, or several separated by commas, which make a tuple without parentheses ({@code 1, 2}). */
    private Object topLevel() {
        Object first = expression().value;
        skipSpace(false);
        if (at >= text.length() || peek() != ',') {
            return first;
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        while (at < text.length() && peek() == ',') {
            at++;
            int afterComma = at;
            skipSpace(true);
            if (at == text.length()) {
                break; // a trailing comma: (1,) written as 1,
            }
            at = afterComma;
            items.add(expression().value);
            skipSpace(false);
        }
        return PyTuple.copyOf(items);
    }

    /** How a parsed piece may combine: literal_eval signs only number tokens and adds only {@code num+imag}. */
    private enum Kind { NUMBER, SIGNED, OTHER }

    private record Term(Object value, Kind kind) {
    }

    private Term expression() {
        Term left = term();
        skipSpace(false);
        if (at >= text.length() || (peek() != '+' && peek() != '-')) {
            return left;
        }
        int opAt = at;
        boolean minus = text.charAt(at++) == '-';
        Term right = term();
        if (left.kind == Kind.OTHER || left.value instanceof PyComplex
                || right.kind != Kind.NUMBER || !(right.value instanceof PyComplex imag)) {
            at = opAt;
            throw error("only a real number plus or minus an imaginary number (1+2j) is a literal");
        }
        double real = toDouble(left.value, opAt);
        // Python converts the real operand to complex(real, 0.0) and adds or subtracts part by part.
        PyComplex sum = minus
                ? new PyComplex(real - imag.real(), 0.0 - imag.imag())
                : new PyComplex(real + imag.real(), 0.0 + imag.imag());
        skipSpace(false);
        if (at < text.length() && (peek() == '+' || peek() == '-')) {
            throw error("only a real number plus or minus an imaginary number (1+2j) is a literal");
        }
        return new Term(sum, Kind.OTHER);
    }

    private Term term() {
        skipSpace(false);
        int signAt = at;
        int signs = 0;
        boolean minus = false;
        while (at < text.length() && (peek() == '-' || peek() == '+')) {
            minus ^= text.charAt(at++) == '-';
            signs++;
            skipSpace(false);
        }
        Term atom = atom();
        if (signs == 0) {
            return atom;
        }
        if (signs > 1 || atom.kind != Kind.NUMBER) {
            at = signAt;
            throw error("a sign applies to one number only");
        }
        return new Term(minus ? negate(atom.value) : atom.value, Kind.SIGNED);
    }

    private Term atom() {
        skipSpace(false);
        if (at >= text.length()) {
            throw error("a literal is missing");
        }
        char c = peek();
        if (c == '\'' || c == '"') {
            return new Term(strings(), Kind.OTHER);
        }
        if (c == '(' || c == '[' || c == '{') {
            if (++nesting > MAX_NESTING) {
                throw error("brackets nest deeper than " + MAX_NESTING);
            }
            Term container = switch (c) {
                case '(' -> parenthesized();
                case '[' -> new Term(list(), Kind.OTHER);
                default -> new Term(braces(), Kind.OTHER);
            };
            nesting--;
            return container;
        }
        if (isDigit(c, 10) || (c == '.' && at + 1 < text.length() && isDigit(text.charAt(at + 1), 10))) {
            return new Term(number(), Kind.NUMBER);
        }
        if (isNameStart(c)) {
            int start = at;
            while (at < text.length() && isNamePart(peek())) {
                at++;
            }
            String name = text.substring(start, at);
            if (at < text.length() && (peek() == '\'' || peek() == '"') && isStringPrefix(name)) {
                at = start;
                return new Term(strings(), Kind.OTHER);
            }
            return new Term(named(name, start), Kind.OTHER);
        }
        throw error("a literal is expected");
    }

    private Object named(String name, int start) {
        switch (name) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                break;
        }
        // Python folds identifiers (not keywords) to NFKC, so a full-width "set" is the name set too.
        if (Normalizer.normalize(name, Normalizer.Form.NFKC).equals("set")) {
            skipSpace(false);
            if (at < text.length() && peek() == '(') {
                at++;
                nesting++;
                skipSpace(false);
                nesting--;
                if (at < text.length() && peek() == ')') {
                    at++;
                    return new LinkedHashSet<>();
                }
            }
        }
        at = start;
        throw error("'" + name + "' is not a literal (use True, False, None, set(), a number or a quoted str)");
    }

    private Term parenthesized() {
        at++;
        List<Object> items = new ArrayList<>();
        Term only = null;
        boolean comma = false;
        while (true) {
            skipSpace(false);
            if (at < text.length() && peek() == ')') {
                at++;
                break;
            }
            Term item = expression();
            only = item;
            items.add(item.value);
            skipSpace(false);
            if (at < text.length() && peek() == ',') {
                comma = true;
                at++;
            } else if (at >= text.length() || peek() != ')') {
                throw error("',' or ')' expected");
            }
        }
        // (x) is x in parentheses, not a tuple; (x,) and () are tuples, as in Python.
        return items.size() == 1 && !comma ? only : new Term(PyTuple.copyOf(items), Kind.OTHER);
    }

    private List<Object> list() {
        at++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace(false);
            if (at < text.length() && peek() == ']') {
                at++;
                return items;
            }
            items.add(expression().value);
            skipSpace(false);
            if (at < text.length() && peek() == ',') {
                at++;
            } else if (at >= text.length() || peek() != ']') {
                throw error("',' or ']' expected");
            }
        }
    }

    /** A dict, or a set when the first item has no colon; equal keys merge as in Python. */
    private Object braces() {
        at++;
        Map<Object, Object> dictKeys = new LinkedHashMap<>();
        Map<Object, Object> dictValues = new LinkedHashMap<>();
        Map<Object, Object> setItems = new LinkedHashMap<>();
        Boolean isDict = null;
        while (true) {
            skipSpace(false);
            if (at < text.length() && peek() == '}') {
                at++;
                break;
            }
            int itemAt = at;
            Object item = expression().value;
            skipSpace(false);
            boolean colon = at < text.length() && peek() == ':';
            if (isDict == null) {
                isDict = colon;
            } else if (isDict != colon) {
                throw error(isDict ? "':' expected" : "',' or '}' expected");
            }
            Object identity = PythonEquality.keyOf(item);
            if (identity == null) {
                at = itemAt;
                throw error("unhashable " + (isDict ? "dict key" : "set item") + " (a list, dict or set)");
            }
            if (isDict) {
                at++;
                Object value = expression().value;
                // Python keeps the first of equal keys and the last value given for it.
                dictKeys.putIfAbsent(identity, item);
                dictValues.put(identity, value);
            } else {
                setItems.putIfAbsent(identity, item);
            }
            skipSpace(false);
            if (at < text.length() && peek() == ',') {
                at++;
            } else if (at >= text.length() || peek() != '}') {
                throw error("',' or '}' expected");
            }
        }
        if (isDict == null || isDict) {
            Map<Object, Object> dict = new LinkedHashMap<>();
            dictKeys.forEach((identity, key) -> dict.put(key, dictValues.get(identity)));
            return dict;
        }
        Set<Object> set = new LinkedHashSet<>(setItems.values());
        return set;
    }

    // ---- numbers ----

    private Object number() {
        int start = at;
        if (peek() == '0' && at + 1 < text.length() && "xXoObB".indexOf(text.charAt(at + 1)) >= 0) {
            char base = Character.toLowerCase(text.charAt(at + 1));
            int radix = base == 'x' ? 16 : base == 'o' ? 8 : 2;
            at += 2;
            String digits = digits(radix, true);
            if (digits.isEmpty()) {
                throw error("invalid " + baseName(radix) + " literal");
            }
            endOfNumber();
            return integer(new BigInteger(digits, radix));
        }
        String whole = peek() == '.' ? "" : digits(10, false);
        boolean isFloat = false;
        if (at < text.length() && peek() == '.') {
            at++;
            isFloat = true;
            if (at < text.length() && isDigit(peek(), 10)) {
                digits(10, false);
            }
        }
        if (at < text.length() && (peek() == 'e' || peek() == 'E')) {
            int exponentAt = at;
            at++;
            if (at < text.length() && (peek() == '+' || peek() == '-')) {
                at++;
            }
            if (at >= text.length() || !isDigit(peek(), 10)) {
                at = exponentAt;
                throw error("invalid float literal (an exponent needs digits)");
            }
            digits(10, false);
            isFloat = true;
        }
        String number = text.substring(start, at).replace("_", "");
        if (at < text.length() && (peek() == 'j' || peek() == 'J')) {
            at++;
            endOfNumber();
            return new PyComplex(0.0, Double.parseDouble(number));
        }
        endOfNumber();
        if (isFloat) {
            return Double.parseDouble(number);
        }
        if (number.length() > 1 && number.charAt(0) == '0' && !number.chars().allMatch(d -> d == '0')) {
            at = start;
            throw error("leading zeros in decimal integer literals are not permitted (use 0o for octal)");
        }
        return integer(new BigInteger(whole.replace("_", "")));
    }

    /** Digits of {@code radix} with single underscores between them (and, after a base prefix, before them). */
    private String digits(int radix, boolean afterPrefix) {
        StringBuilder digits = new StringBuilder();
        if (afterPrefix && at < text.length() && peek() == '_') {
            at++;
        }
        while (at < text.length()) {
            if (isDigit(peek(), radix)) {
                digits.append(text.charAt(at++));
            } else if (peek() == '_' && !digits.isEmpty()) {
                if (at + 1 >= text.length() || !isDigit(text.charAt(at + 1), radix)) {
                    throw error("invalid " + baseName(radix) + " literal (underscores go one between digits)");
                }
                at++;
            } else {
                break;
            }
        }
        if (radix < 10 && at < text.length() && isDigit(peek(), 10)) {
            throw error("invalid digit '" + peek() + "' in " + baseName(radix) + " literal");
        }
        return digits.toString();
    }

    private static boolean isDigit(char c, int radix) {
        return c < 0x80 && Character.digit(c, radix) >= 0;
    }

    private void endOfNumber() {
        if (at < text.length() && (isNamePart(peek()) || peek() == '.')) {
            throw error("invalid number literal");
        }
    }

    private static String baseName(int radix) {
        return switch (radix) {
            case 16 -> "hexadecimal";
            case 8 -> "octal";
            case 2 -> "binary";
            default -> "decimal";
        };
    }

    private static Object integer(BigInteger value) {
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private static Object negate(Object number) {
        return switch (number) {
            case Long l when l != Long.MIN_VALUE -> -l;
            case Long l -> BigInteger.valueOf(l).negate();
            case BigInteger b -> integer(b.negate());
            case Double d -> -d;
            case PyComplex c -> new PyComplex(-c.real(), -c.imag());
            default -> throw new IllegalStateException("not a number: " + number);
        };
    }

    private double toDouble(Object real, int position) {
        double value = switch (real) {
            case Long l -> (double) l;
            case BigInteger b -> b.doubleValue();
            case Double d -> d;
            default -> throw new IllegalStateException("not a real number: " + real);
        };
        if (real instanceof BigInteger && Double.isInfinite(value)) {
            at = position;
            throw error("int too large to convert to float");
        }
        return value;
    }

    // ---- strings ----

    private static boolean isStringPrefix(String name) {
        return switch (name.toLowerCase()) {
            case "r", "u", "b", "br", "rb", "f", "fr", "rf" -> true;
            default -> false;
        };
    }

    /** One or more adjacent str or bytes literals, concatenated as the compiler does. */
    private Object strings() {
        StringBuilder str = new StringBuilder();
        BitSet escapedSurrogates = new BitSet();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Boolean isBytes = null;
        int firstAt = at;
        while (true) {
            int prefixAt = at;
            while (at < text.length() && isNamePart(peek())) {
                at++;
            }
            String prefix = text.substring(prefixAt, at).toLowerCase();
            if (prefix.indexOf('f') >= 0) {
                at = prefixAt;
                throw error("an f-string is not a literal");
            }
            boolean partIsBytes = prefix.indexOf('b') >= 0;
            if (isBytes != null && isBytes != partIsBytes) {
                at = prefixAt;
                throw error("cannot mix bytes and nonbytes literals");
            }
            isBytes = partIsBytes;
            quoted(prefix.indexOf('r') >= 0, partIsBytes, str, escapedSurrogates, bytes);
            int afterAt = at;
            skipSpace(false);
            if (!startsString()) {
                at = afterAt;
                break;
            }
        }
        if (isBytes) {
            return bytes.toByteArray();
        }
        for (int i = escapedSurrogates.nextSetBit(0); i >= 0; i = escapedSurrogates.nextSetBit(i + 1)) {
            boolean pairsWithNext = Character.isHighSurrogate(str.charAt(i)) && i + 1 < str.length()
                    && Character.isLowSurrogate(str.charAt(i + 1));
            boolean pairsWithPrevious = Character.isLowSurrogate(str.charAt(i)) && i > 0
                    && Character.isHighSurrogate(str.charAt(i - 1));
            if (pairsWithNext || pairsWithPrevious) {
                at = firstAt;
                throw error("a high and a low surrogate side by side are two code points in Python but one"
                        + " character in Java; write the character itself or its \\U escape");
            }
        }
        return str.toString();
    }

    private boolean startsString() {
        int p = at;
        while (p < text.length() && isNamePart(text.charAt(p))) {
            p++;
        }
        return p < text.length() && (text.charAt(p) == '\'' || text.charAt(p) == '"')
                && (p == at || isStringPrefix(text.substring(at, p)));
    }

    /** One quoted literal at {@code at}: its body with escapes applied, appended to {@code str} or {@code bytes}. */
    private void quoted(boolean raw, boolean asBytes, StringBuilder str, BitSet escapedSurrogates,
            ByteArrayOutputStream bytes) {
        int openAt = at;
        char quote = text.charAt(at);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), at);
        at += triple ? 3 : 1;
        StringBuilder chars = asBytes ? new StringBuilder() : str;
        while (true) {
            if (at >= text.length()) {
                at = openAt;
                throw error("the string is not closed");
            }
            char c = text.charAt(at);
            if (c == quote && (!triple || text.startsWith(String.valueOf(quote).repeat(3), at))) {
                at += triple ? 3 : 1;
                break;
            }
            if (c == '\n' && !triple) {
                at = openAt;
                throw error("the string is not closed on its line");
            }
            if (asBytes && c > 0x7f) {
                throw error("bytes can only contain ASCII literal characters; use \\x escapes");
            }
            at++;
            if (c != '\\') {
                chars.append(c);
                continue;
            }
            if (at >= text.length()) {
                at = openAt;
                throw error("the string is not closed");
            }
            char e = text.charAt(at++);
            if (raw) {
                // A raw literal keeps the backslash; it still stops the next quote from closing the literal.
                chars.append('\\').append(e);
                continue;
            }
            escape(e, asBytes, chars, escapedSurrogates);
        }
        if (asBytes) {
            for (int i = 0; i < chars.length(); i++) {
                bytes.write(chars.charAt(i) & BYTE_MASK);
            }
        }
    }

    private void escape(char e, boolean asBytes, StringBuilder chars, BitSet escapedSurrogates) {
        int escapeAt = at - 2;
        switch (e) {
            case '\n' -> { }
            case '\\', '\'', '"' -> chars.append(e);
            case 'a' -> chars.append('\u0007');
            case 'b' -> chars.append('\b');
            case 'f' -> chars.append('\f');
            case 'n' -> chars.append('\n');
            case 'r' -> chars.append('\r');
            case 't' -> chars.append('\t');
            case 'v' -> chars.append('\u000b');
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int code = e - '0';
                for (int n = 1; n < OCTAL_ESCAPE_DIGITS && at < text.length() && peek() >= '0' && peek() <= '7'; n++) {
                    code = code * 8 + (text.charAt(at++) - '0');
                }
                // bytes keep the low 8 bits of \400-\777, as CPython does.
                chars.append((char) (asBytes ? code & BYTE_MASK : code));
            }
            case 'x' -> chars.append((char) hex(2, "\\xXX", escapeAt));
            case 'u', 'U', 'N' -> {
                if (asBytes) {
                    // Not an escape in bytes: the backslash and the letter stay.
                    chars.append('\\').append(e);
                    return;
                }
                int code = e == 'N' ? named(escapeAt) : hex(e == 'u' ? 4 : 8, e == 'u' ? "\\uXXXX" : "\\UXXXXXXXX", escapeAt);
                if (code > MAX_UNICODE) {
                    at = escapeAt;
                    throw error("illegal Unicode character in \\U escape");
                }
                if (Character.isSurrogate((char) code) && code <= Character.MAX_VALUE) {
                    escapedSurrogates.set(chars.length());
                }
                chars.appendCodePoint(code);
            }
            // An unknown escape keeps its backslash (Python warns but accepts it).
            default -> chars.append('\\').append(e);
        }
    }

    private int hex(int digits, String form, int escapeAt) {
        int code = 0;
        for (int i = 0; i < digits; i++) {
            int digit = at < text.length() && isDigit(peek(), 16) ? Character.digit(peek(), 16) : -1;
            if (digit < 0) {
                at = escapeAt;
                throw error("truncated " + form + " escape");
            }
            code = code * 16 + digit;
            at++;
        }
        return code;
    }

    /** The code point of a {@code \N{NAME}} escape, by the Unicode character name. */
    private int named(int escapeAt) {
        int close = text.indexOf('}', at);
        if (at >= text.length() || peek() != '{' || close < 0) {
            at = escapeAt;
            throw error("malformed \\N character escape");
        }
        String name = text.substring(at + 1, close);
        int code = UnicodeNames.codePointOf(name);
        if (code < 0) {
            at = escapeAt;
            throw error("unknown Unicode character name \\N{" + name + "} (name aliases such as LF are not"
                    + " known here: use the character's name or its \\u escape)");
        }
        at = close + 1;
        return code;
    }

    // ---- layout ----

    /**
     * Skips spaces, tabs, form feeds, comments and backslash continuations; newlines too inside brackets or
     * around the whole literal ({@code outside}), where the tokenizer treats them as blank lines.
     */
    private void skipSpace(boolean outside) {
        while (at < text.length()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\f' || (c == '\n' && (outside || nesting > 0))) {
                at++;
            } else if (c == '#') {
                while (at < text.length() && peek() != '\n') {
                    at++;
                }
            } else if (c == '\\' && at + 1 < text.length() && text.charAt(at + 1) == '\n' && at + 2 < text.length()) {
                at += 2;
            } else {
                return;
            }
        }
    }

    private static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c) || Character.isUnicodeIdentifierStart(c);
    }

    private static boolean isNamePart(char c) {
        return c == '_' || Character.isLetterOrDigit(c) || Character.isUnicodeIdentifierPart(c)
                && !Character.isIdentifierIgnorable(c);
    }

    private char peek() {
        return text.charAt(at);
    }

    private LiteralSyntaxException error(String message) {
        return new LiteralSyntaxException("not a Python literal: " + message + " at position " + at + " of " + text, at);
    }
}
