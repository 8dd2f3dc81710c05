package io.github.vaults4j.codec;

/**
 * UTF-8 as CPython does it. Java's own encoder replaces an unpaired surrogate with '?', where pickle
 * writes it as three bytes ({@code surrogatepass}) and msgpack refuses the string.
 */
final class PyText {
    private PyText() {
    }

    /**
     * The UTF-8 bytes of {@code s}; an unpaired surrogate is encoded as its own 3-byte sequence when
     * {@code surrogatePass}, otherwise the result is {@code null}.
     */
    static byte[] encode(String s, boolean surrogatePass) {
        int n = s.length();
        int size = 0;
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                size++;
                continue;
            }
            ascii = false;
            if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                size += 4;
                i++;
            } else if (Character.isSurrogate(c) && !surrogatePass) {
                return null;
            } else {
                size += 3;
            }
        }
        byte[] out = new byte[size];
        if (ascii) {
            for (int i = 0; i < n; i++) {
                out[i] = (byte) s.charAt(i);
            }
            return out;
        }
        int p = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xF0 | (cp >> 18));
                out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    /**
     * Decodes UTF-8 strictly, accepting encoded surrogates only when {@code surrogatePass} (pickle's
     * {@code surrogatepass}); returns {@code null} on invalid input.
     */
    static String decode(byte[] b, int off, int len, boolean surrogatePass) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(len);
        for (int k = off; k < i; k++) {
            sb.append((char) b[k]);
        }
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
            } else if (c >= 0xC2 && c <= 0xDF) {
                if (i + 1 >= end || !cont(b[i + 1])) {
                    return null;
                }
                sb.append((char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                i += 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                if (i + 2 >= end || !cont(b[i + 1]) || !cont(b[i + 2])) {
                    return null;
                }
                int cp = ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
                if (cp < 0x800 || (!surrogatePass && cp >= 0xD800 && cp <= 0xDFFF)) {
                    return null;
                }
                sb.append((char) cp);
                i += 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                if (i + 3 >= end || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
                    return null;
                }
                int cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6)
                        | (b[i + 3] & 0x3F);
                if (cp < 0x10000 || cp > 0x10FFFF) {
                    return null;
                }
                sb.appendCodePoint(cp);
                i += 4;
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
