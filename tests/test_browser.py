"""The HTML map in a real browser (Debian's headless Chromium, via Playwright).

Maps are built once per module from the committed layer and the synthetic demo testimonies,
then opened from file:// with every request recorded; anything but the file is aborted.
"""

from __future__ import annotations

import json
from collections import defaultdict

import geopandas as gpd
import pytest
from shapely.geometry import Point

from mapper.join import join_testimonies, read_testimonies
from mapper.layer import load_facilities
from mapper.paths import demo_testimonies_path
from mapper.render import render_map

pytestmark = pytest.mark.browser

HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    "Quote \" apostrophe ' backtick ` backslash \\ <!-- comment -->",
    "Line\u2028sep\u2029 &amp; &lt;b&gt; ${window.__pwned=4}",
]


@pytest.fixture(scope="module")
def layer():
    return load_facilities()


@pytest.fixture(scope="module")
def maps(tmp_path_factory, layer):
    """The demo map (joined, English), a Ukrainian map, and a map of hostile names."""
    d = tmp_path_factory.mktemp("maps")
    demo = join_testimonies(layer, read_testimonies(demo_testimonies_path()))
    render_map(demo).save(d / "demo.html")
    render_map(layer, lang="uk").save(d / "uk.html")
    hostile = gpd.GeoDataFrame({
        "id": [f"x-hostile-{i}" for i in range(len(HOSTILE))],
        "name_en": HOSTILE, "name_uk": HOSTILE[::-1], "name_ru": HOSTILE,
        "aliases": [[h] for h in HOSTILE],
        "facility_type": ["sizo", "penal_colony", "other", "improvised"],
        "country": ["RU", "RU", "UA", "UA"], "occupied": [False, False, True, True],
        "region_code": ["RU-ROS", "RU-ROS", "UA-14", "UA-43"],
        "region_en": HOSTILE, "settlement_en": HOSTILE, "settlement_local": HOSTILE,
        "geocode_precision": ["exact", "settlement", "region", "settlement"],
        "sources": [[{"url": "javascript:window.__pwned=3", "date": None}],
                    [{"url": "https://example.org/?a=1&b=</script>", "date": "2023"}],
                    [{"url": HOSTILE[0], "date": None}], []],
        "reported_detainees": ["pow"] * 4, "context": ["captivity_since_2022"] * 4,
        "notes": HOSTILE,
    }, geometry=[Point(39.0, 47.2), Point(39.5, 47.5), Point(37.8, 48.0), Point(34.1, 44.9)],
        crs="EPSG:4326")
    render_map(hostile, title=HOSTILE[1], notes=True).save(d / "hostile.html")
    return {"dir": d, "demo": d / "demo.html", "uk": d / "uk.html",
            "hostile": d / "hostile.html", "join": demo}


def _only_the_file(page, path):
    url = path.resolve().as_uri()
    assert page.blocked == [], f"requests to other places: {page.blocked}"
    assert [r.split("#")[0] for r in page.requests] == [url]


def test_loads_offline_without_errors(open_page, maps):
    page = open_page(maps["demo"])
    page.wait_for_timeout(300)
    assert page.errors == []
    _only_the_file(page, maps["demo"])
    # the demo (synthetic) map says so, visibly, on the map itself
    banner = page.locator(".mapper-banner.synthetic")
    assert banner.is_visible()
    assert "SYNTHETIC" in banner.inner_text()
    # the compressed blocks were inflated: regions, choropleth and transfer flows are drawn
    assert page.locator(".leaflet-choro-pane path").count() > 0
    assert page.locator(".leaflet-flows-pane path").count() > 0
    assert page.locator(".lbl.region").count() + page.locator(".lbl.country").count() > 0


def test_browser_without_decompression_says_so(browser, maps):
    """A browser without DecompressionStream gets a message, not a blank page."""
    url = maps["uk"].resolve().as_uri()
    ctx = browser.new_context()
    ctx.add_init_script("delete window.DecompressionStream;")
    page = ctx.new_page()
    requests, errors = [], []
    page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page.on("request", lambda req: requests.append(req.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        msg = page.locator("#map .mapper-unsupported[role=alert]")
        msg.wait_for()
        assert "DecompressionStream" in msg.inner_text()
        assert "Firefox (113+)" in msg.inner_text() and "GeoJSON" in msg.inner_text()
        assert msg.inner_text().startswith("Цей браузер")  # in the map's language
        assert "DecompressionStream" in page.locator("#mapper-table-body").inner_text()
        assert page.evaluate("typeof window.mapperTest") == "undefined"
        assert errors == [] and requests == [url]
    finally:
        ctx.close()


def test_every_facility_is_drawn(open_page, maps, layer):
    """Each feature of facilities.geojson is on screen: as a marker or inside a cluster
    icon whose number counts it; the numbers on screen add up to the layer."""
    page = open_page(maps["demo"])
    assert page.evaluate("mapperTest.features") == len(layer)
    assert sorted(page.evaluate("mapperTest.ids()")) == sorted(layer["id"])
    drawn = page.evaluate("""() => {
        const singles = [...document.querySelectorAll('.leaflet-marker-icon.mf[data-id]')]
            .map(e => e.dataset.id);
        const clustered = [...document.querySelectorAll('.mc span[data-count]')]
            .map(e => +e.dataset.count).reduce((a, b) => a + b, 0);
        const cl = mapperTest.clusters;
        const hidden = [];
        cl.getLayers().forEach(m => {
            const p = cl.getVisibleParent(m);
            const shown = p && p._icon && document.body.contains(p._icon);
            if (!shown) hidden.push(m.feature.properties.id);
        });
        return {singles, clustered, hidden};
    }""")
    assert drawn["hidden"] == []
    assert len(set(drawn["singles"])) == len(drawn["singles"])
    assert len(drawn["singles"]) + drawn["clustered"] == len(layer)


def test_colocated_facilities_spread_and_clickable(open_page, maps, layer):
    groups = defaultdict(list)
    for fid, g in zip(layer["id"], layer.geometry, strict=True):
        groups[(round(g.x, 5), round(g.y, 5))].append(fid)
    biggest = max(groups.values(), key=len)
    assert len(biggest) >= 3, "expected several facilities at one settlement point"
    page = open_page(maps["demo"])
    page.evaluate("id => mapperTest.focus(id)", biggest[0])
    page.wait_for_selector(".leaflet-popup .mp")
    page.wait_for_timeout(600)  # spiderfy animation
    visible = page.evaluate("""ids => ids.filter(id => {
        const e = document.querySelector('.mf[data-id="' + id + '"]');
        if (!e) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
    })""", biggest)
    assert sorted(visible) == sorted(biggest)
    # and each spread marker is its own clickable target: click another one
    other = biggest[-1]
    page.evaluate("() => { mapperTest.map.closePopup(); }")
    page.locator(f'.mf[data-id="{other}"]').click(force=True)
    name = layer.loc[layer.id == other, "name_en"].item()
    page.wait_for_selector(f'.leaflet-popup .mp[data-id="{other}"]')
    assert page.locator(f'.leaflet-popup .mp[data-id="{other}"] h3').inner_text() == name


def test_click_marker_opens_its_popup(open_page, maps, layer):
    counts = layer.geometry.apply(lambda g: (round(g.x, 5), round(g.y, 5))).value_counts()
    alone = layer[layer.geometry.apply(lambda g: counts[(round(g.x, 5), round(g.y, 5))] == 1)]
    row = alone.iloc[len(alone) // 2]
    page = open_page(maps["demo"])
    page.evaluate("([lat, lon]) => { mapperTest.map.setView([lat, lon], 11, {animate: false}); }",
                  [row.geometry.y, row.geometry.x])
    marker = page.locator(f'.mf[data-id="{row["id"]}"]')
    marker.wait_for()
    marker.click()
    popup = page.locator(".leaflet-popup .mp")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == row["name_en"]
    text = popup.inner_text()
    assert "Sources" in text
    links = popup.locator("ol a")
    assert links.count() == len(row["sources"])
    for i in range(links.count()):
        assert links.nth(i).get_attribute("rel") == "noopener noreferrer"
        assert links.nth(i).get_attribute("target") == "_blank"
    # the popup offers a link to itself
    link = popup.locator(".link input").input_value()
    assert link.endswith("#id=" + row["id"])
    assert page.errors == []


def test_deep_link_opens_the_facility(open_page, maps, layer):
    row = layer.iloc[len(layer) // 3]
    page = open_page(maps["demo"], hash_="#id=" + row["id"])
    page.wait_for_selector(".leaflet-popup .mp")
    assert page.locator(".leaflet-popup .mp h3").inner_text() == row["name_en"]
    # centred on it (the popup may pan the map a little to fit): in view, zoomed in
    view = page.evaluate("([lat, lon]) => ({in: mapperTest.map.getBounds().pad(-0.2)"
                         ".contains([lat, lon]), zoom: mapperTest.map.getZoom()})",
                         [row.geometry.y, row.geometry.x])
    assert view["in"] and view["zoom"] >= 8


def test_every_facility_can_be_focused_and_opened(open_page, maps, layer):
    """The deep link / table "show on map" works for every facility, clustered or not."""
    page = open_page(maps["demo"])
    names = dict(zip(layer["id"], layer["name_en"], strict=True))
    failed = []
    for fid, name in names.items():
        page.evaluate("id => { mapperTest.map.closePopup();"
                      " mapperTest.map.setView([55, 45], 4, {animate: false});"
                      " mapperTest.focus(id); }", fid)
        try:
            page.wait_for_function("n => { var h = document.querySelector("
                                   "'.leaflet-popup .mp h3'); return h && h.textContent === n; }",
                                   arg=name, timeout=3000)
        except Exception:
            failed.append(fid)
    assert failed == []


def _search(page, query):
    page.fill("#mapper-search", query)
    return page.locator("#mapper-results button").evaluate_all("bs => bs.map(b => b.dataset.id)")


def test_search_cyrillic_and_latin(open_page, maps, layer):
    taganrog = set(layer.loc[layer["settlement_en"].fillna("").str.contains("Taganrog"), "id"])
    assert taganrog, "the layer has facilities in Taganrog"
    page = open_page(maps["demo"])
    for query in ("Таганрог", "Taganrog", "TAHANROH", "таганрозький"[:7]):
        found = set(_search(page, query))
        assert taganrog <= found, query
    # a Cyrillic alias, typed without its case
    with_alias = layer[layer["aliases"].apply(
        lambda a: any(any("а" <= ch <= "я" or ch in "іїєґ" for ch in x.lower()) for x in a))]
    row = with_alias.iloc[0]
    alias = next(a for a in row["aliases"] if any("а" <= c <= "я" for c in a.lower()))
    assert row["id"] in _search(page, alias.upper())
    # choosing a result opens that facility
    page.fill("#mapper-search", "Taganrog")
    page.locator("#mapper-results button").first.click()
    page.wait_for_selector(".leaflet-popup .mp")
    assert page.locator(".leaflet-popup .mp").get_attribute("data-id") in taganrog


def test_hostile_names_are_text(open_page, maps):
    page = open_page(maps["hostile"])
    page.wait_for_timeout(300)
    for i, name in enumerate(HOSTILE):
        page.evaluate("id => mapperTest.focus(id)", f"x-hostile-{i}")
        popup = page.locator(f'.leaflet-popup .mp[data-id="x-hostile-{i}"]')
        popup.wait_for()
        assert popup.locator("h3").evaluate("e => e.textContent") == name
        assert popup.locator("img, script, iframe").count() == 0
        notes = popup.locator(".notes").evaluate("e => e.lastChild.textContent")
        assert notes == name
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # a javascript: source is shown as text, never as a link
    page.evaluate("id => mapperTest.focus(id)", "x-hostile-0")
    popup = page.locator('.leaflet-popup .mp[data-id="x-hostile-0"]')
    popup.wait_for()
    assert popup.locator("ol a").count() == 0
    assert "javascript:window.__pwned=3" in popup.locator("ol").inner_text()
    # the title and the table show the names literally
    assert page.locator(".mapper-title h1").evaluate("e => e.textContent") == HOSTILE[1]
    cells = page.locator("#mapper-table tbody th").evaluate_all("c => c.map(x => x.textContent)")
    assert sorted(cells) == sorted(HOSTILE)
    assert page.title() == HOSTILE[1]
    assert page.errors == []
    _only_the_file(page, maps["hostile"])


def test_ukrainian_interface(open_page, maps):
    page = open_page(maps["uk"])
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert page.locator(".mapper-filters summary").inner_text() == "Фільтри та шари"
    assert page.locator(".mapper-legend summary").inner_text() == "Легенда"
    assert "Місць утримання" in page.locator(".mapper-sub").inner_text()
    assert page.locator("#mapper-search").get_attribute("aria-label") == "Пошук місць утримання"
    assert page.errors == []


def test_filters_and_table(open_page, maps, layer):
    page = open_page(maps["demo"])
    rows = page.locator("#mapper-table tbody tr")
    assert rows.count() == len(layer)
    n_ru = int((layer.country == "RU").sum())
    page.locator('input[data-group="terr"][data-key="ru"]').uncheck()
    assert rows.count() == len(layer) - n_ru
    assert page.evaluate("mapperTest.markersInLayer()") == len(layer) - n_ru
    page.locator(".mapper-filters button", has_text="Show all").click()
    assert rows.count() == len(layer)
    # sortable by keyboard: the heading is a button, and aria-sort follows
    page.locator('#mapper-table th button[data-sort="name"]').focus()
    page.keyboard.press("Enter")
    assert page.locator('#mapper-table th:has(button[data-sort="name"])').get_attribute(
        "aria-sort") == "descending"


def test_screenshot_is_a_map(open_page, maps, tmp_path_factory):
    page = open_page(maps["demo"], width=1400, height=950)
    page.wait_for_timeout(500)
    out = maps["dir"] / "demo.png"
    png = page.screenshot(path=str(out))
    from io import BytesIO

    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(BytesIO(png), format="png")
    colours = np.unique((img[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200, "the screenshot looks blank"
    # sea, land and markers: no single colour covers more than 60% of the picture
    flat = (img[..., :3] * 255).astype(np.uint8).reshape(-1, 3)
    _, counts = np.unique(flat, axis=0, return_counts=True)
    assert counts.max() / len(flat) < 0.6
    print(json.dumps({"screenshot": str(out)}))


def test_jupyter_iframe_inflates_the_data(open_page, maps, layer):
    """Inline in a notebook: a sandboxed srcdoc iframe (opaque origin) still reads the data."""
    wrapper = maps["dir"] / "notebook.html"
    wrapper.write_text("<!DOCTYPE html><html><body>" + render_map(layer)._repr_html_()
                       + "</body></html>", encoding="utf-8")
    page = open_page(wrapper, wait_for=None)
    frame = next(f for f in page.frames if f.url == "about:srcdoc")
    frame.wait_for_function("window.mapperTest && window.mapperTest.ready", timeout=15000)
    assert frame.evaluate("mapperTest.features") == len(layer)
    assert page.errors == []
    _only_the_file(page, wrapper)
