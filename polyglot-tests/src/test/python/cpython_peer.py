"""A CPython peer for the mixed-runtime tests: reads and writes vault files the way vaults 2.0.0 does
(sqlite3, msgpack with use_bin_type=True, pickle at the default protocol), with no vaults4j code.

    python3 cpython_peer.py dump FILE    prints {"key": value, ...} as JSON (keys must be str)
    python3 cpython_peer.py write FILE   stores the SAMPLE below
"""

import datetime
import json
import pickle
import sqlite3
import sys

import msgpack

SAMPLE = {
    'commons': {'name': 'commons', 'path': '/opt/fuse/commons', 'version': 3, 'enabled': True,
                'weight': 0.5, 'tags': ['base', 'shared']},
    'raw': b'\x00\x01\xfe',
    'tuple': (1, 2, 3),
    'set': {1, 2},
    'when': datetime.datetime(2025, 1, 2, 3, 4, 5),
    'none': None,
}


def encode(obj):
    try:
        return b'M' + msgpack.packb(obj, use_bin_type=True)
    except (TypeError, ValueError):
        return b'P' + pickle.dumps(obj)


def decode(cell):
    if cell[:1] == b'M':
        return msgpack.unpackb(cell[1:], raw=False)
    if cell[:1] == b'P':
        return pickle.loads(cell[1:])
    raise ValueError('Unknown serialization format marker')


def jsonable(obj):
    if isinstance(obj, bytes):
        return {'bytes': obj.hex()}
    if isinstance(obj, (set, frozenset)):
        return {type(obj).__name__: sorted(obj)}
    if isinstance(obj, tuple):
        return {'tuple': [jsonable(x) for x in obj]}
    if isinstance(obj, list):
        return [jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (datetime.datetime, datetime.date)):
        return {type(obj).__name__: obj.isoformat()}
    return obj


def main(command, path):
    con = sqlite3.connect(path)
    con.execute('CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)')
    if command == 'write':
        for k, v in SAMPLE.items():
            con.execute('REPLACE INTO dict (key, value) VALUES (?, ?)', (encode(k), encode(v)))
        con.commit()
    else:
        rows = {decode(k): {'marker': v[:1].decode(), 'value': jsonable(decode(v))}
                for k, v in con.execute('SELECT key, value FROM dict')}
        print(json.dumps(rows, sort_keys=True))
    con.close()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
