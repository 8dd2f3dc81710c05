#!/usr/bin/env bash
# vaults 2.0.0 on CPython (the compat-fixtures model, logging silenced) against the vaults4j drop-in on
# GraalPy (bin/vaults python), the same workload in one run; prints a Markdown table with the ratio
# CPython time / drop-in time (above 1: the drop-in is faster) and the targets of the GraalPy front end.
#
#   python/src/test/resources/bench/compare.sh [ROUNDS]      # default 5 rounds per operation
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../../.." && pwd)
rounds=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 "$here/compare_workload.py" cpython "$work/cpython" "$work/cpython.json" "$rounds"
"$repo/bin/vaults" python "$here/compare_workload.py" graalpy "$work/graalpy" "$work/graalpy.json" "$rounds"

/usr/bin/python3 - "$work/cpython.json" "$work/graalpy.json" <<'PY'
import json, sys
cpython = json.load(open(sys.argv[1]))['us']
graalpy = json.load(open(sys.argv[2]))['us']
targets = {'get hit': 0.6, 'get miss': 0.8, 'in': 0.8, 'items() per item': 0.5, 'put_many per row': 50, 'put': 5}
print('| operation | CPython module (µs) | GraalPy drop-in (µs) | ratio (CPython ÷ drop-in) | target |')
print('|---|---:|---:|---:|---:|')
for op, target in targets.items():
    ratio = cpython[op] / graalpy[op]
    print(f'| {op} | {cpython[op]:.1f} | {graalpy[op]:.1f} | {ratio:.2f} | ≥ {target:g} {"✓" if ratio >= target else "✗"} |')
PY
