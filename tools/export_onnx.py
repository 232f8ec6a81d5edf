#!/usr/bin/env python3
"""Writes a BERT encoder (the MiniLM-L6 of models/all-minilm-l6-v2) as an ONNX graph.

Usage: python3 tools/export_onnx.py [DIR]   (DIR defaults to models/all-minilm-l6-v2)

Run by scripts/fetch-encoder.sh (in the project's virtual environment, with the PyPI
packages onnx and numpy).

Reads DIR/config.json and DIR/model.safetensors (the header is parsed here with json and
the tensors viewed with numpy) and writes DIR/model.onnx, built node by node with the
`onnx` package's helper API (opset 17):

  input   input_ids  int64 (1, seq)   -- one unpadded window, [CLS] ... [SEP]
  outputs hidden_0   float32 (1, seq, hidden)  -- the embeddings (after their LayerNorm)
          hidden_k   float32 (1, seq, hidden)  -- the output of layer k, k = 1..layers

Positions are 0..seq (a Slice of the position table: Gather over a Range made ONNX Runtime
1.31's optimiser emit a broken Slice), token types all 0, no attention mask (windows are
unpadded). The graph is the post-LayerNorm BERT with exact (erf) GELU that crates/sitrep-encoder runs in
candle; both must give the same numbers. Query, key and value are one MatMul (their
weights side by side); the 1/sqrt(head width) scale is folded into the query weights.
"""

import argparse
import json
import os
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17

DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "F64": np.float64}


def read_safetensors(path):
    """Name -> float32 numpy array for every floating-point tensor of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise SystemExit(f"{path}: too short for a safetensors file")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise SystemExit(f"{path}: header length {n} past the end of the file")
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    data = memoryview(raw)[8 + n :]
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype, shape = meta["dtype"], meta["shape"]
        begin, end = meta["data_offsets"]
        if dtype == "BF16":
            u16 = np.frombuffer(data[begin:end], dtype="<u2").astype(np.uint32)
            arr = (u16 << 16).view(np.float32)
        elif dtype in DTYPES and DTYPES[dtype] is not None:
            arr = np.frombuffer(data[begin:end], dtype=np.dtype(DTYPES[dtype]).newbyteorder("<"))
        else:
            continue  # integer buffers (e.g. position_ids) are not weights
        out[name] = arr.astype(np.float32).reshape(shape)
    return out


class Graph:
    """Collects nodes and initializers with unique names."""

    def __init__(self):
        self.nodes = []
        self.inits = []
        self.count = 0

    def const(self, name, arr):
        if arr.dtype.kind == "f":
            arr = arr.astype(np.float32)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def op(self, kind, inputs, out=None, **attrs):
        self.count += 1
        out = out or f"{kind.lower()}_{self.count}"
        self.nodes.append(helper.make_node(kind, inputs, [out], name=f"n{self.count}_{kind}", **attrs))
        return out

    def ops(self, kind, inputs, n, **attrs):
        self.count += 1
        outs = [f"{kind.lower()}_{self.count}_{i}" for i in range(n)]
        self.nodes.append(helper.make_node(kind, inputs, outs, name=f"n{self.count}_{kind}", **attrs))
        return outs


def build(cfg, w):
    hidden = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    layers = cfg["num_hidden_layers"]
    eps = float(cfg.get("layer_norm_eps", 1e-12))
    if cfg.get("hidden_act", "gelu") != "gelu":
        raise SystemExit(f"unsupported activation {cfg.get('hidden_act')}")
    if hidden % heads:
        raise SystemExit(f"hidden size {hidden} not divisible by {heads} heads")
    head = hidden // heads
    prefix = "bert." if any(k.startswith("bert.") for k in w) else ""

    def t(name):
        key = prefix + name
        if key not in w:
            raise SystemExit(f"model.safetensors lacks {key}")
        return w[key]

    g = Graph()
    ids = "input_ids"

    # Embeddings: word + position (0..seq) + token type 0, then LayerNorm.
    word = g.op("Gather", [g.const("emb.word", t("embeddings.word_embeddings.weight")), ids], axis=0)
    # Positions 0..seq: rows of the position table.
    seq = g.op("Shape", [ids], start=1, end=2)  # 1-D [seq]
    pos = g.op(
        "Slice",
        [
            g.const("emb.position", t("embeddings.position_embeddings.weight")),
            g.const("zero_1d", np.array([0], dtype=np.int64)),
            seq,
            g.const("axis0_1d", np.array([0], dtype=np.int64)),
        ],
    )
    x = g.op("Add", [word, pos])
    x = g.op("Add", [x, g.const("emb.type0", t("embeddings.token_type_embeddings.weight")[0])])

    def layer_norm(x, name, weights, out=None):
        g_ = g.const(name + ".g", t(weights + ".weight"))
        b_ = g.const(name + ".b", t(weights + ".bias"))
        return g.op("LayerNormalization", [x, g_, b_], out=out, axis=-1, epsilon=eps)

    def dense(x, name, weights):
        # Linear weights are (out, in); MatMul wants (in, out).
        x = g.op("MatMul", [x, g.const(name + ".w", t(weights + ".weight").T)])
        return g.op("Add", [x, g.const(name + ".b", t(weights + ".bias"))])

    x = layer_norm(x, "emb.ln", "embeddings.LayerNorm", out="hidden_0")

    split_heads = g.const("shape.heads", np.array([0, 0, heads, head], dtype=np.int64))
    merge_heads = g.const("shape.merge", np.array([0, 0, hidden], dtype=np.int64))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    one = g.const("one", np.array(1.0, dtype=np.float32))
    inv_sqrt2 = g.const("inv_sqrt2", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))
    qkv_split = g.const("qkv_split", np.array([hidden, hidden, hidden], dtype=np.int64))
    scale = np.float32(1.0 / np.sqrt(head))

    for i in range(layers):
        p = f"encoder.layer.{i}."
        n = f"l{i}."
        # Linear weights are (out, in); MatMul wants (in, out).
        att, (qn, kn, vn) = "attention.self.", ("query", "key", "value")
        out_name, out_ln = "attention.output.dense", "attention.output.LayerNorm"
        wq = t(p + att + qn + ".weight").T * scale
        bq = t(p + att + qn + ".bias") * scale
        wk = t(p + att + kn + ".weight").T
        bk = t(p + att + kn + ".bias")
        wv = t(p + att + vn + ".weight").T
        bv = t(p + att + vn + ".bias")
        qkv = g.op("MatMul", [x, g.const(n + "qkv.w", np.concatenate([wq, wk, wv], axis=1))])
        qkv = g.op("Add", [qkv, g.const(n + "qkv.b", np.concatenate([bq, bk, bv]))])
        q, k, v = g.ops("Split", [qkv, qkv_split], 3, axis=-1)
        q = g.op("Transpose", [g.op("Reshape", [q, split_heads])], perm=[0, 2, 1, 3])  # (1, h, s, d)
        kt = g.op("Transpose", [g.op("Reshape", [k, split_heads])], perm=[0, 2, 3, 1])  # (1, h, d, s)
        v = g.op("Transpose", [g.op("Reshape", [v, split_heads])], perm=[0, 2, 1, 3])  # (1, h, s, d)
        scores = g.op("MatMul", [q, kt])
        probs = g.op("Softmax", [scores], axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, merge_heads])
        a = dense(ctx, n + "ao", p + out_name)
        a = g.op("Add", [a, x])
        a = layer_norm(a, n + "ao.ln", p + out_ln)
        h = dense(a, n + "in", p + "intermediate.dense")
        # Exact GELU: 0.5 * h * (1 + erf(h / sqrt 2)).
        erf = g.op("Erf", [g.op("Mul", [h, inv_sqrt2])])
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [erf, one])])
        o = dense(h, n + "out", p + "output.dense")
        o = g.op("Add", [o, a])
        x = layer_norm(o, n + "out.ln", p + "output.LayerNorm", out=f"hidden_{i + 1}")

    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "seq"])]
    outputs = [
        helper.make_tensor_value_info(f"hidden_{i}", TensorProto.FLOAT, [1, "seq", hidden])
        for i in range(layers + 1)
    ]
    graph = helper.make_graph(g.nodes, "bert_encoder", inputs, outputs, g.inits)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="sitrep tools/export_onnx.py",
    )
    model.ir_version = 8
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default="models/all-minilm-l6-v2")
    d = ap.parse_args().dir
    cfg_path = os.path.join(d, "config.json")
    weights = os.path.join(d, "model.safetensors")
    for f in (cfg_path, weights):
        if not os.path.isfile(f):
            raise SystemExit(f"export_onnx: {f} is missing (run scripts/fetch-encoder.sh)")
    with open(cfg_path) as f:
        cfg = json.load(f)
    if cfg.get("model_type", "bert") != "bert":
        raise SystemExit(f"export_onnx: {cfg_path}: model_type {cfg['model_type']}, not bert")
    model = build(cfg, read_safetensors(weights))
    onnx.checker.check_model(model)
    out = os.path.join(d, "model.onnx")
    tmp = out + ".tmp"
    onnx.save_model(model, tmp)
    os.replace(tmp, out)
    print(f"export_onnx: wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB, {len(model.graph.node)} nodes)")


if __name__ == "__main__":
    main()
