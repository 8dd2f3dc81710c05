package io.github.vaults4j.python;

import io.github.vaults4j.PyObject;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The globals a stored object may name before Python is allowed to unpickle it
 * ({@code vaults.set_unpickle_allowlist}). The check runs in Java, over the object's decoded structure,
 * before {@code pickle.loads} sees a byte: a refused pickle never reaches an unpickler, so nothing it
 * names is imported or called.
 *
 * <p>Entries are {@code "module.QualName"} or {@code "module.*"}. A few globals are always allowed because
 * rebuilding plain instances needs them and they run no code of the data's choosing
 * ({@code copyreg._reconstructor}, {@code builtins.object}, {@code collections.OrderedDict}).
 */
final class UnpickleAllowList {
    private static final Set<String> ALWAYS_ALLOWED = Set.of(
            "copyreg._reconstructor", "copy_reg._reconstructor", "builtins.object", "__builtin__.object",
            "collections.OrderedDict", "builtins.bytearray", "__builtin__.bytearray");

    private final Set<String> entries;

    UnpickleAllowList(Collection<String> entries) {
        this.entries = Set.copyOf(entries);
    }

    /** The first global (as {@code module.name}) the object's pickle names that is not allowed, or null. */
    String firstRefused(PyObject object) {
        return refused(object, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private boolean allows(String module, String name) {
        String global = module + "." + name;
        return entries.contains(global) || entries.contains(module + ".*") || ALWAYS_ALLOWED.contains(global);
    }

    private String refused(Object value, Set<Object> seen) {
        if (value instanceof PyObject object) {
            if (!seen.add(object)) {
                return null; // the state of an object may refer back to it
            }
            if (object.kind() == PyObject.Kind.GLOBAL) {
                return allows(object.module(), object.name()) ? null : object.module() + "." + object.name();
            }
            for (Object part : new Object[] {object.callable(), object.args(), object.kwargs(), object.state(),
                    object.listItems(), object.dictItems()}) {
                String found = refused(part, seen);
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String found = refused(entry.getKey(), seen);
                found = found != null ? found : refused(entry.getValue(), seen);
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                String found = refused(item, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
