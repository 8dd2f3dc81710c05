package io.github.vaults4j.cli;

import java.util.Locale;

/**
 * Unicode character names as Python's {@code \N{...}} knows them, from the JDK's name table: Java's table
 * lacks the two kinds of names CPython derives by rule (Hangul syllables and CJK unified ideographs), and names
 * code points that have none by block and number, which Python does not.
 */
final class UnicodeNames {
    private static final String HANGUL_PREFIX = "HANGUL SYLLABLE ";
    private static final int HANGUL_FIRST = 0xAC00;
    private static final String[] LEADING = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J",
        "JJ", "C", "K", "T", "P", "H"};
    private static final String[] VOWELS = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE",
        "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"};
    private static final String[] TRAILING = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB",
        "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"};
    /** Names made of a prefix and the code point in hex, with the JDK block name the code point must be in. */
    private static final String[][] NUMBERED = {
        {"CJK UNIFIED IDEOGRAPH-", "CJK UNIFIED IDEOGRAPHS"},
    };

    private UnicodeNames() {
    }

    /** The code point a name denotes (case-insensitively, as Python), or -1 when Python would not know it. */
    static int codePointOf(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (name.isEmpty() || !name.strip().equals(name)) {
            return -1;
        }
        if (upper.startsWith(HANGUL_PREFIX)) {
            return hangul(upper.substring(HANGUL_PREFIX.length()));
        }
        for (String[] numbered : NUMBERED) {
            if (upper.startsWith(numbered[0])) {
                return numbered(upper.substring(numbered[0].length()), numbered[1]);
            }
        }
        int code;
        try {
            code = Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        int type = Character.getType(code);
        String javaName = Character.getName(code);
        // Java names unnamed code points "BLOCK HEX" and controls by Unicode 1.0 names like "LINE FEED (LF)".
        boolean invented = type == Character.UNASSIGNED || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || javaName.indexOf('(') >= 0
                || javaName.endsWith(" " + Integer.toHexString(code).toUpperCase(Locale.ROOT));
        return invented ? -1 : code;
    }

    private static int hangul(String syllable) {
        for (int l = 0; l < LEADING.length; l++) {
            if (!syllable.startsWith(LEADING[l])) {
                continue;
            }
            for (int v = 0; v < VOWELS.length; v++) {
                if (!syllable.startsWith(VOWELS[v], LEADING[l].length())) {
                    continue;
                }
                String rest = syllable.substring(LEADING[l].length() + VOWELS[v].length());
                for (int t = 0; t < TRAILING.length; t++) {
                    if (rest.equals(TRAILING[t])) {
                        return HANGUL_FIRST + (l * VOWELS.length + v) * TRAILING.length + t;
                    }
                }
            }
        }
        return -1;
    }

    private static int numbered(String hex, String block) {
        if (hex.length() < 4 || hex.length() > 5 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            return -1;
        }
        int code = Integer.parseInt(hex, 16);
        String javaName = Character.isValidCodePoint(code) ? Character.getName(code) : null;
        return javaName != null && Character.isDefined(code) && javaName.startsWith(block + " ") ? code : -1;
    }
}
