"""Benchmark: our self-contained map against folium with one marker per point.

    .venv/bin/python bench/bench_map.py                 # 280 and 10,000 points
    .venv/bin/python bench/bench_map.py --sizes 280 --runs 1

Both maps get the same synthetic facilities (seeded points inside the shipped Russian and
Ukrainian admin-1 polygons; names in three scripts, type, region, precision, one source, a
testimony count) and show the same facts in their popups. Measured:

- build time: layer → HTML text in memory (ours: `render_map(...).html`, data blocks
  deflated and base64-encoded included, basemap cached as in any session after the first
  map; the cold first call is reported separately;
  folium: `folium.Marker(..., popup=Popup(html), tooltip=name)` per point, then
  `get_root().render()`);
- HTML bytes;
- load time in headless Chromium (/usr/bin/chromium) from navigation to the map drawn
  (ours: `mapperTest.ready`; folium: the `load` event), plus two animation frames, median.
  No network for either: every request other than the file is intercepted. folium's CDN
  files that exist locally (Leaflet 1.9.3, markercluster from the xstatic wheels) are
  served from disk, jQuery (folium's popups call `$()`) is replaced by a 3-line shim, and
  Bootstrap, Font Awesome and awesome-markers are aborted (plain markers do not need them).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapper import schema  # noqa: E402
from mapper.paths import reference_dir  # noqa: E402
from mapper.render import basemap, render_map  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
JQUERY_SHIM = ("window.$=window.jQuery=function(h){var t=document.createElement('template');"
               "t.innerHTML=String(h).trim();return [t.content.firstChild];};")


def synthetic_layer(n: int, seed: int = 20240601) -> gpd.GeoDataFrame:
    """n SYNTHETIC facilities at random points inside random admin-1 regions (seeded)."""
    rng = np.random.default_rng(seed)
    regs = gpd.read_file(reference_dir() / "admin1_ru_ua.geojson", engine="pyogrio")
    regs = regs.sort_values("iso_3166_2").reset_index(drop=True)
    shapely.prepare(regs.geometry.to_numpy())
    pick = rng.integers(0, len(regs), n)
    xs, ys = np.empty(n), np.empty(n)
    for r in np.unique(pick):
        idx = np.flatnonzero(pick == r)
        geom = regs.geometry.iloc[r]
        x0, y0, x1, y1 = geom.bounds
        got: list[tuple[float, float]] = []
        while len(got) < len(idx):
            cx = rng.uniform(x0, x1, 4 * len(idx) + 8)
            cy = rng.uniform(y0, y1, 4 * len(idx) + 8)
            ok = shapely.contains_xy(geom, cx, cy)
            got += list(zip(cx[ok], cy[ok], strict=True))
        xs[idx], ys[idx] = np.array(got[:len(idx)]).T
    codes = regs["iso_3166_2"].to_numpy()[pick]
    country = np.array([c[:2] for c in codes])
    i = np.arange(n)
    return gpd.GeoDataFrame({
        "id": [f"synthetic-{k:05d}" for k in i],
        "name_en": [f"Synthetic facility {k}" for k in i],
        "name_uk": [f"Умовна установа {k}" for k in i],
        "name_ru": [f"Условное учреждение {k}" for k in i],
        "facility_type": rng.choice(schema.FACILITY_TYPES, n),
        "country": country, "occupied": country == "UA", "region_code": codes,
        "region_en": regs["name_en"].to_numpy()[pick],
        "settlement_en": [f"Settlement {k % 997}" for k in i],
        "geocode_precision": rng.choice(schema.PRECISIONS, n, p=[0.2, 0.7, 0.1]),
        "sources": [[{"url": f"https://example.org/report/{k}", "date": "2023-05"}] for k in i],
        "reported_detainees": rng.choice(schema.DETAINEES, n),
        "context": rng.choice(schema.CONTEXTS, n),
        "testimonies": rng.integers(0, 40, n),
    }, geometry=gpd.points_from_xy(np.round(xs, 5), np.round(ys, 5)), crs="EPSG:4326")


def folium_map(layer: gpd.GeoDataFrame) -> str:
    """The baseline: folium, one Marker (with the same facts in its popup) per point."""
    import folium

    m = folium.Map(location=[55, 45], zoom_start=4)
    for rec, g in zip(layer.drop(columns="geometry").to_dict("records"), layer.geometry,
                      strict=True):
        src = rec["sources"][0]
        body = (f"<b>{html.escape(rec['name_en'])}</b><br>{html.escape(rec['name_uk'])}<br>"
                f"{html.escape(rec['name_ru'])}<br>Type: {rec['facility_type']}<br>"
                f"Region: {html.escape(rec['region_en'])}<br>"
                f"Settlement: {html.escape(rec['settlement_en'])}<br>"
                f"Precision: {rec['geocode_precision']}<br>"
                f"Testimonies: {rec['testimonies']}<br>"
                f"<a href=\"{html.escape(src['url'])}\" target=\"_blank\" "
                f"rel=\"noopener noreferrer\">{html.escape(src['url'])}</a> ({src['date']})")
        folium.Marker([g.y, g.x], popup=folium.Popup(body, max_width=300),
                      tooltip=rec["name_en"]).add_to(m)
    return m.get_root().render()


def folium_cluster_map(layer: gpd.GeoDataFrame) -> str:
    """The baseline for interaction: folium + its MarkerCluster plugin, same markers."""
    import folium
    from folium.plugins import MarkerCluster

    m = folium.Map(location=[55, 45], zoom_start=4)
    cluster = MarkerCluster().add_to(m)
    for rec, g in zip(layer.drop(columns="geometry").to_dict("records"), layer.geometry,
                      strict=True):
        body = (f"<b>{html.escape(rec['name_en'])}</b><br>Type: {rec['facility_type']}<br>"
                f"Region: {html.escape(rec['region_en'])}")
        folium.Marker([g.y, g.x], popup=folium.Popup(body, max_width=300),
                      tooltip=rec["name_en"]).add_to(cluster)
    # the page's map variable, for the measuring script
    out = m.get_root().render()
    # (folium writes its map script after </body>)
    return out.replace("</html>", f"<script>window.__map = {m.get_name()};</script>\n</html>")


def interaction(path: Path, ours: bool, n: int) -> dict:
    """Pan frame times, cluster icons on screen, and (ours) filter toggle and table sort."""
    from playwright.sync_api import sync_playwright

    assets = _local_assets()

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            return r.continue_()
        for name, body in assets.items():
            if url.endswith("/" + name):
                ctype = ("text/css" if name.endswith(".css") else "image/png"
                         if name.endswith(".png") else "application/javascript")
                return r.fulfill(body=body, content_type=ctype)
        if "jquery" in url:
            return r.fulfill(body=JQUERY_SHIM, content_type="application/javascript")
        return r.abort()

    out: dict = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = b.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", route)
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=300_000)
        if ours:
            page.wait_for_function("() => window.mapperTest && window.mapperTest.ready",
                                   timeout=300_000)
            page.evaluate("() => { window.__map = mapperTest.map; }")
            first = page.evaluate("""() => { const b = __map.getBounds();
                return [b.getWest(), b.getEast(), __map.getZoom()]; }""")
            out["first_view"] = first
        else:
            page.wait_for_function("() => window.__map", timeout=300_000)
        # the same view for both: European Russia and Ukraine at zoom 5
        page.evaluate("() => { __map.setView([52, 42], 5, {animate: false}); }")
        page.evaluate("() => new Promise(r => setTimeout(r, 300))")
        out["icons"] = page.evaluate("""() => document.querySelectorAll(
            '.leaflet-marker-icon').length""")
        frames: list[float] = []
        for k in range(5):
            page.evaluate("""() => { window.__frames = []; let last = performance.now();
                window.__on = true;
                (function tick(t) { if (t) { __frames.push(t - last); last = t; }
                    if (__on) requestAnimationFrame(tick); })(); }""")
            x0, y0 = 700, 450
            page.mouse.move(x0, y0)
            page.mouse.down()
            dx = 300 if k % 2 == 0 else -300
            for i in range(1, 21):
                page.mouse.move(x0 + dx * i / 20, y0 + (60 if k % 2 else -60) * i / 20)
            page.mouse.up()
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                          "requestAnimationFrame(() => requestAnimationFrame(r))))")
            frames += page.evaluate("() => { window.__on = false; return __frames; }")
        out["pan_median"] = statistics.median(frames)
        out["pan_worst"] = max(frames)
        if ours:
            out["toggle"] = statistics.median([page.evaluate("""async () => {
                const cb = document.querySelector('input[data-group="type"][data-key="sizo"]');
                const t0 = performance.now(); cb.click();
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                return performance.now() - t0; }""") for _ in range(4)])
            # "Show all" after one type was filtered out: every marker and 10,000 table rows back
            out["show_all"] = statistics.median([page.evaluate("""async () => {
                document.querySelector('input[data-group="type"][data-key="sizo"]').click();
                await new Promise(r => setTimeout(r, 300));
                const t0 = performance.now(); document.querySelector('.mapper-reset').click();
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                return performance.now() - t0; }""") for _ in range(3)])
            out["table_sort"] = statistics.median([page.evaluate("""async () => {
                const b = document.querySelector('#mapper-table th button[data-sort="region"]');
                const t0 = performance.now(); b.click();
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                return performance.now() - t0; }""") for _ in range(4)])
            out["table_rows_in_dom"] = page.evaluate(
                "() => document.querySelectorAll('#mapper-table tbody tr[data-id]').length")
            out["table_rows"] = page.evaluate("() => mapperTest.tableRows()")
        b.close()
    return out


def _local_assets() -> dict[str, bytes]:
    import xstatic.pkg.leaflet as xl
    import xstatic.pkg.leaflet_markercluster as xm

    out = {}
    for base, names in ((Path(xl.BASE_DIR), ["leaflet.js", "leaflet.css", "images/layers.png",
                                             "images/layers-2x.png", "images/marker-icon.png",
                                             "images/marker-icon-2x.png",
                                             "images/marker-shadow.png"]),
                        (Path(xm.BASE_DIR), ["leaflet.markercluster.js", "MarkerCluster.css",
                                             "MarkerCluster.Default.css"])):
        for name in names:
            out[name] = (base / name).read_bytes()
    return out


def load_times(paths: list[Path], ready: str, runs: int) -> list[float]:
    """Median seconds from navigation to the map drawn, per file, network intercepted."""
    from playwright.sync_api import sync_playwright

    assets = _local_assets()

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            return r.continue_()
        if "jquery" in url:
            return r.fulfill(body=JQUERY_SHIM, content_type="application/javascript")
        for name, body in assets.items():
            if url.endswith("/" + name):
                ctype = ("text/css" if name.endswith(".css") else "image/png"
                         if name.endswith(".png") else "application/javascript")
                return r.fulfill(body=body, content_type=ctype)
        return r.abort()

    out = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for path in paths:
            times = []
            for _ in range(runs):
                page = b.new_page(viewport={"width": 1280, "height": 800})
                page.route("**/*", route)
                t0 = time.perf_counter()
                page.goto(path.resolve().as_uri(), wait_until="load", timeout=300_000)
                page.wait_for_function(ready, timeout=300_000)
                page.evaluate("new Promise(r => requestAnimationFrame(() => "
                              "requestAnimationFrame(r)))")
                times.append(time.perf_counter() - t0)
                page.close()
            out.append(statistics.median(times))
        b.close()
    return out


def run(n: int, runs: int, tmp: Path) -> dict:
    layer = synthetic_layer(n)
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ours = render_map(layer).html
        t.append(time.perf_counter() - t0)
    t_ours = statistics.median(t)
    t = []
    for _ in range(1 if n > 1000 else runs):
        t0 = time.perf_counter()
        theirs = folium_map(layer)
        t.append(time.perf_counter() - t0)
    t_folium = statistics.median(t)
    a, b = tmp / f"ours_{n}.html", tmp / f"folium_{n}.html"
    a.write_text(ours, encoding="utf-8")
    b.write_text(theirs, encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", ours)
    load_a, = load_times([a], "() => window.mapperTest && window.mapperTest.ready", runs)
    load_b, = load_times([b], "document.readyState === 'complete'", runs)
    return {"n": n, "build_ours": t_ours, "build_folium": t_folium,
            "bytes_ours": len(ours.encode()), "bytes_folium": len(theirs.encode()),
            "load_ours": load_a, "load_folium": load_b}


def run_interaction(n: int, tmp: Path) -> dict:
    layer = synthetic_layer(n)
    a, b = tmp / f"ours_i_{n}.html", tmp / f"folium_mc_{n}.html"
    a.write_text(render_map(layer).html, encoding="utf-8")
    b.write_text(folium_cluster_map(layer), encoding="utf-8")
    east = int((layer.geometry.x < -100).sum())
    return {"n": n, "east_of_180": east, "ours": interaction(a, True, n),
            "folium": interaction(b, False, n)}


def _median_of(results: list[dict]) -> dict:
    """Per key, the median of the runs' numbers (other values from the first run)."""
    return {k: (statistics.median(r[k] for r in results)
                if isinstance(v, int | float) and not isinstance(v, bool) else v)
            for k, v in results[0].items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[280, 10_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--interaction", type=int, nargs="*", default=None, metavar="N",
                    help="Only the interaction figures (pan, filter, table) at N points, "
                         "against folium + MarkerCluster (default 10000).")
    args = ap.parse_args()
    if args.interaction is not None:
        with tempfile.TemporaryDirectory() as d:
            for n in args.interaction or [10_000]:
                # the machine may be shared: every figure is the median of --runs runs, and
                # the load average is printed with each run
                runs = []
                for k in range(args.runs):
                    runs.append(run_interaction(n, Path(d)))
                    o, f = runs[-1]["ours"], runs[-1]["folium"]
                    print(f"run {k + 1}: load {os.getloadavg()[0]:.1f}; "
                          f"pan worst {o['pan_worst']:.1f} "
                          f"ms (folium {f['pan_worst']:.1f}), toggle {o['toggle']:.0f} ms, "
                          f"show all {o['show_all']:.0f} ms, sort {o['table_sort']:.0f} ms, "
                          f"median {o['pan_median']:.1f} ms", flush=True)
                r = runs[0]
                o, f = (_median_of([x[side] for x in runs]) for side in ("ours", "folium"))
                print(f"{n:,} points ({r['east_of_180']} east of 180°); first view (ours): "
                      f"west {o['first_view'][0]:.1f}°, east {o['first_view'][1]:.1f}°, "
                      f"zoom {o['first_view'][2]}")
                print("| | ours | folium + MarkerCluster |\n|---|---:|---:|")
                print(f"| marker/cluster icons at zoom 5 | {o['icons']:.0f} | {f['icons']:.0f} |")
                print(f"| pan frame, median | {o['pan_median']:.1f} ms | "
                      f"{f['pan_median']:.1f} ms |")
                print(f"| pan frame, worst | {o['pan_worst']:.1f} ms | {f['pan_worst']:.1f} ms |")
                print(f"| filter toggle (one type) | {o['toggle']:.0f} ms | — |")
                print(f"| \"Show all\" after a filter | {o['show_all']:.0f} ms | — |")
                print(f"| table sort ({o['table_rows']:,.0f} rows, {o['table_rows_in_dom']:.0f} in "
                      f"the DOM) | {o['table_sort']:.0f} ms | — |")
        return
    basemap.cache_clear()
    t0 = time.perf_counter()
    basemap()
    cold = time.perf_counter() - t0
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for n in args.sizes:
            rows.append(run(n, args.runs, Path(d)))
    print(f"basemap (first map of a session only): {cold:.2f} s\n")
    print("| points | build: ours | build: folium | ratio | HTML: ours | HTML: folium | ratio "
          "| load: ours | load: folium | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['build_ours']:.3f} s | {r['build_folium']:.2f} s | "
              f"{r['build_folium'] / r['build_ours']:.0f}× | {r['bytes_ours'] / 1e6:.2f} MB | "
              f"{r['bytes_folium'] / 1e6:.2f} MB | {r['bytes_folium'] / r['bytes_ours']:.1f}× | "
              f"{r['load_ours']:.2f} s | {r['load_folium']:.2f} s | "
              f"{r['load_folium'] / r['load_ours']:.1f}× |")


if __name__ == "__main__":
    main()
