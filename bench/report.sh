#!/usr/bin/env bash
# Benchmarks the report: builds a history of 1,000 runs of 100 steps in an H2 file, then times
# writing report.html, junit.xml and the review message for a new run against it (in one JVM, and
# as the command line does it from a cold start), and opens the page in headless Chromium, when
# installed, to print how fast it draws, turns pages and opens a step's history.
#
#   bench/report.sh                 # 1,000 runs x 100 steps
#   bench/report.sh 5000 100        # more runs
#
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-o to stay offline).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_args=(-q -B -Dstyle.color=never ${MVN_ARGS:-})
runs="${1:-1000}"
steps="${2:-100}"

mvn "${mvn_args[@]}" -DskipTests -Dmaven.test.skip=true -pl realdb-cli -am package
classpath_file="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$classpath_file" "$work"' EXIT
# One reactor invocation: realdb's modules are not installed in ~/.m2, and Maven resolves
# realdb-engine from the reactor only when a phase that builds it runs in the same invocation.
# Each module writes the file in turn; realdb-report comes last. realdb's own classes are put on
# the path from target/ below, so its artifacts are left out of the list.
mvn "${mvn_args[@]}" -pl realdb-report -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test -DexcludeGroupIds=io.realdb
libraries="$(cat "$classpath_file")"

java -cp "realdb-report/target/test-classes:realdb-report/target/classes:realdb-engine/target/classes:$libraries" \
    io.realdb.report.ReportBenchmark "$runs" "$steps" "$work"

# The command line, from JVM start to exit, as a CI step runs it after a run.
for trend_runs in 200 "$((runs + 1))"; do
  start=$(date +%s%N)
  REALDB_HOME="$work/home" java -jar realdb-cli/target/realdb-cli.jar report "$work/result.json" --out "$work/cli" \
      --trend-runs "$trend_runs" >/dev/null || true
  end=$(date +%s%N)
  awk -v ns="$((end - start))" -v n="$trend_runs" \
      'BEGIN { printf "realdb report (command line, JVM start to exit, trends over the last %d runs): %.2f s\n", n, ns / 1e9 }'
done
