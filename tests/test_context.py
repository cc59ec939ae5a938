"""The map's geographic context (town labels, rivers, lakes) and the user's overlays.

Real data throughout: the shipped gazetteer and context lines, the committed facility layer
(read by facility id, never by count), real files for the overlays, and Debian's Chromium
for the page. Expected names and zooms are written here by hand.
"""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from click.testing import CliRunner

from mapper.cli import main
from mapper.io import InputError
from mapper.paths import layer_path, reference_dir
from mapper.reference import gazetteer
from mapper.webmap import context as C

STATIC = Path(C.__file__).with_name("static")
KOZACHA_LOPAN = "ua-kharkiv-kozacha-lopan-torture-sites"  # a village of ~1,200 people


@pytest.fixture(scope="module")
def layer() -> gpd.GeoDataFrame:
    return gpd.read_file(layer_path())


@pytest.fixture(scope="module")
def ctx(layer) -> dict:
    return C.context_data(layer)


def _place(places: list[list], name_en: str) -> list | None:
    found = [p for p in places if p[3] == name_en]
    return found[0] if found else None


# --- town labels ---------------------------------------------------------------------------

def test_capitals_and_large_cities_are_labelled_from_the_first_zooms(ctx):
    kyiv = _place(ctx["places"], "Kyiv")
    moscow = _place(ctx["places"], "Moscow")
    assert kyiv is not None and moscow is not None
    assert kyiv[2] <= 4 and moscow[2] <= 4
    assert kyiv[3:5] == ["Kyiv", "Київ"]
    assert moscow[3:6] == ["Moscow", "Москва", ""]  # "" : the same as name_uk
    assert abs(kyiv[0] - 30.52) < 0.05 and abs(kyiv[1] - 50.45) < 0.05
    # importance order: nothing at zoom 4 comes after something at zoom 5
    zooms = [p[2] for p in ctx["places"]]
    assert zooms == sorted(zooms)


def test_small_facility_town_only_from_zoom_8(layer):
    village = "Kozacha Lopan"
    alone = C.places(None)
    assert _place(alone, village) is None  # 1,200 people: no label without its facility
    one = layer[layer["id"] == KOZACHA_LOPAN]
    assert one["geocode_source"].iloc[0] == "geonames:706587"
    p = _place(C.places(one), village)
    assert p is not None and p[2] == 8
    assert p[4] == "Козача Лопань"
    assert p[6] == 1  # holds a facility: the page sets the name off the marker


def test_places_in_ukraine_carry_ukrainian_official_names():
    by_id = gazetteer().set_index("geonameid")
    # Crimea is Ukraine: Simferopol is labelled with its Ukrainian name on every map.
    assert C.place_names(by_id.loc["693805"]) == ("Simferopol", "Сімферополь", "Сімферополь")
    assert C.place_names(by_id.loc["706483"]) == ("Kharkiv", "Харків", "Харків")
    # GeoNames writes Zaporizhzhya; Ukraine's official romanisation is Zaporizhzhia
    assert C.place_names(by_id.loc["687700"])[0] == "Zaporizhzhia"
    # a place in Russia: Russian and Ukrainian names differ
    assert C.place_names(by_id.loc["538560"]) == ("Kursk", "Курськ", "Курск")


def test_simferopol_label_is_in_ukraine(ctx):
    simf = _place(ctx["places"], "Simferopol")
    assert simf is not None and simf[2] <= 6
    assert simf[4] == "Сімферополь" and simf[5] == ""  # ru map: the Ukrainian name too
    ukraine = gpd.read_file(reference_dir() / "countries_neighbours.geojson")
    ukraine = ukraine[ukraine["ADM0_A3"] == "UKR"].geometry.iloc[0]
    assert ukraine.contains(shapely.Point(simf[0], simf[1]))


def test_city_districts_are_not_labelled_as_towns(ctx):
    names = {p[3] for p in ctx["places"]}
    assert "Obolon" not in names and "Saltivka" not in names  # Kyiv's, Kharkiv's districts
    assert "Mariupol" in names  # beside its district Pravyi Bereh, which GeoNames lists bigger
    assert "Pravyi Bereh" not in names


@pytest.mark.parametrize(("uk", "latin"), [
    ("Київ", "Kyiv"), ("Запоріжжя", "Zaporizhzhia"), ("Біла Церква", "Bila Tserkva"),
    ("Згурівка", "Zghurivka"), ("Єнакієве", "Yenakiieve"), ("Миколаїв", "Mykolaiv"),
    ("Кам'янське", "Kamianske"), ("Юрій", "Yurii"),
])
def test_romanise_uk_follows_the_2010_resolution(uk, latin):
    assert C.romanise_uk(uk) == latin


def test_pinned_name_choices_are_names_the_gazetteer_has():
    by_id = gazetteer().set_index("geonameid")
    for gid, choice in C.NAME_CHOICES.items():
        names = by_id.loc[gid, "cyrillic_names"].split("|")
        assert set(choice.values()) <= set(names), gid


# --- rivers, lakes and the size budget -----------------------------------------------------

def test_rivers_and_lakes_in_the_map_window():
    lines = gpd.read_file(reference_dir() / C.LINES_FILE)
    assert set(lines["kind"]) == {"river", "lake"}
    rivers = lines[lines["kind"] == "river"]
    kyiv = shapely.Point(30.52, 50.45)  # the Dnipro runs through Kyiv
    assert min(g.distance(kyiv) for g in rivers.geometry) < 0.1  # degrees
    minx, miny, maxx, maxy = lines.total_bounds
    assert minx >= 12 and miny >= 36 and maxx <= 180 and maxy <= 82


def test_context_block_fits_the_budget(ctx):
    raw = json.dumps(ctx, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    deflated = zlib.compress(raw, 9)
    assert len(deflated) <= 60_000, len(deflated)
    # as the page stores it (base64 of the deflated JSON)
    assert len(base64.b64encode(deflated)) <= 80_000
    assert ctx["lines"]["rivers"] and ctx["lines"]["lakes"]
    assert ctx["water_labels"] == []
    assert "GeoNames" in ctx["attribution"] and "Natural Earth" in ctx["attribution"]


# --- overlays ------------------------------------------------------------------------------

def _write(tmp_path: Path, data, name: str = "overlay.geojson") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


GOOD = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"note": "<img src=x onerror=alert(1)>"},
     "geometry": {"type": "LineString", "coordinates": [[37.5, 47.0], [38.0, 47.512345678]]}},
    {"type": "Feature", "properties": {"name": "checkpoint"},
     "geometry": {"type": "Point", "coordinates": [36.2, 50.33]}},
    {"type": "Feature", "properties": None,
     "geometry": {"type": "Polygon", "coordinates": [[[36, 50], [36.5, 50], [36.5, 50.5],
                                                       [36, 50]]]}},
]}


def test_read_overlay_good_file(tmp_path):
    path = _write(tmp_path, GOOD, "line_of_contact.geojson")
    ov = C.read_overlay(path, "Line of contact, 2024-06-01 (my source)")
    assert ov["label"] == "Line of contact, 2024-06-01 (my source)"
    assert ov["source_file"] == "line_of_contact.geojson"
    feats = ov["geojson"]["features"]
    assert [f["geometry"]["type"] for f in feats] == ["LineString", "Point", "Polygon"]
    assert feats[0]["geometry"]["coordinates"][1] == [38.0, 47.512346]
    assert feats[0]["properties"]["note"] == "<img src=x onerror=alert(1)>"  # escaped on show
    assert feats[2]["properties"] == {}


@pytest.mark.parametrize(("content", "label", "message"), [
    ("this is not json", "L, 2024", "not a GeoJSON file (not valid JSON"),
    ([1, 2], "L, 2024", "not a GeoJSON file"),
    ({"type": "Topology", "objects": {}}, "L, 2024", "type 'Topology'"),
    ({"type": "FeatureCollection", "features": []}, "L, 2024", "has no features"),
    ({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::3857"}}, "features": GOOD["features"]},
     "L, 2024", "not WGS84"),
    ({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {
            "type": "Point", "coordinates": [4187000.0, 5987000.0]}}]},
     "L, 2024", "feature 1: coordinate [4187000.0, 5987000.0] is not longitude/latitude"),
    ({"type": "FeatureCollection", "features": [GOOD["features"][0],
                                                {"type": "Feature", "properties": {},
                                                 "geometry": None}]},
     "L, 2024", "feature 2: no usable geometry"),
    ({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "a7", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[["x", "y"]]]}}]},
     "L, 2024", "feature 1 (id 'a7'): broken Polygon geometry"),
    (GOOD, "", "give the overlay a label"),
    (GOOD, "Line of contact", "has no date"),
])
def test_read_overlay_bad_files_say_what_is_wrong(tmp_path, content, label, message):
    path = _write(tmp_path, content, "bad.geojson")
    with pytest.raises(InputError) as err:
        C.read_overlay(path, label)
    assert message in str(err.value)
    assert "bad.geojson" in str(err.value)


def test_read_overlay_too_big(tmp_path, monkeypatch):
    path = _write(tmp_path, GOOD, "big.geojson")
    monkeypatch.setattr(C, "OVERLAY_MAX_BYTES", 100)
    with pytest.raises(InputError, match=r"big\.geojson: .* too big for an overlay"):
        C.read_overlay(path, "L, 2024")


def test_cli_map_overlay_errors(tmp_path):
    good = _write(tmp_path, GOOD, "good.geojson")
    bad = _write(tmp_path, "{", "bad.geojson")
    runner = CliRunner()
    res = runner.invoke(main, ["map", "-o", str(tmp_path / "m.html"), "--overlay", str(good)])
    assert res.exit_code == 1
    assert "1 --overlay file(s) but 0 --overlay-label(s)" in res.output
    res = runner.invoke(main, ["map", "-o", str(tmp_path / "m.html"), "--overlay", str(bad),
                               "--overlay-label", "Lines, 2024-06"])
    assert res.exit_code == 1
    assert "bad.geojson: not a GeoJSON file" in res.output
    assert not (tmp_path / "m.html").exists()


# --- in Chromium ---------------------------------------------------------------------------

def _leaflet() -> tuple[str, str]:
    import importlib

    base = Path(importlib.import_module("xstatic.pkg.leaflet").BASE_DIR)
    return ((base / "leaflet.js").read_text(encoding="utf-8"),
            (base / "leaflet.css").read_text(encoding="utf-8"))


def _test_page(tmp_path: Path, ctx: dict, lang: str, center, zoom: float,
               overlay: dict | None = None) -> Path:
    """Leaflet (from xstatic-leaflet, as the map inlines it) + util.js + context.js + the data."""
    js, css = _leaflet()
    data = json.dumps({"ctx": ctx, "overlay": overlay}, ensure_ascii=False).replace("<", "\\u003c")
    page = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<style>{css}</style><style>html,body,#map{{margin:0;width:1000px;height:700px}}</style></head>
<body><div id="map"></div><script>{js}</script>
<script>{(STATIC / "util.js").read_text(encoding="utf-8")}</script>
<script>{(STATIC / "context.js").read_text(encoding="utf-8")}</script>
<script>
var D = {data};
var map = L.map('map', {{zoomSnap: 0.5}}).setView([{center[0]}, {center[1]}], {zoom});
window.group = MapperContext.add(map, D.ctx, '{lang}');
if (D.overlay) window.overlay = MapperContext.addOverlay(map, D.overlay);
window.mapperTest = {{ready: true}};
</script></body></html>"""
    path = tmp_path / "context.html"
    path.write_text(page, encoding="utf-8")
    return path


def _labels(page) -> list[str]:
    return page.eval_on_selector_all(".mctx-place", "els => els.map(e => e.textContent)")


@pytest.mark.browser
def test_town_labels_near_a_facility_at_zoom_8(open_page, tmp_path, layer):
    one = layer[layer["id"] == KOZACHA_LOPAN]
    centre = (one.geometry.y.iloc[0], one.geometry.x.iloc[0])
    ctx = C.context_data(one)
    page = open_page(_test_page(tmp_path, ctx, "uk", centre, 8))
    labels = _labels(page)
    assert "Козача Лопань" in labels  # the facility's village
    assert "Харків" in labels  # the city 40 km south
    assert len(labels) <= page.evaluate("MapperContext.MAX_LABELS")
    # backdrop, not content: hidden from screen readers, no pointer events, no tab stops
    assert page.evaluate("document.querySelector('.mctx-labels').getAttribute('aria-hidden')") \
        == "true"
    assert page.evaluate("document.querySelectorAll('.mctx-labels [tabindex], "
                         ".leaflet-mapperContextLines-pane [tabindex]').length") == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.mctx-place'))"
                         ".pointerEvents") == "none"
    # rivers and lakes are drawn (as SVG paths in their own pane)
    assert page.evaluate("document.querySelectorAll("
                         "'.leaflet-mapperContextLines-pane path').length") >= 1
    # zoom out: the village's label goes, Kharkiv's stays
    page.evaluate("map.setZoom(7, {animate: false}); 0")
    page.wait_for_timeout(100)
    labels = _labels(page)
    assert "Козача Лопань" not in labels and "Харків" in labels
    assert page.blocked == [] and page.errors == []


@pytest.mark.browser
def test_labels_do_not_pile_up_at_low_zoom(open_page, tmp_path, ctx):
    page = open_page(_test_page(tmp_path, ctx, "en", (52, 40), 4))
    boxes = page.eval_on_selector_all(
        ".mctx-place", "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })")
    assert 5 <= len(boxes) <= 60
    overlaps = sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] - 2 and b[0] < a[2] - 2 and a[1] < b[3] - 2 and b[1] < a[3] - 2)
    assert overlaps == 0
    assert "Moscow" in _labels(page) and "Kyiv" in _labels(page)


@pytest.mark.browser
def test_overlay_is_drawn_as_the_users_and_its_properties_are_text(open_page, tmp_path):
    ov = C.read_overlay(_write(tmp_path, GOOD, "contact.geojson"), "Contact line, 2024-06-01")
    page = open_page(_test_page(tmp_path, {"places": [], "lines": {}, "attribution": ""},
                                "en", (47.3, 37.8), 8, overlay=ov))
    page.evaluate("window.overlay.getLayers()[0].openPopup(); 0")
    popup = page.locator(".mctx-ov")
    assert popup.locator("h3").inner_text() == "Contact line, 2024-06-01"
    assert "contact.geojson" in popup.inner_text()
    assert "not from the project" in popup.inner_text()
    assert "<img src=x onerror=alert(1)>" in popup.inner_text()  # shown as text
    assert popup.locator("img").count() == 0
    credit = page.locator(".leaflet-control-attribution").inner_text()
    assert "Contact line, 2024-06-01" in credit and "not from the project" in credit
    assert page.blocked == [] and page.errors == []


def _wait_ready(page, seconds: float = 15) -> None:
    """Poll the map's ready flag with `evaluate` (the page's CSP forbids the string eval
    that `wait_for_function` uses)."""
    import time

    end = time.monotonic() + seconds
    while not page.evaluate("() => !!(window.mapperTest && window.mapperTest.ready)"):
        assert time.monotonic() < end, f"map not ready; errors: {page.errors}"
        page.wait_for_timeout(100)


@pytest.mark.browser
def test_the_map_shows_town_labels_near_a_facility(open_page, tmp_path, layer):
    """The real page (render_map), once it embeds the context block and context.js."""
    from mapper.render import map_data, render_map

    m = render_map(layer)
    if "mapper-context" not in map_data(m.html):
        pytest.skip("render_map does not embed the context block in this branch yet")
    assert len(m.html.encode("utf-8")) <= 400_000  # the default map, context included
    path = tmp_path / "map.html"
    m.save(path)
    page = open_page(path, wait_for=None)
    _wait_ready(page)
    one = layer[layer["id"] == KOZACHA_LOPAN]
    lat, lon = one.geometry.y.iloc[0], one.geometry.x.iloc[0]
    page.evaluate(f"() => {{ window.mapperTest.map.setView([{lat}, {lon}], 8, "
                  f"{{animate: false}}); }}")
    page.wait_for_timeout(300)
    labels = _labels(page)
    assert "Kozacha Lopan" in labels and "Kharkiv" in labels
    page.evaluate("() => { window.mapperTest.map.setZoom(4, {animate: false}); }")
    page.wait_for_timeout(300)
    labels = _labels(page)
    assert "Kozacha Lopan" not in labels and "Kyiv" in labels
    assert page.blocked == []


def test_places_east_of_180_are_drawn_where_the_basemap_draws_chukotka():
    one = gpd.GeoDataFrame({"geocode_source": ["geonames:4031574"]},
                           geometry=[shapely.Point(-173.23, 64.42)], crs="EPSG:4326")
    p = _place(C.places(one), "Provideniya")
    assert p is not None and 186 < p[0] < 187  # -173.2° + 360°, beside the rest of Russia


def test_coarsened_public_layer_does_not_label_the_facility_village(layer):
    from mapper.publish import make_public

    one = layer[layer["id"] == KOZACHA_LOPAN]
    assert _place(C.places(make_public(one)), "Kozacha Lopan") is not None
    # rounded to 0.1° (about 11 km): the village is not singled out by a label
    assert _place(C.places(make_public(one, precision=1)), "Kozacha Lopan") is None
