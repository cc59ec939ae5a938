"""The HTML map without a browser: self-contained, deterministic, small, escaped, public."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mapper.cli import main
from mapper.io import InputError
from mapper.join import join_testimonies, read_testimonies
from mapper.layer import load_facilities
from mapper.paths import demo_testimonies_path
from mapper.render import (
    basemap,
    map_data,
    own_assets,
    pack_json,
    render_map,
    script_json,
    unpack_json,
)

LIMIT = 400_000  # bytes: the hard budget for any map of the registry
TARGET = 400_000  # bytes (issue 9): the committed layer with the context basemap
PACKED = ("mapper-facilities", "mapper-regions", "mapper-countries", "mapper-flows")


@pytest.fixture(scope="module")
def layer():
    return load_facilities()


@pytest.fixture(scope="module")
def page(layer):
    return render_map(layer)


def _block(html: str, block_id: str):
    """A data block as the page's script sees it (inflated when compressed)."""
    return map_data(html)[block_id]


def _packed_text(html: str, block_id: str) -> str:
    m = re.search(rf'<script type="application/octet-stream" id="{block_id}" '
                  rf'data-encoding="deflate\+base64" data-format="[^"]+">(.*?)</script>', html)
    return m.group(1)


@given(st.text())
def test_script_json_cannot_break_out(text):
    out = script_json({"name": text, "list": [text]})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"name": text, "list": [text]}


@given(st.text())
def test_packed_blocks_cannot_break_out(text):
    out = pack_json({"name": text, "list": [text]})
    assert re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", out)  # base64: no <, >, & or quotes
    assert unpack_json(out) == {"name": text, "list": [text]}
    assert pack_json({"name": text, "list": [text]}) == out  # deterministic


def test_self_contained(page):
    html = page.html
    assert not re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)=", html, re.I)
    assert "@import" not in html
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert not re.search(r"url\((?!data:)", styles), "CSS must not fetch anything"
    assert "sourceMappingURL" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "img-src data:;" in csp
    # every script the page runs is pinned by its hash, nothing else may run: the one plain
    # script (boot), and the two libraries and our own script once inflated
    plain = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(plain) == 1
    libs = [zlib.decompress(base64.b64decode(_packed_text(html, k))).decode()
            for k in ("lib-leaflet", "lib-markercluster", "app-mapper")]
    assert "Leaflet 1.9.3" in libs[0] and "MarkerClusterGroup" in libs[1]
    assert libs[2] == own_assets()[0] and "MapperBoot.inflate" in libs[2]
    ran = [*plain, *libs]
    hashes = re.findall(r"'sha256-[^']+'", csp.split("script-src")[1].split(";")[0])
    assert len(hashes) == 4
    for s in ran:
        digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in hashes
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "unsafe-eval" not in csp


def test_one_geojson_layer(page, layer):
    fc = _block(page.html, "mapper-facilities")
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in fc["features"]] == list(layer["id"])
    for f, geom in zip(fc["features"], layer.geometry, strict=True):
        assert f["geometry"]["coordinates"] == [round(geom.x, 6), round(geom.y, 6)]
    # one compressed layer, not one object per marker: no facility id is in the plain text
    assert layer["id"].iloc[0] not in page.html
    assert json.dumps(fc).count('"' + layer["id"].iloc[0] + '"') == 1
    # every data block is compressed; the interface text stays readable
    for block_id in PACKED:
        assert _packed_text(page.html, block_id)
    assert _block(page.html, "mapper-config")["strings"]["title"] in page.html
    # (the context basemap's block comes with `mapper.webmap.context`)
    assert set(map_data(page.html)) - {"mapper-context"} == {"mapper-config", *PACKED}


def test_small_enough(page):
    size = len(page.html.encode("utf-8"))
    print("\n" + page.size_report())
    assert size <= TARGET, f"{size} bytes > {TARGET}:\n{page.size_report()}"
    assert sum(page.sizes.values()) == size
    assert page.sizes["admin-1 regions, names, counts"] < 60_000
    # the report gives each compressed part's size in the page and before compression
    key = f"facilities ({page.n_features})"
    assert page.raw_sizes[key] > 3 * page.sizes[key]
    assert "compressed" in page.size_report()


def test_demo_and_public_maps_small_enough(layer):
    join = join_testimonies(layer, read_testimonies(demo_testimonies_path()))
    for m in (render_map(join), render_map(join, public=True)):
        size = len(m.html.encode("utf-8"))
        # (issue 9: 400 kB is the hard budget, which the grown-registry test below guards; this
        # one catches growth early: 370 kB until the country-name declutter of 2026-12-02, then
        # 372 kB; branch i8reg's 15 facilities (213 -> 228) added about 355 bytes each, the print
        # fixes and town names around icons 5.9 kB, and the script's comment lines, left out of
        # the page, -17 kB: demo 364,761 bytes, --public 364,792; branch reg16's 7 facilities
        # (228 -> 235) added about 630 bytes each, with their longer source lists: demo 369,510,
        # --public 369,569; branch reg17's 8 facilities (235 -> 243) about 410 bytes each: demo
        # 372,787, --public 372,846; at main 46abf60: 373,041 / 373,104; branch reg20's 11
        # facilities (243 -> 254) about 298 bytes each: demo 376,317, --public 376,356; the
        # Kozacha Lopan row's two sourced site aliases and their two source URLs (2026-12-03,
        # fourth session) about 800 bytes: demo 377,153, --public 377,188; branch regnum's
        # official numbers (8 rows renamed with their old names kept as aliases, 14 source
        # URLs added) about 1.2 kB: demo 378,377, --public 378,416; branches reg44b and
        # reg44c's 8 facilities (254 -> 262, 29 source URLs) about 576 bytes each: demo
        # 382,985, --public 382,984; branch reg45's 2 facilities (262 -> 264): demo 383,473,
        # --public 383,504; the page's own script deflated like the libraries (2026-12-04,
        # eleventh session: 104.6 kB plain -> 48.0 kB with the plain CSS), 56.6 kB less: demo
        # 326,828, --public 326,859; 280 facilities 329,059; branches reg47a-c's 13
        # facilities (264 -> 277, 26 source URLs) about 340 bytes each: demo 331,272,
        # --public 331,307; branch reg48a's 8 (277 -> 285) about 290 bytes each: demo
        # 333,608, --public 333,639; branch reg51's 10 (285 -> 295, 17 source URLs) about 320
        # bytes each: demo 336,804, --public 336,847; branch reg52's 5 (295 -> 300, 13
        # source URLs) about 480 bytes each: demo 339,196, --public 339,215; branch reg53's 6
        # (300 -> 306, 8 source URLs, the Olenivka colony's two Molodizhne aliases) about 370
        # bytes each: demo 341,396, --public 341,411; at main 655edf8: 341,256 / 341,303;
        # branch reg55's 7 (306 -> 313, 5 source URLs) about 234 bytes each: demo 342,892,
        # --public 342,899; branch reg56's 4 (313 -> 317, 6 source URLs, long notes) about
        # 364 bytes each: demo 344,348, --public 344,343; branch reg61's long notes and the
        # table's keyboard focus code: 345,996 / 345,991; the Sosnovka lifers' aliases
        # (2026-12-06, session 21) went 68 bytes past: demo 346,068, --public 346,055. The
        # bound moved to 350,000, room for about ten more facilities, because a 340-facility
        # layer weighs 351 kB and 360 weigh 359 kB, far from the 400 kB budget; GROWN looks
        # ahead to 340 with it)
        assert size <= 350_000, f"{size} bytes:\n{m.size_report()}"


def _grown_layer(layer: gpd.GeoDataFrame, n: int) -> gpd.GeoDataFrame:
    """The real facilities, then copies with new ids, moved a little, until n rows.

    The copies come after all the originals, more than deflate's 32 kB window away, so
    compression cannot get them for free: each costs what a real facility costs.
    """
    extra = layer.iloc[: n - len(layer)].copy()
    extra["id"] = [f"{i}-copy" for i in extra["id"]]
    extra["former_ids"] = [[] for _ in range(len(extra))]
    extra["name_en"] = [f"{name} (copy)" for name in extra["name_en"]]
    extra["geometry"] = shapely.transform(extra.geometry.to_numpy(),
                                          lambda c: c + np.array([0.0123, -0.0071]))
    return gpd.GeoDataFrame(pd.concat([layer, extra], ignore_index=True), crs=layer.crs)


#: The registry size the 400 kB budget is guarded at: the issue asked for KHPG's 280; the
#: registry passed that on 2026-12-04 (285 with branch reg48a), so the guard looks ahead
#: (320 until 2026-12-06, when the registry held 317).
GROWN = 340


def test_a_grown_registry_fits(layer, page):
    assert len(layer) < GROWN, "the registry has grown past the guard: raise GROWN"
    grown = _grown_layer(layer, GROWN)
    m = render_map(grown)
    size = len(m.html.encode("utf-8"))
    print("\n" + m.size_report())
    assert len(_block(m.html, "mapper-facilities")["features"]) == GROWN
    assert size < LIMIT, f"{size} bytes >= {LIMIT}:\n{m.size_report()}"
    # the copies cost about what the originals do (the test is not fooled by repetition)
    grew = m.sizes[f"facilities ({GROWN})"] / page.sizes[f"facilities ({len(layer)})"]
    assert grew > 0.9 * GROWN / len(layer), grew


def test_deterministic_across_processes(page, tmp_path):
    again = render_map(load_facilities())
    assert again.html == page.html
    code = ("import sys; from mapper.layer import load_facilities; "
            "from mapper.render import render_map; "
            "sys.stdout.buffer.write(render_map(load_facilities()).html.encode())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out == page.html.encode()


def test_crimea_and_sevastopol_are_ukraine():
    regions = {r[0] for r in basemap()["regions"]}
    assert {"UA-43", "UA-40"} <= regions
    assert not any(code in regions for code in ("RU-CR", "RU-SEV"))


def test_notes_only_when_asked_and_never_public(layer):
    note = next(n for n in layer["notes"] if isinstance(n, str) and len(n) > 20)

    def notes_of(m):
        return [f["properties"].get("notes") for f in _block(m.html, "mapper-facilities")[
            "features"]]

    assert note not in notes_of(render_map(layer))
    assert note in notes_of(render_map(layer, notes=True))
    with pytest.raises(InputError):
        render_map(layer, public=True, notes=True)


def test_public_demo_map_suppresses_small_counts(layer):
    join = join_testimonies(layer, read_testimonies(demo_testimonies_path()))
    m = render_map(join, public=True)
    config = _block(m.html, "mapper-config")
    assert config["public"] is True and config["synthetic"] is True
    feats = _block(m.html, "mapper-facilities")["features"]
    counts = [f["properties"].get("testimonies") for f in feats]
    assert "1–4" in counts
    assert all(c is None or isinstance(c, str) for c in counts)
    assert all("notes" not in f["properties"] for f in feats)


def test_joined_map_carries_counts_regions_and_flows(layer):
    join = join_testimonies(layer, read_testimonies(demo_testimonies_path()))
    m = render_map(join)
    config = _block(m.html, "mapper-config")
    assert config["synthetic"] is True
    total = sum(f["properties"].get("testimonies", 0)
                for f in _block(m.html, "mapper-facilities")["features"])
    assert total == int(join.layer["testimonies"].sum())
    regions = _block(m.html, "mapper-regions")
    assert sum(regions["counts"]["testimonies"].values()) == int(join.regions["testimonies"].sum())
    # every year too, for the timeline's choropleth
    for year in ("2022", "2023"):
        assert (sum(regions["counts"][f"testimonies_{year}"].values())
                == int(join.regions[f"testimonies_{year}"].sum()))
    assert regions["names"]["RU-ROS"]
    assert len(_block(m.html, "mapper-flows")) == len(join.flows) > 0
    assert config["years"]


def test_tiles_are_opt_in_and_announced(layer):
    m = render_map(layer, tiles="osm")
    assert "https://tile.openstreetmap.org" in m.html.split("</head>")[0]
    assert _block(m.html, "mapper-config")["tiles"]["provider"].startswith("OpenStreetMap")
    with pytest.raises(InputError):
        render_map(layer, tiles="google")


def test_jupyter_repr(page):
    out = page._repr_html_()
    assert out.count("<iframe") == 1 and "srcdoc=" in out
    assert "<script>" not in out  # the page is escaped inside the attribute


def test_cli_map_prints_iframe_and_sizes(tmp_path):
    out = tmp_path / "m.html"
    res = CliRunner().invoke(main, ["map", "-o", str(out), "--lang", "uk",
                                    "--testimonies", str(demo_testimonies_path())])
    assert res.exit_code == 0, res.output
    assert "<iframe src=\"m.html\"" in res.output
    assert "SYNTHETIC" in res.output and "facilities (" in res.output
    assert "compressed; " in res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<html lang=\"uk\">")
    res = CliRunner().invoke(main, ["map", "-o", str(out), "--lang", "de"])
    assert res.exit_code != 0


def test_cli_figure_svg_is_deterministic(tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for path in (a, b):
        res = CliRunner().invoke(main, ["figure", "-o", str(path), "--testimonies",
                                        str(demo_testimonies_path())])
        assert res.exit_code == 0, res.output
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert "GeoNames (CC BY 4.0)" in text and "Natural Earth" in text
    assert "SYNTHETIC" in text
    res = CliRunner().invoke(main, ["figure", "-o", str(tmp_path / "x.jpg")])
    assert res.exit_code == 1 and "png or .svg" in res.output


def test_cli_figure_png(tmp_path):
    out = tmp_path / "map.png"
    res = CliRunner().invoke(main, ["figure", "-o", str(out), "--dpi", "80"])
    assert res.exit_code == 0, res.output
    assert Path(out).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def lum(h: str) -> float:
        c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_map_colours_keep_3_to_1_where_they_carry_meaning():
    from mapper.render import MAP_CHORO_OUTLINE, MAP_TYPE_COLOURS

    land = ("#f7f3e3", "#ece6da", "#f4f4f1")  # Ukraine, Russia, neighbours (layers.js BG)
    sea = "#dbe6ee"
    for colour in MAP_TYPE_COLOURS.values():
        assert min(_contrast(colour, fill) for fill in land) >= 3.0, colour
    # a region with testimonies is outlined, whatever its class, against land and sea
    assert min(_contrast(MAP_CHORO_OUTLINE, c) for c in (*land, sea)) >= 3.0
    assert len(set(MAP_TYPE_COLOURS.values())) == len(MAP_TYPE_COLOURS)


def test_base_url_must_be_a_web_address(layer):
    for bad in ("file:///home/me/map.html", "map.html", "https://x.org/a b", "https://x.org/#id"):
        with pytest.raises(InputError, match="base-url"):
            render_map(layer, base_url=bad)
    m = render_map(layer, base_url="https://example.org/maps/detention.html")
    assert _block(m.html, "mapper-config")["baseUrl"] == "https://example.org/maps/detention.html"


def test_edition_date_and_checksum(layer):
    config = _block(render_map(layer, layer_sha256="ab" * 32).html, "mapper-config")
    assert config["edition"]["sha256"] == "ab" * 32
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", config["edition"]["date"])
