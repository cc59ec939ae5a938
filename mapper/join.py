"""Joining testimony files to the facility layer: counts, transfer flows, region totals.

A testimony file is either *record level* (one row per testimony or detention episode:
facility reference, optional date, category pow/civilian, sex and an ordered route) or
*aggregated* (facility reference + count, optional category/sex/year columns). Every row is
accounted for: it is matched to one facility, or reported as ambiguous or unmatched with
its spreadsheet row number and the reason — ``rows_read = matched + ambiguous + unmatched``
always holds, and nothing is dropped silently.

Matching is done once per distinct reference (see `mapper.match`), and counting is
vectorised, so a million-row file joins in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .io import (
    InputError,
    collection_text,
    feature_collection_text,
    json_values,
    printable,
    read_table,
    staged_outputs,
    write_csv,
    write_text,
)
from .match import matcher_for, with_places
from .registry import Problem
from .testimonies import (
    DEFAULT_COLUMNS,
    YEAR_RE,
    find_column,
    normalise_category,
    normalise_sex,
)

#: How the stops of a route are separated: "A > B > C", "A → B", "A -> B", "A => B".
#: (Not "»": it closes quoted names such as «Бутырка».)
ROUTE_SPLIT = r"\s*(?:->|=>|→|⟶|>)\s*"
SYNTHETIC_NOTE = "SYNTHETIC – not real testimony"
COUNT_COLUMNS = ("testimonies", "testimonies_pow", "testimonies_civilian",
                 "testimonies_female", "testimonies_male")
#: Columns of an aggregated file that hold counts by category or sex, by default name.
BREAKDOWN_COLUMNS = {"pow": "testimonies_pow", "civilian": "testimonies_civilian",
                     "female": "testimonies_female", "male": "testimonies_male"}
REPORT_COLUMNS = ("row", "column", "reference", "match_status", "match_reason")


@dataclass
class JoinResult:
    """(contract) What `join_testimonies` produces.

    Every output (`render_map`, `plot`, `folium_layer`, `export_layer`,
    `mapper.publish.public_build`) takes a join result as its data argument.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        The facility layer with integer ``testimonies*`` columns (0 where none).
    flows : pandas.DataFrame
        ``from_id``, ``to_id``, ``transfers``.
    regions : pandas.DataFrame
        Counts per ISO 3166-2 region.
    report : pandas.DataFrame
        Every unmatched or ambiguous reference (row, column, reference, status, reason).
    counts : dict of str to int
        ``rows_read``, ``matched``, ``ambiguous``, ``unmatched`` (they add up).
    synthetic : bool
        The input says it is synthetic demo data.
    warnings : list of Problem
        Values that were not understood (a date, a category): the row is counted, that
        detail is not.
    source : str
        The testimony file's path.
    shape : {"record", "aggregated"}
        One row per testimony, or rows with counts.

    Examples
    --------
    >>> import mapper, pandas as pd
    >>> rows = pd.DataFrame({"facility": ["СІЗО-2 Таганрог", "nowhere"]})
    >>> result = mapper.join_testimonies(mapper.load_facilities(), rows)
    >>> result.counts
    {'rows_read': 2, 'matched': 1, 'ambiguous': 0, 'unmatched': 1}
    """

    layer: gpd.GeoDataFrame
    flows: pd.DataFrame
    regions: pd.DataFrame
    report: pd.DataFrame
    counts: dict[str, int]
    synthetic: bool = False
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""
    shape: str = "record"

    def summary(self) -> str:
        """The printed summary a researcher can quote."""
        c = self.counts
        n = c["rows_read"]
        assert n == c["matched"] + c["ambiguous"] + c["unmatched"], c
        lines = [f"Read {n} rows from {printable(self.source) or 'the table'} ({self.shape}-level"
                 + ("; SYNTHETIC demo data, not real testimony" if self.synthetic else "")
                 + ").",
                 f"  matched    {c['matched']:>9}",
                 f"  ambiguous  {c['ambiguous']:>9}",
                 f"  unmatched  {c['unmatched']:>9}",
                 f"  = rows read {n:>8}"]
        total = int(self.layer["testimonies"].sum())
        with_t = int((self.layer["testimonies"] > 0).sum())
        lines.append(f"Testimonies counted: {total} at {with_t} of {len(self.layer)} "
                     f"facilities, in {int((self.regions['testimonies'] > 0).sum())} regions.")
        if len(self.flows):
            lines.append(f"Transfers: {int(self.flows['transfers'].sum())} between "
                         f"{len(self.flows)} facility pairs.")
        if len(self.report):
            lines.append(f"{len(self.report)} references could not be placed (see the "
                         "unmatched report; add spellings to the registry's aliases or "
                         "write the facility id).")
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s): values not understood or "
                         "repaired while reading (the rows are counted):")
            lines += [f"  {w}" for w in self.warnings[:10]]
            if len(self.warnings) > 10:
                lines.append(f"  … and {len(self.warnings) - 10} more")
        return "\n".join(lines)


def as_join(data, join: JoinResult | None = None, *, caller: str = "this function"
            ) -> JoinResult:
    """The one data argument of every output: a facility layer or a `JoinResult`.

    `render_map`, `plot`, `folium_layer` and `export_layer` call this first, so each takes
    either a layer (joined or not) or a whole join result, and never silently prefers one
    of two.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer (joined or not), or the result of `join_testimonies`.
    join : JoinResult, optional
        Deprecated second way of passing a join result (``render_map(layer, join=result)``).
        Accepted only when ``data`` is that result's own layer (or None), with a
        `DeprecationWarning`; any other combination is an error, because one of the two
        would be ignored.
    caller : str
        The public function's name, for the messages.

    Returns
    -------
    JoinResult
        ``data`` itself when it is a join result; else the layer with empty flows, regions
        and report (``synthetic`` from ``layer.attrs["synthetic"]``).

    Raises
    ------
    InputError
        When both a layer and a different join result are given, or ``data`` is neither
        a layer nor a join result.

    Examples
    --------
    >>> import mapper
    >>> from mapper.join import as_join
    >>> as_join(mapper.load_facilities()).flows.empty
    True
    """
    if join is not None:
        if data is not None and data is not join.layer and data is not join:
            raise InputError(
                f"{caller}: pass either a layer or a JoinResult, not both: the layer given "
                f"first would be ignored in favour of join.layer. Call {caller}(result) "
                f"with the join result, or {caller}(layer) with a layer.")
        import warnings

        warnings.warn(f"{caller}(layer, join=result) is deprecated: pass the JoinResult "
                      f"alone, {caller}(result). Using result (its layer, flows and "
                      "regions).", DeprecationWarning, stacklevel=3)
        return join
    if isinstance(data, JoinResult):
        return data
    if isinstance(data, pd.DataFrame):
        if "geometry" not in data.columns and not isinstance(data, gpd.GeoDataFrame):
            raise InputError(f"{caller}: the table has no geometry: pass the facility layer "
                             "(mapper.load_facilities()) or a JoinResult.")
        return JoinResult(layer=data,
                          flows=pd.DataFrame(columns=["from_id", "to_id", "transfers"]),
                          regions=pd.DataFrame(columns=["region_code"]),
                          report=pd.DataFrame(columns=list(REPORT_COLUMNS)),
                          counts={}, synthetic=bool(data.attrs.get("synthetic")))
    raise InputError(f"{caller} takes a facility layer (GeoDataFrame) or a JoinResult, "
                     f"not {type(data).__name__}.")


def read_testimonies(path: str | os.PathLike, *, sheet: str | int | None = None
                     ) -> pd.DataFrame:
    """(contract) Read a testimony file (CSV UTF-8/BOM/Windows-1251/UTF-16 or XLSX) as strings.

    The same reader as every other table (`mapper.io.read_table`): strings, "" for empty,
    stripped, the spreadsheet row of the first data row in ``attrs``, and what was repaired
    while reading (merged cells, other sheets, encodings...) in ``attrs["warnings"]``.

    Parameters
    ----------
    path : str or os.PathLike
        CSV or XLSX file.
    sheet : str or int, optional
        A workbook's sheet (name or number from 1). Default: the first.

    Returns
    -------
    pandas.DataFrame
        One row per row of the file.

    Raises
    ------
    InputError
        When the file cannot be read as a table.

    Examples
    --------
    >>> import mapper
    >>> from mapper.paths import demo_testimonies_path
    >>> "facility" in mapper.read_testimonies(demo_testimonies_path()).columns
    True
    """
    return read_table(path, sheet=sheet)


#: The columns `mapper match` adds to a file's rows.
MATCH_COLUMNS = ("facility_id", "match_score", "match_status", "match_reason")


def match_table(df: pd.DataFrame, matches: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """A file's rows with the match columns added, never over a column of the file.

    A file that has its own ``facility_id`` (or ``match_status``...) column keeps it,
    renamed ``facility_id (in file)``, and a warning says so.

    Parameters
    ----------
    df : pandas.DataFrame
        The rows as read (`read_testimonies`).
    matches : pandas.DataFrame
        `mapper.match.match_references` of its reference column, aligned with ``df``.

    Returns
    -------
    (pandas.DataFrame, list of Problem)
        The table to write, and a warning per renamed column.

    Examples
    --------
    >>> rows = pd.DataFrame({"facility": ["x"], "facility_id": ["mine"]})
    >>> m = pd.DataFrame({"facility_id": [""], "match_score": [0],
    ...                   "match_status": ["unmatched"], "match_reason": ["?"]})
    >>> list(match_table(rows, m)[0].columns)[:3]
    ['facility', 'facility_id (in file)', 'facility_id']
    """
    src = str(df.attrs.get("path", ""))
    renamed: dict[str, str] = {}
    warnings: list[Problem] = []
    for c in matches.columns:
        if c in df.columns:
            new, k = f"{c} (in file)", 2
            while new in df.columns:
                new, k = f"{c} (in file {k})", k + 1
            renamed[c] = new
            warnings.append(Problem(src, 1, "", f"the file has its own '{c}' column: it is "
                                    f"kept as '{new}', and '{c}' holds the match",
                                    "compare the two columns"))
    out = df.rename(columns=renamed) if renamed else df.copy(deep=False)
    for c in matches.columns:
        out[c] = matches[c].array  # keeps the compact string arrays as they are
    return out, warnings


def is_synthetic(df: pd.DataFrame, path: str | os.PathLike | None = None) -> bool:
    """True when the file says it is synthetic: in its name, or in a `synthetic` column."""
    name = Path(path or df.attrs.get("path", "")).name
    if "synthetic" in name.lower():
        return True
    col = next((c for c in df.columns if str(c).strip().lower() == "synthetic"), None)
    if col is None or not len(df):
        return False
    values = df[col].astype(str).str.strip().str.lower()
    return bool(values.str.contains("synthetic").any()
                or values.isin(["true", "yes", "1"]).all())


#: A count above this is a typing error (or a spreadsheet's overflow), not testimonies; it
#: also keeps every sum far below the int64 limit.
MAX_COUNT = 10**9
#: Names of columns that number the rows (a count column of 1, 2, 3 ... is one of these).
ROW_NUMBER_NAMES = ("n", "no", "nr", "number", "№", "#", "номер", "row", "id")
#: The war began in 2014: an earlier date in a testimony file is most likely a typo.
EARLIEST_YEAR = 2014


def parse_counts(series: pd.Series, path: str, first: int, column: str) -> np.ndarray:
    """Whole numbers of a count column, as int64; `InputError` naming rows otherwise.

    Accepts what spreadsheets write: "1 234" (space or no-break-space thousands, uk/ru
    Excel), "12.0" and "12,0" (a number cell exported with a decimal). Refuses negative,
    fractional, non-numeric and absurdly large values (over `MAX_COUNT`, e.g. 20 digits),
    which would otherwise wrap around in 64-bit integers.

    Parameters
    ----------
    series : pandas.Series
        The column's cells, as text.
    path : str
        The file, for the message.
    first : int
        Spreadsheet row of the first cell.
    column : str
        The column's name, for the message.

    Returns
    -------
    numpy.ndarray
        int64 counts, one per row.

    Raises
    ------
    InputError
        Naming the first rows with values that are not counts.

    Examples
    --------
    >>> parse_counts(pd.Series(["1 234", "12,0", "0"]), "f.csv", 2, "count").tolist()
    [1234, 12, 0]
    """
    text, bad, huge = count_flags(series)

    def rows_of(mask: np.ndarray) -> str:
        rows = [first + i for i in np.flatnonzero(mask)[:10]]
        return ", ".join(map(str, rows)) + (" and more" if mask.sum() > 10 else "")

    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{path}: column '{column}' holds values that are not whole numbers "
                         f"on rows {rows_of(bad)} (row {first + i}: "
                         f"'{printable(str(series.iloc[i]), keep_newlines=False)[:40]}'). "
                         "Write a whole number of testimonies (0 or more) in each row.")
    if huge.any():
        raise InputError(f"{path}: column '{column}' holds counts too large to be numbers of "
                         f"testimonies (over {MAX_COUNT:,}) on rows {rows_of(huge)}. Check "
                         "the cells: a phone number, an id or a sum pasted into the count "
                         "column?")
    return text.astype(np.int64).to_numpy()


def count_flags(series: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The one reading of a count cell: (normalised text, not-a-count mask, too-large mask).

    Spaces (also no-break) are thousands separators; "12.0"/"12,0" is 12; a count is a
    whole number from 0 to `MAX_COUNT`. Used by `parse_counts` and by `mapper validate`.

    Parameters
    ----------
    series : pandas.Series
        A count column's cells, as text.

    Returns
    -------
    (pandas.Series, numpy.ndarray, numpy.ndarray)
        The cells without separators, a mask of cells that are not whole numbers, and a
        mask of whole numbers over `MAX_COUNT`.

    Examples
    --------
    >>> text, bad, huge = count_flags(pd.Series(["1 234", "x", "99999999999999999999"]))
    >>> bad.tolist(), huge.tolist()
    ([False, True, False], [False, False, True])
    """
    text = series.astype(str).str.replace(r"\s", "", regex=True)
    text = text.str.replace(r"^(\d+)[.,]0*$", r"\1", regex=True)
    bad = ~text.str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)
    digits = text.where(~bad, "0")
    huge = digits.str.len().to_numpy() > 10
    small = ~huge
    huge[small] = digits[small].astype(np.int64).to_numpy() > MAX_COUNT
    return text, bad, huge


def _is_row_number(series: pd.Series) -> bool:
    """Whether a column holds 1, 2, 3 ... (or 0, 1, 2 ...): it numbers rows, it counts nothing."""
    if len(series) < 3:
        return False
    text = series.astype(str).str.strip()
    if not text.str.fullmatch(r"\d{1,10}").fillna(False).all():
        return False
    values = text.astype(np.int64).to_numpy()
    return bool(values[0] in (0, 1) and (np.diff(values) == 1).all())


def _date_parts(value: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the first date written in ``value`` (month/day 0 if absent)."""
    v = str(value or "")
    m = re.search(r"(?<!\d)(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", v)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    m = re.search(r"(?<!\d)(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})(?!\d)", v)
    if m:
        return int(m.group(3)), int(m.group(2)), int(m.group(1) or 0)
    m = YEAR_RE.search(v)
    return (int(m.group(1)), 0, 0) if m else None


def date_check(value: str, today: dt.date | None = None) -> str:
    """'' for a plausible date; 'early' before 2014; 'future' after today; '?' unreadable.

    Parameters
    ----------
    value : str
        A date cell: YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY, MM.YYYY or text holding a year.
    today : datetime.date, optional
        The reference day (default: today).

    Returns
    -------
    str
        '', 'early', 'future' or '?' ('' also for an empty cell).

    Examples
    --------
    >>> [date_check(v, dt.date(2025, 6, 1)) for v in ("2022-03", "01.05.2013", "2025-07-01")]
    ['', 'early', 'future']
    """
    if not str(value or "").strip():
        return ""
    parts = _date_parts(value)
    if parts is None:
        return "?"
    today = today or dt.date.today()
    if parts[0] < EARLIEST_YEAR:
        return "early"
    if parts > (today.year, today.month, today.day):
        return "future"
    return ""


@dataclass(frozen=True)
class _Coded:
    """A column read once per distinct value: codes per row, one value per code.

    A million rows hold a few thousand distinct dates or categories: the function and every
    comparison run on those, and only the resulting masks are taken per row (comparing a
    million Python strings costs tens of milliseconds each time).
    """

    codes: np.ndarray  # per row; -1 (a missing cell) takes the last value, ``fn("")``
    values: np.ndarray  # object: ``fn`` of each distinct value, then of ""
    uniques: object = None  # the distinct values as read (for `apply`)

    @classmethod
    def of(cls, column: pd.Series, fn) -> _Coded:
        """``fn`` of each distinct value of ``column``."""
        codes, uniques = pd.factorize(column, sort=False)
        return cls(codes, np.array([fn(v) for v in uniques] + [fn("")], dtype=object),
                   uniques)

    def apply(self, column: pd.Series, fn) -> _Coded:
        """Another function of the same column, without factorizing it again."""
        return _Coded(self.codes, np.array([fn(v) for v in self.uniques] + [fn("")],
                                           dtype=object), self.uniques)

    def rows(self, per_value: np.ndarray) -> np.ndarray:
        """A per-value array (a mask, usually) spread over the rows."""
        return per_value[self.codes]

    def present(self, rows: np.ndarray) -> np.ndarray:
        """Per value: whether any of the ``rows`` (a row mask) holds it."""
        seen = np.zeros(len(self.values), dtype=bool)
        seen[self.codes[rows]] = True  # -1 marks the last value, as in `rows`
        return seen


def _facility_points(layer: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    return {fid: (float(g.x), float(g.y)) for fid, g in zip(layer["id"], layer.geometry,
                                                            strict=True)}


def join_testimonies(layer: gpd.GeoDataFrame, testimonies: pd.DataFrame, *,
                     reference: str | None = None, count: str | None = None,
                     date: str | None = None, category: str | None = None,
                     sex: str | None = None, route: str | None = None,
                     where: Sequence[str] = (),
                     path: str | os.PathLike | None = None) -> JoinResult:
    """(contract) Count testimonies per facility, transfers between them and per region.

    Column options name the file's columns; each defaults to the first of
    `mapper.match.DEFAULT_COLUMNS` present (``facility``, ``count``, ``date``,
    ``category``, ``sex``, ``route`` ...). A ``count`` column makes the file aggregated:
    each row adds its count; separate ``pow``/``civilian``/``female``/``male`` count
    columns are used when present. Year columns come from the first year in ``date``.
    Every row is accounted for: ``rows_read = matched + ambiguous + unmatched``.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        The facility layer (`load_facilities`).
    testimonies : pandas.DataFrame
        The testimony table (`read_testimonies`).
    reference, count, date, category, sex, route : str, optional
        The file's column for each role (default: detected by name).
    where : sequence of str, optional
        Columns naming where each row's facility is (town, region), read with the reference
        (`mapper.match.with_places`); none by default, as a sheet's region column may say
        where the person lived.
    path : str or os.PathLike, optional
        The file the table came from, for messages and the synthetic check.

    Returns
    -------
    JoinResult
        The joined layer, flows, region counts, the report of references not placed and
        the row counts.

    Raises
    ------
    InputError
        When there is no reference column, a named column is missing, or a count is not a
        whole number (naming the rows).

    Examples
    --------
    >>> import mapper
    >>> from mapper.paths import demo_testimonies_path
    >>> result = mapper.join_testimonies(
    ...     mapper.load_facilities(), mapper.read_testimonies(demo_testimonies_path()))
    >>> c = result.counts
    >>> result.synthetic, c["rows_read"] == c["matched"] + c["ambiguous"] + c["unmatched"]
    (True, True)
    """
    df = testimonies
    src = str(path or df.attrs.get("path", ""))
    first = int(df.attrs.get("first_row", 2))
    ref_col = find_column(df, "reference", reference)
    if ref_col is None:
        raise InputError(f"{src or 'testimony table'}: no facility reference column. Name it "
                         f"'facility' (or one of: {', '.join(DEFAULT_COLUMNS['reference'][:6])})"
                         " or pass --reference COLUMN.")
    cols = {role: find_column(df, role, given) for role, given in
            (("count", count), ("date", date), ("category", category), ("sex", sex),
             ("route", route))}
    where_cols = [find_column(df, "where", w) for w in where]
    refs = with_places(df[ref_col], df[where_cols] if where_cols else None)
    matcher = matcher_for(layer)
    n = len(df)
    rows = np.arange(first, first + n)
    # match each distinct reference once; then everything is integer arrays per row
    codes, uniques = pd.factorize(refs, sort=False)
    u_text = np.array([*(str(u) for u in uniques), ""], dtype=object)
    # (the last answer is for code -1, a missing cell)
    res = [*matcher.match_many(uniques, desc="Matching references"), matcher.match("")]
    pos = {fid: i for i, fid in enumerate(layer["id"])}
    u_fac = np.array([pos.get(r.facility_id, -1) if r.match_status == "matched" else -1
                      for r in res], dtype=np.int64)
    u_status = np.array([r.match_status for r in res], dtype=object)
    u_reason = np.array([r.match_reason for r in res], dtype=object)
    fac = u_fac[codes]
    ok = fac >= 0
    warnings: list[Problem] = []

    warnings += list(df.attrs.get("warnings", []))
    if cols["count"] and _is_row_number(df[cols["count"]]):
        if count is None:  # found by its name only: it numbers the rows, it counts nothing
            warnings.append(Problem(src, 1, "", f"column '{cols['count']}' holds 1, 2, 3 … "
                                    "(row numbers), so it is NOT used as counts: each row "
                                    "counts as one testimony",
                                    "if it really holds counts, pass --count "
                                    f"'{cols['count']}'"))
            cols["count"] = None
        else:
            warnings.append(Problem(src, 1, "", f"the count column '{cols['count']}' holds "
                                    "1, 2, 3 … like row numbers; it was summed as you asked",
                                    "check that it holds counts"))
    weight = (parse_counts(df[cols["count"]], src, first, cols["count"]) if cols["count"]
              else np.ones(n, dtype=np.int64))

    def add_warnings(mask: np.ndarray, column: str, what: str, hint: str,
                     says: str = "not understood") -> None:
        idx = np.flatnonzero(mask)[:200]  # the first 200 are enough to see the pattern
        if not len(idx):  # (taking no rows from an Arrow column still costs a copy)
            return
        refs_at = df[ref_col].iloc[idx].tolist()
        for i, ref, value in zip(idx, refs_at, df[column].iloc[idx].tolist(), strict=True):
            warnings.append(Problem(src, int(rows[i]), str(ref)[:80],
                                    f"{what} '{str(value)[:80]}' {says}", hint))

    def codes_of(column: str | None, fn, what: str, hint: str) -> _Coded | None:
        if column is None:
            return None
        out = _Coded.of(df[column], fn)
        add_warnings(out.rows(np.equal(out.values, None)) & ok, column, what, hint)
        return out

    cat = codes_of(cols["category"], normalise_category, "category", "write pow or civilian")
    sx = codes_of(cols["sex"], normalise_sex, "sex", "write female or male")
    year = None
    if cols["date"]:
        def first_year(v: str) -> str:
            m = YEAR_RE.search(str(v or ""))
            return m.group(1) if m else ("" if not str(v or "").strip() else "?")

        year = _Coded.of(df[cols["date"]], first_year)
        add_warnings(year.rows(year.values == "?") & ok, cols["date"], "date",
                     "write YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY")
        odd = year.apply(df[cols["date"]], date_check)
        add_warnings(odd.rows(odd.values == "early") & ok, cols["date"], "date",
                     "Russia's war against Ukraine began in 2014: check the year",
                     says="is before 2014 (the row is counted)")
        add_warnings(odd.rows(odd.values == "future") & ok, cols["date"], "date",
                     "check the date", says="is in the future (the row is counted)")
    nfac = len(layer)
    fac_ok, weight_ok = fac[ok], weight[ok]

    def tally(w: np.ndarray) -> np.ndarray:
        return np.bincount(fac_ok, weights=w[ok], minlength=nfac).astype(np.int64)

    def tally_by(coded: _Coded, values: list[str]) -> list[np.ndarray]:
        """Per facility, the weights of the matched rows holding each of ``values``: one
        pass over the rows for all of them (a spare slot takes every other value)."""
        k = len(values) + 1
        slot = np.full(len(coded.values), len(values), dtype=np.int64)
        for j, v in enumerate(values):
            slot[coded.values == v] = j
        table = np.bincount(fac_ok * k + coded.rows(slot)[ok], weights=weight_ok,
                            minlength=nfac * k).astype(np.int64).reshape(nfac, k)
        return [np.ascontiguousarray(table[:, j]) for j in range(len(values))]

    sums: dict[str, np.ndarray] = {"testimonies": tally(weight)}
    for values, code in ((["pow", "civilian"], cat), (["female", "male"], sx)):
        if code is not None:
            for value, tallied in zip(values, tally_by(code, values), strict=True):
                sums[f"testimonies_{value}"] = tallied
    if cols["count"]:  # aggregated breakdown columns: pow, civilian, female, male
        for name, out_col in BREAKDOWN_COLUMNS.items():
            c = find_breakdown(df, name)
            if c is not None:
                vals = parse_counts(df[c].replace("", "0"), src, first, c)
                sums[out_col] = sums.get(out_col, 0) + tally(vals)
    if year is not None:
        years = sorted(set(year.values[year.present(ok)].tolist()) - {"", "?"})
        for y, tallied in zip(years, tally_by(year, years), strict=True):
            sums[f"testimonies_{y}"] = tallied
    count_cols = ["testimonies"] + [c for c in COUNT_COLUMNS[1:] if c in sums] + \
        sorted(c for c in sums if re.fullmatch(r"testimonies_\d{4}", c))

    joined = layer.copy()
    for c in count_cols:
        joined[c] = sums[c]

    # the report: every reference not placed, with its spreadsheet row (taken per row
    # only for those rows)
    bad = (u_status != "matched")[codes]
    bad_codes = codes[bad]
    facility_part = {"row": rows[bad], "column": ref_col, "reference": u_text[bad_codes],
                     "match_status": u_status[bad_codes],
                     "match_reason": u_reason[bad_codes]}

    known = dict(zip(u_text[:-1].tolist(), res[:-1], strict=True))
    flows, stop_part = _flows(df, cols["route"], rows, matcher, weight, known)
    report = _report(facility_part, stop_part)

    regions = _regions(joined, count_cols)
    rows_per = np.bincount(codes + 1, minlength=len(res))  # [0]: code -1, a missing cell
    per_answer = np.append(rows_per[1:], rows_per[0])  # in the order of ``res``
    counts = {"rows_read": n} | {k: int(per_answer[u_status == k].sum())
                                 for k in ("matched", "ambiguous", "unmatched")}
    assert counts["rows_read"] == counts["matched"] + counts["ambiguous"] + counts["unmatched"]
    return JoinResult(layer=joined, flows=flows, regions=regions, report=report,
                      counts=counts, synthetic=is_synthetic(df, path), warnings=warnings,
                      source=src, shape="aggregated" if cols["count"] else "record")


def _report(facility_part: dict, stop_part: dict | None) -> pd.DataFrame:
    """The report's rows, by spreadsheet row then column (a stable sort).

    The facility column's part holds one cell per row, in row order: alone, it is already
    sorted. With route stops, both parts are merged as arrays and made a table once (not
    two tables concatenated, then sorted by copying every text column again).
    """
    n_stops = 0 if stop_part is None else len(stop_part["row"])
    if not n_stops:
        report = pd.DataFrame(facility_part)
    elif not len(facility_part["row"]):
        report = pd.concat([pd.DataFrame(facility_part), pd.DataFrame(stop_part)],
                           ignore_index=True)
        report = report.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    else:
        n = len(facility_part["row"])
        merged = {c: np.concatenate([np.full(n, facility_part[c], dtype=object)
                                     if c == "column" else facility_part[c],
                                     np.asarray(stop_part[c], dtype=object)
                                     if c != "row" else stop_part[c]])
                  for c in REPORT_COLUMNS}
        col_codes, col_names = pd.factorize(merged["column"])
        rank = {name: i for i, name in enumerate(sorted(col_names))}
        col_rank = np.array([rank[name] for name in col_names], dtype=np.int64)[col_codes]
        order = np.lexsort((col_rank, merged["row"]))  # by row, then column; stable
        report = pd.DataFrame({c: v[order] for c, v in merged.items()})
    report["row"] = report["row"].astype(np.int64)
    return report


def find_breakdown(df: pd.DataFrame, name: str) -> str | None:
    """An aggregated file's count column for ``name`` (pow, civilian, female, male)."""
    wanted = {name, f"testimonies_{name}", f"{name}_count", f"count_{name}"}
    return next((c for c in df.columns if str(c).strip().lower() in wanted), None)


def _flows(df: pd.DataFrame, route_col: str | None, rows: np.ndarray, matcher,
           weight: np.ndarray, known: dict | None = None
           ) -> tuple[pd.DataFrame, dict | None]:
    """Transfers between consecutive matched stops of each route, and unplaced stops
    (the report's columns, as arrays; None when there is no stop).

    ``known`` maps references already matched (the facility column's) to their answers:
    route stops mostly repeat them, and are not normalised and looked up again.
    """
    empty = pd.DataFrame({"from_id": pd.Series(dtype=object), "to_id": pd.Series(dtype=object),
                          "transfers": pd.Series(dtype=np.int64)})
    if route_col is None:
        return empty, None
    idx, stops = _route_stops(df[route_col])
    if not len(stops):
        return empty, None
    codes, uniques = pd.factorize(stops, sort=False)
    answers = _answers(uniques.tolist(), matcher, known or {})
    matched = [a.match_status == "matched" for a in answers]
    ids = sorted({a.facility_id for a, m in zip(answers, matched, strict=True) if m})
    rank = {fid: i for i, fid in enumerate(ids)}
    u_fac = np.array([rank[a.facility_id] if m else -1
                      for a, m in zip(answers, matched, strict=True)], dtype=np.int64)
    fac = u_fac[codes]
    # a pair: two consecutive stops of one route, both matched, at different facilities
    a, b = fac[:-1], fac[1:]
    pair = (idx[1:] == idx[:-1]) & (a >= 0) & (b >= 0) & (a != b)
    key = a[pair] * max(len(ids), 1) + b[pair]
    pair_keys, inverse = np.unique(key, return_inverse=True)  # sorted: by from_id, to_id
    transfers = np.zeros(len(pair_keys), dtype=np.int64)
    np.add.at(transfers, inverse, weight[idx[1:][pair]])
    id_arr = np.array(ids, dtype=object)
    ends = pd.Series(id_arr).dtype  # as pandas reads the ids (also with no pair)
    flows = pd.DataFrame({"from_id": pd.Series(id_arr[pair_keys // max(len(ids), 1)],
                                               dtype=ends),
                          "to_id": pd.Series(id_arr[pair_keys % max(len(ids), 1)], dtype=ends),
                          "transfers": transfers})
    u_bad = ~np.array(matched, dtype=bool)
    bad = u_bad[codes]
    stop_no = _position_in_group(idx) + 1
    bad_codes = codes[bad]
    u_status = np.array([x.match_status for x in answers], dtype=object)
    u_reason = np.array([x.match_reason for x in answers], dtype=object)
    rep = {"row": rows[idx[bad]],
           "column": [f"{route_col} (stop {k})" for k in stop_no[bad]],
           "reference": stops[bad], "match_status": u_status[bad_codes],
           "match_reason": u_reason[bad_codes]}
    return flows, rep


def _route_stops(routes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, stop text) of every non-blank stop, in route order.

    A stop keeps its text as written between the separators (`ROUTE_SPLIT`); a blank one
    ("A > > B") is no stop, nor is a cell that holds no text.
    """
    split = re.compile(ROUTE_SPLIT).split
    filled = np.flatnonzero(routes.ne("").to_numpy(dtype=bool, na_value=False))
    pieces = [split(r) if isinstance(r, str) else [] for r in routes.iloc[filled].tolist()]
    pos = np.repeat(filled, [len(p) for p in pieces])
    stops = np.array([s for p in pieces for s in p], dtype=object)
    keep = np.array([not s.isspace() and s != "" for s in stops], dtype=bool)
    return pos[keep].astype(np.int64), stops[keep]


def _answers(refs: list[str], matcher, known: dict) -> list:
    """The matcher's answer for each reference: from ``known`` or matched now (together)."""
    todo = [r for r in refs if r not in known]
    fresh = dict(zip(todo, matcher.match_many(todo), strict=True)) if todo else {}
    return [known[r] if r in known else fresh[r] for r in refs]


def _position_in_group(idx: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each run of equal values of ``idx`` (the stops of one route)."""
    n = len(idx)
    at = np.arange(n)
    start = np.ones(n, dtype=bool)
    start[1:] = idx[1:] != idx[:-1]
    return at - np.maximum.accumulate(np.where(start, at, 0))


def _regions(joined: gpd.GeoDataFrame, count_cols: list[str]) -> pd.DataFrame:
    """Counts per ISO 3166-2 region (every region with a facility; 0 where none)."""
    names = [c for c in ("region_en", "region_uk", "region_ru") if c in joined.columns]
    g = joined.groupby("region_code", sort=True)
    out = g[count_cols].sum()
    out.insert(0, "facilities_with_testimonies", g["testimonies"].apply(lambda s: int((s > 0)
                                                                                       .sum())))
    out.insert(0, "facilities", g.size())
    if names:
        first = g[names].first()
        out = first.join(out)
    out = out.reset_index()
    for c in [*count_cols, "facilities", "facilities_with_testimonies"]:
        out[c] = out[c].astype(np.int64)
    return out


# --- writing -----------------------------------------------------------------------------

def output_paths(output: str | os.PathLike, public: bool = False, *,
                 source: str | os.PathLike | None = None,
                 report: str | os.PathLike | None = None) -> dict[str, Path]:
    """The files `mapper join -o joined.geojson` writes.

    The layer, flows and regions go beside ``output``. The unmatched report carries
    testimony text: without ``public`` it goes beside them as ``NAME_unmatched.csv``; with
    ``public`` it never goes in the public output's folder, but beside the testimony file
    it quotes (see `restricted_path`).

    Parameters
    ----------
    output : str or os.PathLike
        The joined layer.
    public : bool, default False
        Whether the layer, flows and regions are a public build.
    source : str or os.PathLike, optional
        The testimony file (`JoinResult.source`); with ``public`` the report goes beside it.
    report : str or os.PathLike, optional
        Where the user chose to write the report (``--report``); overrides the default.

    Returns
    -------
    dict of str to pathlib.Path
        ``layer``, ``flows_csv``, ``flows_geojson``, ``regions`` and ``report``.

    Raises
    ------
    InputError
        With ``public``, when ``report`` is in the public output's folder.

    Examples
    --------
    >>> p = output_paths("out/pub.geojson", public=True, source="data/interviews.csv")
    >>> p["regions"].as_posix(), p["report"].as_posix()
    ('out/pub_regions.csv', 'data/interviews_RESTRICTED_unmatched_pub.csv')
    """
    out = Path(output)
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    base = out.parent
    if report is not None:
        chosen = Path(report)
        if public:
            refuse_report_beside(chosen, out)
    elif public:
        chosen = restricted_path(source, out)
    else:
        chosen = base / f"{stem}_unmatched.csv"
    return {"layer": out, "flows_csv": base / f"{stem}_flows.csv",
            "flows_geojson": base / f"{stem}_flows.geojson",
            "regions": base / f"{stem}_regions.csv",
            "report": chosen}


def restricted_path(source: str | os.PathLike | None, output: str | os.PathLike,
                    what: str = "unmatched.csv") -> Path:
    """Where a report that must not be published goes when its output is public.

    Beside the testimony file it quotes (that folder already holds the personal data, so
    nothing new is exposed), never in the public output's folder: when the testimony file
    is in that folder (or unknown, for a table made in memory), in its subfolder
    ``RESTRICTED/``.

    Parameters
    ----------
    source : str or os.PathLike or None
        The testimony file the report quotes (`JoinResult.source`).
    output : str or os.PathLike
        The public output (map, figure, joined layer).
    what : str, default "unmatched.csv"
        The report's own name.

    Returns
    -------
    Path
        ``<testimony stem>_RESTRICTED_<what stem>_<output stem><what suffix>``: the name
        says it is not for publication, and `mapper validate --public` refuses any file so
        named.

    Examples
    --------
    >>> restricted_path("data/interviews.csv", "out/public.html").as_posix()
    'data/interviews_RESTRICTED_unmatched_public.csv'
    >>> restricted_path("out/interviews.csv", "out/public.html").as_posix()
    'out/RESTRICTED/interviews_RESTRICTED_unmatched_public.csv'
    """
    out = Path(output)
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    kind = Path(what)
    src = Path(source) if source else None
    src_stem = (src.name[: -len(src.suffix)] if src.suffix else src.name) if src else "testimonies"
    folder = src.parent if src is not None else out.parent
    if _same_folder(folder, out.parent):
        folder = folder / "RESTRICTED"
    return folder / f"{src_stem}_RESTRICTED_{kind.stem}_{stem}{kind.suffix}"


def _same_folder(a: Path, b: Path) -> bool:
    return Path(os.path.abspath(a)) == Path(os.path.abspath(b)) or (
        a.exists() and b.exists() and a.resolve() == b.resolve())


def refuse_report_beside(report: str | os.PathLike, output: str | os.PathLike) -> None:
    """Refuse a restricted report chosen in the folder of a public output.

    Parameters
    ----------
    report : str or os.PathLike
        Where the user asked for the report (``--report``).
    output : str or os.PathLike
        The public output.

    Raises
    ------
    InputError
        When both are in the same folder.

    Examples
    --------
    >>> refuse_report_beside("private/r.csv", "out/public.html")
    """
    report, out = Path(report), Path(output)
    if _same_folder(report.parent, out.parent):
        raise InputError(f"{report}: this report holds testimony text and would go in the "
                         f"folder of the public output {out.name}, where it could be "
                         "published with it. Choose --report in another folder (e.g. beside "
                         "your testimony file), and nothing was written.")


def flows_features(flows: pd.DataFrame, layer: gpd.GeoDataFrame,
                   precision: int = 6) -> list[dict]:
    """Flows as GeoJSON LineStrings from one facility's point to the other's."""
    pts = _facility_points(layer)
    names = dict(zip(layer["id"], layer["name_en"], strict=True))
    feats = []
    for rec in flows.to_dict("records"):
        a, b = pts[rec["from_id"]], pts[rec["to_id"]]
        coords = [[round(a[0], precision), round(a[1], precision)],
                  [round(b[0], precision), round(b[1], precision)]]
        feats.append({"type": "Feature",
                      "geometry": {"type": "LineString", "coordinates": coords},
                      "properties": {"from_id": rec["from_id"], "to_id": rec["to_id"],
                                     "from_name": names.get(rec["from_id"]),
                                     "to_name": names.get(rec["to_id"]),
                                     "transfers": rec["transfers"]}})
    return feats


def flows_collection_text(flows: pd.DataFrame, layer: gpd.GeoDataFrame,
                          precision: int = 6, **members) -> str:
    """``feature_collection_text(flows_features(flows, layer, precision), **members)``, fast.

    The same text, byte for byte, but each facility's point, id and name is written as
    JSON once, not once per flow (tens of thousands of flows, a few hundred facilities).
    """
    pts = _facility_points(layer)
    names = dict(zip(layer["id"], layer["name_en"], strict=True))
    point_text = {fid: json.dumps([round(x, precision), round(y, precision)],
                                  separators=(",", ":")) for fid, (x, y) in pts.items()}
    from_ids, to_ids = flows["from_id"].tolist(), flows["to_id"].tolist()
    columns = zip(
        [point_text[f] for f in from_ids], [point_text[t] for t in to_ids],
        json_values(from_ids), json_values(to_ids),
        json_values([names.get(f) for f in from_ids]),
        json_values([names.get(t) for t in to_ids]),
        json_values(flows["transfers"].tolist()), strict=True)
    lines = [f'{{"type":"Feature","geometry":{{"type":"LineString","coordinates":[{a},{b}]}},'
             f'"properties":{{"from_id":{f},"to_id":{t},"from_name":{fn},"to_name":{tn},'
             f'"transfers":{n}}}}}' for a, b, f, t, fn, tn, n in columns]
    return collection_text(lines, **members)


def write_join(result: JoinResult, output: str | os.PathLike, *, public: bool = False,
               threshold: int = 5, precision: int | None = None,
               report: str | os.PathLike | None = None) -> dict[str, Path]:
    """Write the joined layer, flows (CSV + GeoJSON), regions and the unmatched report.

    ``public`` writes what may be published (see `mapper.publish`): allowlisted fields,
    small counts suppressed, coordinates optionally coarsened. The unmatched report is
    always written: it is for the team's review, not for publication. With ``public`` it
    never goes beside the public files: it goes beside the testimony file
    (``result.source``) as ``TESTIMONY_RESTRICTED_unmatched_NAME.csv`` (see
    `restricted_path`), or to ``report``, and is written after the public set.

    The public files are one set: written into a staging folder and moved into place
    together (`mapper.io.staged_outputs`), so a crash leaves the previous set, and a kill
    between two moves leaves a marker that `mapper.manifest.verify` reports. Every CSV cell
    that a spreadsheet would run as a formula is made inert.

    Parameters
    ----------
    result : JoinResult
        What `join_testimonies` returned.
    output : str or os.PathLike
        The joined layer's path; the other files go beside it (`output_paths`).
    public : bool, default False
        Write what may be published (`mapper.publish.public_build`).
    threshold : int, default 5
        With ``public``: counts below it are shown as a range.
    precision : int, optional
        With ``public``: decimals kept in coordinates.
    report : str or os.PathLike, optional
        Where to write the unmatched report (default: see `output_paths`); with ``public``
        it may not be in the public output's folder.

    Returns
    -------
    dict of str to pathlib.Path
        The files written: layer, flows_csv, flows_geojson, regions, report.

    Raises
    ------
    InputError
        When the folder cannot be written, an output name is taken by a folder, or (with
        ``public``) ``report`` is in the public output's folder.
    """
    from .layer import to_features

    paths = output_paths(output, public=public, source=result.source, report=report)
    layer, flows, regions = result.layer, result.flows, result.regions
    if public:
        from .publish import public_build

        pub = public_build(result, threshold=threshold, precision=precision)
        layer, flows, regions = pub.layer, pub.flows, pub.regions
    members: dict = {}
    if result.synthetic:
        members = {"synthetic": True, "synthetic_note": "Testimony counts come from "
                   f"SYNTHETIC demo data ({SYNTHETIC_NOTE}); they describe no real person."}
    line_precision = 6 if precision is None or not public else precision
    # one set: written into a staging folder, then moved together (see io.staged_outputs)
    # the restricted report of a public build (or one the user put elsewhere) is not part
    # of the set: written after it
    apart = public or report is not None
    with staged_outputs({k: p for k, p in paths.items()
                         if not (apart and k == "report")}) as tmp:
        write_text(tmp["layer"], feature_collection_text(to_features(layer), **members))
        write_csv(flows, tmp["flows_csv"])
        write_text(tmp["flows_geojson"],
                   flows_collection_text(flows, result.layer, line_precision, **members))
        write_csv(regions, tmp["regions"])
        if not apart:
            write_csv(result.report[list(REPORT_COLUMNS)], tmp["report"])
    if apart:
        write_csv(result.report[list(REPORT_COLUMNS)], paths["report"])
    return paths
