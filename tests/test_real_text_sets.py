"""The real-text sets are well formed: every round, scored or held out (tests/data/README.md;
the rounds' log is tests/data/ROUNDS.md).

These checks read the labels only, never the matcher, so they may run on a held-out round
before it is scored: a label naming a facility the registry lost, or a page already used by
another round, is caught when the round lands, not at scoring time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from check_round import page as _page  # the page key, one home: the collectors' checker

from mapper.layer import load_facilities

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("real_references_*.csv"))
COLUMNS = ["mention", "lang", "category", "expected_id", "expected_status", "candidate_id",
           "source_url", "source_date", "note"]
LANGS = {"uk", "ru", "en", "translit"}
CATEGORIES = {"sizo", "colony", "improvised", "filtration", "ivs", "tsvsig", "prison", "camp",
              "police"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, path.name
        return list(reader)


def test_there_are_a_dev_set_and_a_test_set():
    names = {p.name for p in FILES}
    assert {"real_references_dev.csv", "real_references_test.csv"} <= names


def test_the_scored_sets_are_as_large_as_issue_8_asks():
    # at least 300 mentions, 80 uk, 80 ru and 60 en in dev and test together
    rows = _rows(DATA / "real_references_dev.csv") + _rows(DATA / "real_references_test.csv")
    assert len(rows) >= 300
    langs = [r["lang"] for r in rows]
    assert langs.count("uk") >= 80 and langs.count("ru") >= 80 and langs.count("en") >= 60


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_row_is_labelled_against_the_registry(path):
    ids = set(load_facilities()["id"])
    for n, r in enumerate(_rows(path), start=2):
        where = f"{path.name} line {n}"
        # an unquoted comma in a note splits it into a tenth field (csv puts it under None)
        assert None not in r, f"{where}: more fields than columns: quote the note"
        assert r["mention"].strip(), where
        assert r["lang"] in LANGS and r["category"] in CATEGORIES, where
        assert r["expected_status"] in ("matched", "ambiguous", "unmatched"), where
        # matched: the one facility; ambiguous: empty, or the candidates joined by "|"
        named = r["expected_id"].split("|") if r["expected_id"] else []
        if r["expected_status"] == "matched":
            assert len(named) == 1, where
        elif r["expected_status"] == "unmatched":
            assert not named, where
        else:  # one candidate alone would be a match, not an ambiguity
            assert len(named) != 1, where
        assert set(named) <= ids, f"{where}: {set(named) - ids} not in the registry"
        assert r["source_url"].startswith(("http://", "https://")), where
        assert r["source_date"], where


def test_no_page_or_mention_is_in_two_rounds():
    # from round 36 on, a collector may take a new mention from a page already used, and says
    # so in its note ("page already used"); any other page is in one set only
    seen_pages: dict[str, str] = {}
    seen_mentions: dict[str, str] = {}
    for path in FILES:
        rows = _rows(path)
        reused = {_page(r["source_url"]) for r in rows if "page already used" in r["note"]}
        for page in {_page(r["source_url"]) for r in rows}:
            assert page not in seen_pages or page in reused, (
                f"{page}: {seen_pages.get(page)} and {path.name}")
            seen_pages[page] = path.name
        for mention in {r["mention"] for r in rows}:
            assert mention not in seen_mentions, f"{mention!r}: {path.name}"
            seen_mentions[mention] = path.name


def test_the_page_key_ignores_only_what_does_not_change_the_page():
    assert _page("https://www.Example.org/a/b/?utm_source=x#top") == "example.org/a/b"
    assert _page("http://example.org/a/b") == _page("https://example.org/a/b/")
    assert _page("https://example.org/a/b") != _page("https://example.org/a/c")
    assert _page("https://example.org/?p=1261") != _page("https://example.org/?p=1262")
    assert _page("https://example.org/?p=1&utm_medium=x") == _page("http://example.org?p=1")
