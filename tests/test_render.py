"""The HTML map without a browser: self-contained, deterministic, small, escaped, public."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mapper.cli import main
from mapper.io import InputError
from mapper.join import join_testimonies, read_testimonies
from mapper.layer import load_facilities
from mapper.paths import demo_testimonies_path
from mapper.render import basemap, render_map, script_json

LIMIT = 400_000  # bytes: the budget for the map of the current layer


@pytest.fixture(scope="module")
def layer():
    return load_facilities()


@pytest.fixture(scope="module")
def page(layer):
    return render_map(layer)


def _block(html: str, block_id: str):
    m = re.search(rf'<script type="[^"]+" id="{block_id}">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


@given(st.text())
def test_script_json_cannot_break_out(text):
    out = script_json({"name": text, "list": [text]})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"name": text, "list": [text]}


def test_self_contained(page):
    html = page.html
    assert not re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)=", html, re.I)
    assert "@import" not in html
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert not re.search(r"url\((?!data:)", styles), "CSS must not fetch anything"
    assert "sourceMappingURL" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "img-src data:;" in csp
    # every executable script is pinned by its hash, nothing else may run
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_one_geojson_layer(page, layer):
    fc = _block(page.html, "mapper-facilities")
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in fc["features"]] == list(layer["id"])
    for f, geom in zip(fc["features"], layer.geometry, strict=True):
        assert f["geometry"]["coordinates"] == [round(geom.x, 6), round(geom.y, 6)]
    # one layer, not one object per marker: no facility id appears in the code
    assert page.html.count(layer["id"].iloc[0]) == 1


def test_small_enough(page):
    size = len(page.html.encode("utf-8"))
    print("\n" + page.size_report())
    assert size <= LIMIT, f"{size} bytes > {LIMIT}:\n{page.size_report()}"
    assert page.sizes["basemap: admin-1 regions"] < 60_000


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
    assert script_json(note)[1:-1] not in render_map(layer).html
    assert script_json(note)[1:-1] in render_map(layer, notes=True).html
    with pytest.raises(InputError):
        render_map(layer, public=True, notes=True)


def test_public_demo_map_suppresses_small_counts(layer):
    join = join_testimonies(layer, read_testimonies(demo_testimonies_path()))
    m = render_map(layer, join=join, public=True)
    config = _block(m.html, "mapper-config")
    assert config["public"] is True and config["synthetic"] is True
    feats = _block(m.html, "mapper-facilities")["features"]
    counts = [f["properties"].get("testimonies") for f in feats]
    assert "1–4" in counts
    assert all(c is None or isinstance(c, str) for c in counts)
    assert all("notes" not in f["properties"] for f in feats)


def test_joined_map_carries_counts_regions_and_flows(layer):
    join = join_testimonies(layer, read_testimonies(demo_testimonies_path()))
    m = render_map(layer, join=join)
    config = _block(m.html, "mapper-config")
    assert config["synthetic"] is True
    total = sum(f["properties"].get("testimonies", 0)
                for f in _block(m.html, "mapper-facilities")["features"])
    assert total == int(join.layer["testimonies"].sum())
    assert sum(config["regionCounts"].values()) == int(join.regions["testimonies"].sum())
    assert len(config["flows"]) == len(join.flows)
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
