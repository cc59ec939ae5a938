"""A static map for print: `mapper figure -o map.png|svg`.

Same styling as the web map (colour by facility type, shape by territory, hollow or dashed
markers for settlement- or region-level points, size by testimonies, region choropleth),
with legend, title, attribution and an overview inset, drawn with matplotlib in a Lambert
conformal conic projection. SVG output is deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import reference, schema
from .io import atomic_write
from .render import CHORO_BREAKS, CHORO_COLOURS, TYPE_COLOURS, i18n

#: Lambert conformal conic fitted to European Russia and Ukraine.
CRS = "+proj=lcc +lat_0=50 +lon_0=45 +lat_1=45 +lat_2=60 +datum=WGS84 +units=m +no_defs"
SHAPES = {"ru": "o", "ua_occupied": "D", "ua": "s"}
LAND = {"RU": "#ece6da", "UA": "#f7f3e3"}
BORDER = {"RU": "#8a7f70", "UA": "#4f6f8f"}


def _num(v: Any) -> int:
    """Counts are ints, or strings such as "1–4" in public builds (lower bound)."""
    if isinstance(v, (int, np.integer)):
        return int(v)
    m = re.match(r"^\d+", str(v or ""))
    return int(m.group(0)) if m else 0


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


def _territory(country: Any, occupied: Any) -> str:
    if country == "RU":
        return "ru"
    return "ua_occupied" if bool(occupied) else "ua"


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


def make_figure(layer: gpd.GeoDataFrame, *, join: Any = None, lang: str = "en",
                title: str | None = None, public: bool = False, threshold: int = 5,
                synthetic: bool = False, precision: int | None = None) -> plt.Figure:
    """Draw the facility layer (joined or not) as a print map; returns the Figure.

    ``public`` draws only what `mapper.publish.public_build` returns (with ``threshold``
    and ``precision``).
    """
    text = i18n()[lang]
    regions_df = None
    if join is not None:
        layer, regions_df = join.layer, join.regions
        synthetic = synthetic or bool(getattr(join, "synthetic", False))
    if public:
        from .join import JoinResult
        from .publish import public_build

        empty = pd.DataFrame()
        pub = public_build(JoinResult(layer=layer, flows=empty, report=empty, counts={},
                                      regions=regions_df if regions_df is not None else empty),
                           threshold=threshold, precision=precision)
        layer, regions_df = pub.layer, pub.regions
    regs, cts = _backdrop()
    pts = layer.to_crs(CRS)
    has_counts = "testimonies" in pts.columns

    matplotlib.use("Agg")  # no display needed, and the same output everywhere
    plt.rcParams.update({"font.family": "DejaVu Sans", "svg.hashsalt": "mapper",
                         "svg.fonttype": "path"})
    fig = plt.figure(figsize=(11, 8.5))
    ax = fig.add_axes((0.01, 0.07, 0.70, 0.81))
    ax.set_facecolor("#dbe6ee")
    # main frame: the bulk of the facilities (4th–96th percentile), padded
    xs, ys = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
    x0, x1 = np.percentile(xs, [4, 96])
    y0, y1 = np.percentile(ys, [4, 96])
    pad = 0.08 * max(x1 - x0, y1 - y0)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    # keep the page's aspect ratio
    w, h = x1 - x0, y1 - y0
    target = (0.70 * 11) / (0.81 * 8.5)
    if w / h < target:
        cx = (x0 + x1) / 2
        x0, x1 = cx - h * target / 2, cx + h * target / 2
    else:
        cy = (y0 + y1) / 2
        y0, y1 = cy - w / target / 2, cy + w / target / 2

    def backdrop(axis, lw=1.0):
        cts.plot(ax=axis, color="#f4f4f1", edgecolor="#c9c9c2", linewidth=0.4 * lw)
        for c in ("RU", "UA"):
            sub = regs[regs.country == c]
            sub.plot(ax=axis, color=LAND[c], edgecolor="#ffffff", linewidth=0.5 * lw)
        counts = {}
        if regions_df is not None and len(regions_df):
            counts = {r: _num(v) for r, v in zip(regions_df["region_code"],
                                                 regions_df["testimonies"], strict=True)}
        elif has_counts and pd.api.types.is_numeric_dtype(pts["testimonies"]):
            counts = pts.groupby("region_code")["testimonies"].sum().to_dict()
        if counts:
            colours = []
            for code in regs["region_code"]:
                n, col = counts.get(code, 0), None
                for lo, c in zip(CHORO_BREAKS, CHORO_COLOURS, strict=True):
                    if n >= lo:
                        col = c
                colours.append(col)
            regs.assign(col=colours).dropna(subset=["col"]).plot(
                ax=axis, color=regs.assign(col=colours).dropna(subset=["col"])["col"],
                edgecolor="#6a5a8a", linewidth=0.3 * lw, alpha=0.7)
        for c in ("RU", "UA"):
            regs[regs.country == c].dissolve().boundary.plot(
                ax=axis, color=BORDER[c], linewidth=1.1 * lw)
        return bool(counts)

    choro = backdrop(ax)
    _frame(ax, (x0, y0, x1, y1))

    # facilities: one scatter call per (type, territory, precision) style
    pts = pts.assign(_terr=[_territory(c, o) for c, o in zip(pts["country"], pts["occupied"],
                                                             strict=True)],
                     _n=[_num(v) for v in (pts["testimonies"] if has_counts
                                           else [0] * len(pts))])
    pts = pts.sort_values("_n", ascending=False, kind="stable")
    for (ftype, terr, prec), grp in pts.groupby(["facility_type", "_terr",
                                                  "geocode_precision"], sort=True):
        col = TYPE_COLOURS.get(ftype, "#555555")
        sizes = [_diameter(n) ** 2 for n in grp["_n"]]
        if prec == "exact":
            face, edge, lw, ls = col, "white", 0.8, "solid"
        elif prec == "settlement":
            face, edge, lw, ls = "white", col, 1.6, "solid"
        else:
            face, edge, lw, ls = "white", col, 1.3, (0, (2, 1.5))
        ax.scatter(grp.geometry.x, grp.geometry.y, s=sizes, marker=SHAPES[terr],
                   facecolors=face, edgecolors=edge, linewidths=lw, linestyles=ls, zorder=5)
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

    # overview inset: the whole of Russia and Ukraine, the main frame, every facility
    ins = fig.add_axes((0.72, 0.07, 0.27, 0.24))
    ins.set_facecolor("#dbe6ee")
    regs.plot(ax=ins, color=[LAND[c] for c in regs.country], linewidth=0)
    ins.scatter(pts.geometry.x, pts.geometry.y, s=2, color="#333", zorder=5)
    ins.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#b00020",
                            linewidth=0.9, zorder=6))
    bx0, by0, bx1, by1 = regs.total_bounds
    _frame(ins, (bx0, by0, bx1, by1))
    outside = int(((xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)).sum())

    # legend
    handles: list = []
    present = [t for t in schema.FACILITY_TYPES if t in set(pts["facility_type"])]
    handles.append(Patch(visible=False, label=text["type"]))
    handles += [Line2D([], [], marker="o", ls="", markerfacecolor=TYPE_COLOURS[t],
                       markeredgecolor="white", markersize=7,
                       label=text["facility_type"][t]) for t in present]
    handles.append(Patch(visible=False, label=text["shape"]))
    handles += [Line2D([], [], marker=SHAPES[t], ls="", markerfacecolor="#666",
                       markeredgecolor="white", markersize=6,
                       label=text["territory_name"][t])
                for t in ("ru", "ua_occupied", "ua") if t in set(pts["_terr"])]
    handles.append(Patch(visible=False, label=text["precision"]))
    for prec, face, edge in (("exact", "#0072B2", "white"), ("settlement", "white", "#0072B2"),
                             ("region", "white", "#0072B2")):
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor=face,
                              markeredgecolor=edge, markersize=7, markeredgewidth=1.5,
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
    import textwrap

    for hd in handles:
        hd.set_label(textwrap.fill(hd.get_label(), 46))
    leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.72, 0.90),
                     fontsize=6.6, frameon=False, handletextpad=0.6, labelspacing=0.45)
    for t, hd in zip(leg.get_texts(), handles, strict=True):
        if isinstance(hd, Patch) and not hd.get_visible():
            t.set_fontweight("bold")

    # title, notices, attribution
    n_ru = int((pts["_terr"] == "ru").sum())
    n_ua = int((pts["_terr"] == "ua_occupied").sum())
    fig.text(0.01, 0.965, title or text["title"], fontsize=14, fontweight="bold", va="top")
    sub = (f"{text['facilities_n'].format(n=len(pts))} · {text['territory_name']['ru']} {n_ru}"
           f" · {text['territory_name']['ua_occupied']} {n_ua}")
    if outside:
        sub += f" · {outside} outside the main frame (see the overview)"
    fig.text(0.01, 0.925, sub, fontsize=8.5, color="#444", va="top")
    notes = []
    if synthetic:
        notes.append(text["banner_synthetic"])
    if public:
        notes.append(text["banner_public"].format(threshold=threshold))
    if notes:
        fig.text(0.01, 0.905, "  ".join(notes), fontsize=8, color="#b00020",
                 fontweight="bold", va="top", wrap=True)
    fig.text(0.01, 0.035, text["attribution"] + ". Facilities: mapper registry (sources "
             "listed per facility).", fontsize=7, color="#444")
    fig.text(0.01, 0.015, "Lambert conformal conic projection. Crimea and Sevastopol are "
             "shown as Ukraine (internationally recognised borders).", fontsize=6.5,
             color="#666")
    return fig


def save_figure(layer: gpd.GeoDataFrame, path: str | os.PathLike, *, dpi: int = 200,
                **kwargs) -> Path:
    """Draw and write the print map (PNG or SVG by extension), atomically and reproducibly."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    fig = make_figure(layer, **kwargs)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    try:
        with atomic_write(path, "wb") as fh:
            fig.savefig(fh, format=fmt, dpi=dpi, metadata=metadata)
    finally:
        plt.close(fig)
    return path
