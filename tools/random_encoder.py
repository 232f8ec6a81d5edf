#!/usr/bin/env python3
"""Writes a BERT encoder of a chosen size with random weights, to time it.

Usage: python3 tools/random_encoder.py OUT --layers L --hidden H --heads A --ffn F [--seed S]

OUT gets config.json, model.safetensors (float32, normal with deviation 0.02, seeded) and
the tokenizer.json of models/all-minilm-l6-v2, so that

    python3 tools/export_onnx.py OUT
    python3 tools/encoder_speed.py OUT [--int8]

time an encoder of that size on this machine exactly as the real ones are timed. A
matrix product costs the same whatever its numbers, so the time per window is what a
trained model of that shape would take; the similarity lines encoder_speed.py prints mean
nothing for random weights. docs/benchmarks.md ("How fast would the larger encoders
run") uses it for the shapes of the encoders behind the published systems above 52, which
no registry this project reaches carries.
"""

import argparse
import json
import os
import shutil
import struct

import numpy as np

VOCAB = 30522  # the tokenizer copied below
POSITIONS = 512


def tensors(a, rng):
    def mat(out_dim, in_dim):
        return (rng.standard_normal((out_dim, in_dim), dtype=np.float32) * 0.02).astype(np.float32)

    def vec(n, value=0.0):
        return np.full(n, value, dtype=np.float32)

    h, f = a.hidden, a.ffn
    w = {
        "embeddings.word_embeddings.weight": mat(VOCAB, h),
        "embeddings.position_embeddings.weight": mat(POSITIONS, h),
        "embeddings.token_type_embeddings.weight": mat(2, h),
        "embeddings.LayerNorm.weight": vec(h, 1.0),
        "embeddings.LayerNorm.bias": vec(h),
    }
    for i in range(a.layers):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            w[p + f"attention.self.{name}.weight"] = mat(h, h)
            w[p + f"attention.self.{name}.bias"] = vec(h)
        w[p + "attention.output.dense.weight"] = mat(h, h)
        w[p + "attention.output.dense.bias"] = vec(h)
        w[p + "attention.output.LayerNorm.weight"] = vec(h, 1.0)
        w[p + "attention.output.LayerNorm.bias"] = vec(h)
        w[p + "intermediate.dense.weight"] = mat(f, h)
        w[p + "intermediate.dense.bias"] = vec(f)
        w[p + "output.dense.weight"] = mat(h, f)
        w[p + "output.dense.bias"] = vec(h)
        w[p + "output.LayerNorm.weight"] = vec(h, 1.0)
        w[p + "output.LayerNorm.bias"] = vec(h)
    return w


def write_safetensors(path, w):
    header, offset = {}, 0
    for name, arr in w.items():
        n = arr.nbytes
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + n]}
        offset += n
    raw = json.dumps(header).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for arr in w.values():
            f.write(np.ascontiguousarray(arr, dtype="<f4").tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--hidden", type=int, required=True)
    ap.add_argument("--heads", type=int, required=True)
    ap.add_argument("--ffn", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if min(a.layers, a.hidden, a.heads, a.ffn) <= 0:
        raise SystemExit("random_encoder: --layers, --hidden, --heads and --ffn must be positive")
    if a.hidden % a.heads:
        raise SystemExit(f"random_encoder: hidden size {a.hidden} is not divisible by {a.heads} heads")
    here = os.path.dirname(os.path.abspath(__file__))
    tok = os.path.join(here, "..", "models", "all-minilm-l6-v2", "tokenizer.json")
    if not os.path.isfile(tok):
        raise SystemExit(f"random_encoder: {tok} is missing (bash scripts/fetch-encoder.sh)")
    os.makedirs(a.out, exist_ok=True)
    cfg = {
        "model_type": "bert",
        "hidden_act": "gelu",
        "hidden_size": a.hidden,
        "intermediate_size": a.ffn,
        "num_attention_heads": a.heads,
        "num_hidden_layers": a.layers,
        "max_position_embeddings": POSITIONS,
        "type_vocab_size": 2,
        "vocab_size": VOCAB,
        "layer_norm_eps": 1e-12,
        "note": "random weights (tools/random_encoder.py), for timing only",
    }
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(a.out, "model.safetensors"), tensors(a, np.random.default_rng(a.seed)))
    shutil.copyfile(tok, os.path.join(a.out, "tokenizer.json"))
    print(f"{a.out}: {a.layers} layers, {a.hidden} wide, {a.heads} heads, feed-forward {a.ffn}")


if __name__ == "__main__":
    main()
