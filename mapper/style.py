"""The one home of how facilities look, whatever draws them.

The HTML map, the print figure (`mapper.plot`), the folium layer (`mapper.folium_layer`),
the GeoPackage's QGIS style and the KML styles all read their colours and marker rules
from here, so a facility type has the same colour in every output:

* **colour by facility type** (`TYPE_COLOURS`, colour-blind-safe Okabe–Ito palette);
* **fill and outline by location precision** (`PRECISION_STYLES`): a filled marker with a
  white outline where a source gives the point (``exact``), a hollow marker outlined in the
  type's colour at a settlement's centre (``settlement``), a hollow, dashed, fainter marker
  at a region's representative point (``region``);
* **shape by territory** (`TERRITORY_SHAPES`): circle in Russia, diamond in occupied
  Ukraine, square elsewhere in Ukraine;
* **region choropleth classes** (`CHORO_BREAKS`, `CHORO_COLOURS`, ColorBrewer BuPu).
"""

from __future__ import annotations

import math
from typing import Any

#: Colour-blind-safe (Okabe–Ito) colours by facility type.
TYPE_COLOURS: dict[str, str] = {
    "sizo": "#0072B2",
    "penal_colony": "#D55E00",
    "temporary_detention": "#56B4E9",
    "military_unit": "#009E73",
    "filtration_site": "#CC79A7",
    "improvised": "#E69F00",
    "other": "#555555",
}
#: Colour of a facility whose type is missing or unknown.
UNKNOWN_COLOUR = "#555555"

#: How location precision is drawn. ``"type"`` stands for the facility type's colour.
#: Widths are in CSS pixels at the map's default marker size; `dash` is an SVG/Leaflet
#: dash pattern (pixels on, pixels off) or None for a solid outline.
PRECISION_STYLES: dict[str, dict[str, Any]] = {
    "exact": {"fill": "type", "fill_opacity": 1.0, "stroke": "#ffffff", "stroke_width": 1.6,
              "dash": None},
    "settlement": {"fill": "#ffffff", "fill_opacity": 0.9, "stroke": "type",
                   "stroke_width": 3.0, "dash": None},
    "region": {"fill": "#ffffff", "fill_opacity": 0.55, "stroke": "type", "stroke_width": 2.4,
               "dash": (3.2, 2.2)},
}

#: Marker shape by territory (see `territory`).
TERRITORY_SHAPES: dict[str, str] = {"ru": "circle", "ua_occupied": "diamond", "ua": "square"}

#: Region choropleth classes (lower bounds of testimony counts) and their colours.
CHORO_BREAKS: tuple[int, ...] = (1, 5, 10, 25, 50, 100)
CHORO_COLOURS: tuple[str, ...] = ("#e0ecf4", "#bfd3e6", "#9ebcda", "#8c96c6", "#8c6bb1",
                                  "#88419d")

#: On the interactive map, types are told apart by a letter as well as hue (colour-blind
#: readers), and every ring keeps >= 3:1 contrast against the land fills (#f7f3e3, #ece6da):
#: the figure's Okabe-Ito colours, darkened where they were lighter than that.
MAP_TYPE_COLOURS = {
    "sizo": "#0072B2",
    "penal_colony": "#B34700",
    "temporary_detention": "#5A5FA8",
    "military_unit": "#007A5A",
    "filtration_site": "#A8457F",
    "improvised": "#8F5F00",
    "other": "#555555",
}
#: Map choropleth: warm classes (never the sea's blue), each region with testimonies outlined
#: in `MAP_CHORO_OUTLINE` (>= 5.8:1 against land and sea), so the lightest class still reads.
MAP_CHORO_COLOURS = ("#fde0b6", "#fdc58a", "#f9a45c", "#e97c33", "#c75a17", "#8f3a0c")
MAP_CHORO_OUTLINE = "#7a4a1a"

def type_colour(facility_type: Any) -> str:
    """The colour of a facility type (grey for a missing or unknown type)."""
    return TYPE_COLOURS.get(facility_type, UNKNOWN_COLOUR) if isinstance(
        facility_type, str) else UNKNOWN_COLOUR


def territory(country: Any, occupied: Any) -> str:
    """``ru`` (Russia), ``ua_occupied`` or ``ua``: what the marker's shape says."""
    if country == "RU":
        return "ru"
    try:
        occ = bool(occupied) and not (isinstance(occupied, float) and math.isnan(occupied))
    except (TypeError, ValueError):  # pd.NA
        occ = False
    return "ua_occupied" if occ else "ua"


def marker_style(facility_type: Any, precision: Any) -> dict[str, Any]:
    """Resolved colours of one facility's marker.

    Returns ``fill``, ``fill_opacity``, ``stroke``, ``stroke_width`` and ``dash`` (see
    `PRECISION_STYLES`), with ``"type"`` replaced by the type's colour. An unknown
    precision is drawn like ``region`` (the least precise).
    """
    colour = type_colour(facility_type)
    rule = PRECISION_STYLES.get(precision, PRECISION_STYLES["region"])
    return {k: (colour if v == "type" else v) for k, v in rule.items()}


def choropleth_colour(count: int) -> str | None:
    """The region fill for a testimony count (None below the first class)."""
    colour = None
    for lower, c in zip(CHORO_BREAKS, CHORO_COLOURS, strict=True):
        if count >= lower:
            colour = c
    return colour


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` → ``(0, 114, 178)``."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def kml_colour(hex_colour: str, opacity: float = 1.0) -> str:
    """A colour in KML's ``aabbggrr`` notation (alpha, blue, green, red)."""
    r, g, b = rgb(hex_colour)
    return f"{round(opacity * 255):02x}{b:02x}{g:02x}{r:02x}"


def qgis_colour(hex_colour: str, opacity: float = 1.0) -> str:
    """A colour in QGIS's ``r,g,b,a`` notation (0–255 each)."""
    r, g, b = rgb(hex_colour)
    return f"{r},{g},{b},{round(opacity * 255)}"
