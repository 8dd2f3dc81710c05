"""Self-test of the fixtures: /usr/bin/python3 -m unittest discover -s compat-fixtures -p 'test_*.py'

Checks that reference_vaults keeps the documented edge cases of the real module, that peer.py's
subcommands answer as the Java tests expect, and that the committed fixtures still match what
CPython and msgpack produce (so a stale or hand-edited fixture is caught here, not in Java).
"""

import base64
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import msgpack  # noqa: E402
except ImportError as missing:  # the peers model the module with msgpack: without it they would test nothing
    sys.exit(f"{os.path.basename(__file__)}: {sys.executable} cannot import msgpack ({missing}): "
             "install Debian's python3-msgpack (apt-get install python3-msgpack)")

import generate  # noqa: E402
import raw_reader  # noqa: E402
import reference_vaults  # noqa: E402
import typed_json  # noqa: E402

PEER = os.path.join(HERE, "peer.py")


def read_jsonl(path):
    with open(path, encoding="ascii") as lines:
        return [json.loads(line) for line in lines if line.strip()]


class ReferenceVaultTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.TemporaryDirectory()
        reference_vaults.set_root_path(self.root.name)
        self.vault = reference_vaults.Vault("test")

    def tearDown(self):
        self.vault._close()
        self.root.cleanup()

    def cell(self, key):
        with sqlite3.connect(self.vault.db_path) as conn:
            return conn.execute("SELECT value FROM dict WHERE key = ?",
                                (reference_vaults.serialize(key),)).fetchone()[0]

    def test_file_and_table(self):
        self.assertEqual(os.path.join(self.root.name, "vaults", "test.db"), self.vault.db_path)
        with sqlite3.connect(self.vault.db_path) as conn:
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'dict'").fetchone()[0]
        self.assertEqual("CREATE TABLE dict (key BLOB PRIMARY KEY, value BLOB)", sql)
        self.assertIsNone(self.vault._conn.isolation_level)
        with self.assertRaises(reference_vaults.VaultError):
            reference_vaults.Vault("missing", to_create=False)

    def test_markers(self):
        self.vault.put("s", "text")
        self.vault.put("set", {1, 2})
        self.assertEqual(b"M\xa4text", self.cell("s"))
        self.assertEqual(b"P\x80\x04", self.cell("set")[:3])
        with mock.patch.dict(os.environ, {"VAULTS_REF_NO_MSGPACK": "1"}):
            self.assertEqual(b"P\x80\x04", reference_vaults.serialize("x")[:3])
            with mock.patch.dict(os.environ, {"VAULTS_REF_PICKLE_PROTOCOL": "5"}):
                self.assertEqual(b"P\x80\x05", reference_vaults.serialize("x")[:3])

    def test_overflow_propagates(self):
        with self.assertRaises(OverflowError):
            self.vault.put("big", 2**64)
        self.vault.put("edge", 2**64 - 1)
        self.assertEqual(2**64 - 1, self.vault["edge"])

    def test_none_and_missing_look_alike(self):
        self.vault.put("none", None)
        self.assertEqual("d", self.vault.get("none", "d"))
        self.assertEqual("d", self.vault.get("missing", "d"))
        self.assertIn("none", self.vault)
        with self.assertRaises(KeyError):
            self.vault["none"]
        with self.assertRaises(KeyError):
            self.vault["missing"]
        self.assertIsNone(self.vault.setdefault("none", 5))

    def test_tuples_read_back(self):
        self.vault.put("top", (1, 2))
        self.vault.put("nested_pickled", [{"a"}, (1, 2)])
        self.assertEqual([1, 2], self.vault["top"])
        self.assertEqual([{"a"}, (1, 2)], self.vault["nested_pickled"])  # pickle keeps inner tuples
        self.vault.put((1, "k"), "tuple key")
        self.assertEqual([[1, "k"]], [k for k in self.vault.keys() if isinstance(k, list)])

    def test_int_map_keys_fail_on_read(self):
        self.vault.put("ints", {1: "one"})
        self.assertEqual(b"M", self.cell("ints")[:1])
        with self.assertRaises(ValueError):
            self.vault.get("ints")

    def test_pop_and_popitem(self):
        self.assertIsNone(self.vault.pop("missing"))
        with self.assertRaises(reference_vaults.VaultError):
            self.vault.popitem()
        self.vault.put("a", 1)
        self.assertEqual(("a", 1), self.vault.popitem())
        self.assertEqual(0, len(self.vault))

    def test_many(self):
        self.assertEqual(3, self.vault.put_many({"a": 1, "b": 2, "c": None}))
        self.assertEqual({"a": 1, "c": None}, self.vault.get_many(["a", "c", "zz"]))
        self.assertTrue(self.vault.has_keys([]))
        self.assertTrue(self.vault.has_keys(["a", "b"]))
        self.assertFalse(self.vault.has_keys(["a", "zz"]))
        self.assertEqual({"b": 2}, self.vault.pop_many(["b", "zz"]))
        self.assertEqual(["a", "c"], self.vault.list_keys())
        self.assertEqual([1, None], self.vault.values())
        self.assertEqual([("a", 1), ("c", None)], self.vault.items())
        self.assertEqual({"a": 1, "c": None}, self.vault.get_all_items())
        self.vault.update({"d": 4})
        self.assertEqual(["a", "c", "d"], list(self.vault))

    def test_dict_protocol(self):
        self.assertFalse(self.vault)
        self.vault["k"] = "v"
        self.assertTrue(self.vault)
        self.assertEqual("Vault('test', 1 items)", repr(self.vault))
        del self.vault["k"]
        with self.assertRaises(KeyError):
            del self.vault["k"]
        self.assertEqual(7, self.vault.setdefault("s", 7))
        self.vault.clear()
        self.assertEqual(0, len(self.vault))

    def test_delete_vault(self):
        self.vault.delete_vault()
        self.assertFalse(os.path.exists(self.vault.db_path))
        self.vault = reference_vaults.Vault("test")

    def test_generation_1_rows_are_refused(self):
        with self.assertRaisesRegex(ValueError, "Unknown serialization format marker"):
            reference_vaults.deserialize(pickle.dumps("x", protocol=4))


class PeerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "peer.db")

    def tearDown(self):
        self.tmp.cleanup()

    def peer(self, *args, env=None, expect_rc=0):
        result = subprocess.run([sys.executable, PEER, *args], capture_output=True, text=True,
                                env={**os.environ, **(env or {})}, timeout=120)
        self.assertEqual(expect_rc, result.returncode, result.stderr)
        return [json.loads(line) for line in result.stdout.splitlines()]

    def test_put_get_dump(self):
        key, value = json.dumps("k"), json.dumps({"tuple": [{"int": "1"}, {"set": [{"int": "2"}]}]})
        self.assertEqual([{"ok": True}], self.peer("put", self.db, key, value))
        got = self.peer("get", self.db, key)[0]
        self.assertEqual({"found": True, "value": {"list": [{"int": "1"}, {"set": [{"int": "2"}]}]}},
                         got)
        row = self.peer("dump", self.db)[0]
        self.assertEqual(("M", "P4"), (row["key_kind"], row["value_kind"]))
        self.assertEqual(json.loads(value), row["value"])

    def test_env_applies_to_put(self):
        self.peer("put", self.db, '"k"', '"v"', env={"VAULTS_REF_NO_MSGPACK": "1",
                                                     "VAULTS_REF_PICKLE_PROTOCOL": "5"})
        row = self.peer("dump", self.db)[0]
        self.assertEqual(("P5", "P5"), (row["key_kind"], row["value_kind"]))

    def test_missing_file_fails(self):
        self.peer("get", self.db, '"k"', expect_rc=1)

    def test_encode(self):
        cell = lambda out: base64.b64decode(out[0]["cell"])  # noqa: E731
        self.assertEqual(b"M\x01", cell(self.peer("encode", '{"int": "1"}')))
        self.assertEqual(b"P" + pickle.dumps(1, protocol=2),
                         cell(self.peer("encode", '{"int": "1"}', "--format", "pickle",
                                        "--protocol", "2")))
        self.assertEqual(pickle.dumps(frozenset([1]), protocol=4),
                         cell(self.peer("encode", '{"frozenset": [{"int": "1"}]}',
                                        "--format", "legacy")))
        self.peer("encode", '{"int": "%d"}' % 2**64, "--format", "msgpack", expect_rc=1)

    def test_check(self):
        self.peer("put", self.db, '"a"', '{"tuple": ["x"]}')
        self.peer("put", self.db, '"n"', "null")
        expected = os.path.join(self.tmp.name, "expected.jsonl")
        with open(expected, "w") as out:
            out.write('{"key": "a", "value": {"tuple": ["x"]}}\n{"key": "n", "value": null}\n')
        self.assertEqual([{"ok": True, "checked": 2}], self.peer("check", self.db, expected))
        with open(expected, "a") as out:
            out.write('{"key": "zz", "value": null}\n{"key": "a", "value": {"list": ["y"]}}\n')
        report = self.peer("check", self.db, expected, expect_rc=1)[0]
        self.assertEqual(["missing", "value differs"],
                         [m["problem"] for m in report["mismatches"]])

    def test_writer_and_counter(self):
        acks = self.peer("writer", self.db, "--prefix", "w", "--count", "5", "--batch", "2")
        self.assertEqual([{"ack": f"w-{i}"} for i in range(5)], acks)
        self.peer("counter", self.db, "--key", "c", "--times", "3")
        self.assertEqual(6, self.peer("counter", self.db, "--key", "c", "--times", "3")[0]["value"])
        reference_vaults.set_root_path(self.tmp.name)
        os.replace(self.db, os.path.join(self.tmp.name, "vaults", "peer.db"))
        with reference_vaults.Vault("peer", to_create=False) as vault:
            self.assertEqual({"i": 3, "by": "w"}, vault["w-3"])
            self.assertEqual(6, vault["c"])

    def test_writer_waits_at_the_start_gate(self):
        gate = os.path.join(self.tmp.name, "go")
        writer = subprocess.Popen([sys.executable, PEER, "writer", self.db, "--prefix", "g", "--count", "3"],
                                  stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "VAULTS_PEER_START_GATE": gate})
        try:
            self.assertEqual({"ready": True}, json.loads(writer.stdout.readline()))
            with sqlite3.connect(self.db) as conn:
                self.assertEqual(0, conn.execute("SELECT count(*) FROM dict").fetchone()[0],
                                 "nothing is written before the gate opens")
            open(gate, "w").close()
            acks = [json.loads(line) for line in writer.stdout]
            self.assertEqual(0, writer.wait(timeout=120))
        finally:
            writer.stdout.close()
            if writer.poll() is None:
                writer.kill()
        self.assertEqual([{"ack": f"g-{i}"} for i in range(3)], acks)


class FixtureTest(unittest.TestCase):
    def test_corpus_bytes(self):
        lines = read_jsonl(os.path.join(HERE, "corpus", "corpus.jsonl"))
        self.assertGreaterEqual(len(lines), 2000)
        for line in lines:
            with self.subTest(id=line["id"]):
                value = typed_json.from_typed(line["value"])
                generate.assert_no_shared_objects(value)
                packed = generate.try_msgpack(value)
                self.assertEqual(line["msgpack"], None if packed is None else generate.b64(packed))
                for protocol in generate.PICKLE_PROTOCOLS:
                    self.assertEqual(line[f"pickle{protocol}"],
                                     generate.b64(pickle.dumps(value, protocol=protocol)))

    def test_raw_reader_loads_every_corpus_pickle(self):
        for line in read_jsonl(os.path.join(HERE, "corpus", "corpus.jsonl")):
            for protocol in generate.PICKLE_PROTOCOLS:
                with self.subTest(id=line["id"], protocol=protocol):
                    cell = base64.b64decode(line[f"pickle{protocol}"])
                    kind, value = raw_reader.decode_cell(b"P" + cell)
                    self.assertEqual(f"P{protocol}", kind)
                    self.assertEqual(cell, pickle.dumps(value, protocol=protocol))
                    if protocol >= 4:  # protocols 2 and 3 drop a datetime's fold
                        self.assertEqual(line["value"], typed_json.to_typed(value))

    def test_identity_cases_round_trip_by_pickle(self):
        for line in read_jsonl(os.path.join(HERE, "corpus", "identity.jsonl")):
            with self.subTest(note=line["note"]):
                for protocol in generate.PICKLE_PROTOCOLS:
                    original = base64.b64decode(line[f"pickle{protocol}"])
                    decoded = pickle.loads(original)
                    self.assertEqual(original, pickle.dumps(decoded, protocol=protocol))
                    self.assertEqual(line["value"], typed_json.to_typed(decoded))

    def sidecars(self, folder):
        for dirpath, _, files in os.walk(os.path.join(HERE, folder)):
            for name in sorted(files):
                if name.endswith(".expected.jsonl"):
                    yield os.path.join(dirpath, name[:-len(".expected.jsonl")] + ".db")

    def test_vault_sidecars_match_files(self):
        paths = list(self.sidecars("vaults"))
        self.assertEqual(8, len(paths))
        for db in paths:
            with self.subTest(db=os.path.relpath(db, HERE)):
                rows = [{k: r[k] for k in ("rowid", "key_cell", "value_cell", "key", "value")}
                        for r in raw_reader.dump_rows(db)]
                self.assertEqual(read_jsonl(db[:-3] + ".expected.jsonl"), rows)

    def test_gen1_table_statement(self):
        with sqlite3.connect(os.path.join(HERE, "vaults", "gen1_legacy.db")) as conn:
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'dict'").fetchone()[0]
        self.assertEqual(generate.GEN1_CREATE_TABLE, sql)

    def test_mixed_has_every_kind(self):
        kinds = {r["key_kind"] for r in raw_reader.dump_rows(os.path.join(HERE, "vaults", "mixed.db"))}
        self.assertEqual({"M", "P2", "P3", "P4", "P5", "raw2", "raw3", "raw4", "raw5"}, kinds)

    def test_reference_reads_gen2_fixture(self):
        reference_vaults.set_root_path(HERE)
        with reference_vaults.Vault("gen2_msgpack", to_create=False) as vault:
            self.assertEqual([3, 4], vault["point"])
            self.assertEqual("RUNNING", vault["service"].status.name)

    def test_damaged_rows_fail_and_others_are_listed(self):
        damaged = os.path.join(HERE, "damaged")
        manifest = read_jsonl(os.path.join(damaged, "damage.jsonl"))
        for entry in manifest:
            path = os.path.join(damaged, entry["file"])
            with self.subTest(file=entry["file"], rowid=entry["rowid"]):
                if entry["rowid"] is None:
                    with self.assertRaises(sqlite3.DatabaseError):
                        raw_reader.read_rows(path)
                    continue
                rows = {r["rowid"]: r for r in raw_reader.dump_rows(path)}
                self.assertIn("error", rows[entry["rowid"]])
                good = [r for r in rows.values() if "error" not in r]
                self.assertEqual([r["rowid"] for r in read_jsonl(path[:-3] + ".expected.jsonl")],
                                 [r["rowid"] for r in good])

    def test_msgpack_version(self):
        self.assertEqual((1, 0), msgpack.version[:2])


if __name__ == "__main__":
    unittest.main()
