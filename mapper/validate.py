"""`mapper validate`: check any file the project reads and explain each problem.

The kind of file is recognised from its content: a GeoJSON layer, a facility registry
(it has `source_urls`), or a testimony table.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from jsonschema import Draft202012Validator

from . import schema
from .geocode import check_point
from .io import InputError, printable, read_table
from .layer import LIST_FIELDS, layer_problems, list_from_text
from .publish import (
    DASH,
    DEFAULT_THRESHOLD,
    TABLE_FIELDS,
    TOTAL,
    Cell,
    breakdowns,
    count_columns,
    feasible,
    parse_label,
)
from .registry import Problem, validate_registry


def validate_layer_file(path: str | os.PathLike) -> list[Problem]:
    """Check a facility layer against RFC 7946, the schema and the boundaries.

    Structural problems (not a FeatureCollection, a feature without a usable point or id)
    are told once, in plain words (`mapper.layer.layer_problems`); then each feature is
    checked against the schema (messages sorted by field), for more than 6 decimals, and
    for a point outside its stated region or country.

    Parameters
    ----------
    path : str or os.PathLike
        A GeoJSON layer.

    Returns
    -------
    list of Problem
        Each naming the file and the feature (its id, else ``feature N``); empty: none.

    Examples
    --------
    >>> from mapper.paths import layer_path
    >>> validate_layer_file(layer_path())
    []
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [Problem(str(path), None, "", f"not a readable GeoJSON file ({exc})")]
    structural, repairs = layer_problems(data, path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        return structural
    problems: list[Problem] = [*structural, *repairs]
    broken = {p.facility for p in structural}  # told once, in plain words, above
    if "crs" in data:
        problems.append(Problem(str(path), None, "", "has a 'crs' member, which RFC 7946 removed",
                                "write WGS84 lon/lat without a crs member"))
    validator = Draft202012Validator(schema.json_schema())
    for i, feat in enumerate(data["features"], start=1):
        if not isinstance(feat, dict):
            continue
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        fid = props.get("id") if isinstance(props.get("id"), str) and props.get("id") \
            else ""
        who = fid or f"feature {i}"

        def add(msg: str, hint: str = "", who: str = who) -> None:
            problems.append(Problem(str(path), None, who, msg, hint))

        for err in sorted(validator.iter_errors(feat), key=lambda e: [str(p) for p in e.path]):
            where = [str(p) for p in err.path]
            if who in broken and (not where or where[0] == "geometry"
                                  or where[-1] == "id" or "'id'" in err.message):
                continue  # a missing point or id is told above, in plain words
            if len(where) >= 2 and where[1] in LIST_FIELDS and list_from_text(
                    props.get(where[1])) is not None:
                continue  # a list saved as text: told above
            add(f"{'.'.join(where) or 'feature'}: {printable(err.message)[:200]}")
        if who in broken:
            continue
        # not broken: a Point of 2 (or 3, told above by the schema) finite numbers in degrees
        lon, lat = feat["geometry"]["coordinates"][:2]
        # more than 6 decimals: rounding changes the number (also written as 1.2345678e-05,
        # which the count of digits after a "." in repr() used to miss)
        if round(lon, 6) != lon or round(lat, 6) != lat:
            add("coordinates have more than 6 decimals", "round to 6 decimals (RFC 7946 §11.2)")
        if props.get("region_code") and props.get("country"):
            err, _ = check_point(lon, lat, props["region_code"], props["country"])
            if err:
                add(err, "lon comes first in GeoJSON: check the order and the region")
    return problems


def validate_file(path: str | os.PathLike, reference: str | None = None, *,
                  sheet: str | int | None = None) -> tuple[str, list[Problem]]:
    """Validate a layer, registry or testimony file; return its kind and its problems.

    What reading had to repair (merged cells, other sheets, encodings, a title above the
    header...) is reported as a problem too.

    Parameters
    ----------
    path : str or os.PathLike
        A registry, layer (GeoJSON) or testimony file (CSV/XLSX).
    reference : str, optional
        A testimony file's facility column when it is not a default name.
    sheet : str or int, optional
        A workbook's sheet (default: the first).

    Returns
    -------
    (str, list of Problem)
        The kind of file found, and its problems (empty: none).
    """
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        return "facility layer", validate_layer_file(path)
    try:
        df = read_table(path, sheet=sheet)
    except InputError as exc:
        return "file", [Problem(str(path), None, "", str(exc).removeprefix(f"{path}: "))]
    read = list(df.attrs.get("warnings", []))  # what reading had to repair is a problem too
    if "source_urls" in df.columns or "facility_type" in df.columns:
        return "facility registry", read + validate_registry(df)
    from .testimonies import validate_testimonies

    # validate_testimonies reports column errors (a missing or doubled reference column) as
    # problems itself, so nothing here can raise for a readable table
    return "testimony file", read + validate_testimonies(df, reference=reference)


def source_warnings_for(path: str | os.PathLike) -> list[Problem]:
    """Source URLs in a registry or layer that are mirrors, CMS previews or carry tracking
    parameters (`mapper.sources.mirror_reason`): warnings, not errors.

    Parameters
    ----------
    path : str or os.PathLike
        A registry (CSV/XLSX with ``source_urls``) or a facility layer (GeoJSON).

    Returns
    -------
    list of Problem
        One per such URL; empty for other files or when the file cannot be read (its
        errors are reported by `validate_file`).
    """
    from .registry import source_warnings
    from .sources import mirror_reason

    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            feats = json.loads(path.read_text(encoding="utf-8")).get("features", [])
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            return []
        out = []
        for i, feat in enumerate(feats, start=1):
            props = feat.get("properties") or {}
            for src in props.get("sources") or []:
                url = src.get("url", "") if isinstance(src, dict) else str(src)
                why = mirror_reason(url)
                if why:
                    out.append(Problem(str(path), None, str(props.get("id") or f"feature {i}"),
                                       f"source URL '{url}' is not the outlet's own address: "
                                       f"{why}", "use the canonical address; keep this one as "
                                       "retrieved_from"))
        return out
    try:
        df = read_table(path)
    except InputError:
        return []
    return source_warnings(df) if "source_urls" in df.columns else []


# --- public checks: `mapper validate --public` ------------------------------------------
# (section: public-checks, owned by the publishing branch; malformed-layer handling lives
# above.) A published file is read whole — every layer of a GeoPackage and its metadata
# tables, every sheet of an XLSX, a GeoJSON's foreign members (top level and per feature),
# KML descriptions and ExtendedData, Parquet key-value metadata, every string of every
# field (nested `sources` included) — and the tables of one output set are read together,
# so that a region total cannot give a hidden facility count back by subtraction.


#: Column names that look like personal data (matched on words of the name).
PERSONAL = re.compile(
    r"(^|_)(surname|first_?name|last_?name|full_?name|given_?name|family_?name|patronymic|"
    r"middle_?name|person|name|phone|tel|telephone|mobile|email|e_?mail|passport|birth|"
    r"born|dob|birthday|age|sex|gender|address_home|home|relative|contact|witness|victim|"
    r"detainee|prisoner|inn|snils|id_?card|tax_?id|unit|rank|callsign|telegram|whatsapp|"
    r"viber|signal)($|_)", re.IGNORECASE)
#: E-mail addresses, also written as ``name (at) host (dot) org`` or ``name [at] host.org``.
EMAIL = re.compile(r"[\w.+-]+\s*(?:@|[(\[{]\s*at\s*[)\]}])\s*[\w-]+"
                   r"(?:\s*(?:\.|[(\[{]\s*dot\s*[)\]}])\s*[\w-]+)+", re.IGNORECASE)
#: A run of digits that may be a phone number: ``+380 67 123 45 67``, ``+380671234567``,
#: ``(067) 123-45-67``, ``8-800-555-35-35``, ``+7 (999) 123-45-67``, ``0671234567``. Not
#: inside a word, a URL path or query, or a decimal number. Whether it is one is decided
#: by `_is_phone` (how many digits; not a date).
_PHONE_RUN = re.compile(r"(?<![\w/=#%&?@+-])(?<!\d[.,])(?:\+|\b00)?\(?\d[\d \u00a0()\-‐‑]{6,24}\d"
                        r"(?![\w/])")
_DATE_IN_RUN = re.compile(r"(?<!\d)(?:19|20)\d\d-\d\d(?:-\d\d)?(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: Columns that export formats add and that carry nothing personal.
FORMAT_COLUMNS = {"lon", "lat", "wkt", "geometry", "sources_json",
                  # GDAL's KML readers add these
                  "Name", "description", "timestamp", "begin", "end", "altitudeMode",
                  "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet",
                  "id2"}
#: Columns that hold coordinates, never text worth scanning.
_GEOMETRY = {"geometry", "wkt", "lon", "lat"}
#: Members a public GeoJSON written by mapper may carry besides ``type`` and ``features``.
GEOJSON_MEMBERS = {"type", "features", "bbox", "synthetic", "synthetic_note"}
FEATURE_MEMBERS = {"type", "id", "geometry", "properties", "bbox"}
#: Parquet key-value metadata that GeoParquet writers add (GeoParquet, Arrow, pandas).
PARQUET_KEYS = {b"geo", b"ARROW:schema", b"pandas"}
#: The GeoPackage's own tables (OGC 12-128r18 and its registered extensions; GDAL's
#: ``gpkg_ogr_contents``). Any other table that GDAL does not list as a layer is reported.
#: QGIS's default-style table, which `mapper export` writes into every GeoPackage.
STYLE_TABLE = "layer_styles"
GPKG_TABLES = {"gpkg_contents", "gpkg_spatial_ref_sys", "gpkg_geometry_columns",
               "gpkg_extensions", "gpkg_tile_matrix", "gpkg_tile_matrix_set",
               "gpkg_ogr_contents", "gpkg_metadata", "gpkg_metadata_reference",
               "gpkg_data_columns", "gpkg_data_column_constraints"}
#: What `mapper join -o NAME.geojson` writes beside the layer that may be published.
JOIN_TABLES = ("_regions.csv", "_flows.csv", "_flows.geojson")


def _is_phone(run: str) -> bool:
    """Whether a `_PHONE_RUN` match is a phone number (not a date, a year list, an id)."""
    if _DATE_IN_RUN.search(run):
        return False
    groups = re.findall(r"\d+", run)
    if all(_YEAR.fullmatch(g) for g in groups):
        return False
    digits = sum(len(g) for g in groups)
    if run.startswith(("+", "00")):
        return 9 <= digits <= 15  # E.164 numbers have at most 15 digits
    return 10 <= digits <= 13


def find_contacts(text: str) -> list[str]:
    """E-mail addresses and phone numbers in ``text``, in any common notation.

    Parameters
    ----------
    text : str
        Any text of a published file.

    Returns
    -------
    list of str
        What looks like an e-mail address or a phone number, in order of appearance.

    Examples
    --------
    >>> find_contacts("call +7 (999) 123-45-67 or write to a.b@example.org")
    ['a.b@example.org', '+7 (999) 123-45-67']
    >>> find_contacts("SIZO-2, 2022-03-01, https://t.me/s/channel/1234567890")
    []
    """
    found = [m.group(0) for m in EMAIL.finditer(text)]
    found += [m.group(0).strip() for m in _PHONE_RUN.finditer(text) if _is_phone(m.group(0))]
    return found


def _strings(value) -> Iterator[str]:
    """Every string inside a cell: lists, dicts (``sources``) and JSON text included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif hasattr(value, "tolist") and not isinstance(value, (int, float)):
        yield from _strings(value.tolist())


def _contact_problems(file: str, row: int | None, who: str, where: str,
                      values: Iterable) -> list[Problem]:
    out = []
    for text in (t for v in values for t in _strings(v)):
        for hit in find_contacts(text):
            out.append(Problem(file, row, who, f"{where} holds what looks like an e-mail "
                               f"address or phone number ('{hit}')",
                               "remove personal contact data"))
    return out


@dataclass
class PublishedTable:
    """One table of a published file: a layer, a sheet, the flows or the regions."""

    file: str
    df: pd.DataFrame
    first_row: int | None = None  # line number of the first data row (text tables)
    unit: str = "row"  # how a row is named: "row" or "feature"


@dataclass
class PublishedFile:
    """Everything read from one file: its tables and what was found outside them."""

    tables: list[PublishedTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _row_name(rec: dict, i: int, unit: str | None) -> str:
    """How a row is named in a message: its id (or route, or region), else ``unit i``
    (nothing when ``unit`` is None: the row's line number names it)."""
    for key in ("id", "from_id", "region_code"):
        v = rec.get(key)
        if isinstance(v, str) and v:
            return v + (f" → {rec['to_id']}" if key == "from_id" and rec.get("to_id") else "")
    return f"{unit} {i}" if unit else ""


def _range_problem(cell: Cell, threshold: int) -> str | None:
    """Why a published range gives a small count away (None if it does not).

    A range within the small counts must be the whole ``1–(N-1)`` (or start at 0): ``2–3``
    or ``1-2`` narrow a hidden count. A range that starts among the small counts and ends
    above them (a region's ``2–8`` from two facilities of ``1–4``) must span N values.
    """
    if cell.exact or cell.lo >= threshold:
        return None
    if cell.hi < threshold:
        if cell.lo > 1 or cell.hi < threshold - 1:
            return (f"a narrower range than 1{DASH}{threshold - 1}: it tells a small count "
                    "apart")
        return None
    if cell.lo > 1 and cell.hi - cell.lo + 1 < threshold:
        return f"narrower than {threshold} values while it may hold a small count"
    return None


def check_table(df: pd.DataFrame, file: str, threshold: int = DEFAULT_THRESHOLD,
                first_row: int | None = None, unit: str = "row") -> list[Problem]:
    """Every leak in one published table: fields, contacts, small counts, derivable counts.

    Parameters
    ----------
    df : DataFrame
        The table as read from the file (raw values; lists and dicts kept).
    file : str
        How to name the file (and sheet or layer) in messages.
    threshold : int
        Counts from 1 to ``threshold - 1`` must not be shown exactly.
    first_row : int, optional
        Line number of the first data row, for text tables.
    unit : str
        How rows without a line number are named ("row" or "feature").

    Returns
    -------
    list of Problem
        One per leak, naming the row or feature and what leaks.

    Examples
    --------
    >>> import pandas as pd
    >>> [p.message for p in check_table(pd.DataFrame({"testimonies": ["3"]}), "t.csv")]
    ['testimonies = 3 is a small count (below 5)']
    """
    problems: list[Problem] = []
    allowed = set(schema.PUBLIC_FIELDS) | FORMAT_COLUMNS | TABLE_FIELDS
    counts = count_columns(df)
    for col in df.columns:
        if col in allowed or col in counts:
            continue
        if PERSONAL.search(str(col)):
            problems.append(Problem(file, None, "", f"column '{col}' looks like personal data",
                                    "remove it: a public file carries no personal data"))
        else:
            why = ("free-text notes are never published" if col in schema.FIELDS_BY_NAME
                   else "it is not in the public allowlist (mapper.schema PUBLIC_FIELDS)")
            problems.append(Problem(file, None, "", f"column '{col}' must not be published: "
                                    f"{why}", "export with --public"))
    text_cols = [c for c in df.columns if c not in _GEOMETRY and c not in counts]
    groups = breakdowns(counts) if TOTAL in counts else []
    for i, rec in enumerate(df.to_dict("records"), start=1):
        row = (first_row + i - 1) if first_row else None
        who = _row_name(rec, i, None if first_row else unit)
        for col in text_cols:
            problems += _contact_problems(file, row, who, str(col), [rec.get(col)])
        cells: dict[str, Cell] = {}
        for col in counts:
            raw = rec.get(col)
            cell = parse_label(raw)
            if cell is None:
                if raw is None or (isinstance(raw, str) and not raw.strip()) or (
                        isinstance(raw, float) and raw != raw):
                    cells[col] = Cell(0, 0)
                    continue
                problems.append(Problem(file, row, who, f"{col} = '{raw}' is not a "
                                        "count or a range", "publish counts with --public"))
                continue
            if cell.exact and 0 < cell.lo < threshold:
                problems.append(Problem(file, row, who, f"{col} = {cell.lo} is a small count "
                                        f"(below {threshold})",
                                        f"show it as 1{DASH}{threshold - 1}: export with --public"))
            why = _range_problem(cell, threshold)
            if why:
                problems.append(Problem(file, row, who, f"{col} = '{raw}' is {why}",
                                        "publish with --public and one threshold for the "
                                        "whole output"))
            hidden = (cell.exact and 0 < cell.lo < threshold) or (
                not cell.exact and cell.lo < threshold)
            cells[col] = Cell(cell.lo, cell.hi, small=hidden)
        if TOTAL in cells and groups and all(c in cells for g in groups for c in g):
            bounds = feasible(cells, groups, None)
            for col, cell in cells.items():
                b = bounds.get(col)
                if cell.exact or not cell.small or b is None:
                    continue
                if b[1] - b[0] < 1:
                    problems.append(Problem(
                        file, row, who, f"{col} is shown as '{rec.get(col)}' but is exactly "
                        f"{int(b[0])}: the total and the other counts of the breakdown give it "
                        "away", "publish with --public (secondary suppression)"))
    return problems


def check_regions(layer: PublishedTable, regions: PublishedTable,
                  threshold: int = DEFAULT_THRESHOLD) -> list[Problem]:
    """Hidden facility counts that a region table gives back beside the facility layer.

    A region's count is the sum of its facilities' counts. Read together, an exact region
    total of 15 and facilities of 11 and ``1–4`` give the hidden one back (4); a region of
    ``5–9`` beside 6 and ``1–4`` tells it is not 4. Each facility count shown as a range
    must keep every value it shows once the region totals are known.

    Parameters
    ----------
    layer : PublishedTable
        Facilities with ``region_code`` and their published counts.
    regions : PublishedTable
        Region counts (``region_code`` and the same count columns).
    threshold : int
        The publishing threshold.

    Returns
    -------
    list of Problem
        One per facility count the region table narrows, naming both files.
    """
    problems: list[Problem] = []
    fac, reg = layer.df, regions.df
    if "region_code" not in fac.columns or "region_code" not in reg.columns:
        return problems
    cols = [c for c in count_columns(reg, extra=()) if c in fac.columns]
    ids = fac["id"] if "id" in fac.columns else pd.Series(
        [f"{layer.unit} {i}" for i in range(1, len(fac) + 1)], index=fac.index)
    for col in cols:
        for rec in reg.to_dict("records"):
            region_cell = parse_label(rec.get(col))
            members = fac.index[fac["region_code"] == rec.get("region_code")]
            if region_cell is None or not len(members):
                continue
            cells = {TOTAL: region_cell}
            parsed = {str(ids[k]): parse_label(fac.at[k, col]) for k in members}
            if any(c is None for c in parsed.values()):
                continue  # named by check_table
            for fid, c in parsed.items():
                cells[f"f:{fid}"] = Cell(c.lo, c.hi, small=not c.exact and c.lo < threshold)
            bounds = feasible(cells, [[k for k in cells if k != TOTAL]], None)
            for key, cell in cells.items():
                b = bounds.get(key)
                if key == TOTAL or not cell.small:
                    continue
                fid = key[2:]
                shown = fac.at[members[list(parsed).index(fid)], col]
                if b is None:
                    problems.append(Problem(regions.file, None, str(rec["region_code"]),
                                            f"{col} = '{rec.get(col)}' does not add up with "
                                            f"the facilities of {layer.file}",
                                            "publish the whole output with one --public build"))
                    break
                if b[1] - b[0] < 1:
                    what = f"gives it back as exactly {int(b[0])}"
                elif b[0] > cell.lo or b[1] < cell.hi:
                    what = f"narrows it to {int(b[0])}{DASH}{int(b[1])}"
                else:
                    continue
                problems.append(Problem(
                    layer.file, None, fid, f"{col} is shown as '{shown}', but the region "
                    f"total {rec['region_code']} = '{rec.get(col)}' in {regions.file} {what}",
                    "publish region counts from the public build (mapper.publish.public_build),"
                    " never suppressed on their own"))
    return problems


# --- reading everything a published file carries ----------------------------------------

def _read_geojson(path: Path) -> PublishedFile:
    out = PublishedFile()
    file = str(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not (isinstance(data, dict) and data.get("type") == "FeatureCollection"):
        out.problems.append(Problem(file, None, "", "not a GeoJSON FeatureCollection"))
        return out
    for key, value in data.items():
        if key == "features":
            continue
        if key not in GEOJSON_MEMBERS:
            out.problems.append(Problem(file, None, "", f"foreign member '{key}' at the top "
                                        "level: a public build never writes it",
                                        "remove it, or export with mapper export --public"))
        out.problems += _contact_problems(file, None, "", f"member '{key}'", [value])
    rows = []
    for i, feat in enumerate(data.get("features") or [], start=1):
        feat = feat if isinstance(feat, dict) else {}
        props = feat.get("properties")
        props = props if isinstance(props, dict) else {}
        who = str(props.get("id") or feat.get("id") or f"feature {i}")
        for key, value in feat.items():
            if key in ("properties", "geometry"):
                continue
            if key not in FEATURE_MEMBERS:
                out.problems.append(Problem(file, None, who, f"foreign member '{key}' in "
                                            f"feature {i}: a public build never writes it",
                                            "remove it, or export with mapper export --public"))
            out.problems += _contact_problems(file, None, who, f"member '{key}'", [value])
        rows.append(props)
    cols: list[str] = []
    for r in rows:
        cols += [k for k in r if k not in cols]
    out.tables.append(PublishedTable(file, pd.DataFrame(rows, columns=cols, dtype=object),
                                     unit="feature"))
    return out


def _read_csv(path: Path) -> PublishedFile:
    from .export import read_export

    table = read_table(path)
    first = 3 if _has_hxl(path) else 2
    if {"wkt", "lon", "lat"} & set(table.columns):  # an exported layer
        df = read_export(path)
        table = pd.DataFrame(df.drop(columns=[df.geometry.name], errors="ignore"))
    elif first == 3:
        table = table.iloc[1:].reset_index(drop=True)
    return PublishedFile([PublishedTable(str(path), table, first_row=first)])


def _has_hxl(path: Path) -> bool:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        fh.readline()
        return fh.readline().startswith("#")


def _read_xlsx(path: Path) -> PublishedFile:
    import openpyxl

    out = PublishedFile()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    props = book.properties
    for attr in ("creator", "lastModifiedBy"):
        value = getattr(props, attr, None)
        if value and value != "openpyxl":
            out.problems.append(Problem(str(path), None, "", f"document properties name its "
                                        f"author ({attr} = '{value}')",
                                        "clear the author in File → Info, or publish CSV"))
    out.problems += _contact_problems(str(path), None, "", "document properties",
                                      [getattr(props, a, None) for a in
                                       ("title", "subject", "description", "keywords")])
    sheets = book.sheetnames
    book.close()
    frames = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    for name in sheets:
        label = f"{path}, sheet '{name}'" if len(sheets) > 1 else str(path)
        out.tables.append(PublishedTable(label, frames[name], first_row=2))
    return out


def _read_gpkg(path: Path) -> PublishedFile:
    import pyogrio

    out = PublishedFile()
    layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    data_layers = [name for name in layers if name != STYLE_TABLE]
    for name in data_layers:
        df = pyogrio.read_dataframe(path, layer=name, read_geometry=False)
        label = f"{path}, layer '{name}'" if len(data_layers) > 1 else str(path)
        out.tables.append(PublishedTable(label, pd.DataFrame(df), unit="feature"))
    if STYLE_TABLE in layers:  # QGIS's style table: not data, but its text is read too
        styles = pyogrio.read_dataframe(path, layer=STYLE_TABLE, read_geometry=False)
        for i, rec in enumerate(styles.to_dict("records"), start=1):
            out.problems += _contact_problems(str(path), None, "", f"{STYLE_TABLE} row {i}",
                                              [v for v in rec.values() if isinstance(v, str)])
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "gpkg_metadata" in tables:
            for mid, text in db.execute("SELECT id, metadata FROM gpkg_metadata"):
                if text:
                    out.problems.append(Problem(str(path), None, "", f"gpkg_metadata row {mid} "
                                                "carries metadata a public export never "
                                                f"writes ('{str(text)[:80]}')",
                                                "remove it, or export with mapper export "
                                                "--public"))
                    out.problems += _contact_problems(str(path), None, "",
                                                      f"gpkg_metadata row {mid}", [text])
        if "gpkg_contents" in tables:
            for name, ident, desc in db.execute(
                    "SELECT table_name, identifier, description FROM gpkg_contents"):
                out.problems += _contact_problems(str(path), None, "",
                                                  f"the description of layer '{name}'",
                                                  [ident, desc])
        hidden = sorted(t for t in tables if t not in layers and t not in GPKG_TABLES
                        and not t.startswith(("rtree_", "sqlite_")))
        for t in hidden:
            out.problems.append(Problem(str(path), None, "", f"table '{t}' is not a layer "
                                        "but travels with the file",
                                        "remove it, or export with mapper export --public"))
    return out


_KML = "{http://www.opengis.net/kml/2.2}"


def _read_kml(path: Path) -> PublishedFile:
    import pyogrio

    out = PublishedFile()
    for name, _ in pyogrio.list_layers(path):
        df = pyogrio.read_dataframe(path, layer=name, read_geometry=False)
        out.tables.append(PublishedTable(str(path), pd.DataFrame(df), unit="feature"))
    root = ET.parse(path).getroot()
    placemarks = 0
    for el in root.iter():
        tag = el.tag.removeprefix(_KML)
        if tag == "Placemark":
            placemarks += 1
            who = el.get("id") or f"placemark {placemarks}"
            for sub in el.iter():
                if sub.text and sub.text.strip():
                    part = sub.tag.removeprefix(_KML)
                    out.problems += _contact_problems(str(path), None, who, part, [sub.text])
        elif tag in ("Document", "Folder"):
            for sub in el:
                part = sub.tag.removeprefix(_KML)
                if part in ("Placemark", "Folder", "Document"):
                    continue
                texts = [t for t in sub.itertext() if t.strip()]
                out.problems += _contact_problems(str(path), None, "", f"{tag} {part}", texts)
                if part == "ExtendedData" and texts:
                    out.problems.append(Problem(str(path), None, "", f"{tag} carries "
                                                "ExtendedData a public export never writes",
                                                "remove it, or export with mapper export "
                                                "--public"))
        if tag in ("Data", "SimpleData") and el.get("name"):
            name = el.get("name")
            if name not in schema.PUBLIC_FIELDS and not name.startswith("testimonies") \
                    and name not in FORMAT_COLUMNS:
                out.problems.append(Problem(str(path), None, "", f"ExtendedData field "
                                            f"'{name}' is not in the public allowlist",
                                            "export with --public"))
    return out


def _read_parquet(path: Path) -> PublishedFile:
    import pyarrow.parquet as pq

    out = PublishedFile()
    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    for key, value in meta.items():
        name = key.decode("utf-8", "replace")
        if key not in PARQUET_KEYS:
            out.problems.append(Problem(str(path), None, "", f"key-value metadata '{name}' is "
                                        "not what a public export writes",
                                        "remove it, or export with mapper export --public"))
        text = value.decode("utf-8", "replace") if key != b"ARROW:schema" else ""
        out.problems += _contact_problems(str(path), None, "", f"metadata '{name}'",
                                          [name, text])
    for f in table.schema:
        if f.metadata:
            out.problems.append(Problem(str(path), None, "", f"column '{f.name}' carries "
                                        "metadata a public export never writes",
                                        "remove it, or export with mapper export --public"))
            out.problems += _contact_problems(
                str(path), None, "", f"metadata of column '{f.name}'",
                [v.decode("utf-8", "replace") for v in f.metadata.values()])
    geo = [c for c in table.column_names if c == "geometry"]
    rows = table.drop_columns(geo).to_pylist()
    df = pd.DataFrame(rows, columns=[c for c in table.column_names if c not in geo],
                      dtype=object)
    out.tables.append(PublishedTable(str(path), df, unit="feature"))
    return out


def _read_html(path: Path) -> PublishedFile:
    from .render import map_data

    out = PublishedFile()
    page = path.read_text(encoding="utf-8")
    data = map_data(page)
    if "mapper-facilities" not in data:
        out.problems.append(Problem(str(path), None, "", "not a map written by mapper: "
                                    "cannot tell what it carries"))
        return out
    props = [f.get("properties") or {} for f in data["mapper-facilities"].get("features", [])]
    cols: list[str] = []
    for r in props:
        cols += [k for k in r if k not in cols]
    out.tables.append(PublishedTable(f"{path} (facilities)",
                                     pd.DataFrame(props, columns=cols, dtype=object),
                                     unit="feature"))
    counts = (data.get("mapper-regions") or {}).get("counts") or {}
    if counts and all(isinstance(v, dict) for v in counts.values()):
        # {count column: {region: value}}: every count column of the region table (all
        # years, each year, categories); a region left out of a column has 0 there
        codes = sorted({code for col in counts.values() for code in col})
        table = {"region_code": codes,
                 **{col: [vals.get(code, 0) for code in codes] for col, vals in counts.items()}}
    else:  # {region: value}: the all-years count only
        table = {"region_code": list(counts), "testimonies": list(counts.values())}
    out.tables.append(PublishedTable(f"{path} (regions)", pd.DataFrame(table, dtype=object)))
    flows = data.get("mapper-flows") or []
    out.tables.append(PublishedTable(f"{path} (flows)", pd.DataFrame(
        flows, columns=["from_id", "to_id", "transfers"], dtype=object)))
    return out


_READERS = {".geojson": _read_geojson, ".json": _read_geojson, ".csv": _read_csv,
            ".xlsx": _read_xlsx, ".xlsm": _read_xlsx, ".gpkg": _read_gpkg, ".kml": _read_kml,
            ".parquet": _read_parquet, ".geoparquet": _read_parquet, ".html": _read_html}


def read_published(path: str | os.PathLike) -> PublishedFile:
    """Every table of a published file, and what it carries outside them.

    Parameters
    ----------
    path : str or os.PathLike
        GeoJSON, CSV, XLSX, GeoPackage, KML, GeoParquet or a map (HTML) written by mapper.

    Returns
    -------
    PublishedFile
        Its tables (every layer and sheet) and the problems found outside them (foreign
        members, metadata, descriptions).

    Raises
    ------
    InputError
        When the file's kind cannot be checked.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"{path}: cannot check a '{path.suffix}' file; export the data as "
                         "GeoJSON, GeoPackage, KML, CSV or GeoParquet and check that.")
    return reader(path)


def output_set(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to check together: those given, plus the tables `mapper join` wrote
    beside a given layer (``NAME_regions.csv``, ``NAME_flows.csv``, ``NAME_flows.geojson``)
    or the layer beside a given table. The restricted report is never added.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        The files named by the user.

    Returns
    -------
    list of Path
        The given files first, then the siblings that exist, each once.

    Examples
    --------
    >>> output_set([])
    []
    """
    out: list[Path] = []
    for p in map(Path, paths):
        stem = p.name[: -len(p.suffix)] if p.suffix else p.name
        base = re.sub(r"_(regions|flows)$", "", stem)
        if base != stem:  # a table of a join: check it with its layer
            near = [p.with_name(f"{base}.geojson")]
        else:  # a layer: check it with the tables written beside it
            near = [p.with_name(f"{stem}{s}") for s in JOIN_TABLES]
        for q in [p, *(q for q in near if q.is_file())]:
            if q not in out:
                out.append(q)
    return out


def validate_public(*paths: str | os.PathLike, threshold: int = DEFAULT_THRESHOLD,
                    siblings: bool = True) -> list[Problem]:
    """Prove that a file (or a set of files published together) is safe to publish.

    Reads everything each file carries (every layer, sheet, foreign member, metadata,
    description and string, nested ``sources`` included) and checks: only allowlisted
    fields (no ``notes``, nothing that looks personal), no e-mail address or phone number in
    any notation, no count below ``threshold``, no range that narrows a small count, no
    suppressed count that a total and its breakdown give away, and — across the tables of
    one output set — no facility count that a region total gives back by subtraction.

    Parameters
    ----------
    *paths : str or os.PathLike
        The file(s), checked together as one output set.
    threshold : int
        The threshold the output was published with (5 by default).
    siblings : bool
        Also check the files `mapper join` wrote beside a given layer or table
        (`output_set`); False checks exactly the files given.

    Returns
    -------
    list of Problem
        Empty when every file is safe; else one per leak, naming file, row or feature and
        the leak.

    Examples
    --------
    >>> from mapper import load_facilities, public_build
    >>> from mapper.export import export_layer
    >>> public = public_build(load_facilities()).layer
    >>> validate_public(export_layer(public, "out/public.gpkg"))  # doctest: +SKIP
    []
    """
    problems: list[Problem] = []
    tables: list[PublishedTable] = []
    for path in (output_set(paths) if siblings else list(map(Path, paths))):
        file = str(path)
        if "RESTRICTED" in path.name:
            problems.append(Problem(file, None, "", "this file is marked RESTRICTED: it holds "
                                    "testimony text and is never published"))
        try:
            read = read_published(path)
        except InputError as exc:
            problems.append(Problem(file, None, "", str(exc).removeprefix(f"{path}: ")))
            continue
        except Exception as exc:  # whatever a reader (GDAL, pyarrow, openpyxl) raises
            problems.append(Problem(file, None, "", f"cannot read this file ({exc})",
                                    "check that it is a complete export"))
            continue
        problems += read.problems
        for t in read.tables:
            problems += check_table(t.df, t.file, threshold, first_row=t.first_row,
                                    unit=t.unit)
        tables += read.tables
    layers = [t for t in tables if "id" in t.df.columns and "region_code" in t.df.columns]
    regions = [t for t in tables if "region_code" in t.df.columns and "id" not in t.df.columns]
    for lay in layers:
        for reg in regions:
            problems += check_regions(lay, reg, threshold)
    unique = {str(p): p for p in problems}
    return list(unique.values())
