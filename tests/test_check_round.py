"""The held-out collectors' checker (tests/data/collect/check_round.py) refuses what it must:
a mention already in a set, even with a preposition or quotes added, and a malformed label."""

from __future__ import annotations

import csv

import check_round  # tests/data/collect, on pytest's pythonpath (pyproject.toml)
import pytest


def _row(**kw) -> dict[str, str]:
    row = {"mention": "катівня в селі Нововигадане", "lang": "uk", "category": "improvised",
           "expected_id": "", "expected_status": "unmatched", "candidate_id": "",
           "source_url": "https://example.org/a-page-no-set-uses", "source_date": "n.d.",
           "note": "round 99 test; a made-up row"}
    return {**row, **kw}


@pytest.mark.parametrize("written", ["в СИЗО-2 Таганрога", "«СИЗО-2 Таганрога».",
                                     "В  сизо-2 таганрога"])
def test_case_quotes_and_a_leading_preposition_are_the_same_words(written):
    assert check_round.same_words(written) == "сизо-2 таганрога"


def test_a_new_well_formed_row_passes():
    assert check_round.problems([_row()], []) == []


@pytest.mark.parametrize("row, says", [
    # dev holds "таганрогский изолятор" (round 1): a preposition in front is no new mention
    (_row(mention="у «таганрогский изолятор»"), "already in a set"),
    (_row(expected_status="matched", expected_id="ua-nowhere-made-up"), "not in geo/registry"),
    (_row(expected_status="ambiguous", expected_id="ua-kherson-kherson-ivs"), "that is a match"),
    (_row(source_url="https://holod.media/2025/01/09/pytochnyj-lager-dlya-ukrainczev/"),
     "page already used"),
    (_row(note="a note without its round"), "round NN"),
])
def test_what_the_checker_refuses(row, says):
    found = check_round.problems([row], [])
    assert len(found) == 1 and says in found[0], found


def test_the_other_collectors_mentions_are_taken_too():
    found = check_round.problems([_row()], [_row(source_url="https://example.org/other")])
    assert any("other collector" in p for p in found), found


def test_a_round_being_collected_is_not_a_set(tmp_path, monkeypatch):
    # round 68's collector wrote its file where the brief says, tests/data/, and the checker
    # then found every row of it "already in a set"
    def write(name, rows):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=check_round.COLUMNS)
            w.writeheader()
            w.writerows(rows)

    mine = _row()
    write("real_references_dev.csv", [_row(mention="СИЗО-2 Таганрога",
                                           source_url="https://example.org/dev-page")])
    write("real_references_round99.csv", [mine])
    monkeypatch.setattr(check_round, "DATA", tmp_path)
    assert check_round.problems([mine], []) == []
    found = check_round.problems([_row(mention="в СИЗО-2 Таганрога")], [])
    assert len(found) == 1 and "already in a set" in found[0], found
