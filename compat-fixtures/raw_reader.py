"""A low-level reader of vault cells, independent of reference_vaults.

Tests need a second opinion on what a file holds: this reads rows with plain sqlite3 and decodes
each cell by its first bytes, without the module's lookup rules.  It accepts all three kinds of
cell: ``M`` + msgpack, ``P`` + pickle (generation 2) and a raw pickle starting with 0x80
(generation 1).  Tuples stay tuples here (only the module turns a top-level tuple into a list), and
msgpack maps may have any key (``strict_map_key=False``).

Pickles are loaded with an allowlist of globals: fixture and damaged files contain pickles that
call ``os.system``, and a reader must report them, never run them.
"""

import codecs
import datetime
import decimal
import enum
import base64
import io
import pickle
import sqlite3
import zoneinfo

import msgpack

import fixture_classes
import typed_json


def _restricted_getattr(owner, name):
    """The two getattr calls plain data pickles make: ``getattr(ZoneInfo, '_unpickle')``
    (protocols 2 and 3 cannot name a dotted global) and ``getattr(EnumClass, member_name)``
    (how Python 3.11 pickles an Enum member)."""
    if owner is zoneinfo.ZoneInfo and name == "_unpickle":
        return zoneinfo.ZoneInfo._unpickle
    if isinstance(owner, enum.EnumMeta) and name in owner.__members__:
        return owner[name]
    raise pickle.UnpicklingError(f"getattr({owner!r}, {name!r}) is not allowed")


_ALLOWED_GLOBALS = {
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "complex"): complex,
    ("builtins", "bytes"): bytes,
    ("builtins", "getattr"): _restricted_getattr,
    ("__builtin__", "set"): set,
    ("__builtin__", "frozenset"): frozenset,
    ("__builtin__", "complex"): complex,
    ("__builtin__", "bytes"): bytes,  # protocol 2 writes b"" as bytes()
    ("__builtin__", "getattr"): _restricted_getattr,
    ("_codecs", "encode"): codecs.encode,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
    ("decimal", "Decimal"): decimal.Decimal,
    ("zoneinfo", "ZoneInfo"): zoneinfo.ZoneInfo,
    ("zoneinfo", "ZoneInfo._unpickle"): zoneinfo.ZoneInfo._unpickle,
    ("fixture_classes", "Service"): fixture_classes.Service,
    ("fixture_classes", "Status"): fixture_classes.Status,
}


class _AllowlistUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return _ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"global {module}.{name} is not allowed") from None


def safe_pickle_loads(data):
    """pickle.loads limited to the globals plain vault data needs."""
    return _AllowlistUnpickler(io.BytesIO(data)).load()


def cell_kind(cell):
    """``M``, ``P2``..``P5`` or ``raw2``..``raw5``; ValueError for anything else."""
    if cell[:1] == b"M" and len(cell) >= 2:
        return "M"
    if cell[:1] == b"P" and len(cell) >= 3 and cell[1] == 0x80 and 2 <= cell[2] <= 5:
        return f"P{cell[2]}"
    if len(cell) >= 2 and cell[0] == 0x80 and 2 <= cell[1] <= 5:
        return f"raw{cell[1]}"
    raise ValueError(f"unknown cell kind, first bytes {bytes(cell[:3])!r}")


def decode_cell(cell):
    """(kind, value) of one cell."""
    kind = cell_kind(cell)
    if kind == "M":
        return kind, msgpack.unpackb(cell[1:], raw=False, strict_map_key=False)
    if kind.startswith("P"):
        return kind, safe_pickle_loads(cell[1:])
    return kind, safe_pickle_loads(cell)


def read_rows(path):
    """Every (rowid, key_cell, value_cell) of the ``dict`` table, in rowid order, read-only.

    A cell is bytes for a BLOB; any other SQLite type comes back as sqlite3 gives it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT rowid, key, value FROM dict ORDER BY rowid").fetchall()
    finally:
        conn.close()


def read_cell(path, key_cell):
    """The value cell stored under exactly these key bytes, or None."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM dict WHERE key = ?", (key_cell,)).fetchone()
    finally:
        conn.close()
    return None if row is None else row[0]


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def dump_rows(path):
    """One JSON-ready dict per row; a row that cannot be decoded carries "error" instead."""
    out = []
    for rowid, key_cell, value_cell in read_rows(path):
        row = {"rowid": rowid}
        if isinstance(key_cell, bytes) and isinstance(value_cell, bytes):
            row.update(key_cell=_b64(key_cell), value_cell=_b64(value_cell))
        try:
            key_kind, key = decode_cell(key_cell)
            value_kind, value = decode_cell(value_cell)
            row.update(key=typed_json.to_typed(key), value=typed_json.to_typed(value),
                       key_kind=key_kind, value_kind=value_kind)
        except Exception as exc:  # a bad row never stops the dump (RecursionError included)
            row = {k: v for k, v in row.items() if k in ("rowid", "key_cell", "value_cell")}
            row["error"] = f"{type(exc).__name__}: {exc}"
        out.append(row)
    return out
