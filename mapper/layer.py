"""The facility layer: build it from the registry, write it, load it.

`build_layer` is the whole of `mapper build` as a function: registry in, GeoDataFrame and a
report out. `write_layer` writes RFC 7946 GeoJSON deterministically and atomically;
`load_facilities` reads it back for researchers' scripts and notebooks.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import schema
from ._progress import progress
from .errors import BuildError  # also the old import path mapper.layer.BuildError
from .geocode import geocode_frame
from .io import InputError, feature_collection_text, printable, write_text
from .paths import layer_path
from .reference import regions
from .registry import (
    Problem,
    load_registry,
    parse_bool,
    source_warnings,
    split_dates,
    split_list,
    split_urls,
    validate_registry,
)
from .sources import SourceTables, default_tables
from .territory import control_for

#: What the Kharkiv Human Rights Protection Group counts (see shared seeds): the yardstick.
KNOWN_TOTALS = {"RU": 196, "UA_occupied": 84}


@dataclass
class BuildReport:
    """What a build did, for the summary a researcher can quote."""

    layer: gpd.GeoDataFrame
    registry_rows: int
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (id, precision, note)
    warnings: list[str] = field(default_factory=list)  # source URLs that are mirrors

    def summary(self) -> str:
        """The build summary a researcher can quote.

        Coverage against the known totals split by context (KHPG counts places holding
        Ukrainians since 2022: a political-prisoner colony is not one of them), control on
        the edition date, precision, type, context, sources, and each point to check.

        Returns
        -------
        str
            Plain text, one fact per line.
        """
        gdf = self.layer
        n = len(gdf)
        lines = [f"Built {n} facilities from {self.registry_rows} registry rows.", ""]
        lines += coverage_lines(gdf)
        control = Counter(gdf["control_status"]) if "control_status" in gdf else Counter()
        if control:
            dated = int(((gdf["control_status"] == "liberated")
                         & gdf["liberated_date"].notna()).sum())
            lines += ["", "Control on the edition date:"]
            lines += [f"  {k:22s}{control.get(k, 0):4d}" for k in schema.CONTROL_STATUSES]
            lines.append(f"  (liberated with a sourced date: {dated} of "
                         f"{control.get('liberated', 0)})")
        for title, col, order in (
            ("Geocode precision", "geocode_precision", schema.PRECISIONS),
            ("Facility type", "facility_type", schema.FACILITY_TYPES),
            ("Context", "context", schema.CONTEXTS),
        ):
            counts = Counter(gdf[col])
            lines += ["", f"{title}:"]
            lines += [f"  {k:22s}{counts.get(k, 0):4d}" for k in order if counts.get(k, 0)]
        fuzzy = [(fid, note) for fid, _prec, note in self.notes if "near spelling" in note]
        if fuzzy:
            lines += ["", f"Settlements matched by a near spelling ({len(fuzzy)}): check them."]
            lines += [f"  {fid}: {note}" for fid, note in fuzzy]
        edge = [(fid, note) for fid, _prec, note in self.notes if "boundary noise" in note]
        if edge:
            lines += ["", f"Points just outside their region's simplified boundary ({len(edge)}):"]
            lines += [f"  {fid}: {note}" for fid, note in edge]
        lines += ["", *source_lines(gdf)]
        if self.warnings:
            lines += ["", f"Source URLs that are mirrors, previews or carry tracking parameters "
                      f"({len(self.warnings)}): canonical address not established "
                      "(see geo/REVIEW.md)."]
            lines += [f"  {w}" for w in self.warnings]
        fallbacks = [(fid, note) for fid, prec, note in self.notes if prec == "region"]
        if fallbacks:
            lines += ["", f"Placed at region level only ({len(fallbacks)}): the point is the "
                      "region's representative point, not the facility."]
            lines += [f"  {fid}: {note}" for fid, note in fallbacks]
        return printable("\n".join(lines))


def coverage_lines(gdf: gpd.GeoDataFrame) -> list[str]:
    """Coverage against KHPG's totals (196 in Russia, 84 in occupied Ukraine), by context.

    KHPG counts places where Ukrainians have been held since 2022, so only the
    ``captivity_since_2022`` rows are comparable; the other contexts are listed beside.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        A facility layer.

    Returns
    -------
    list of str
        Lines of the summary.
    """
    lines = ["Coverage against KHPG's count (196 in Russia, 84 in occupied Ukraine; places "
             "holding Ukrainians since 2022):"]
    for label, mask, known in (
            ("Russia", gdf.country == "RU", KNOWN_TOTALS["RU"]),
            ("occupied Ukraine", (gdf.country == "UA") & gdf.occupied,
             KNOWN_TOTALS["UA_occupied"])):
        part = gdf[mask]
        since22 = int((part.context == "captivity_since_2022").sum())
        others = Counter(part.context[part.context != "captivity_since_2022"])
        lines.append(f"  {label:18s}{len(part):4d} facilities; captivity since 2022: "
                     f"{since22} of {known} ({since22 / known:.0%})")
        if others:
            lines.append("  " + " " * 18 + "    other contexts: " + ", ".join(
                f"{k} {others[k]}" for k in schema.CONTEXTS if others.get(k)))
    ua_other = int(((gdf.country == "UA") & ~gdf.occupied).sum())
    if ua_other:
        lines.append(f"  Ukraine, not occupied {ua_other}")
    return lines


def source_lines(gdf: gpd.GeoDataFrame) -> list[str]:
    """How complete the sources are: publisher, title, date and retrieved-from counts.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        A facility layer.

    Returns
    -------
    list of str
        Lines of the summary.
    """
    srcs = [s for lst in gdf["sources"] for s in (lst if isinstance(lst, list) else [])]
    urls = {s["url"] for s in srcs}
    n = len(srcs)

    def has(key: str) -> int:
        return sum(1 for s in srcs if s.get(key))

    return [f"Sources: {n} citations of {len(urls)} URLs; with publisher {has('publisher')}, "
            f"title {has('title')}, date {has('date')}; read at a mirror (retrieved_from) "
            f"{has('retrieved_from')}."]


def _sources(rec: dict, tables: SourceTables) -> list[dict]:
    urls, dates = split_urls(rec["source_urls"]), split_dates(rec["source_dates"])
    return [tables.describe(u, None if d == "n.d." else d)
            for u, d in zip(urls, dates, strict=True)]


def build_layer(registry: pd.DataFrame | str | os.PathLike | None = None) -> BuildReport:
    """Validate and geocode a registry into the facility layer (offline).

    Each facility gets a point: the coordinate its source states, else the GeoNames place
    named in its region, else the region's representative point (``geocode_precision``
    says which), checked to lie in its region and country.

    Parameters
    ----------
    registry : pandas.DataFrame or str or os.PathLike, optional
        A registry table (`load_registry`) or its file. Default: ``geo/registry.csv``.

    Returns
    -------
    BuildReport
        ``.layer`` (the GeoDataFrame, WGS84, sorted by id), ``.registry_rows``,
        ``.notes`` (each fallback) and ``.summary()``: the text `mapper build` prints.

    Raises
    ------
    BuildError
        Listing every problem when the registry is invalid or a point falls outside its
        stated region or country; nothing is written then.

    Examples
    --------
    >>> import mapper
    >>> report = mapper.build_layer()
    >>> report.layer.crs.to_epsg(), report.registry_rows == len(report.layer)
    (4326, True)
    """
    reg = registry if isinstance(registry, pd.DataFrame) else load_registry(registry)
    for col in schema.REGISTRY_DEFAULTS:
        if col not in reg.columns:
            reg = reg.assign(**{col: ""})
    # what reading had to repair (merged cells, another sheet, encodings) is not built on
    problems = list(reg.attrs.get("warnings", [])) + validate_registry(reg)
    if problems:
        raise BuildError(problems)
    placed = geocode_frame(reg)
    path, first = reg.attrs.get("path", "registry"), reg.attrs.get("first_row", 2)
    errors = [Problem(path, first + i, rec["id"], err, "check region_code, country and the "
                      "coordinate or settlement against the sources")
              for i, (rec, err) in enumerate(zip(reg.to_dict("records"),
                                                 placed["geocode_error"], strict=True)) if err]
    if errors:
        raise BuildError(errors)
    names = regions()
    tables = default_tables()
    records, notes = [], []
    for rec, pl in progress(zip(reg.to_dict("records"), placed.to_dict("records"), strict=True),
                            total=len(reg), desc="Building the layer", unit="facility"):
        code = rec["region_code"]
        control = control_for(rec["country"], code, rec.get("settlement_en"),
                              facility_id=rec["id"])
        out = {
            "id": rec["id"], "name_en": rec["name_en"],
            "name_uk": rec.get("name_uk") or None, "name_ru": rec.get("name_ru") or None,
            "aliases": split_list(rec.get("aliases", "")),
            "facility_type": rec["facility_type"],
            "official_number": rec.get("official_number") or None,
            "country": rec["country"],
            "occupied": bool(parse_bool(rec["occupied"])),
            "control_status": control.status, "liberated_date": control.liberated_date,
            "region_code": code,
            "region_en": rec.get("region_en") or names.loc[code, "name_en"],
            "region_uk": names.loc[code, "name_uk"] or None,
            "region_ru": names.loc[code, "name_ru"] or None,
            "settlement_en": rec.get("settlement_en") or None,
            "settlement_local": rec.get("settlement_local") or None,
            "address": rec.get("address") or None,
            "geocode_precision": pl["geocode_precision"],
            "geocode_source": pl["geocode_source"],
            "sources": _sources(rec, tables),
            "reported_detainees": rec["reported_detainees"], "context": rec["context"],
            "first_reported": rec.get("first_reported") or None,
            "last_reported": rec.get("last_reported") or None,
            "former_ids": split_list(rec.get("former_ids", "")),
            "notes": rec.get("notes") or None,
        }
        records.append(out)
        if pl["geocode_note"] or pl["geocode_precision"] == "region":
            notes.append((rec["id"], pl["geocode_precision"], pl["geocode_note"]))
    gdf = gpd.GeoDataFrame(records, geometry=gpd.points_from_xy(placed["lon"], placed["lat"]),
                           crs="EPSG:4326")
    gdf = gdf.sort_values("id", kind="stable").reset_index(drop=True)
    return BuildReport(layer=gdf, registry_rows=len(reg), notes=sorted(notes),
                       warnings=[str(w) for w in source_warnings(reg)])


def to_features(gdf: gpd.GeoDataFrame, fields: tuple[str, ...] | None = None) -> list[dict]:
    """GeoJSON feature dicts in schema field order (extra columns, e.g. counts, after)."""
    names = list(fields) if fields is not None else (
        [f.name for f in schema.LAYER_FIELDS if f.name in gdf.columns]
        + [c for c in gdf.columns if c not in schema.FIELDS_BY_NAME and c != "geometry"])
    feats = []
    for rec, geom in zip(gdf[names].to_dict("records"), gdf.geometry, strict=True):
        feats.append({"type": "Feature",
                      "geometry": {"type": "Point", "coordinates": [geom.x, geom.y]},
                      "properties": rec})
    return feats


def write_layer(gdf: gpd.GeoDataFrame, path: str | os.PathLike | None = None,
                fields: tuple[str, ...] | None = None) -> Path:
    """Write the layer as RFC 7946 GeoJSON: same layer, same bytes; atomic.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The facility layer (joined or not); reprojected to WGS84 if needed.
    path : str or os.PathLike, optional
        The file to write. Default: ``facilities.geojson`` in the working directory.
    fields : tuple of str, optional
        The properties to write, in this order. Default: the schema's fields in schema
        order, then any other columns (counts).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib, mapper
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "facilities.geojson"
    >>> mapper.write_layer(mapper.load_facilities(), out).name
    'facilities.geojson'
    """
    path = Path(path or "facilities.geojson")  # the working directory, never the package
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    return write_text(path, feature_collection_text(to_features(gdf, fields)))


#: Properties that hold lists (of strings, or of source objects).
LIST_FIELDS = ("aliases", "sources", "former_ids")
#: Beyond these a coordinate cannot be degrees; projected metres are far larger still.
_DEGREES = (180.0, 90.0)


def list_from_text(value) -> list | None:
    """A list that a GIS tool saved as text, as a list again; None if ``value`` is not one.

    QGIS and ogr2ogr write list fields as JSON text (``'["a", "b"]'``) in GeoJSON and as
    ``(2:a,b)`` / ``(0)`` in other drivers.

    Parameters
    ----------
    value : object
        A property value.

    Returns
    -------
    list or None
        The list, or None when ``value`` is not a list written as text.

    Examples
    --------
    >>> list_from_text('["СІЗО-2", "SIZO 2"]'), list_from_text("(2:a,b)"), list_from_text("(0)")
    (['СІЗО-2', 'SIZO 2'], ['a', 'b'], [])
    >>> list_from_text("plain text") is None
    True
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            return None
        return parsed if isinstance(parsed, list) else None
    m = re.fullmatch(r"\((\d+)(?::(.*))?\)", text, flags=re.S)
    if m:
        items = m.group(2).split(",") if m.group(2) else []
        return items if len(items) == int(m.group(1)) else None
    return None


def layer_problems(data, path: str | os.PathLike) -> tuple[list[Problem], list[Problem]]:
    """What is wrong with a parsed GeoJSON layer: (problems, repairable).

    The one set of structural checks `mapper validate` and every layer reader share: a
    FeatureCollection (not a bare list of features); each feature a Point with two finite
    numbers in degrees (not null, not a MultiPoint, not NaN/inf, not Web-Mercator metres);
    an id, unique. *Repairable*: list fields saved as text by QGIS/ogr2ogr (`read_geojson`
    reads them back as lists).

    Parameters
    ----------
    data : object
        The parsed JSON.
    path : str or os.PathLike
        The file, for the messages.

    Returns
    -------
    (list of Problem, list of Problem)
        Problems that make the layer unusable, and the repairable ones.
    """
    path = str(path)
    if isinstance(data, list):
        return [Problem(path, None, "", f"a bare list of {len(data)} features, not a GeoJSON "
                        "FeatureCollection",
                        'wrap it as {"type": "FeatureCollection", "features": [...]}')], []
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        return [Problem(path, None, "", "not a GeoJSON FeatureCollection",
                        "export the layer as GeoJSON (RFC 7946)")], []
    problems: list[Problem] = []
    repairs: list[Problem] = []
    seen: dict[str, int] = {}
    for i, feat in enumerate(data["features"], start=1):
        if not isinstance(feat, dict):
            problems.append(Problem(path, None, f"feature {i}", "is not a GeoJSON Feature"))
            continue
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        fid = props.get("id")
        who = fid if isinstance(fid, str) and fid else f"feature {i}"

        def add(msg: str, hint: str = "", who: str = who) -> None:
            problems.append(Problem(path, None, who, msg, hint))

        if not isinstance(fid, str) or not fid.strip():
            add("has no id" if fid in (None, "") else f"id {fid!r} is not text",
                "every facility needs its stable id (e.g. ru-rostov-taganrog-sizo-2)")
        elif fid in seen:
            add(f"duplicate id '{fid}' (also feature {seen[fid]})", "ids must be unique")
        else:
            seen[fid] = i
        geom = feat.get("geometry")
        if not isinstance(geom, dict):
            add("has no geometry (null)", "give the facility its point, or remove the feature")
        elif geom.get("type") != "Point":
            add(f"geometry is a {geom.get('type')}, not a Point",
                "one facility is one Point: keep the facility's own point")
        else:
            c = geom.get("coordinates")
            if not (isinstance(c, list) and len(c) in (2, 3)
                    and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                            for v in c)):
                add(f"coordinates {c!r} are not two numbers", "write [lon, lat] in degrees")
            elif not all(math.isfinite(v) for v in c):
                add(f"coordinates {c[:2]} are not finite (NaN or infinity)",
                    "write [lon, lat] in degrees; the export that made them is broken")
            elif abs(c[0]) > _DEGREES[0] or abs(c[1]) > _DEGREES[1]:
                metres = abs(c[0]) > 1000 or abs(c[1]) > 1000
                add(f"coordinates {c[:2]} are not degrees"
                    + (" (they look like Web-Mercator metres, EPSG:3857)" if metres else ""),
                    "reproject to WGS84 lon/lat (EPSG:4326), e.g. "
                    "ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson")
        for name in LIST_FIELDS:
            if isinstance(props.get(name), str) and list_from_text(props[name]) is not None:
                repairs.append(Problem(path, None, who, f"'{name}' holds a list saved as text "
                                       "(as QGIS/ogr2ogr write it); read as a list",
                                       "export list fields as JSON arrays"))
    return problems, repairs


def read_geojson(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read a GeoJSON layer keeping list and object properties as Python values.

    (GDAL would flatten `sources` and `aliases` to strings.) Lists that a GIS tool saved as
    text are read back as lists, each repair listed in ``gdf.attrs["warnings"]``; a layer
    that cannot be used (see `layer_problems`) raises `InputError` naming each problem.

    Parameters
    ----------
    path : str or os.PathLike
        A GeoJSON FeatureCollection of Points.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, WGS84, columns in the file's property order.

    Raises
    ------
    InputError
        When the file is not JSON, not a FeatureCollection, or a feature has no usable
        point or id.

    Examples
    --------
    >>> import mapper
    >>> from mapper.paths import layer_path
    >>> gdf = mapper.read_geojson(layer_path())
    >>> type(gdf.loc[0, "sources"]).__name__
    'list'
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable GeoJSON file ({exc}).") from exc
    problems, repairs = layer_problems(data, path)
    if problems:
        shown = "\n  ".join(str(p) for p in problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise InputError(f"{path}: this layer cannot be used ({len(problems)} problem(s)):\n"
                         f"  {shown}{more}\nRun `mapper validate {path}` for the whole list.")
    feats = data["features"]
    if repairs:
        feats = json.loads(json.dumps(feats, allow_nan=False))
        for feat in feats:
            props = feat["properties"]
            for name in LIST_FIELDS:
                if isinstance(props.get(name), str):
                    fixed = list_from_text(props[name])
                    props[name] = fixed if fixed is not None else props[name]
    gdf = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
    cols = [c for c in (feats[0]["properties"] if feats else {}) if c in gdf.columns]
    gdf = gdf[[*cols, "geometry"]]
    gdf.attrs["warnings"] = repairs
    return gdf


def load_facilities(path: str | os.PathLike | None = None) -> gpd.GeoDataFrame:
    """The facility layer as a GeoDataFrame (WGS84), one row per facility.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A layer file. Default: the committed ``facilities.geojson`` (shipped in the wheel).

    Returns
    -------
    geopandas.GeoDataFrame
        One Point per facility with its names, type, place, precision and sources (see
        ``docs/data-dictionary.md``).

    Raises
    ------
    InputError
        When the file cannot be read.

    Examples
    --------
    >>> import mapper
    >>> gdf = mapper.load_facilities()
    >>> gdf.loc[gdf.id == "ua-crimea-simferopol-sizo-1", "country"].item()
    'UA'
    """
    return read_geojson(path or layer_path())
