"""One workload, timed the same way on two interpreters: vaults 2.0.0's API on CPython (the model of the
module in compat-fixtures/reference_vaults.py, logging silenced) and the vaults4j drop-in on GraalPy.

    /usr/bin/python3 compare_workload.py cpython ROOT OUT.json [ROUNDS [thread]]
    bin/vaults python compare_workload.py graalpy ROOT OUT.json [ROUNDS [thread]]

2,000 keys whose values are shaped like Fuse's repository records (a dict of six fields with a list
inside). Each operation is timed in rounds of a fixed count with time.perf_counter; the median round
gives microseconds per operation (per item for items(), per row for put_many). The first round is a
warm-up and is dropped. Prints nothing but writes {"runtime": ..., "us": {operation: median}}.

With ``thread`` the rounds are timed in the thread's CPU time (time.thread_time) and the fastest round is
kept: less disturbed by other programs on a busy machine than wall time, but blind to time spent waiting
(the disk, other threads), so only for comparing two builds of the drop-in with each other.
"""

import json
import os
import statistics
import sys
import time

KEYS = 2000
PUTS = 100  # a durable autocommit write costs about a millisecond on CPython: fewer of them


def record(i):
    return {
        'name': 'repo-%d' % i,
        'path': '/home/fuse/.fuse/repos/repo-%d' % i,
        'url': 'https://git.example.org/fuse/repo-%d.git' % i,
        'updated': 1.7e9 + i * 0.25,
        'enabled': i % 2 == 0,
        'tags': ['python', 'cli', 'tag-%d' % (i % 17)],
    }


def load_module(runtime):
    if runtime == 'cpython':
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, os.path.join(here, '..', '..', '..', '..', '..', 'compat-fixtures'))
        import reference_vaults as module
    else:
        import vaults as module
    import logging
    logging.disable(logging.CRITICAL)  # the module as Fuse should run it: its DEBUG logging silenced
    return module


CLOCK = time.perf_counter
SUMMARY = statistics.median


def timed(rounds, count, operation):
    """Median microseconds per call of operation(i) over rounds of count calls, the first round dropped."""
    samples = []
    for _ in range(rounds + 1):
        start = CLOCK()
        for i in range(count):
            operation(i)
        samples.append((CLOCK() - start) * 1e6 / count)
    return SUMMARY(samples[1:])


def main(runtime, root, out, rounds):
    module = load_module(runtime)
    module.set_root_path(root)
    vault = module.Vault('compare')
    vault.clear()
    keys = ['repo/%d' % i for i in range(KEYS)]
    absent = ['absent/%d' % i for i in range(KEYS)]
    batch = {k: record(i) for i, k in enumerate(keys)}
    us = {}

    def put_many(_):
        vault.put_many(batch)
    us['put_many per row'] = timed(max(1, rounds // 2), 1, put_many) / KEYS
    us['get hit'] = timed(rounds, KEYS, lambda i: vault.get(keys[i]))
    us['get miss'] = timed(rounds, KEYS, lambda i: vault.get(absent[i]))
    us['in'] = timed(rounds, KEYS, lambda i: keys[i] in vault)

    def items(_):
        for _pair in vault.items():
            pass
    us['items() per item'] = timed(rounds, 1, items) / KEYS
    us['put'] = timed(rounds, PUTS, lambda i: vault.put(keys[i], batch[keys[i]]))
    vault.close() if hasattr(vault, 'close') else None
    with open(out, 'w') as f:
        json.dump({'runtime': runtime, 'us': us}, f)


if __name__ == '__main__':
    args = sys.argv[1:]
    if args[4:5] == ['thread']:
        CLOCK, SUMMARY = time.thread_time, min
    main(args[0], args[1], args[2], int(args[3]) if len(args) > 3 else 5)
