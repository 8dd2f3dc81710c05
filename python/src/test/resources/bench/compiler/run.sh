#!/usr/bin/env bash
# GraalPy 25.2.4 interpreted (what vaults4j ships), 25.0.2 interpreted and 25.0.2 with the Graal compiler
# (runtime compilation), one after the other, each for SECONDS (default 40) in 10-second windows:
#   python/src/test/resources/bench/compiler/run.sh [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-40}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$(cd "$here/../../../../../.." && pwd)
. "$repo/bin/find-jdk"
for v in 25.2.4 25.0.2; do
    mvn -q -B -ntp -f "$here/pom-$v.xml" dependency:copy-dependencies -DoutputDirectory="$work/lib-$v"
done
"$JAVA_HOME/bin/javac" -cp "$work/lib-25.2.4/*" -d "$work/classes" "$here/CompilerBench.java"
without_compiler=$(ls "$work"/lib-25.0.2/*.jar | grep -v '/compiler-25' | paste -sd:)
flags=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --add-modules ALL-MODULE-PATH -cp "$work/classes")
echo "== A: 25.2.4 interpreted"; uptime
"$JAVA_HOME/bin/java" --module-path "$work/lib-25.2.4" "${flags[@]}" CompilerBench "$seconds"
echo "== B: 25.0.2 interpreted"; uptime
"$JAVA_HOME/bin/java" --module-path "$without_compiler" "${flags[@]}" CompilerBench "$seconds"
echo "== C: 25.0.2 with the compiler"; uptime
"$JAVA_HOME/bin/java" --module-path "$without_compiler" --upgrade-module-path="$work/lib-25.0.2/compiler-25.0.2.jar" \
    "${flags[@]}" CompilerBench "$seconds"
