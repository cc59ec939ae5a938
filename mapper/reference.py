"""The shipped reference data: admin-1 boundaries, countries, region names, gazetteer.

All of it is read from `geo/reference/` (see `geo/README.md` for sources and licences);
nothing here touches the network.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from .paths import reference_dir


@lru_cache(maxsize=1)
def regions() -> gpd.GeoDataFrame:
    """Admin-1 polygons of Russia and Ukraine (Crimea and Sevastopol in Ukraine).

    Indexed by ISO 3166-2 code, with `country` and proper names in English, Ukrainian
    and Russian from `regions.csv`.
    """
    ref = reference_dir()
    shapes = gpd.read_file(ref / "admin1_ru_ua.geojson", engine="pyogrio")
    shapes = shapes[["iso_3166_2", "country", "geometry"]].rename(
        columns={"iso_3166_2": "region_code"})
    names = pd.read_csv(ref / "regions.csv", dtype=str, keep_default_na=False)
    names = names.drop(columns=["country"], errors="ignore")
    out = shapes.merge(names, on="region_code", how="left").set_index("region_code")
    return out.sort_index()


@lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    """Russia, Ukraine and their neighbours, indexed by ISO 3166-1 alpha-2."""
    gdf = gpd.read_file(reference_dir() / "countries_neighbours.geojson", engine="pyogrio")
    return gdf.rename(columns={"ISO_A2": "country"}).set_index("country").sort_index()


@lru_cache(maxsize=1)
def gazetteer() -> pd.DataFrame:
    """GeoNames populated places of Russia and Ukraine (cities500)."""
    gaz = pd.read_csv(reference_dir() / "gazetteer_ru_ua.csv", dtype={"geonameid": str},
                      keep_default_na=False)
    return gaz


@lru_cache(maxsize=1)
def neighbour_towns() -> pd.DataFrame:
    """GeoNames towns of 10,000+ in the neighbouring countries (Belarus, Moldova, Poland,
    the Baltic and Caucasian states, Kazakhstan...): names only, never placed on the map."""
    return pd.read_csv(reference_dir() / "towns_neighbours.csv", dtype={"geonameid": str},
                       keep_default_na=False)


@lru_cache(maxsize=1)
def region_lookup() -> dict[str, str]:
    """Map every spelling of a region name (any script) to its ISO 3166-2 code.

    Keys are `names.skeleton` keys of the names; codes themselves are keys in upper case
    (never skeletonised: "RU-CHE" and "RU-CE" would meet).
    """
    from .names import skeleton

    table: dict[str, str] = {}
    reg = regions()
    for code, row in reg.iterrows():
        names = [row.get("name_en", ""), row.get("name_uk", ""), row.get("name_ru", "")]
        names += str(row.get("aliases", "") or "").split("|")
        for name in names:
            if name:
                table.setdefault(skeleton(name), code)
    table.update({code: code for code in reg.index})
    return table


def region_code_for(text: str) -> str | None:
    """The ISO 3166-2 code for a region written as a code or a name in any script."""
    from .names import skeleton

    table = region_lookup()
    text = (text or "").strip()
    return table.get(text.upper()) or table.get(skeleton(text))
