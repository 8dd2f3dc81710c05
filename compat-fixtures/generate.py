#!/usr/bin/python3
"""Regenerate every fixture in this folder: /usr/bin/python3 compat-fixtures/generate.py

Writes, from a fixed random seed (so two runs give the same bytes, apart from SQLite page-level
details of the .db files):

* corpus/corpus.jsonl   - plain values with their msgpack and pickle (protocols 2-5) encodings;
* corpus/identity.jsonl - values whose pickles share objects (BINGET), written by hand;
* vaults/*.db           - vault files of both generations and every cell kind, each with a
                          NAME.expected.jsonl sidecar listing its rows;
* damaged/*.db          - vault files with broken rows or broken files, described in
                          damaged/README.md and, machine-readably, in damaged/damage.jsonl.

Must run under an interpreter with msgpack (Debian's /usr/bin/python3): the corpus records what
msgpack 1.0 and CPython's pickle produce.

Corpus values obey the identity rule (see README.md): each value is rebuilt from its typed JSON,
which creates fresh objects, and then checked, so its pickles contain no BINGET except for the
objects CPython always shares.
"""

import base64
import datetime
import decimal
import json
import os
import pickle
import random
import shutil
import sqlite3
import struct
import sys
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import msgpack  # noqa: E402

import fixture_classes  # noqa: E402
import raw_reader  # noqa: E402
import reference_vaults  # noqa: E402
import typed_json  # noqa: E402

SEED = 20261122
PICKLE_PROTOCOLS = (2, 3, 4, 5)
GEN1_CREATE_TABLE = 'CREATE TABLE dict (\n\t"key" BINARY NOT NULL, \n\tvalue BLOB, \n\tPRIMARY KEY ("key")\n)'

ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/"
LATIN1 = "".join(chr(c) for c in range(0xA0, 0x100))
BMP = "€αβγдж中文字한글\u2028\ufffd"
ASTRAL = "😀🎉𝄞𐍈🂡"

# -- helpers ---------------------------------------------------------------------------------


def b64(data):
    return base64.b64encode(data).decode("ascii")


def write_jsonl(path, documents):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\n") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=True) + "\n")


def remove_db(path):
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def try_msgpack(value):
    try:
        return msgpack.packb(value, use_bin_type=True)
    except (TypeError, ValueError, OverflowError):
        return None


# -- identity rule -----------------------------------------------------------------------------


def _cpython_shares(obj):
    """Objects CPython keeps one copy of, so their reuse is expected (see README.md)."""
    if obj is None or type(obj) in (bool, int, float):
        return True
    if type(obj) is str:
        return len(obj) == 0 or (len(obj) == 1 and ord(obj) <= 0xFF)
    if type(obj) is bytes:
        return len(obj) <= 1
    return obj == () and type(obj) is tuple


def assert_no_shared_objects(value):
    """Fail when one object appears twice inside ``value``: pickle would write a BINGET."""
    seen = set()
    stack = [value]
    while stack:
        obj = stack.pop()
        if _cpython_shares(obj):
            continue
        if id(obj) in seen:
            raise AssertionError(f"object shared by identity: {obj!r:.80}")
        seen.add(id(obj))
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif isinstance(obj, (datetime.datetime, datetime.time)) and obj.tzinfo is not None:
            stack.append(obj.tzinfo)


def canonical(value):
    """``value`` rebuilt from its typed JSON until rebuilding changes nothing.

    A set rebuilt by inserting items in its iteration order may iterate in another order (hash
    collisions are resolved by insertion history); a few rounds reach an order that rebuilds to
    itself, so anyone decoding the typed JSON gets the very value whose pickles are recorded.
    """
    typed = typed_json.to_typed(value)
    for _ in range(20):
        rebuilt = typed_json.from_typed(typed)
        retyped = typed_json.to_typed(rebuilt)
        if retyped == typed:
            assert_no_shared_objects(rebuilt)
            return rebuilt
        typed = retyped
    raise AssertionError(f"typed JSON rebuild does not settle for {value!r:.80}")


# -- corpus values -----------------------------------------------------------------------------


def text(rng, alphabet, length):
    """A fresh str of ``length`` characters drawn from ``alphabet``."""
    return "".join(rng.choice(alphabet) for _ in range(length))


def int_values(rng):
    edges = [0, 1, 127, 128, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1, 2**32,
             2**63 - 1, 2**63, 2**64 - 1, 2**64]
    values = []
    for edge in edges:
        values += [edge - 1, edge, edge + 1, -edge - 1, -edge, -edge + 1]
    values += [-31, -32, -33, -127, -128, -129, -2**15 - 1, -2**15, -2**15 + 1]
    # LONG1 holds up to 255 bytes; 2**2039 needs 256 and so is written with LONG4.
    for digits in (20, 39, 50, 100, 200, 300, 400, 600):
        big = rng.randrange(10**(digits - 1), 10**digits)
        values += [big, -big]
    values += [2**2039 - 1, 2**2039, -2**2039, -2**2039 - 1, 2**2100]
    for bits in (7, 8, 15, 16, 31, 32, 63, 64, 65, 100):
        for _ in range(12):
            values.append(rng.randrange(-2**bits, 2**bits))
    return list(dict.fromkeys(values))


def float_values(rng):
    values = [0.0, -0.0, 1.0, -1.0, 0.5, -1.5, 0.1, 1 / 3, 1e16, 1e-7, 123456789.125,
              float("nan"), float("inf"), float("-inf"), 5e-324, -5e-324,
              2.225073858507201e-308, 2.2250738585072014e-308, 1.7976931348623157e308,
              -1.7976931348623157e308, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64]
    while len(values) < 200:
        bits = rng.getrandbits(64)
        candidate = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if candidate == candidate and abs(candidate) != float("inf"):
            values.append(candidate)
    values += [rng.uniform(-1e6, 1e6) for _ in range(60)]
    return values


def str_values(rng):
    values = []
    for length in (0, 1, 2, 31, 32, 33, 255, 256, 257):
        for alphabet in (ASCII, LATIN1, BMP, ASTRAL):
            values.append(text(rng, alphabet, length))
    for length in (65535, 65536):
        values.append(text(rng, ASCII, length))
        values.append(text(rng, LATIN1, length // 2))  # two UTF-8 bytes each
    # UTF-8 lengths on msgpack's str8/str16/str32 boundaries, reached with wide characters.
    for byte_length in (31, 32, 255, 256, 65535, 65536):
        values.append(text(rng, ASTRAL, byte_length // 4) + text(rng, ASCII, byte_length % 4))
        values.append(text(rng, BMP[:1], byte_length // 3) + text(rng, ASCII, byte_length % 3))
    mixed = ASCII + LATIN1 + BMP + ASTRAL
    values += [text(rng, mixed, rng.randrange(0, 40)) for _ in range(400)]
    return values


def bytes_values(rng):
    values = [rng.randbytes(n) for n in (0, 1, 2, 31, 32, 255, 256, 257, 65535, 65536, 70000)]
    values += [rng.randbytes(rng.randrange(0, 64)) for _ in range(150)]
    return values


def scalar(rng):
    kind = rng.randrange(7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.choice([rng.randrange(-300, 300), rng.randrange(-2**40, 2**40)])
    if kind == 3:
        return rng.uniform(-1e3, 1e3)
    if kind == 4:
        return text(rng, ASCII + LATIN1 + BMP + ASTRAL, rng.randrange(0, 12))
    if kind == 5:
        return rng.randbytes(rng.randrange(0, 8))
    return rng.choice([rng.randrange(0, 256), -rng.randrange(1, 200)])


def nested(rng, depth):
    if depth == 0 or rng.random() < 0.3:
        return scalar(rng)
    kind = rng.randrange(3)
    size = rng.randrange(0, 5)
    if kind == 0:
        return [nested(rng, depth - 1) for _ in range(size)]
    if kind == 1:
        return tuple(nested(rng, depth - 1) for _ in range(size))
    return {text(rng, ASCII, rng.randrange(1, 8)): nested(rng, depth - 1) for _ in range(size)}


def container_values(rng):
    values = [[], (), {}]
    for size in (1, 2, 3, 4, 5, 6):
        values.append([scalar(rng) for _ in range(size)])
        values.append(tuple(scalar(rng) for _ in range(size)))
        values.append({text(rng, ASCII, 4): scalar(rng) for _ in range(size)})
    # APPENDS and SETITEMS are written in batches of 1000 items.
    for size in (999, 1000, 1001, 2500):
        values.append([rng.randrange(-1000, 1000) for _ in range(size)])
    values.append(tuple(range(1000)))
    for size in (1000, 1001, 2001):
        values.append({f"k{i:05d}": rng.randrange(0, 100000) for i in range(size)})
    values.append({i: text(rng, ASCII, 3) for i in range(1200)})
    # Protocol 4 frames target 64 KiB; larger items are written outside frames.
    values.append({"blob": rng.randbytes(70000), "text": text(rng, ASCII, 70000), "n": 1})
    values.append([text(rng, ASCII, 5000) for _ in range(20)])
    values.append([rng.randbytes(30000), rng.randbytes(40000)])
    # Keys msgpack packs but the module's strict_map_key reader refuses, and keys it cannot pack.
    values.append({1: "one", -2: "minus two", 2**40: "big"})
    values.append({None: 0, True: 1, 2.5: 2, b"by": 3, (1, "t"): 4})
    values.append({(1, 2): "tuple key", frozenset([3]): "frozenset key"})
    for _ in range(300):
        values.append(nested(rng, rng.randrange(1, 5)))
    return values


def set_values(rng):
    """Sets hold only values whose hash does not depend on the process (ints, floats, tuples and
    frozensets of those), so their iteration order, and thus their pickles, are reproducible."""
    values = [set(), frozenset(), {1}, frozenset([1]), {-1, -2}, {0.5, 1.5, 2}, {(1, 2), (3, 4)},
              {frozenset([1, 2]), frozenset([3])}, frozenset({2**70, -2**70}), {True, 5.25}]
    for size in (2, 3, 10):
        values.append({rng.randrange(-10**6, 10**6) for _ in range(size)})
        values.append(frozenset(rng.randrange(0, 10**9) for _ in range(size)))
    # Big sets of arbitrary ints need not settle on one order; ints below the table size each
    # get their own slot, so these iterate in ascending order however they are built.
    for size in (100, 1001):
        values.append(set(rng.sample(range(size * 3 // 2), size)))
        values.append(frozenset(rng.sample(range(size * 3 // 2), size)))
    values.append([{1, 2}, frozenset([3, 4]), {"s": {5}}])
    return values


def time_values(rng):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    plus_0530 = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    values = [
        datetime.datetime(2024, 5, 1, 12, 0),
        datetime.datetime(2024, 5, 1, 12, 0, 0, 123456),
        datetime.datetime(1, 1, 1),
        datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
        datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        datetime.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=plus_0530),
        datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(
            datetime.timedelta(hours=-8))),
        datetime.datetime(2024, 7, 1, 9, 30, tzinfo=berlin),
        datetime.datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
        datetime.date(2024, 2, 29), datetime.date(1, 1, 1), datetime.date(9999, 12, 31),
        datetime.time(0, 0), datetime.time(23, 59, 59, 999999),
        datetime.time(12, 30, tzinfo=datetime.timezone.utc),
        datetime.time(1, 2, 3, 4),
        datetime.timedelta(0), datetime.timedelta(days=-1), datetime.timedelta(microseconds=1),
        datetime.timedelta(days=999999999, seconds=86399, microseconds=999999),
        datetime.timedelta(days=-999999999),
        [datetime.date(2020, 1, 1), datetime.timedelta(seconds=90), datetime.datetime(2020, 1, 1)],
        {"created": datetime.datetime(2023, 3, 3, 3, 3, 3, tzinfo=datetime.timezone.utc)},
    ]
    start = datetime.datetime(2000, 1, 1)
    for _ in range(40):
        moment = start + datetime.timedelta(seconds=rng.randrange(0, 10**9),
                                            microseconds=rng.randrange(0, 10**6))
        values += [moment, moment.date(), moment.time(),
                   datetime.timedelta(seconds=rng.randrange(-10**8, 10**8))]
    return values


def number_values(rng):
    decimals = ["0", "-0", "1.5", "-1.50", "1E+10", "1.23E-7", "-4.56e+300", "0.000", "NaN",
                "-NaN", "sNaN", "Infinity", "-Infinity", "123456789012345678901234567890.123456789"]
    values = [decimal.Decimal(d) for d in decimals]
    values += [decimal.Decimal(rng.randrange(-10**12, 10**12)).scaleb(-rng.randrange(0, 8))
               for _ in range(20)]
    values += [complex(1, 2), complex(0, -0.0), complex(-0.0, 0), complex(float("nan"), float("inf")),
               complex(1e300, -1e-300)]
    values += [complex(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(10)]
    values.append([decimal.Decimal("2.50"), complex(3, 4), {decimal.Decimal("1"), 2}])
    return values


def corpus_values(rng):
    values = [None, True, False]
    values += int_values(rng)
    values += float_values(rng)
    values += str_values(rng)
    values += bytes_values(rng)
    values += container_values(rng)
    values += set_values(rng)
    values += time_values(rng)
    values += number_values(rng)
    while len(values) < 2100:
        values.append(nested(rng, 3) if rng.random() < 0.5 else scalar(rng))
    return values


def corpus_line(line_id, value, extra=None):
    packed = try_msgpack(value)
    line = {"id": line_id, "value": typed_json.to_typed(value),
            "msgpack": None if packed is None else b64(packed)}
    for protocol in PICKLE_PROTOCOLS:
        line[f"pickle{protocol}"] = b64(pickle.dumps(value, protocol=protocol))
    line.update(extra or {})
    return line


def identity_cases():
    """(note, value) pairs whose objects are shared on purpose; written as literals so CPython's
    constant sharing does what a Fuse program's code would do."""
    shared_list = [1, 2, 3]
    shared_text = "".join(["shared", "-text"])
    shared_tuple = (1, "xy")
    return [
        ("list of dicts built from the same literal keys: 'name' and 'port' are one object each, "
         "so the second dict's keys are BINGETs",
         [{"name": "alpha", "port": 80}, {"name": "beta", "port": 81}]),
        ("the same list object twice: the second is a BINGET", [shared_list, shared_list]),
        ("the same str object three times, once as a dict value", [shared_text, shared_text,
                                                                   {"k": shared_text}]),
        ("one tuple object under two keys", {"a": shared_tuple, "b": shared_tuple}),
        ("a tuple literal whose equal strings the compiler folded into one object",
         ("repeated", "repeated")),
        ("control case: equal but distinct lists, no sharing", [[1, 2], [1, 2][:]]),
    ]


def write_corpus(rng):
    lines = []
    for value in corpus_values(rng):
        lines.append(corpus_line(len(lines), canonical(value)))
    write_jsonl(os.path.join(HERE, "corpus", "corpus.jsonl"), lines)
    identity = [corpus_line(n, value, {"note": note})
                for n, (note, value) in enumerate(identity_cases())]
    write_jsonl(os.path.join(HERE, "corpus", "identity.jsonl"), identity)
    return len(lines)


# -- fixture vaults ------------------------------------------------------------------------------


def sample_items():
    """Keys of the kinds Fuse uses (str, int, tuple, frozenset) and values of every family."""
    return [
        ("service:web", {"name": "web", "port": 8080, "enabled": True, "tags": ["a", "b"]}),
        ("answer", 42),
        (42, "int key"),
        (("host", 8080), ["tuple", "key"]),
        ("point", (3, 4)),
        ("nothing", None),
        ("pi", 3.141592653589793),
        ("blob", bytes(range(16))),
        ("max_uint64", 2**64 - 1),
        ("int_keys", {1: "one", 2: "two"}),
        ("tags", {3, 1, 2}),
        ("frozen", frozenset([7, 8])),
        ("created", datetime.datetime(2025, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)),
        ("day", datetime.date(2025, 3, 14)),
        ("price", decimal.Decimal("19.99")),
        ("z", complex(1, -1)),
        ("service", fixture_classes.Service("api", 9000, ["internal"],
                                            fixture_classes.Status.RUNNING)),
        ("status", fixture_classes.Status.STOPPED),
        (frozenset([1, 2]), "frozenset key"),
        ("unicode", "Grüße 😀"),
    ]


def write_sidecar(db_path, skip_errors=False):
    rows = []
    for row in raw_reader.dump_rows(db_path):
        if "error" in row:
            if skip_errors:
                continue
            raise AssertionError(f"{db_path}: row {row['rowid']}: {row['error']}")
        rows.append({k: row[k] for k in ("rowid", "key_cell", "value_cell", "key", "value")})
    write_jsonl(db_path[:-3] + ".expected.jsonl", rows)
    return rows


def write_with_reference(root, name, items, env):
    """A vault written by the reference module with the given environment overrides."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        reference_vaults.set_root_path(root)
        db_path = os.path.join(root, "vaults", f"{name}.db")
        remove_db(db_path)
        with reference_vaults.Vault(name) as vault:
            for key, value in items:
                vault.put(key, value)
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
    write_sidecar(db_path)
    return db_path


def write_raw(db_path, create_statement, cells, insert="INSERT INTO dict (key, value) VALUES (?, ?)"):
    """A vault whose rows are the given (key_cell, value_cell) pairs, bypassing any encoder."""
    remove_db(db_path)
    os.makedirs(os.path.dirname(db_path), exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute(create_statement)
        conn.execute("BEGIN")
        conn.executemany(insert, cells)
        conn.execute("COMMIT")
    finally:
        conn.close()


def mixed_cells():
    """Rows of every cell kind, including twins: one logical key stored as M and as P4."""
    cells = [(b"M" + msgpack.packb("kind:M", use_bin_type=True),
              b"M" + msgpack.packb({"via": "msgpack"}, use_bin_type=True))]
    for protocol in PICKLE_PROTOCOLS:
        cells.append((b"P" + pickle.dumps(f"kind:P{protocol}", protocol=protocol),
                      b"P" + pickle.dumps({"via": f"pickle{protocol}", "t": (1, 2)},
                                          protocol=protocol)))
    for protocol in PICKLE_PROTOCOLS:
        cells.append((pickle.dumps(f"kind:raw{protocol}", protocol=protocol),
                      pickle.dumps([f"legacy{protocol}", 1.5], protocol=protocol)))
    cells += [
        (b"M" + msgpack.packb("twin", use_bin_type=True),
         b"M" + msgpack.packb("written with msgpack", use_bin_type=True)),
        (b"P" + pickle.dumps("twin", protocol=4), b"P" + pickle.dumps("written with pickle", 4)),
        (b"M" + msgpack.packb(7, use_bin_type=True), b"M" + msgpack.packb("seven (M)", use_bin_type=True)),
        (b"P" + pickle.dumps(7, protocol=4), b"P" + pickle.dumps("seven (P4)", protocol=4)),
        (b"P" + pickle.dumps(7, protocol=5), b"P" + pickle.dumps("seven (P5)", protocol=5)),
        (b"M" + msgpack.packb("M key, P value", use_bin_type=True),
         b"P" + pickle.dumps({1, 2, 3}, protocol=4)),
    ]
    return cells


def fuse_root_items(rng):
    base = 1_735_689_600.0  # 2025-01-01T00:00:00Z
    commons = [
        ("home_server", {"name": "fuse-home", "path": "/home/ana/.fuse", "url": "http://127.0.0.1:8765",
                         "started_at": base + 3600.5, "enabled": True, "plugins": ["git", "python"]}),
        ("user_settings", {"name": "ana", "path": "/home/ana", "url": "https://example.org/ana",
                           "updated_at": base + 86400.25, "telemetry": False,
                           "recent_projects": ["site", "thesis", "scraper"]}),
        ("last_update_check", {"name": "updater", "path": "/home/ana/.fuse/updates",
                               "url": "https://example.org/fuse/releases", "checked_at": base + 7200.0,
                               "auto_update": True, "channels": ["stable"]}),
    ]
    venvs = []
    for name, version in (("default", "3.11"), ("data-science", "3.12"), ("legacy-tools", "3.8")):
        venvs.append((name, {"name": name, "path": f"/home/ana/.fuse/venvs/{name}",
                             "url": f"https://pypi.example.org/simple/{name}",
                             "created_at": base + rng.randrange(0, 10**7) + 0.5,
                             "is_default": name == "default",
                             "packages": [f"pkg{i}=={version}.{i}" for i in range(3)]}))
    repos = []
    for name in ("fuse-community/runnables", "ana/private-scripts"):
        repos.append((f"https://git.example.org/{name}.git",
                      {"name": name.split("/")[1], "path": f"/home/ana/.fuse/repos/{name}",
                       "url": f"https://git.example.org/{name}.git",
                       "pulled_at": base + rng.randrange(0, 10**7) + 0.125,
                       "trusted": name.startswith("fuse"),
                       "runnables": ["backup", "deploy", "report"]}))
    return {"commons": commons, "virtual_environments": venvs,
            "remote_runnables_repositories": repos}


def write_vaults(rng):
    folder = os.path.join(HERE, "vaults")
    os.makedirs(folder, exist_ok=True)
    items = sample_items()
    write_with_reference(HERE, "gen2_msgpack", items, {})
    write_with_reference(HERE, "gen2_pickle", items,
                         {"VAULTS_REF_NO_MSGPACK": "1", "VAULTS_REF_PICKLE_PROTOCOL": "4"})
    write_with_reference(HERE, "gen2_pickle_p5", items,
                         {"VAULTS_REF_NO_MSGPACK": "1", "VAULTS_REF_PICKLE_PROTOCOL": "5"})

    gen1 = os.path.join(folder, "gen1_legacy.db")
    write_raw(gen1, GEN1_CREATE_TABLE,
              [(pickle.dumps(k, protocol=4), pickle.dumps(v, protocol=4)) for k, v in items],
              insert='INSERT INTO dict ("key", value) VALUES (?, ?)')
    write_sidecar(gen1)

    mixed = os.path.join(folder, "mixed.db")
    write_raw(mixed, reference_vaults.CREATE_TABLE, mixed_cells())
    write_sidecar(mixed)

    fuse_root = os.path.join(folder, "fuse-root")
    for name, pairs in fuse_root_items(rng).items():
        write_with_reference(fuse_root, name, pairs, {})


# -- damaged files --------------------------------------------------------------------------------


def m_cell(value):
    return b"M" + msgpack.packb(value, use_bin_type=True)


GOOD_ROWS = [(m_cell("alpha"), m_cell({"n": 1})), (m_cell("beta"), m_cell([1, 2, 3])),
             (m_cell("gamma"), b"P" + pickle.dumps({"when": datetime.date(2025, 1, 1)}, protocol=4))]

# A pickle that would run a shell command; it is only ever written, never loaded.
COMMAND = b"echo vaults4j-must-not-run"
OS_SYSTEM_GLOBAL = (b"\x80\x02cos\nsystem\nq\x00X" + struct.pack("<I", len(COMMAND)) + COMMAND
                    + b"q\x01\x85q\x02Rq\x03.")
OS_SYSTEM_STACK_GLOBAL = (b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x94\x8c"
                          + bytes([len(COMMAND)]) + COMMAND + b"\x94\x85\x94R\x94.")
DEPTH = 100_000


def damaged_cases():
    """(file, [(key_cell, value_cell, cell, problem)]) of row-level damage."""
    long_text = msgpack.packb("x" * 300, use_bin_type=True)
    long_pickle = pickle.dumps({"a": "b" * 100}, protocol=4)
    return [
        ("truncated_msgpack.db", [
            (m_cell("cut"), b"M" + long_text[:50], "value",
             "str16 header declares 300 bytes, 47 follow")]),
        ("truncated_pickle.db", [
            (m_cell("cut"), b"P" + long_pickle[:30], "value", "protocol 4 pickle cut after 30 bytes"),
            (b"P" + pickle.dumps("a-long-key-name", protocol=4)[:-3], m_cell("fine"), "key",
             "key pickle missing its last 3 bytes (MEMOIZE and STOP)")]),
        ("unknown_marker.db", [
            (m_cell("zed"), b"Z" + msgpack.packb("zed", use_bin_type=True), "value",
             "marker byte 'Z' (0x5A) before a valid msgpack payload")]),
        ("malformed_msgpack.db", [
            (m_cell("bad-type"), b"M\xc1", "value", "type byte 0xc1, which msgpack never uses"),
            (m_cell("extra"), b"M\x01\x02", "value", "trailing byte after a complete object")]),
        ("pickle_os_system.db", [
            (m_cell("global"), b"P" + OS_SYSTEM_GLOBAL, "value",
             "protocol 2: GLOBAL 'os system' + REDUCE (would run a shell command)"),
            (m_cell("stack_global"), b"P" + OS_SYSTEM_STACK_GLOBAL, "value",
             "protocol 4: STACK_GLOBAL os.system + REDUCE (would run a shell command)"),
            (m_cell("legacy"), OS_SYSTEM_GLOBAL, "value",
             "generation 1 raw cell: GLOBAL 'os system' + REDUCE")]),
        ("pickle_huge_length.db", [
            (m_cell("binbytes"), b"P\x80\x04B" + struct.pack("<I", 0xFFFFFFF0) + b"abc.", "value",
             "BINBYTES declaring 4294967280 bytes, 4 present"),
            (m_cell("binunicode8"), b"P\x80\x04\x8d" + struct.pack("<Q", 2**62) + b"abc.", "value",
             "BINUNICODE8 declaring 2**62 bytes, 4 present"),
            (m_cell("frame"), b"P\x80\x04\x95" + struct.pack("<Q", 2**60) + b"N.", "value",
             "FRAME declaring 2**60 bytes, 2 present")]),
        ("deep_nesting.db", [
            (m_cell("deep-msgpack"), b"M" + b"\x91" * DEPTH + b"\xc0", "value",
             f"{DEPTH} nested one-element msgpack arrays"),
            (m_cell("deep-pickle"), b"P\x80\x04" + b"]" * DEPTH + b"a" * (DEPTH - 1) + b".",
             "value", f"{DEPTH} nested lists: {DEPTH} EMPTY_LIST then {DEPTH - 1} APPEND")]),
    ]


def write_damaged():
    folder = os.path.join(HERE, "damaged")
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if name != "README.md":
                os.remove(os.path.join(folder, name))
    os.makedirs(folder, exist_ok=True)
    manifest = []
    for filename, bad_rows in damaged_cases():
        path = os.path.join(folder, filename)
        cells = GOOD_ROWS[:2] + [(k, v) for k, v, _, _ in bad_rows] + GOOD_ROWS[2:]
        write_raw(path, reference_vaults.CREATE_TABLE, cells)
        good = write_sidecar(path, skip_errors=True)
        good_ids = {row["rowid"] for row in good}
        bad_ids = [rowid for rowid in range(1, len(cells) + 1) if rowid not in good_ids]
        if len(bad_ids) != len(bad_rows) or len(good) != len(GOOD_ROWS):
            raise AssertionError(f"{filename}: expected exactly the bad rows to fail: {bad_ids}")
        for rowid, (_, _, cell, problem) in zip(bad_ids, bad_rows):
            manifest.append({"file": filename, "rowid": rowid, "cell": cell, "problem": problem})

    no_table = os.path.join(folder, "no_dict_table.db")
    write_raw(no_table, "CREATE TABLE settings (key BLOB PRIMARY KEY, value BLOB)", GOOD_ROWS,
              insert="INSERT INTO settings (key, value) VALUES (?, ?)")
    manifest.append({"file": "no_dict_table.db", "rowid": None, "cell": None,
                     "problem": "valid SQLite file whose only table is 'settings', not 'dict'"})

    with open(os.path.join(folder, "not_sqlite.db"), "wb") as out:
        out.write(b"This is not a SQLite database, just text with a .db name.\n" * 20)
    manifest.append({"file": "not_sqlite.db", "rowid": None, "cell": None,
                     "problem": "plain text, no SQLite header"})

    truncated = os.path.join(folder, "truncated_file.db")
    rows = [(m_cell(f"row-{i:03d}"), m_cell("v" * 1000 + str(i))) for i in range(60)]
    write_raw(truncated, reference_vaults.CREATE_TABLE, rows)
    with open(truncated, "r+b") as db:
        page_size = struct.unpack(">H", db.read(18)[16:18])[0]
        db.truncate(page_size * 6 + page_size // 2)
    manifest.append({"file": "truncated_file.db", "rowid": None, "cell": None,
                     "problem": "60-row vault cut in the middle of its 7th page"})
    write_jsonl(os.path.join(folder, "damage.jsonl"), manifest)


def main():
    if pickle.DEFAULT_PROTOCOL != 4 or msgpack.version[:2] != (1, 0):
        sys.exit("generate.py: run with CPython 3.8-3.13 and msgpack 1.0 (/usr/bin/python3)")
    rng = random.Random(SEED)
    count = write_corpus(rng)
    write_vaults(rng)
    write_damaged()
    shutil.rmtree(os.path.join(HERE, "__pycache__"), ignore_errors=True)
    print(f"corpus: {count} values; vaults and damaged files written under {HERE}")


if __name__ == "__main__":
    main()
