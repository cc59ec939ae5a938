"""The facilities as a layer for your own folium map, and ``GeoDataFrame.explore`` in our colours.

`render_map` writes a whole self-contained page (offline, no CDN). A researcher who already
builds a `folium.Map` in a notebook wants the styled facilities *on that map* instead:
`folium_layer` returns a `folium.FeatureGroup` to ``.add_to(m)``, styled like the HTML map
(colours by type and fill/outline by precision from `mapper.style`), with popups that list
the sources, co-located facilities spread out by Leaflet.markercluster (folium's
``MarkerCluster`` plugin) and the publishing rules applied by
`mapper.publish.public_build` when ``public=True``. `explore` is ``GeoDataFrame.explore``
with the same colours and the same public rules.

A folium page loads Leaflet and its plugins from CDNs (and tiles from a tile server) when
it is opened: use it for exploring, and `mapper map` / `render_map` for a file that must
work offline or be published.
"""

from __future__ import annotations

import html
from typing import Any

import folium
import pandas as pd
from folium.plugins import MarkerCluster

from . import schema
from .io import InputError
from .join import as_join
from .publish import parse_label
from .render import i18n
from .style import TYPE_COLOURS, marker_style

LANGS = ("en", "uk", "ru")
#: Marker radius (pixels) without counts, and how it grows with the square root of a count.
RADIUS, RADIUS_GROWTH, RADIUS_MAX = 6.0, 1.6, 22.0


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _count(v: Any) -> int:
    """A count as an int; a public range such as ``1–4`` by its lower bound."""
    cell = parse_label(v)
    return cell.lo if cell is not None else 0


def _text(lang: str) -> dict:
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}': use one of {', '.join(LANGS)}.")
    return i18n()[lang]


def _name(rec: dict, lang: str) -> str:
    for key in (f"name_{lang}", "name_en", "id"):
        if not _missing(rec.get(key)) and str(rec.get(key)):
            return str(rec[key])
    return ""


def popup_html(rec: dict, lang: str = "en") -> str:
    """The popup of one facility: names, type, place, precision, counts, sources (escaped).

    Every value is HTML-escaped; a source becomes a link only when it is an http(s) URL.

    Parameters
    ----------
    rec : dict
        One row of the layer (``layer.to_dict("records")``).
    lang : {"en", "uk", "ru"}
        Language of the labels and of the facility's name.

    Returns
    -------
    str
        An HTML fragment.
    """
    t = _text(lang)
    e = html.escape
    rows = []

    def row(label: str, value: Any) -> None:
        if not _missing(value) and str(value) != "":
            rows.append(f"<tr><th style='text-align:left;padding-right:6px'>{e(label)}</th>"
                        f"<td>{e(str(value))}</td></tr>")

    ftype = rec.get("facility_type")
    row(t["type"], t["facility_type"].get(ftype, ftype))
    place = ", ".join(str(rec[k]) for k in ("settlement_en", f"region_{lang}")
                      if not _missing(rec.get(k)))
    row(t["region"], place or rec.get("region_code"))
    prec = rec.get("geocode_precision")
    if not _missing(prec):
        row(t["precision"], f"{t['precision_name'].get(prec, prec)}: "
                            f"{t['precision_help'].get(prec, '')}")
    period = " – ".join(str(rec[k]) for k in ("first_reported", "last_reported")
                        if not _missing(rec.get(k)))
    row(t["reported"], period)
    for col in sorted(c for c in rec if str(c).startswith("testimonies")):
        label = t["testimonies"] + ("" if col == "testimonies" else
                                    f" ({col[len('testimonies_'):]})")
        row(label, rec[col])
    links = []
    sources = rec.get("sources")
    for s in (sources if isinstance(sources, (list, tuple)) else []):
        url = str(s.get("url", "")) if isinstance(s, dict) else str(s)
        date = s.get("date") if isinstance(s, dict) else None
        date = "n.d." if _missing(date) or not date else str(date)
        if url.startswith(("http://", "https://")):
            links.append(f"<li>{e(date)} <a href=\"{e(url, quote=True)}\" target=\"_blank\" "
                         f"rel=\"noopener noreferrer\">{e(url)}</a></li>")
        else:
            links.append(f"<li>{e(date)} {e(url)}</li>")
    names = [str(rec[k]) for k in ("name_uk", "name_ru") if not _missing(rec.get(k))
             and str(rec[k]) != _name(rec, lang)]
    parts = [f"<b>{e(_name(rec, lang))}</b>",
             f"<div style='color:#555'>{'<br>'.join(e(n) for n in names)}</div>" if names else "",
             f"<table>{''.join(rows)}</table>",
             f"<b>{e(t['sources'])}</b><ol style='padding-left:18px;margin:2px 0'>"
             f"{''.join(links)}</ol>" if links else ""]
    return "".join(p for p in parts if p)


def folium_layer(data, *, public: bool = False, lang: str = "en", threshold: int = 5,
                 precision: int | None = None, name: str | None = None,
                 cluster: bool = True, show: bool = True) -> folium.FeatureGroup:
    """The facilities as a styled `folium.FeatureGroup` to add to your own `folium.Map`.

    Each facility is a ``CircleMarker`` coloured by type, filled or hollow (dashed) by
    location precision as on the HTML map (`mapper.style`), sized by testimonies when the
    data carry counts, with a tooltip (its name) and a popup (type, place, precision,
    period, counts, sources; all escaped). Facilities at one point (seven in Izium) are
    grouped by Leaflet.markercluster and spread out when clicked.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer (`load_facilities`), a joined layer or a `JoinResult`.
    public : bool
        Apply the publishing rules (`mapper.publish.public_build`): allowlisted fields
        only, counts below ``threshold`` shown as ranges.
    lang : {"en", "uk", "ru"}
        Language of names and popup labels.
    threshold : int
        With ``public``: the smallest count shown exactly.
    precision : int, optional
        With ``public``: round coordinates to this many decimals.
    name : str, optional
        The layer's name in folium's ``LayerControl`` (default: the map title in ``lang``).
    cluster : bool
        Group co-located and nearby facilities (Leaflet.markercluster, loaded from a CDN).
    show : bool
        Whether the layer is shown when the map opens.

    Returns
    -------
    folium.FeatureGroup
        Add it with ``.add_to(m)``. ``layer.mapper_data`` is the (public) GeoDataFrame it
        was drawn from.

    Raises
    ------
    InputError
        For an unknown ``lang`` or data that is neither a layer nor a `JoinResult`.

    Examples
    --------
    >>> import folium, mapper
    >>> m = folium.Map(location=[50, 40], zoom_start=4, tiles=None)
    >>> layer = mapper.folium_layer(mapper.load_facilities(), public=True).add_to(m)
    >>> len(layer.mapper_data) == len(mapper.load_facilities())
    True
    """
    text = _text(lang)
    result = as_join(data, caller="folium_layer")
    if public:
        from .publish import public_build

        result = public_build(result, threshold=threshold, precision=precision)
    gdf = result.layer
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    group = folium.FeatureGroup(name=name or text["title"], show=show)
    parent: Any = group
    if cluster:
        # Only markers within a few pixels cluster: co-located facilities, not a region.
        parent = MarkerCluster(name=None, control=False, options={
            "maxClusterRadius": 12, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
            "zoomToBoundsOnClick": True}).add_to(group)
    has_counts = "testimonies" in gdf.columns
    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    for rec, geom in zip(records, gdf.geometry, strict=True):
        st = marker_style(rec.get("facility_type"), rec.get("geocode_precision"))
        n = _count(rec.get("testimonies")) if has_counts else 0
        radius = min(RADIUS_MAX, RADIUS + RADIUS_GROWTH * n ** 0.5) if n else RADIUS
        folium.CircleMarker(
            location=[round(float(geom.y), 6), round(float(geom.x), 6)], radius=radius,
            color=st["stroke"], weight=st["stroke_width"], fill=True,
            fill_color=st["fill"], fill_opacity=st["fill_opacity"], opacity=1.0,
            dash_array=" ".join(f"{d:g}" for d in st["dash"]) if st["dash"] else None,
            tooltip=folium.Tooltip(html.escape(_name(rec, lang))),
            popup=folium.Popup(popup_html(rec, lang), max_width=360, lazy=True),
        ).add_to(parent)
    group.mapper_data = gdf
    return group


def explore(data, m: folium.Map | None = None, *, public: bool = False, lang: str = "en",
            threshold: int = 5, precision: int | None = None, **kwargs: Any) -> folium.Map:
    """``GeoDataFrame.explore`` with the project's type colours, labels and public rules.

    The same as ``layer.explore(column=..., categories=..., cmap=...)`` with the type
    labels of ``lang`` as categories and `mapper.style.TYPE_COLOURS` as colours.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer, a joined layer or a `JoinResult`.
    m : folium.Map, optional
        An existing map to draw on (as in geopandas).
    public : bool
        Apply the publishing rules first (`mapper.publish.public_build`).
    lang : {"en", "uk", "ru"}
        Language of the legend.
    threshold : int
        With ``public``: the smallest count shown exactly.
    precision : int, optional
        With ``public``: round coordinates to this many decimals.
    **kwargs
        Passed to ``GeoDataFrame.explore`` (``tiles``, ``marker_kwds``, ``tooltip`` ...).

    Returns
    -------
    folium.Map
        The map (``m`` when given).

    Examples
    --------
    >>> import mapper
    >>> m = mapper.explore(mapper.load_facilities(), tiles=None)
    >>> type(m).__name__
    'Map'
    """
    text = _text(lang)
    result = as_join(data, caller="explore")
    if public:
        from .publish import public_build

        result = public_build(result, threshold=threshold, precision=precision)
    gdf = result.layer
    types = [t for t in schema.FACILITY_TYPES if t in TYPE_COLOURS]
    labels = [text["facility_type"].get(t, t) for t in types]
    gdf = gdf.assign(**{text["type"]: [text["facility_type"].get(t, t)
                                       for t in gdf["facility_type"]]})
    name_col = f"name_{lang}" if f"name_{lang}" in gdf.columns else "name_en"
    tooltip = [c for c in (name_col, text["type"], "geocode_precision", "testimonies")
               if c in gdf.columns]
    kwargs.setdefault("tooltip", tooltip)
    kwargs.setdefault("marker_kwds", {"radius": 6})
    kwargs.setdefault("style_kwds", {"color": "#ffffff", "weight": 1, "fillOpacity": 0.9})
    return gdf.explore(column=text["type"], categories=labels,
                       cmap=[TYPE_COLOURS[t] for t in types], m=m, **kwargs)
