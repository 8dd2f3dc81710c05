"""The CPython side of the codec tests: one JSON request per line on stdin, one JSON reply per line.

Requests:
  {"op": "encode", "value": TYPED}   -> {"pickle2".."pickle5": hex, "msgpack": hex or null, "msgpack_error": name}
  {"op": "fixture", "name": NAME}    -> the same encodings of a sample object from fixture_classes
  {"op": "repickle", "pickle": hex}  -> {"pickle": hex}: pickle.loads, then dumps at the same protocol
Values use the typed-JSON notation of the compatibility corpus.
"""
import base64
import datetime
import decimal
import json
import os
import pickle
import sys
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_classes  # noqa: E402
try:
    import msgpack  # noqa: E402
except ImportError as missing:  # the peers model the module with msgpack: without it they would test nothing
    sys.exit(f"{os.path.basename(__file__)}: {sys.executable} cannot import msgpack ({missing}): "
             "install Debian's python3-msgpack (apt-get install python3-msgpack)")


def build(t):
    if t is None or isinstance(t, (bool, str)):
        return t
    (tag, v), = [(k, t[k]) for k in t if k != 'zone']
    if tag == 'int':
        return int(v)
    if tag == 'float':
        return float(v) if v in ('nan', 'inf', '-inf') else float.fromhex(v)
    if tag == 'bytes':
        return base64.b64decode(v)
    if tag == 'list':
        return [build(x) for x in v]
    if tag == 'tuple':
        return tuple(build(x) for x in v)
    if tag == 'dict':
        return {build(k): build(x) for k, x in v}
    if tag == 'set':
        return {build(x) for x in v}
    if tag == 'frozenset':
        return frozenset(build(x) for x in v)
    if tag == 'datetime':
        dt = datetime.datetime.fromisoformat(v)
        if 'zone' in t:
            z = dt.replace(tzinfo=None).replace(tzinfo=zoneinfo.ZoneInfo(t['zone']))
            if z.utcoffset() != dt.utcoffset():
                z = z.replace(fold=1)
            return z
        return dt
    if tag == 'date':
        return datetime.date.fromisoformat(v)
    if tag == 'time':
        return datetime.time.fromisoformat(v)
    if tag == 'timedelta':
        return datetime.timedelta(days=v[0], seconds=v[1], microseconds=v[2])
    if tag == 'decimal':
        return decimal.Decimal(v)
    if tag == 'complex':
        return complex(float.fromhex(v[0]), float.fromhex(v[1]))
    raise ValueError('unknown tag ' + tag)


def typed(v):
    """The typed-JSON of a value, in Python's iteration order (sets are not in insertion order)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, float):
        return {'float': v.hex() if v == v and abs(v) != float('inf') else repr(v)}
    if isinstance(v, bytes):
        return {'bytes': base64.b64encode(v).decode()}
    if isinstance(v, list):
        return {'list': [typed(x) for x in v]}
    if isinstance(v, tuple):
        return {'tuple': [typed(x) for x in v]}
    if isinstance(v, dict):
        return {'dict': [[typed(k), typed(x)] for k, x in v.items()]}
    if isinstance(v, frozenset):
        return {'frozenset': [typed(x) for x in v]}
    if isinstance(v, set):
        return {'set': [typed(x) for x in v]}
    if isinstance(v, datetime.datetime):
        out = {'datetime': v.isoformat()}
        if isinstance(v.tzinfo, zoneinfo.ZoneInfo):
            out['zone'] = v.tzinfo.key
        return out
    if isinstance(v, datetime.date):
        return {'date': v.isoformat()}
    if isinstance(v, datetime.time):
        return {'time': v.isoformat()}
    if isinstance(v, datetime.timedelta):
        return {'timedelta': [v.days, v.seconds, v.microseconds]}
    if isinstance(v, decimal.Decimal):
        return {'decimal': str(v)}
    if isinstance(v, complex):
        return {'complex': [v.real.hex(), v.imag.hex()]}
    raise ValueError('no typed JSON for %r' % type(v))


def encodings(value):
    out = {'pickle%d' % p: pickle.dumps(value, protocol=p).hex() for p in (2, 3, 4, 5)}
    try:
        out['msgpack'] = msgpack.packb(value, use_bin_type=True).hex()
    except (TypeError, ValueError, OverflowError) as e:
        out['msgpack'] = None
        out['msgpack_error'] = type(e).__name__
    return out


def main():
    sys.setrecursionlimit(20000)  # typed JSON of deeply nested test values nests twice as deep
    samples = fixture_classes.fixtures()
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req['op'] == 'encode':
                value = build(req['value'])
                reply = encodings(value)
                reply['typed'] = typed(value)
            elif req['op'] == 'fixture':
                reply = encodings(samples[req['name']])
            elif req['op'] == 'repickle':
                data = bytes.fromhex(req['pickle'])
                reply = {'pickle': pickle.dumps(pickle.loads(data), protocol=data[1]).hex()}
            else:
                reply = {'error': 'unknown op'}
        except Exception as e:  # reported to the Java side, which fails the test
            reply = {'error': '%s: %s' % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
