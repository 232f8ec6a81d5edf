#!/usr/bin/env python3
"""Writes a BERT encoder (the MiniLM-L6 of models/all-minilm-l6-v2) as an ONNX graph.

Also writes MPNet encoders (config.json "model_type": "mpnet", e.g. all-mpnet-base-v2),
which the encoder speed comparison of docs/benchmarks.md measures with
tools/encoder_speed.py; crates/sitrep-encoder runs BERT graphs only.

Usage: python3 tools/export_onnx.py [DIR]   (DIR defaults to models/all-minilm-l6-v2)
       python3 tools/export_onnx.py DIR --out OUT [--layers K] [--every S]
                                    [--int8 [--per-channel] [--fp32-out L,L,...]]

The second form writes a variant into OUT (model.onnx, tokenizer.json, config.json) for
the encoder comparison of docs/benchmarks.md: only the first K layers, and outputs for
every S-th of them (hidden_j is layer j * S; OUT/config.json then says K / S layers, which
is what crates/sitrep-encoder reads), with the weights quantised to int8 by ONNX Runtime's
dynamic quantisation (needs the PyPI package onnxruntime). --per-channel gives every output
column of a weight its own scale instead of one per matrix; --fp32-out keeps the feed-forward
output projection (the MatMul reading the GELU's output, whose activations carry outliers
that one int8 scale per window flattens) of the listed layers (0-based) in float32.
tools/encoder_fidelity.py measures what each choice costs against the float32 graph.

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
import shutil
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


def relative_bias_table(cfg, emb, size=512):
    """MPNet's attention bias, (1, heads, size, size): the learned value of the bucket of
    each key position relative to each query position (half the buckets for keys before
    the query; exact up to a quarter of the buckets away, then logarithmic up to 128)."""
    buckets = cfg.get("relative_attention_num_buckets", 32) // 2
    max_distance = 128
    exact = buckets // 2
    rel = np.arange(size)[None, :] - np.arange(size)[:, None]  # key - query
    dist = np.abs(rel)
    far = exact + (
        np.log(np.maximum(dist, 1) / exact) / np.log(max_distance / exact) * (buckets - exact)
    ).astype(np.int64)
    after = (rel > 0).astype(np.int64) * buckets  # keys after the query: the upper half
    bucket = after + np.where(dist < exact, dist, np.minimum(far, buckets - 1))
    table = emb[bucket]  # (size, size, heads)
    return np.ascontiguousarray(table.transpose(2, 0, 1)[None])


def build(cfg, w, every=1):
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
    # MPNet: positions from 2 (after the padding index), no token types, and a relative
    # position bias (T5's bidirectional buckets) added to every layer's attention scores.
    mpnet = cfg.get("model_type") == "mpnet"
    first_pos = 2 if mpnet else 0

    def t(name):
        key = prefix + name
        if key not in w:
            raise SystemExit(f"model.safetensors lacks {key}")
        return w[key]

    g = Graph()
    ids = "input_ids"

    # Embeddings: word + position (0..seq) + token type 0, then LayerNorm.
    word = g.op("Gather", [g.const("emb.word", t("embeddings.word_embeddings.weight")), ids], axis=0)
    # Positions 0..seq (MPNet: 2..seq + 2): rows of the position table.
    seq = g.op("Shape", [ids], start=1, end=2)  # 1-D [seq]
    pos_end = seq
    if first_pos:
        pos_end = g.op("Add", [seq, g.const("first_pos_1d", np.array([first_pos], dtype=np.int64))])
    pos = g.op(
        "Slice",
        [
            g.const("emb.position", t("embeddings.position_embeddings.weight")),
            g.const("zero_1d", np.array([first_pos], dtype=np.int64)),
            pos_end,
            g.const("axis0_1d", np.array([0], dtype=np.int64)),
        ],
    )
    x = g.op("Add", [word, pos])
    bias = None
    if mpnet:
        table = relative_bias_table(cfg, t("encoder.relative_attention_bias.weight"))
        ends = g.op("Concat", [seq, seq], axis=0)
        starts = g.const("zero_2d", np.array([0, 0], dtype=np.int64))
        axes = g.const("axes_23", np.array([2, 3], dtype=np.int64))
        bias = g.op("Slice", [g.const("rel_bias", table), starts, ends, axes])  # (1, h, s, s)
    else:
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
        if mpnet:
            att, (qn, kn, vn), out_name, out_ln = "attention.attn.", "qkv", "attention.attn.o", "attention.LayerNorm"
        else:
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
        if bias is not None:
            scores = g.op("Add", [scores, bias])
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
        named = f"hidden_{(i + 1) // every}" if (i + 1) % every == 0 else None
        x = layer_norm(o, n + "out.ln", p + "output.LayerNorm", out=named)

    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "seq"])]
    outputs = [
        helper.make_tensor_value_info(f"hidden_{i}", TensorProto.FLOAT, [1, "seq", hidden])
        for i in range(layers // every + 1)
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
    ap.add_argument("--out")
    ap.add_argument("--layers", type=int)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--int8", action="store_true")
    ap.add_argument("--per-channel", action="store_true")
    ap.add_argument("--fp32-out", default="")
    a = ap.parse_args()
    try:
        keep = sorted({int(x) for x in a.fp32_out.split(",") if x.strip()})
    except ValueError:
        raise SystemExit(f"export_onnx: --fp32-out {a.fp32_out}: expected layer numbers such as 6,7,8")
    if (a.per_channel or keep) and not a.int8:
        raise SystemExit("export_onnx: --per-channel and --fp32-out go with --int8")
    d = a.dir
    cfg_path = os.path.join(d, "config.json")
    weights = os.path.join(d, "model.safetensors")
    for f in (cfg_path, weights):
        if not os.path.isfile(f):
            raise SystemExit(f"export_onnx: {f} is missing (run scripts/fetch-encoder.sh)")
    with open(cfg_path) as f:
        cfg = json.load(f)
    if a.layers:
        if not 0 < a.layers <= cfg["num_hidden_layers"]:
            raise SystemExit(f"export_onnx: --layers {a.layers}: the model has {cfg['num_hidden_layers']}")
        cfg["num_hidden_layers"] = a.layers
    if a.every < 1 or cfg["num_hidden_layers"] % a.every:
        raise SystemExit(f"export_onnx: --every {a.every} does not divide {cfg['num_hidden_layers']} layers")
    if keep and (keep[0] < 0 or keep[-1] >= cfg["num_hidden_layers"]):
        raise SystemExit(f"export_onnx: --fp32-out {a.fp32_out}: the graph has layers 0..{cfg['num_hidden_layers'] - 1}")
    model = build(cfg, read_safetensors(weights), a.every)
    onnx.checker.check_model(model)
    out_dir = a.out or d
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, "model.onnx")
    tmp = out + ".tmp"
    onnx.save_model(model, tmp)
    if a.int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        weights_kept = {f"l{i}.out.w" for i in keep}
        exclude = [n.name for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in weights_kept]
        quantize_dynamic(
            tmp,
            out + ".q.tmp",
            weight_type=QuantType.QInt8,
            per_channel=a.per_channel,
            nodes_to_exclude=exclude,
        )
        os.replace(out + ".q.tmp", tmp)
    os.replace(tmp, out)
    if a.out and os.path.abspath(a.out) != os.path.abspath(d):
        shutil.copy(os.path.join(d, "tokenizer.json"), os.path.join(out_dir, "tokenizer.json"))
        variant = dict(cfg, num_hidden_layers=cfg["num_hidden_layers"] // a.every)
        with open(os.path.join(out_dir, "config.json"), "w") as f:
            json.dump(variant, f, indent=1)
    print(f"export_onnx: wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB, {len(model.graph.node)} nodes)")


if __name__ == "__main__":
    main()
