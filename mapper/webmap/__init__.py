"""The web page of an interactive map: a Jinja2 template and plain-script modules.

`mapper.render.render_map` prepares the data; this package turns it into one HTML page.
The page's script is written as small plain-script modules by job (`static/*.js`), read in
the fixed order of `JS_MODULES` and carried as ONE text, deflated like the libraries (block
``app-mapper``); `static/boot.js`, the page's only plain script, inflates and runs Leaflet,
markercluster and then that text, each pinned by its hash in the Content-Security-Policy.
Pure helpers (`util.js`, `search.js`, `state.js`, `i18n.js`) are unit-tested under Node
(``node --test tests/js``).
No minifier: inflated, the code is the readable text of these modules; only comments on
lines of their own are left out (a third of the script's bytes: they are here, in `static/`).

The context engineer's `static/context.js` (global ``MapperContext``), when present, is
inlined before the app so the app can call ``MapperContext.add`` and ``.addOverlay``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2

STATIC = Path(__file__).with_name("static")
TEMPLATES = Path(__file__).with_name("templates")

#: The page's script modules, in the order they are inlined (each may use the ones before).
JS_MODULES = ("util.js", "dom.js", "i18n.js", "search.js", "state.js", "data.js", "layers.js",
              "controls.js", "table.js", "cite.js", "context.js", "app.js")
CSS_FILES = ("map.css",)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    # autoescape: every value is HTML-escaped unless the template marks it `|safe` (only the
    # style sheets, scripts, the escaped config JSON and base64 data blocks are).
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def script() -> str:
    """The page's own script: the modules of `JS_MODULES` that exist, in that order.

    Returns
    -------
    str
        Plain JavaScript, one module after another, each headed by its file name.

    Examples
    --------
    >>> "var MapperUtil" in script()
    True
    """
    parts = []
    for name in JS_MODULES:
        path = STATIC / name
        if path.exists():
            text = path.read_text(encoding="utf-8")
            # the text sits in a <script> element: these would end it or change how it parses
            if re.search(r"</script|<!--", text, re.I):
                raise ValueError(f"{path}: write '<\\/script' and '<\\!--' in strings instead.")
            parts.append(f"/* --- {name} --- */\n" + _without_comment_lines(text))
    return "\n".join(parts)


def _without_comment_lines(js: str) -> str:
    r"""`js` without the lines that are only a comment (``//`` or a ``/* … */`` block that
    starts a line and ends one); code, and comments after code, are kept as written.

    >>> _without_comment_lines("/* a\n * b */\nvar x = 1;  // kept\n  // gone\nf('//');")
    "var x = 1;  // kept\nf('//');"
    """
    out, in_block = [], False
    for line in js.split("\n"):
        bare = line.strip()
        if in_block:
            in_block = not bare.endswith("*/")
        elif bare.startswith("/*") and "*/" not in bare[2:-2]:
            in_block = not bare.endswith("*/") or len(bare) < 4
        elif not bare.startswith("//"):
            out.append(line)
    return "\n".join(out)


def boot_script() -> str:
    """The page's one plain inline script (`static/boot.js`): it inflates the libraries and
    runs them, then `script()`, as inline scripts pinned by hash in the CSP."""
    return (STATIC / "boot.js").read_text(encoding="utf-8")


def styles() -> str:
    """The page's own style sheet (`static/map.css`)."""
    return "\n".join((STATIC / n).read_text(encoding="utf-8") for n in CSS_FILES)


@lru_cache(maxsize=1)
def i18n() -> dict[str, dict]:
    """Interface text in English, Ukrainian and Russian (`static/i18n.json`).

    Returns
    -------
    dict
        Language code → strings (some values are groups: code → label).
    """
    return json.loads((STATIC / "i18n.json").read_text(encoding="utf-8"))


def render_page(**context) -> str:
    """Fill the page template (`templates/page.html.j2`).

    Parameters
    ----------
    **context
        lang, title, csp, text (interface strings), styles (list of CSS texts), config_json
        (from `mapper.render.script_json`), blocks (dicts: id, format, text: the deflated
        scripts and data), boot_js (`boot_script()`).

    Returns
    -------
    str
        The HTML page. Same context → same bytes.
    """
    return _env().get_template("page.html.j2").render(**context)
