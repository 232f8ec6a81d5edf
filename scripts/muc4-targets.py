#!/usr/bin/env python3
"""Regenerates crates/sitrep-muc4/data/muc4-targets.tsv, the physical-target lexicon that
sitrep's MUC-4 mapping reads (crates/sitrep-muc4/src/slots/victims.rs), from the DEV
answer keys only (raw_muc34/TASK/CORPORA/dev/key-dev-*.muc4; never TST1-4); as
scripts/muc4-victims.py does for human targets, with PHYS TGT: ID (slot 12) and TYPE
(slot 13) for DESCRIPTION and TYPE:

* `H<TAB>WORD<TAB>TYPE`: a head noun (the last word before OF, FOR, …) of
  `HUM TGT: DESCRIPTION` strings (at least 3 of
  them, more often a victim's than a perpetrator's head noun), with the commonest
  `HUM TGT: TYPE` of its templates;
* `M<TAB>WORD`: a word standing before such a head in at least 2 description strings.

A word found more often in names (slot 18), organisations (slot 10) and places (slot 3)
is left out.

usage: scripts/muc4-victims.py [MUC4_DATA_DIR] (default ../shared/data/muc4)
"""
import collections
import glob
import re
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/muc4"
PREMOD = set(
    "A THE AN THIS THAT THESE THOSE ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN MORE "
    "MOST MANY SEVERAL SOME ALL FEW ANY ANOTHER OTHER CERTAIN OF AND OR TO FROM AT IN ON "
    "FOR WHO HIS HER THEIR ITS".split()
)


def templates(files):
    for f in files:
        for block in re.split(r"\n\s*\n", open(f, errors="replace").read()):
            lines = [l for l in block.split("\n") if l.strip() and not l.startswith(";")]
            if not lines or not re.match(r"0\.\s+MESSAGE: ID", lines[0]):
                continue
            slots, cur = {}, None
            for l in lines:
                m = re.match(r"^(\d+)\.\s+[A-Z :]+?(?:\s{2,}|\t)(.*)$", l)
                if m:
                    cur = int(m.group(1))
                    slots[cur] = [m.group(2).strip()]
                elif cur is not None:
                    slots[cur].append(l.strip())
            if slots.get(1, ["*"])[0] != "*":
                yield slots


def strs(v):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', v)


def words(s):
    return [w for w in re.split(r"[^A-Z0-9]+", s) if w]


CUT = {"OF", "FOR", "FROM", "TO", "IN", "AT", "WHO", "AND", "ON", "WITH", "BY"}


def head_phrase(w):
    """The words up to the head noun: `CANDIDATE FOR THE PRESIDENCY` -> `CANDIDATE`."""
    for i, x in enumerate(w):
        if i > 0 and x in CUT:
            return w[:i]
    return w


keys = sorted(glob.glob(data + "/raw_muc34/TASK/CORPORA/dev/key-dev-*.muc4"))
desc, perp = collections.Counter(), collections.Counter()
types = collections.defaultdict(collections.Counter)
mods = collections.Counter()
banned = collections.Counter()
for t in templates(keys):
    for n in (3, 10):
        for v in t.get(n, []):
            for s in strs(v) if n != 3 else [v]:
                banned.update(set(words(s)))
    tmap = {}
    for v in t.get(13, []):
        m = re.match(r"^\??\s*([A-Z /]+?)\s*:\s*(.*)$", v)
        if m:
            for s in strs(m.group(2)):
                tmap[s] = m.group(1).split(" / ")[0].strip()
    for v in t.get(12, []):
        if v in ("-", "*"):
            continue
        ds, refs = strs(v), []
        for s in ds[:1]:
            w = head_phrase(words(s))
            if not w:
                continue
            desc[w[-1]] += 1
            ty = next((tmap[r] for r in refs + ds if r in tmap), None)
            if ty:
                types[w[-1]][ty] += 1
            for x in w[:-1]:
                if x not in PREMOD and not x.isdigit():
                    mods[x] += 1
    for v in t.get(9, []):
        for s in strs(v)[:1]:
            w = words(s)
            if w:
                perp[w[-1]] += 1
heads = {
    h: (types[h].most_common(1)[0][0] if types[h] else "OTHER")
    for h, c in desc.items()
    if c >= 3 and c > perp[h] and h not in PREMOD and not h.isdigit() and banned[h] < c
}
with open("crates/sitrep-muc4/data/muc4-targets.tsv", "w") as f:
    f.write("# MUC-4 physical-target lexicon from the DEV keys; regenerate with scripts/muc4-targets.py.\n")
    for h in sorted(heads):
        f.write(f"H\t{h}\t{heads[h]}\n")
    for m in sorted(m for m, c in mods.items() if c >= 2 and banned[m] < c and m not in heads):
        f.write(f"M\t{m}\n")
