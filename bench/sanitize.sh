#!/usr/bin/env bash
# Benchmarks the sanitiser that every log line passes: cleans a million lines of a
# migration-log-like mix a few times and prints lines per second.
#
#   bench/sanitize.sh              # 1,000,000 lines a pass
#   bench/sanitize.sh 5000000      # more lines
#
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-o to stay offline).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_args=(-q -B ${MVN_ARGS:-})

mvn "${mvn_args[@]}" -pl realdb-engine -am test-compile
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
mvn "${mvn_args[@]}" -pl realdb-engine dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test

java -cp "realdb-engine/target/test-classes:realdb-engine/target/classes:$(cat "$classpath_file")" \
    io.realdb.engine.log.SanitizeBenchmark "$@"
