package io.github.vaults4j.python;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.graalvm.polyglot.HostAccess;

/**
 * Which globals a stored object may name when Python unpickles it under {@code vaults.set_unpickle_allowlist}.
 * The package's restricted unpickler asks this rule twice for every global of a pickle: before anything is
 * imported ({@link #refuseName}) and, once the dotted name is resolved, about the object it finally names
 * ({@link #refuseResolved}). A refused global raises {@code pickle.UnpicklingError}; nothing it names is called.
 *
 * <p>The rule:
 * <ul>
 *   <li>{@code "module.QualName"} allows exactly the object defined under that name: the resolved object's
 *   own {@code __module__} and {@code __qualname__} must be the listed ones, so a name that reaches another
 *   module's object through an attribute ({@code myapp.models} + {@code os.mkdir}) is refused.</li>
 *   <li>{@code "module.*"} allows the classes defined in that module (and classes nested in them), judged the
 *   same way; functions and other objects of the module, and anything reachable through them, are refused.</li>
 *   <li>No part of a qualified name may be a dunder name ({@code __globals__}, {@code __init__}, ...); a
 *   module may ({@code __main__}).</li>
 *   <li>{@code builtins.getattr} is never resolved: an Enum member, which CPython pickles as
 *   {@code getattr(EnumClass, "NAME")}, is looked up on a class the rule allowed, under a name without a
 *   leading underscore, and must be an instance of that class ({@link #refuseMember}).</li>
 *   <li>The globals the plain types are built with ({@code datetime}, {@code decimal.Decimal}, sets, ...,
 *   {@link #PLAIN}) are always allowed.</li>
 * </ul>
 */
public final class UnpickleAllowList {
    /** Globals that rebuild plain values and plain instances; none runs code of the data's choosing. */
    static final Set<String> PLAIN = Set.of(
            "builtins.set", "builtins.frozenset", "builtins.complex", "builtins.bytes", "builtins.bytearray",
            "builtins.object", "copyreg._reconstructor", "_codecs.encode", "collections.OrderedDict",
            "decimal.Decimal", "datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta",
            "datetime.timezone", "zoneinfo.ZoneInfo", "zoneinfo.ZoneInfo._unpickle",
            // Protocol 2 pickles (Python 2 names, mapped by the unpickler's fix_imports).
            "__builtin__.set", "__builtin__.frozenset", "__builtin__.object", "copy_reg._reconstructor");
    private static final String MODULE_WILDCARD = ".*";
    private static final String DUNDER = "__";
    private static final String GETATTR = "builtins.getattr";

    private final Set<String> exact = new HashSet<>();
    private final Set<String> modules = new HashSet<>();

    UnpickleAllowList(Collection<String> entries) {
        for (String entry : entries) {
            if (entry.endsWith(MODULE_WILDCARD)) {
                modules.add(entry.substring(0, entry.length() - MODULE_WILDCARD.length()));
            } else if (entry.indexOf('.') > 0) {
                exact.add(entry);
            } else {
                throw new IllegalArgumentException("unpickle allow-list entry '" + entry
                        + "' is neither 'module.QualName' nor 'module.*'");
            }
        }
    }

    /**
     * Why the global {@code module.name} may not even be imported, or null. Called before the unpickler
     * resolves it.
     */
    @HostAccess.Export
    public String refuseName(String module, String name) {
        String global = module + "." + name;
        if (PLAIN.contains(global)) {
            return null;
        }
        if (GETATTR.equals(global)) {
            return refusal(global, "attribute lookups are never resolved; an Enum needs only its class listed");
        }
        if (hasDunderPart(name)) {
            return refusal(global, "a dunder name");
        }
        if (exact.contains(global) || modules.contains(module)) {
            return null;
        }
        return refusal(global, "not on the unpickle allow-list (vaults.set_unpickle_allowlist)");
    }

    /**
     * Why the object that {@code module.name} resolved to may not be used, or null: it must be the object
     * defined under that very name, and a class when only its module is listed.
     *
     * @param ownModule   the object's {@code __module__} (null when it has none)
     * @param ownQualname the object's {@code __qualname__} (null when it has none)
     * @param isClass     whether the object is a class
     */
    @HostAccess.Export
    public String refuseResolved(String module, String name, String ownModule, String ownQualname, boolean isClass) {
        String global = module + "." + name;
        if (PLAIN.contains(global)) {
            return null;
        }
        if (!module.equals(ownModule) || !name.equals(ownQualname)) {
            return refusal(global, "it names " + (ownModule == null ? "an object without a module" : ownModule
                    + "." + ownQualname) + ", which is not what the allow-list lists");
        }
        if (!exact.contains(global) && !isClass) {
            return refusal(global, "not a class; 'module.*' allows only the classes defined in the module");
        }
        return null;
    }

    /**
     * Why {@code getattr(owner, member)} may not be used, or null. The owner is a class this rule allowed;
     * the member must be a public name of it whose value is an instance of the owner (an Enum member).
     */
    @HostAccess.Export
    public String refuseMember(String owner, String member, boolean isOwnInstance) {
        String global = "getattr(" + owner + ", '" + member + "')";
        if (member.startsWith("_") || member.contains(".")) {
            return refusal(global, "a private or dunder attribute");
        }
        if (!isOwnInstance) {
            return refusal(global, "not an instance of " + owner + " (only Enum-like members may be looked up)");
        }
        return null;
    }

    private static boolean hasDunderPart(String dotted) {
        for (String part : dotted.split("\\.", -1)) {
            if (part.startsWith(DUNDER) || part.endsWith(DUNDER)) {
                return true;
            }
        }
        return false;
    }

    private static String refusal(String global, String why) {
        return "stored object needs '" + global + "', which is refused: " + why;
    }
}
