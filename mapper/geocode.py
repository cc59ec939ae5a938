"""Offline geocoding: registry rows to points, with an honest precision.

A point is one of three things, in this order, and says which:
1. ``exact`` — a coordinate stated by a source (the registry's lat/lon);
2. ``settlement`` — the named settlement, looked up in the GeoNames gazetteer *within the
   named region* (so the four Olenivkas never get confused), in any script or
   transliteration;
3. ``region`` — the region's representative point, when no settlement is named or the
   gazetteer does not hold it. Never a guess.
Every point is then checked against its stated region and country polygons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process
from shapely.geometry import Point

from .names import skeleton, variants
from .reference import countries, gazetteer, regions

#: Fuzzy matches of settlement names below this score are not trusted.
FUZZY_CUTOFF = 90.0
#: Boundaries are simplified to 0.01°: a coastal or border town may fall just outside its
#: region's polygon. Within this distance (degrees, ~10 km) of its own region and inside no
#: other region, the point is accepted.
BOUNDARY_TOLERANCE = 0.1


@dataclass(frozen=True)
class Placement:
    """Where a facility was put and why."""

    lon: float
    lat: float
    precision: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class _Place:
    geonameid: str
    name: str
    lat: float
    lon: float
    keys: frozenset[str]


@lru_cache(maxsize=1)
def _places_by_region() -> dict[str, list[_Place]]:
    """Gazetteer places grouped by ISO 3166-2 region, each with its name keys."""
    out: dict[str, list[_Place]] = defaultdict(list)
    for rec in gazetteer().itertuples(index=False):
        names = [rec.name, *str(rec.cyrillic_names or "").split("|")]
        keys = frozenset(skeleton(n) for n in names if n)
        out[rec.iso_3166_2].append(
            _Place(str(rec.geonameid), rec.name, float(rec.lat), float(rec.lon), keys))
    return dict(out)


def find_settlement(names: list[str], region_code: str) -> tuple[_Place | None, str]:
    """Look a settlement up within one region; return the place or the reason it failed."""
    places = _places_by_region().get(region_code, [])
    queries = {skeleton(v) for n in names for v in variants(n)} - {""}
    shown = " / ".join(n for n in names if n)
    if not queries:
        return None, "no settlement named"
    exact = {p.geonameid: p for p in places if p.keys & queries}
    if len(exact) == 1:
        return next(iter(exact.values())), ""
    if len(exact) > 1:
        ids = ", ".join(f"{p.name} geonames:{p.geonameid}" for p in exact.values())
        return None, (f"{len(exact)} places named '{shown}' in {region_code} ({ids}); "
                      "set geonames_id in the registry to choose one")
    choices = {(p.geonameid, k): k for p in places for k in p.keys}
    best: dict[str, float] = {}
    for q in queries:
        for _, score, (gid, _k) in process.extract(q, choices, scorer=fuzz.ratio,
                                                   score_cutoff=FUZZY_CUTOFF, limit=10):
            best[gid] = max(best.get(gid, 0.0), score)
    if not best:
        return None, f"settlement '{shown}' is not in the gazetteer for {region_code}"
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, (f"'{shown}' fits {len(ranked)} places in {region_code} equally; "
                      "set geonames_id in the registry to choose one")
    gid = ranked[0][0]
    return next(p for p in places if p.geonameid == gid), ""


def place(rec: dict) -> Placement:
    """Geocode one registry record (a dict of registry columns)."""
    code = rec["region_code"]
    if rec.get("lat") and rec.get("lon"):
        return Placement(float(rec["lon"].replace(",", ".")), float(rec["lat"].replace(",", ".")),
                         "exact", "source")
    gid = rec.get("geonames_id", "")
    if gid:
        found = next((p for p in _places_by_region().get(code, []) if p.geonameid == gid), None)
        reason = "" if found else f"geonames_id {gid} is not a place in {code}"
    else:
        found, reason = find_settlement([rec.get("settlement_en", ""),
                                         rec.get("settlement_local", "")], code)
    if found is not None:
        note = "street address known; point at the settlement" if rec.get("address") else ""
        return Placement(found.lon, found.lat, "settlement", f"geonames:{found.geonameid}", note)
    pt = regions().loc[code, "geometry"].representative_point()
    return Placement(round(pt.x, 6), round(pt.y, 6), "region", f"region-point:{code}", reason)


def check_point(lon: float, lat: float, region_code: str, country: str) -> str:
    """Empty if the point lies in its region and country; else what is wrong."""
    reg = regions()
    pt = Point(lon, lat)
    if region_code not in reg.index:
        return f"unknown region {region_code}"
    poly = reg.loc[region_code, "geometry"]
    if not poly.contains(pt):
        others = reg.index[reg.contains(pt)].tolist()
        if others:
            return f"point ({lat:.4f}, {lon:.4f}) lies in {others[0]}, not in {region_code}"
        dist = poly.distance(pt)
        if dist > BOUNDARY_TOLERANCE:
            return (f"point ({lat:.4f}, {lon:.4f}) lies {dist:.2f}° outside {region_code}")
    ctry = countries()
    if country in ctry.index and ctry.loc[[country]].distance(pt).min() > BOUNDARY_TOLERANCE:
        return f"point ({lat:.4f}, {lon:.4f}) lies outside country {country}"
    return ""


def geocode_frame(records: pd.DataFrame) -> pd.DataFrame:
    """Placements for a table of registry records, one row each, in the same order."""
    rows = []
    for rec in records.to_dict("records"):
        pl = place(rec)
        rows.append({"lon": pl.lon, "lat": pl.lat, "geocode_precision": pl.precision,
                     "geocode_source": pl.source, "geocode_note": pl.note,
                     "geocode_error": check_point(pl.lon, pl.lat, rec["region_code"],
                                                  rec["country"])})
    return pd.DataFrame(rows, index=records.index)
