"""Shared fixtures. `browser` drives Debian's headless Chromium through Playwright.

Use it in any test marked `@pytest.mark.browser`::

    def test_something(open_page, tmp_path):
        page = open_page(tmp_path / "map.html")   # a Page; page.requests, page.errors

`open_page` loads a local file with every request recorded and every request to anything
but that file aborted, and collects console errors and uncaught exceptions. Tests are
skipped (not failed) only when Playwright or /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MAPPER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session", autouse=True)
def _matcher_cache(tmp_path_factory):
    """Built matchers are kept in a folder of this test run, never in ~/.cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MAPPER_CACHE_DIR", str(tmp_path_factory.mktemp("matcher-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's package, never a downloaded one)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """Open local HTML files in fresh pages; record requests, console errors, exceptions."""
    pages = []

    def _open(path: str | os.PathLike, *, width: int = 1280, height: int = 800,
              # a function, not an expression: the page's CSP forbids eval
              wait_for: str | None = "() => window.mapperTest && window.mapperTest.ready",
              hash_: str = ""):
        url = Path(path).resolve().as_uri()
        ctx = browser.new_context(viewport={"width": width, "height": height})
        page = ctx.new_page()
        page.requests, page.errors, page.blocked = [], [], []

        def route(r):
            if r.request.url.split("#")[0] == url:
                r.continue_()
            else:
                page.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda req: page.requests.append(req.url))
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
        page.goto(url + hash_)
        if wait_for:
            page.wait_for_function(wait_for, timeout=15000)
        pages.append(ctx)
        return page

    yield _open
    for ctx in pages:
        ctx.close()


# --- publishing: shared by test_publish, test_validate_public, test_public_regions ----------

#: A testimony file as investigators receive them: witness names, a phone number, small
#: counts, and one reference that cannot be placed and quotes a person (hand-written).
NAMED_TESTIMONIES = """facility,date,category,sex,witness,phone
{rows}Подвал у Івана Петренка (+380671234567),2023-05-02,civilian,male,Ivan Petrenko,+380671234567
"""
#: The distinctive strings of `NAMED_TESTIMONIES` that must never leave in a public output.
PERSONAL_STRINGS = ("Petrenko", "Петренк", "671234567")


def named_testimonies_text(novocherkassk: int = 4) -> str:
    """11 testimonies at Taganrog SIZO-2, ``novocherkassk`` (small) at Novocherkassk SIZO-3,
    1 at Simferopol SIZO-1, and one unplaceable reference naming a person."""
    rows = [f"ru-rostov-taganrog-sizo-2,2023-03-01,pow,male,Witness Petrenko T{i},"
            "+380671234567\n" for i in range(11)]
    rows += [f"ru-rostov-novocherkassk-sizo-3,2023-04-01,pow,male,Witness Petrenko N{i},"
             "0671234567\n" for i in range(novocherkassk)]
    rows += ["ua-crimea-simferopol-sizo-1,2023-06-01,civilian,female,Olena Petrenko,\n"]
    return NAMED_TESTIMONIES.format(rows="".join(rows))


@pytest.fixture
def named_testimonies(tmp_path) -> Path:
    """`NAMED_TESTIMONIES` written to ``tmp_path/in/testimonies.csv`` (outside the outputs)."""
    path = tmp_path / "in" / "testimonies.csv"
    path.parent.mkdir()
    path.write_text(named_testimonies_text(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def joined_layer():
    """The committed layer with deterministic made-up counts and complete breakdowns."""
    from mapper.layer import load_facilities

    gdf = load_facilities().copy()
    n = len(gdf)
    gdf["testimonies"] = [(i * 7) % 23 for i in range(n)]
    gdf["testimonies_pow"] = [min(t, (i * 3) % 11) for i, t in enumerate(gdf["testimonies"])]
    gdf["testimonies_civilian"] = gdf["testimonies"] - gdf["testimonies_pow"]
    gdf["testimonies_2022"] = [t // 2 for t in gdf["testimonies"]]
    gdf["testimonies_2023"] = gdf["testimonies"] - gdf["testimonies_2022"]
    return gdf


@pytest.fixture(scope="session")
def public_layer(joined_layer):
    """`joined_layer` through the one public build."""
    from mapper.publish import public_build

    return public_build(joined_layer).layer


@pytest.fixture(scope="session")
def clean_exports(public_layer, tmp_path_factory) -> dict:
    """The public layer exported to every format (CSV with its HXL row): format → path."""
    from mapper.export import FORMATS, export_layer

    folder = tmp_path_factory.mktemp("clean")
    return {fmt: export_layer(public_layer, folder / f"public.{fmt}", hxl=(fmt == "csv"))
            for fmt in FORMATS}


# --- layers: shared by test_validate_layer and the hostile-layer tests -------------------

@pytest.fixture(scope="session")
def committed_features() -> dict:
    """The committed layer's features by id (deep-copy one before editing it)."""
    import json

    from mapper.paths import layer_path

    data = json.loads(Path(layer_path()).read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in data["features"]}


@pytest.fixture
def write_layer(tmp_path):
    """Write ``features`` as a small GeoJSON file in ``tmp_path``; return its path.

    ``members`` are added at the top level (``crs=...``); ``collection=False`` writes the
    members without ``"type": "FeatureCollection"``.
    """
    import json

    def _write(features, name: str = "layer.geojson", collection: bool = True,
               **members) -> Path:
        data = {"type": "FeatureCollection"} if collection else {}
        data.update(features=features, **members)
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return _write
