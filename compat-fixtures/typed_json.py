"""Typed JSON: a lossless JSON spelling of the Python values a vault can hold.

Plain JSON cannot tell a tuple from a list, 1 from 1.0 from True, bytes from str, or carry big ints,
NaN, sets, datetimes or dicts with non-string keys.  Every fixture and every peer answer therefore
spells a Python value as a tagged JSON object ``{"t": TAG, ...}``; see README.md for the table.

Decoding builds every str, bytes and container as a fresh object, except the ones CPython itself
always shares (the empty str, one-character str with a code point <= 0xFF, empty and one-byte
bytes, the empty tuple, ``timezone.utc`` and cached ``ZoneInfo`` zones).  That matters because
pickle memoizes by identity: a decoded value pickles exactly as the same value built fresh would.
"""

import base64
import datetime
import decimal
import enum
import importlib
import zoneinfo

_ONE_BYTE = [bytes([i]) for i in range(256)]  # CPython returns its own singletons here


def _float_text(x):
    """repr() round-trips every float exactly, including -0.0, nan and the infinities."""
    return repr(x)


def _float_value(text):
    return float(text)


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _tz_to_typed(tz):
    if tz is None:
        return None
    if tz is datetime.timezone.utc:
        return {"t": "utc"}
    if isinstance(tz, zoneinfo.ZoneInfo):
        return {"t": "zoneinfo", "key": tz.key}
    if isinstance(tz, datetime.timezone):
        offset = tz.utcoffset(None)
        out = {"t": "fixed", "offset": _timedelta_fields(offset)}
        # A timezone built without a name reports a generated one ("UTC+02:00"); only an explicit
        # name is pickled, so only an explicit name is recorded.
        if datetime.timezone(offset).tzname(None) != tz.tzname(None):
            out["name"] = tz.tzname(None)
        return out
    raise TypeError(f"no typed JSON for tzinfo {tz!r}")


def _tz_from_typed(obj):
    if obj is None:
        return None
    tag = obj["t"]
    if tag == "utc":
        return datetime.timezone.utc
    if tag == "zoneinfo":
        return zoneinfo.ZoneInfo(obj["key"])
    if tag == "fixed":
        offset = _timedelta_from_fields(obj["offset"])
        if "name" in obj:
            return datetime.timezone(offset, obj["name"])
        return datetime.timezone(offset)
    raise ValueError(f"unknown tzinfo tag {tag!r}")


def _timedelta_fields(td):
    return {"days": td.days, "seconds": td.seconds, "microseconds": td.microseconds}


def _timedelta_from_fields(obj):
    return datetime.timedelta(days=obj["days"], seconds=obj["seconds"],
                              microseconds=obj["microseconds"])


def _qualified_name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def _resolve_class(qualified):
    module_name, _, qualname = qualified.rpartition(".")
    return getattr(importlib.import_module(module_name), qualname)


def to_typed(value):
    """The typed JSON form (a JSON-ready Python structure) of a Python value."""
    # Order matters: bool is an int, datetime is a date, IntEnum members are ints.
    if value is None:
        return {"t": "none"}
    if isinstance(value, enum.Enum):
        return {"t": "enum", "class": _qualified_name(type(value)), "name": value.name}
    if type(value) is bool:
        return {"t": "bool", "v": value}
    if type(value) is int:
        return {"t": "int", "v": str(value)}
    if type(value) is float:
        return {"t": "float", "v": _float_text(value)}
    if type(value) is str:
        return {"t": "str", "v": value}
    if type(value) is bytes:
        return {"t": "bytes", "v": _b64(value)}
    if type(value) is list:
        return {"t": "list", "v": [to_typed(item) for item in value]}
    if type(value) is tuple:
        return {"t": "tuple", "v": [to_typed(item) for item in value]}
    if type(value) is dict:
        return {"t": "dict", "v": [[to_typed(k), to_typed(v)] for k, v in value.items()]}
    if type(value) is set:
        return {"t": "set", "v": [to_typed(item) for item in value]}
    if type(value) is frozenset:
        return {"t": "frozenset", "v": [to_typed(item) for item in value]}
    if type(value) is datetime.datetime:
        return {"t": "datetime", "v": value.replace(tzinfo=None).isoformat(timespec="microseconds"),
                "tz": _tz_to_typed(value.tzinfo), "fold": value.fold}
    if type(value) is datetime.date:
        return {"t": "date", "v": value.isoformat()}
    if type(value) is datetime.time:
        return {"t": "time", "v": value.replace(tzinfo=None).isoformat(timespec="microseconds"),
                "tz": _tz_to_typed(value.tzinfo), "fold": value.fold}
    if type(value) is datetime.timedelta:
        return {"t": "timedelta", **_timedelta_fields(value)}
    if type(value) is decimal.Decimal:
        return {"t": "decimal", "v": str(value)}
    if type(value) is complex:
        return {"t": "complex", "real": _float_text(value.real), "imag": _float_text(value.imag)}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {"t": "object", "class": _qualified_name(type(value)),
                "state": to_typed(dict(value.__dict__))}
    raise TypeError(f"no typed JSON for {type(value).__name__}")


def _fresh_str(text):
    """A str that is a new object unless CPython would share it anyway."""
    if len(text) == 0:
        return ""
    if len(text) == 1 and ord(text) <= 0xFF:
        return chr(ord(text))
    return "".join([text[:1], text[1:]])  # joining two pieces always allocates a new string


def _fresh_bytes(data):
    if len(data) == 0:
        return b""
    if len(data) == 1:
        return _ONE_BYTE[data[0]]
    return bytes(bytearray(data))


def from_typed(obj):
    """The Python value of a typed JSON structure, built from fresh objects (see module docstring)."""
    tag = obj["t"]
    if tag == "none":
        return None
    if tag == "bool":
        return bool(obj["v"])
    if tag == "int":
        return int(obj["v"])
    if tag == "float":
        return _float_value(obj["v"])
    if tag == "str":
        return _fresh_str(obj["v"])
    if tag == "bytes":
        return _fresh_bytes(base64.b64decode(obj["v"]))
    if tag == "list":
        return [from_typed(item) for item in obj["v"]]
    if tag == "tuple":
        return tuple([from_typed(item) for item in obj["v"]])
    if tag == "dict":
        return {from_typed(k): from_typed(v) for k, v in obj["v"]}
    if tag == "set":
        return {from_typed(item) for item in obj["v"]}
    if tag == "frozenset":
        return frozenset([from_typed(item) for item in obj["v"]])
    if tag == "datetime":
        naive = datetime.datetime.fromisoformat(obj["v"])
        return naive.replace(tzinfo=_tz_from_typed(obj.get("tz")), fold=obj.get("fold", 0))
    if tag == "date":
        return datetime.date.fromisoformat(obj["v"])
    if tag == "time":
        naive = datetime.time.fromisoformat(obj["v"])
        return naive.replace(tzinfo=_tz_from_typed(obj.get("tz")), fold=obj.get("fold", 0))
    if tag == "timedelta":
        return _timedelta_from_fields(obj)
    if tag == "decimal":
        return decimal.Decimal(obj["v"])
    if tag == "complex":
        return complex(_float_value(obj["real"]), _float_value(obj["imag"]))
    if tag == "enum":
        return _resolve_class(obj["class"])[obj["name"]]
    if tag == "object":
        cls = _resolve_class(obj["class"])
        instance = cls.__new__(cls)
        instance.__dict__.update(from_typed(obj["state"]))
        return instance
    raise ValueError(f"unknown typed JSON tag {tag!r}")


def strictly_equal(a, b):
    """Equality that also demands equal types (1 != 1.0 != True) and equal float bits (nan == nan,
    0.0 != -0.0).  Dicts and sets compare as Python compares them (order ignored)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return _float_text(a) == _float_text(b)
    if isinstance(a, complex):
        return strictly_equal(a.real, b.real) and strictly_equal(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(strictly_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        if len(a) != len(b):
            return False
        return all(k in b and strictly_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, (set, frozenset)):
        return a == b
    if isinstance(a, (datetime.datetime, datetime.time)):
        return a == b and a.tzinfo == b.tzinfo and a.fold == b.fold
    if isinstance(a, decimal.Decimal):
        return str(a) == str(b)
    if hasattr(a, "__dict__") and not isinstance(a, enum.Enum):
        return strictly_equal(a.__dict__, b.__dict__)
    return a == b


def tuples_to_lists(value):
    """What msgpack gives back for a value: every tuple becomes a list."""
    if isinstance(value, (list, tuple)):
        return [tuples_to_lists(item) for item in value]
    if isinstance(value, dict):
        return {k: tuples_to_lists(v) for k, v in value.items()}
    return value

