#!/usr/bin/env python3
"""How closely a variant encoder graph (e.g. int8) follows the float32 graph it came from.

Usage: python3 tools/encoder_fidelity.py REF VARIANT [VARIANT ...] [--docs N]
                                          [--text ../shared/data/muc4/role_fillers/dev.jsonl]

REF and each VARIANT are directories written by tools/export_onnx.py with the same layers
and outputs (for example models/mpnet12s and an --int8 export of it). Runs the first window
(254 word pieces and the two markers, as the accurate tier cuts them) of the first N
documents of a MUC-4 jsonl file (its "doctext"; dev by default, so no test text is looked
at) through every graph and prints, per output the accurate tier can read (hidden_k), the
mean over pieces of the cosine between the variant's vector and the float32 one, then the
time per window. Needs the PyPI packages onnxruntime, tokenizers and numpy. The figures
are in docs/benchmarks.md (accurate tier, "A larger encoder").
"""

import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def session(d):
    path = os.path.join(d, "model.onnx")
    if not os.path.isfile(path):
        raise SystemExit(f"encoder_fidelity: {path} is missing (python3 tools/export_onnx.py)")
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(path, so)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("variants", nargs="+")
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--text", default="../shared/data/muc4/role_fillers/dev.jsonl")
    a = ap.parse_args()
    tok = Tokenizer.from_file(os.path.join(a.ref, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    cls, sep = tok.token_to_id("<s>"), tok.token_to_id("</s>")
    if cls is None:
        cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    windows = []
    with open(a.text) as f:
        for line in f:
            if len(windows) == a.docs:
                break
            enc = tok.encode(json.loads(line)["doctext"], add_special_tokens=False).ids[:254]
            windows.append(np.array([[cls] + enc + [sep]], dtype=np.int64))
    ref = session(a.ref)
    names = [o.name for o in ref.get_outputs() if o.name != "hidden_0"]
    expected = [ref.run(names, {"input_ids": w}) for w in windows]
    for d in a.variants:
        s = session(d)
        cos = {n: [] for n in names}
        start = time.perf_counter()
        got = [s.run(names, {"input_ids": w}) for w in windows]
        per_window = (time.perf_counter() - start) / len(windows)
        for e, g in zip(expected, got):
            for n, x, y in zip(names, e, g):
                x, y = x[0], y[0]
                c = (x * y).sum(1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))
                cos[n].append(float(c.mean()))
        row = "  ".join(f"{n} {np.mean(v):.4f}" for n, v in cos.items())
        print(f"{d}: {row}  ({per_window * 1000:.0f} ms per window)")


if __name__ == "__main__":
    main()
