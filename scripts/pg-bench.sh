#!/usr/bin/env bash
# Benchmark of `sitrep ingest` on PostgreSQL with several worker processes.
#
#   bash scripts/pg-bench.sh BASE_URL DOCS WORKERS...
#
# BASE_URL names a server (e.g. postgres://postgres@127.0.0.1:54330/postgres;
# scripts/pg-cluster.sh starts one). Generates DOCS documents (sitrep-bench
# gen-corpus, seed 7), then for each WORKERS count ingests them into a fresh
# database with that many `sitrep ingest` processes, each given every
# WORKERS-th document. Prints wall time, docs/s, peak RSS per worker, database
# size, the incident count and a fingerprint of the merged records (SHA-256
# over every incident's sorted source documents and merged values, the
# summary left out: it is the first-stored report's title, which depends on
# arrival order).
#
# BIN=DIR runs the `sitrep` and `sitrep-bench` binaries in DIR instead of
# building target/release (for a long run: a rebuild of target/release during
# it would swap the binary under the workers and the final export). WORK=DIR
# keeps the corpus, parts and worker logs there (default: a temporary folder,
# removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?BASE_URL}; docs=${2:?DOCS}; shift 2
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p sitrep-cli -p sitrep-bench
  BIN=./target/release
fi
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
"$BIN"/sitrep-bench gen-corpus --docs "$docs" --out "$work/corpus.jsonl" >/dev/null
server=${base%/*}
for w in "$@"; do
  db="sitrep_bench_${docs}_${w}"
  psql "$base" -qAt -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  url="$server/$db"
  # Create the schema once, before the workers start.
  "$BIN"/sitrep incidents --db "$url" >/dev/null
  for i in $(seq 0 $((w - 1))); do
    awk -v w="$w" -v i="$i" 'NR % w == i' "$work/corpus.jsonl" > "$work/part$i.jsonl"
  done
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 0 $((w - 1))); do
    /usr/bin/time -f "%M" -o "$work/rss$i" "$BIN"/sitrep ingest "$work/part$i.jsonl" --db "$url" >/dev/null 2>"$work/log$i" &
    pids+=($!)
    # SEQUENTIAL=1: the same parts, one process after another (the same
    # arrival order without concurrency), to tell order effects from races.
    if [ "${SEQUENTIAL:-}" = 1 ]; then wait $!; fi
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  rss=$(for i in $(seq 0 $((w - 1))); do echo -n "$(( $(cat "$work/rss$i") / 1024 )) MiB "; done)
  size=$(psql "$base" -qAt -c "SELECT pg_size_pretty(pg_database_size('$db'))")
  fp=$("$BIN"/sitrep export --format jsonl --db "$url" | python3 -c '
import sys, json, hashlib
rows = []
for line in sys.stdin:
    r = json.loads(line)
    m = r["merged"]; m.pop("summary", None)
    docs = sorted(s["doc_id"] for s in r["sources"])
    rows.append(",".join(docs) + " | " + json.dumps(m, sort_keys=True))
rows.sort()
print(len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])')
  printf '%s workers: %s docs in %.1f s = %.0f docs/s; peak RSS per worker: %s; database %s; incidents + fingerprint: %s\n' \
    "$w" "$docs" "$secs" "$(echo "$docs / $secs" | bc -l)" "$rss" "$size" "$fp"
done
