"""EncryptedVault: a Vault whose values are Fernet tokens over their pickle, keys in clear.

It stores exactly what the design notes' class stores on CPython, ``Fernet(key).encrypt(pickle.dumps(value))``
as a ``bytes`` value, so CPython with the ``cryptography`` package reads what it writes and the other way
round. GraalPy has no ``cryptography``: the pickle is made here (GraalPy's pickle writes CPython's bytes) and
the Fernet token by the Java core (io.github.vaults4j.python.FernetBridge, on javax.crypto). Tokens of any age
decrypt: Fernet's time-to-live is for messages in transit, not for data at rest.
"""

import base64
import binascii
import pickle

from vaults import Vault, VaultError

_FERNET_KEY_BYTES = 32
_bridge_type = None


class InvalidToken(VaultError):
    """A stored value does not open with the given key(s): the wrong key, or changed bytes."""


def _fernet_type():
    global _bridge_type
    if _bridge_type is None:
        import java
        _bridge_type = java.type('io.github.vaults4j.python.FernetBridge')
    return _bridge_type


def _key_text(key):
    """A Fernet key (str or bytes) as str, checked as cryptography checks it."""
    text = key.decode('ascii') if isinstance(key, (bytes, bytearray)) else key
    if not isinstance(text, str):
        raise TypeError('a Fernet key must be str or bytes')
    try:
        raw = base64.urlsafe_b64decode(text)
    except (binascii.Error, ValueError):
        raw = b''
    if len(raw) != _FERNET_KEY_BYTES:
        raise ValueError('Fernet key must be 32 url-safe base64-encoded bytes.')
    return text


class EncryptedVault(Vault):
    """A Vault whose values are encrypted with Fernet; keys stay in clear.

    ``key`` is a Fernet key (URL-safe base64 of 32 bytes, str or bytes), or a list of them: the first
    encrypts, any decrypts (MultiFernet). Without one a new key is made: keep ``.key``, nothing else can
    open the values.
    """

    def __init__(self, vault_name, key=None, to_create=True, thread_safe=False):
        if key is None:
            key = _fernet_type().generateKey().encode('ascii')
        keys = list(key) if isinstance(key, (list, tuple)) else [key]
        if not keys:
            raise ValueError('EncryptedVault needs at least one key')
        texts = [_key_text(k) for k in keys]
        self.key = key
        self._fernet = _fernet_type().create(texts)
        super().__init__(vault_name, to_create=to_create, thread_safe=thread_safe)

    def _seal(self, value):
        return bytes(self._fernet.encrypt(pickle.dumps(value, 4)))

    def _open(self, key, token):
        if not isinstance(token, (bytes, bytearray)):
            raise InvalidToken(f"Vault '{self.vault_name}': the value of key {key!r} is not encrypted")
        plaintext = self._fernet.decrypt(token)
        if plaintext is None:
            raise InvalidToken(f"Vault '{self.vault_name}': the value of key {key!r} does not open with the "
                               f"given key (the wrong key, or the value was changed)")
        return pickle.loads(bytes(plaintext))

    def put(self, key, value):
        super().put(key, self._seal(value))

    def get(self, key, default=None):
        token = super().get(key)
        return default if token is None else self._open(key, token)

    def pop(self, key):
        token = super().pop(key)
        return None if token is None else self._open(key, token)

    def popitem(self):
        key, token = super().popitem()
        return key, self._open(key, token)

    def setdefault(self, key, default=None):
        return self._open(key, super().setdefault(key, self._seal(default)))

    def put_many(self, items):
        return super().put_many({k: self._seal(v) for k, v in items.items()})

    def get_many(self, keys):
        return {k: self._open(k, t) for k, t in super().get_many(keys).items()}

    def pop_many(self, keys):
        return {k: self._open(k, t) for k, t in super().pop_many(keys).items()}

    def values(self):
        return [v for _, v in self.items()]

    def items(self):
        return [(k, self._open(k, t)) for k, t in super().items()]

    def get_all_items(self):
        return {k: self._open(k, t) for k, t in super().get_all_items().items()}

    def __getitem__(self, key):
        token = super().__getitem__(key)
        return self._open(key, token)

    def __repr__(self):
        return f"EncryptedVault('{self.vault_name}', {len(self)} items)"
