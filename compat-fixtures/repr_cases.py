#!/usr/bin/python3
"""Prints generated values with CPython's repr of each, for differential tests of the Java repr.

Usage: repr_cases.py SEED COUNT

One JSON document per line: {"pickle": base64 of pickle.dumps(value, 4), "repr": repr(value)}. The values
cover the plain types of the mapping: floats from random bit patterns and from the values whose layout
changes (powers of ten around 1e-5 and 1e16), str with code points of every category (only those assigned in
this interpreter's Unicode database, since later Unicode versions assign more), bytes, datetime, date, time,
timedelta, Decimal, complex, set, frozenset, tuples of every length, and containers of them.
"""

import base64
import datetime
import decimal
import json
import pickle
import random
import struct
import sys
import unicodedata
import zoneinfo

UTC = datetime.timezone.utc


def a_float(rng):
    choice = rng.random()
    if choice < 0.4:
        return struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
    if choice < 0.7:
        return float(f"{rng.randint(1, 99999)}e{rng.randint(-25, 25)}") * rng.choice([1, -1])
    if choice < 0.9:
        return rng.choice([0.0, -0.0, 1e16, 1e15, 1e-5, 1e-4, 0.0001, 123.0, 1714560000.05, 5e-324,
                           1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), 0.1, 2.5])
    return rng.randint(-10**6, 10**6) / rng.choice([1, 10, 100, 1000, 3])


def a_char(rng):
    while True:
        cp = rng.choice([rng.randint(0, 0x7f), rng.randint(0x80, 0x2fff), rng.randint(0, 0x10ffff),
                         rng.randint(0xd800, 0xdfff), rng.randint(0xe000, 0xf8ff)])
        if unicodedata.category(chr(cp)) != "Cn":
            return chr(cp)


def a_str(rng):
    while True:
        s = "".join(a_char(rng) for _ in range(rng.randint(0, 8))) + rng.choice(["", "'", '"', "'\"", "\\"])
        # A lone high surrogate followed by a lone low one is two code points in Python but one in a Java
        # String (a pair): such a str has no Java form, so it is left out here.
        if not any("\ud800" <= a <= "\udbff" and "\udc00" <= b <= "\udfff" for a, b in zip(s, s[1:])):
            return s


def a_datetime(rng):
    t = datetime.datetime(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                          rng.randint(0, 59), rng.choice([0, 0, rng.randint(0, 59)]),
                          rng.choice([0, 0, rng.randint(0, 999999)]))
    tz = rng.choice([None, UTC, datetime.timezone(datetime.timedelta(minutes=rng.randint(-1439, 1439))),
                     zoneinfo.ZoneInfo("Europe/Paris")])
    if tz is not None and t.year in (1, 9999):
        tz = None  # offsets could leave the supported range
    return t.replace(tzinfo=tz)


def a_time(rng):
    tz = rng.choice([None, UTC, datetime.timezone(datetime.timedelta(hours=rng.randint(-23, 23)))])
    return datetime.time(rng.randint(0, 23), rng.randint(0, 59), rng.choice([0, rng.randint(0, 59)]),
                         rng.choice([0, rng.randint(0, 999999)]), tzinfo=tz)


def a_scalar(rng):
    kind = rng.randint(0, 11)
    if kind == 0:
        return a_float(rng)
    if kind == 1:
        return a_str(rng)
    if kind == 2:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 6))) + rng.choice([b"", b"'", b"'\""])
    if kind == 3:
        return a_datetime(rng)
    if kind == 4:
        return datetime.date(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28))
    if kind == 5:
        return a_time(rng)
    if kind == 6:
        return datetime.timedelta(days=rng.randint(-999, 999), seconds=rng.randint(-99999, 99999),
                                  microseconds=rng.choice([0, rng.randint(-10**6, 10**6)]))
    if kind == 7:
        return decimal.Decimal(rng.choice(["1.10", "-0", "1E+3", "0.000001", "1e-7", "123456789012345678901234567890",
                                           f"{rng.randint(-10**9, 10**9)}E{rng.randint(-12, 12)}"]))
    if kind == 8:
        return complex(rng.choice([0.0, -0.0, a_float(rng)]), a_float(rng))
    if kind == 9:
        return rng.randint(-2**70, 2**70)
    if kind == 10:
        return rng.choice([None, True, False])
    return a_float(rng)


def a_value(rng, depth=0):
    if depth > 2 or rng.random() < 0.5:
        return a_scalar(rng)
    items = [a_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    hashable = [i for i in items if _hashable(i) and (not isinstance(i, float) or i == i)]
    kind = rng.randint(0, 4)
    if kind == 0:
        return items
    if kind == 1:
        return tuple(items)
    if kind == 2:
        return {repr(i): i for i in items}
    if kind == 3:
        return set(hashable)
    return frozenset(hashable)


def _hashable(value):
    try:
        hash(value)
        return True
    except TypeError:
        return False


def main(seed, count):
    rng = random.Random(seed)
    for _ in range(count):
        value = a_value(rng)
        print(json.dumps({"pickle": base64.b64encode(pickle.dumps(value, 4)).decode("ascii"),
                          "repr": repr(value)}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
