#!/usr/bin/env bash
# Benchmarks a run's checkout of a project of 4,000 files: a clone into the run's folder as runs
# did before mirrors, then through a mirror in a fresh realdb home (cold: the mirror is made) and
# again with the mirror there (warm), from a local folder and over HTTP on loopback. Prints the
# seconds each took and how they split into fetching, copying objects and checking out.
#
#   bench/checkout.sh              # 4,000 files
#   bench/checkout.sh 20000        # more files
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
    io.realdb.engine.project.CheckoutBenchmark "$@"
