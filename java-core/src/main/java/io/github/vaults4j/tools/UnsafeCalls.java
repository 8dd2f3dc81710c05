package io.github.vaults4j.tools;

import io.github.vaults4j.PyObject;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the globals a decoded value's pickle names outside the plain types: the classes and functions Python
 * imports and calls or builds when it loads the value ({@code os.system}, {@code builtins.getattr}, a user
 * class, {@code myapp.models} + {@code os.mkdir}, ...), and whether one of them would run a command or reach
 * code beyond a class. The Java reader never runs anything, but every Python program that reads the vault
 * would: the check reports such a row with every global it names, so a reader can judge them against an
 * unpickle allow-list. The plain types (datetime, Decimal, sets, ...) are decoded to Java values and never
 * appear here.
 *
 * <p>Dangerous: a global with a part (of its module or of its dotted name) that is a module able to run
 * commands or code ({@code os}, {@code subprocess}, ...), a code-running builtin ({@code eval}, ...) or a
 * dunder name; and {@code builtins.getattr} called other than as CPython pickles an Enum member
 * ({@code getattr(Class, "NAME")}). Instances of classes and Enum members alone are not.
 */
final class UnsafeCalls {
    /** Globals that rebuild plain values and plain instances, which run no code of the data's choosing. */
    private static final Set<String> PLAIN = Set.of("builtins.bytearray", "builtins.object",
            "copyreg._reconstructor", "collections.OrderedDict");
    private static final Set<String> MODULES = Set.of("os", "posix", "nt", "subprocess", "pty", "shutil",
            "socket", "importlib", "runpy", "code", "commands", "webbrowser", "ctypes", "sys", "pickle", "marshal");
    private static final Set<String> BUILTINS = Set.of("eval", "exec", "compile", "__import__", "open",
            "setattr", "delattr", "globals", "breakpoint", "input", "vars", "locals");
    private static final String DUNDER = "__";

    /** What a value's pickle names: every global outside the plain types, and whether one is dangerous. */
    record Findings(Set<String> globals, boolean dangerous) {
    }

    private UnsafeCalls() {
    }

    /**
     * Every global the value names outside the plain types, as {@code module.name}, each once, and whether one
     * would run a command or reach beyond a class (see the class doc). Iterative, and each shared or cyclic
     * part is visited once.
     */
    static Findings find(Object value) {
        Set<String> found = new LinkedHashSet<>();
        boolean dangerous = false;
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        push(pending, value);
        while (!pending.isEmpty()) {
            Object current = pending.pop();
            if (!(current instanceof PyObject || current instanceof Collection<?> || current instanceof Map<?, ?>)
                    || !seen.add(current)) {
                continue;
            }
            if (current instanceof PyObject object) {
                if (object.kind() == PyObject.Kind.GLOBAL) {
                    String global = object.module() + "." + object.name();
                    if (!PLAIN.contains(global)) {
                        found.add(global);
                        // getattr is judged where it is called: an Enum lookup is harmless.
                        dangerous |= !isGetattr(object) && dangerousName(global);
                    }
                    continue;
                }
                dangerous |= object.callable() instanceof PyObject callable && isGetattr(callable)
                        && !isEnumLookup(object);
                for (Object part : object.parts()) {
                    push(pending, part);
                }
            } else if (current instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    push(pending, entry.getKey());
                    push(pending, entry.getValue());
                }
            } else {
                for (Object item : (Collection<?>) current) {
                    push(pending, item);
                }
            }
        }
        return new Findings(found, dangerous);
    }

    private static boolean dangerousName(String dotted) {
        for (String part : dotted.split("\\.")) {
            if (MODULES.contains(part) || BUILTINS.contains(part) || part.startsWith(DUNDER)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGetattr(PyObject global) {
        return global.kind() == PyObject.Kind.GLOBAL && "builtins".equals(global.module())
                && "getattr".equals(global.name());
    }

    /** {@code getattr(Class, "NAME")}, as CPython pickles an Enum member, on a class with a harmless name. */
    private static boolean isEnumLookup(PyObject call) {
        return call.kind() == PyObject.Kind.REDUCE && call.args().size() == 2
                && call.args().get(0) instanceof PyObject owner && owner.kind() == PyObject.Kind.GLOBAL
                && !dangerousName(owner.module() + "." + owner.name())
                && call.args().get(1) instanceof String member && !member.startsWith("_");
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }
}
