#!/usr/bin/env bash
# Measures what a run costs beyond its migrations: `./realdb run` as users run it, on a tiny project
# (three one-line SQL migrations, six steps, a three-row seed), from process start to exit. The wall
# time is split at the timestamps realdb.log carries and the time result.json is written:
#
#   JVM start              process start to the log's first line (JVM, command line, dataset)
#   checkout               to "Starting a private ... server" (clone, both refs, migration lists)
#   server start           to "Private server ... is up"
#   isolation              to "Restoring the seed" (sandbox set up)
#   seed restore           to "Seed restored"
#   seed checks            to the first "Phase" line (counters, the seed's version)
#   steps                  to the log's last line (the phases, counters read between steps)
#   server stop, judging   to result.json's time (server stopped, log analysed)
#   publishing             to process exit (work folder removed, history, report, JUnit, review)
#
# A part whose marker line is not in the log is printed as n/a. A first run in a new REALDB_HOME
# also builds the server's data-folder template there, so cold homes (each run in an empty home)
# and a warm home (one warm-up run, then the measured runs) are reported apart. Medians in ms.
#
#   bench/overhead.sh                        # mariadb, 3 cold-home runs, 5 warm-home runs
#   bench/overhead.sh --engine postgresql    # the machine's PostgreSQL programs
#   bench/overhead.sh --runs 10 --cold 1
#   bench/overhead.sh -- --isolation none    # what follows -- goes to `realdb run`
#
# ENGINE sets the engine as --engine does; MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-o).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_args=(-q -B -Dstyle.color=never ${MVN_ARGS:-})
runs=5
cold=3
engine="${ENGINE:-}"
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --cold) cold="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --) shift; run_args=("$@"); break ;;
    *) echo "usage: bench/overhead.sh [--runs N] [--cold N] [--engine ID] [-- realdb run options]" >&2; exit 2 ;;
  esac
done
if [ -n "$engine" ]; then
  run_args=(--engine "$engine" "${run_args[@]}")
fi

mvn "${mvn_args[@]}" -DskipTests -Dmaven.test.skip=true package -pl realdb-cli -am
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The inputs: SQL that MariaDB and PostgreSQL both take, so one project serves either engine.
project="$work/project"
dataset="$work/dataset"
mkdir -p "$project/migrations" "$dataset"
git_commit() {
  git -C "$project" add -A
  git -C "$project" -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false commit -q -m "$1"
}
git -C "$project" init -q
git -C "$project" symbolic-ref HEAD refs/heads/master
echo 'CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(32) NOT NULL);' > "$project/migrations/0001_a.up.sql"
echo 'DROP TABLE items;' > "$project/migrations/0001_a.down.sql"
echo 'ALTER TABLE items ADD COLUMN note VARCHAR(32);' > "$project/migrations/0002_b.up.sql"
echo 'ALTER TABLE items DROP COLUMN note;' > "$project/migrations/0002_b.down.sql"
git_commit "Items, with a note"
git -C "$project" checkout -q -b change
echo 'ALTER TABLE items ADD COLUMN extra INT;' > "$project/migrations/0003_c.up.sql"
echo 'ALTER TABLE items DROP COLUMN extra;' > "$project/migrations/0003_c.down.sql"
git_commit "An extra column"
git -C "$project" checkout -q master
cat > "$dataset/config.json" <<'EOF'
{
    "name": "overhead",
    "database": "overhead",
    "db_user": "overhead",
    "seed_data": "seed.sql",
    "migration": {"tool": "sql-dir", "path": "migrations"},
    "maximum_migration_times": {"default": 60}
}
EOF
cat > "$dataset/seed.sql" <<'EOF'
CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);
INSERT INTO schema_migrations VALUES (1, false);
CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(32) NOT NULL);
INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three');
EOF

parts=(jvm checkout server isolation restore seedchecks steps stop publish total)
declare -A label=(
  [jvm]="JVM start" [checkout]="checkout" [server]="server start" [isolation]="isolation"
  [restore]="seed restore" [seedchecks]="seed checks" [steps]="steps" [stop]="server stop, judging"
  [publish]="publishing" [total]="total")

# A log line starts with its timestamp: "2026-01-31 12:00:00,123", or ISO 8601 with an offset.
timestamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.,][0-9]+)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?'

# Nanoseconds since the epoch of a log line's timestamp, or nothing. Without an offset the
# timestamp is the machine's local time, as realdb writes it.
line_ns() {
  local stamp
  stamp="$(grep -oE "$timestamp" <<<"$1" | tr ',' '.')" || return 0
  [ -n "$stamp" ] && date -d "$stamp" +%s%N 2>/dev/null || true
}

# The timestamp of the first (or, with "last", the last) log line matching an extended regex.
marker_ns() {
  local log="$1" pattern="$2" which="${3:-first}" line
  if [ "$which" = last ]; then
    line="$(grep -E "$timestamp.*$pattern" "$log" | tail -n 1)" || true
  else
    line="$(grep -m 1 -E "$timestamp.*$pattern" "$log")" || true
  fi
  [ -n "$line" ] && line_ns "$line" || true
}

# Milliseconds from one instant to the next, or n/a when either is unknown or they are out of order.
span() {
  if [ -z "$1" ] || [ -z "$2" ] || [ "$2" -lt "$1" ]; then
    echo n/a
  else
    echo $(( ($2 - $1) / 1000000 ))
  fi
}

# Runs realdb once in home $1 and appends each part's milliseconds to $2/<part>.
measure() {
  local home="$1" into="$2" out="$work/out" log rc=0
  rm -rf "$out"
  mkdir -p "$into"
  local start end
  start=$(date +%s%N)
  REALDB_HOME="$home" ./realdb run --dataset "$dataset" --project "$project" --trunk master --change change \
      --out "$out" -q "${run_args[@]}" > "$work/console" 2>&1 || rc=$?
  end=$(date +%s%N)
  if [ "$rc" -ne 0 ]; then
    echo "bench/overhead.sh: realdb run exited with $rc; its output:" >&2
    tail -n 30 "$work/console" >&2
    [ -f "$out/realdb.log" ] && tail -n 30 "$out/realdb.log" >&2
    exit 1
  fi
  log="$out/realdb.log"
  local first server_start server_up restore_start restore_end steps_start last result=""
  first="$(marker_ns "$log" '')"
  server_start="$(marker_ns "$log" 'Starting a private .* server')"
  server_up="$(marker_ns "$log" 'Private server .* is up')"
  restore_start="$(marker_ns "$log" 'Restoring the seed')"
  restore_end="$(marker_ns "$log" 'Seed restored')"
  steps_start="$(marker_ns "$log" 'Phase ')"
  last="$(marker_ns "$log" '' last)"
  [ -f "$out/result.json" ] && result="$(date -r "$out/result.json" +%s%N)"
  span "$start" "$first" >> "$into/jvm"
  span "$first" "$server_start" >> "$into/checkout"
  span "$server_start" "$server_up" >> "$into/server"
  span "$server_up" "$restore_start" >> "$into/isolation"
  span "$restore_start" "$restore_end" >> "$into/restore"
  span "$restore_end" "$steps_start" >> "$into/seedchecks"
  span "$steps_start" "$last" >> "$into/steps"
  span "$last" "$result" >> "$into/stop"
  span "$result" "$end" >> "$into/publish"
  span "$start" "$end" >> "$into/total"
  grep -m 1 -oE 'Private server .* is up' "$log" > "$work/server-version" || true
}

median() {
  grep -E '^[0-9]+$' "$1" 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END {
      if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

share() {
  if [ "$1" = n/a ] || [ "$2" = n/a ] || [ "$2" -eq 0 ]; then
    echo n/a
  else
    awk -v p="$1" -v t="$2" 'BEGIN { printf "%.0f%%\n", 100 * p / t }'
  fi
}

for ((i = 1; i <= cold; i++)); do
  echo "cold home, run $i of $cold" >&2
  measure "$work/cold-home-$i" "$work/cold"
done
echo "warm home, warm-up run" >&2
measure "$work/warm-home" "$work/warm-up"
for ((i = 1; i <= runs; i++)); do
  echo "warm home, run $i of $runs" >&2
  measure "$work/warm-home" "$work/warm"
done

# A part's median and its share of the total's median, for cold or warm.
cell() {
  local ms="n/a" total="n/a"
  if [ -f "$work/$1/$2" ]; then
    ms="$(median "$work/$1/$2")"
    total="$(median "$work/$1/total")"
  fi
  printf '%14s %6s' "$ms" "$(share "$ms" "$total")"
}

engine_name="${engine:-mariadb}"
echo "realdb run on a tiny project (3 migrations, 6 steps, 3-row seed), engine $engine_name:" \
    "$(sed 's/ is up$//' "$work/server-version")"
echo "medians in ms; the parts' medians need not add up to the total's"
printf '%-22s %14s %6s %14s %6s\n' part "cold home ($cold)" share "warm home ($runs)" share
for part in "${parts[@]}"; do
  printf '%-22s %s %s\n' "${label[$part]}" "$(cell cold "$part")" "$(cell warm "$part")"
done
echo "overhead: steps are $(cell warm steps | awk '{ print $2 }') of the run" \
    "(warm home; $(cell cold steps | awk '{ print $2 }') with a cold home)"
