package io.github.vaults4j.cli;

import io.github.vaults4j.PyTuple;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literals a key or value is typed as on the command line, into the Java values the core
 * stores: str ({@code 'a'}, {@code "a"}, with backslash escapes), bytes ({@code b'..'}), int (any size), float,
 * {@code True}, {@code False}, {@code None}, tuple, list and dict. Nothing is evaluated.
 */
final class PythonLiteral {
    private final String text;
    private int at;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException naming the position when the text is not one literal
     */
    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.at != text.length()) {
            throw parser.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (at >= text.length()) {
            throw error("a literal is missing");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '\'', '"' -> string();
            case '(' -> tuple();
            case '[' -> new ArrayList<>(items('[', ']'));
            case '{' -> dict();
            default -> {
                if ((c == 'b' || c == 'B') && at + 1 < text.length() && (text.charAt(at + 1) == '\'' || text.charAt(at + 1) == '"')) {
                    at++;
                    yield bytes();
                }
                if (Character.isLetter(c)) {
                    yield word();
                }
                yield number();
            }
        };
    }

    private Object word() {
        int start = at;
        while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
            at++;
        }
        String word = text.substring(start, at);
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> {
                at = start;
                throw error("'" + word + "' is not a literal (use True, False, None, a number or a quoted str)");
            }
        };
    }

    private Object number() {
        int start = at;
        if (at < text.length() && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
            at++;
        }
        boolean isFloat = false;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isDigit(c) || c == '_') {
                at++;
            } else if (c == '.' || c == 'e' || c == 'E' || ((c == '-' || c == '+') && isExponent(at))) {
                isFloat = true;
                at++;
            } else {
                break;
            }
        }
        String number = text.substring(start, at).replace("_", "");
        if (number.isEmpty() || number.equals("-") || number.equals("+")) {
            throw error("a literal is expected");
        }
        try {
            if (isFloat) {
                return Double.parseDouble(number);
            }
            BigInteger value = new BigInteger(number);
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        } catch (NumberFormatException e) {
            at = start;
            throw error("'" + number + "' is not a number");
        }
    }

    private boolean isExponent(int i) {
        return i > 0 && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E');
    }

    private Object tuple() {
        int open = at;
        at++;
        skipSpace();
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == ')') {
                at++;
                break;
            }
            items.add(value());
            skipSpace();
            if (at < text.length() && text.charAt(at) == ',') {
                comma = true;
                at++;
            } else if (at >= text.length() || text.charAt(at) != ')') {
                at = Math.min(at, text.length());
                throw error("',' or ')' expected (the '(' at " + open + " is not closed)");
            }
        }
        // (x) is x in parentheses, not a tuple; (x,) and () are tuples, as in Python.
        return items.size() == 1 && !comma ? items.get(0) : PyTuple.copyOf(items);
    }

    private List<Object> items(char open, char close) {
        at++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == close) {
                at++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            } else if (at >= text.length() || text.charAt(at) != close) {
                throw error("',' or '" + close + "' expected");
            }
        }
    }

    private Map<Object, Object> dict() {
        at++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == '}') {
                at++;
                return map;
            }
            Object key = value();
            skipSpace();
            if (at >= text.length() || text.charAt(at) != ':') {
                throw error("':' expected");
            }
            at++;
            map.put(key, value());
            skipSpace();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            } else if (at >= text.length() || text.charAt(at) != '}') {
                throw error("',' or '}' expected");
            }
        }
    }

    private String string() {
        return new String(quoted(false), StandardCharsets.UTF_8);
    }

    private byte[] bytes() {
        return quoted(true);
    }

    /** The body of a quoted literal, escapes applied, as UTF-8 (str) or raw bytes. */
    private byte[] quoted(boolean asBytes) {
        char quote = text.charAt(at++);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder chars = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("the string is not closed");
            }
            char c = text.charAt(at++);
            if (c == quote) {
                break;
            }
            if (c != '\\') {
                if (asBytes && c > 0x7f) {
                    throw error("bytes literals hold ASCII only; use \\x escapes");
                }
                chars.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("the string ends in a backslash");
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> chars.append('\n');
                case 't' -> chars.append('\t');
                case 'r' -> chars.append('\r');
                case '0' -> chars.append('\0');
                case '\\', '\'', '"' -> chars.append(e);
                case 'x' -> {
                    int code = hex(2);
                    if (asBytes) {
                        flush(chars, out);
                        out.write(code);
                    } else {
                        chars.append((char) code);
                    }
                }
                case 'u' -> chars.append((char) hex(4));
                case 'U' -> chars.appendCodePoint(hex(8));
                default -> throw error("unknown escape \\" + e);
            }
        }
        flush(chars, out);
        return out.toByteArray();
    }

    private static void flush(StringBuilder chars, ByteArrayOutputStream out) {
        out.writeBytes(chars.toString().getBytes(StandardCharsets.UTF_8));
        chars.setLength(0);
    }

    private int hex(int digits) {
        if (at + digits > text.length()) {
            throw error("incomplete escape");
        }
        try {
            int code = Integer.parseInt(text.substring(at, at + digits), 16);
            at += digits;
            return code;
        } catch (NumberFormatException e) {
            throw error("bad hex escape");
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("not a Python literal: " + message + " at position " + at + " of " + text);
    }
}
