"""Generates Python literals and evaluates them with CPython's ast.literal_eval, the oracle of the CLI's
literal parser. Usage: literal_oracle.py SEED COUNT. Prints one JSON object per line:
  {"src": text, "ok": bool, "msgpack": hex or null, "pickle": hex or null, "pair": bool}
"msgpack" is the vaults 2.x cell (M + msgpack, P + pickle when msgpack refuses the value; null when msgpack
overflows on an int, which the module does not catch); "pickle" is the P + protocol 4 cell. A set is written
as the tuple ("<set>", items sorted by their own pickle cell), since CPython orders a set by hash.
"pair" marks a str that holds a high surrogate directly followed by a low one (two code points in Python).
"""
import ast
import json
import pickle
import random
import sys
import warnings

import msgpack

warnings.simplefilter("ignore")
sys.setrecursionlimit(10000)

NAMES = ["LATIN SMALL LETTER A", "latin capital letter e with acute", "SNOWMAN", "GRINNING FACE",
         "CJK UNIFIED IDEOGRAPH-4E00", "HANGUL SYLLABLE GA", "NO-BREAK SPACE", "EURO SIGN", "NULL",
         "BEL", "NOT A NAME", "HANGUL SYLLABLE GGWAELH", "TANGUT IDEOGRAPH-17000", "CJK UNIFIED IDEOGRAPH-9FFF", "CJK UNIFIED IDEOGRAPH-A000", "SPACE", " SPACE", "DIGIT ONE", "ZERO WIDTH SPACE"]
STR_ESCAPES = ["\\n", "\\t", "\\\\", "\\'", '\\"', "\\a", "\\b", "\\f", "\\v", "\\r", "\\0", "\\12", "\\101",
               "\\777", "\\400", "\\1234", "\\x41", "\\xe9", "\\xff", "\\x4", "\\u00e9", "\\u20ac", "\\ud800",
               "\\udfff", "\\udc00", "\\ud800\\udc00", "\\U0001F600", "\\U00110000", "\\U0000d800", "\\u12", "\\d", "\\q", "\\ ",
               "\\\n", "\\8", "\\N{%s}"]
PLAIN = ["a", "b", "Z", " ", "0", "é", "ÿ", "€", "中", "😀", "\U00010000", "#", ",", "(", "]", "_", "~"]
RAW_PIECES = ["\\d", "\\n", "\\'", '\\"', "\\\\", "\\x", "\\u00e9", "\\N{X}"]


def maybe_case(r, s):
    return "".join(c.upper() if r.random() < 0.5 else c for c in s)


def gen_int(r):
    kind = r.randrange(7)
    if kind == 0:
        return str(r.randrange(0, 1000))
    if kind == 1:
        digits = str(r.randrange(1, 10)) + "".join(str(r.randrange(10)) for _ in range(r.randrange(0, 60)))
        return underscore(r, digits)
    if kind == 2:
        n = r.randrange(0, 1 << r.choice([8, 63, 64, 65, 200]))
        return maybe_case(r, "0x") + underscore(r, maybe_case(r, format(n, "x")), prefix=True)
    if kind == 3:
        return maybe_case(r, "0o") + underscore(r, format(r.randrange(0, 1 << 70), "o"), prefix=True)
    if kind == 4:
        return maybe_case(r, "0b") + underscore(r, format(r.randrange(0, 1 << 70), "b"), prefix=True)
    if kind == 5:
        return r.choice(["0", "00", "0_0", "000", "0_00", "9223372036854775807", "9223372036854775808",
                         "18446744073709551615", "18446744073709551616"])
    return str(r.choice([2 ** 63, 2 ** 64, 2 ** 64 - 1, 2 ** 63 - 1, 10 ** 30]))


def underscore(r, digits, prefix=False):
    out = "_" if prefix and r.random() < 0.2 else ""
    for i, d in enumerate(digits):
        if i and r.random() < 0.15:
            out += "_"
        out += d
    return out


def gen_float(r):
    kind = r.randrange(6)
    whole = underscore(r, str(r.randrange(0, 10 ** r.randrange(1, 20))))
    frac = underscore(r, "".join(str(r.randrange(10)) for _ in range(r.randrange(1, 25))))
    exp = maybe_case(r, "e") + r.choice(["", "+", "-"]) + underscore(r, str(r.randrange(0, 400)))
    if kind == 0:
        return whole + "." + frac
    if kind == 1:
        return "." + frac
    if kind == 2:
        return whole + "."
    if kind == 3:
        return whole + exp
    if kind == 4:
        return whole + "." + frac + exp
    return r.choice(["1e308", "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "5e-324", "2e-324",
                     "1e-400", "0.1", "0.30000000000000004", "9007199254740993.0", "0.0", "07.5", "00.5",
                     "1_0.0_5e1_0", "1.e5"])


def gen_number(r):
    kind = r.randrange(10)
    if kind < 4:
        return gen_int(r)
    if kind < 7:
        return gen_float(r)
    if kind == 7:
        return r.choice([gen_int, gen_float])(r) + r.choice("jJ")
    # real + imaginary, with optional sign and parentheses
    left = r.choice([gen_int, gen_float])(r)
    if r.random() < 0.3:
        left = "-" + left
    if r.random() < 0.2:
        left = "(" + left + ")"
    return left + r.choice(["+", "-", " + ", " - "]) + r.choice([gen_int, gen_float])(r) + "j"


def gen_str(r, as_bytes=False):
    prefix = r.choice(["", "", "r", "R"] + (["b", "B", "br", "Rb", "bR", "rb"] if as_bytes else ["u", "U"]))
    if as_bytes and "b" not in prefix.lower():
        prefix += "b"
    raw = "r" in prefix.lower()
    quote = r.choice(["'", '"', "'''", '"""'])
    body = ""
    for _ in range(r.randrange(0, 8)):
        roll = r.random()
        if raw:
            piece = r.choice(RAW_PIECES) if roll < 0.4 else r.choice(PLAIN)
        elif roll < 0.5:
            piece = r.choice(STR_ESCAPES)
            if "%s" in piece:
                piece = piece % r.choice(NAMES)
        else:
            piece = r.choice(PLAIN)
        if as_bytes and any(ord(c) > 127 for c in piece):
            piece = "\\x%02x" % (ord(piece[0]) & 0xFF)
        if len(quote) == 1 and "\n" in piece and not piece.startswith("\\"):
            continue
        if piece in ("'", '"') or (len(quote) == 1 and piece == "\n"):
            continue
        body += piece
    if quote[0] in body[-1:] and not body.endswith("\\" + quote[0]):
        body += "x"
    if r.random() < 0.03:
        body += "\n"  # a line break inside the literal: fine only in triple quotes
    return prefix + quote + body + quote


def gen_strings(r, as_bytes, inside):
    parts = [gen_str(r, as_bytes) for _ in range(1 if r.random() < 0.8 else r.randrange(2, 4))]
    sep = [" ", "", "  "] + (["\n", " # c\n"] if inside else [])
    return r.choice(sep).join(parts)


def space(r, inside):
    return r.choice(["", "", " ", "  ", "\t"] + (["\n", " # note\n", "\\\n"] if inside else []))


def gen_value(r, depth, inside, hashable=False):
    roll = r.random()
    if depth > 3 or roll < 0.45:
        kind = r.randrange(9)
        if kind < 3:
            return gen_number(r)
        if kind == 3:
            return "-" + gen_number(r) if r.random() < 0.8 else "+" + gen_int(r)
        if kind < 6:
            return gen_strings(r, False, inside)
        if kind == 6:
            return gen_strings(r, True, inside)
        return r.choice(["True", "False", "None"])
    kind = r.randrange(5 if not hashable else 1)
    items = [gen_value(r, depth + 1, True, hashable) for _ in range(r.randrange(0, 4))]
    trailing = "," if items and r.random() < 0.3 else ""
    s = lambda: space(r, True)
    if kind == 0:
        if len(items) == 1 and not trailing:
            trailing = "," if r.random() < 0.7 else ""
        return "(" + s() + ("," + s()).join(items) + trailing + s() + ")"
    if kind == 1:
        return "[" + s() + ("," + s()).join(items) + trailing + s() + "]"
    if kind == 2:
        keys = [gen_key(r, depth) for _ in items]
        return "{" + s() + ("," + s()).join(k + s() + ":" + s() + v for k, v in zip(keys, items)) + trailing + "}"
    if kind == 3:
        if not items:
            return "set()"
        return "{" + ", ".join(gen_key(r, depth) for _ in items) + trailing + "}"
    return gen_deep(r)


def gen_key(r, depth):
    if r.random() < 0.3:
        return r.choice(["1", "1.0", "True", "1+0j", "0", "-0.0", "0j", "False", "'a'", "b'a'", "(1, 'a')",
                         "(True, 'a')", "None", "2", "2.0"])
    return gen_value(r, depth + 1, True, hashable=True)


def gen_deep(r):
    n = r.choice([10, 150, 199, 200, 201, 250])
    opener, closer = r.choice([("[", "]"), ("(", ",)"), ("{'k':", "}")])
    return opener * n + "1" + closer * n


def mutate(r, src):
    if not src:
        return src
    i = r.randrange(len(src))
    op = r.randrange(4)
    if op == 0:
        return src[:i] + src[i + 1:]
    if op == 1:
        return src[:i] + r.choice("'\"\\_.eEjJxX+-()[]{},:#\n 0 9rbuf") + src[i:]
    if op == 2:
        return src[:i] + src[i] + src[i:]
    return src[:i] + r.choice(["\\N{", "\\u", "0x", "1_", "..", "**", "__", "set(", "lambda"]) + src[i:]


def canonical(value):
    if isinstance(value, (set, frozenset)):
        items = [canonical(v) for v in value]
        return ("<set>", tuple(sorted(items, key=lambda v: pickle.dumps(v, protocol=4))))
    if isinstance(value, tuple):
        return tuple(canonical(v) for v in value)
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {canonical(k): canonical(v) for k, v in value.items()}
    return value


def source_has_pair(src):
    """Whether any str literal in the source holds a pair, even one a later equal dict key discards."""
    return any(isinstance(node, ast.Constant) and has_pair(node.value)
               for node in ast.walk(ast.parse(src.lstrip(" \t"), mode="eval")))


def has_pair(value):
    if isinstance(value, str):
        return any(0xD800 <= ord(a) <= 0xDBFF and 0xDC00 <= ord(b) <= 0xDFFF for a, b in zip(value, value[1:]))
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_pair(v) for v in value)
    if isinstance(value, dict):
        return any(has_pair(k) or has_pair(v) for k, v in value.items())
    return False


def cells(value):
    value = canonical(value)
    pickled = b"P" + pickle.dumps(value, protocol=4)
    try:
        packed = b"M" + msgpack.packb(value, use_bin_type=True)
    except OverflowError:
        packed = None
    except (TypeError, ValueError):
        packed = pickled
    return packed, pickled


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    for _ in range(count):
        src = gen_value(r, 0, False)
        if r.random() < 0.05:
            src = src + r.choice([",", ", ", " ,"]) + (gen_value(r, 1, False) if r.random() < 0.7 else "")
        if r.random() < 0.2:
            src = mutate(r, src)
        if r.random() < 0.1:
            src = r.choice([" ", "\t", "\n", "# c\n", ""]) + src + r.choice(["", "\n", " # c", "  "])
        try:
            value = ast.literal_eval(src)
        except BaseException:  # SyntaxError, ValueError, TypeError, MemoryError, RecursionError, OverflowError
            print(json.dumps({"src": src, "ok": False}))
            continue
        packed, pickled = cells(value)
        print(json.dumps({"src": src, "ok": True, "msgpack": packed.hex() if packed else None,
                          "pickle": pickled.hex(), "pair": source_has_pair(src)}))


main()
