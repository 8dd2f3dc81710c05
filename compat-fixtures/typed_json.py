"""Typed JSON: the JSON spelling of Python values shared by these fixtures and the Java tests.

The notation is the one in TYPED_JSON.md: plain JSON cannot tell a tuple from a list, 1 from 1.0,
bytes from str, or carry big ints, NaN, sets, datetimes or dicts with non-str keys, so those are
written as one-key objects such as ``{"tuple": [...]}`` or ``{"int": "12345678901234567890"}``.
Two additions, inside the ``object`` body, let Python rebuild fixture objects: ``"member"`` (the
member name of an Enum) and ``"state"`` (the typed ``__dict__`` of any other instance).

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
import math
import zoneinfo

_ONE_BYTE = [bytes([i]) for i in range(256)]  # CPython returns its own singletons here


def _float_text(x):
    """float.hex() is exact (Java's Double.parseDouble reads it); nan and the infinities are
    spelled out because hex() has no form for them."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x.hex()


def _float_value(text):
    return float(text) if text in ("nan", "inf", "-inf") else float.fromhex(text)


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _check_tz(tz):
    """Only tzinfos the notation can carry: an unnamed fixed offset (utc included) or a zone."""
    if tz is None or isinstance(tz, zoneinfo.ZoneInfo):
        return
    if type(tz) is datetime.timezone:
        offset = tz.utcoffset(None)
        if datetime.timezone(offset).tzname(None) == tz.tzname(None):
            return
    raise TypeError(f"no typed JSON for tzinfo {tz!r}")


def _timed_to_typed(tag, value):
    _check_tz(value.tzinfo)
    if tag == "time" and isinstance(value.tzinfo, zoneinfo.ZoneInfo):
        raise TypeError("no typed JSON for a time with a zone")
    if value.fold and not isinstance(value.tzinfo, zoneinfo.ZoneInfo):
        raise TypeError(f"no typed JSON for fold=1 without a zone: {value!r}")
    out = {tag: value.isoformat()}
    if isinstance(value.tzinfo, zoneinfo.ZoneInfo):
        out["zone"] = value.tzinfo.key  # isoformat() carries the offset, which tells the fold
    return out


def _datetime_from_typed(obj):
    parsed = datetime.datetime.fromisoformat(obj["datetime"])
    if "zone" not in obj:
        return parsed
    local = parsed.replace(tzinfo=zoneinfo.ZoneInfo(obj["zone"]))
    if local.utcoffset() != parsed.utcoffset():
        local = local.replace(fold=1)  # the second of two equal wall times
    return local


def _qualified_name(cls):
    return {"module": cls.__module__, "name": cls.__qualname__}


def _resolve_class(spec):
    cls = importlib.import_module(spec["module"])
    for part in spec["name"].split("."):
        cls = getattr(cls, part)
    return cls


def to_typed(value):
    """The typed JSON form (a JSON-ready Python structure) of a Python value."""
    # Order matters: bool is an int, datetime is a date, IntEnum members are ints.
    if value is None or type(value) is bool or type(value) is str:
        return value
    if isinstance(value, enum.Enum):
        return {"object": {**_qualified_name(type(value)), "member": value.name}}
    if type(value) is int:
        return {"int": str(value)}
    if type(value) is float:
        return {"float": _float_text(value)}
    if type(value) is bytes:
        return {"bytes": _b64(value)}
    if type(value) is list:
        return {"list": [to_typed(item) for item in value]}
    if type(value) is tuple:
        return {"tuple": [to_typed(item) for item in value]}
    if type(value) is dict:
        return {"dict": [[to_typed(k), to_typed(v)] for k, v in value.items()]}
    if type(value) is set:
        return {"set": [to_typed(item) for item in value]}
    if type(value) is frozenset:
        return {"frozenset": [to_typed(item) for item in value]}
    if type(value) is datetime.datetime:
        return _timed_to_typed("datetime", value)
    if type(value) is datetime.date:
        return {"date": value.isoformat()}
    if type(value) is datetime.time:
        return _timed_to_typed("time", value)
    if type(value) is datetime.timedelta:
        return {"timedelta": [value.days, value.seconds, value.microseconds]}
    if type(value) is decimal.Decimal:
        return {"decimal": str(value)}
    if type(value) is complex:
        return {"complex": [_float_text(value.real), _float_text(value.imag)]}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {"object": {**_qualified_name(type(value)),
                           "state": to_typed(dict(value.__dict__))}}
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
    if obj is None or isinstance(obj, bool):
        return obj
    if isinstance(obj, str):
        return _fresh_str(obj)
    if not isinstance(obj, dict):
        raise ValueError(f"not typed JSON: {obj!r:.80}")
    tag = next((k for k in obj if k != "zone"), None)
    body = obj.get(tag)
    if tag == "int":
        return int(body)
    if tag == "float":
        return _float_value(body)
    if tag == "bytes":
        return _fresh_bytes(base64.b64decode(body))
    if tag == "list":
        return [from_typed(item) for item in body]
    if tag == "tuple":
        return tuple([from_typed(item) for item in body])
    if tag == "dict":
        return {from_typed(k): from_typed(v) for k, v in body}
    if tag == "set":
        return {from_typed(item) for item in body}
    if tag == "frozenset":
        return frozenset([from_typed(item) for item in body])
    if tag == "datetime":
        return _datetime_from_typed(obj)
    if tag == "date":
        return datetime.date.fromisoformat(body)
    if tag == "time":
        return datetime.time.fromisoformat(body)
    if tag == "timedelta":
        days, seconds, microseconds = body
        return datetime.timedelta(days=days, seconds=seconds, microseconds=microseconds)
    if tag == "decimal":
        return decimal.Decimal(body)
    if tag == "complex":
        return complex(_float_value(body[0]), _float_value(body[1]))
    if tag == "object":
        cls = _resolve_class(body)
        if "member" in body:
            return cls[body["member"]]
        if "state" not in body:
            raise ValueError(f"object {body['module']}.{body['name']} has no state to rebuild")
        instance = cls.__new__(cls)
        instance.__dict__.update(from_typed(body["state"]))
        return instance
    raise ValueError(f"unknown typed JSON form {obj!r:.80}")


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

