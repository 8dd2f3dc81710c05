#!/usr/bin/python3
"""Writes a vault whose values share parts and contain themselves, as the vaults module stores them.

Usage: shared_values.py FILE.db

Rows (key: value):
  'shared'       x = ['a'], then 40 times x = [x, x]: 41 levels, 2**40 leaves, a few hundred bytes pickled.
                 msgpack-python would pack it expanded and never finish, so this one is stored as the
                 module stores everything when msgpack is not installed (key and value pickled).
  'shared_small' the same with 5 levels, stored as the module stores it (msgpack, expanded).
  'self_list'    l = []; l.append(l)      (msgpack refuses it with ValueError: stored as a pickle)
  'self_dict'    d = {}; d['self'] = d
  'cycle_pair'   a = [1]; b = {'a': a}; a.append(b)
  'tuple_cycle'  t = ([],); t[0].append(t)

Prints one JSON object: for each key, its repr (CPython's; null for 'shared', which CPython cannot print
either) and the value cell the module stored, in base64.
"""

import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import reference_vaults  # noqa: E402


def values():
    x = ["a"]
    for _ in range(40):
        x = [x, x]
    small = ["a"]
    for _ in range(5):
        small = [small, small]
    l = []
    l.append(l)
    d = {}
    d["self"] = d
    a = [1]
    b = {"a": a}
    a.append(b)
    t = ([],)
    t[0].append(t)
    return {"shared": x, "shared_small": small, "self_list": l, "self_dict": d, "cycle_pair": a,
            "tuple_cycle": t}


def main(path):
    folder, name = os.path.split(os.path.abspath(path))
    reference_vaults.set_root_path(os.path.dirname(folder))
    if os.path.basename(folder) != "vaults":
        raise SystemExit("FILE must be in a folder named vaults")
    vault = reference_vaults.Vault(name[:-3])
    out = {}
    for key, value in values().items():
        if key == "shared":
            os.environ["VAULTS_REF_NO_MSGPACK"] = "1"
        vault[key] = value
        cell = vault._conn.execute("SELECT value FROM dict WHERE key = ?",
                                   (reference_vaults.serialize(key),)).fetchone()[0]
        os.environ.pop("VAULTS_REF_NO_MSGPACK", None)
        # The repr of 'shared' has 2**40 leaves: CPython cannot print it either.
        shown = None if key == "shared" else repr(value)
        out[key] = {"repr": shown, "cell": base64.b64encode(cell).decode("ascii")}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
