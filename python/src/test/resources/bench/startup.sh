#!/usr/bin/env bash
# Start-up of the Java-only CLI (`vaults ls ROOT`) against the GraalPy drop-in (`vaults python -c "import vaults"`):
# cold (no start-up archive), warm (the archive for these jars in place) and the first run after a rebuild (no
# archive for the new jars yet: the run goes as cold, the archive follows in the background). Prints a Markdown
# table of CPU time (user + system) with the wall time in brackets, the median of RUNS runs.
#
#   python/src/test/resources/bench/startup.sh [RUNS]      # default 3 runs per cell
#
# Archives go to a scratch folder (VAULTS4J_CACHE), so the user's own are neither used nor replaced. A rebuild
# changes the jars' sizes or modification times, which name the archive; an empty archive folder is the state a
# rebuild leaves, without touching the build's files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../../.." && pwd)
runs=${1:-3}
root="$repo/compat-fixtures/vaults"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VAULTS4J_CACHE="$work/cache"

"$repo/bin/vaults" --version >/dev/null   # builds the jars first when the sources changed

wait_for_archives() {  # the background job holds its lock until the archive is written
  local lock
  for lock in "$VAULTS4J_CACHE"/*.lock; do
    [ -e "$lock" ] && flock "$lock" true
  done
}

# One timed run: appends "cpu wall" (seconds) to the file named by $1.
timed() {
  local out=$1; shift
  /usr/bin/time -o "$work/time" -f '%U %S %e' "$@" >/dev/null 2>"$work/stderr" || {
    echo "startup: failed: $*" >&2; cat "$work/stderr" >&2; exit 1; }
  awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' "$work/time" >>"$out"
}

median() {  # "cpu s (wall s)": each column's median over the runs in $1
  local column
  for column in 1 2; do
    sort -n -k"$column,$column" "$1" | awk -v c="$column" '{ v[NR] = $c } END { printf "%s ", v[int((NR + 1) / 2)] }'
  done | awk '{ printf "%s s (%s s)", $1, $2 }'
}

declare -A cell
for name in ls python; do
  if [ "$name" = ls ]; then args=(ls "$root"); else args=(python -c "import vaults"); fi
  for i in $(seq "$runs"); do
    VAULTS4J_NO_CDS=1 timed "$work/$name-cold" "$repo/bin/vaults" "${args[@]}"
  done
  for i in $(seq "$runs"); do   # each run the first after a rebuild: no archive for these jars
    rm -rf "$VAULTS4J_CACHE"
    timed "$work/$name-rebuilt" "$repo/bin/vaults" "${args[@]}"
    wait_for_archives
  done
  for i in $(seq "$runs"); do
    timed "$work/$name-warm" "$repo/bin/vaults" "${args[@]}"
  done
  for state in cold warm rebuilt; do
    cell[$name-$state]=$(median "$work/$name-$state")
  done
done

echo "| command | cold (no archive) | warm (archive in place) | first run after a rebuild |"
echo "| --- | ---: | ---: | ---: |"
echo "| \`vaults ls ROOT\` | ${cell[ls-cold]} | ${cell[ls-warm]} | ${cell[ls-rebuilt]} |"
echo "| \`vaults python -c \"import vaults\"\` | ${cell[python-cold]} | ${cell[python-warm]} | ${cell[python-rebuilt]} |"
ratio() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.1f", a / b }'; }
echo
echo "CPU time ratio, python ÷ ls: cold $(ratio "${cell[python-cold]}" "${cell[ls-cold]}")×," \
     "warm $(ratio "${cell[python-warm]}" "${cell[ls-warm]}")×," \
     "after a rebuild $(ratio "${cell[python-rebuilt]}" "${cell[ls-rebuilt]}")× (target: within 2×)"
