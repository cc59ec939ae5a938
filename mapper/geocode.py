"""Offline geocoding: registry rows to points, with an honest precision.

A point is one of three things, in this order, and says which:
1. ``exact`` — a coordinate stated by a source (the registry's lat/lon);
2. ``settlement`` — the named settlement, looked up in the GeoNames gazetteer *within the
   named region* (so the four Olenivkas never get confused), in any script or
   transliteration;
   A village the gazetteer lacks is placed from ``geo/places_override.csv`` — only with a
   coordinate a cited source states (a Wikipedia or GeoNames page), never from memory;
   such a point says ``override:<source url>``;
3. ``region`` — the region's representative point, when no settlement is named or neither
   the gazetteer nor the overrides hold it. Never a guess.
Every point is then checked against its stated region and country polygons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from shapely.geometry import Point

from .names import skeleton, variants
from .paths import geo_dir
from .reference import countries, gazetteer, regions

#: A near spelling is accepted only one edit away from a gazetteer name, within the region,
#: and only for names this long: it admits the Russian/Ukrainian vowel shift ("Еленовка" ~
#: "Оленовка") but not a different village ("Biliaivka" vs "Brylivka" is two edits).
#: Every such match is listed in the build summary for a human to check.
FUZZY_MAX_EDITS = 1
FUZZY_MIN_LENGTH = 6
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
    """Look a settlement up within one region.

    Returns the place and, for a fuzzy match, a note saying so; or None and the reason.
    """
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
    near: set[str] = set()
    for q in (q for q in queries if len(q) >= FUZZY_MIN_LENGTH):
        for _, _dist, (gid, _k) in process.extract(q, choices, scorer=Levenshtein.distance,
                                                   score_cutoff=FUZZY_MAX_EDITS, limit=None):
            near.add(gid)
    if not near:
        return None, f"settlement '{shown}' is not in the gazetteer for {region_code}"
    if len(near) > 1:
        return None, (f"'{shown}' is one letter away from {len(near)} places in {region_code}; "
                      "set geonames_id in the registry to choose one")
    found = next(p for p in places if p.geonameid in near)
    return found, f"near spelling: '{shown}' ≈ '{found.name}' (one letter differs)"


@dataclass(frozen=True)
class Override:
    """A settlement the gazetteer lacks, with the coordinate a cited source states."""

    region_code: str
    settlement_en: str
    lat: float
    lon: float
    source_url: str


def read_overrides(path=None) -> list[Override]:
    """Read the sourced place overrides (``geo/places_override.csv``).

    Parameters
    ----------
    path : str or Path, optional
        Default ``geo/places_override.csv``; a missing file means no overrides.

    Returns
    -------
    list of Override
        One per row.

    Raises
    ------
    mapper.io.InputError
        If a row lacks its source URL or has a coordinate that is not a number.
    """
    from pathlib import Path

    from .io import InputError

    path = Path(path) if path else geo_dir() / "places_override.csv"
    if not path.exists():
        return []
    out = []
    for i, rec in enumerate(pd.read_csv(path, dtype=str, keep_default_na=False)
                            .to_dict("records"), start=2):
        if not rec.get("source_url", "").startswith(("http://", "https://")):
            raise InputError(f"{path}, row {i}: every override needs the source_url that "
                             "states its coordinate.")
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except (KeyError, ValueError) as exc:
            raise InputError(f"{path}, row {i}: lat/lon must be decimal degrees.") from exc
        out.append(Override(rec["region_code"], rec["settlement_en"], lat, lon,
                            rec["source_url"]))
    return out


@lru_cache(maxsize=1)
def _overrides() -> dict[tuple[str, str], Override]:
    return {(o.region_code, skeleton(o.settlement_en)): o for o in read_overrides()}


def find_override(settlement: str, region_code: str,
                  overrides: dict[tuple[str, str], Override] | None = None) -> Override | None:
    """The sourced override for a settlement within its region, if there is one.

    Parameters
    ----------
    settlement : str
        The settlement as the registry names it (``settlement_en``).
    region_code : str
        Its ISO 3166-2 region.
    overrides : dict, optional
        Keyed by (region code, name skeleton); default the shipped table.

    Returns
    -------
    Override or None

    Examples
    --------
    >>> find_override("Pakino", "RU-VLA").source_url.startswith("https://ru.wikipedia.org/")
    True
    >>> find_override("Pakino", "RU-MOS") is None
    True
    """
    table = _overrides() if overrides is None else overrides
    return table.get((region_code, skeleton(settlement or "")))


def place(rec: dict) -> Placement:
    """Geocode one registry record (a dict of registry columns).

    Parameters
    ----------
    rec : dict
        Registry columns of one facility.

    Returns
    -------
    Placement
        The point, its precision, where it came from and a note for the build summary.
    """
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
        notes = [reason] if reason else []
        if rec.get("address"):
            notes.append("street address known; point at the settlement")
        return Placement(found.lon, found.lat, "settlement", f"geonames:{found.geonameid}",
                         "; ".join(notes))
    override = find_override(rec.get("settlement_en", ""), code) if not gid else None
    if override is not None:
        note = f"gazetteer lacks it: coordinate from {override.source_url}"
        if rec.get("address"):
            note += "; street address known; point at the settlement"
        return Placement(override.lon, override.lat, "settlement",
                         f"override:{override.source_url}", note)
    if "not in the gazetteer" in reason:
        reason += " and geo/places_override.csv has no sourced coordinate for it"
    pt = regions().loc[code, "geometry"].representative_point()
    return Placement(round(pt.x, 6), round(pt.y, 6), "region", f"region-point:{code}", reason)


@lru_cache(maxsize=1)
def _country_shapes() -> dict:
    return {code: geom for code, geom in countries().geometry.items()}


def check_point(lon: float, lat: float, region_code: str, country: str) -> tuple[str, str]:
    """Check that a point lies in its stated region and country.

    Returns ``(error, note)``: an error when the point is clearly elsewhere; a note when it
    sits within `BOUNDARY_TOLERANCE` of its region but outside the simplified polygon (a
    coastal town, or a suburb such as Hostomel that the coarse polygons draw in Kyiv city).
    """
    reg = regions()
    pt = Point(lon, lat)
    where = f"point ({lat:.4f}, {lon:.4f})"
    if region_code not in reg.index:
        return f"unknown region {region_code}", ""
    note = ""
    poly = reg.loc[region_code, "geometry"]
    if not poly.contains(pt):
        dist = poly.distance(pt)
        others = reg.index[reg.contains(pt)].tolist()
        if dist > BOUNDARY_TOLERANCE:
            return (f"{where} lies in {others[0]}, not in {region_code}" if others else
                    f"{where} lies {dist:.2f}° outside {region_code}"), ""
        note = (f"{where} is {dist:.3f}° outside {region_code}'s simplified boundary"
                + (f", inside {others[0]}'s" if others else "") + "; accepted as boundary noise")
    shape = _country_shapes().get(country)
    if shape is None or shape.distance(pt) > BOUNDARY_TOLERANCE:
        return f"{where} lies outside country {country}", ""
    return "", note


def geocode_frame(records: pd.DataFrame) -> pd.DataFrame:
    """Placements for a table of registry records, one row each, in the same order."""
    rows = []
    for rec in records.to_dict("records"):
        pl = place(rec)
        error, note = check_point(pl.lon, pl.lat, rec["region_code"], rec["country"])
        rows.append({"lon": pl.lon, "lat": pl.lat, "geocode_precision": pl.precision,
                     "geocode_source": pl.source,
                     "geocode_note": "; ".join(n for n in (pl.note, note) if n),
                     "geocode_error": error})
    return pd.DataFrame(rows, index=records.index)
