#!/usr/bin/env bash
# Benchmarks the log analysis: writes a log of at least five million lines in realdb's format,
# analyses it with a 64 MB heap and prints lines per second and the peak heap. A small heap that
# suffices shows that memory does not grow with the log's lines.
#
#   bench/analyze.sh                 # 5,000,000 lines
#   bench/analyze.sh 20000000        # more lines
#   bench/analyze.sh --log FILE      # a log you have
#
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-o to stay offline); HEAP overrides -Xmx64m.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_args=(-q -B ${MVN_ARGS:-})

mvn "${mvn_args[@]}" -pl realdb-engine -am test-compile
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
mvn "${mvn_args[@]}" -pl realdb-engine dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test

java "-Xmx${HEAP:-64m}" \
    -cp "realdb-engine/target/test-classes:realdb-engine/target/classes:$(cat "$classpath_file")" \
    io.realdb.engine.analysis.AnalyzeBenchmark "$@"
