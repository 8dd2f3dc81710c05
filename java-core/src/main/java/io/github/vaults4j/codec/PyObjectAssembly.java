package io.github.vaults4j.codec;

import io.github.vaults4j.PyObject;

/**
 * How the pickle decoder completes a {@link PyObject} after it was created: a pickle memoizes an object before
 * its state and items arrive, and they may refer back to it, so they are set afterwards. {@code PyObject} hands
 * its one {@link Completer} to this class when it is initialised; the module does not export this package to
 * applications, so the mutation stays out of the public API.
 */
public final class PyObjectAssembly {
    /** Sets what a pickle adds to an object after constructing it. */
    public interface Completer {
        void state(PyObject object, Object state);

        void listItem(PyObject object, Object item);

        void dictItem(PyObject object, Object key, Object value);
    }

    private static volatile Completer completer;

    private PyObjectAssembly() {
    }

    /**
     * Called once, by {@code PyObject}'s initialiser.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void register(Completer completer) {
        if (PyObjectAssembly.completer != null) {
            throw new IllegalStateException("PyObject's completer is already registered");
        }
        PyObjectAssembly.completer = completer;
    }

    static Completer completer() {
        Completer c = completer;
        if (c == null) {
            initialise();
            c = completer;
        }
        return c;
    }

    private static void initialise() {
        try {
            Class.forName(PyObject.class.getName(), true, PyObject.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
