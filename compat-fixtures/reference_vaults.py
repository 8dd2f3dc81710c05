#!/usr/bin/python3
"""A CPython model of the storage path and API of Fuse's ``vaults`` 2.0.0 module.

The Java tests need "the Python module" as a peer, and the real package cannot be installed where
they run.  Everything here follows the facts in shared/FORMATS.md, so that files this module writes
and reads are the ones the real module writes and reads:

* a vault named N is the SQLite file ``ROOT/vaults/N.db`` with the table
  ``CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)``, opened with
  ``sqlite3.connect(path)`` (5 s busy timeout) in autocommit mode, so every statement is its own
  transaction;
* keys and values are encoded alike: ``M`` + msgpack when msgpack is importable and packs the
  object, otherwise ``P`` + pickle at the interpreter's default protocol; msgpack's OverflowError
  (ints outside [-2**63, 2**64-1]) is not caught, as in the real module;
* reading unpacks msgpack with ``raw=False, strict_map_key=True`` and turns a top-level tuple into a
  list.

Like the real module it unpickles whatever the file holds: only point it at trusted files.

Two environment variables, read at every encode so tests can flip them, imitate other installs:
``VAULTS_REF_NO_MSGPACK=1`` behaves as if msgpack were not installed, and
``VAULTS_REF_PICKLE_PROTOCOL=N`` pickles with protocol N (5 imitates Python 3.14).
``VAULTS_REF_BUSY_TIMEOUT=S`` waits S seconds for a lock instead of sqlite3's 5: load tests use it, as
they measure lost writes, not how long the real module is willing to wait.
"""

import contextlib
import logging
import os
import pickle
import sqlite3
import threading

try:
    import msgpack as _msgpack
except ImportError:  # the module works without msgpack, pickling everything
    _msgpack = None

__all__ = ["Vault", "VaultError", "set_root_path", "set_logger"]

CREATE_TABLE = "CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)"
MSGPACK_MARKER = b"M"
PICKLE_MARKER = b"P"

_logger = logging.getLogger("reference_vaults")
_logger.addHandler(logging.NullHandler())  # silent unless the caller installs a logger
_logger.propagate = False

_root_path = os.path.dirname(os.path.abspath(__file__))


class VaultError(Exception):
    """A vault cannot be opened as asked, or an operation has nothing to act on."""


def set_root_path(path):
    """Make ``path/vaults/`` the folder of every vault opened afterwards, creating it now."""
    global _root_path
    _root_path = os.path.abspath(path)
    os.makedirs(_vaults_folder(), exist_ok=True)


def set_logger(logger):
    """Send the module's debug messages to ``logger`` instead of discarding them."""
    global _logger
    _logger = logger


def _vaults_folder():
    return os.path.join(_root_path, "vaults")


def _msgpack_enabled():
    return _msgpack is not None and os.environ.get("VAULTS_REF_NO_MSGPACK") != "1"


def pickle_protocol():
    """The protocol this interpreter's real module would pickle with."""
    override = os.environ.get("VAULTS_REF_PICKLE_PROTOCOL")
    return int(override) if override else pickle.DEFAULT_PROTOCOL


def serialize(obj):
    """The cell the module writes for ``obj`` (a key or a value)."""
    if _msgpack_enabled():
        try:
            return MSGPACK_MARKER + _msgpack.packb(obj, use_bin_type=True)
        except (TypeError, ValueError):
            pass  # types msgpack refuses are pickled; OverflowError propagates on purpose
    return PICKLE_MARKER + pickle.dumps(obj, protocol=pickle_protocol())


def deserialize(cell):
    """The value the module returns for a cell; a generation 1 cell (raw pickle) is refused."""
    marker, payload = cell[:1], cell[1:]
    if marker == MSGPACK_MARKER:
        if _msgpack is None:
            raise ValueError("msgpack cell but msgpack is not installed")
        obj = _msgpack.unpackb(payload, raw=False, strict_map_key=True)
    elif marker == PICKLE_MARKER:
        obj = pickle.loads(payload)
    else:
        raise ValueError(f"Unknown serialization format marker: {marker!r}")
    if isinstance(obj, tuple):
        obj = list(obj)
    return obj


class Vault:
    """A persistent dict stored in one SQLite file; see the module docstring for the format."""

    def __init__(self, vault_name, to_create=True, thread_safe=False):
        self.vault_name = vault_name
        self.db_path = os.path.join(_vaults_folder(), f"{vault_name}.db")
        if not os.path.exists(self.db_path):
            if not to_create:
                raise VaultError(f"Vault '{vault_name}' does not exist at {self.db_path}")
            os.makedirs(_vaults_folder(), exist_ok=True)
        # thread_safe: one connection shared by threads, every call serialized by a lock.
        self._lock = threading.RLock() if thread_safe else contextlib.nullcontext()
        self._conn = sqlite3.connect(self.db_path, isolation_level=None,
                                     check_same_thread=not thread_safe,
                                     timeout=float(os.environ.get("VAULTS_REF_BUSY_TIMEOUT", "5")))
        self._conn.execute(CREATE_TABLE)
        _logger.debug("opened vault %s at %s", vault_name, self.db_path)

    # -- single rows -------------------------------------------------------------------------

    def _fetch_cell(self, key_cell):
        row = self._conn.execute("SELECT value FROM dict WHERE key = ?", (key_cell,)).fetchone()
        return None if row is None else row[0]

    def put(self, key, value):
        """Store ``value`` under ``key``; one autocommit statement, replacing any old row."""
        key_cell, value_cell = serialize(key), serialize(value)
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO dict (key, value) VALUES (?, ?)",
                               (key_cell, value_cell))
        _logger.debug("put %r", key)

    def get(self, key, default=None):
        """The value under ``key``; ``default`` when missing or when the stored value is None."""
        with self._lock:
            cell = self._fetch_cell(serialize(key))
        _logger.debug("get %r", key)
        if cell is None:
            return default
        value = deserialize(cell)
        return default if value is None else value

    def pop(self, key):
        """Remove ``key`` and return its value; None when the key is missing."""
        key_cell = serialize(key)
        with self._lock:
            cell = self._fetch_cell(key_cell)
            if cell is None:
                return None
            self._conn.execute("DELETE FROM dict WHERE key = ?", (key_cell,))
        _logger.debug("pop %r", key)
        return deserialize(cell)

    def popitem(self):
        """Remove and return the (key, value) of the first row; VaultError when empty."""
        with self._lock:
            row = self._conn.execute("SELECT key, value FROM dict LIMIT 1").fetchone()
            if row is None:
                raise VaultError(f"Vault '{self.vault_name}' is empty")
            self._conn.execute("DELETE FROM dict WHERE key = ?", (row[0],))
        return deserialize(row[0]), deserialize(row[1])

    # -- many rows ---------------------------------------------------------------------------

    def put_many(self, items):
        """Store every pair, each in its own transaction (not atomic); return how many."""
        count = 0
        for key, value in items.items():
            self.put(key, value)
            count += 1
        return count

    def get_many(self, keys):
        """A dict of the given keys that exist, with their values."""
        found = {}
        with self._lock:
            for key in keys:
                cell = self._fetch_cell(serialize(key))
                if cell is not None:
                    found[key] = deserialize(cell)
        return found

    def pop_many(self, keys):
        """Remove the given keys that exist; return them with their values."""
        popped = {}
        with self._lock:
            for key in keys:
                if key in self:
                    popped[key] = self.pop(key)
        return popped

    def has_keys(self, keys):
        """True when every key exists (so True for no keys)."""
        return all(key in self for key in keys)

    def _rows(self):
        with self._lock:
            return self._conn.execute("SELECT key, value FROM dict").fetchall()

    def list_keys(self):
        """Every key, in table order."""
        with self._lock:
            cells = self._conn.execute("SELECT key FROM dict").fetchall()
        return [deserialize(cell) for (cell,) in cells]

    def get_all_items(self):
        """A dict of every row (a key read back as a list cannot be a dict key: TypeError)."""
        return {deserialize(k): deserialize(v) for k, v in self._rows()}

    def keys(self):
        return self.list_keys()

    def values(self):
        return [deserialize(v) for _, v in self._rows()]

    def items(self):
        return [(deserialize(k), deserialize(v)) for k, v in self._rows()]

    def update(self, items):
        """Store every pair of a dict, like ``put_many``."""
        self.put_many(items)

    def setdefault(self, key, default=None):
        """The stored value when the key exists (even None); otherwise store and return default."""
        with self._lock:
            key_cell = serialize(key)
            cell = self._fetch_cell(key_cell)
            if cell is not None:
                return deserialize(cell)
            self.put(key, default)
            return default

    def clear(self):
        """Remove every row."""
        with self._lock:
            self._conn.execute("DELETE FROM dict")

    def delete_vault(self):
        """Close the connection and remove the file."""
        self._close()
        if os.path.exists(self.db_path):
            os.remove(self.db_path)

    def _close(self):
        with self._lock:
            self._conn.close()

    # -- dict protocol -------------------------------------------------------------------------

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value):
        self.put(key, value)

    def __delitem__(self, key):
        key_cell = serialize(key)
        with self._lock:
            deleted = self._conn.execute("DELETE FROM dict WHERE key = ?", (key_cell,)).rowcount
        if deleted == 0:
            raise KeyError(key)

    def __contains__(self, key):
        with self._lock:
            return self._fetch_cell(serialize(key)) is not None

    def __len__(self):
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM dict").fetchone()[0]

    def __iter__(self):
        return iter(self.list_keys())

    def __bool__(self):
        return len(self) > 0

    def __repr__(self):
        return f"Vault('{self.vault_name}', {len(self)} items)"

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self._close()
        return False
