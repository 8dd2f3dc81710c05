"""A GraalPy writer for PostgresCounterWithGraalPyTest, run by GraalPyScriptMain in its own JVM.

usage: counter_peer.py ROOT_URL VAULT COUNTER COUNT

Opens VAULT of the PostgreSQL root ROOT_URL with the unchanged ``vaults`` API and adds one to the int under COUNTER
COUNT times, printing {"inc": COUNTER} after each increment committed, as the Java workers
(io.github.vaults4j.reliability.VaultWorkerMain) do. With VAULTS_PEER_START_GATE=PATH it first prints
{"ready": true} and waits until PATH exists, as compat-fixtures/peer.py does.

The ``vaults`` API has no atomic read-modify-write (``v[k] = v.get(k, 0) + 1`` loses updates between processes),
so each increment runs in the transaction of the Java Vault behind the Python one, with a Python function as
the work: the read and the write hold the vault's lock together.
"""

import json
import os
import sys
import time

import vaults

START_GATE_ENV = "VAULTS_PEER_START_GATE"
START_GATE_WAIT_SECONDS = 300
START_GATE_POLL_SECONDS = 0.002


def _emit(document):
    print(json.dumps(document), flush=True)


def _await_start_gate():
    gate = os.environ.get(START_GATE_ENV)
    if not gate:
        return
    _emit({"ready": True})
    deadline = time.monotonic() + START_GATE_WAIT_SECONDS
    while not os.path.exists(gate):
        if time.monotonic() > deadline:
            sys.exit(f"counter_peer.py: start gate {gate} did not open in {START_GATE_WAIT_SECONDS} s")
        time.sleep(START_GATE_POLL_SECONDS)


def main(url, name, counter, count):
    vaults.set_root_path(url)
    with vaults.Vault(name) as v:
        java_vault = v._vault  # the io.github.vaults4j.Vault the drop-in delegates to

        def increment(tx):
            current = tx.get(counter)
            tx.put(counter, (0 if current is None else current) + 1)

        _await_start_gate()
        for _ in range(count):
            java_vault.transaction(increment)
            _emit({"inc": counter})


main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
