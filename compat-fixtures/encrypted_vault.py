#!/usr/bin/python3
"""The design notes' ``EncryptedVault`` on top of reference_vaults, and a command-line peer for it.

The class is the notes' twenty lines: every value is stored as ``Fernet(key).encrypt(pickle.dumps(value))``,
a ``bytes`` value going through the module's normal cell encoding; keys stay in clear.  It needs the
``cryptography`` package (Debian's python3-cryptography for /usr/bin/python3).

Usage (the key comes from the environment variable VAULTS4J_KEY, never from the command line; several keys
separated by commas act as MultiFernet: the first encrypts, any decrypts; output is JSON, one document per
line, values in typed JSON, see README.md):

  encrypted_vault.py dump FILE             every (key, value) through the class's items()
  encrypted_vault.py load FILE             puts each {"key", "value"} line of stdin through the class
  encrypted_vault.py encrypt HEX...        a Fernet token over each one's bytes, one line each
  encrypted_vault.py decrypt TOKEN...      the hex of each token's plaintext, one line each

A token that no key verifies exits with status 3 and ``InvalidToken`` on stderr.
"""

import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cryptography.fernet import Fernet, InvalidToken, MultiFernet  # noqa: E402

import peer  # noqa: E402
import reference_vaults  # noqa: E402
import typed_json  # noqa: E402

KEY_VARIABLE = "VAULTS4J_KEY"
INVALID_TOKEN_EXIT = 3


class EncryptedVault(reference_vaults.Vault):
    """A Vault whose values are Fernet tokens over their pickle; keys stay in clear."""

    def __init__(self, vault_name, key=None, to_create=True, thread_safe=False):
        self.key = key if key is not None else Fernet.generate_key()
        self._fernet = Fernet(self.key)
        super().__init__(vault_name, to_create=to_create, thread_safe=thread_safe)

    def _seal(self, value):
        return self._fernet.encrypt(pickle.dumps(value))

    def _open(self, token):
        return pickle.loads(self._fernet.decrypt(token))

    def put(self, key, value):
        super().put(key, self._seal(value))

    def get(self, key, default=None):
        token = super().get(key)
        return default if token is None else self._open(token)

    def pop(self, key):
        token = super().pop(key)
        return None if token is None else self._open(token)

    def popitem(self):
        key, token = super().popitem()
        return key, self._open(token)

    def get_many(self, keys):
        return {k: self._open(t) for k, t in super().get_many(keys).items()}

    def values(self):
        return [self._open(t) for t in super().values()]

    def items(self):
        return [(k, self._open(t)) for k, t in super().items()]

    def get_all_items(self):
        return dict(self.items())

    def setdefault(self, key, default=None):
        return self._open(super().setdefault(key, self._seal(default)))


def _fernet_from_environment():
    keys = [k for k in os.environ.get(KEY_VARIABLE, "").split(",") if k]
    if not keys:
        raise SystemExit(f"set {KEY_VARIABLE} to a Fernet key")
    return keys, MultiFernet([Fernet(k) for k in keys])


def _open_vault(path, keys, multi):
    opened = peer._OpenByPath(path, to_create=True,
                              factory=lambda name, to_create: EncryptedVault(name, keys[0], to_create))
    opened.vault._fernet = multi
    return opened


def main(argv):
    command, argument, arguments = argv[1], argv[2], argv[2:]
    keys, multi = _fernet_from_environment()
    try:
        if command == "dump":
            with _open_vault(argument, keys, multi) as vault:
                for key, value in vault.items():
                    print(json.dumps({"key": typed_json.to_typed(key), "value": typed_json.to_typed(value)}))
        elif command == "load":
            with _open_vault(argument, keys, multi) as vault:
                for line in sys.stdin:
                    if line.strip():
                        entry = json.loads(line)
                        vault.put(typed_json.from_typed(entry["key"]), typed_json.from_typed(entry["value"]))
            print(json.dumps({"ok": True}))
        elif command == "encrypt":
            for text in arguments:
                print(json.dumps({"token": multi.encrypt(bytes.fromhex(text)).decode("ascii")}))
        elif command == "decrypt":
            for token in arguments:
                print(json.dumps({"plaintext": multi.decrypt(token.encode("ascii")).hex()}))
        else:
            raise SystemExit(f"unknown command {command}")
    except InvalidToken:
        print("InvalidToken: no key verifies the token", file=sys.stderr)
        return INVALID_TOKEN_EXIT
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
