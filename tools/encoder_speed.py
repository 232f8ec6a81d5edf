#!/usr/bin/env python3
"""Times an encoder graph written by tools/export_onnx.py on one window of word pieces.

Usage: python3 tools/encoder_speed.py DIR [--int8] [--pieces N] [--threads T] [--runs R]

Loads DIR/model.onnx (with --int8, DIR/model_int8.onnx, written on first use by ONNX
Runtime's dynamic int8 quantisation of the weights) and prints the mean wall time of R
runs over one window of N random word pieces (default 256, the accurate tier's window with
[CLS] and [SEP]) with T intra-op threads (default 2, this machine's cores), then the
cosine similarity of two paraphrases and of two unrelated sentences (the mean of the last
layer's vectors, as the sentence-transformers models pool), a check that the graph
computes what its weights were trained for. Needs the PyPI packages onnxruntime,
tokenizers and numpy. The figures are in docs/benchmarks.md (accurate tier, "A larger
encoder").
"""

import argparse
import os
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

PAIRS = [
    ("Guerrillas blew up a power pylon near the capital.", "Rebels bombed an electricity tower outside the city."),
    ("Guerrillas blew up a power pylon near the capital.", "The girl is carrying a baby."),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--int8", action="store_true")
    ap.add_argument("--pieces", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    path = os.path.join(a.dir, "model.onnx")
    if not os.path.isfile(path):
        raise SystemExit(f"encoder_speed: {path} is missing (python3 tools/export_onnx.py {a.dir})")
    if a.int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        q = os.path.join(a.dir, "model_int8.onnx")
        if not os.path.isfile(q):
            quantize_dynamic(path, q, weight_type=QuantType.QInt8)
        path = q
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    s = ort.InferenceSession(path, so)
    last = s.get_outputs()[-1].name
    tok = Tokenizer.from_file(os.path.join(a.dir, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()

    def embed(text):
        ids = np.array([tok.encode(text).ids], dtype=np.int64)
        v = s.run([last], {"input_ids": ids})[0][0].mean(0)
        return v / np.linalg.norm(v)

    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 20000, size=(1, a.pieces)).astype(np.int64)
    s.run([last], {"input_ids": ids})  # warm-up
    t = time.perf_counter()
    for _ in range(a.runs):
        s.run([last], {"input_ids": ids})
    per = (time.perf_counter() - t) / a.runs
    print(f"{path}: {per * 1000:.0f} ms per window of {a.pieces} pieces ({a.threads} threads, {a.runs} runs)")
    for x, y in PAIRS:
        print(f"cosine {float(embed(x) @ embed(y)):.3f}: {x!r} / {y!r}")


if __name__ == "__main__":
    main()
