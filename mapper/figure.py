"""Static maps: `mapper.plot` (like ``GeoDataFrame.plot``) and `mapper figure -o map.png|svg`.

Same styling as the web map, from `mapper.style` (colour by facility type, shape by
territory, hollow or dashed markers for settlement- or region-level points, size by
testimonies, region choropleth), with legend, title, attribution and an overview inset,
drawn with matplotlib in a Lambert conformal conic projection. SVG output is deterministic
(fixed hash salt, no date).

Nothing here touches matplotlib's global state: no ``matplotlib.use``, no writes to
``rcParams`` (the project's fonts and SVG settings apply inside ``matplotlib.rc_context``
only), and a page is a ``matplotlib.figure.Figure`` made without pyplot, so a notebook's
inline plots and the user's own settings are left as they were.
"""

from __future__ import annotations

import json
import math
import os
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import reference, schema
from .io import InputError, atomic_write
from .join import as_join
from .publish import parse_label
from .render import i18n
from .style import CHORO_BREAKS, CHORO_COLOURS, marker_style, territory, type_colour

#: Lambert conformal conic fitted to European Russia and Ukraine.
CRS = "+proj=lcc +lat_0=50 +lon_0=45 +lat_1=45 +lat_2=60 +datum=WGS84 +units=m +no_defs"
#: matplotlib markers for `mapper.style.TERRITORY_SHAPES`.
SHAPES = {"ru": "o", "ua_occupied": "D", "ua": "s"}
#: Local matplotlib settings for drawing and saving (never written to global rcParams).
STYLE = {"font.family": "DejaVu Sans", "svg.hashsalt": "mapper", "svg.fonttype": "path"}
LANGS = ("en", "uk", "ru")
#: Page size (inches) and the main map's place on it (figure fractions).
PAGE = (11.0, 8.5)
MAIN_AXES = (0.01, 0.07, 0.70, 0.81)
LAND = {"RU": "#ece6da", "UA": "#f7f3e3"}
BORDER = {"RU": "#8a7f70", "UA": "#4f6f8f"}


def _num(v: Any) -> int:
    """Counts are ints, or strings such as "1–4" in public builds (lower bound)."""
    cell = parse_label(v)
    return cell.lo if cell is not None else 0


@lru_cache(maxsize=1)
def _backdrop() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Regions (simplified as a coverage) and neighbouring countries, in `CRS`."""
    regs = reference.regions().reset_index()[["region_code", "country", "geometry"]]
    regs["geometry"] = shapely.coverage_simplify(regs.geometry.to_numpy(), 0.02)
    cts = reference.countries().reset_index()
    cts = cts[~cts["country"].isin(["RU", "UA"])].sort_values("ADM0_A3", kind="stable")
    cts["geometry"] = shapely.simplify(
        shapely.clip_by_rect(cts.geometry.to_numpy(), 10, 30, 70, 75), 0.03)
    cts = cts[~cts.geometry.is_empty]
    # Chukotka east of 180° would wrap around the map: keep the parts west of it.
    regs["geometry"] = shapely.clip_by_rect(regs.geometry.to_numpy(), -10, 30, 180, 85)
    return regs.to_crs(CRS), cts[["ADM0_A3", "geometry"]].to_crs(CRS)


@lru_cache(maxsize=1)
def _figure_text() -> dict[str, dict[str, str]]:
    """Text only the static map needs (en/uk/ru), beside the map's own interface text."""
    return json.loads(Path(__file__).with_name("figure_i18n.json").read_text(encoding="utf-8"))


def _text(lang: str) -> dict:
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}': use one of {', '.join(LANGS)}.")
    return {**i18n()[lang], **_figure_text()[lang]}


def _diameter(n: int) -> float:
    """Marker diameter in points: 5 pt, growing with the square root of the count."""
    return 5.0 + 1.4 * math.sqrt(n) if n > 0 else 5.0


def _frame(ax: Any, bounds: tuple[float, float, float, float]) -> None:
    """Show exactly ``bounds`` (x0, y0, x1, y1), with no ticks or axis labels: it is a map."""
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


def plot(data, *, ax: Axes | None = None, public: bool = False, lang: str = "en",
         threshold: int = 5, precision: int | None = None, title: str | None = None,
         legend: bool = True, synthetic: bool = False) -> Axes:
    """Draw the facilities (joined or not) as a static map, like ``GeoDataFrame.plot``.

    Colour by facility type, marker shape by territory, fill and outline by location
    precision (`mapper.style`), marker size by testimonies and a region choropleth when
    the data carry counts. Without ``ax`` it draws a whole print page (title, legend,
    overview inset, notes, attribution) on a new `matplotlib.figure.Figure`; with ``ax``
    it draws the map, a legend and the title into that Axes only. matplotlib's global
    state (backend, ``rcParams``, pyplot's current figure) is never changed.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer (`load_facilities`), a joined layer, or a `JoinResult` (its
        region table then colours the regions).
    ax : matplotlib.axes.Axes, optional
        Where to draw. Default: a new page-sized Figure (``ax.figure``).
    public : bool
        Apply the publishing rules first (`mapper.publish.public_build`): small counts
        shown as ranges, a note on the map.
    lang : {"en", "uk", "ru"}
        Language of every text on the map: legend, title, notes, attribution.
    threshold : int
        With ``public``: counts below it are shown as a range.
    precision : int, optional
        With ``public``: round coordinates to this many decimals.
    title : str, optional
        Title (default: the map's title in ``lang``).
    legend : bool
        Draw the legend.
    synthetic : bool
        Say that the counts are synthetic demo data (also taken from a `JoinResult`).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes holding the map; ``ax.figure`` is the page.

    Raises
    ------
    InputError
        For an unknown ``lang`` or data that is neither a layer nor a `JoinResult`.

    Examples
    --------
    >>> import mapper
    >>> from matplotlib.figure import Figure
    >>> ax = Figure(figsize=(6, 5)).add_subplot()
    >>> ax = mapper.plot(mapper.load_facilities(), ax=ax, lang="uk")
    >>> ax.get_title(loc="left")
    'Місця, де Росія утримує українських військовополонених і цивільних'
    """
    result = as_join(data, caller="plot")
    text = _text(lang)
    if public:
        from .publish import public_build

        result = public_build(result, threshold=threshold, precision=precision)
    synthetic = synthetic or bool(result.synthetic)
    with mpl.rc_context(STYLE):
        if ax is None:
            fig = Figure(figsize=PAGE)
            ax = fig.add_axes(MAIN_AXES)
            _draw_page(ax, result.layer, result.regions, text, title=title, public=public,
                       threshold=threshold, synthetic=synthetic, legend=legend)
        else:
            _draw_map(ax, result.layer, result.regions, text, title=title, public=public,
                      threshold=threshold, synthetic=synthetic, legend=legend)
    return ax


def _aspect(ax: Axes) -> float:
    """Width / height of the Axes on its figure."""
    w, h = ax.figure.get_size_inches()
    box = ax.get_position()
    return (box.width * w) / max(box.height * h, 1e-9)


def _main_frame(pts: gpd.GeoDataFrame, regs: gpd.GeoDataFrame, target: float
                ) -> tuple[float, float, float, float]:
    """The bulk of the facilities (4th–96th percentile), padded, at the aspect ``target``."""
    xs, ys = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
    if len(xs) == 0:
        x0, y0, x1, y1 = regs.total_bounds
    else:
        x0, x1 = np.percentile(xs, [4, 96])
        y0, y1 = np.percentile(ys, [4, 96])
    pad = 0.08 * max(x1 - x0, y1 - y0, 200_000)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    w, h = x1 - x0, y1 - y0
    if w / h < target:
        cx = (x0 + x1) / 2
        x0, x1 = cx - h * target / 2, cx + h * target / 2
    else:
        cy = (y0 + y1) / 2
        y0, y1 = cy - w / target / 2, cy + w / target / 2
    return float(x0), float(y0), float(x1), float(y1)


def _draw_backdrop(axis: Axes, regs, cts, counts: dict[str, int], lw: float = 1.0) -> None:
    cts.plot(ax=axis, color="#f4f4f1", edgecolor="#c9c9c2", linewidth=0.4 * lw)
    for c in ("RU", "UA"):
        regs[regs.country == c].plot(ax=axis, color=LAND[c], edgecolor="#ffffff",
                                     linewidth=0.5 * lw)
    if counts:
        colours = []
        for code in regs["region_code"]:
            n, col = counts.get(code, 0), None
            for lo, c in zip(CHORO_BREAKS, CHORO_COLOURS, strict=True):
                if n >= lo:
                    col = c
            colours.append(col)
        shaded = regs.assign(col=colours).dropna(subset=["col"])
        if len(shaded):
            shaded.plot(ax=axis, color=shaded["col"], edgecolor="#6a5a8a",
                        linewidth=0.3 * lw, alpha=0.7)
    for c in ("RU", "UA"):
        regs[regs.country == c].dissolve().boundary.plot(ax=axis, color=BORDER[c],
                                                         linewidth=1.1 * lw)


def _region_counts(pts: pd.DataFrame, regions_df: pd.DataFrame | None) -> dict[str, int]:
    if regions_df is not None and len(regions_df) and "testimonies" in regions_df.columns:
        return {r: _num(v) for r, v in zip(regions_df["region_code"],
                                           regions_df["testimonies"], strict=True)}
    if "testimonies" in pts.columns and pd.api.types.is_numeric_dtype(pts["testimonies"]):
        return {k: int(v) for k, v in pts.groupby("region_code")["testimonies"].sum().items()}
    return {}


def _draw_facilities(ax: Axes, pts: gpd.GeoDataFrame,
                     bounds: tuple[float, float, float, float], has_counts: bool) -> None:
    """One scatter call per (type, territory, precision) style, then ×n and count labels."""
    x0, y0, x1, y1 = bounds
    for (ftype, terr, prec), grp in pts.groupby(["facility_type", "_terr",
                                                  "geocode_precision"], sort=True):
        st = marker_style(ftype, prec)
        dash = "solid" if st["dash"] is None else (0, tuple(0.6 * d for d in st["dash"]))
        ax.scatter(grp.geometry.x, grp.geometry.y, s=[_diameter(n) ** 2 for n in grp["_n"]],
                   marker=SHAPES[terr],
                   facecolors=[mpl.colors.to_rgba(st["fill"], st["fill_opacity"])],
                   edgecolors=st["stroke"], linewidths=0.5 * st["stroke_width"],
                   linestyles=dash, zorder=5)
    # several facilities at one point: say how many
    key = pts.geometry.apply(lambda g: (round(g.x), round(g.y)))
    for (gx, gy), n in key.value_counts().sort_index().items():
        if n > 1 and x0 < gx < x1 and y0 < gy < y1:
            ax.annotate(f"×{n}", (gx, gy), xytext=(5, 4), textcoords="offset points",
                        fontsize=6.5, color="#222", zorder=6)
    if has_counts:  # counts of the largest facilities, where given
        top = pts[pts["_n"] > 0].head(12)
        for g, v in zip(top.geometry, top["testimonies"], strict=True):
            if x0 < g.x < x1 and y0 < g.y < y1:
                ax.annotate(str(v), (g.x, g.y), xytext=(-6, -9), textcoords="offset points",
                            fontsize=6.5, color="#5a1a0a", zorder=6, ha="right")


def _legend_handles(pts: gpd.GeoDataFrame, text: dict, has_counts: bool,
                    choro: bool) -> list:
    handles: list = []
    present = [t for t in schema.FACILITY_TYPES if t in set(pts["facility_type"])]
    handles.append(Patch(visible=False, label=text["type"]))
    handles += [Line2D([], [], marker="o", ls="", markerfacecolor=type_colour(t),
                       markeredgecolor="white", markersize=7,
                       label=text["facility_type"][t]) for t in present]
    handles.append(Patch(visible=False, label=text["shape"]))
    handles += [Line2D([], [], marker=SHAPES[t], ls="", markerfacecolor="#666",
                       markeredgecolor="white", markersize=6,
                       label=text["territory_name"][t])
                for t in ("ru", "ua_occupied", "ua") if t in set(pts["_terr"])]
    handles.append(Patch(visible=False, label=text["precision"]))
    for prec in schema.PRECISIONS:
        st = marker_style("sizo", prec)
        handles.append(Line2D([], [], marker="o", ls="", markersize=7, markeredgewidth=1.5,
                              markerfacecolor=mpl.colors.to_rgba(st["fill"],
                                                                 st["fill_opacity"]),
                              markeredgecolor=st["stroke"],
                              label=f"{text['precision_name'][prec]}: "
                                    f"{text['precision_help'][prec]}"))
    if has_counts:
        handles.append(Patch(visible=False, label=text["size"]))
        handles += [Line2D([], [], marker="o", ls="", markerfacecolor="#999",
                           markeredgecolor="white", markersize=_diameter(n), label=str(n))
                    for n in (1, 10, 50)]
    if choro:
        handles.append(Patch(visible=False, label=text["layer_choropleth"]))
        edges = [*CHORO_BREAKS[1:], None]
        handles += [Patch(facecolor=c, edgecolor="#6a5a8a", linewidth=0.3,
                          label=f"{lo}–{hi - 1}" if hi else f"{lo}+")
                    for lo, hi, c in zip(CHORO_BREAKS, edges, CHORO_COLOURS, strict=True)]
    for hd in handles:
        hd.set_label(textwrap.fill(hd.get_label(), 46))
    return handles


def _bold_headings(leg, handles: list) -> None:
    for t, hd in zip(leg.get_texts(), handles, strict=True):
        if isinstance(hd, Patch) and not hd.get_visible():
            t.set_fontweight("bold")


def _prepare(layer: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, bool]:
    pts = layer.to_crs(CRS)
    has_counts = "testimonies" in pts.columns
    pts = pts.assign(_terr=[territory(c, o) for c, o in zip(pts["country"], pts["occupied"],
                                                            strict=True)],
                     _n=[_num(v) for v in (pts["testimonies"] if has_counts
                                           else [0] * len(pts))])
    return pts.sort_values("_n", ascending=False, kind="stable"), has_counts


def _notes(text: dict, *, public: bool, threshold: int, synthetic: bool) -> list[str]:
    notes = []
    if synthetic:
        notes.append(text["banner_synthetic"])
    if public:
        notes.append(text["banner_public"].format(threshold=threshold))
    return notes


def _draw_map(ax: Axes, layer, regions_df, text: dict, *, title: str | None, public: bool,
              threshold: int, synthetic: bool, legend: bool) -> None:
    """The map alone in the user's Axes: backdrop, facilities, legend, title, notes."""
    regs, cts = _backdrop()
    pts, has_counts = _prepare(layer)
    counts = _region_counts(pts, regions_df)
    ax.set_facecolor("#dbe6ee")
    _draw_backdrop(ax, regs, cts, counts, lw=0.7)
    bounds = _main_frame(pts, regs, _aspect(ax))
    _frame(ax, bounds)
    _draw_facilities(ax, pts, bounds, has_counts)
    ax.set_title(title or text["title"], fontsize=10, loc="left")
    if legend:
        handles = _legend_handles(pts, text, has_counts, bool(counts))
        leg = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                        fontsize=6, frameon=False, handletextpad=0.5, labelspacing=0.35)
        _bold_headings(leg, handles)
    notes = _notes(text, public=public, threshold=threshold, synthetic=synthetic)
    foot = "  ".join([*notes, text["attribution"] + ". " + text["facilities_source"]])
    ax.text(0.0, -0.02, textwrap.fill(foot, 110), transform=ax.transAxes, fontsize=5.5,
            color="#b00020" if notes else "#444", va="top")


def _draw_page(ax: Axes, layer, regions_df, text: dict, *, title: str | None, public: bool,
               threshold: int, synthetic: bool, legend: bool) -> None:
    """The whole print page around ``ax``: inset, legend, title, notes, attribution."""
    fig = ax.figure
    regs, cts = _backdrop()
    pts, has_counts = _prepare(layer)
    counts = _region_counts(pts, regions_df)
    ax.set_facecolor("#dbe6ee")
    _draw_backdrop(ax, regs, cts, counts)
    target = (MAIN_AXES[2] * PAGE[0]) / (MAIN_AXES[3] * PAGE[1])
    x0, y0, x1, y1 = bounds = _main_frame(pts, regs, target)
    _frame(ax, bounds)
    _draw_facilities(ax, pts, bounds, has_counts)

    # overview inset: the whole of Russia and Ukraine, the main frame, every facility
    ins = fig.add_axes((0.72, 0.07, 0.27, 0.24))
    ins.set_facecolor("#dbe6ee")
    regs.plot(ax=ins, color=[LAND[c] for c in regs.country], linewidth=0)
    ins.scatter(pts.geometry.x, pts.geometry.y, s=2, color="#333", zorder=5)
    ins.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#b00020",
                            linewidth=0.9, zorder=6))
    _frame(ins, tuple(regs.total_bounds))
    xs, ys = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
    outside = int(((xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)).sum())

    if legend:
        handles = _legend_handles(pts, text, has_counts, bool(counts))
        leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.72, 0.90),
                         fontsize=6.6, frameon=False, handletextpad=0.6, labelspacing=0.45)
        _bold_headings(leg, handles)

    # title, notices, attribution
    n_ru = int((pts["_terr"] == "ru").sum())
    n_ua = int((pts["_terr"] == "ua_occupied").sum())
    fig.text(0.01, 0.965, title or text["title"], fontsize=14, fontweight="bold", va="top")
    sub = (f"{text['facilities_n'].format(n=len(pts))} · {text['territory_name']['ru']} {n_ru}"
           f" · {text['territory_name']['ua_occupied']} {n_ua}")
    if outside:
        sub += " · " + text["outside_frame"].format(n=outside)
    fig.text(0.01, 0.925, sub, fontsize=8.5, color="#444", va="top")
    notes = _notes(text, public=public, threshold=threshold, synthetic=synthetic)
    if notes:
        fig.text(0.01, 0.905, "  ".join(notes), fontsize=8, color="#b00020",
                 fontweight="bold", va="top", wrap=True)
    fig.text(0.01, 0.035, text["attribution"] + ". " + text["facilities_source"], fontsize=7,
             color="#444")
    fig.text(0.01, 0.015, text["projection"], fontsize=6.5, color="#666")


def make_figure(data, *, join: Any = None, lang: str = "en", title: str | None = None,
                public: bool = False, threshold: int = 5, synthetic: bool = False,
                precision: int | None = None) -> Figure:
    """Draw the print page of `plot` and return its Figure.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer (joined or not) or a join result.
    join : JoinResult, optional
        Deprecated: pass the join result as ``data`` (see `mapper.join.as_join`).
    lang, title, public, threshold, synthetic, precision
        As in `plot` (``public`` draws only what `mapper.publish.public_build` returns).

    Returns
    -------
    matplotlib.figure.Figure
        The page (not registered with pyplot: nothing to close).
    """
    result = as_join(data, join, caller="make_figure")
    return plot(result, lang=lang, title=title, public=public, threshold=threshold,
                precision=precision, synthetic=synthetic).figure


def save_figure(data, path: str | os.PathLike, *, dpi: int = 200, **kwargs) -> Path:
    """Draw and write the print map (PNG or SVG by extension), atomically and reproducibly.

    Parameters
    ----------
    data : GeoDataFrame or JoinResult
        The facility layer (joined or not) or a join result.
    path : str or os.PathLike
        A ``.png`` or ``.svg`` file.
    dpi : int
        Resolution of a PNG.
    **kwargs
        Passed to `make_figure` (``lang``, ``title``, ``public``, ``threshold``).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    fig = make_figure(data, **kwargs)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with mpl.rc_context(STYLE), atomic_write(path, "wb") as fh:
        fig.savefig(fh, format=fmt, dpi=dpi, metadata=metadata)
    return path
