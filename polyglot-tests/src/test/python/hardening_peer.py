"""CPython's side of the GraalPy hardening tests: writes, as vaults 2.0.0 would store them (or as an attacker
would hand-assemble them), the rows GraalPy must read safely, and reads back what GraalPy wrote.

    python3 hardening_peer.py write ROOT MARKER   writes ROOT/vaults/hardening.db and ROOT/pkgs/myapp/models.py;
                                                  the attack rows would create the folder MARKER
    python3 hardening_peer.py read FILE KEY       prints repr() of the value stored under KEY
"""

import datetime
import os
import pickle
import sqlite3
import struct
import sys
import zoneinfo

import msgpack

MODELS = '''import enum
import os


class Service:
    def __init__(self, name):
        self.name = name


class Color(enum.Enum):
    RED = 1
    GREEN = 2
'''


def text(s):
    data = s.encode('utf-8')
    if len(data) < 256:
        return pickle.SHORT_BINUNICODE + bytes([len(data)]) + data
    return pickle.BINUNICODE + struct.pack('<I', len(data)) + data


def global_(module, name):
    return text(module) + text(name) + pickle.STACK_GLOBAL


def call(function, *args):
    return function + pickle.MARK + b''.join(args) + pickle.TUPLE + pickle.REDUCE


def pickle4(body):
    return pickle.PROTO + b'\x04' + body + pickle.STOP


def attack_rows(marker):
    # STACK_GLOBAL('myapp.models', 'os.mkdir')(marker): the prefix entry 'myapp.models.*' matches the module.
    dotted = pickle4(call(global_('myapp.models', 'os.mkdir'), text(marker)))
    # getattr(getattr(getattr(getattr(Service, '__init__'), '__globals__'), 'get')('os'), 'mkdir')(marker)
    getattr_ = global_('builtins', 'getattr')
    service = global_('myapp.models', 'Service')
    init = call(getattr_, service, text('__init__'))
    globals_ = call(getattr_, init, text('__globals__'))
    os_module = call(call(getattr_, globals_, text('get')), text('os'))
    chain = pickle4(call(call(getattr_, os_module, text('mkdir')), text(marker)))
    return {'dotted': dotted, 'getattr_chain': chain}


def encode(obj):
    try:
        return b'M' + msgpack.packb(obj, use_bin_type=True)
    except (TypeError, ValueError):
        return b'P' + pickle.dumps(obj)


def write(root, marker):
    pkgs = os.path.join(root, 'pkgs', 'myapp')
    os.makedirs(pkgs, exist_ok=True)
    open(os.path.join(pkgs, '__init__.py'), 'w').close()
    with open(os.path.join(pkgs, 'models.py'), 'w') as f:
        f.write(MODELS)
    sys.path.insert(0, os.path.dirname(pkgs))
    from myapp.models import Color, Service

    shared = ['a']
    for _ in range(40):
        shared = [shared, shared]
    cyclic_list = []
    cyclic_list.append(cyclic_list)
    cyclic_dict = {}
    cyclic_dict['self'] = cyclic_dict
    rows = {
        # msgpack would expand the shared graph forever (the module tries it first): stored as pickle.
        encode('shared'): b'P' + pickle.dumps(shared),
        encode('cyclic_list'): encode(cyclic_list),
        encode('cyclic_dict'): encode(cyclic_dict),
        encode('paris'): encode(datetime.datetime(2025, 6, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo('Europe/Paris'))),
        encode('color'): encode(Color.GREEN),
        encode('service'): encode(Service('db')),
        encode('tuple_keys'): encode({(1, 2): 'x'}),
    }
    for key, pickled in attack_rows(marker).items():
        rows[encode(key)] = b'P' + pickled
    os.makedirs(os.path.join(root, 'vaults'), exist_ok=True)
    con = sqlite3.connect(os.path.join(root, 'vaults', 'hardening.db'))
    con.execute('CREATE TABLE IF NOT EXISTS dict (key BLOB PRIMARY KEY, value BLOB)')
    con.executemany('REPLACE INTO dict (key, value) VALUES (?, ?)', rows.items())
    con.commit()
    con.close()


def read(path, key):
    con = sqlite3.connect(path)
    (cell,) = con.execute('SELECT value FROM dict WHERE key = ?', (encode(key),)).fetchone()
    con.close()
    value = msgpack.unpackb(cell[1:], raw=False) if cell[:1] == b'M' else pickle.loads(cell[1:])
    print(repr(value))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2], sys.argv[3])
    else:
        read(sys.argv[2], sys.argv[3])
