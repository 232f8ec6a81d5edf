#!/usr/bin/env bash
# Throughput and memory benchmark of `sitrep extract`, side by side with spaCy's
# en_core_web_sm NER on the same texts. Builds the release binaries, generates the
# corpus under target/bench, creates a virtualenv with spaCy there, runs everything
# and writes the table into docs/benchmarks.md. Options: see scripts/bench.py --help.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p sitrep-cli -p sitrep-bench
exec python3 scripts/bench.py "$@"
