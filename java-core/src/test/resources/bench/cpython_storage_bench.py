#!/usr/bin/python3
"""Times the benchmark operations through CPython's sqlite3 and msgpack on a vault table.

A stand-in for the storage path of Python's ``vaults`` module (vaults 2.x with msgpack): the same
statements it needs, in autocommit mode as ``sqlite3.connect`` opens files, the same cells
(``M`` + msgpack), and the same workload as the Java benchmarks (Workload.java). Logging and the
module's own bookkeeping are left out, so this is a lower bound for the module.

Writes JSON for RatioTable: {"runtime": "cpython", "results": [{"benchmark", "value", "mode",
"median_us"}]}.  Usage: cpython_storage_bench.py OUT.json [--rounds 5] [--seconds 1.0]
"""

import argparse
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time

import msgpack

ROWS = {"FUSE": 10_000, "LARGE": 1_000}  # as Workload.ValueKind
LARGE_BYTES = 100 * 1024


def key(i):
    return "runnable/%d" % i


def fuse_record(i):
    return {
        "name": "runnable-%d" % i,
        "display_name": "Runnable number %d" % i,
        "path": "/home/fuse/.fuse/runnables/runnable-%d/main.py" % i,
        "url": "https://git.example.org/fuse/runnables/runnable-%d.git" % i,
        "updated": 1.7e9 + i * 0.25,
        "enabled": i % 2 == 0,
        "tags": ["python", "cli", "tag-%d" % (i % 17)],
    }


def cell(obj):
    return b"M" + msgpack.packb(obj, use_bin_type=True)


def uncell(data):
    return msgpack.unpackb(data[1:], raw=False)


class Operations:
    """Each method is one operation, as the Python module performs it (encode, statement, decode)."""

    def __init__(self, path, keys, values):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.keys = keys
        self.values = values
        self.rows = len(keys)
        self.next = 0

    def _index(self):
        self.next += 1
        return self.next % self.rows

    def getHit(self):
        row = self.db.execute("SELECT value FROM dict WHERE key = ?", (cell(self.keys[self._index()]),)).fetchone()
        return uncell(row[0]) if row else None

    def getMiss(self):
        row = self.db.execute("SELECT value FROM dict WHERE key = ?", (cell("absent/%d" % self._index()),)).fetchone()
        return uncell(row[0]) if row else None

    def containsKey(self):
        return self.db.execute("SELECT 1 FROM dict WHERE key = ?", (cell(self.keys[self._index()]),)).fetchone() is not None

    def put(self):
        i = self._index()
        self.db.execute("INSERT INTO dict (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (cell(self.keys[i]), cell(self.values[i])))

    def putMany(self):
        self.db.execute("DELETE FROM dict")  # outside the timed part: see timed()
        start = time.perf_counter()
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO dict (key, value) VALUES (?, ?)",
                            ((cell(k), cell(v)) for k, v in zip(self.keys, self.values)))
        self.db.execute("COMMIT")
        return time.perf_counter() - start

    def iterate(self):
        count = 0
        for k, v in self.db.execute("SELECT key, value FROM dict ORDER BY rowid"):
            uncell(k)
            uncell(v)
            count += 1
        return count

    def size(self):
        return self.db.execute("SELECT count(*) FROM dict").fetchone()[0]


def timed(operation, seconds):
    """Mean microseconds per call over about ``seconds``; putMany times only its own transaction."""
    calls, spent = 0, 0.0
    deadline = time.perf_counter() + seconds
    while calls == 0 or time.perf_counter() < deadline:
        start = time.perf_counter()
        result = operation()
        elapsed = time.perf_counter() - start
        spent += result if operation.__name__ == "putMany" else elapsed
        calls += 1
    return spent / calls * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmups", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    rng = random.Random(42)
    results = []
    with tempfile.TemporaryDirectory(prefix="vaults4j-bench-") as folder:
        for kind, rows in ROWS.items():
            path = os.path.join(folder, kind.lower() + ".db")
            keys = [key(i) for i in range(rows)]
            values = [fuse_record(i) if kind == "FUSE" else rng.randbytes(LARGE_BYTES) for i in range(rows)]
            ops = Operations(path, keys, values)
            ops.db.execute("CREATE TABLE dict (key BLOB PRIMARY KEY, value BLOB)")
            ops.putMany()
            for name in ("getHit", "getMiss", "containsKey", "put", "putMany", "iterate", "size"):
                operation = getattr(ops, name)
                for _ in range(args.warmups):
                    timed(operation, args.seconds)
                rounds = [timed(operation, args.seconds) for _ in range(args.rounds)]
                results.append({"benchmark": name, "value": kind, "mode": "DEFAULT",
                                "median_us": statistics.median(rounds)})
            ops.db.close()
    with open(args.out, "w") as out:
        json.dump({"runtime": "cpython", "results": results}, out, indent=1)


if __name__ == "__main__":
    main()
