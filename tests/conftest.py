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
