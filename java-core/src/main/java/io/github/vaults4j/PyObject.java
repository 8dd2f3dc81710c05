package io.github.vaults4j;

import io.github.vaults4j.codec.PickleWriter;
import io.github.vaults4j.codec.PyObjectAssembly;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pickled Python object that has no Java counterpart: an instance of a user class, an Enum member, a
 * {@code bytearray}, an {@code OrderedDict}, a class object, a named timezone and so on.
 *
 * <p>Java code cannot use such a value, but it can keep it and store it again: a {@code PyObject} records
 * how CPython's pickler rebuilt the object (which opcode built it, from which global, with which arguments
 * and which state), so that writing it back gives the bytes CPython would write for the real object. Nothing
 * named by the data is ever loaded or run on the Java side.
 *
 * <p>The parts are decoded values themselves, so they may be nested {@code PyObject}s, and an object graph
 * read from a pickle may contain cycles (an object whose state refers back to it); {@link #equals} and
 * {@link #hashCode} are structural and do not terminate on such cycles.
 */
public final class PyObject {

    /** How the object was built, which is the opcode the pickle used. */
    public enum Kind {
        /** A reference to a module-level name, such as a class or a function itself. */
        GLOBAL,
        /** {@code callable(*args)}, for objects whose {@code __reduce__} returns a callable. */
        REDUCE,
        /** {@code cls.__new__(cls, *args)}, the default for instances of user classes. */
        NEWOBJ,
        /** {@code cls.__new__(cls, *args, **kwargs)}. */
        NEWOBJ_EX
    }

    private static final Object NO_STATE = new Object();

    private final Kind kind;
    private final String module;
    private final String name;
    private final Object callable;
    private final PyTuple args;
    private final Map<Object, Object> kwargs;
    private Object state = NO_STATE;
    private final List<Object> listItems = new ArrayList<>(0);
    private final Map<Object, Object> dictItems = new LinkedHashMap<>(0);

    private PyObject(Kind kind, String module, String name, Object callable, PyTuple args,
                     Map<Object, Object> kwargs) {
        this.kind = kind;
        this.module = module;
        this.name = name;
        this.callable = callable;
        this.args = args;
        this.kwargs = kwargs;
    }

    private static PyTuple tuple(List<?> args) {
        return args instanceof PyTuple t ? t : PyTuple.copyOf(args);
    }

    /** A reference to {@code module.name} itself (a class, a function). */
    public static PyObject global(String module, String name) {
        return new PyObject(Kind.GLOBAL, Objects.requireNonNull(module), Objects.requireNonNull(name), null,
                PyTuple.of(), Map.of());
    }

    /**
     * {@code callable(*args)}; the callable is usually a {@link #global} but may be any value that
     * CPython can pickle (a bound method is itself a {@code getattr} reduction).
     */
    public static PyObject reduce(Object callable, List<?> args) {
        return new PyObject(Kind.REDUCE, null, null, Objects.requireNonNull(callable), tuple(args),
                Map.of());
    }

    /** {@code cls.__new__(cls, *args)}, as CPython pickles instances of user classes. */
    public static PyObject newObj(PyObject cls, List<?> args) {
        return new PyObject(Kind.NEWOBJ, null, null, Objects.requireNonNull(cls), tuple(args), Map.of());
    }

    /** {@code cls.__new__(cls, *args, **kwargs)}. */
    public static PyObject newObjEx(PyObject cls, List<?> args, Map<?, ?> kwargs) {
        return new PyObject(Kind.NEWOBJ_EX, null, null, Objects.requireNonNull(cls), tuple(args),
                Collections.unmodifiableMap(new LinkedHashMap<Object, Object>(kwargs)));
    }

    /**
     * The same object with {@code state} as the argument of {@code __setstate__} (the pickle's BUILD
     * opcode), usually the instance {@code __dict__}. A copy is returned; the receiver is unchanged.
     */
    public PyObject withState(Object state) {
        PyObject copy = copyConstruction();
        copy.state = state;
        copy.listItems.addAll(listItems);
        copy.dictItems.putAll(dictItems);
        return copy;
    }

    private PyObject copyConstruction() {
        return new PyObject(kind, module, name, callable, args, kwargs);
    }

    /** How the object is built. */
    public Kind kind() {
        return kind;
    }

    /**
     * The module of the object's class: the module of the global itself for {@link Kind#GLOBAL}, of the class
     * for NEWOBJ, of the callable for REDUCE (for {@code getattr(cls, name)}, as used for Enum members, of
     * {@code cls}).
     */
    public String module() {
        PyObject type = typeGlobal();
        return type == null ? "builtins" : type.module;
    }

    /** The qualified name of the object's class, in the same sense as {@link #module()}. */
    public String name() {
        PyObject type = typeGlobal();
        return type == null ? "object" : type.name;
    }

    /** {@code module() + "." + name()}, as Python prints a class. */
    public String className() {
        return module() + "." + name();
    }

    private PyObject typeGlobal() {
        if (kind == Kind.GLOBAL) {
            return this;
        }
        if (!(callable instanceof PyObject c)) {
            return null;
        }
        if (kind == Kind.REDUCE && c.kind == Kind.GLOBAL && "builtins".equals(c.module)
                && "getattr".equals(c.name) && args.size() == 2 && args.get(0) instanceof PyObject owner) {
            return owner.typeGlobal();
        }
        return c.typeGlobal();
    }

    /** The callable (REDUCE) or class (NEWOBJ, NEWOBJ_EX); {@code null} for GLOBAL. */
    public Object callable() {
        return callable;
    }

    /** The positional arguments of the construction. */
    public PyTuple args() {
        return args;
    }

    /** The keyword arguments of NEWOBJ_EX; empty otherwise. */
    public Map<Object, Object> kwargs() {
        return kwargs;
    }

    /** Whether the pickle set a state (BUILD). */
    public boolean hasState() {
        return state != NO_STATE;
    }

    /** The state set after construction, or {@code null} when there is none. */
    public Object state() {
        return state == NO_STATE ? null : state;
    }

    /** Items appended after construction (subclasses of {@code list}); usually empty. */
    public List<Object> listItems() {
        return Collections.unmodifiableList(listItems);
    }

    /** Items set after construction (subclasses of {@code dict}, such as {@code OrderedDict}); usually empty. */
    public Map<Object, Object> dictItems() {
        return Collections.unmodifiableMap(dictItems);
    }

    /**
     * A standalone pickle of this object alone, as {@code pickle.dumps(obj, protocol)} would give for the
     * real Python object; {@code pickle.loads} of it rebuilds that object.
     */
    public byte[] toPickle(int protocol) {
        return PickleWriter.write(this, protocol);
    }

    /**
     * The values this object holds, in pickle order: the callable (absent for GLOBAL), the arguments, the
     * keyword arguments, the state (when set), the list items and the dict items. The one definition of what a
     * walk over a value visits inside an object.
     */
    public List<Object> parts() {
        List<Object> parts = new ArrayList<>(6);
        if (callable != null) {
            parts.add(callable);
        }
        parts.add(args);
        parts.add(kwargs);
        if (hasState()) {
            parts.add(state);
        }
        parts.add(listItems());
        parts.add(dictItems());
        return parts;
    }

    static {
        // Completing an object that is already referenced elsewhere (the pickle memoizes an object before its
        // state arrives, and the state may refer back to it) needs mutation: the decoder is handed the one
        // way to do it, which stays out of the public API.
        PyObjectAssembly.register(new PyObjectAssembly.Completer() {
            @Override
            public void state(PyObject object, Object state) {
                object.state = state;
            }

            @Override
            public void listItem(PyObject object, Object item) {
                object.listItems.add(item);
            }

            @Override
            public void dictItem(PyObject object, Object key, Object value) {
                object.dictItems.put(key, value);
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyObject p && kind == p.kind && Objects.equals(module, p.module)
                && Objects.equals(name, p.name) && Objects.equals(callable, p.callable) && args.equals(p.args)
                && kwargs.equals(p.kwargs) && Objects.equals(state, p.state) && listItems.equals(p.listItems)
                && dictItems.equals(p.dictItems);
    }

    @Override
    public int hashCode() {
        // Only the construction: the state may refer back to this object.
        return Objects.hash(kind, module, name, callable, args.size());
    }

    @Override
    public String toString() {
        return kind == Kind.GLOBAL ? "<class '" + module + "." + name + "'>" : "<" + className() + " object>";
    }
}
