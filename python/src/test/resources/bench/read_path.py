"""Where a read's time goes in the GraalPy drop-in: the parts of get, `in` and items(), each timed alone in
the thread's CPU time (time.thread_time), fastest of 9 rounds, on the workload of compare_workload.py.

    bin/vaults python python/src/test/resources/bench/read_path.py ROOT

Reaches into the package's private attributes (the bound host methods, the bridge's row pages): a tool for
deciding what to make faster, not an API. Prints one line per part, in microseconds per call or per item.
"""

import _codecs
import marshal
import sys
import time

import vaults

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from compare_workload import KEYS, record  # noqa: E402  (the same records as the comparison)

ROUNDS = 9


def per_call(operation, keys):
    best = float('inf')
    for _ in range(ROUNDS):
        start = time.thread_time()
        for k in keys:
            operation(k)
        best = min(best, (time.thread_time() - start) * 1e6 / len(keys))
    return best


def per_item(operation, items):
    best = float('inf')
    for _ in range(ROUNDS):
        start = time.thread_time()
        operation()
        best = min(best, (time.thread_time() - start) * 1e6 / items)
    return best


def main(root):
    vaults.set_root_path(root)
    vault = vaults.Vault('read_path')
    vault.clear()
    keys = ['repo/%d' % i for i in range(KEYS)]
    absent = ['absent/%d' % i for i in range(KEYS)]
    vault.put_many({k: record(i) for i, k in enumerate(keys)})
    latin1, loads = _codecs.latin_1_encode, marshal.loads
    bound_get, bound_contains = vault._get, vault._contains
    crossed = bound_get(keys[7])  # a record's marshal, as a Latin-1 str
    one = latin1(crossed)[0]
    bridge, handle = vault._bridge, vault._vault

    def pages(kind):
        rows = bridge.rows(handle, kind)
        out = []
        page = rows.next()
        while page is not None:
            out.append(page)
            page = rows.next()
        return out
    item_pages = pages('items')
    item_bytes = [latin1(p)[0] for p in item_pages]

    def iterate():
        for _pair in vault.items():
            pass
    parts = [
        ('get hit: vault.get', per_call(vault.get, keys)),
        ('get hit: the host call alone (Java included)', per_call(bound_get, keys)),
        ('get hit: Latin-1 str to bytes', per_call(lambda k: latin1(crossed), keys)),
        ('get hit: marshal.loads of one record', per_call(lambda k: loads(one), keys)),
        ('get miss: vault.get', per_call(vault.get, absent)),
        ('get miss: the host call alone', per_call(bound_get, absent)),
        ('in: key in vault', per_call(lambda k: k in vault, keys)),
        ('in: the host call alone', per_call(bound_contains, keys)),
        ('items() per item: for pair in vault.items()', per_item(iterate, KEYS)),
        ('items() per item: the pages from Java', per_item(lambda: pages('items'), KEYS)),
        ('items() per item: keys() pages from Java', per_item(lambda: pages('keys'), KEYS)),
        ('items() per item: Latin-1 strs to bytes', per_item(lambda: [latin1(p) for p in item_pages], KEYS)),
        ('items() per item: marshal.loads of the pages', per_item(lambda: [loads(b) for b in item_bytes], KEYS)),
    ]
    vault.delete_vault()
    for name, us in parts:
        print(f'{name:48} {us:7.2f} µs')


if __name__ == '__main__':
    main(sys.argv[1])
