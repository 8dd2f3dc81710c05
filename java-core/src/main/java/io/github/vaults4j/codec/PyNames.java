package io.github.vaults4j.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Module and global names as CPython's pickle spells them. Protocols 0 to 2 use Python 2 names
 * ({@code __builtin__.set}, {@code copy_reg._reconstructor}); CPython renames them both ways with the tables
 * of {@code _compat_pickle}, copied in {@code compat-names.tsv}.
 */
final class PyNames {
    private PyNames() {
    }

    private static final Map<String, String> IMPORT_2TO3 = new HashMap<>();
    private static final Map<String, String[]> NAME_2TO3 = new HashMap<>();
    private static final Map<String, String> IMPORT_3TO2 = new HashMap<>();
    private static final Map<String, String[]> NAME_3TO2 = new HashMap<>();

    /**
     * Modules of CPython's C-implemented classes: their {@code __qualname__} is a new string on each access,
     * where a class defined in Python has an interned one that the pickle memo shares.
     */
    private static final Set<String> FRESH_QUALNAME_MODULES =
            Set.of("builtins", "datetime", "decimal", "zoneinfo", "_codecs", "copyreg", "collections");

    static {
        try (InputStream in = PyNames.class.getResourceAsStream("compat-names.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "import2to3" -> IMPORT_2TO3.put(f[1], f[3]);
                    case "name2to3" -> NAME_2TO3.put(f[1] + "\n" + f[2], new String[] {f[3], f[4]});
                    case "import3to2" -> IMPORT_3TO2.put(f[1], f[3]);
                    case "name3to2" -> NAME_3TO2.put(f[1] + "\n" + f[2], new String[] {f[3], f[4]});
                    default -> throw new IllegalStateException("bad line in compat-names.tsv: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Python 2 spelling CPython writes at protocols below 3 ({@code fix_imports}). */
    static String[] toPython2(String module, String name) {
        return map(module, name, NAME_3TO2, IMPORT_3TO2);
    }

    /** The Python 3 spelling CPython's unpickler uses for globals read from protocols below 3. */
    static String[] toPython3(String module, String name) {
        return map(module, name, NAME_2TO3, IMPORT_2TO3);
    }

    private static String[] map(String module, String name, Map<String, String[]> names,
                                Map<String, String> imports) {
        String[] both = names.get(module + "\n" + name);
        if (both != null) {
            return both;
        }
        return new String[] {imports.getOrDefault(module, module), name};
    }

    /**
     * Whether the {@code __module__} of this global is a string of its own rather than the interned module
     * name that classes share (true of C functions such as {@code builtins.getattr}).
     */
    static boolean freshModuleName(String module, String name) {
        return "builtins".equals(module) && "getattr".equals(name);
    }

    static boolean freshQualname(String module) {
        return FRESH_QUALNAME_MODULES.contains(module);
    }
}
