#!/usr/bin/env bash
# The project's test command (the README's second set-up command).
# Runs every test of the workspace. Needs only the Rust toolchain and ../shared
# (the seeds, gold files and MUC-4 data the tests read).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/seeds ]; then
  echo "scripts/test.sh: ../shared (seeds, gold, MUC-4) is missing next to the repository" >&2
  exit 1
fi
cargo test --workspace --release
