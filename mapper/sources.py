"""Sources a reader can trust: the outlet, the title, the date and the canonical address.

The registry lists each facility's source URLs and dates (two spreadsheet columns). What a
reader needs besides — which outlet published it, under what title, and where the page was
actually read when that was a mirror — lives in small tables beside the registry, joined
by URL when the layer is built:

- ``geo/sources.csv`` (``url, publisher, title, retrieved_from, note``): one row per
  source URL that needs more than its domain says. ``url`` is the canonical address as the
  registry writes it; ``retrieved_from`` the mirror, CMS preview or tracking-parameter
  address the page was read at; ``note`` how the canonical address was established.
- ``geo/publishers.csv`` (``domain, publisher``): the outlet as it names itself, per
  domain (``www.`` and a trailing dot ignored; the longest matching domain suffix wins).
- ``geo/research/source_titles.csv`` (``url, title, publisher``), when present: titles
  another research pass collected; ``geo/sources.csv`` wins where both have one.

`mirror_reason` recognises the addresses that are not an outlet's own (Google App
Engine, Cloud Run and CloudFront mirrors, Pangea CMS previews, Wikipedia mirrors, tracking
parameters, hosts with a trailing dot): `mapper validate` warns on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pandas as pd

from .paths import geo_dir

#: Address patterns that are not an outlet's own address, with what they are.
MIRROR_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\.appspot\.com$"), "a Google App Engine mirror (appspot.com)"),
    (re.compile(r"\.run\.app$"), "a Google Cloud Run mirror (run.app)"),
    (re.compile(r"\.cloudfront\.net$"), "a CloudFront mirror (cloudfront.net)"),
    (re.compile(r"(^|\.)pangea-cms\.com$"), "a Pangea CMS address (pangea-cms.com)"),
    (re.compile(r"(^|\.)(wiki-org\.ru|wiki\.riteme\.site|wikiwand\.com|"
                r"wikipedia-on-ipfs\.org)$"), "a Wikipedia mirror"),
    (re.compile(r"(^|\.)herokuapp\.com$"), "a Heroku-hosted mirror (herokuapp.com)"),
    (re.compile(r"(^|\.)palasthotel\.de$"), "a web agency's staging copy (palasthotel.de)"),
    (re.compile(r"^faq\.com$"), "a proxy that wraps another address (faq.com/?q=)"),
)
TRACKING_PARAM = re.compile(r"^(utm_|fbclid$|gclid$|yclid$)")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def mirror_reason(url: str) -> str | None:
    """Why ``url`` is not the outlet's canonical address, or None when it looks canonical.

    >>> mirror_reason("https://ru.krymr.com./a/27454136.html")
    'the host ends with a dot (ru.krymr.com.)'
    >>> mirror_reason("https://zona.media/article/2025/01/10/hell?utm_id=24") is not None
    True
    >>> mirror_reason("https://zmina.info/en/") is None
    True
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    netloc = parts.netloc.lower().rsplit("@", 1)[-1].split(":")[0]
    if netloc.endswith("."):
        return f"the host ends with a dot ({netloc})"
    host = netloc
    for pattern, what in MIRROR_PATTERNS:
        if pattern.search(host):
            return what
    if "/preview/" in parts.path:
        return "a CMS preview address (/preview/)"
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)
                if TRACKING_PARAM.match(k)]
    if tracking:
        return f"tracking parameters ({', '.join(sorted(set(tracking)))})"
    return None


#: Dates an address itself states: /2024/08/12/, /2024/08/, /2024-08-12, an rbc.ua-style
#: Unix timestamp is not read (it is the time of an edit, not publication).
_URL_DATE = (re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?=/|$|\D)"),
             re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])(?=/)"),
             re.compile(r"[/_-]((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=\D|$)"))


def date_from_url(url: str) -> str | None:
    """The publication date an address states in its path, at the precision it states.

    >>> date_from_url("https://zmi.st/2025/06/01/two-crimean-activists")
    '2025-06-01'
    >>> date_from_url("https://hromadske.radio/news/2020/07/01/u-vypravniy")
    '2020-07-01'
    >>> date_from_url("https://jw-russia.news/de/news/2024/05/031046.html")
    '2024-05'
    >>> date_from_url("https://zmina.info/news/branczi") is None
    True
    """
    path = urlsplit(url).path
    for i, pattern in enumerate(_URL_DATE):
        m = pattern.search(path)
        if m:
            return "-".join(m.groups()) if i != 1 else f"{m.group(1)}-{m.group(2)}"
    return None


@dataclass(frozen=True)
class SourceTables:
    """The source metadata tables, read once per build."""

    by_url: dict[str, dict]
    publishers: dict[str, str]
    titles: dict[str, dict]

    def publisher(self, url: str) -> str | None:
        """The outlet for ``url``: sources.csv, else the longest matching domain."""
        row = self.by_url.get(url) or {}
        if row.get("publisher"):
            return row["publisher"]
        if self.titles.get(url, {}).get("publisher"):
            return self.titles[url]["publisher"]
        host = _host(url).rstrip(".").removeprefix("www.")
        labels = host.split(".")
        for i in range(len(labels) - 1):
            name = self.publishers.get(".".join(labels[i:]))
            if name:
                return name
        return None

    def describe(self, url: str, date: str | None) -> dict:
        """One source as the layer writes it: ``{url, date, publisher, title,
        retrieved_from?}`` (``retrieved_from`` only when it differs from ``url``)."""
        row = self.by_url.get(url) or {}
        title = row.get("title") or self.titles.get(url, {}).get("title") or None
        out = {"url": url, "date": date, "publisher": self.publisher(url), "title": title}
        if row.get("retrieved_from") and row["retrieved_from"] != url:
            out["retrieved_from"] = row["retrieved_from"]
        return out


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=list(columns))
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        from .io import InputError

        raise InputError(f"{path}: column(s) {', '.join(missing)} missing; the file needs "
                         f"{', '.join(columns)}.")
    return df


def load_tables(root: Path | None = None) -> SourceTables:
    """Read ``sources.csv``, ``publishers.csv`` and (if present) the research titles."""
    root = Path(root) if root else geo_dir()
    src = _read(root / "sources.csv", ("url", "publisher", "title", "retrieved_from", "note"))
    pub = _read(root / "publishers.csv", ("domain", "publisher"))
    tit = _read(root / "research" / "source_titles.csv", ("url", "title", "publisher"))
    return SourceTables(
        by_url={r["url"]: r for r in src.to_dict("records")},
        publishers={r["domain"].lower().removeprefix("www.").rstrip("."): r["publisher"]
                    for r in pub.to_dict("records") if r["publisher"]},
        titles={r["url"]: r for r in tit.to_dict("records")},
    )


@lru_cache(maxsize=1)
def default_tables() -> SourceTables:
    """The shipped tables (cached)."""
    return load_tables()
