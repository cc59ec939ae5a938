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

import re
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from . import schema
from .io import InputError

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
    m = re.fullmatch(r"(\d+)\s*[-‐‑‒–—―−]\s*(\d+)", t)  # any dash: "1 − 4", "2-3"
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


def _candidates(target: str, cells: dict[str, Cell], groups: list[list[str]]) -> list[str]:
    """Exact non-zero cells whose widening helps protect ``target``: its own breakdown
    first (smallest first), then the total, then cells of the other breakdowns."""
    def exact(cs: Iterable[str]) -> list[str]:
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
    from .join import JoinResult, as_join

    result = as_join(data, caller="public_build")  # a layer or a JoinResult, nothing else
    layer = make_public(result.layer, threshold=threshold, precision=precision)
    flows = suppress_table(result.flows, threshold) if len(result.flows) else result.flows.copy()
    regions = (public_regions(layer, result.regions) if len(result.regions)
               else result.regions.copy())
    return JoinResult(layer=layer, flows=flows, regions=regions,
                      report=result.report.iloc[0:0].copy(), counts=dict(result.counts),
                      synthetic=result.synthetic, warnings=[], source=result.source,
                      shape=result.shape)


# --- checking a published file: `mapper.validate` ------------------------------------

def validate_public(*paths, threshold: int = DEFAULT_THRESHOLD):
    """Prove that a file (or an output set) is safe to publish: see
    `mapper.validate.validate_public`, the one home of the public checks (this name is
    kept so that ``mapper.publish.validate_public`` keeps working).

    Parameters
    ----------
    *paths : str or os.PathLike
        The published file(s).
    threshold : int
        The threshold they were published with.

    Returns
    -------
    list of Problem
        One per leak; empty when safe.
    """
    from .validate import validate_public as check

    return check(*paths, threshold=threshold)
