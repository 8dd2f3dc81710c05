#!/usr/bin/python3
"""Command-line peer: a separate CPython process the Java tests talk to.

Usage (values and keys in typed JSON, see README.md; output is JSON, one document per line):

  peer.py dump FILE
  peer.py get FILE KEY_TYPED
  peer.py put FILE KEY_TYPED VALUE_TYPED
  peer.py check FILE EXPECTED_JSONL
  peer.py writer FILE --prefix P --count N [--batch B]
  peer.py counter FILE --key K --times N
  peer.py encode VALUE_TYPED [--format auto|msgpack|pickle|legacy] [--protocol N]

``get``, ``put``, ``check``, ``writer`` and ``encode`` act as the Python module would
(reference_vaults, so VAULTS_REF_NO_MSGPACK and VAULTS_REF_PICKLE_PROTOCOL apply); ``dump`` uses
the independent raw_reader instead, so it also shows rows the module cannot read.  Exit status 0
on success; otherwise non-zero with a message on stderr.
"""

import argparse
import base64
import json
import os
import pickle
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import msgpack  # noqa: E402
except ImportError as missing:  # the peers model the module with msgpack: without it they would test nothing
    sys.exit(f"{os.path.basename(__file__)}: {sys.executable} cannot import msgpack ({missing}): "
             "install Debian's python3-msgpack (apt-get install python3-msgpack)")

import raw_reader  # noqa: E402
import reference_vaults  # noqa: E402
import typed_json  # noqa: E402


def _emit(document):
    print(json.dumps(document), flush=True)


START_GATE_ENV = "VAULTS_PEER_START_GATE"
START_GATE_WAIT_SECONDS = 300
START_GATE_POLL_SECONDS = 0.002


def _await_start_gate():
    """With VAULTS_PEER_START_GATE=PATH, print {"ready": true} and wait until PATH exists.

    A test that starts several writers lets them all open their vault first and then starts them at
    once, so that their writes overlap however fast or slow each one starts.
    """
    gate = os.environ.get(START_GATE_ENV)
    if not gate:
        return
    _emit({"ready": True})
    waited = 0.0
    while not os.path.exists(gate):
        if waited > START_GATE_WAIT_SECONDS:
            sys.exit(f"peer.py: start gate {gate} did not open in {START_GATE_WAIT_SECONDS} s")
        time.sleep(START_GATE_POLL_SECONDS)
        waited += START_GATE_POLL_SECONDS


def _b64(data):
    return base64.b64encode(data).decode("ascii")


class _OpenByPath:
    """Open FILE through the module's own naming scheme (ROOT/vaults/NAME.db).

    The module only addresses vaults by name below a root; a temporary root whose ``vaults``
    entry links to FILE's folder reaches any FILE without changing the module.
    """

    def __init__(self, path, to_create, factory=None):
        path = os.path.abspath(path)
        folder, filename = os.path.split(path)
        if not filename.endswith(".db"):
            raise SystemExit(f"vault file name must end in .db: {path}")
        self._root = tempfile.TemporaryDirectory(prefix="vault-peer-")
        os.symlink(folder, os.path.join(self._root.name, "vaults"))
        reference_vaults.set_root_path(self._root.name)
        try:
            open_vault = factory or (lambda name, create: reference_vaults.Vault(name, to_create=create))
            self.vault = open_vault(filename[:-3], to_create)
        except reference_vaults.VaultError:
            self._root.cleanup()
            raise reference_vaults.VaultError(f"no vault file {path}") from None

    def __enter__(self):
        return self.vault

    def __exit__(self, *exc_info):
        self.vault.__exit__(*exc_info)
        self._root.cleanup()
        return False


def _typed_arg(text):
    return typed_json.from_typed(json.loads(text))


def cmd_dump(args):
    for row in raw_reader.dump_rows(args.file):
        _emit(row)


def cmd_get(args):
    key = _typed_arg(args.key)
    with _OpenByPath(args.file, to_create=False) as vault:
        found = key in vault
        _emit({"found": found, "value": typed_json.to_typed(vault.get(key))})


def cmd_put(args):
    with _OpenByPath(args.file, to_create=True) as vault:
        vault.put(_typed_arg(args.key), _typed_arg(args.value))
    _emit({"ok": True})


def _as_module_reads(expected, stored_cell):
    """The value the module gives back for ``expected`` stored in a cell of that kind."""
    if stored_cell[:1] == reference_vaults.MSGPACK_MARKER:
        return typed_json.tuples_to_lists(expected)
    return list(expected) if isinstance(expected, tuple) else expected


def cmd_check(args):
    mismatches = []
    checked = 0
    with _OpenByPath(args.file, to_create=False) as vault, open(args.expected) as lines:
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            entry = json.loads(line)
            key = typed_json.from_typed(entry["key"])
            expected = typed_json.from_typed(entry["value"])
            checked += 1
            cell = raw_reader.read_cell(args.file, reference_vaults.serialize(key))
            if cell is None:
                mismatches.append({"line": line_no, "key": entry["key"], "problem": "missing"})
                continue
            actual = vault.get(key)
            wanted = _as_module_reads(expected, cell)
            if wanted is None:
                ok = actual is None  # get cannot tell a stored None from a missing key
            else:
                ok = typed_json.strictly_equal(actual, wanted)
            if not ok:
                mismatches.append({"line": line_no, "key": entry["key"], "problem": "value differs",
                                   "expected": typed_json.to_typed(wanted),
                                   "actual": typed_json.to_typed(actual)})
    if mismatches:
        _emit({"ok": False, "checked": checked, "mismatches": mismatches})
        sys.exit(1)
    _emit({"ok": True, "checked": checked})


def cmd_writer(args):
    with _OpenByPath(args.file, to_create=True) as vault:
        _await_start_gate()
        keys = [f"{args.prefix}-{i}" for i in range(args.count)]
        for start in range(0, len(keys), args.batch):
            batch = {key: {"i": start + offset, "by": args.prefix}
                     for offset, key in enumerate(keys[start:start + args.batch])}
            if args.batch == 1:
                vault.put(*next(iter(batch.items())))
            else:
                vault.put_many(batch)
            for key in batch:
                _emit({"ack": key})


def cmd_counter(args):
    key_cell = reference_vaults.serialize(args.key)
    conn = sqlite3.connect(args.file, timeout=30, isolation_level=None)
    try:
        conn.execute(reference_vaults.CREATE_TABLE)
        _await_start_gate()
        for _ in range(args.times):
            conn.execute("BEGIN IMMEDIATE")
            row = conn.execute("SELECT value FROM dict WHERE key = ?", (key_cell,)).fetchone()
            current = 0 if row is None else reference_vaults.deserialize(row[0])
            conn.execute("INSERT OR REPLACE INTO dict (key, value) VALUES (?, ?)",
                         (key_cell, reference_vaults.serialize(current + 1)))
            conn.execute("COMMIT")
        final = reference_vaults.deserialize(
            conn.execute("SELECT value FROM dict WHERE key = ?", (key_cell,)).fetchone()[0])
    finally:
        conn.close()
    _emit({"ok": True, "times": args.times, "value": final})


def encode_cell(value, fmt="auto", protocol=None):
    """The cell the module (or generation 1, for ``legacy``) writes for ``value``."""
    if fmt == "auto":
        if protocol is not None:  # the same effect as starting the peer with the variable set
            os.environ["VAULTS_REF_PICKLE_PROTOCOL"] = str(protocol)
        return reference_vaults.serialize(value)
    if fmt == "msgpack":
        return reference_vaults.MSGPACK_MARKER + msgpack.packb(value, use_bin_type=True)
    if fmt == "pickle":
        proto = protocol if protocol is not None else reference_vaults.pickle_protocol()
        return reference_vaults.PICKLE_MARKER + pickle.dumps(value, protocol=proto)
    if fmt == "legacy":
        return pickle.dumps(value, protocol=4 if protocol is None else protocol)
    raise ValueError(f"unknown format {fmt!r}")


def cmd_encode(args):
    _emit({"cell": _b64(encode_cell(_typed_arg(args.value), args.format, args.protocol))})


def _parser():
    parser = argparse.ArgumentParser(prog="peer.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("dump", help="every row, decoded by the raw reader")
    p.add_argument("file")
    p.set_defaults(run=cmd_dump)

    p = sub.add_parser("get", help="look a key up as the module does")
    p.add_argument("file")
    p.add_argument("key", help="typed JSON")
    p.set_defaults(run=cmd_get)

    p = sub.add_parser("put", help="store a pair as the module does")
    p.add_argument("file")
    p.add_argument("key", help="typed JSON")
    p.add_argument("value", help="typed JSON")
    p.set_defaults(run=cmd_put)

    p = sub.add_parser("check", help="verify expected pairs through the module's get")
    p.add_argument("file")
    p.add_argument("expected", help='JSONL of {"key": TYPED, "value": TYPED}')
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("writer", help="put PREFIX-0..PREFIX-(N-1), acknowledging each")
    p.add_argument("file")
    p.add_argument("--prefix", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--batch", type=int, default=1,
                   help="keys per put_many call (default 1: one put per key)")
    p.set_defaults(run=cmd_writer)

    p = sub.add_parser("counter", help="increment an int N times, each in BEGIN IMMEDIATE")
    p.add_argument("file")
    p.add_argument("--key", required=True, help="a plain str key")
    p.add_argument("--times", type=int, required=True)
    p.set_defaults(run=cmd_counter)

    p = sub.add_parser("encode", help="the cell written for a value")
    p.add_argument("value", help="typed JSON")
    p.add_argument("--format", choices=["auto", "msgpack", "pickle", "legacy"], default="auto")
    p.add_argument("--protocol", type=int)
    p.set_defaults(run=cmd_encode)
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    if getattr(args, "batch", 1) < 1:
        print("peer.py: --batch must be at least 1", file=sys.stderr)
        return 2
    try:
        args.run(args)
    except SystemExit:
        raise
    except Exception as exc:
        print(f"peer.py {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
