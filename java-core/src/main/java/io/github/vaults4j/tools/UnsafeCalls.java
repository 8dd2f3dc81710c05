package io.github.vaults4j.tools;

import io.github.vaults4j.PyObject;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds, in a decoded value, a pickle reduction that would run a command or code when Python loads it
 * ({@code os.system(...)}, {@code builtins.eval(...)}, {@code subprocess.Popen(...)}, ...). The Java reader
 * never runs anything, but every Python program that reads the vault would: the check reports such a row.
 */
final class UnsafeCalls {
    private static final Set<String> MODULES = Set.of("os", "posix", "nt", "subprocess", "pty", "shutil",
            "socket", "importlib", "runpy", "code", "commands", "webbrowser", "ctypes", "sys", "pickle", "marshal");
    private static final Set<String> BUILTINS = Set.of("eval", "exec", "compile", "__import__", "open",
            "getattr", "setattr", "delattr", "globals", "breakpoint", "input");

    private UnsafeCalls() {
    }

    /** The first dangerous call in the value, such as {@code os.system}, or {@code null}. */
    static String find(Object value) {
        return find(value, new IdentityHashMap<>());
    }

    private static String find(Object value, Map<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof byte[]
                || seen.put(value, Boolean.TRUE) != null) {
            return null;
        }
        if (value instanceof PyObject object) {
            if (object.kind() == PyObject.Kind.REDUCE && object.callable() instanceof PyObject callable
                    && callable.kind() == PyObject.Kind.GLOBAL && dangerous(callable.module(), callable.name())
                    && !isEnumLookup(object, callable)) {
                return callable.module() + "." + callable.name();
            }
            for (Object part : object.parts()) {
                String found = find(part, seen);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String found = find(entry.getKey(), seen);
                found = found != null ? found : find(entry.getValue(), seen);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                String found = find(item, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean dangerous(String module, String name) {
        return MODULES.contains(module.split("\\.", 2)[0]) || "builtins".equals(module) && BUILTINS.contains(name);
    }

    /** {@code getattr(EnumClass, "MEMBER")} is how CPython pickles Enum members: harmless when the owner is a class. */
    private static boolean isEnumLookup(PyObject object, PyObject callable) {
        return "builtins".equals(callable.module()) && "getattr".equals(callable.name()) && object.args().size() == 2
                && object.args().get(0) instanceof PyObject owner && owner.kind() == PyObject.Kind.GLOBAL
                && !dangerous(owner.module(), owner.name()) && object.args().get(1) instanceof String;
    }
}
