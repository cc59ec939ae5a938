"""Public builds: what may leave the team, and a check that a file is safe to publish.

A public build keeps only the allowlisted fields (`mapper.schema.PUBLIC_FIELDS`) and the
``testimonies*`` counts, and turns the counts into text:

* ``0`` and counts at or above the threshold (5 by default) are shown as they are;
* a count from 1 to threshold−1 is shown as ``1–4`` (en dash; ``1–{N-1}`` in general):
  *primary suppression*;
* where a total and its breakdown would still let a reader work a suppressed count back
  (the total is 9, ``pow`` is ``1–4`` and ``civilian`` is 5, so ``pow`` is 4), more cells
  are shown as ranges of width N such as ``5–9`` or ``10–14``: *secondary suppression*;
  where only small counts remain and they still pin each other down (a total of ``1–4``
  split over four years of ``1–4`` each means 1 each), they are shown as ``0–4``, and as
  a last resort a breakdown is withheld (its cells shown as ``0–<total>``).

The reader model behind the second rule, per facility (row): the total ``testimonies``
equals, for each breakdown (category: ``pow``/``civilian``; sex: ``female``/``male``;
years: ``testimonies_<YYYY>``; any other ``testimonies_*`` column on its own), the sum of
its cells plus a remainder (testimonies that do not say the category, sex or year). The
reader knows every published number and range and whether each breakdown is complete
(remainder 0), but not by how much an incomplete one falls short. A row is safe when, for
every small count, *every* value 1..N−1 is still consistent with all that, and when even a
reader who takes every breakdown as complete cannot pin a small count to one value. Where
small totals make full ranges impossible (a total of ``1–4`` split into two ``1–4``
cells), at least two values remain. Exact integer bounds are computed (the breakdowns are
independent given the total, so the bounds are intervals); the cheapest exact cell (the
smallest count at or above the threshold) is widened first. `validate_public` applies
the same reasoning to a published file, reading each breakdown as complete.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import schema
from .io import InputError
from .registry import Problem

DEFAULT_THRESHOLD = 5
DASH = "–"
COUNT_PREFIX = "testimonies"
TOTAL = "testimonies"
#: Count columns in flows / regions tables besides `testimonies*`.
TABLE_COUNTS = ("transfers",)
#: Non-count columns of the public flows and regions tables (`mapper join --public`):
#: facility ids and names, region names, and how many facilities a region has.
TABLE_FIELDS = {"from_id", "to_id", "from_name", "to_name", "region_code", "region_en",
                "region_uk", "region_ru", "facilities", "facilities_with_testimonies"}
#: Breakdowns of the total: cells of one breakdown do not overlap.
GROUPS = (("category", re.compile(r"^testimonies_(pow|civilian)$")),
          ("sex", re.compile(r"^testimonies_(female|male)$")),
          ("year", re.compile(r"^testimonies_\d{4}$")))
#: Column names that look like personal data (matched on words of the name).
PERSONAL = re.compile(
    r"(^|_)(surname|first_?name|last_?name|full_?name|given_?name|family_?name|patronymic|"
    r"middle_?name|person|name|phone|tel|telephone|mobile|email|e_?mail|passport|birth|"
    r"born|dob|birthday|age|sex|gender|address_home|home|relative|contact|witness|victim|"
    r"detainee|prisoner|inn|snils|id_?card|tax_?id|unit|rank|callsign|telegram|whatsapp|"
    r"viber|signal)($|_)", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
#: International (+380 ...) or grouped (067 123 45 67) phone numbers; not ISO dates.
PHONE = re.compile(r"(?<![\w/.+-])(\+\d[\d ()-]{7,}\d|\(?0?\d{2,3}\)?[ -]\d{3}[ -]\d{2}[ -]\d{2})"
                   r"(?![\w/.-])")
#: Columns that export formats add and that carry nothing personal.
FORMAT_COLUMNS = {"lon", "lat", "wkt", "geometry", "sources_json",
                  # GDAL's KML readers add these
                  "Name", "description", "timestamp", "begin", "end", "altitudeMode",
                  "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet",
                  "id2"}


# --- intervals -----------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """What a reader knows of one count: ``lo..hi`` (equal when shown exactly).

    ``small`` marks a count that must stay hidden (below the threshold).
    """

    lo: int
    hi: float  # may be infinite for an unknown remainder
    small: bool = False

    @property
    def exact(self) -> bool:
        return self.lo == self.hi


def _primary(threshold: int) -> Cell:
    return Cell(1, threshold - 1, small=True)


def _band(value: int, threshold: int) -> Cell:
    lo = (value // threshold) * threshold
    return Cell(lo, lo + threshold - 1)


def label(cell: Cell) -> str:
    """Published text of a cell: ``7``, ``0``, ``1–4``, ``10–14``."""
    return str(cell.lo) if cell.exact else f"{cell.lo}{DASH}{int(cell.hi)}"


def parse_label(text) -> Cell | None:
    """Read a published count back (int, ``"7"``, ``"1–4"``, ``"1-4"``); None if not one."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)) and float(text).is_integer():
        return Cell(int(text), int(text))
    t = str(text).strip().lstrip("'")
    if re.fullmatch(r"\d+", t):
        return Cell(int(t), int(t))
    m = re.fullmatch(r"(\d+)\s*[–—-]\s*(\d+)", t)
    if m and int(m.group(1)) <= int(m.group(2)):
        return Cell(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(?:≥|>=)\s*(\d+)|(\d+)\+", t)
    if m:
        return Cell(int(m.group(1) or m.group(2)), float("inf"))
    return None


def breakdowns(columns: Iterable[str]) -> list[list[str]]:
    """The breakdowns of the total among ``columns`` (each a list of column names)."""
    cols = [c for c in columns if str(c).startswith(COUNT_PREFIX) and c != TOTAL]
    groups: list[list[str]] = []
    used: set[str] = set()
    for _name, pattern in GROUPS:
        members = [c for c in cols if pattern.match(c)]
        if members:
            groups.append(members)
            used.update(members)
    groups += [[c] for c in cols if c not in used]
    return groups


def feasible(cells: dict[str, Cell], groups: list[list[str]],
             remainders: list[Cell] | None) -> dict[str, tuple[float, float] | None]:
    """Exact bounds a reader can derive for each cell (and each remainder ``~i``).

    Relation: ``cells[TOTAL] = sum(group) + remainder`` for every group. Given the total the
    groups are independent, and one equation over integer intervals has interval
    solutions, so these bounds are exact. None marks an inconsistent row (nothing can be
    derived from a breakdown that does not add up).
    """
    out: dict[str, tuple[float, float] | None] = {c: (v.lo, v.hi) for c, v in cells.items()}
    if TOTAL not in cells or not groups:
        return out
    rems = remainders or [Cell(0, 0)] * len(groups)
    total = cells[TOTAL]
    parts = [[cells[c] for c in g] + [r] for g, r in zip(groups, rems, strict=True)]
    t_lo, t_hi = float(total.lo), float(total.hi)
    for ps in parts:
        t_lo = max(t_lo, sum(p.lo for p in ps))
        t_hi = min(t_hi, sum(p.hi for p in ps))
    if t_lo > t_hi:
        return {c: None for c in out}
    out[TOTAL] = (t_lo, t_hi)
    for gi, (g, ps) in enumerate(zip(groups, parts, strict=True)):
        s_lo, s_hi = sum(p.lo for p in ps), sum(p.hi for p in ps)
        for name, p in zip([*g, f"~{gi}"], ps, strict=True):
            o_lo, o_hi = s_lo - p.lo, s_hi - p.hi
            lo, hi = max(p.lo, t_lo - o_hi), min(p.hi, t_hi - o_lo)
            out[name] = (lo, hi)
    return out


def _leaks(cells: dict[str, Cell], groups: list[list[str]], remainders: list[Cell] | None,
           full: bool) -> list[str]:
    """Names of small cells a reader can narrow (``full``) or pin to one value."""
    bounds = feasible(cells, groups, remainders)
    named = dict(cells)
    for i, r in enumerate(remainders or []):
        named[f"~{i}"] = r
    bad = []
    for name, cell in named.items():
        b = bounds.get(name)
        if not cell.small or b is None:
            continue
        if b[1] - b[0] < 1 or (full and (b[0] > cell.lo or b[1] < cell.hi)):
            bad.append(name)
    return bad


def protect_row(values: dict[str, int], threshold: int = DEFAULT_THRESHOLD) -> dict[str, Cell]:
    """Primary and secondary suppression of one row of counts (column → count)."""
    if threshold < 3:
        raise InputError(f"threshold {threshold}: use 3 or more (with 2, '1–1' would show "
                         "the count itself).")
    cells = {c: (_primary(threshold) if 0 < v < threshold else Cell(v, v))
             for c, v in values.items()}
    groups = breakdowns(values) if TOTAL in values else []
    rems: list[Cell] = []
    for g in groups:
        r = values[TOTAL] - sum(values[c] for c in g)
        # the reader may know whether a breakdown is complete (r = 0), not by how much
        # it falls short
        rems.append(Cell(0, 0) if r == 0 else Cell(min(r, 1), float("inf")))
    for _ in range(40 * len(cells) + 4):
        # the worst-case reader (remainders known) must learn nothing; a reader who takes
        # each breakdown as complete must not pin a value either
        bad = _leaks(cells, groups, rems, full=True)
        strict = bad or _leaks(cells, groups, None, full=False)
        if not strict:
            break
        target = (bad or strict)[0]
        order = _candidates(target, cells, groups)
        if order:
            cells[order[0]] = _band(values[order[0]], threshold)
            continue
        pinned = _leaks(cells, groups, rems, full=False) or _leaks(cells, groups, None, False)
        if not pinned:
            break  # narrowed by other small counts only, never pinned: accept
        target = pinned[0]
        # several small counts that must add up to a small total (four years of 1 each
        # with a total of 1–4): show them as 0–(N-1); else widen a range already shown
        widen = _small_cells(target, cells, groups)
        if widen:
            cells[widen[0]] = Cell(0, threshold - 1, small=True)
            continue
        # last resort: withhold the breakdown (its cells shown as 0–total)
        own = [g for i, g in enumerate(groups) if target in g or target == f"~{i}"]
        top = int(max(cells[TOTAL].hi, threshold - 1)) if TOTAL in cells else threshold - 1
        blank = [c for g in (own or groups) for c in g if cells[c] != Cell(0, top, True)]
        if not blank:
            raise AssertionError(f"cannot protect row {values}")  # not reached
        for c in blank:
            cells[c] = Cell(0, top, small=True)
    return cells


def _small_cells(target: str, cells: dict[str, Cell], groups: list[list[str]]) -> list[str]:
    """Cells shown as 1–(N-1) in ``target``'s breakdown (all breakdowns for the total)."""
    own = [g for i, g in enumerate(groups) if target in g or target == f"~{i}"]
    pool = own[0] if own else [c for g in groups for c in g]
    return [c for c in pool if cells[c].small and cells[c].lo == 1]


def _candidates(target: str, cells: dict[str, Cell], groups: list[list[str]],
                ranges: bool = False) -> list[str]:
    """Exact non-zero cells (with ``ranges``: ranges at or above the threshold) whose
    widening helps protect ``target``: its own breakdown first (smallest first), then the
    total, then cells of the other breakdowns."""
    def exact(cs: Iterable[str]) -> list[str]:
        if ranges:
            return sorted((c for c in cs if not cells[c].exact and not cells[c].small),
                          key=lambda c: (cells[c].hi - cells[c].lo, cells[c].lo, c))
        return sorted((c for c in cs if cells[c].exact and cells[c].lo > 0),
                      key=lambda c: (cells[c].lo, c))

    own: list[str] = []
    for i, g in enumerate(groups):
        if target in g or target == f"~{i}":
            own = g
    others = [c for g in groups if g is not own for c in g]
    order = exact(own) + (exact([TOTAL]) if TOTAL in cells else []) + exact(others)
    return order


# --- tables --------------------------------------------------------------------------

def count_columns(df: pd.DataFrame, extra: Iterable[str] = TABLE_COUNTS) -> list[str]:
    """Columns holding counts of people: ``testimonies*`` (and ``transfers`` in flows)."""
    return [c for c in df.columns if str(c).startswith(COUNT_PREFIX) or c in extra]


def _int(value, where: str) -> int:
    if value is None or (isinstance(value, float) and value != value):
        return 0
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: '{value}' is not a count; public builds need the "
                         "integer counts of a joined layer, not an already public one.") from None
    if f < 0 or not f.is_integer():
        raise InputError(f"{where}: '{value}' is not a whole non-negative count.")
    return int(f)


def suppress_table(df: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD,
                   columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Counts of a table (layer, flows, regions) as safe published text, row by row.

    The count columns are ``testimonies*`` and ``transfers`` unless ``columns`` says
    otherwise; other columns are kept as they are. Small counts become ``1–{N-1}``;
    breakdowns of ``testimonies`` get secondary suppression (see the module text).
    """
    cols = list(columns) if columns is not None else count_columns(df)
    out = df.copy()
    if not cols:
        return out
    texts: dict[str, list[str]] = {c: [] for c in cols}
    for i, rec in enumerate(df[cols].to_dict("records")):
        values = {c: _int(rec[c], f"row {i + 1}, column {c}") for c in cols}
        if TOTAL in values:
            cells = protect_row(values, threshold)
        else:  # no total: each count stands alone
            cells = {c: protect_row({c: v}, threshold)[c] for c, v in values.items()}
        for c in cols:
            texts[c].append(label(cells[c]))
    for c in cols:
        out[c] = pd.Series(texts[c], index=out.index, dtype=object)
    out.attrs = {**df.attrs, "public": {"threshold": threshold}}
    return out


def public_regions(public_layer: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Region counts as a public build may show them, derived from the published facilities.

    A region's total is the sum of its facilities' counts, so suppressing it on its own
    would not do: beside exact counts of the other facilities it gives a hidden one back
    (a region of 15 with facilities of 11 and "1–4"). Each region count is therefore the sum
    of what the public layer already shows — ``lo`` and ``hi`` of its facilities' cells —
    exact where all of them are exact, a range otherwise. It tells a reader nothing the
    facilities do not.

    Parameters
    ----------
    public_layer : pandas.DataFrame
        The public facility layer (`make_public`), with text counts.
    regions : pandas.DataFrame
        The join's region table (``region_code`` and count columns).

    Returns
    -------
    pandas.DataFrame
        ``regions`` with each count column replaced by the derived text.

    Examples
    --------
    >>> import mapper, pandas as pd
    >>> rows = pd.DataFrame({"facility": ["ru-rostov-taganrog-sizo-2"] * 3})
    >>> result = mapper.join_testimonies(mapper.load_facilities(), rows)
    >>> public = mapper.make_public(result.layer)
    >>> regions = mapper.public_regions(public, result.regions)
    >>> regions.set_index("region_code").loc["RU-ROS", "testimonies"]
    '1–4'
    """
    out = regions.copy()
    cols = [c for c in count_columns(regions, extra=()) if c in public_layer.columns]
    layer = public_layer[["region_code", *cols]]
    for col in cols:
        cells = [parse_label(v) for v in layer[col]]
        bounds = pd.DataFrame({"region_code": layer["region_code"].to_numpy(),
                               "lo": [c.lo for c in cells], "hi": [c.hi for c in cells]})
        sums = bounds.groupby("region_code")[["lo", "hi"]].sum()
        texts = {code: label(Cell(int(r.lo), r.hi)) for code, r in sums.iterrows()}
        out[col] = pd.Series([texts.get(code, "0") for code in out["region_code"]],
                             index=out.index, dtype=object)
    out.attrs = {**regions.attrs, "public": {"derived_from": "public facility counts"}}
    return out


def make_public(gdf: gpd.GeoDataFrame, threshold: int = DEFAULT_THRESHOLD,
                precision: int | None = None) -> gpd.GeoDataFrame:
    """The layer as it may be published: allowlisted fields, suppressed counts.

    Keeps `mapper.schema.PUBLIC_FIELDS` and the ``testimonies*`` columns (as text, see
    `suppress_table`) and drops everything else (``notes``, any column not in the schema).
    Prefer `public_build`, which also makes the flows and region tables safe.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The facility layer, joined or not.
    threshold : int
        Counts from 1 to ``threshold - 1`` are shown as a range (``1–4`` for 5).
    precision : int, optional
        Round coordinates to this many decimals (1 ≈ 11 km, 2 ≈ 1.1 km).

    Returns
    -------
    geopandas.GeoDataFrame
        The public layer, WGS84; ``attrs["public"]`` records the settings.

    Raises
    ------
    InputError
        When ``precision`` is not 0 to 6.

    Examples
    --------
    >>> import mapper
    >>> public = mapper.make_public(mapper.load_facilities(), precision=2)
    >>> "notes" in public.columns, public.attrs["public"]["precision"]
    (False, 2)
    """
    counts = [c for c in gdf.columns if str(c).startswith(COUNT_PREFIX)]
    keep = [c for c in schema.PUBLIC_FIELDS if c in gdf.columns] + counts
    out = gdf[[*keep, gdf.geometry.name]].copy()
    out = suppress_table(out, threshold, columns=counts) if counts else out
    if out.crs is not None and not out.crs.equals("EPSG:4326"):
        out = out.to_crs("EPSG:4326")
    if precision is not None:
        if not 0 <= precision <= 6:
            raise InputError(f"precision {precision}: use 0 to 6 decimals.")
        xs = [round(float(g.x), precision) for g in out.geometry]
        ys = [round(float(g.y), precision) for g in out.geometry]
        out = out.set_geometry(gpd.points_from_xy(xs, ys, crs="EPSG:4326"))
    out = gpd.GeoDataFrame(out, geometry=out.geometry.name, crs="EPSG:4326")
    out.attrs = {"public": {"threshold": threshold, "precision": precision}}
    return out


def public_build(data, *, threshold: int = DEFAULT_THRESHOLD, precision: int | None = None):
    """The one way a public output is made: publish only what this returns.

    Every public path (join, map, figure, export, folium layer, plot, notebooks) calls it.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer (joined or not) or a whole join result.
    threshold : int
        Counts from 1 to ``threshold - 1`` are shown as a range (5 by default).
    precision : int, optional
        Round coordinates to this many decimals.

    Returns
    -------
    JoinResult
        ``layer``: `make_public`; ``flows``: suppressed; ``regions``: derived from the
        published facility cells (`public_regions`), so no hidden count can be subtracted
        back; ``report``: empty (the unplaced references carry testimony text and never go
        into a public build); ``counts``/``synthetic``/``source``/``shape`` kept.

    Raises
    ------
    InputError
        When ``data`` is neither a layer nor a `JoinResult`, or ``precision`` is not 0–6.

    Examples
    --------
    >>> import mapper, pandas as pd
    >>> rows = pd.DataFrame({"facility": ["ru-rostov-taganrog-sizo-2"] * 3})
    >>> result = mapper.join_testimonies(mapper.load_facilities(), rows)
    >>> pub = mapper.public_build(result, threshold=5)
    >>> pub.layer.set_index("id").loc["ru-rostov-taganrog-sizo-2", "testimonies"]
    '1–4'
    >>> len(pub.report), "notes" in pub.layer.columns
    (0, False)
    """
    from .join import REPORT_COLUMNS, JoinResult

    if isinstance(data, JoinResult):
        result = data
    elif isinstance(data, pd.DataFrame):
        result = JoinResult(layer=data,
                            flows=pd.DataFrame(columns=["from_id", "to_id", "transfers"]),
                            regions=pd.DataFrame(columns=["region_code"]),
                            report=pd.DataFrame(columns=list(REPORT_COLUMNS)),
                            counts={}, synthetic=bool(data.attrs.get("synthetic")))
    else:
        raise InputError("public_build takes a facility layer or a JoinResult, "
                         f"not {type(data).__name__}.")
    layer = make_public(result.layer, threshold=threshold, precision=precision)
    flows = suppress_table(result.flows, threshold) if len(result.flows) else result.flows.copy()
    regions = (public_regions(layer, result.regions) if len(result.regions)
               else result.regions.copy())
    return JoinResult(layer=layer, flows=flows, regions=regions,
                      report=result.report.iloc[0:0].copy(), counts=dict(result.counts),
                      synthetic=result.synthetic, warnings=[], source=result.source,
                      shape=result.shape)


# --- checking a published file -------------------------------------------------------

def _read_for_check(path: Path) -> pd.DataFrame:
    """Any published table or layer as a DataFrame of raw values."""
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            rows = [f.get("properties") or {} for f in data.get("features", [])]
            cols: list[str] = []
            for r in rows:
                cols += [k for k in r if k not in cols]
            return pd.DataFrame(rows, columns=cols, dtype=object)
        raise InputError(f"{path}: not a GeoJSON FeatureCollection.")
    if suffix == ".csv":
        from .io import read_table

        table = read_table(path)
        if not {"wkt", "lon", "lat"} & set(table.columns):  # a plain table: flows, regions
            return table
    if suffix in (".csv", ".gpkg", ".kml", ".parquet", ".geoparquet"):
        from .export import read_export

        df = read_export(path)
        return pd.DataFrame(df.drop(columns=[df.geometry.name], errors="ignore")
                            if isinstance(df, gpd.GeoDataFrame) else df)
    if suffix in (".xlsx", ".tsv", ".txt"):
        from .io import read_table

        return read_table(path)
    raise InputError(f"{path}: cannot check a '{suffix}' file; export the data as GeoJSON, "
                     "GeoPackage, KML, CSV or GeoParquet and check that.")


def _row_name(rec: dict, i: int) -> str:
    for key in ("id", "from_id", "region_code"):
        v = rec.get(key)
        if isinstance(v, str) and v:
            return v + (f" → {rec['to_id']}" if key == "from_id" and rec.get("to_id") else "")
    return f"row {i}"


def check_table(df: pd.DataFrame, file: str, threshold: int = DEFAULT_THRESHOLD,
                first_row: int | None = None) -> list[Problem]:
    """Every leak in a published table: fields, small counts, derivable counts."""
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
    text_cols = [c for c in df.columns if c in allowed and c not in
                 ("sources", "sources_json", "geometry", "wkt", "lon", "lat", "description")
                 and not (c in schema.FIELDS_BY_NAME and schema.FIELDS_BY_NAME[c].kind == "date")]
    groups = breakdowns(counts) if TOTAL in counts else []
    for i, rec in enumerate(df.to_dict("records"), start=1):
        row = (first_row + i - 1) if first_row else None
        who = _row_name(rec, i)
        for col in text_cols:
            v = rec.get(col)
            texts = v if isinstance(v, list) else [v]
            for t in texts:
                if isinstance(t, str) and (EMAIL.search(t) or PHONE.search(t)):
                    problems.append(Problem(file, row, who, f"{col} holds what looks like an "
                                            "e-mail address or phone number",
                                            "remove personal contact data"))
        cells: dict[str, Cell] = {}
        for col in counts:
            cell = parse_label(rec.get(col))
            if cell is None:
                if rec.get(col) in (None, "") or (isinstance(rec.get(col), float)
                                                  and rec.get(col) != rec.get(col)):
                    cells[col] = Cell(0, 0)
                    continue
                problems.append(Problem(file, row, who, f"{col} = '{rec.get(col)}' is not a "
                                        "count or a range", "publish counts with --public"))
                continue
            if cell.exact and 0 < cell.lo < threshold:
                problems.append(Problem(file, row, who, f"{col} = {cell.lo} is a small count "
                                        f"(below {threshold})",
                                        f"show it as 1{DASH}{threshold - 1}: export with --public"))
                cell = Cell(cell.lo, cell.hi, small=True)
            elif not cell.exact and cell.lo <= 1 and cell.hi < threshold - 1:
                problems.append(Problem(file, row, who, f"{col} = '{rec.get(col)}' is a "
                                        f"narrower range than 1{DASH}{threshold - 1}",
                                        "use the same threshold for the whole file"))
            cells[col] = Cell(cell.lo, cell.hi, small=cell.small or (not cell.exact
                                                                      and cell.lo <= 1))
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


def validate_public(path: str | os.PathLike, threshold: int = DEFAULT_THRESHOLD
                    ) -> list[Problem]:
    """Prove that a file is safe to publish, or name each leak.

    Checks GeoJSON, CSV, GeoPackage, KML, GeoParquet (and XLSX tables): only allowlisted
    fields (no ``notes``, nothing that looks personal: name, surname, phone, e-mail,
    passport, birth...), no e-mail addresses or phone numbers in the text, no count below
    ``threshold``, and no suppressed count that a total and its breakdown give away.

    Parameters
    ----------
    path : str or os.PathLike
        The file to check.
    threshold : int
        The threshold the file was published with.

    Returns
    -------
    list of Problem
        One per leak, naming the row and the column; empty when the file is safe.

    Examples
    --------
    >>> import tempfile, pathlib, mapper
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> public = mapper.public_build(mapper.load_facilities()).layer
    >>> mapper.validate_public(mapper.export_layer(public, out / "public.gpkg"))
    []
    >>> len(mapper.validate_public(mapper.export_layer(mapper.load_facilities(),
    ...                                                out / "internal.csv"))) > 0
    True
    """
    path = Path(path)
    try:
        df = _read_for_check(path)
    except InputError as exc:
        return [Problem(str(path), None, "", str(exc).removeprefix(f"{path}: "))]
    except (OSError, ValueError) as exc:
        return [Problem(str(path), None, "", f"cannot read this file ({exc})")]
    first = 3 if path.suffix.lower() == ".csv" and _has_hxl(path) else (
        2 if path.suffix.lower() == ".csv" else None)
    return check_table(df, str(path), threshold, first_row=first)


def _has_hxl(path: Path) -> bool:
    with open(path, encoding="utf-8-sig") as fh:
        fh.readline()
        return fh.readline().startswith("#")
