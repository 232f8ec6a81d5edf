#!/usr/bin/env bash
# End-to-end tests of the web UI in real headless Chromium.
# Installs what is missing on a fresh Debian machine (chromium, node/npm,
# playwright-core without any browser download), builds the `sitrep` binary, and runs
# tests/e2e (which seeds its store with `sitrep ingest`). Usage: scripts/e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e: installing ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

(cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

cargo build --release -p sitrep-cli --bin sitrep
export SITREP_BIN="$PWD/target/release/sitrep"

cd tests/e2e
exec timeout 600 node --test --test-concurrency=1 ui.test.mjs
