"""The Python half of the bridge to the vaults4j Java core.

The Java class io.github.vaults4j.python.VaultsBridge reads the names below off this module: the
builtins it builds values with, the constructors of the rarer types, and the one function through which
pickled objects come back to life (_restore_object), after the bridge has checked them against the
unpickle allow-list.
"""

import pickle

_bridge = None

dict = dict
list = list
tuple = tuple
set = set
frozenset = frozenset
bytes = bytes
int = int
none = None


def bridge():
    """The context's VaultsBridge, made on first use (importing the package stays cheap)."""
    global _bridge
    if _bridge is None:
        import java
        import sys
        _bridge = java.type('io.github.vaults4j.python.VaultsBridge').create(sys.modules[__name__])
    return _bridge


def _restore_object(data):
    """Turns the pickle of one stored object (a class instance, or a value the core keeps opaque) back
    into that object. Every such object passes through here, after the bridge has checked the
    allow-list (vaults.set_unpickle_allowlist) against what the pickle names."""
    return pickle.loads(data)


def _dump_object(obj):
    """The pickle the Java core parses for values it has no direct mapping for."""
    return pickle.dumps(obj, 4)


def _make_temporal(kind, a, b, c, hour, minute, second, micro, offset, zone):
    import datetime
    if kind == 'timedelta':
        return datetime.timedelta(seconds=second, microseconds=micro)
    tz = None
    if zone is not None:
        import zoneinfo
        tz = zoneinfo.ZoneInfo(zone)
    elif offset is not None:
        tz = datetime.timezone.utc if offset == 0 else datetime.timezone(datetime.timedelta(seconds=offset))
    if kind == 'datetime':
        return datetime.datetime(a, b, c, hour, minute, second, micro, tzinfo=tz)
    if kind == 'date':
        return datetime.date(a, b, c)
    return datetime.time(hour, minute, second, micro, tzinfo=tz)


def _make_decimal(text):
    import decimal
    return decimal.Decimal(text)


def _make_complex(real, imag):
    return complex(real, imag)


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
