#!/usr/bin/env python3
"""Regenerates crates/sitrep-muc4/data/muc4-places.tsv, the MUC-4 place set list that
sitrep's MUC-4 mapping reads (crates/sitrep-muc4/src/slots/places.rs), from the task
documentation: raw_muc34/TASK/TASKDOC/templ-doc-more/containing-areas-part1.v5, without
the entries NRaD added from the TST4 test texts (marked *NRaD*).

usage: scripts/muc4-places.py [MUC4_DATA_DIR] (default ../shared/data/muc4)
"""
import re
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/muc4"
src = data + "/raw_muc34/TASK/TASKDOC/templ-doc-more/containing-areas-part1.v5"
rows = set()
for line in open(src, errors="replace"):
    if "NRAD" in line.upper():
        continue
    m = re.match(r"^([A-Z][A-Z .]+): ([A-Z0-9][A-Z0-9 .'-]*?) \(([A-Z ]+)\??\)", line)
    if m:
        rows.add((m.group(2).strip(), m.group(1).strip(), m.group(3).strip()))
with open("crates/sitrep-muc4/data/muc4-places.tsv", "w") as f:
    f.write(
        "# MUC-4 place set list: NAME<TAB>COUNTRY<TAB>TYPE, from raw_muc34/TASK/TASKDOC/templ-doc-more/\n"
        "# containing-areas-part1.v5 without the entries NRaD added from TST4 (marked *NRaD*);\n"
        "# regenerate with scripts/muc4-places.py.\n"
    )
    for r in sorted(rows):
        f.write("\t".join(r) + "\n")
