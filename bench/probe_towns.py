"""Precision probe: references to towns where the registry records no facility.

    .venv/bin/python bench/probe_towns.py            # figures, then every wrong match
    .venv/bin/python bench/probe_towns.py --quiet    # figures only

Real testimony names many towns the registry has nothing in (Volgograd's SIZO-1, a colony
in Volsk). Each such reference must come out unmatched or ambiguous: a match is a wrong
facility. The probe writes, for every GeoNames town of 15,000 people or more in the shipped
gazetteer that no registry facility is geocoded to, seven references (four English: "a
prison in X", "the police station in X", "SIZO in X", "penal colony in X"; three Russian
with the town's Cyrillic name: "СИЗО, г. X", "колония, г. X", "ИВС г. X"), and for Russian
towns four more in the locative ("в СИЗО в Вольске", "в колонии в …", "в ИВС в …", "в …"),
and counts the answers. Some matches are defensible (a town of one name in two regions,
"Blagoveshchensk", is read as the one the registry has a colony in); the list printed is for
a reviewer.

This is a benchmark, not a test: it reports a figure (a few seconds).
"""

from __future__ import annotations

import argparse
import collections
import re
import time

import pandas as pd

from mapper.layer import load_facilities
from mapper.match import Matcher
from mapper.reference import gazetteer

POPULATION = 15_000


def references(layer: pd.DataFrame) -> list[tuple[str, str]]:
    """(reference, the town's region) for every probed town and phrasing."""
    towns = gazetteer()
    towns = towns[pd.to_numeric(towns["population"], errors="coerce").fillna(0) >= POPULATION]
    placed = set(layer["geocode_source"])
    out = []
    for _, t in towns.iterrows():
        if f"geonames:{t.geonameid}" in placed:
            continue
        name = t["name"]
        out += [(f"a prison in {name}", t.iso_3166_2),
                (f"the police station in {name}", t.iso_3166_2),
                (f"SIZO in {name}", t.iso_3166_2), (f"penal colony in {name}", t.iso_3166_2)]
        cyrillic = [c for c in t.cyrillic_names.split("|") if c and " " not in c]
        if cyrillic:
            ru = cyrillic[-1]
            out += [(f"СИЗО, г. {ru}", t.iso_3166_2), (f"колония, г. {ru}", t.iso_3166_2),
                    (f"ИВС г. {ru}", t.iso_3166_2)]
            where = locative(ru) if t.country == "RU" and "-" not in ru else None
            if where:
                out += [(f"в СИЗО в {where}", t.iso_3166_2),
                        (f"в колонии в {where}", t.iso_3166_2),
                        (f"в ИВС в {where}", t.iso_3166_2), (f"в {where}", t.iso_3166_2)]
    return out


def locative(town: str) -> str | None:
    """A Russian town name in the locative, by the common patterns only ("Вольск" → "Вольске",
    "Тула" → "Туле", "Тверь" → "Твери"); None where they do not apply (adjectival and
    indeclinable names)."""
    if re.search(r"(?:ий|ый|ой|ое|ая|о|е|и|ы|у|ю)$", town):
        return None
    if town.endswith(("а", "я", "й")):
        return town[:-1] + "е"
    if town.endswith("ь"):
        return town[:-1] + "и"
    return town + "е"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quiet", action="store_true", help="figures only")
    args = ap.parse_args(argv)
    layer = load_facilities()
    matcher = Matcher(layer)
    refs = references(layer)
    start = time.perf_counter()
    answers = [matcher.match(r) for r, _ in refs]
    took = time.perf_counter() - start
    counts = collections.Counter(a.match_status for a in answers)
    towns = len({r.split(" in ")[-1] for r, _ in refs if " in " in r})
    print(f"{len(refs):,} references to {towns:,} towns with no registry facility "
          f"({took:.1f} s): unmatched {counts['unmatched']:,}, ambiguous "
          f"{counts['ambiguous']:,}, matched (wrong) {counts['matched']:,} "
          f"({counts['matched'] / len(refs):.2%})")
    if not args.quiet:
        for (ref, region), a in zip(refs, answers, strict=True):
            if a.match_status == "matched":
                print(f"{ref}\t({region})\t→ {a.facility_id}\t{a.match_reason[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
