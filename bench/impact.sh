#!/usr/bin/env bash
# Measures how much the online-impact probes slow the migrations down. `./realdb run` runs the
# demo's inputs (`./realdb demo --inputs-only`: a 250,000-row dataset, a change that rewrites a big
# table) with the probes and with --no-impact, alternating (on/off, then off/on, ...) in one warm
# REALDB_HOME, so that drift on a busy machine falls on both alike. For each step it prints the
# median durationMs with and without the probes and their ratio, then the same for the sum of the
# steps and for the whole `realdb run` process as the user waits for it, and what the probes saw
# of each step in the last run with them.
#
#   bench/impact.sh                          # mariadb, 5 runs each way
#   bench/impact.sh --runs 3 --engine postgresql
#   bench/impact.sh -- --isolation none      # what follows -- goes to `realdb run`
#
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-o).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_args=(-q -B -Dstyle.color=never ${MVN_ARGS:-})
runs=5
engine=mariadb
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --) shift; run_args=("$@"); break ;;
    *) echo "usage: bench/impact.sh [--runs N] [--engine ID] [-- realdb run options]" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { echo "bench/impact.sh: needs jq" >&2; exit 2; }

mvn "${mvn_args[@]}" -DskipTests -Dmaven.test.skip=true package -pl realdb-cli -am
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export REALDB_HOME="$work/home"

./realdb demo --inputs-only --engine "$engine" --out "$work/demo" > "$work/inputs" 2>/dev/null
dataset="$(sed -n 's/^Dataset: *//p' "$work/inputs")"
project="$(sed -n 's/^Project: *//p' "$work/inputs")"
trunk="$(grep -oE -- '--trunk [^ ]+' "$work/inputs" | cut -d' ' -f2)"
change="$(grep -oE -- '--change [^ ]+' "$work/inputs" | cut -d' ' -f2)"

# Runs realdb once; $1 is "on" or "off". Appends "index<TAB>step<TAB>durationMs" lines to $work/$1.
measure() {
  local mode="$1" out="$work/out-$1" rc=0
  local flag=(--impact)
  [ "$mode" = off ] && flag=(--no-impact)
  rm -rf "$out"
  local started ended
  started="$(date +%s%N)"
  ./realdb run --dataset "$dataset" --project "$project" --trunk "$trunk" --change "$change" \
      --out "$out" -q --no-history "${flag[@]}" "${run_args[@]}" > "$work/console" 2>&1 || rc=$?
  ended="$(date +%s%N)"
  if [ ! -f "$out/result.json" ] || [ "$(jq -r .verdict "$out/result.json")" = ERROR ]; then
    echo "bench/impact.sh: realdb run ($mode) exited with $rc without a result; its output:" >&2
    tail -n 30 "$work/console" >&2
    [ -f "$out/realdb.log" ] && tail -n 30 "$out/realdb.log" >&2
    exit 1
  fi
  jq -r '.steps | to_entries[] | select(.value.durationMs != null)
      | "\(.key)\t\(.value.phase) \(.value.from)->\(.value.to)\t\(.value.durationMs)"' "$out/result.json" >> "$work/$mode"
  jq '[.steps[].durationMs // 0] | add' "$out/result.json" >> "$work/$mode-total"
  echo $(( (ended - started) / 1000000 )) >> "$work/$mode-process"
  if [ "$mode" = on ]; then
    cp "$out/result.json" "$work/last-on.json"
  fi
}

median() {
  sort -n | awk '{ v[NR] = $1 } END {
      if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "warm-up run" >&2
measure on
: > "$work/on"
: > "$work/on-total"
: > "$work/on-process"
for ((i = 1; i <= runs; i++)); do
  echo "run $i of $runs, each way" >&2
  if (( i % 2 )); then measure on; measure off; else measure off; measure on; fi
done

ratio() {
  if [ "$1" = n/a ] || [ "$2" = n/a ] || [ "$2" -eq 0 ]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; fi
}

echo "realdb run on the demo's inputs, engine $engine, $runs runs each way, median ms per step:"
printf '%-28s %10s %10s %7s\n' step "probes" "no probes" ratio
steps="$(cut -f1,2 "$work/on" | sort -n -u)"
while IFS=$'\t' read -r index step; do
  on="$(awk -F'\t' -v i="$index" '$1 == i { print $3 }' "$work/on" | median)"
  off="$(awk -F'\t' -v i="$index" '$1 == i { print $3 }' "$work/off" | median)"
  printf '%-28s %10s %10s %7s\n' "$step" "$on" "$off" "$(ratio "$on" "$off")"
done <<< "$steps"
# The median of the runs' sums of their steps.
sum_on="$(median < "$work/on-total")"
sum_off="$(median < "$work/off-total")"
printf '%-28s %10s %10s %7s\n' "all steps" "$sum_on" "$sum_off" "$(ratio "$sum_on" "$sum_off")"
# The whole command, JVM start to exit, as the user waits for it.
process_on="$(median < "$work/on-process")"
process_off="$(median < "$work/off-process")"
printf '%-28s %10s %10s %7s\n' "realdb run, whole process" "$process_on" "$process_off" "$(ratio "$process_on" "$process_off")"

echo
echo "what the probes saw in the last run with them (ms):"
jq -r '.steps[] | select(.impact != null) | "\(.phase) \(.from)->\(.to)\treads blocked \(.impact.readBlockedMs), writes blocked \(.impact.writeBlockedMs), longest read \(.impact.maxReadWaitMs), longest write \(.impact.maxWriteWaitMs), \(.impact.probeReads) reads, \(.impact.probeWrites) writes\(if (.impact.rewrites | length) > 0 then ", rewrote " + (.impact.rewrites | join(", ")) else "" end)"' \
    "$work/last-on.json"
