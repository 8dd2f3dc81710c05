"""The Python half of the bridge to the vaults4j Java core.

Values cross to Java as ``pickle.dumps(value, 4)`` and come back as one buffer (``loaded``): a marshal for
values of the plain types, else the CPython-exact pickle the core writes, which ``loads`` below turns into
objects: one buffer per call each way. ``loads`` is
``pickle.loads`` (unrestricted, as in CPython) until ``vaults.set_unpickle_allowlist`` installs the
restricted unpickler, which asks the Java rule (io.github.vaults4j.python.UnpickleAllowList) about every
global before importing it and about the object it resolves to.
"""

import _codecs
import io
import marshal
import pickle

_bridge = None

dumps = pickle.dumps
loads = pickle.loads
# For values of the plain types only, which the bridge writes itself (io.github.vaults4j.python.MarshalWriter):
# GraalPy builds them from a marshal several times faster than from a pickle. No allow-list applies: marshal
# names no globals.
unmarshal = marshal.loads
# The bytes of a buffer that crossed as a Latin-1 str: latin1(found)[0]. The codec function itself, without
# str.encode's look-up of the codec by name: about 2 µs less a call on GraalPy 25.2.4, interpreted.
latin1 = _codecs.latin_1_encode
PROTOCOL = 4


def bridge():
    """The context's VaultsBridge, made on first use (importing the package stays cheap)."""
    global _bridge
    if _bridge is None:
        import java
        import sys
        _bridge = java.type('io.github.vaults4j.python.VaultsBridge').create(sys.modules[__name__])
    return _bridge


def set_allowlist(rule):
    """Installs the restricted unpickler for ``rule`` (a Java UnpickleAllowList), or lifts it (None)."""
    global loads
    if rule is None:
        loads = pickle.loads
        return

    # The pure-Python unpickler: GraalPy's built-in one does not call a subclass's find_class.
    class _Restricted(pickle._Unpickler):
        def __init__(self, data):
            super().__init__(io.BytesIO(data))
            self._allowed_classes = set()

        def find_class(self, module, name):
            if module == 'builtins' and name == 'getattr':
                return self._member
            refused = rule.refuseName(module, name)
            if refused is not None:
                raise pickle.UnpicklingError(refused)
            found = super().find_class(module, name)
            refused = rule.refuseResolved(module, name, getattr(found, '__module__', None),
                                          getattr(found, '__qualname__', None), isinstance(found, type))
            if refused is not None:
                raise pickle.UnpicklingError(refused)
            if isinstance(found, type):
                self._allowed_classes.add(found)
            return found

        def _member(self, owner, name, *default):
            # CPython pickles Enum members as getattr(EnumClass, 'NAME'): only that shape is served.
            if default or not isinstance(name, str) or not isinstance(owner, type) \
                    or owner not in self._allowed_classes:
                raise pickle.UnpicklingError('stored object needs builtins.getattr on something other than '
                                             'a class of the unpickle allow-list, which is refused')
            member = getattr(owner, name, None) if not name.startswith('_') else None
            refused = rule.refuseMember(owner.__module__ + '.' + owner.__qualname__, name,
                                        isinstance(member, owner))
            if refused is not None:
                raise pickle.UnpicklingError(refused)
            return member

    def restricted_loads(data):
        return _Restricted(data).load()

    loads = restricted_loads


def loaded(found):
    """A value as the bridge returns it: a marshal or a pickle to load, or what _load_objects made of a value
    holding objects of other classes than the plain types (the bridge has already unpickled it)."""
    # The buffer crosses as a Latin-1 str (one char a byte): GraalPy copies a Java string in bulk, where it
    # reads a foreign byte buffer one byte at a time. A pickle starts with PROTO (0x80), a marshal never does.
    if type(found) is tuple:
        return restored(found)
    return loads(latin1(found)[0]) if found[0] == '\x80' else unmarshal(latin1(found)[0])


def restored(result):
    """The object _load_objects built, or the exception that stopped it, raised here in the caller's frame."""
    if len(result) == 2:
        raise result[1].with_traceback(None)
    return result[0]


def _load_objects(data):
    """Called by the bridge for a value holding objects of other classes than the plain types: the current
    unpickler (restricted under an allow-list), under the bridge's frame so that the context refusing an
    operation reaches the bridge. A Python exception is returned, not raised, and raised by restored():
    raised here it would cross the host frame, which GraalPy 25.2.4 does not always survive."""
    try:
        return (loads(latin1(data)[0]),)
    except Exception as e:
        return (None, e)


def _raise(kind, message):
    """Raises the Python exception the module would: called from Java, so that the exception thrown
    travels back to the caller as a Python one."""
    if kind == 'VaultError':
        from vaults import VaultError
        raise VaultError(message)
    if kind == 'UnpicklingError':
        raise pickle.UnpicklingError(message)
    import builtins
    raise getattr(builtins, kind, RuntimeError)(message)
