"""Self-contained interactive HTML maps of the facility layer.

Why not folium: folium writes one JavaScript object per marker, random element ids and CDN
links. Investigators open these maps offline and report authors publish them, so the page is
written here from a small template instead: Leaflet and Leaflet.markercluster are inlined
from the installed `xstatic` packages, the facilities are ONE embedded GeoJSON layer, the
basemap is drawn from the shipped Natural Earth boundaries (simplified as a coverage so
neighbouring regions keep shared edges), and a Content-Security-Policy pins every script by
its hash, so the page makes no request to any host unless `tiles` asks for it and no
injected markup can run.

The data blocks (facilities as a GeoJSON FeatureCollection, regions, neighbour countries,
transfer flows) are JSON deflated with zlib and written as base64 (`pack_json`): about a
fifth of the plain JSON, which is what keeps a map of a few hundred facilities in a few
hundred kilobytes. The page inflates them with the browser's own `DecompressionStream`
(Chromium 80+, Firefox 113+, Safari 16.4+; no eval, no blob: scripts, so the CSP stays as
strict) and says so plainly in a browser without it. A researcher reads them back with
`map_data(html)` (or ``json.loads(zlib.decompress(base64.b64decode(text)))``); the same
facts come as GeoJSON from `mapper export`. Leaflet, markercluster and our own script
travel deflated the same way and run as inline scripts pinned by hash; the interface text
(`mapper-config`) stays plain JSON.

`render_map` returns a `MapDocument` (``.save(path)``, ``_repr_html_`` for Jupyter,
``.sizes`` = bytes of each part as written in the page, ``.raw_sizes`` = the JSON of the
compressed parts before compression). Same inputs → byte-identical HTML (zlib level 9 with
no header timestamp is deterministic for one zlib version).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import reference, schema, webmap
from .io import InputError, write_text
from .join import JoinResult, as_join
from .style import (  # one palette for every output
    CHORO_BREAKS,
    MAP_CHORO_COLOURS,
    MAP_CHORO_OUTLINE,
    MAP_TYPE_COLOURS,
)

LANGS = ("en", "uk", "ru")

#: Online tile layers, only with ``tiles=...``: the map then says it contacts them.
TILES = {
    "osm": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "host": "https://tile.openstreetmap.org", "maxZoom": 19,
            "provider": "OpenStreetMap (tile.openstreetmap.org)",
            "attribution": "© OpenStreetMap contributors"},
    "satellite": {"url": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery"
                         "/MapServer/tile/{z}/{y}/{x}",
                  "host": "https://server.arcgisonline.com", "maxZoom": 18,
                  "provider": "Esri World Imagery (server.arcgisonline.com)",
                  "attribution": "Imagery © Esri, Maxar, Earthstar Geographics"},
}

#: Properties the map does not show (region names come once, from the region table; the
#: point's gazetteer id stays in the layer and its exports).
_DROP = {"region_en", "region_uk", "region_ru", "geocode_source"}
#: Public fields the registry branch adds (territory as of the edition, official number).
_REGISTRY_FIELDS = ("control_status", "liberated_date", "official_number")
#: Basemap simplification, in degrees: a backdrop, not a survey (see docs of `basemap`).
BASEMAP_TOLERANCE = 0.07
BASEMAP_MIN_AREA = 0.06
#: East of this longitude and north of this latitude (Siberia, the Arctic coast, far from
#: almost every facility) the simplification is `BASEMAP_FAR` times coarser.
BASEMAP_NEAR = (52.0, 60.0)
BASEMAP_FAR = 5.0
BASEMAP_FACTOR = 50  # coordinates kept to 0.02° (about 2 km): a backdrop
#: Neighbouring countries are clipped to this window (lon, lat): the part a reader sees.
NEIGHBOUR_WINDOW = (12.0, 36.0, 180.0, 82.0)


def _xstatic_file(package: str, name: str) -> str:
    import importlib

    mod = importlib.import_module(f"xstatic.pkg.{package}")
    return (Path(mod.BASE_DIR) / name).read_text(encoding="utf-8")


def compact_css(css: str) -> str:
    """Drop comments and needless whitespace from a style sheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = css.replace(": ", ":").replace(";}", "}").strip()
    return css + "\n"


#: Leaflet CSS rules this map never uses (layer switcher, IE-only): left out to save bytes.
#: Also the "grabbing" cursor over markers while the map is dragged: Leaflet puts
#: `leaflet-dragging` on <body> as a drag starts and ends, and with a rule for
#: `.leaflet-dragging … .leaflet-interactive` the browser restyles every marker twice per
#: drag (~500 elements, 4-5 ms at 10,000 facilities); the map itself keeps its cursor.
_UNUSED_CSS = re.compile(r"control-layers|leaflet-oldie|vml|leaflet-retina|default-icon"
                         r"|leaflet-dragging \.leaflet-grab \.leaflet-interactive"
                         r"|leaflet-marker-draggable")


def _drop_unused_rules(css: str) -> str:
    kept = []
    for rule in re.findall(r"@[^{}]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}|[^{}@]+\{[^{}]*\}", css):
        if rule.startswith("@"):
            kept.append(rule)
            continue
        selectors = [s for s in rule.split("{", 1)[0].split(",") if not _UNUSED_CSS.search(s)]
        if selectors:
            kept.append(",".join(selectors) + "{" + rule.split("{", 1)[1])
    return "".join(kept) + "\n"


def _strip_source_map(js: str) -> str:
    """Drop `//# sourceMappingURL=` so no devtools ever asks for a .map file."""
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", js)


@lru_cache(maxsize=1)
def vendor_assets() -> dict[str, str]:
    """Leaflet 1.9.3 and Leaflet.markercluster, as shipped in the xstatic wheels.

    Leaflet's CSS points at PNG sprites (layer switcher, default marker): this map uses
    neither, so those `url(...)` references are removed rather than left to fail.
    """
    css = _drop_unused_rules(compact_css(_xstatic_file("leaflet", "leaflet.css")))
    css = re.sub(r"url\((?!data:)[^)]*\)", "none", css)
    css = re.sub(r"behavior:\s*none;?", "", css)
    return {
        "leaflet_js": _strip_source_map(_xstatic_file("leaflet", "leaflet.js")),
        "leaflet_css": css,
        "markercluster_js": _strip_source_map(
            _xstatic_file("leaflet_markercluster", "leaflet.markercluster.js")),
        "markercluster_css": compact_css(
            _xstatic_file("leaflet_markercluster", "MarkerCluster.css")),
    }


def own_assets() -> tuple[str, str]:
    """This project's page script and style sheet (`mapper/webmap/static`), as inlined."""
    return webmap.script(), compact_css(webmap.styles())


def i18n() -> dict[str, dict]:
    """Interface text in English, Ukrainian and Russian (`mapper/webmap/static/i18n.json`)."""
    return webmap.i18n()


# --- embedding ---------------------------------------------------------------------------

def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element.

    `<`, `>` and `&` are written as \\u escapes so that no value can close the element
    (`</script>`) or open a comment (`<!--`); U+2028/2029 are escaped for old JS parsers.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


#: The compressed data blocks: element id → what the JSON inside is (`data-format`).
PACKED_BLOCKS = {
    "mapper-facilities": "application/geo+json",
    "mapper-regions": "application/json",
    "mapper-countries": "application/json",
    "mapper-flows": "application/json",
    "mapper-context": "application/json",
    "mapper-overlays": "application/json",
}


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def pack_json(value: Any) -> str:
    """Compact JSON, deflated (zlib format, level 9) and base64-encoded, for a data block.

    Deterministic (zlib writes no timestamp) and safe inside <script> by construction: the
    base64 alphabet has no `<`, `>` or `&`, whatever text the data holds.
    """
    return _pack_bytes(_json_bytes(value))


def _pack_bytes(raw: bytes) -> str:
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def unpack_json(text: str) -> Any:
    """The inverse of `pack_json`: what the page's script sees after inflating a block."""
    return json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))


_BLOCK_RE = re.compile(r'<script type="application/(?:json|octet-stream)" id="(mapper-[\w-]+)"'
                       r'([^>]*)>(.*?)</script>', re.S)


def map_data(page: str) -> dict[str, Any]:
    """The data embedded in a map page, by block id, decompressed and parsed.

    For researchers and tests: ``map_data(Path("map.html").read_text())["mapper-facilities"]``
    is the GeoJSON FeatureCollection the map draws.
    """
    out = {}
    for block_id, attrs, text in _BLOCK_RE.findall(page):
        out[block_id] = (unpack_json(text) if 'data-encoding="deflate+base64"' in attrs
                         else json.loads(text))
    return out


def _plain(value: Any) -> Any:
    """JSON-ready Python value; None for NaN/NA; lists, tuples and arrays become lists."""
    if value is None or (isinstance(value, (str, bool, int)) and not isinstance(value, np.generic)):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        return int(value) if float(value).is_integer() else float(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _column_values(series: pd.Series) -> list:
    """A column as JSON-ready Python values, converted per column (fast for 10,000 rows)."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return series.tolist()
    if pd.api.types.is_float_dtype(series):
        return [None if v != v else (int(v) if v.is_integer() else v) for v in series.tolist()]
    return [_plain(v) if not isinstance(v, str) else v
            for v in series.to_numpy(dtype=object).tolist()]


def facility_features(layer: gpd.GeoDataFrame, *, public: bool = False,
                      notes: bool = False) -> list[dict]:
    """The layer as GeoJSON features with only what the map shows (empty values dropped).

    Schema fields first, in schema order, then `testimonies*` counts; region names are left
    out here (one region table serves all points). Non-public fields (`notes`) are written
    only when asked for (`notes=True`) and never in a public build: a map file travels.
    """
    if layer.crs is not None and not layer.crs.equals("EPSG:4326"):
        layer = layer.to_crs("EPSG:4326")
    fields = [f.name for f in schema.LAYER_FIELDS if f.name in layer.columns
              and f.name not in _DROP and (f.public or (notes and not public))]
    # the registry branch's public fields, shown when the layer has them (until the schema
    # in this branch lists them)
    fields += [c for c in _REGISTRY_FIELDS if c in layer.columns and c not in fields]
    counts = sorted(c for c in layer.columns if str(c).startswith("testimonies"))
    cols = fields + counts
    values = {c: _column_values(layer[c]) for c in cols}
    if "sources" in values:  # {url, date: null} → {url}
        values["sources"] = [
            [{a: b for a, b in src.items() if b is not None} if isinstance(src, dict) else src
             for src in v] if isinstance(v, list) else v for v in values["sources"]]
    xs = np.round(layer.geometry.x.to_numpy(dtype=float), 6).tolist()
    ys = np.round(layer.geometry.y.to_numpy(dtype=float), 6).tolist()
    props: list[dict] = [{} for _ in xs]
    # Column by column (same key order in every feature: schema order, then counts).
    for k in cols:
        count = k.startswith("testimonies")
        for p, v in zip(props, values[k], strict=True):
            if v is None or v == "" or v == []:
                continue
            if count and (v == 0 or v == "0") and not isinstance(v, bool):
                continue  # zero counts are implied: the page reads a missing count as 0
            p[k] = v
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
             "properties": p} for x, y, p in zip(xs, ys, props, strict=True)]


# --- basemap -----------------------------------------------------------------------------

def encode_ring(coords: np.ndarray, factor: int = BASEMAP_FACTOR) -> str | None:
    """One ring as an encoded polyline (Google's algorithm; lon, lat pairs; 1/factor °).

    About 2–3 bytes a vertex instead of ~14 in GeoJSON: this is what lets the basemap of
    Russia, Ukraine and the neighbours fit in a few tens of kilobytes.
    """
    q = np.round(np.asarray(coords)[:, :2] * factor).astype(np.int64)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    q = q[keep]
    if len(q) < 4:
        return None
    d = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    out = []
    for v in d.tolist():
        v = ~(v << 1) if v < 0 else (v << 1)
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def _encode_geom(geom, min_area: float) -> list[list[str]]:
    polys = []
    for part in shapely.get_parts(geom):
        if part.is_empty or part.area < min_area:
            continue
        rings = [encode_ring(np.asarray(part.exterior.coords), BASEMAP_FACTOR)]
        if rings[0] is None:
            continue
        rings += [r for r in (encode_ring(np.asarray(i.coords), BASEMAP_FACTOR)
                              for i in part.interiors) if r is not None]
        polys.append(rings)
    return polys


def _squeeze_far(c: np.ndarray) -> np.ndarray:
    """Compress coordinates beyond `BASEMAP_NEAR` so one tolerance simplifies them more.

    Monotonic and piecewise linear, so a coverage stays a coverage; `_unsqueeze_far` is its
    exact inverse.
    """
    (x0, y0), k = BASEMAP_NEAR, BASEMAP_FAR
    x, y = c[:, 0], c[:, 1]
    return np.column_stack([np.where(x > x0, x0 + (x - x0) / k, x),
                            np.where(y > y0, y0 + (y - y0) / k, y)])


def _unsqueeze_far(c: np.ndarray) -> np.ndarray:
    (x0, y0), k = BASEMAP_NEAR, BASEMAP_FAR
    x, y = c[:, 0], c[:, 1]
    return np.column_stack([np.where(x > x0, x0 + (x - x0) * k, x),
                            np.where(y > y0, y0 + (y - y0) * k, y)])


def _unwrap_antimeridian(geom):
    """Move parts lying west of -100° (Chukotka east of 180°) to +180…+190°."""
    parts = []
    for part in shapely.get_parts(geom):
        if part.bounds[2] < -100:
            part = shapely.transform(part, lambda c: c + np.array([360.0, 0.0]))
        parts.append(part)
    return shapely.multipolygons(parts) if len(parts) > 1 else parts[0]


def _label_point(geom) -> list[float]:
    parts = shapely.get_parts(geom)
    biggest = parts[int(np.argmax(shapely.area(parts)))]
    p = shapely.point_on_surface(biggest)
    return [round(p.x, 2), round(p.y, 2)]


@lru_cache(maxsize=2)
def basemap(tolerance: float = BASEMAP_TOLERANCE) -> dict:
    """The backdrop: admin-1 regions of Russia and Ukraine, country borders, neighbours.

    Regions are simplified together as a coverage (`shapely.coverage_simplify`), so shared
    edges stay shared: no gaps or overlaps between neighbours. Parts smaller than
    `BASEMAP_MIN_AREA` square degrees (small islands) are dropped. Crimea (UA-43) and
    Sevastopol (UA-40) are Ukrainian in the shipped files and stay so. Deterministic.
    """
    regs = reference.regions().reset_index()  # sorted by region code
    simple = shapely.transform(regs.geometry.to_numpy(), _squeeze_far)
    simple = shapely.coverage_simplify(simple, tolerance)
    simple = shapely.transform(simple, _unsqueeze_far)
    simple = [_unwrap_antimeridian(g) for g in simple]
    regions, borders = [], {}
    for code, geom in zip(regs["region_code"], simple, strict=True):
        # [code, label lon, label lat, polygons]: the country is the code's prefix.
        regions.append([code, *_label_point(geom), _encode_geom(geom, BASEMAP_MIN_AREA)])
    for country in sorted(set(regs["country"])):
        geoms = [g for g, c in zip(simple, regs["country"], strict=True) if c == country]
        # The source polygons are not perfectly noded: union on the output grid instead.
        whole = shapely.union_all(geoms, grid_size=1 / BASEMAP_FACTOR)
        # Only the label point: the page draws country outlines from the region rings.
        borders[country] = {"label": _label_point(whole)}

    cts = reference.countries().reset_index()
    cts["code"] = [a2 if a2 != "-99" else a3[:2]
                   for a2, a3 in zip(cts["country"], cts["ADM0_A3"], strict=True)]
    cts = cts[~cts["code"].isin(borders)].sort_values("code", kind="stable")
    clipped = shapely.clip_by_rect(cts.geometry.to_numpy(), *NEIGHBOUR_WINDOW)
    clipped = shapely.make_valid(clipped)
    countries = []
    for code, geom in zip(cts["code"], clipped, strict=True):
        geom = shapely.simplify(geom, 0.15, preserve_topology=True)
        polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
        if not polys:
            continue
        geom = shapely.multipolygons(polys)
        rings = _encode_geom(geom, BASEMAP_MIN_AREA * 3)
        if rings:
            countries.append({"code": code, "rings": rings, "label": _label_point(geom)})
    return {"factor": BASEMAP_FACTOR, "regions": regions, "borders": borders,
            "countries": countries}


# --- the page ----------------------------------------------------------------------------

def _territory(country: Any, occupied: Any) -> str:
    if country == "RU":
        return "ru"
    return "ua_occupied" if bool(occupied) else "ua"


def _years(layer: pd.DataFrame) -> list[int]:
    """Years to filter by: from `testimonies_<YYYY>` columns and reported dates."""
    years = {int(c[-4:]) for c in layer.columns if re.fullmatch(r"testimonies_\d{4}", str(c))}
    for col in ("first_reported", "last_reported"):
        if col in layer.columns:
            for v in layer[col].dropna().astype(str):
                if re.match(r"^\d{4}", v):
                    years.add(int(v[:4]))
    if len(years) > 1:
        years = set(range(min(years), max(years) + 1))
    return sorted(years)


def _region_counts(layer: pd.DataFrame, regions_df: pd.DataFrame | None) -> dict[str, Any]:
    """Testimonies per region code: the join's table, else the sum over facilities."""
    if regions_df is not None and len(regions_df) and "testimonies" in regions_df.columns:
        return {str(r): _plain(v) for r, v in zip(regions_df["region_code"],
                                                  regions_df["testimonies"], strict=True)}
    if "testimonies" in layer.columns and pd.api.types.is_numeric_dtype(layer["testimonies"]):
        sums = layer.groupby("region_code")["testimonies"].sum()
        return {str(k): int(v) for k, v in sums.items() if v}
    return {}


def _region_counts_by_column(layer: pd.DataFrame,
                              regions_df: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """Testimonies per region for every count column (all years, each year, categories).

    From the join's region table (in a public build: derived from the published cells by
    `public_build`), else summed over the facilities. ``{"testimonies": {code: n}, ...}``;
    regions with no count are left out.
    """
    out: dict[str, dict[str, Any]] = {}
    if regions_df is not None and len(regions_df) and "region_code" in regions_df.columns:
        for col in sorted(c for c in regions_df.columns if str(c).startswith("testimonies")):
            vals = {str(r): _plain(v) for r, v in zip(regions_df["region_code"],
                                                      regions_df[col], strict=True)}
            out[col] = dict(sorted((k, v) for k, v in vals.items() if v not in (None, 0, "0")))
        return out
    total = _region_counts(layer, None)
    if total:
        out["testimonies"] = dict(sorted(total.items()))
    return out


def _flows(flows: pd.DataFrame | None, ids: set[str]) -> list[list]:
    if flows is None or not len(flows):
        return []
    out = []
    for a, b, n in zip(flows["from_id"], flows["to_id"], flows["transfers"], strict=True):
        if a in ids and b in ids and a != b:
            out.append([a, b, _plain(n)])
    return sorted(out, key=lambda r: (r[0], r[1]))


@dataclass
class MapDocument:
    """A rendered map: the HTML text, and what each part of it weighs.

    Behaves like a `folium.Map` where users need it: `.save(path)` and inline display in
    Jupyter (`_repr_html_`, a sandboxed iframe holding the whole page).
    """

    html: str
    sizes: dict[str, int] = field(default_factory=dict)
    raw_sizes: dict[str, int] = field(default_factory=dict)
    n_features: int = 0
    title: str = ""

    def save(self, path) -> Path:
        """Write the page atomically (UTF-8)."""
        return save_map(self, path)

    def get_root(self) -> MapDocument:  # folium-style access used by some scripts
        return self

    def render(self) -> str:
        return self.html

    def _repr_html_(self) -> str:
        doc = html.escape(self.html, quote=True)
        return ('<div style="width:100%"><div style="position:relative;width:100%;height:0;'
                'padding-bottom:62%"><iframe srcdoc="' + doc + '" style="position:absolute;'
                'inset:0;width:100%;height:100%;border:0" allowfullscreen '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"'
                ' title="Map"></iframe></div></div>')

    def size_report(self) -> str:
        """What each part of the file weighs, for the CLI and the benchmark.

        Compressed parts show their size in the page (deflate + base64) and, in brackets,
        their JSON before compression.
        """
        total = len(self.html.encode("utf-8"))
        lines = []
        for k, v in self.sizes.items():
            raw = self.raw_sizes.get(k)
            note = f"   (compressed; {raw / 1000:.1f} kB plain)" if raw is not None else ""
            lines.append(f"  {k:34s}{v / 1000:8.1f} kB{note}")
        return "\n".join([*lines, f"  {'total':34s}{total / 1000:8.1f} kB"])


def save_map(m: MapDocument, path) -> Path:
    """Write a map to ``path`` atomically (UTF-8).

    Parameters
    ----------
    m : MapDocument
        A map from `render_map`.
    path : str or os.PathLike
        The HTML file to write.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib, mapper
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> mapper.save_map(mapper.render_map(mapper.load_facilities()), out).name
    'map.html'
    """
    return write_text(path, m.html)


def iframe_snippet(filename: str, title: str) -> str:
    """A responsive iframe for a report page (16:10, full width)."""
    t = html.escape(title, quote=True)
    f = html.escape(filename, quote=True)
    return (f'<div style="position:relative;width:100%;padding-bottom:62.5%;height:0">'
            f'<iframe src="{f}" title="{t}" loading="lazy" allowfullscreen '
            f'style="position:absolute;inset:0;width:100%;height:100%;border:0"></iframe></div>')


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def edition(layer: pd.DataFrame, sha256: str | None = None) -> dict[str, str]:
    """The edition a map shows and asks to be cited by: data date and layer checksum.

    Parameters
    ----------
    layer : DataFrame
        The facility layer.
    sha256 : str, optional
        The layer file's SHA-256 as the manifest records it (`mapper.manifest.sha256`).
        Without it, the SHA-256 of the facilities as embedded in the map.

    Returns
    -------
    dict
        ``{"date": latest source or report date (YYYY-MM-DD or shorter), "sha256": hex}``.

    Examples
    --------
    >>> edition(pd.DataFrame({"last_reported": ["2024-05"]}), "ab" * 32)["date"]
    '2024-05'
    """
    dates: list[str] = []
    for col in ("last_reported", "first_reported"):
        if col in layer.columns:
            dates += [str(v) for v in layer[col].dropna()]
    if "sources" in layer.columns:
        for srcs in layer["sources"]:
            if isinstance(srcs, (list, tuple, np.ndarray)):
                dates += [str(x.get("date")) for x in srcs if isinstance(x, dict) and x.get("date")]
    dates = [d for d in dates if re.match(r"^\d{4}(-\d{2}){0,2}$", d)]
    return {"date": max(dates) if dates else "", "sha256": sha256 or ""}


def _packed_libs() -> dict[str, str]:
    """Leaflet and markercluster, deflated and base64-encoded (once per session: `_pack_script`
    keeps them)."""
    vendor = vendor_assets()
    return {"lib-leaflet": _pack_script(vendor["leaflet_js"]),
            "lib-markercluster": _pack_script(vendor["markercluster_js"])}


@lru_cache(maxsize=4)
def _pack_script(text: str) -> str:
    """A script's text deflated and base64-encoded (the same script packs once)."""
    return _pack_bytes(text.encode("utf-8"))


def _context_module():
    """The context engineer's `mapper.webmap.context`, once it exists in this branch."""
    try:
        from .webmap import context
    except ImportError:
        return None
    return context


def render_map(layer: gpd.GeoDataFrame, *, join: Any = None, lang: str = "en",
               title: str | None = None, tiles: str = "none", public: bool = False,
               synthetic: bool = False, flows: pd.DataFrame | None = None,
               regions: pd.DataFrame | None = None, threshold: int = 5,
               notes: bool = False, with_basemap: bool = True,
               overlays: list[dict] | None = None, base_url: str | None = None,
               layer_sha256: str | None = None, precision: int | None = None) -> MapDocument:
    """Render the facility layer (joined or not) as one self-contained HTML page.

    Leaflet and every asset are inlined and the basemap is drawn from the shipped
    boundaries, so the page works offline and contacts no other host unless ``tiles``
    asks for it.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame or JoinResult
        The facility layer, a joined layer, or a `JoinResult` (its flows and region table
        are drawn too; its ``synthetic`` flag puts a DEMO banner on the map).
    join : JoinResult, optional
        Deprecated: pass the join result as the first argument. Passing a layer and a
        different join result raises `InputError` (see `mapper.join.as_join`).
    lang : {"en", "uk", "ru"}
        Language of the interface and of facility names.
    title : str, optional
        The map's title (default: the title in ``lang``).
    tiles : {"none", "osm", "satellite"}
        Online tiles; "none" keeps the map offline. Others are announced on the map.
    public : bool
        Apply `mapper.publish.public_build` (no notes, small counts as ranges) and say so.
    synthetic : bool
        Put the DEMO banner on the map.
    flows, regions : pandas.DataFrame, optional
        Override the join's transfer flows and region table.
    threshold : int
        With ``public``: the smallest count shown exactly.
    notes : bool
        Put reviewers' internal notes in the popups (never with ``public``).
    with_basemap : bool
        Draw the shipped boundaries.
    overlays : list of dict, optional
        User layers from `mapper.webmap.context.read_overlay` (``label``, ``geojson``,
        ``source_file``); only the file's name is written into the page, never its folder.
    base_url : str, optional
        The address where the map will be published: "Copy link" and "How to cite" use it.
    layer_sha256 : str, optional
        SHA-256 of the layer file (from the manifest) for the edition line.
    precision : int, optional
        With ``public``: round coordinates to that many decimals (`public_build`).

    Returns
    -------
    MapDocument
        ``.html``, ``.save(path)``, shown inline in Jupyter; ``.size_report()``.

    Raises
    ------
    InputError
        For ``public`` with ``notes``, an unknown ``lang`` or ``tiles``, a layer passed
        with a different ``join``, or a ``base_url`` that is not http(s).

    Examples
    --------
    >>> import mapper
    >>> m = mapper.render_map(mapper.load_facilities(), lang="uk")
    >>> m.html.startswith('<!DOCTYPE html>')
    True
    """
    if public and notes:
        raise InputError("A public map never carries reviewers' notes: drop --notes.")
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}': use one of {', '.join(LANGS)}.")
    if tiles not in ("none", *TILES):
        raise InputError(f"Unknown tiles '{tiles}': use none, osm or satellite.")
    if base_url is not None and not re.match(r"^https?://[^\s#]+$", base_url):
        raise InputError(f"--base-url must be the http(s) address where the map is published "
                         f"(no spaces, no #fragment), not '{base_url}'.")
    data = as_join(layer, join, caller="render_map")  # a layer or a JoinResult, never both
    layer = data.layer
    flows = data.flows if flows is None else flows
    regions = data.regions if regions is None else regions
    synthetic = synthetic or data.synthetic
    if public:
        from .publish import public_build

        empty = pd.DataFrame()
        pub = public_build(JoinResult(layer=layer, flows=flows if flows is not None else empty,
                                      regions=regions if regions is not None else empty,
                                      report=empty, counts={}), threshold=threshold,
                           precision=precision)
        layer, flows, regions = pub.layer, pub.flows, pub.regions

    text = i18n()[lang]
    feats = facility_features(layer, public=public, notes=notes)
    ids = {f["properties"].get("id") for f in feats}
    base = basemap() if with_basemap else {"factor": BASEMAP_FACTOR, "regions": [],
                                           "borders": {}, "countries": []}
    region_names: dict[str, str] = {}
    # The layer's own spelling of its regions first (curated), then the reference table.
    for c in (f"region_{lang}", "region_en"):
        if c in layer.columns and "region_code" in layer.columns:
            pairs = layer[["region_code", c]].drop_duplicates()
            for code, name in zip(pairs["region_code"], pairs[c], strict=True):
                if isinstance(name, str) and name and code not in region_names:
                    region_names[str(code)] = name
    names = reference.regions() if with_basemap else pd.DataFrame()
    col = f"name_{lang}"
    for code in sorted({r[0] for r in base["regions"]}):
        if code in names.index and code not in region_names:
            row = names.loc[code]
            region_names[code] = (row.get(col) or row.get("name_en") or code)
    counts_present = sorted(c for c in layer.columns if str(c).startswith("testimonies"))
    tile = TILES.get(tiles)
    fc = {"type": "FeatureCollection", "features": feats}
    config = {
        "lang": lang,
        "strings": text,
        "title": title or text["title"],
        "public": bool(public),
        "synthetic": bool(synthetic),
        "threshold": threshold,
        "tiles": ({k: tile[k] for k in ("url", "maxZoom", "provider", "attribution")}
                  if tile else None),
        "typeColours": MAP_TYPE_COLOURS,
        "types": list(schema.FACILITY_TYPES),
        "contexts": list(schema.CONTEXTS),
        "precisions": list(schema.PRECISIONS),
        "counts": counts_present,
        "years": _years(layer),
        "choropleth": {"breaks": list(CHORO_BREAKS), "colours": list(MAP_CHORO_COLOURS),
                       "outline": MAP_CHORO_OUTLINE},
        "baseUrl": base_url,
        "edition": edition(layer, layer_sha256 or hashlib.sha256(_json_bytes(fc)).hexdigest()),
    }
    flow_rows = _flows(flows, ids)
    # The data, compressed; the config (interface text) stays plain JSON so the page can
    # explain itself in a browser that cannot inflate the rest.
    data = {
        "mapper-facilities": fc,
        "mapper-regions": {"factor": base["factor"], "regions": base["regions"],
                           "borders": base["borders"],
                           "names": dict(sorted(region_names.items())),
                           "counts": _region_counts_by_column(layer, regions)},
        "mapper-countries": {"factor": base["factor"], "countries": base["countries"]},
        "mapper-flows": flow_rows,
    }
    ctx_mod = _context_module()
    if ctx_mod is not None and with_basemap and hasattr(ctx_mod, "context_data"):
        data["mapper-context"] = ctx_mod.context_data(layer)
    if overlays:
        data["mapper-overlays"] = [{"label": o.get("label"), "geojson": o.get("geojson"),
                                    "source_file": Path(str(o.get("source_file") or "")).name}
                                   for o in overlays]
    vendor = vendor_assets()
    own_js, own_css = own_assets()
    config_json = script_json(config)
    raw = {k: _json_bytes(v) for k, v in data.items()}
    packed = {k: _pack_bytes(b) for k, b in raw.items()}
    # Leaflet, markercluster and our own script travel deflated like the data (our script is
    # a quarter of its plain size that way; its readable source is `mapper/webmap/static`).
    # The page's one plain script (`boot.js`) inflates them and runs the three in order as
    # inline scripts, each pinned by the hash of its text in the CSP (no eval, no blob: URL).
    libs = {"lib-leaflet": vendor["leaflet_js"], "lib-markercluster": vendor["markercluster_js"]}
    packed_libs = {**_packed_libs(), "app-mapper": _pack_script(own_js)}
    boot = webmap.boot_script()
    img_src = "data:" + (" " + tile["host"] if tile else "")
    csp = ("default-src 'none'; img-src " + img_src + "; style-src 'unsafe-inline'; "
           "script-src " + " ".join(_sha256(s) for s in [boot, *libs.values(), own_js])
           + "; base-uri 'none'; form-action 'none'")
    page = webmap.render_page(
        lang=lang, csp=csp, title=config["title"], text=text,
        styles=[vendor["leaflet_css"], vendor["markercluster_css"], own_css],
        config_json=config_json,
        blocks=[*({"id": k, "format": "text/javascript", "text": v}
                  for k, v in packed_libs.items()),
                *({"id": k, "format": PACKED_BLOCKS[k], "text": packed[k]} for k in packed)],
        boot_js=boot)

    def kb(s: str) -> int:
        return len(s.encode("utf-8"))

    labels = {"mapper-facilities": f"facilities ({len(feats)})",
              "mapper-regions": "admin-1 regions, names, counts",
              "mapper-countries": "basemap: neighbour countries",
              "mapper-flows": f"transfer flows ({len(flow_rows)})",
              "mapper-context": "context: places, rivers, lakes",
              "mapper-overlays": f"user overlays ({len(overlays or [])})"}
    sizes = {
        "Leaflet 1.9.3 (JS+CSS)": len(packed_libs["lib-leaflet"]) + kb(vendor["leaflet_css"]),
        "markercluster (JS+CSS)": len(packed_libs["lib-markercluster"])
        + kb(vendor["markercluster_css"]),
        "mapper JS+CSS": len(packed_libs["app-mapper"]) + kb(own_css),
        **{labels[k]: len(packed[k]) for k in packed},
        "config, interface text": kb(config_json),
    }
    raw_sizes = {labels[k]: len(raw[k]) for k in packed}
    raw_sizes["Leaflet 1.9.3 (JS+CSS)"] = kb(vendor["leaflet_js"]) + kb(vendor["leaflet_css"])
    raw_sizes["markercluster (JS+CSS)"] = (kb(vendor["markercluster_js"])
                                           + kb(vendor["markercluster_css"]))
    raw_sizes["mapper JS+CSS"] = kb(own_js) + kb(own_css)
    sizes["page template, CSP"] = kb(page) - sum(sizes.values())
    return MapDocument(html=page, sizes=sizes, raw_sizes=raw_sizes, n_features=len(feats),
                       title=config["title"])
