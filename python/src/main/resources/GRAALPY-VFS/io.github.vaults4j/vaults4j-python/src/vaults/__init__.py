"""Key-value vaults in SQLite files, compatible with Fuse's ``vaults`` module (2.0.0).

The same API as the Python module: ``Vault``, ``VaultError``, ``set_root_path`` and ``set_logger``.
Storage and encoding are done by the vaults4j Java core, so the bytes in the file are the ones it writes
(msgpack rows with an ``M`` marker, pickle rows with a ``P`` marker, as the Python module writes them).

Differences from the Python module, all deliberate:

* Without ``set_root_path`` the root is the folder holding this file when that is a real, writable
  folder, as in the Python module. When the package runs from a jar (GraalPy's virtual file system,
  read only) the root is the Java system property ``vaults4j.root``, else the environment variable
  ``VAULTS4J_ROOT``, else ``~/.vaults4j``. Importing the package creates nothing: the folder is made when
  the first vault is opened.
* Every vault can be used from any thread; ``thread_safe=True`` is accepted and honoured, and
  ``thread_safe=False`` does not forbid use from other threads.
* ``Vault(name, access_log=True)`` (not in vaults 2.0.0) records each key read, written or removed in the
  vault's access log, a side table the Python module never reads (``bin/vaults log`` prints it).
* Calls are logged at DEBUG through the ``vaults`` logger (or the one given to ``set_logger``), with no
  handler added: nothing is written to ``./vaults.log`` unless the application configures it.
"""

import os
import sys

from vaults import _java

__all__ = ['Vault', 'VaultError', 'set_root_path', 'set_logger']

# None: the 'vaults' logger, looked up on use. Importing logging takes about 2 s on GraalPy (it pulls in re,
# enum, traceback, threading...), so the package never imports it: while the application has not imported
# logging, no handler or level can have been configured, and a DEBUG record would go nowhere.
_logger = None
_vaults_logger = None  # logging.getLogger('vaults'), once logging is imported
_root = None
_dumps = _java.dumps
_loaded = _java.loaded
_unmarshal = _java.unmarshal
_latin1 = _java.latin1
_PROTOCOL = _java.PROTOCOL


class VaultError(Exception):
    """Raised for a vault that is missing, closed or unusable, and by popitem() on an empty vault."""


def set_root_path(path):
    """Vaults live in ``path/vaults/``, which is created now.

    ``path`` may also be a PostgreSQL root, ``postgresql://[user[:password]@]host[:port]/database[?schema=NAME]``
    (not part of vaults 2.0.0): vaults are then rows of that schema, the server is reached now, and each
    ``Vault.db_path`` is the vault's address without password, ``postgresql://...#NAME``.
    """
    global _root
    if isinstance(path, str) and _java.bridge().onServer(path):
        location = _java.bridge().useServerRoot(path)
        _root = path
        _debug('vault root set to %s', location)
        return
    folder = os.path.join(os.fspath(path), 'vaults')
    os.makedirs(folder, exist_ok=True)
    _root = os.fspath(path)
    _debug('vault root set to %s', folder)


def set_logger(logger):
    """Log through ``logger`` instead of the ``vaults`` logger."""
    global _logger
    _logger = logger


def _debug(message, *args):
    """``logger.debug(message, *args)`` on the logger in use; nothing while logging was never imported."""
    global _vaults_logger
    logger = _logger
    if logger is None:
        logger = _vaults_logger
        if logger is None:
            logging = sys.modules.get('logging')
            if logging is None:
                return
            logger = _vaults_logger = logging.getLogger('vaults')
    logger.debug(message, *args)


def set_unpickle_allowlist(allowed):
    """Restrict which globals stored objects may name when they are unpickled (not part of vaults 2.0.0).

    Values of the plain types (dict, list, str, int, float, bytes, tuple, set, datetime, Decimal, ...) need
    no listing. Instances of other classes come back through ``pickle``, which, as in CPython, can call
    whatever the file names. With an allow-list, every global a stored pickle names must be listed:

    * ``'module.QualName'`` allows exactly the object defined under that name (its own ``__module__`` and
      ``__qualname__``), so a dotted name that reaches another module's function is refused;
    * ``'module.*'`` allows the classes defined in that module, nothing else of it;
    * Enum members need only their class listed (``builtins.getattr`` is never needed nor honoured).

    Anything else raises ``pickle.UnpicklingError`` naming the global, before it is imported or called.
    ``None`` (the default) lifts the restriction.

        vaults.set_unpickle_allowlist(['myapp.models.*', 'myapp.enums.Color'])
    """
    if allowed is None:
        _java.set_allowlist(None)
    else:
        _java.set_allowlist(_java.bridge().unpickleAllowList([str(name) for name in allowed]))


def _current_root():
    global _root
    if _root is None:
        _root = _java.bridge().defaultRoot(os.path.dirname(os.path.abspath(__file__)))
    return _root


class Vault:
    """A dict-like store of one SQLite file, ``<root>/vaults/<vault_name>.db``."""

    def __init__(self, vault_name, to_create=True, thread_safe=False, access_log=False):
        self.vault_name = vault_name
        root = _current_root()
        b = _java.bridge()
        if b.onServer(root):
            self.db_path = b.serverLocation(root, vault_name)
            if not to_create and not b.serverHas(root, vault_name):
                raise VaultError(f"Vault '{vault_name}' does not exist at {self.db_path}")
        else:
            folder = os.path.join(root, 'vaults')
            self.db_path = os.path.join(folder, vault_name + '.db')
            if to_create:
                os.makedirs(folder, exist_ok=True)
            elif not os.path.exists(self.db_path):
                raise VaultError(f"Vault '{vault_name}' does not exist at {self.db_path}")
        self._thread_safe = thread_safe
        self._bridge = b
        # access_log (not in vaults 2.0.0): keep vaults4j's access log with its defaults (see the README).
        self._vault = b.open(root, vault_name, bool(to_create), bool(access_log))
        # get, [] and `in` call these host methods, bound to the vault once: one host call with one argument.
        reads = b.bind(self._vault)
        self._get = reads.get
        self._contains = reads.contains
        _debug("opened vault '%s' at %s", vault_name, self.db_path)

    # -- single keys --------------------------------------------------------------------------
    # Keys cross as they are when they are str, else as their pickle; values as their pickle, both ways.

    def put(self, key, value, *, ttl=None):
        k = key if type(key) is str else _dumps(key, _PROTOCOL)
        if ttl is None:
            self._bridge.put(self._vault, k, _dumps(value, _PROTOCOL))
        else:  # expires after ttl seconds: gone for every vaults4j reader, Java's included
            self._bridge.putWithTtl(self._vault, k, _dumps(value, _PROTOCOL), float(ttl))
        _debug("put %r in '%s'", key, self.vault_name)

    def touch(self, key, ttl):
        return self._bridge.touch(self._vault, key if type(key) is str else _dumps(key, _PROTOCOL), float(ttl))

    def ttl(self, key):
        return self._bridge.ttl(self._vault, key if type(key) is str else _dumps(key, _PROTOCOL))

    def cleanup_expired(self):
        count = self._bridge.cleanupExpired(self._vault)
        _debug("removed %d expired items from '%s'", count, self.vault_name)
        return count

    def get(self, key, default=None):
        found = self._get(key if type(key) is str else _dumps(key, _PROTOCOL))
        if found is None:
            return default
        # loaded(), its common case inlined: a plain value crosses as a marshal (Latin-1 str, never 0x80 first).
        return _unmarshal(_latin1(found)[0]) if type(found) is str and found[0] != '\x80' else _loaded(found)

    def pop(self, key):
        value = _loaded(self._bridge.pop(self._vault, key if type(key) is str else _dumps(key, _PROTOCOL)))
        _debug("pop %r from '%s'", key, self.vault_name)
        return value

    def popitem(self):
        item = _loaded(self._bridge.popItem(self._vault))
        _debug("popitem from '%s'", self.vault_name)
        return item

    def setdefault(self, key, default=None):
        return _loaded(self._bridge.setDefault(
            self._vault, key if type(key) is str else _dumps(key, _PROTOCOL), _dumps(default, _PROTOCOL)))

    # -- many keys ----------------------------------------------------------------------------

    def put_many(self, items):
        count = self._bridge.putMany(self._vault, _dumps(items if type(items) is dict else dict(items), _PROTOCOL))
        _debug("put %d items in '%s'", count, self.vault_name)
        return count

    def get_many(self, keys):
        return _loaded(self._bridge.getMany(self._vault, _dumps(list(keys), _PROTOCOL)))

    def pop_many(self, keys):
        result = _loaded(self._bridge.popMany(self._vault, _dumps(list(keys), _PROTOCOL)))
        _debug("popped %d items from '%s'", len(result), self.vault_name)
        return result

    def has_keys(self, keys):
        return self._bridge.hasKeys(self._vault, _dumps(list(keys), _PROTOCOL))

    def update(self, items):
        self.put_many(items)

    # -- whole vault: a page of rows per crossing ------------------------------------------------

    def _rows(self, kind):
        pages = self._bridge.rows(self._vault, kind)
        out = []
        page = pages.next()
        while page is not None:
            out += _loaded(page)
            page = pages.next()
        return out

    def list_keys(self):
        return self._rows('keys')

    def keys(self):
        return self._rows('keys')

    def values(self):
        return self._rows('values')

    def items(self):
        return self._rows('items')

    def get_all_items(self):
        return dict(self._rows('items'))

    def clear(self):
        self._bridge.clear(self._vault)
        _debug("cleared '%s'", self.vault_name)

    def delete_vault(self):
        """Closes the vault and removes its file."""
        self._bridge.deleteVault(self._vault)
        _debug("deleted vault '%s' (%s)", self.vault_name, self.db_path)

    def close(self):
        self._bridge.close(self._vault)

    # -- dict protocol ------------------------------------------------------------------------

    def __getitem__(self, key):
        found = self._get(key if type(key) is str else _dumps(key, _PROTOCOL))
        if found is None:
            raise KeyError(key)
        return _unmarshal(_latin1(found)[0]) if type(found) is str and found[0] != '\x80' else _loaded(found)

    def __setitem__(self, key, value):
        self.put(key, value)

    def __delitem__(self, key):
        if not self._bridge.delete(self._vault, key if type(key) is str else _dumps(key, _PROTOCOL)):
            raise KeyError(key)
        _debug("deleted %r from '%s'", key, self.vault_name)

    def __contains__(self, key):
        return self._contains(key if type(key) is str else _dumps(key, _PROTOCOL))

    def __len__(self):
        return self._bridge.size(self._vault)

    def __iter__(self):
        return iter(self._rows('keys'))

    def __bool__(self):
        # As a dict: false when empty. Asked without counting the rows.
        return not self._bridge.isEmpty(self._vault)

    def __repr__(self):
        return f"Vault('{self.vault_name}', {len(self)} items)"

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False


from vaults._encrypted import EncryptedVault  # noqa: E402  (after Vault: the module subclasses it)
