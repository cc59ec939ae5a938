"""Facility matching: the labelled set (precision/recall) and each rule a researcher relies on."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.layer import load_facilities
from mapper.match import Matcher, match_references, parse, validate_testimonies

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def layer():
    return load_facilities()


@pytest.fixture(scope="module")
def matcher(layer):
    return Matcher(layer)


def one(matcher, ref):
    return matcher.match(ref)


def test_labelled_set_precision_and_recall(matcher, layer):
    rows = list(csv.DictReader((DATA / "labelled_references.csv").open(encoding="utf-8")))
    assert len(rows) >= 200
    assert {r["language"] for r in rows} >= {"uk", "ru", "en", "translit"}
    ids = set(layer["id"])
    tp = fp = 0
    positives = 0
    misses = []
    for r in rows:
        expected = [e for e in r["expected_id"].split("|") if e]
        assert all(e in ids for e in expected), f"label names an unknown id: {r}"
        got = matcher.match(r["reference"])
        if r["expected_status"] == "matched":
            positives += 1
            if got.match_status == "matched" and got.facility_id == expected[0]:
                tp += 1
                continue
        elif r["expected_status"] == "ambiguous":
            if got.match_status == "ambiguous" and all(e in got.match_reason for e in expected):
                continue
        elif got.match_status == "unmatched":
            continue
        if got.match_status == "matched":
            fp += 1  # a wrong id, or an id where none (or a choice) was expected
        misses.append((r["reference"], r["expected_status"], r["expected_id"], got))
    precision = tp / (tp + fp)
    recall = tp / positives
    print(f"\nlabelled references: {len(rows)}, positives {positives}, "
          f"precision {precision:.4f}, recall {recall:.4f}")
    for m in misses:
        print("  miss:", m)
    assert precision >= 0.99
    assert recall >= 0.95


@pytest.mark.parametrize("ref", [
    "СІЗО-2 Таганрог", "Таганрозький слідчий ізолятор №2", "SIZO No. 2 (Taganrog)",
    "ФКУ СИЗО-2 ГУФСИН России по Ростовской области", "Taganrog sizo2",
    "Taganrog SIZO #2", "Taganrog SIZO 2", "ТАГАНРОГ сизо-2", "сизо №2, Таганрог!!",
    "Taganrog pre-trial detention centre No. 2", "СИЗО-2 Таганрогг",
    "ru-rostov-taganrog-sizo-2", " RU-ROSTOV-TAGANROG-SIZO-2 ",
])
def test_the_ways_people_write_taganrog_sizo_2(matcher, ref):
    got = one(matcher, ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-rostov-taganrog-sizo-2"), got


def test_the_number_decides(matcher):
    assert one(matcher, "SIZO-1 Kursk").facility_id == "ru-kursk-kursk-sizo-1"
    for ref in ("SIZO-2 Kursk", "СИЗО №2 Курск", "Kursk SIZO #2", "Курське СІЗО 3"):
        got = one(matcher, ref)
        assert got.match_status == "unmatched" and got.facility_id == "", (ref, got)
        assert "ru-kursk-kursk-sizo-1" in got.match_reason  # the near miss is named


def test_a_facility_not_in_the_registry_is_unmatched(matcher):
    for ref in ("СИЗО-1 Ярославль", "ИК-18 Харп", "Полярная сова", "SIZO-1 Bryansk",
                "ИК-1 Копейск", "Колония в Курской области посёлок Хомутовка"):
        got = one(matcher, ref)
        assert got.match_status == "unmatched", (ref, got)


def test_ties_are_ambiguous_with_every_candidate(matcher):
    got = one(matcher, "СИЗО Краснодар")
    assert got.match_status == "ambiguous" and got.facility_id == ""
    assert "ru-krasnodar-krasnodar-sizo-1" in got.match_reason
    assert "ru-krasnodar-krasnodar-sizo-5" in got.match_reason


def test_kind_words_in_three_languages(matcher):
    for ref in ("ИВС Херсон", "ІТТ Херсон", "Kherson IVS"):
        assert one(matcher, ref).facility_id == "ua-kherson-kherson-ivs", ref
    for ref in ("Херсонський СІЗО", "слідчий ізолятор Херсон", "Kherson pre-trial detention "
                "centre", "следственный изолятор Херсон"):
        assert one(matcher, ref).facility_id == "ua-kherson-kherson-sizo", ref
    for ref in ("ИК-7 Пакино", "ВК-7 Пакіно", "IK-7 Pakino", "penal colony No. 7 Pakino",
                "виправна колонія №7 Пакіно", "исправительная колония 7 Пакино"):
        assert one(matcher, ref).facility_id == "ru-vladimir-pakino-ik-7", ref


def test_adjectival_town_forms(matcher):
    assert one(matcher, "Курское СИЗО").facility_id == "ru-kursk-kursk-sizo-1"
    assert one(matcher, "Курський слідчий ізолятор №1").facility_id == "ru-kursk-kursk-sizo-1"
    assert one(matcher, "Старооскольский СИЗО").facility_id == "ru-belgorod-stary-oskol-sizo"


def test_parse_numbers():
    for text, n in (("СИЗО №2", 2), ("SIZO No. 2", 2), ("SIZO #2", 2), ("СИЗО-2", 2),
                    ("sizo 2", 2), ("sizo2", 2), ("5-й Донецький СІЗО", 5),
                    ("Simferopol SIZO No. 2 (at penal colony No. 1)", 2), ("СИЗО", None)):
        assert parse(text).number == n, text


def test_match_references_contract(layer):
    refs = pd.Series(["IK-120", "", "СИЗО Краснодар", "IK-120"], index=[10, 11, 12, 13])
    out = match_references(refs, layer)
    assert list(out.columns) == ["facility_id", "match_score", "match_status", "match_reason"]
    assert list(out.index) == [10, 11, 12, 13]
    assert list(out.match_status) == ["matched", "unmatched", "ambiguous", "matched"]
    assert out.facility_id[10] == "ua-donetsk-olenivka-ik-120"
    assert out.match_reason[11] == "empty reference"
    assert out.match_score[10] > 0 and out.match_score[11] == 0


def test_each_distinct_reference_is_matched_once(layer):
    m = Matcher(layer)
    calls = []
    inner = m._match
    m._match = lambda ref: calls.append(ref) or inner(ref)
    refs = pd.Series(["СИЗО-1 Курск", "Ізюм", "СИЗО-1 Курск", "сизо-1  курск"] * 10_000)
    out = m.match_series(refs)
    # one call per distinct text after normalising spaces ("" stands for missing cells);
    # case is kept, it tells proper names from words
    assert sorted(calls) == ["", "Ізюм", "СИЗО-1 Курск", "сизо-1 курск"]
    assert (out.facility_id[refs != "Ізюм"] == "ru-kursk-kursk-sizo-1").all()
    assert (out.match_status[refs == "Ізюм"] == "ambiguous").all()


def _table(tmp_path, text, name="t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    from mapper.io import read_table

    return read_table(p)


def test_validate_testimonies_explains_each_problem(tmp_path):
    df = _table(tmp_path, "facility,date,category,sex,count\n"
                "СИЗО-1 Курск,2022-05-01,pow,male,3\n"
                ",2022-13,soldier?,x,three\n"
                "Оленівка,yesterday,civilian,female,1\n")
    problems = validate_testimonies(df)
    text = "\n".join(map(str, problems))
    assert "row 3" in text and "empty facility reference" in text
    assert "count 'three'" in text
    assert "category 'soldier?'" in text and "sex 'x'" in text
    assert "row 4" in text and "date 'yesterday'" in text
    assert not [p for p in problems if p.row == 2]


def test_validate_testimonies_missing_reference_column(tmp_path):
    df = _table(tmp_path, "name_of_place,date\nX,2022\n")
    (p,) = validate_testimonies(df)
    assert p.row == 1 and "no facility reference column" in p.message and p.hint


def test_cli_match_on_the_demo_file(tmp_path):
    from mapper.paths import demo_testimonies_path

    out = tmp_path / "m.csv"
    res = CliRunner().invoke(main, ["match", str(demo_testimonies_path()), "--column",
                                    "facility", "-o", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    demo = pd.read_csv(demo_testimonies_path(), dtype=str, keep_default_na=False)
    assert len(df) == len(demo)
    assert list(df.columns[-4:]) == ["facility_id", "match_score", "match_status",
                                     "match_reason"]
    counts = df.match_status.value_counts()
    assert f"matched {counts['matched']:>9}".replace(" ", "") in res.output.replace(" ", "")
    assert counts.sum() == len(demo)
    assert (df[df.match_status == "matched"].facility_id != "").all()


def test_cli_match_unknown_column_is_a_clear_error(tmp_path):
    from mapper.paths import demo_testimonies_path

    res = CliRunner().invoke(main, ["match", str(demo_testimonies_path()), "--column",
                                    "nope", "-o", str(tmp_path / "m.csv")])
    assert res.exit_code == 1
    assert "no column 'nope'" in res.output


def test_cli_validate_a_testimony_file(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("facility,date\nСИЗО-1 Курск,2022\n,not a date\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(p)])
    assert res.exit_code == 1
    assert "testimony file" in res.output and "row 3" in res.output
