"""The facility registry: the human-edited table every facility starts from.

Researchers extend it in a spreadsheet (CSV or XLSX) and review it in diffs. This module
reads it and checks it; every problem names the file, the spreadsheet row, the facility
and what to do, because the person fixing it is a researcher, not a programmer.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pandas as pd

from . import schema
from .errors import Problem  # also the old import path mapper.registry.Problem
from .io import read_table
from .paths import registry_path
from .reference import gazetteer, regions

TRUE = {"true", "yes", "1", "y", "t"}
FALSE = {"false", "no", "0", "n", "f"}
#: Where Russia and Ukraine lie: used to spot swapped or mistyped coordinates.
LAT_RANGE = (41.0, 82.0)
LON_RANGES = ((19.0, 180.0), (-180.0, -168.0))


def load_registry(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read the facility registry (CSV in UTF-8/BOM/Windows-1251, or XLSX) as strings.

    Columns added since a file was made (`schema.REGISTRY_DEFAULTS`, e.g.
    ``official_number``) are read as empty when the file lacks them.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The registry file. Default: the project's ``geo/registry.csv`` (the one shipped
        with mapper when it is installed from a wheel).

    Returns
    -------
    pandas.DataFrame
        One row per facility, every cell a string ("" for empty); the file's path and the
        spreadsheet row of the first data row in ``df.attrs``.

    Raises
    ------
    InputError
        When the file is missing or cannot be read as a table.

    Examples
    --------
    >>> import mapper
    >>> reg = mapper.load_registry()
    >>> "ru-rostov-taganrog-sizo-2" in set(reg["id"])
    True
    """
    df = read_table(path or registry_path())
    for col in schema.REGISTRY_DEFAULTS:
        if col not in df.columns:
            df[col] = ""
    return df


def split_urls(text: str) -> list[str]:
    """Source URLs as written in the registry: separated by spaces or new lines."""
    return [u for u in re.split(r"\s+", text or "") if u]


def split_dates(text: str) -> list[str]:
    """Source dates: separated by semicolons, aligned with the URLs."""
    return [d.strip() for d in (text or "").split(";") if d.strip()] if text else []


def split_list(text: str) -> list[str]:
    """A list cell ("a; b; c") as a list, empty cells dropped."""
    return [t.strip() for t in (text or "").split(";") if t.strip()]


def parse_bool(text: str) -> bool | None:
    """true/false as researchers type them; None when it is neither."""
    low = (text or "").strip().lower()
    return True if low in TRUE else False if low in FALSE else None


def _url_ok(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in url


def _float(text: str) -> float | None:
    try:
        return float(text.replace(",", ".")) if text else None
    except ValueError:
        return None


def _in_ru_ua(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and any(a <= lon <= b for a, b in LON_RANGES)


def validate_registry(df: pd.DataFrame) -> list[Problem]:
    """Every problem in a registry table; an empty list means it can be built.

    Checks required columns and values (ids, types, countries, regions, dates), that every
    facility has a source with an aligned date, and that coordinates, where given, lie in
    Russia or Ukraine.

    Parameters
    ----------
    df : pandas.DataFrame
        A registry read by `load_registry`.

    Returns
    -------
    list of Problem
        Each naming the file, the row, the facility and what to do; empty when valid.

    Examples
    --------
    >>> import mapper
    >>> mapper.validate_registry(mapper.load_registry())
    []
    """
    path = df.attrs.get("path", "registry")
    first = df.attrs.get("first_row", 2)
    problems: list[Problem] = []

    def add(row: int | None, fid: str, message: str, hint: str = "") -> None:
        problems.append(Problem(path, row, fid, message, hint))

    known = set(schema.REGISTRY_COLUMNS) | set(schema.REGISTRY_OPTIONAL)
    missing = [c for c in schema.REGISTRY_REQUIRED if c not in df.columns]
    for col in missing:
        add(1, "", f"column '{col}' is missing",
            f"add a column headed '{col}' (see geo/README.md for the columns)")
    for col in df.columns:
        if col not in known:
            add(1, "", f"unknown column '{col}'",
                "rename it to one of the registry columns or remove it; free text goes in 'notes'")
    if missing:
        return problems

    region_codes = set(regions().index)
    gaz = gazetteer().set_index("geonameid")
    seen: dict[str, int] = {}
    former: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict("records")):
        row = first + i
        fid = rec.get("id", "")
        for col in schema.REGISTRY_REQUIRED:
            if not rec.get(col, ""):
                hint = ("every facility needs at least one public source"
                        if col == "source_urls" else f"fill in '{col}'")
                add(row, fid, f"'{col}' is empty" + (": no source" if col == "source_urls"
                                                      else ""), hint)
        if fid:
            if not schema.ID_PATTERN.match(fid):
                add(row, fid, f"id '{fid}' is not a valid id",
                    "use lowercase Latin letters, digits and hyphens, "
                    "e.g. ru-rostov-taganrog-sizo-2")
            if fid in seen:
                add(row, fid, f"duplicate id '{fid}' (also on row {seen[fid]})",
                    "ids must be unique: merge the rows or give one a new id")
            seen.setdefault(fid, row)
        for old in split_list(rec.get("former_ids", "")):
            if old in former:
                add(row, fid, f"former id '{old}' is also listed on row {former[old]}",
                    "an id can be merged into one facility only")
            former.setdefault(old, row)

        for col, allowed in (("facility_type", schema.FACILITY_TYPES),
                             ("country", schema.COUNTRIES),
                             ("reported_detainees", schema.DETAINEES),
                             ("context", schema.CONTEXTS)):
            value = rec.get(col, "")
            if value and value not in allowed:
                add(row, fid, f"unknown {col} '{value}'", "use one of: " + ", ".join(allowed))

        occupied = parse_bool(rec.get("occupied", ""))
        if rec.get("occupied", "") and occupied is None:
            add(row, fid, f"occupied is '{rec['occupied']}', not true or false",
                "write true or false")
        country = rec.get("country", "")
        if occupied and country == "RU":
            add(row, fid, "occupied is true but country is RU",
                "occupied applies only to places in Ukraine; check country or occupied")

        code = rec.get("region_code", "")
        if country == "UA" and occupied is False:
            add(row, fid, "a place in Ukraine where Russia held people, but occupied is false",
                "occupied means under Russian control when people were held there "
                "(Crimea and Sevastopol since 2014): write true")
        if code and code not in region_codes:
            add(row, fid, f"unknown region_code '{code}'",
                "use an ISO 3166-2 code listed in geo/reference/regions.csv (e.g. RU-ROS, UA-43)")
        elif code and country in schema.COUNTRIES and not code.startswith(country + "-"):
            add(row, fid, f"region_code {code} is not in country {country}",
                "Crimea (UA-43) and Sevastopol (UA-40) are UA; check both columns")

        urls = split_urls(rec.get("source_urls", ""))
        dates = split_dates(rec.get("source_dates", ""))
        for url in urls:
            if not _url_ok(url):
                add(row, fid, f"malformed source URL '{url}'",
                    "write the full address starting with https://; separate URLs with spaces")
        if urls and dates and len(urls) != len(dates):
            add(row, fid, f"{len(urls)} source URLs but {len(dates)} source dates",
                "give one date per URL, separated by '; ' (write n.d. when undated)")
        for d in dates:
            if d != "n.d." and not schema.PARTIAL_DATE.match(d):
                add(row, fid, f"malformed source date '{d}'",
                    "write YYYY, YYYY-MM or YYYY-MM-DD, or n.d.")
        for col in ("first_reported", "last_reported"):
            d = rec.get(col, "")
            if d and not schema.PARTIAL_DATE.match(d):
                add(row, fid, f"malformed {col} '{d}'", "write YYYY, YYYY-MM or YYYY-MM-DD")
        fr, lr = rec.get("first_reported", ""), rec.get("last_reported", "")
        if (fr and lr and schema.PARTIAL_DATE.match(fr) and schema.PARTIAL_DATE.match(lr)
                and fr[: len(lr)] > lr[: len(fr)]):
            add(row, fid, f"first_reported {fr} is after last_reported {lr}",
                "swap or correct them")

        lat_s, lon_s = rec.get("lat", ""), rec.get("lon", "")
        if lat_s or lon_s:
            lat, lon = _float(lat_s), _float(lon_s)
            if lat is None or lon is None:
                add(row, fid, f"coordinate '{lat_s}', '{lon_s}' is incomplete or not a number",
                    "give both lat and lon in decimal degrees (e.g. 47.2362, 38.9053)")
            elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
                swapped = -90 <= lon <= 90 and -180 <= lat <= 180
                add(row, fid, f"coordinate lat={lat}, lon={lon} is out of range"
                    + ("; latitude and longitude look swapped" if swapped else ""),
                    "lat is north–south (−90…90), lon east–west (−180…180)")
            elif not _in_ru_ua(lat, lon):
                if _in_ru_ua(lon, lat):
                    add(row, fid, f"latitude and longitude look swapped (lat={lat}, lon={lon})",
                        f"swap them: lat={lon}, lon={lat}")
                else:
                    add(row, fid, f"coordinate lat={lat}, lon={lon} is outside Russia and Ukraine",
                        "check the coordinate against its source")
        number = rec.get("official_number", "")
        if number and not schema.OFFICIAL_NUMBER.match(number):
            add(row, fid, f"official_number '{number}' is not a number",
                "write the number only, as the name states it (SIZO-2 → 2, IK-120 → 120)")
        gid = rec.get("geonames_id", "")
        if gid:
            if gid not in gaz.index:
                add(row, fid, f"geonames_id {gid} is not in the gazetteer",
                    "use an id from geo/reference/gazetteer_ru_ua.csv, or leave it empty")
            elif code and gaz.loc[gid, "iso_3166_2"] != code:
                add(row, fid, f"geonames_id {gid} ({gaz.loc[gid, 'name']}) is in "
                    f"{gaz.loc[gid, 'iso_3166_2']}, not {code}", "check the region or the id")
    for old, row in former.items():
        if old in seen:
            add(row, old, f"former id '{old}' is still used as an id on row {seen[old]}",
                "a merged id must not stay in use: remove that row or the former id")
    problems += _check_coordinates_in_region(df, path, first)
    problems += _check_copied_rows(df, path, first)
    problems += _check_future_dates(df, path, first)
    return problems


def _check_coordinates_in_region(df: pd.DataFrame, path: str, first: int) -> list[Problem]:
    """A sourced coordinate must lie in the region (and country) the row states.

    (`mapper build` checked this only after geocoding; `mapper validate` passed such rows.)
    """
    from .geocode import check_point

    out = []
    codes = set(regions().index)
    for i, rec in enumerate(df.to_dict("records")):
        lat, lon = _float(rec.get("lat", "")), _float(rec.get("lon", ""))
        code, country = rec.get("region_code", ""), rec.get("country", "")
        if (lat is None or lon is None or not _in_ru_ua(lat, lon) or code not in codes
                or country not in schema.COUNTRIES):
            continue  # missing, out of range or swapped: told by validate_registry
        err, _note = check_point(lon, lat, code, country)
        if err:
            out.append(Problem(path, first + i, rec.get("id", ""), err,
                               "check lat/lon against the source, or correct region_code"))
    return out


#: Columns that may differ between a row and its copy (ids, reviewers' notes).
_COPY_IGNORES = ("id", "former_ids", "notes")


def _check_copied_rows(df: pd.DataFrame, path: str, first: int) -> list[Problem]:
    """A row that repeats another under a new id: same facility counted twice."""
    cols = [c for c in df.columns if c not in _COPY_IGNORES]
    if not cols or not len(df):
        return []
    key = df[cols].astype(str).apply(lambda r: "\x1f".join(v.strip().lower() for v in r),
                                     axis=1)
    same_name = df[[c for c in ("name_en", "region_code", "source_urls") if c in df.columns]]
    out = []
    seen: dict[str, int] = {}
    seen_name: dict[tuple, int] = {}
    for i, (k, name) in enumerate(zip(key, same_name.itertuples(index=False), strict=True)):
        rec_id = df["id"].iat[i] if "id" in df.columns else ""
        name = tuple(str(v).strip().lower() for v in name)
        j = seen.get(k)
        if j is None and all(name) and len(name) == 3:
            j = seen_name.get(name)
        if j is not None:
            other = df["id"].iat[j] if "id" in df.columns else ""
            out.append(Problem(path, first + i, rec_id,
                               f"repeats row {first + j} ({other}) under another id: same "
                               "name, region and sources",
                               "one facility is one row: merge them (keep the old id in "
                               "former_ids)"))
            continue
        seen.setdefault(k, i)
        if all(name) and len(name) == 3:
            seen_name.setdefault(name, i)
    return out


def _check_future_dates(df: pd.DataFrame, path: str, first: int) -> list[Problem]:
    """Reported-use and source dates after today are typing errors."""
    import datetime as dt

    today = dt.date.today().isoformat()
    out = []
    for i, rec in enumerate(df.to_dict("records")):
        dates = [(c, rec.get(c, "")) for c in ("first_reported", "last_reported")]
        dates += [("source_dates", d) for d in split_dates(rec.get("source_dates", ""))]
        for col, d in dates:
            if d and d != "n.d." and schema.PARTIAL_DATE.match(d) and d > today[: len(d)]:
                out.append(Problem(path, first + i, rec.get("id", ""),
                                   f"{col} '{d}' is in the future", "check the date"))
    return out


def source_warnings(df: pd.DataFrame) -> list[Problem]:
    """Source URLs that are mirrors, CMS previews or carry tracking parameters.

    Not errors: the canonical address could not always be established (those are listed
    in ``geo/REVIEW.md``). Each warning says what the address is and what to do.

    Parameters
    ----------
    df : pandas.DataFrame
        A registry table (as `load_registry` returns it).

    Returns
    -------
    list of Problem
        One per URL that is not an outlet's canonical address.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["x"], "source_urls": ["https://ru.krymr.com./a/1.html"]})
    >>> source_warnings(df)[0].message.endswith("the host ends with a dot (ru.krymr.com.)")
    True
    """
    from .sources import mirror_reason

    path = df.attrs.get("path", "registry")
    first = df.attrs.get("first_row", 2)
    out: list[Problem] = []
    for i, rec in enumerate(df.to_dict("records")):
        for url in split_urls(rec.get("source_urls", "")):
            why = mirror_reason(url)
            if why:
                out.append(Problem(path, first + i, rec.get("id", ""),
                                   f"source URL '{url}' is not the outlet's own address: {why}",
                                   "write the outlet's canonical address in source_urls and "
                                   "keep this one as retrieved_from in geo/sources.csv"))
    return out
