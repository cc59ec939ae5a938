"""The checker a blind collector runs on a held-out round (tests/data/README.md).

It reads the real-text sets, the registry and the candidates file; never the matcher.

    python tests/data/collect/check_round.py span URL "MENTION"
        is this page, or this mention, already in a set?
    python tests/data/collect/check_round.py file ROUND.csv [--other OTHER.csv]
        is the round's CSV well formed, labelled against the registry, and new?

A mention counts as taken when it differs from one in a set only by case, quotes, outer
punctuation or a leading preposition ("в СИЗО-2 Таганрога" is "СИЗО-2 Таганрога"): a round
of such near copies would measure nothing new.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
REGISTRY = ROOT / "geo" / "registry.csv"
# ../shared beside the checkout (CI, /work/main) or beside a folder of worktrees (/work/wt/x)
CANDIDATES = next((p / "shared" / "data" / "candidates_round2.csv" for p in ROOT.parents
                   if (p / "shared" / "data" / "candidates_round2.csv").exists()), None)
COLUMNS = ["mention", "lang", "category", "expected_id", "expected_status", "candidate_id",
           "source_url", "source_date", "note"]
LANGS = {"uk", "ru", "en", "translit"}
CATEGORIES = {"sizo", "colony", "improvised", "filtration", "ivs", "tsvsig", "prison", "camp",
              "police"}
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|ref|from|amp|output)$")
LEADING = re.compile(r"^(?:в|во|у|на|до|із|из|з|с|к|по|in|at|on|into|to|the|a|an|w|we|im|"
                     r"em|en|na|u|v)\s+", re.I)


def page(url: str) -> str:
    """The page an address names: scheme, www., fragment, final slash and tracking
    parameters dropped; a query that names the page ("?p=1261") is kept. (One home: the
    set tests import it, tests/test_real_text_sets.py.)"""
    parts = urlsplit(url.strip())
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not TRACKING.match(k.lower()))
    key = re.sub(r"^www\.", "", parts.netloc.lower()) + parts.path.rstrip("/").lower()
    return key + ("?" + urlencode(query) if query else "")


def same_words(mention: str) -> str:
    """A mention less case, quotes, outer punctuation and leading prepositions."""
    text = re.sub(r"[«»“”„\"'‘’‹›()\[\].,;:!?…\s]+", " ", mention).strip().casefold()
    while (shorter := LEADING.sub("", text)) != text:
        text = shorter
    return text


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            sys.exit(f"{path}: the header must be exactly {','.join(COLUMNS)}")
        return list(reader)


def ids(path: Path | None) -> set[str]:
    if path is None:
        return set()
    with path.open(encoding="utf-8", newline="") as f:
        return {r["id"] for r in csv.DictReader(f)}


def taken() -> tuple[set[str], set[str]]:
    """Pages and mentions (as `same_words`) of every real-text set: not a round being
    collected (`real_references_roundNN….csv`, the file checked itself, or the other
    collector's, which `--other` compares apart)."""
    pages, mentions = set(), set()
    for path in sorted(DATA.glob("real_references_*.csv")):
        if path.name.startswith("real_references_round"):
            continue
        for r in read(path):
            pages.add(page(r["source_url"]))
            mentions.add(same_words(r["mention"]))
    return pages, mentions


def problems(rows: list[dict[str, str]], others: list[dict[str, str]]) -> list[str]:
    """What is wrong with a round's rows, one line each, "line N: …"."""
    pages, mentions = taken()
    registry, candidates = ids(REGISTRY), ids(CANDIDATES)
    other_pages = {page(r["source_url"]) for r in others}
    other_mentions = {same_words(r["mention"]) for r in others}
    seen: set[str] = set()
    out = []
    for n, r in enumerate(rows, start=2):
        def bad(msg: str, n: int = n) -> None:
            out.append(f"line {n}: {msg}")
        if None in r:
            bad("more fields than columns: quote a field that holds a comma")
            continue
        if not r["mention"].strip():
            bad("empty mention")
        if r["lang"] not in LANGS:
            bad(f"lang {r['lang']!r} is not one of {sorted(LANGS)}")
        if r["category"] not in CATEGORIES:
            bad(f"category {r['category']!r} is not one of {sorted(CATEGORIES)}")
        status = r["expected_status"]
        named = r["expected_id"].split("|") if r["expected_id"] else []
        if status not in ("matched", "ambiguous", "unmatched"):
            bad(f"expected_status {status!r}")
        if status == "matched" and len(named) != 1:
            bad("matched needs exactly one expected_id")
        if status == "unmatched" and named:
            bad("unmatched takes no expected_id")
        if status == "ambiguous" and len(named) == 1:
            bad("ambiguous with one id: that is a match")
        for fid in named:
            if fid not in registry:
                bad(f"expected_id {fid} is not in geo/registry.csv")
        if r["candidate_id"] and r["candidate_id"] not in candidates:
            bad(f"candidate_id {r['candidate_id']} is not in candidates_round2.csv")
        if not r["source_url"].startswith(("http://", "https://")):
            bad("source_url must start http:// or https://")
        if not r["source_date"]:
            bad("source_date is empty (write n.d.)")
        words = same_words(r["mention"])
        if words in mentions:
            bad("this mention (or the same words with a preposition) is already in a set")
        if words in other_mentions:
            bad("this mention is also in the other collector's file")
        if words in seen:
            bad("this mention is twice in this file")
        seen.add(words)
        if ((page(r["source_url"]) in pages or page(r["source_url"]) in other_pages)
                and "page already used" not in r["note"]):
            bad("page already used (by a set or the other collector): say "
                "'page already used' in the note")
        if not r["note"].startswith("round "):
            bad("the note must start 'round NN test'")
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("span", "file"):
        print(__doc__)
        return 2
    if argv[0] == "span":
        pages, mentions = taken()
        print("page:", "ALREADY USED (a new mention from it needs 'page already used' in "
              "its note)" if page(argv[1]) in pages else "new")
        if len(argv) > 2:
            print("mention:", "ALREADY IN A SET (or the same words with a preposition): "
                  "not allowed" if same_words(argv[2]) in mentions else "new")
        return 0
    other = Path(argv[argv.index("--other") + 1]) if "--other" in argv else None
    rows = read(Path(argv[1]))
    found = problems(rows, read(other) if other and other.exists() else [])
    print("\n".join([*found, f"{len(rows)} rows, {len(found)} problems"]))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
