#!/usr/bin/env bash
# Benchmarks the log analysis as users run it: `realdb analyze` as a whole process (JVM start,
# reading, judging, sanitising what it prints) on a log of five million lines in realdb's format,
# with a 256 MB heap. Prints lines per second and peak RSS for each of three runs, then the
# in-JVM figure of the analysis alone, labelled as such.
#
#   bench/analyze.sh                 # 5,000,000 lines
#   bench/analyze.sh 20000000        # more lines
#   bench/analyze.sh --log FILE      # a log you have
#
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-o to stay offline); HEAP overrides -Xmx256m.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_args=(-q -B -Dstyle.color=never ${MVN_ARGS:-})
heap="-Xmx${HEAP:-256m}"

mvn "${mvn_args[@]}" -DskipTests package -pl realdb-cli -am
mvn "${mvn_args[@]}" -pl realdb-engine test-compile
classpath_file="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$classpath_file" "$work"' EXIT
mvn "${mvn_args[@]}" -pl realdb-engine dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
bench_cp="realdb-engine/target/test-classes:realdb-engine/target/classes:$(cat "$classpath_file")"

if [ "${1:-}" = "--log" ]; then
  log="$2"
else
  log="$work/bench.log"
  java -cp "$bench_cp" io.realdb.engine.analysis.AnalyzeBenchmark --write "$log" "${1:-5000000}"
fi
lines=$(wc -l < "$log")

for run in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/time" java "$heap" -jar realdb-cli/target/realdb-cli.jar analyze "$log" \
      > "$work/out" 2>&1 || true
  read -r seconds rss_kb < "$work/time"
  awk -v l="$lines" -v s="$seconds" -v r="$rss_kb" -v n="$run" \
      'BEGIN { printf "process run %d: %d lines in %.2f s, %.0f lines/s, peak RSS %.0f MB\n", n, l, s, l / s, r / 1024 }'
done
echo "in-JVM (the analysis alone, no JVM start, nothing printed):"
java "$heap" -cp "$bench_cp" io.realdb.engine.analysis.AnalyzeBenchmark --log "$log" | grep '^run'
