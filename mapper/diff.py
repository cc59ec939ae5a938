"""What changed between two editions of the facility layer (`mapper diff OLD NEW`).

Reviewers read it before a new edition goes out; readers of a report can see what moved
since the edition they cited. Changes, one row each: ``added``, ``removed`` (with the id
it was merged into, from the new edition's ``former_ids``), ``moved`` (geodesic distance
in km), ``reclassified`` (type, context, detainees, country, occupation, control status,
liberation date, region or geocode precision), ``renamed``, ``corrected`` (official number,
settlement, street address), ``sources_readdressed`` (a source read at a mirror now cited at
the outlet's own address: the new edition's source has the old URL as ``retrieved_from``),
``sources_added``, ``sources_removed``.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import Geod
from shapely.geometry import LineString, Point

from .export import is_missing
from .io import feature_collection_text, printable, write_text
from .layer import read_geojson

GEOD = Geod(ellps="WGS84")
RECLASS_FIELDS = ("facility_type", "context", "reported_detainees", "country", "occupied",
                  "control_status", "liberated_date", "region_code", "geocode_precision")
#: Facts corrected or added by a review: reported as ``corrected`` (old → new).
CORRECTED_FIELDS = ("official_number", "settlement_en", "address")
NAME_FIELDS = ("name_en", "name_uk", "name_ru")
#: Points closer than this (km) count as unmoved (GeoJSON keeps 6 decimals, ~0.1 m).
MOVE_TOLERANCE_KM = 0.001
KINDS = ("added", "removed", "moved", "reclassified", "renamed", "corrected",
         "sources_readdressed", "sources_added", "sources_removed")


def _urls(value) -> list[str]:
    if not isinstance(value, (list, tuple)):
        return []
    return [s["url"] if isinstance(s, dict) else str(s) for s in value]


def _val(value):
    return None if not isinstance(value, (list, tuple)) and is_missing(value) else value


def _shown(value) -> str:
    """A value in the text report: quoted, or "none" where an edition has none."""
    return "none" if is_missing(value) else repr(value)


def distance_km(a: Point, b: Point) -> float:
    """Geodesic distance on the WGS84 ellipsoid, in km."""
    _, _, metres = GEOD.inv(a.x, a.y, b.x, b.y)
    return metres / 1000.0


def diff_layers(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per change: id, change, detail, old, new, distance_km, merged_into, geometry.

    Geometry: the new point (the old one for a removed facility); a moved facility gets a
    line from the old point to the new one. Rows are sorted by change kind, then id.
    """
    o = {r["id"]: (r, g) for r, g in zip(old.to_dict("records"), old.geometry, strict=True)}
    n = {r["id"]: (r, g) for r, g in zip(new.to_dict("records"), new.geometry, strict=True)}
    merged_into: dict[str, str] = {}
    for fid, (rec, _) in n.items():
        for former in rec.get("former_ids") or []:
            merged_into.setdefault(former, fid)
    rows: list[dict] = []

    def add(kind: str, fid: str, geom, detail: str = "", old_v=None, new_v=None, **extra):
        rows.append({"id": fid, "change": kind, "detail": detail,
                     "old": None if old_v is None else str(old_v),
                     "new": None if new_v is None else str(new_v),
                     "distance_km": extra.get("distance_km"),
                     "merged_into": extra.get("merged_into"),
                     "name_en": extra.get("name_en"), "geometry": geom})

    for fid in sorted(set(n) - set(o)):
        rec, geom = n[fid]
        formers = [f for f in (rec.get("former_ids") or []) if f in o]
        detail = f"merges {', '.join(formers)}" if formers else ""
        add("added", fid, geom, detail, name_en=rec.get("name_en"))
    for fid in sorted(set(o) - set(n)):
        rec, geom = o[fid]
        target = merged_into.get(fid)
        add("removed", fid, geom, f"merged into {target}" if target else "",
            merged_into=target, name_en=rec.get("name_en"))
    for fid in sorted(set(o) & set(n)):
        (orec, ogeom), (nrec, ngeom) = o[fid], n[fid]
        name = nrec.get("name_en")
        km = distance_km(ogeom, ngeom)
        if km > MOVE_TOLERANCE_KM:
            add("moved", fid, LineString([ogeom, ngeom]), f"{km:.1f} km",
                f"{ogeom.x:.6f},{ogeom.y:.6f}", f"{ngeom.x:.6f},{ngeom.y:.6f}",
                distance_km=round(km, 3), name_en=name)
        for field in RECLASS_FIELDS:
            a, b = _val(orec.get(field)), _val(nrec.get(field))
            if field in orec and field in nrec and a != b:
                add("reclassified", fid, ngeom, field, a, b, name_en=name)
        for field in NAME_FIELDS:
            a, b = _val(orec.get(field)), _val(nrec.get(field))
            if field in orec and field in nrec and a != b:
                add("renamed", fid, ngeom, field, a, b, name_en=name)
        for field in CORRECTED_FIELDS:
            a, b = _val(orec.get(field)), _val(nrec.get(field))
            if field in orec and field in nrec and a != b:
                add("corrected", fid, ngeom, field, a, b, name_en=name)
        ou, nu = _urls(orec.get("sources", [])), _urls(nrec.get("sources", []))
        readdressed = {src["retrieved_from"]: src["url"] for src in nrec.get("sources") or []
                       if isinstance(src, dict) and src.get("retrieved_from") in ou
                       and src.get("url") not in ou}
        for old_url, url in readdressed.items():
            add("sources_readdressed", fid, ngeom, url, old_url, url, name_en=name)
        for url in [u for u in nu if u not in ou and u not in readdressed.values()]:
            add("sources_added", fid, ngeom, url, None, url, name_en=name)
        for url in [u for u in ou if u not in nu and u not in readdressed]:
            add("sources_removed", fid, ngeom, url, url, None, name_en=name)
    cols = ["id", "change", "detail", "old", "new", "distance_km", "merged_into", "name_en"]
    df = pd.DataFrame(rows, columns=[*cols, "geometry"])
    if len(df):
        df["_k"] = df["change"].map(KINDS.index)
        df = df.sort_values(["_k", "id", "detail"], kind="stable").drop(columns="_k")
    return gpd.GeoDataFrame(df.reset_index(drop=True), geometry="geometry", crs="EPSG:4326")


def diff_files(old: str | os.PathLike, new: str | os.PathLike) -> gpd.GeoDataFrame:
    """`diff_layers` of two layer files (GeoJSON)."""
    return diff_layers(read_geojson(old), read_geojson(new))


def summary_text(changes: gpd.GeoDataFrame, old_name: str = "old", new_name: str = "new",
                 old_count: int | None = None, new_count: int | None = None) -> str:
    """The changes as text a reviewer reads top to bottom (printable: a name holding
    terminal control characters is shown escaped, see `mapper.errors.printable`)."""
    head = f"Changes from {old_name} to {new_name}"
    if old_count is not None and new_count is not None:
        head += f" ({old_count} → {new_count} facilities)"
    lines = [head + ":"]
    counts = changes["change"].value_counts() if len(changes) else pd.Series(dtype=int)
    lines += [f"  {k:20s}{int(counts.get(k, 0)):5d}" for k in KINDS]
    if not len(changes):
        return "\n".join([*lines, "", "No changes."]) + "\n"
    for kind in KINDS:
        part = changes[changes["change"] == kind]
        if not len(part):
            continue
        lines += ["", f"{kind.replace('_', ' ').capitalize()} ({len(part)}):"]
        for r in part.to_dict("records"):
            name = f" ({r['name_en']})" if isinstance(r.get("name_en"), str) else ""
            if kind in ("added", "removed"):
                extra = f": {r['detail']}" if r["detail"] else ""
                lines.append(f"  {r['id']}{name}{extra}")
            elif kind == "moved":
                lines.append(f"  {r['id']}: {r['distance_km']:.3f} km "
                             f"({r['old']} → {r['new']})")
            elif kind in ("reclassified", "renamed", "corrected"):
                lines.append(f"  {r['id']}: {r['detail']} {_shown(r['old'])} → "
                             f"{_shown(r['new'])}")
            elif kind == "sources_readdressed":
                lines.append(f"  {r['id']}: {r['old']} → {r['new']}")
            else:
                lines.append(f"  {r['id']}: {r['detail']}")
    return printable("\n".join(lines) + "\n")


def write_changes(changes: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """The changes as RFC 7946 GeoJSON for a map (points; moved ones as lines)."""
    feats = []
    cols = [c for c in changes.columns if c != "geometry"]
    for rec, geom in zip(changes[cols].to_dict("records"), changes.geometry, strict=True):
        props = {k: (None if not isinstance(v, (list, dict)) and is_missing(v) else v)
                 for k, v in rec.items()}
        if geom.geom_type == "LineString":
            g = {"type": "LineString",
                 "coordinates": [[round(x, 6), round(y, 6)] for x, y in geom.coords]}
        else:
            g = {"type": "Point", "coordinates": [geom.x, geom.y]}
        feats.append({"type": "Feature", "geometry": g, "properties": props})
    return write_text(path, feature_collection_text(feats))
