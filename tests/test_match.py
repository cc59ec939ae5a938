"""Facility matching: the labelled set (precision/recall) and each rule a researcher relies on."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import mapper.match.cache as match_cache
from mapper.cli import main
from mapper.layer import load_facilities
from mapper.match import Matcher, match_references, normalise, parse, stem
from mapper.match.matcher import PARALLEL_FROM
from mapper.names import skeleton
from mapper.testimonies import validate_testimonies

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
    # (Kharp IK-18 "Полярная сова" stood here until branch i8reg added it to the registry;
    # Murmashi's IK-18 and Solikamsk's "Белый лебедь" are not in it)
    for ref in ("СИЗО-1 Ярославль", "ИК-18 Мурмаши", "Белый лебедь", "SIZO-1 Vologda",
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


@pytest.mark.parametrize("text, n", [
    ("the Kopeysk Penal Colony Number One", 1),
    ("la colonia penal número uno de Kopeisk", 1),
    ("la colonie numéro un", 1),
    ("no one was held in the SIZO of Taganrog", None),  # "No." and "one" a pronoun
    ("n un centre de détention", None),
])
def test_one_as_a_word_is_a_number_only_after_a_spelt_out_sign(text, n):
    assert parse(text).number == n


def test_a_spelt_number_one_rules_out_the_town_s_other_colony(matcher):
    # (round 15: Kopeisk's registry colony is No. 6)
    got = matcher.match("the Kopeysk Penal Colony Number One in the Ural Mountains")
    assert got.match_status == "unmatched", got


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


# --- real text: references copied word for word from published pages (tests/data/README.md)

def _score_real(matcher, rows):
    """Precision, recall and per-language / per-category recall of a real-text set."""
    tp = fp = 0
    found: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        got = matcher.match(r["mention"])
        right = got.match_status == "matched" and got.facility_id == r["expected_id"]
        if r["expected_status"] == "matched":
            tp += right
            for key in (("lang", r["lang"]), ("category", r["category"])):
                found.setdefault(key, []).append(int(right))
        if got.match_status == "matched" and not right:
            fp += 1
    positives = sum(r["expected_status"] == "matched" for r in rows)
    recall = {k: sum(v) / len(v) for k, v in found.items()}
    return tp / max(tp + fp, 1), tp / positives, recall


def _real_rows(half):
    with (DATA / f"real_references_{half}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# (the sets' labels, sizes and page overlaps are checked in tests/test_real_text_sets.py)


# Thresholds written by hand from measured figures, set just under them: a drop below them is a
# regression on real text. "dev" is every mention looked at while the matcher was built (rounds
# 1-19, 2,691 mentions): 0.993 (1,479 right, 9 wrong) / 0.957 at 34a30be, just after round 19
# joined; after round 19's classes 0.995 (1,481 right, 8 wrong) / 0.959 (uk 0.961, ru 0.959,
# en 0.965, other Latin-script 0.944; improvised 0.942, filtration 0.942, colony 0.984, sizo
# 0.958); after three registry aliases (Olenivka "filtration camp", Ukrainian and Polish
# "Matrosskaya Tishina", the Kerch colony-settlement; geo/REVIEW.md) 0.995 (1,488 right, 8
# wrong) / 0.963 (uk 0.970, ru 0.959, en 0.969, other 0.951; improvised 0.942, filtration
# 0.964, colony 0.988, sizo 0.963). Round 20 (136 mentions) then joined: rounds 1-20, 2,827
# mentions: 0.993 (1,547 right, 11 wrong) / 0.955 when it joined; after its classes (a region
# with no such facility, region names and directions in more
# languages) 0.994 (1,550 right, 10 wrong) / 0.957 (uk 0.963, ru 0.951, en 0.968, other 0.942;
# improvised 0.940, filtration 0.959, colony 0.983, sizo 0.956). Each branch's before/after is
# in tests/data/ROUNDS.md.
# "test" is the held-out round of the day, scored ONCE at integration with the matcher frozen
# and never looked at before: last round 23 (116 mentions, 104 pages; collected by two engineers
# who neither ran nor read the matcher), matcher cb6ac73: 0.963 (52 right, 2 wrong) / 0.722 of
# 72 (uk 14 of 16, ru 13 of 15, en 16 of 28, other Latin-script 9 of 13; colony 18 of 20, sizo
# 22 of 27, improvised 4 of 17, filtration 2 of 2). Before it: round 22 0.938 / 0.824
# (cb6ac73), round 21 0.909 / 0.750
# (ca85bc1), round 20 0.952 / 0.787 (1e1ccb0), round 19 0.976 / 0.891 (34a30be),
# round 18 0.956 / 0.878 (6a9f6ff),
# rounds 16-17 0.952 / 0.894 (662f2ba), rounds 13-14 0.880 / 0.863. The issue's targets
# (precision 0.99, recall 0.95, 0.90 per uk/ru/en, 0.85 for improvised and filtration) were met
# by one held-out round only (63), not by the rounds after it. Every round's figures, before
# and after its fixes, are in docs/matching-scores.md (the table) and tests/data/ROUNDS.md
# (each round's paragraphs); when a held-out round joins dev, real_references_test.csv keeps
# its header only and "test" skips until the next.
REAL_TEXT_THRESHOLDS = {
    # rounds 1-19 (2,691 mentions), just under the figures after the aliases; LOWERED by branch
    # reg20 (registry only, matcher unchanged): its 11 new rows and 27 relabels (1,556 positives)
    # give 0.995 (1,486 right, 8 wrong) / 0.955 (uk 0.967, ru 0.950, en 0.965, other 0.933;
    # improvised 0.912). The misses are texts the matcher now finds ambiguous between an old and
    # a new row of one town: the Vovchansk aggregate plant by "завод", "factory", "planta" once
    # the Vovchansk police row is there (7), Hostomel (3), Sloviansk "УСБУ" (2), Bilohirsk "not
    # far from Simferopol" (1); and "в УМВД Киевского района" (no town: unmatched). The one new
    # wrong match: a generic "відділок міліції з ІТТ" read as the Sloviansk police row
    # (geo/REVIEW.md, round 20). Was recall 0.962, uk 0.969, ru 0.958, en 0.968, translit 0.95,
    # improvised 0.94.
    # rounds 1-22 (3,097 mentions, 1,792 positives), just under the figures when round 22 joined
    # ... then round 20 joined, its classes were fixed, and reg20 was merged; its relabels of
    # round 20's rows (seven, tests/data/relabels_reg20.csv) make rounds 1-20 1,638 positives:
    # 0.994 (1,551 right, 10 wrong) / 0.947 (uk 0.951, ru 0.942, en 0.964, other 0.923;
    # improvised 0.903, filtration 0.959, colony 0.983, sizo 0.956) at the merge; then the
    # classes reg20's rows opened (a works is the makeshift site whose names say a works; УСБУ
    # is the SBU; "not far from" a town; УМВД a police word): 0.994 (1,560 right, 10 wrong) /
    # 0.952 (uk 0.954, ru 0.948, en 0.966, other 0.936; improvised 0.927). Round 21 (139
    # mentions) then joined: rounds 1-21, 2,966 mentions, 1,718 positives: 0.990 (1,620 right,
    # 16 wrong) / 0.943 when it joined; after its classes (police "Centre E", police words in
    # Turkish, Indonesian, Finnish, Dutch; recreation centres and houses of culture as kinds of
    # building; a name read with a typo in another region than the text names) 0.993 (1,622
    # right, 11 wrong) / 0.944 (uk 0.950, ru 0.941, en 0.958, other 0.921; improvised 0.910,
    # filtration 0.960, colony 0.980, sizo 0.953); then "one of a town's basements" and
    # "міліції" as a police word: 0.994 (1,622 right, 9 wrong) / 0.944; then a kind of building
    # in a town is not its other facility: 0.995 (1,622 right, 8 wrong) / 0.944; a town that
    # names the facility's region, after its own ("Olenivka, Donetsk"), is the region, and
    # "New Moscow" one place: 0.995 (1,624 right, 8 wrong) / 0.945. Round 22 (131 mentions)
    # then joined: rounds 1-22, 3,097 mentions, 1,792 positives: 0.993 (1,685 right, 12 wrong) /
    # 0.940 (uk 0.947, ru 0.934, en 0.954, other 0.921; improvised 0.894, filtration 0.960,
    # colony 0.979, sizo 0.953). Round 23 (116 mentions) then joined: rounds 1-23, 3,213
    # mentions, 1,864 positives: 0.992 (1,737 right, 14 wrong) / 0.932 when it joined; after
    # Polish and Czech adjectival endings ("Lefortowskiego") and a town that also names its
    # region standing for the region's facilities of unknown town ("colony No. 1 in
    # Stavropol"): 0.993 (1,739 right, 13 wrong) / 0.933 (uk 0.944, ru 0.933, en 0.937, other
    # 0.915; improvised 0.865, filtration 0.961, colony 0.978, sizo 0.948); then a body's
    # office in a town, a SIZO word in a city of 100,000+, the first half of a compound
    # adjective and "psychiatric" as a kind: 0.994 (1,739 right, 11 wrong) / 0.933. Rounds 24
    # and 25 (280 mentions) then joined: rounds 1-25, 3,493 mentions, 2,067 positives: 0.991
    # (1,885 right, 18 wrong) / 0.912 when they joined; after their classes (German "-er" and
    # Finnish "-ssa" of a town, "maximum-security" no colony word, a bracketed initialism,
    # the Soviet ИТК spelt out, "-шный" after an acronym, a common word in a lower-case text,
    # a transliterated adjective before a settlement word): 0.992 (1,889 right, 16 wrong) /
    # 0.914 (uk 0.925, ru 0.911, en 0.916, other 0.903; improvised 0.818, filtration 0.963,
    # colony 0.966, sizo 0.944); after the detention-centre words, a body's regional
    # directorate and the messy-input classes (8c4be23): 0.992 (1,896 right, 15 wrong) /
    # 0.917. Round 26 (148 mentions) then joined: rounds 1-26, 3,641 mentions, 2,146
    # positives: 0.991 (1,950 right, 18 wrong) / 0.909 (uk 0.918, ru 0.909, en 0.912, other
    # 0.892; improvised 0.815, filtration 0.944, colony 0.967, sizo 0.947) when it joined;
    # after its classes 0.992 (1,955 right, 15 wrong) / 0.911. Round 27 (136 mentions) then
    # joined: rounds 1-27, 3,777 mentions, 2,229 positives: 0.991 (2,000 right, 19 wrong) /
    # 0.897 (uk 0.896, ru 0.902, en 0.912, other 0.867; improvised 0.803, filtration 0.918,
    # colony 0.964, sizo 0.939) when it joined; after its classes and one stale label
    # (relabels_stale.csv; 2,230 positives): 0.993 (2,006 right, 14 wrong) / 0.900 (uk 0.903,
    # ru 0.902, en 0.914, other 0.869; improvised 0.806, filtration 0.929, colony 0.964, sizo
    # 0.939). Round 28 (156 mentions) then joined: rounds 1-28, 3,933 mentions, 2,319
    # positives: 0.992 (2,076 right, 16 wrong) / 0.895 (uk 0.902, ru 0.900, en 0.908, other
    # 0.859; improvised 0.803, filtration 0.925, colony 0.961, sizo 0.928) when it joined;
    # after its classes and one relabel (relabels_r28.csv; 2,320 positives) 0.994 (2,083
    # right, 13 wrong) / 0.898. Round 29 (121 mentions) then joined: rounds 1-29, 4,054
    # mentions, 2,377 positives: 0.992 (2,113 right, 16 wrong) / 0.889 (uk 0.900, ru 0.893,
    # en 0.903, other 0.850; improvised 0.781, filtration 0.923, colony 0.960, sizo 0.929)
    # when it joined; after its classes 0.993 (2,117 right, 14 wrong) / 0.891 (f1c3ee3).
    # Round 30 (98 mentions) then joined: rounds 1-30, 4,152 mentions, 2,414 positives: 0.993
    # (2,132 right, 14 wrong) / 0.883 (uk 0.891, ru 0.892, en 0.901, other 0.834; improvised
    # 0.780, filtration 0.919, colony 0.956, sizo 0.927); after the third session's rules
    # (countries, wide areas, towns probe) 0.993 (2,135 right, 14 wrong) / 0.884. Round 31
    # (103 mentions) then joined: rounds 1-31, 4,255 mentions, 2,457 positives: 0.993 (2,163
    # right, 16 wrong) / 0.880 (uk 0.890, ru 0.890, en 0.899, other 0.828; improvised 0.777,
    # filtration 0.919, colony 0.955, sizo 0.923) when it joined; after its classes 0.994
    # (2,168 right, 13 wrong) / 0.882 (7d8c9ff). Round 32 (147 mentions) then joined: rounds
    # 1-32, 4,402 mentions, 2,504 positives: 0.990 (2,193 right, 22 wrong) / 0.876 (uk 0.889,
    # ru 0.886, en 0.898, other 0.817; improvised 0.759, filtration 0.916, colony 0.958, sizo
    # 0.922) when it joined; after its classes (a town named with its region, a quoted common
    # word for a place) 0.991 (2,193 right, 19 wrong) / 0.876; German "Korrekturkolonie"
    # 0.992 (2,193 right, 18 wrong) / 0.876. Round 33 (125 mentions) then joined: rounds
    # 1-33, 4,527 mentions, 2,554 positives: 0.988 (2,229 right, 26 wrong) / 0.873 (uk 0.889,
    # ru 0.884, en 0.894, other 0.812; improvised 0.759, filtration 0.904, colony 0.953, sizo
    # 0.920) when it joined; after its classes (a town as written is no name word of a
    # facility elsewhere; a common word for a place in a region is no name) 0.990 (2,229
    # right, 23 wrong) / 0.873; three classes from dev's misses (b3df316: a federal city as a
    # directorate's jurisdiction, a branch of medicine, a word naming the facility's own town)
    # 0.990 (2,235 right, 23 wrong) / 0.875. Round 34 (100 mentions) then joined: rounds 1-34,
    # 4,627 mentions, 2,598 positives: 0.989 (2,262 right, 26 wrong) / 0.871 (uk 0.893, ru
    # 0.888, en 0.893, other 0.798; improvised 0.750, filtration 0.900, colony 0.952, sizo
    # 0.917) when it joined; after its classes ("local" with a kind and number only; near
    # words after the town; "notorious", "Namen" no names; Kozacha Lopan's sourced station
    # site) 0.990 (2,264 right, 24 wrong) / 0.871. Round 35 (113 mentions) then joined: rounds
    # 1-35, 4,740 mentions, 2,642 positives: 0.988 (2,283 right, 27 wrong) / 0.864 (uk 0.886,
    # ru 0.884, en 0.894, other 0.781; improvised 0.742, filtration 0.884, colony 0.947, sizo
    # 0.917) when it joined; after its classes (a town whose case ending replaces the
    # nominative's vowel is another town, "у Євпаторії"; Vietnamese prison and airport
    # words) 0.989 (2,283 right, 25 wrong) / 0.864; after the fifth session's Latin-script
    # police words and town case endings (199ab69) 0.990 (2,288 right, 23 wrong) / 0.866, and
    # its school words (0e164c5) the same overall, filtration 0.884 -> 0.875: "una escuela /
    # uma escola em Novoazovsk" are now read as English "a school in Novoazovsk" always was
    # (the registry records no school there); the threshold was lowered for that. Round 36
    # (105 mentions) then joined: rounds 1-36, 4,845 mentions, 2,722 positives: 0.989 (2,341
    # right, 25 wrong) / 0.860 (uk 0.876, ru 0.877, en 0.884, other 0.789; improvised 0.733,
    # filtration 0.875, colony 0.943, sizo 0.917) when it joined; after its classes ("one
    # of" a town's colonies, the occupation "people's militia") 0.991 (2,343 right, 22
    # wrong) / 0.861. Round 37 (138 mentions) then joined: rounds 1-37, 4,983 mentions, 2,833
    # positives: 0.989 (2,415 right, 26 wrong) / 0.852 (uk 0.867, ru 0.876, en 0.869, other
    # 0.786; improvised 0.724, filtration 0.875, colony 0.931, sizo 0.906) when it joined.
    # The sixth session's detention-centre, remand-prison and near words of other languages
    # (and two Taganrog rows relabelled, relabels_stale.csv): 0.989 (2,419 right, 26 wrong) /
    # 0.853 of 2,835 positives; colony 0.931 -> 0.929: "uma prisão ... em Molodizhne,
    # vilarejo próximo à cidade de Olenivka" now reads Olenivka as a landmark, as the English
    # "a village near Olenivka" always did (the registry does not know Molodizhne), and the
    # threshold was lowered for that. Round 38 (149 mentions) then joined: rounds 1-38, 5,132
    # mentions, 2,945 positives: 0.989 (2,490 right, 28 wrong) / 0.846 (uk 0.851, ru 0.870,
    # en 0.861, other 0.787; improvised 0.708, filtration 0.877, colony 0.924, sizo 0.903)
    # when it joined (c6f21ef); after its classes (a stated region, German spellings and
    # word order, hyphenated landmarks, regimes, regional names, nickname words, Turkish and
    # Indonesian directions) 0.990 (2,506 right, 26 wrong) / 0.851 (1daa02e). Round 39 (44
    # mentions) then joined: rounds 1-39, 5,176 mentions, 2,975 positives: 0.990 (2,529 right,
    # 26 wrong) / 0.850 (uk 0.856, ru 0.869 - just under, en 0.863, other 0.802; improvised
    # 0.708, filtration 0.886, colony 0.930, sizo 0.905) when it joined (3aa7f42). Round 40
    # (70 mentions) then joined: rounds 1-40, 5,246 mentions, 3,027 positives: 0.990 (2,564
    # right, 26 wrong) / 0.847 (uk 0.850, ru 0.866, en 0.860, other 0.802; improvised 0.707,
    # filtration 0.886, colony 0.925, sizo 0.899) when it joined (02c4b4e); the Russian,
    # improvised and SIZO thresholds went under those, for its rows. After the session's
    # rules (e13eeab) and regnum's registry numbers and relabels: 0.990 (2,571 right, 26
    # wrong) / 0.850 of 3,024 positives. Round 41 (33 mentions) then joined: rounds 1-41,
    # 5,279 mentions, 3,045 positives: 0.990 (2,581 right, 26 wrong) / 0.848 (uk 0.853, ru
    # 0.870, en 0.857, other 0.801; improvised 0.704, filtration 0.886, colony 0.930, sizo
    # 0.898) when it joined (df16a96); the English and improvised thresholds went under those.
    # The eighth session's rules (Crimean, a building word near a village, the near-a-city
    # reason) then left dev at 0.990 (2,582 right, 26 wrong) / 0.848. Round 42 (105 mentions)
    # then joined, after its classes (34c685c): rounds 1-42, 5,384 mentions, 3,117 positives:
    # 0.991 (2,639 right, 25 wrong) / 0.847 (uk 0.853, ru 0.869, en 0.8555, other 0.801;
    # improvised 0.708, filtration 0.883, colony 0.932, sizo 0.8968); the English and SIZO
    # thresholds went under those (0.856 -> 0.855, 0.897 -> 0.896), for round 42's rows
    # (English 10 of 14, SIZOs 9 of 11). Round 43's number rule (a Russian facility reached
    # by kind and number alone, no town or region read, is one of many: Russia numbers its
    # institutions region by region) then cost 14 dev rows whose town or region the matcher
    # cannot read ("ИК-37 в поселке Яя") and removed 3 wrong ones: 0.992 / 0.844 (uk 0.85, ru
    # 0.856, en 0.86, other 0.81; colony 0.921); the recall, Russian and colony thresholds went
    # under those (0.845 -> 0.843, 0.865 -> 0.855, 0.923 -> 0.920). Round 43 (119 mentions)
    # then joined, after its classes (7c4f47d): rounds 1-43, 5,503 mentions, 3,200 positives:
    # 0.992 (2,697 right, 23 wrong) / 0.8428 (uk 0.849, ru 0.857, en 0.852, other 0.806;
    # improvised 0.706, filtration 0.883, colony 0.921, sizo 0.897); the recall, Ukrainian and
    # English thresholds went under those (0.843 -> 0.842, 0.850 -> 0.848, 0.855 -> 0.851).
    # Round 44 (112 mentions) then joined (e39d3a2): rounds 1-44, 5,615 mentions, 3,272
    # positives: 0.992 (2,757 right, 23 wrong) / 0.8426 (uk 0.8465, ru 0.859, en 0.854, other
    # 0.804; improvised 0.705, filtration 0.885, colony 0.9225, sizo 0.8947); the Ukrainian and
    # SIZO thresholds went under those (0.848 -> 0.846, 0.896 -> 0.894: round 44's Kherson
    # SIZO rows, "херсонського СІЗО", which the matcher reads as either of the oblast's SIZOs).
    # Branch reg44b then added six registry rows (Kherson regional administration, Velykyi
    # Burluk police, Lyptsi, Oleksandrivka, Horlivka railway station 2014, Hrabovske church)
    # and 30 dev rows were relabelled unmatched -> matched by their text
    # (tests/data/relabels_reg44b.csv); with the classes they opened (building words never
    # generic; the administration's title in more languages): 3,302 positives, 0.992 (2,779
    # right, 23 wrong) / 0.8416 (uk 0.8447, ru 0.859, en 0.852, other 0.802; improvised 0.706);
    # 10 of the 30 stay unplaced, nearly all context rows with no town. The recall and
    # Ukrainian thresholds went under those (0.842 -> 0.841, 0.846 -> 0.844). Branch reg44c
    # then added the Bakhchysarai and Yevpatoriia police rows and 7 dev rows were relabelled
    # (tests/data/relabels_reg44c.csv; two Ukrainian context rows with no town); with the
    # classes they opened (a name shared with a facility in another region's town the text
    # names; a town people came from; German "Polizeiabteilung des Bezirks"): 3,309
    # positives, 0.993 (2,784 right, 21 wrong) / 0.8413 (uk 0.8437); the Ukrainian threshold
    # went under that (0.844 -> 0.843). Round 45 (114 mentions) then joined, after its two
    # classes: rounds 1-45, 5,729 mentions, 3,373 positives: 0.993 (2,832 right, 20 wrong) /
    # 0.8396 (uk 0.8411, ru 0.8586, en 0.8507, other 0.800; improvised 0.7030, filtration
    # 0.889, colony 0.9223, sizo 0.8904); the recall, Ukrainian, English, improvised and SIZO
    # thresholds went under those (round 45's 16 misses: its held-out recall was 0.750).
    # Branch reg45 then added the Skadovsk and Trostianets police rows; 3 dev rows relabelled
    # (tests/data/relabels_reg45.csv: "an underground torture chamber in Trostyanets", an
    # English row matched right before, is now ambiguous between the town's two places);
    # with Slovenian and Hungarian railway-station words: 3,374 positives, 0.993 (2,832
    # right, 19 wrong) / 0.8394 (en 0.8497); the English threshold went under that. Round 46
    # (115 mentions) then joined, after its one class: rounds 1-46, 5,844 mentions, 3,438
    # positives: 0.993 (2,878 right, 19 wrong) / 0.8371 (uk 0.8398, ru 0.8587, en 0.8472,
    # other 0.7946; improvised 0.6989, filtration 0.886, colony 0.9195, sizo 0.889); the
    # recall, Ukrainian, English, improvised, colony and SIZO thresholds went under those
    # (round 46's held-out recall was 0.688, 13 of its 20 misses context rows). Branches
    # reg47a-c then added 13 rows; 24 dev rows relabelled (tests/data/relabels_reg47.csv);
    # with the classes they opened and round 47's MVD class: 3,451 positives, 0.993 (2,892
    # right, 19 wrong) / 0.838. Round 47 (89 mentions) then joined: rounds 1-47, 5,933
    # mentions, 3,515 positives: 0.993 (2,936 right, 21 wrong) / 0.8353 (uk 0.8373, ru
    # 0.8573, en 0.846, other 0.7928; improvised 0.7003, filtration 0.886, colony 0.918,
    # sizo 0.8869); the recall, Ukrainian, English, colony and SIZO thresholds went under
    # those (round 47's held-out recall was 0.688). After round 47's classes (Balaklava) and
    # round 48's (região, a number the quoted name lacks): 2,937 right, 20 wrong. Round 48 (90
    # mentions) then joined: rounds 1-48, 6,023 mentions, 3,561 positives: 0.993 (2,966
    # right, 20 wrong) / 0.8329 (uk 0.8343, ru 0.8571, en 0.8440, other 0.7883; improvised
    # 0.6941, filtration 0.886, colony 0.9116, sizo 0.8885); the recall, Ukrainian, English,
    # improvised and colony thresholds went under those (round 48's held-out recall was 0.630).
    # Branch reg48a then added 8 rows; 10 dev rows relabelled (tests/data/relabels_reg48a.csv);
    # with the classes they opened (a loose prison word at another kind of place, a police
    # word with a region only, the border service's directorate): 3,571 positives, 0.993
    # (2,974 right, 20 wrong) / 0.8328 (uk 0.8336); the Ukrainian threshold went under that.
    # Twelfth session: Izolyatsia's plant aliases (2,977 right); round 49 (112 mentions) then
    # joined after its classes: rounds 1-49, 6,135 mentions, 3,631 positives: 0.993 (3,013
    # right, 20 wrong) / 0.8298 (uk 0.8303, ru 0.8550, en 0.8426, other 0.7829; improvised
    # 0.6875, filtration 0.8876, colony 0.9110, sizo 0.8871); the recall, Ukrainian, English,
    # other, improvised and colony thresholds went under those (round 49's held-out recall
    # was 0.567). The alias 'ростовским централом' class (3,014 right) and round 50's Finnish
    # words (19 wrong); round 50 (90 mentions) then joined: rounds 1-50, 6,225 mentions, 3,692
    # positives: 0.994 (3,062 right, 20 wrong) / 0.8294 (uk 0.8297, ru 0.8559, en 0.8427,
    # other 0.7811; improvised 0.6839, filtration 0.8876, colony 0.9099, sizo 0.8878); the
    # Ukrainian, other, improvised and colony thresholds went under those. Branch reg51 then
    # added 10 occupied-Ukraine rows; 37 dev rows relabelled (tests/data/relabels_reg51.csv):
    # 3,724 positives, 0.993 (3,090 right, 22 wrong) / 0.8298 (uk 0.8315, ru 0.8559, en
    # 0.8438, other 0.7796; improvised 0.6838, filtration 0.8849, colony 0.9100). The other
    # threshold went under that (0.781 -> 0.779): "camera di tortura a Snigurivka" (labelled
    # the police building, which its page names) is now ambiguous with the Snihurivka
    # restaurant row, and "prisiones subterráneas como la descubierta en ... Shevchenkove",
    # relabelled to the new Shevchenkove cellar, is read as several places (ambiguous). The
    # two new wrong answers: "a filtration camp in the Kherson Oblast" (region only) read as
    # the one Kherson filtration row (Velyka Lepetykha), and "im Keller des militärischen
    # Rekrutierungsbüros im Dorf Schewtschenkove" read as the Shevchenkove cellar (no page
    # says the cellar is the enlistment office's). Fifteenth session, on main (without
    # reg51): round 51's classes (the city centre only beside its town: 3,064 right, 20
    # wrong); round 51 (135 mentions) then joined: rounds 1-51, 6,360 mentions, 3,790
    # positives: 0.994 (3,133 right, 20 wrong) / 0.8267 (uk 0.8234, ru 0.8509, en 0.8438,
    # other 0.7799; improvised 0.6759, filtration 0.8824, colony 0.9108, sizo 0.8870). Then
    # reg51 merged with its 37 relabels and one more (the round 51b Dutch span describing
    # the Shevchenkove cellar): 3,823 positives, 0.993 (3,159 right, 22 wrong) / 0.8263 (uk
    # 0.8253, ru 0.8510, en 0.8430, other 0.7775; improvised 0.6750, filtration 0.8798,
    # colony 0.9109, sizo 0.8870); the other and improvised thresholds went under those.
    # Then rules from dev (colony not loosely a large city's SIZO, landmarks, refugees' towns,
    # Baltic directions: 3,166 right, 20 wrong), round 52 scored (0.983 / 0.604) and its
    # classes (compass words, a colony's SIZO section: 3,167 right); round 52 (127 mentions)
    # then joined: rounds 1-52, 6,487 mentions, 3,919 positives: 0.994 (3,228 right, 21
    # wrong) / 0.8237 (uk 0.8232, ru 0.8506, en 0.8365, other 0.7772; improvised 0.6639,
    # filtration 0.9080, colony 0.9105, sizo 0.8838); the recall, English, improvised and
    # SIZO thresholds went under those.
    # Branch reg52 (written before round 52 joined) added 5 rows (Vesele correctional centre No.
    # 8, the Nova Basan basement, the Berdiansk creativity centre, Moscow SIZO-6, the Tyumen
    # Oblast centre for foreign citizens); 19 dev rows relabelled unmatched -> matched by their
    # text (tests/data/relabels_reg52.csv): 3,842 positives, 0.993 (3,167 right, 22 wrong) /
    # 0.8243 (uk 0.8222, ru 0.8502, en 0.8388, other 0.7775; improvised 0.6687, filtration 0.8798,
    # colony 0.9112, sizo 0.8865). 8 of the 19 are found; 9 of the other 11 name their place only
    # outside the span or by description ("в крихітному підвалі", "barns and cellars", "their
    # makeshift prison" in Nova Basan; "у Центр дитячої та юнацької творчості" in Berdiansk; "в
    # Центре содержания иностранных граждан" in Tyumen Oblast; "the capital's only women's
    # pre-trial detention center"), "гуманітарного центру в Бердянську" is read as another kind of
    # place (a humanitarian centre, as before) and "the Center for Temporary Accommodation of
    # Foreigners (CTAF) in Tyumen Oblast" as a camp (none there). The recall, Ukrainian, English
    # and improvised thresholds went under those; no new wrong answer.
    # Merged after round 52 joined (no round 52 row names one of reg52's places): 6,487
    # mentions, 3,938 positives: 0.994 (3,236 right, 21 wrong) / 0.8217 (uk 0.8202, ru 0.8498,
    # en 0.8324, other 0.7772; improvised 0.6580, filtration 0.9080, colony 0.9107, sizo
    # 0.8833); the recall, Ukrainian, Russian, English and improvised thresholds went under
    # those. Then "concentration camp", Arctic and Romanian nickname words (3,238 right, 19
    # wrong), round 53 scored (0.973 / 0.763) and its classes (white bear, "по РО": 3,241
    # right); round 53 (128 mentions) then joined: rounds 1-53, 6,615 mentions, 4,031
    # positives: 0.994 (3,315 right, 21 wrong) / 0.8224 (uk 0.8265, ru 0.8476, en 0.8323,
    # other 0.7779; improvised 0.6563, filtration 0.9108, colony 0.9141, sizo 0.8833); the
    # Russian and improvised thresholds went under those.
    # Branch reg53 (written before round 53 joined) added 6 rows (the Zhovtnevyi district council
    # in Luhansk, the Alchevsk city police cells, the Artemvuhillia building in Horlivka, the
    # Donetsk TV centre at 61 Kuibysheva St, the Pryvillia sanatorium, the Yessentuki prison); 12
    # dev rows relabelled unmatched -> matched by their text (tests/data/relabels_reg53.csv):
    # 3,950 positives, 0.994 (3,246 right, 21 wrong) / 0.8218 (uk 0.8204, ru 0.8500, en 0.8318,
    # other 0.7774; improvised 0.6604, filtration 0.9080, colony 0.9107, sizo 0.8833). 10 of the
    # 12 are found; of the two English relabels the JFP headline "Prisons and torture houses of
    # Luhansk: Zhovtnevyi district council" is ambiguous among Luhansk's rows, so English went
    # under 0.832; no new wrong answer.
    # Merged after round 53 joined, with one round 53 row relabelled (the Artemvuhillia
    # building): 6,615 mentions, 4,044 positives: 0.994 (3,326 right, 21 wrong) / 0.8225 (uk
    # 0.8267, ru 0.8479, en 0.8317, other 0.7781; improvised 0.6591, filtration 0.9108,
    # colony 0.9141, sizo 0.8833); the English threshold went under that.
    # Round 54 scored (0.984 / 0.706), its classes (Estonian and Danish colony words, "близ", a
    # number of the container kind, a colony number in a city of a million, the alias "Hostomel
    # airport"; one round 21b row relabelled), then its 125 mentions joined: rounds 1-54, 6,740
    # mentions, 4,130 positives: 0.9947 (3,390 right, 18 wrong) / 0.8208 (uk 0.8261, ru 0.8450,
    # en 0.8294, other 0.7780; improvised 0.6575, filtration 0.9154, colony 0.9135, sizo
    # 0.8811); the recall, Russian, English and SIZO thresholds went under those.
    # Then the airfield group, other-place spellings, the town-SIZO adjective after a label
    # review (13 relabels, tests/data/relabels_review16.csv), round 55 scored (0.984 / 0.805)
    # and its classes (filtration by region alone, torture-chamber words, the river Dnipro,
    # the SBU spelt out); round 55 (108 mentions) then joined: rounds 1-55, 6,848 mentions,
    # 4,215 positives: 0.9951 (3,485 right, 17 wrong) / 0.8268 (uk 0.8345, ru 0.8558, en
    # 0.8312, other 0.7813; improvised 0.6631, filtration 0.9118, colony 0.9144, sizo
    # 0.9004); no threshold went under those. After reg55 (313 facilities) and the Pryazovska
    # name rule, round 56 scored (0.943 / 0.835) and joined before its classes: rounds 1-56,
    # 6,965 mentions, 4,299 positives: 0.9941 (3,556 right, 21 wrong) / 0.8272 (uk 0.8339, ru
    # 0.8558, en 0.8317, other 0.7829; improvised 0.6614, filtration 0.9117, colony 0.9151, sizo
    # 0.9015); no threshold went under those. After reg56 (317 facilities), round 56's and
    # the seventeenth session's classes, round 57 scored (0.894 / 0.808) and joined: rounds
    # 1-57, 7,077 mentions, 4,359 positives: 0.9929 (3,606 right, 26 wrong) / 0.8273 (uk
    # 0.8322, ru 0.8574, en 0.8309, other 0.7839; improvised 0.6628, filtration 0.9155, colony
    # 0.9137, sizo 0.9017); no threshold went under those. Then three rules (a far town, a
    # colony never loosely a city's SIZO, TsVSIG kind words: 3,604 right, 22 wrong) and branch
    # reg57 (Simferopol colony No. 1 added, the Makiivka Western colony merged into No. 97; 34
    # relabels, tests/data/relabels_reg57.csv) with more remand-prison words and the Romance
    # "detention centre" as no colony: 4,370 positives, 0.9942 (3,615 right, 21 wrong) /
    # 0.8272 (uk 0.8326, ru 0.8568, en 0.8317, other 0.7830; improvised 0.6632, filtration
    # 0.9085, colony 0.9129, sizo 0.9036); no threshold went under those. After the session's
    # later classes (3,626 right, 21 wrong) round 58 was scored (0.976 / 0.833) and joined:
    # rounds 1-58, 7,185 mentions, 4,418 positives: 0.9940 (3,666 right, 22 wrong) / 0.8298
    # (uk 0.8322, ru 0.8577, en 0.8359, other 0.7881; improvised 0.6684, filtration 0.9094,
    # colony 0.9151, sizo 0.9074); no threshold went under those
    "dev": {"precision": 0.987, "recall": 0.820,
            "lang": {"uk": 0.820, "ru": 0.844, "en": 0.829, "translit": 0.777},
            "category": {"improvised": 0.656, "filtration": 0.873, "colony": 0.909,
                         "sizo": 0.881}},
    # round 44 (112 mentions, 72 positives; two blind collectors, branches r44a 25c458b and
    # r44b 4dad657, self-contained spans first: 11 context rows), scored once with 7c4f47d
    # (the tenth session's matcher, before any change): 1.000 (60 right, 0 wrong) / 0.833
    # (uk 4/7, ru 24/26, en 19/21, other 13/18; colony 27/28, sizo 14/18, improvised 2/4,
    # filtration 3/3, police 6/9); just under those. (Round 43: 0.955 / 0.771 with ad6fed2;
    # round 42: 0.981 / 0.722 with a7c834e.)
    # Round 45 (r45a 73be001, r45b 79a0b4b; 114 mentions, 64 positives), scored once with
    # d07e0ac (before any change): 0.960 (48 right, 2 wrong) / 0.750 (uk 5/8, ru 18/22, en
    # 12/15, other 13/19; colony 20/22, sizo 16/22, improvised 4/9); after its two classes
    # (women's colonies by region; German "schtsch") 1.000 / 0.750.
    # Round 46 (r46a 40c991a, r46b a9418ba; 115 mentions, 64 positives), scored once with
    # c6d7267 (before any change): 1.000 (44 right, 0 wrong) / 0.688 (uk 3/6, ru 19/22, en
    # 12/17, other 10/19; colony 21/27, sizo 4/7, improvised 3/8).
    # Round 47 (r47a a23e8bb, r47b 27da6a8; 89 mentions, 64 positives), scored once with
    # cffa1be (the eleventh session's matcher and the registry the collectors labelled
    # against, before any change): 0.936 (44 right, 3 wrong) / 0.688 (uk 6/9, ru 7/11, en
    # 12/17, other 19/27; colony 22/27, sizo 7/10, improvised 6/12, police 8/11); the same
    # with the session's matcher after reg47a-c (69520da).
    # Round 48 (r48a 216ad5e, r48b c5e2740; 90 mentions, 46 positives), scored once with
    # ff189ac (after round 47's classes; registry of 277): 0.935 (29 right, 2 wrong) / 0.630
    # (uk 2/5, ru 5/6, en 14/19, other 8/16; colony 14/23, sizo 4/4, improvised 1/8, tsvsig
    # 7/7).
    # Round 49 (r49a 69b50f1, r49b 261d612; 112 mentions, 60 positives), scored once with
    # 71bc5d6 (the twelfth session's matcher before round 49's classes; the registry the
    # collectors labelled against, 285 facilities, with Izolyatsia's plant aliases): 0.895 (34
    # right, 4 wrong) / 0.567 (uk 6/10, ru 6/11, en 14/22, other 8/17; colony 12/14, sizo 3/5,
    # improvised 5/19, police 8/12).
    # Round 50 (r50a a1a317d, r50b 4509ca7; 90 mentions, 61 positives), scored once with
    # dea2095 (the twelfth session's matcher after round 49's classes; registry of 285, the
    # one the collectors labelled against): 0.979 (47 right, 1 wrong) / 0.770 (uk 2/3, ru
    # 17/20, en 11/13, other 17/25; colony 16/20, sizo 20/23, improvised 0/4, police 6/9):
    # the bounds are those (none for improvised sites: 0 of 4)
    # Round 51 (r51a 53aa41b, r51b f7b069a; 135 mentions, 98 positives), scored once with
    # fce4978 (the fourteenth session's matcher; registry of 285, the one the collectors
    # labelled against): 0.985 (66 right, 1 wrong) / 0.673 (uk 14/25, ru 11/19, en 24/27,
    # other 17/27; colony 20/23, sizo 22/29, improvised 11/24, police 7/11, filtration 3/6);
    # the 75 self-contained positives 1.000 / 0.840.
    # Round 52 (r52a d3b211e, r52b 493cd60; 127 mentions, 96 positives), scored once with
    # a57fe2f (the fifteenth session's matcher after round 51's classes and five more; registry
    # of 295, the one the collectors labelled against): 0.983 (58 right, 1 wrong) / 0.604 (uk
    # 17/25, ru 10/17, en 13/24, other 18/30; colony 22/28, sizo 12/17, improvised 12/33,
    # police 6/11, filtration 3/3); the 70 self-contained positives 0.983 / 0.814. The bounds
    # are those (round 52 has joined dev since).
    # Round 53 (r53a 23ab1a7, r53b b0f9c4c; 128 mentions, 93 positives), scored once with
    # b05130e (the fifteenth session's matcher after round 52's classes and four more;
    # registry of 300, the one the collectors labelled against): 0.973 (71 right, 2 wrong) /
    # 0.763 (uk 28/29, ru 11/17, en 11/17, other 21/30; colony 20/25, sizo 21/25, improvised
    # 15/25, filtration 8/8, police 5/7); the 86 self-contained positives 0.986 / 0.826. The
    # bounds are those (round 53 has joined dev since).
    # Round 54 (r54a c148246, r54b d7fb3ed; 125 mentions, 85 positives), scored once with
    # 9640bb0 (the fifteenth session's last matcher; registry of 306, the one the collectors
    # labelled against): 0.984 (60 right, 1 wrong) / 0.706 (uk 16/20, ru 18/24, en 13/20,
    # other 13/21; colony 21/25, sizo 12/16, improvised 14/25, police 6/12, filtration 3/3);
    # the 68 self-contained positives 0.983 / 0.868 (round 54 has joined dev since).
    # Round 55 (r55a 4618d7e, r55b 273f871; 108 mentions, 77 positives), scored once with
    # 4227f9c (the sixteenth session's matcher after round 54's classes, the airfield group,
    # the other-place spellings and the town-SIZO adjective; registry of 306, the one the
    # collectors labelled against): 0.984 (62 right, 1 wrong) / 0.805 (uk 10/13, ru 19/21, en
    # 17/19, other 16/24; colony 23/25, sizo 14/15, improvised 13/21, police 7/11); the 63
    # self-contained positives 0.983 / 0.937 (round 55 has joined dev since).
    # Round 56 (r56a 3158525, r56b ba68635; 117 mentions, 79 positives), scored once with
    # b86b774 (the matcher of 8b2a130: round 55's classes and reg55's registry of 313, the one
    # the collectors labelled against): 0.943 (66 right, 4 wrong) / 0.835 (uk 7/8, ru 24/28,
    # en 15/18, other 20/25; colony 20/22, sizo 21/22, improvised 6/13, filtration 10/11,
    # police 7/8); the 70 self-contained positives 0.957 / 0.943 (round 56 has joined dev
    # since).
    # Round 57 (r57a 18d995a, r57b c7f4891; 112 mentions, 52 positives), scored once with
    # af41fe2 (the matcher of 165c13e: the seventeenth session's first classes; registry of
    # 317, the one the collectors labelled against): 0.894 (42 right, 5 wrong) / 0.808 (uk
    # 11/15, ru 11/12, en 13/15, other 7/10; colony 21/25, sizo 11/12, improvised 3/5,
    # police 1/3, filtration 1/1); the 46 self-contained positives 0.913 / 0.913. The bounds
    # were those (round 57 has joined dev since).
    # Round 58 (r58a a426576, r58b 6ae39c6; 108 mentions, 48 positives), scored once with
    # 044df1e (the matcher of 78c213c: the seventeenth session's classes after round 57;
    # registry of 317, the one the collectors labelled against): 0.976 (40 right, 1 wrong) /
    # 0.833 (uk 2/4, ru 14/15, en 12/13, other 12/16; colony 12/12, sizo 10/11, improvised
    # 7/9, filtration 3/3, police 0/3, prison 5/6); the 41 self-contained positives 0.975 /
    # 0.951 (round 58 has joined dev since).
    # Round 59 (r59a 2ba18ef, r59b bba5066; 101 mentions, 44 positives, all self-contained),
    # scored once with 77e194f (the matcher of bf14898: the eighteenth session's four classes
    # after round 58; registry of 317, the one the collectors labelled against): 0.929 (39
    # right, 3 wrong) / 0.886 (uk 8/9, ru 10/12, en 13/14, other 8/9; colony 16/17, sizo
    # 14/14, improvised 5/6, filtration 1/1, police 2/3) (round 59 has joined dev since).
    # Round 60 (r60a 681c8ec, 40 Ukrainian rows; r60b ae72466; 97 mentions, 41 positives, all
    # self-contained), scored once with 70114ff (the matcher of 10e6922: the nineteenth
    # session's four classes; registry of 317, the one the collectors labelled against):
    # 0.897 (35 right, 4 wrong) / 0.854 (uk 13/16, ru 6/6, en 10/11, other 6/8; colony 7/8,
    # sizo 9/9, improvised 9/9, filtration 3/4, police 7/11) (round 60 has joined dev since).
    # Round 61 (r61a 8e246f0, 54 Ukrainian rows; r61b 9b280cc; 112 mentions, 56 positives),
    # scored once with 3eef053 (the matcher of 5c75ea9: the twentieth session's two
    # vocabulary classes; registry of 317, the one the collectors labelled against; the same
    # with the session's starting 3163200): 0.962 (50 right, 2 wrong) / 0.893 (uk 25/27, ru
    # 7/9, en 12/14, other 6/6; colony 10/11, sizo 18/19, improvised 9/10, filtration 7/8,
    # police 3/5) (round 61 has joined dev since).
    # Round 62 (r62a 41058ca, 50 Ukrainian rows; r62b a3fdddc; 119 mentions, 41 positives),
    # scored once with 23869d5 (the matcher of 35abee4: the twenty-first session's four
    # classes; registry of 317 with the Sosnovka aliases, added during the round; the same
    # answers with the session's starting e69923d): 1.000 (36 right, 0 wrong) / 0.878 (uk
    # 18/21, ru 9/11, en 5/5, other 4/4; colony 11/13, sizo 12/12, improvised 6/9,
    # filtration 3/3, police 2/2) (round 62 has joined dev since).
    # Round 63 (r63a 3a8ca92, 44 Ukrainian rows; r63b cc01e04, one row dropped as a dev span's
    # part; 99 mentions, 47 positives), scored once with b3e3481 (the matcher of 9febccf: the
    # twenty-second session's classes; registry of 317, the one the collectors labelled
    # against; the same answers with the session's starting 2df7389): 1.000 (45 right, 0
    # wrong) / 0.957 (uk 17/18, ru 10/11, en 11/11, other 7/7; colony 16/17, sizo 7/7,
    # improvised 8/9, filtration 2/2, police 9/9, prison 3/3) (round 63 has joined dev since).
    # Round 64 (r64a 2eb3e52, 31 Ukrainian rows; r64b 13aa6e1; 98 mentions, 35 positives),
    # scored once with c2cb223 (the matcher of 1cfc564, round 63's; registry of 317; the same
    # answers with the session's starting 2df7389): 0.903 (28 right, 3 wrong) / 0.800 (uk
    # 12/13, ru 3/3, en 6/8, other 7/11; colony 10/16, sizo 10/10, prison 4/5, filtration
    # 3/3, improvised 1/1) (round 64 has joined dev since).
    # Round 65 (r65a 6467732, 56 Cyrillic rows; r65b f2d9049, 58 Latin-script rows; 114
    # mentions, 63 positives), scored once with 8bb206c (the matcher of bdd0777; registry of
    # 317; the same answers with the session's starting 0261402): 0.939 (46 right, 3 wrong) /
    # 0.730 (uk 5/10, ru 17/21, en 11/14, other 13/18; colony 8/11, sizo 22/22, improvised
    # 9/18, filtration 3/6) (round 65 has joined dev since).
    # Round 66 (r66a 03e1e9c, 58 Cyrillic rows; r66b b924a57, 60 Latin-script rows; 118
    # mentions, 71 positives), scored once with fb192c7 (the matcher of b7bb8cf; registry of
    # 317; the same answers with the session's starting 0261402): 0.982 (54 right, 1 wrong) /
    # 0.761 (uk 13/22, ru 11/13, en 13/17, other 17/19; colony 18/19, sizo 9/12, improvised
    # 16/21, filtration 4/6) (round 66 has joined dev since).
    # Round 67 (r67a c6abf32, 7 Cyrillic rows; r67b d81d396, 40 Latin-script rows; 47
    # mentions, 27 positives, none Ukrainian: the stored pages are all but used up), scored
    # once with 40846b4 (the matcher of 759e9d2; registry of 317; the same answers with the
    # session's starting 1966d5c): 1.000 (19 right, 0 wrong) / 0.704 (ru 4/5, en 8/12, other
    # 7/10; colony 1/3, sizo 7/11, improvised 2/3, filtration 3/4) (round 67 has joined dev
    # since).
    # Round 68 (r68 d2517cf, one collector sent to material other than the stored pages: the
    # docs corpus, GitHub files, issues; 3 English rows from two GitHub news scrapes, 1
    # positive), scored once with 56a06e9 (the matcher of 90acebb, the twenty-fifth session's
    # restructured decision step; registry of 317; the same answers with the session's
    # starting edd6d0a): 1.000 (1 right, 0 wrong) / 1.000 (en 1/1, colony 1/1), its ambiguous
    # and unmatched rows right too. The bounds are those (one positive: no bound for a
    # language or kind the round lacks).
    "test": {"precision": 0.99, "recall": 0.99,
             "lang": {"en": 0.99},
             "category": {"colony": 0.99}},
}


@pytest.mark.parametrize("half", sorted(REAL_TEXT_THRESHOLDS))
def test_real_text_precision_and_recall(matcher, half):
    want = REAL_TEXT_THRESHOLDS[half]
    rows = _real_rows(half)
    if not rows:
        pytest.skip(f"real_references_{half}.csv holds no rows yet (the held-out round)")
    precision, recall, by = _score_real(matcher, rows)
    print(f"\nreal text ({half}): precision {precision:.3f}, recall {recall:.3f}, "
          + ", ".join(f"{k[1]} {v:.2f}" for k, v in sorted(by.items())))
    assert precision >= want["precision"]
    assert recall >= want["recall"]
    for lang, t in want["lang"].items():
        assert by[("lang", lang)] >= t, lang
    for cat, t in want["category"].items():
        assert by[("category", cat)] >= t, cat


# The same dev mentions as people also type or paste them: in lower case (testimony sheets),
# in capitals (headlines, caps lock), every word capitalised (title-case headlines), wrapped
# whole in quotes (a cell quoting a passage). Measured at 4ae878a: lower and upper 0.989
# (1,861 right, 21 wrong) / 0.900; quoted 0.992 (1,891 right, 15 wrong) / 0.915 (before that
# commit series: lower 0.984 (31 wrong) / 0.898, quoted 213 of the 1,896 right matches
# lost); title 0.988 (1,863 right, 22 wrong) / 0.901 once read as lower case (0.980, 37
# wrong, before). With round 26 in dev (3,641 mentions): lower and upper 0.988 / 0.891, quoted
# 0.991 / 0.906, title 0.987 / 0.892. After round 26's classes, title case read as lower
# case from four words only (a shorter one is as often a name: "3 Energy Workers' Street"):
# lower and upper 0.989 / 0.893, quoted 0.992 / 0.908, title 0.986 / 0.890; thresholds just
# under.
# With round 27 in dev (3,777 mentions): lower and upper 0.989 / 0.880, quoted 0.991 / 0.895,
# title 0.985 / 0.877; after its classes lower and upper 0.991 / 0.882, quoted 0.993 / 0.897,
# title 0.988 / 0.879 (b13b624). With round 28 in dev (3,933 mentions): lower and upper
# 0.991 / 0.878, quoted 0.992 / 0.893, title 0.987 / 0.876. With round 29 too (4,054
# mentions, after round 28's classes): lower and upper 0.991 / 0.873, quoted 0.992 / 0.887,
# title 0.987 / 0.870.
# With round 30 too (4,152 mentions, a4d5c7d): lower and upper 0.991 / 0.868, quoted 0.993 /
# 0.881, title 0.987 / 0.865. With round 31 too (4,255 mentions, after the third session's
# rules): lower and upper 0.991 / 0.865, quoted 0.993 / 0.878, title 0.986 / 0.862. With
# round 32 too (4,402 mentions, 4a10f64): lower and upper 0.988 / 0.860, quoted 0.990 /
# 0.874, title 0.984 / 0.857. With round 33 too (4,527 mentions, e64c536): lower and upper
# 0.985 / 0.857, quoted 0.988 / 0.871, title 0.981 / 0.854. With round 34 too (4,627
# mentions, b3df316): lower and upper 0.984 / 0.855, quoted 0.989 / 0.869, title 0.980 / 0.852;
# after its classes lower and upper 0.985 / 0.855 (a Norwegian "lokale supermarkedet" text
# lost in lower and upper case, the Estonian "Olenivka lähedal" text in every case).
# With round 35 too (4,740 mentions, 24c4901): lower and upper 0.983 / 0.848, quoted 0.988 /
# 0.862, title 0.979 / 0.844. With round 36 too (4,845 mentions, 0e164c5): lower and upper
# 0.985 / 0.844, quoted 0.989 / 0.859, title 0.981 / 0.841. With round 37 too (4,983
# mentions, 5276b38): lower and upper 0.985 / 0.837, quoted 0.989 / 0.851, title 0.981 /
# 0.834. With round 38 too (5,132 mentions, c6f21ef): lower 0.984 / 0.830, upper 0.984 /
# 0.830, quoted 0.989 / 0.844, title 0.981 / 0.828. With rounds 39 and 40 too (5,246 mentions,
# 02c4b4e): lower 0.985 / 0.829, upper 0.985 / 0.830, quoted 0.990 / 0.846, title 0.982 / 0.827.
# With round 41 too (5,279 mentions, df16a96, after the session's rules and registry numbers):
# lower 0.985 / 0.830, upper 0.985 / 0.830, quoted 0.990 / 0.847, title 0.982 / 0.827.
# With round 42 too (5,384 mentions, after its classes, 34c685c): lower 0.986 / 0.8287, upper
# 0.986 / 0.8290, quoted 0.990 / 0.846, title 0.983 / 0.8255; the lower-case and title-case
# recall thresholds went under those (0.829 -> 0.828, 0.826 -> 0.825), for round 42's rows.
# Round 43's number rule (a Russian number with no readable town or region is one of many;
# 14 dev rows, 3 wrong ones removed): lower 0.987 / 0.826, upper 0.987 / 0.826, quoted 0.991 /
# 0.843, title 0.984 / 0.823; the recall thresholds went under those. With round 43 too
# (5,503 mentions, 7c4f47d): lower 0.987 / 0.8247, upper 0.987 / 0.8247, quoted 0.991 /
# 0.8419, title 0.984 / 0.8216; the recall thresholds went under those. With round 44 too and
# branch reg44b's six registry rows with their 30 dev relabels (5,615 mentions, 3,302
# positives): lower 0.988 / 0.8237, upper the same, quoted 0.991 / 0.8407, title 0.985 / 0.821;
# the lower, upper and quoted recall thresholds went under those (the relabelled rows are
# mostly context rows no matcher can place). With round 45 too, after reg44c and round 45's
# classes (5,729 mentions, 3,373 positives): lower 0.989 / 0.8212, upper 0.989 / 0.8215,
# quoted 0.993 / 0.8390, title 0.986 / 0.8189; the recall thresholds went under those. With
# reg45's two rows and three relabels: lower 0.989 / 0.8210; its threshold went under that.
# With round 46 too (5,844 mentions): lower 0.989 / 0.8191, upper 0.989 / 0.8194, quoted
# 0.993 / 0.8365, title 0.987 / 0.8170; the recall thresholds went under those. With reg47a-c
# and round 47 too (5,933 mentions, 3,515 positives): lower 0.988 / 0.8179, upper 0.988 /
# 0.8182, quoted 0.993 / 0.8347, title 0.985 / 0.8162; the recall thresholds went under those.
# With round 48 too and its classes (6,023 mentions, 3,561 positives): lower 0.986 / 0.8158,
# upper 0.986 / 0.8161, quoted 0.993 / 0.8324, title 0.984 / 0.8141; the recall thresholds
# went under those. With round 49 too and its classes (6,135 mentions, 3,631 positives):
# lower 0.986 / 0.8127, upper 0.986 / 0.8130, quoted 0.993 / 0.8292, title 0.984 / 0.8111;
# the recall thresholds went under those. With round 50 too and its class (6,225 mentions,
# 3,692 positives): lower 0.986 / 0.8123, upper 0.986 / 0.8126, quoted 0.993 / 0.8288,
# title 0.984 / 0.8109; the quoted and title thresholds went under those. With round 51
# too and its classes (6,360 mentions, 3,790 positives): lower 0.9865 / 0.8092, upper
# 0.9865 / 0.8095, quoted 0.9933 / 0.8261, title 0.9846 / 0.8084; the recall thresholds went
# under those. After reg51 merged (3,823 positives): lower 0.9860 / 0.8091, upper 0.9860 /
# 0.8093, quoted 0.9928 / 0.8258, title 0.9844 / 0.8083; the quoted recall threshold went
# under that. With round 52 too and its classes (6,487 mentions, 3,919 positives): lower
# 0.9866 / 0.8061, upper 0.9866 / 0.8063, quoted 0.9932 / 0.8232, title 0.9850 / 0.8058;
# the recall thresholds went under those.
# Branch reg52's 5 rows and 19 relabels (3,842 positives; 11 of the relabelled
# spans are missed): lower 0.9860 / 0.8069, upper 0.9860 / 0.8071, quoted 0.9928 / 0.8238,
# title 0.9844 / 0.8066; the recall thresholds went under those.
# Merged after round 52 joined (3,938 positives): lower 0.9866 / 0.8040, upper 0.9866 /
# 0.8042, quoted 0.9932 / 0.8212, title 0.9851 / 0.8042; the recall thresholds went under
# those. With round 53 too and its classes (6,615 mentions, 4,031 positives): lower 0.9869 /
# 0.8035, upper 0.9869 / 0.8038, quoted 0.9934 / 0.8219, title 0.9854 / 0.8043; the upper
# recall threshold went under that. With round 54 too and its classes (6,740 mentions,
# 4,130 positives): lower 0.9881 / 0.8022, upper 0.9878 / 0.8024, quoted 0.9944 / 0.8203,
# title 0.9860 / 0.8031; the recall thresholds went under those. With round 55 too and its
# classes (6,848 mentions, 4,215 positives): lower 0.9888 / 0.8133, upper 0.9885 / 0.8135,
# quoted 0.9949 / 0.8263, title 0.9878 / 0.8088. With round 56 too (before its classes;
# 6,965 mentions, 4,299 positives): lower 0.9879 / 0.8137, upper 0.9876 / 0.8139, quoted
# 0.9938 / 0.8267, title 0.9869 / 0.8088. With round 57 too, after round 56's classes
# (7,077 mentions, 4,359 positives): lower 0.9866 / 0.8135, upper 0.9864 / 0.8137, quoted
# 0.9926 / 0.8268, title 0.9857 / 0.8087. After reg57 and the session's later classes (4,370
# positives): lower 0.9878 (3,562 right, 44 wrong) / 0.8151, upper 0.9875 / 0.8153; then a
# word that spells another town whole is that town in a text of one case too ("il
# penitenziario di pokrov"): lower 0.9900 (3,562 right, 36 wrong) / 0.8151, upper 0.9897 /
# 0.8153, quoted 0.9940 / 0.8293, title 0.9886 / 0.8108; and a town before its region in such
# a text ("в черте покрова владимирской области"): lower 0.9903 (35 wrong), upper 0.9900, title
# 0.9888.
MESSY_TEXT_THRESHOLDS = {"lower": (0.983, 0.802), "upper": (0.983, 0.802),
                         "quoted": (0.988, 0.820), "title": (0.978, 0.803)}
MESSY = {"lower": str.lower, "upper": str.upper, "quoted": lambda s: f"«{s}»",
         "title": str.title}


@pytest.mark.parametrize("how", sorted(MESSY_TEXT_THRESHOLDS))
def test_real_text_typed_otherwise_keeps_precision_and_recall(matcher, how):
    rows = [{**r, "mention": MESSY[how](r["mention"])} for r in _real_rows("dev")]
    precision, recall, _ = _score_real(matcher, rows)
    print(f"\nreal text (dev, {how}): precision {precision:.3f}, recall {recall:.3f}")
    want_p, want_r = MESSY_TEXT_THRESHOLDS[how]
    assert precision >= want_p and recall >= want_r


# --- one test per class of phrasing that real text uses (issue 8) -------------------------

@pytest.mark.parametrize("ref, fid", [
    ("катівня в селі Граково", "ua-kharkiv-hrakove-torture-site"),
    ("секретная тюрьма «Изоляция» в Донецке", "ua-donetsk-donetsk-izolyatsia"),
    ("the illegal prison known as Izolyatsia, a former art centre in Donetsk",
     "ua-donetsk-donetsk-izolyatsia"),
    ("так званий фільтраційний табір у селі Безіменне", "ua-donetsk-bezimenne-filtration"),
    ("застінок на агрегатному заводі у Вовчанську", "ua-kharkiv-vovchansk-aggregate-plant"),
    ("a makeshift torture chamber under the railway station in Trostianets",
     "ua-sumy-trostianets-railway-station"),
])
def test_descriptive_words_do_not_block_a_match(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_kind_of_the_same_family_matches_loosely_and_says_so(matcher):
    for ref, fid in (("the school in Bezimenne", "ua-donetsk-bezimenne-filtration"),
                     ("спецприёмник «Сахарово»", "ru-moscow-oblast-sakharovo-tsvsig"),
                     ("СИЗО в Оленовке", "ua-donetsk-olenivka-ik-120")):
        got = matcher.match(ref)
        assert (got.match_status, got.facility_id) == ("matched", fid), (ref, got)
        assert "loosely" in got.match_reason, got
    exact = matcher.match("колония в Оленовке")
    assert exact.match_score > matcher.match("СИЗО в Оленовке").match_score


def test_a_kind_of_another_family_or_an_official_designation_rules_out(matcher):
    # a filtration point is not the police building, the only facility in Mariupol
    got = matcher.match("пункт фільтрації у Маріуполі")
    assert got.match_status == "unmatched" and "ua-donetsk-mariupol-central-police" in \
        got.match_reason, got
    # "IK-1" is an official kind and number: not SIZO-1 of the same town
    assert matcher.match("ИК-1 Курск").match_status == "unmatched"


def test_false_kind_words(matcher):
    assert parse("в тимчасово окупованому Херсоні").kinds == frozenset()
    assert parse("временно оккупированной Херсонской области").kinds == frozenset()
    assert parse("Medical Correctional Institution No. 3, Chelyabinsk").kinds == {"hospital"}
    got = matcher.match("колонії в тимчасово окупованому селищі Оленівка")
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got


def test_region_adjectives_are_not_the_regional_capital(matcher):
    got = matcher.match("torture chamber in Chaplynka, Kherson region")
    assert got.facility_id == "ua-kherson-chaplynka-police", got
    got = matcher.match("слідчий ізолятор у селі Чонгар Херсонської області")
    assert got.facility_id == "ua-kherson-chonhar-sizo", got
    got = matcher.match("в Старобешево Донецкой области, где проходит фильтрация")
    assert got.facility_id == "ua-donetsk-starobesheve-filtration", got
    got = matcher.match("СИЗО Ростовской области")  # the region's SIZOs, not Rostov's
    assert got.match_status == "ambiguous" and "ru-rostov-taganrog-sizo-2" in \
        got.match_reason, got


def test_a_landmark_is_not_the_facility_town(matcher):
    for ref, fid in (("колония в селе Еленовка под Донецком", "ua-donetsk-olenivka-ik-120"),
                     ("the police station in Kakhovka, near Kherson",
                      "ua-kherson-kakhovka-police"),
                     ("the colony in Stara Zburivka, 50 kilometres from Kherson",
                      "ua-kherson-stara-zburivka-ik-7")):
        got = matcher.match(ref)
        assert got.facility_id == fid, (ref, got)


def test_a_town_before_a_comma_is_not_the_street_name_after_it(matcher):
    # round 56: the town, then its street and house; "улица Ленина" is in many towns
    got = matcher.match("Макеевка, улица Ленина, 123, подвал бывшего отдела налоговой милиции")
    assert got.facility_id == "ua-donetsk-makiivka-tax-police-basement", got
    assert [(w.raw, w.ctx) for w in parse("Макеевка, улица Ленина, 123").words] == [
        ("Макеевка", "place"), ("Ленина", "street")]
    # ... and a word after "г." that spells a town of another region is that town, whatever
    # its shape: Zverevo IK-1's khutor Трудовой is not the town Трудовое (Primorsky Krai),
    # Kharp's "Полярный волк" not the town Полярный (Murmansk oblast)
    for ref in ("колония, г. Трудовое", "колония, г. Полярный", "СИЗО, г. Полярный"):
        assert matcher.match(ref).match_status != "matched", ref


@pytest.mark.parametrize("ref", [
    # a distance in words: the town after it is a landmark (round 56, Spanish)
    "una escuela en Bezimenne, municipio ocupado situado a unos treinta kilómetros de Mariúpol",
    "a school in Bezimenne, an occupied village about thirty kilometres from Mariupol",
    "школа в Безименном, в тридцати километрах от Мариуполя",
    "школу в Безіменному, за кілька кілометрів від Маріуполя",
])
def test_a_distance_in_words_makes_a_landmark(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-bezimenne-filtration")


def test_house_numbers_counts_and_distances_are_not_facility_numbers(matcher):
    for text in ("вул. Вокзальна, 12", "ул. Лесная, 3-А", "62 Shchorsa Street",
                 "до 700 полонених", "50 kilometers from Kherson"):
        assert parse(text).number is None, text
    assert parse("СИЗО-2, 175 Lenina Street, Taganrog").number == 2
    got = matcher.match("The SSU building at 62 Shchorsa Street")
    assert got.facility_id == "ua-donetsk-donetsk-former-sbu-shchorsa", got
    got = matcher.match("будівля поліції на вулиці Енергетиків №3 у Херсоні")
    assert got.facility_id == "ua-kherson-kherson-ivs", got
    # a street name alone is in every town
    assert matcher.match("вул. Вокзальна, 12").match_status == "unmatched"


def test_a_stated_number_and_a_registry_row_without_one(matcher):
    # the registry knows the SIZO in Starobilsk without its number: a stated number does not
    # exclude it when the town and kind single it out ... (Sukhodolsk's colony stood here
    # until branch i8reg recorded its number, 36, from Russian Inferno; the Bryansk SIZO until
    # branch regnum recorded its number, 1, from novozybkov.su)
    got = matcher.match("СІЗО-2 Старобільськ")
    assert got.facility_id == "ua-luhansk-starobilsk-sizo", got
    assert "records no number" in got.match_reason
    assert matcher.match("СИЗО-1 Брянск").facility_id == "ru-bryansk-bryansk-sizo"
    assert matcher.match("Sukhodilsk Penal Colony No. 36").facility_id == \
        "ua-luhansk-sukhodolsk-colony"
    # ... but not when another facility of that kind and town has a number
    got = matcher.match("из ростовского СИЗО-7")
    assert got.match_status == "unmatched" and "ru-rostov-rostov-on-don-sizo-4" in \
        got.match_reason, got
    # a region adjective over two colonies of one kind is a choice the text does not make
    got = matcher.match("в Тульской колонии")
    assert got.match_status == "ambiguous" and "ru-tula-donskoy-ik-1" in got.match_reason


@pytest.mark.parametrize("text, n", [("друге СІЗО", 2), ("второй СИЗО", 2),
                                     ("the second SIZO", 2), ("шестой отдел", 6),
                                     ("шостий відділ поліції", 6), ("другой СИЗО", None),
                                     ("СИЗО", None)])
def test_ordinal_words_are_facility_numbers_next_to_a_kind(text, n):
    assert parse(text).number == n


def test_ordinals_place_the_facility(matcher):
    assert matcher.match("друге СІЗО у Сімферополі").facility_id == \
        "ua-crimea-simferopol-sizo-2"
    assert matcher.match("в здании бывшего шестого отдела на улице Чернышевского, Мелитополь"
                         ).facility_id == "ua-zaporizhzhia-melitopol-6th-department"


def test_a_sizo_named_by_a_capital_the_registry_has_nothing_in_is_the_city_or_region(matcher):
    # "в Пермском СИЗО" was once read as Perm krai's one registry SIZO (Kizel's); real text
    # labellers read "Пермский СИЗО" and "смоленский СИЗО" as the city's own SIZO-1, which the
    # registry lacks (dev rounds 30-31): the city, or loosely the region, is ambiguous
    for ref in ("в Пермском СИЗО", "смоленский СИЗО"):
        got = matcher.match(ref)
        assert got.match_status == "ambiguous", got
        assert "may be the city" in got.match_reason


@pytest.mark.parametrize("ref, fid", [
    ("Бутирка", "ru-moscow-butyrka-sizo-2"),
    ("Лефортовський слідчий ізолятор", "ru-moscow-lefortovo-sizo"),
    ("у таганрозькому СІЗО", "ru-rostov-taganrog-sizo-2"),
    ("Makeyevka Penal Colony No. 32", "ua-donetsk-makiivka-colony-32"),
    ("Sverdlovsk Penal Colony No. 38", "ua-luhansk-dovzhansk-colony-38"),
])
def test_declension_and_other_spellings(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_an_unknown_town_in_a_region_adjective_is_not_matched(matcher):
    assert matcher.match("в саратовском изоляторе").match_status == "unmatched"


@pytest.mark.parametrize("ref", [
    "Таганрозький ізоля-\nтор №2", "СІЗО\u00a0№\u00a02 Таганрог", "СИЗО&nbsp;№2 Таганрог",
    "Таган\u00adрозький СІЗО №2", "СИЗО-2 &laquo;Таганрог&raquo;", "“Таганрог” СИЗО-2",
    "СИЗО—2 Таганрог",
])
def test_text_artefacts(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ru-rostov-taganrog-sizo-2", got


@pytest.mark.parametrize("ref, fid", [
    ("СБУ Ізюм", "ua-kharkiv-izium-sbu"), ("SSU building in Izium", "ua-kharkiv-izium-sbu"),
    ("Служба безпеки України, Ізюм", "ua-kharkiv-izium-sbu"),
    ("ЗАЕС", "ua-zaporizhzhia-znpp-industrial-zone"),
    ("ZNPP", "ua-zaporizhzhia-znpp-industrial-zone"),
    ("катівня на Запорізькій АЕС", "ua-zaporizhzhia-znpp-industrial-zone"),
    ("ИВС Мелитополь", "ua-zaporizhzhia-melitopol-ivs"),
    ("ІТТ Мелітополь", "ua-zaporizhzhia-melitopol-ivs"),
    ("подвалы МГБ в Алчевске", "ua-luhansk-alchevsk-mgb-basement"),
    ("Луганську ОДА", "ua-luhansk-luhansk-oda-basement"),
])
def test_acronyms_in_any_script(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_an_unknown_quoted_or_proper_name_blocks_a_match_on_place(matcher):
    # (an invented name: "«Полярная сова»" stood here until Kharp IK-18 joined the registry)
    for ref in ("исправительная колония в Харпе, известная как «Северное сияние»",
                "Пленные в поселке Купянск-Узловой",
                "Колония в Курской области посёлок Хомутовка"):
        got = matcher.match(ref)
        assert got.match_status == "unmatched" and "aliases" in got.match_reason, (ref, got)


def test_every_unplaced_reference_says_what_to_do(matcher):
    rows = _real_rows("dev")
    for r in rows:
        got = matcher.match(r["mention"])
        if got.match_status != "matched":
            assert len(got.match_reason) > 20, (r["mention"], got)
        if got.match_status == "ambiguous":  # names the candidates and what would decide
            assert got.match_reason.count("-") >= 2, (r["mention"], got)
            assert any(s in got.match_reason for s in ("fit equally", "points to",
                                                       "more than one", "several places"))


def test_aliases_edited_in_place_take_effect_at_once(layer):
    from mapper.match import matcher_for

    table = layer.copy()
    # an invented other name, in a town with one facility (Kharp has two colonies since
    # branch i8reg, and "Полярна" is a word of both their names; Novotroitsk's colony has a
    # namesake since reg17, Kherson oblast's Novotroitske, which a source calls "Novotroitsk")
    ref = "«Зоряна», Кызыл"
    assert matcher_for(table).match(ref).match_status == "unmatched"
    i = table.index[table["id"] == "ru-tyva-kyzyl-ik-1"][0]
    table.at[i, "aliases"] = [*table.at[i, "aliases"], "«Зоряна»"]
    got = matcher_for(table).match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-tyva-kyzyl-ik-1")
    assert matcher_for(table) is matcher_for(table.copy())  # same content, same matcher


@pytest.fixture
def new_run(tmp_path, monkeypatch):
    """A cache folder of its own, and no matcher in memory, as when a new run starts."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(folder))
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    yield folder
    match_cache._code_fingerprint.cache_clear()  # after any test that edited the files


def _no_build(*args, **kwargs):
    raise AssertionError("built, not read from the cache")


def test_built_matcher_is_read_back_by_the_next_run(layer, new_run, monkeypatch):
    assert match_cache.matcher_for(layer).match("IK-1 Kyzyl").match_status == "matched"
    assert len(list(new_run.glob("matcher-*.pickle"))) == 1
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    monkeypatch.setattr(Matcher, "__init__", _no_build)
    got = match_cache.matcher_for(layer).match("СИЗО-2 Таганрога")
    assert (got.match_status, got.facility_id) == ("matched", "ru-rostov-taganrog-sizo-2")


def test_gazetteer_tables_are_read_back_with_the_matcher(layer, new_run, monkeypatch):
    # a new run (and each of its forked workers) would otherwise read the gazetteer again
    import mapper.match.towns as towns
    import mapper.reference

    match_cache.matcher_for(layer)
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    monkeypatch.setattr(towns, "_TABLES", {})
    monkeypatch.setattr(mapper.reference, "gazetteer", _no_build)
    monkeypatch.setattr(mapper.reference, "neighbour_towns", _no_build)
    m = match_cache.matcher_for(layer)
    # a typo of a town is weighed against the gazetteer's towns; a plain village too
    got = m.match("СИЗО-2 Таганрогa")
    assert (got.match_status, got.facility_id) == ("matched", "ru-rostov-taganrog-sizo-2")
    assert m.match("школа в селі Зелене").match_status == "unmatched"


def test_cached_matcher_is_built_anew_when_an_alias_is_added(layer, new_run, monkeypatch):
    table = layer.copy()
    ref = "«Зоряна», Кызыл"  # an invented other name, as above
    assert match_cache.matcher_for(table).match(ref).match_status == "unmatched"
    i = table.index[table["id"] == "ru-tyva-kyzyl-ik-1"][0]
    table.at[i, "aliases"] = [*table.at[i, "aliases"], "«Зоряна»"]
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    got = match_cache.matcher_for(table).match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-tyva-kyzyl-ik-1")
    assert len(list(new_run.glob("matcher-*.pickle"))) == 2


def test_cached_matcher_is_built_anew_when_the_vocabulary_changes(layer, new_run,
                                                                   monkeypatch, tmp_path):
    match_cache.matcher_for(layer)
    voc = tmp_path / "match_vocabulary.toml"
    voc.write_bytes(match_cache.VOCABULARY_PATH.read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(match_cache, "VOCABULARY_PATH", voc)
    match_cache._code_fingerprint.cache_clear()
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    match_cache.matcher_for(layer)
    assert len(list(new_run.glob("matcher-*.pickle"))) == 2


def test_cached_matcher_is_built_anew_when_a_reference_table_changes(layer, new_run,
                                                                     monkeypatch, tmp_path):
    import mapper.paths

    match_cache.matcher_for(layer)
    ref = tmp_path / "reference"
    ref.mkdir()
    for f in mapper.paths.reference_dir().glob("*.csv"):
        (ref / f.name).write_bytes(f.read_bytes())
    with open(ref / "towns_neighbours.csv", "a", encoding="utf-8") as fh:
        fh.write("0,Invented,BY,10000,,\n")
    monkeypatch.setattr(mapper.paths, "reference_dir", lambda: ref)
    match_cache._code_fingerprint.cache_clear()
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    match_cache.matcher_for(layer)
    assert len(list(new_run.glob("matcher-*.pickle"))) == 2


def test_cache_folder_keeps_only_the_newest_matchers(layer, new_run):
    new_run.mkdir()
    for i in range(12):  # left by earlier versions of the registry or the code
        old = new_run / f"matcher-old{i:02d}.pickle"
        old.write_bytes(b"")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    match_cache.matcher_for(layer)
    kept = sorted(p.name for p in new_run.glob("matcher-*.pickle"))
    assert len(kept) == match_cache._CACHE_KEEP == 8
    assert "matcher-old11.pickle" in kept and "matcher-old04.pickle" not in kept


def test_damaged_cache_file_is_rebuilt_and_replaced(layer, new_run, monkeypatch):
    match_cache.matcher_for(layer)
    (path,) = new_run.glob("matcher-*.pickle")
    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(match_cache, "_MATCHERS", {})
    got = match_cache.matcher_for(layer).match("СИЗО-2 Таганрога")
    assert got.facility_id == "ru-rostov-taganrog-sizo-2"
    assert path.read_bytes() != b"not a pickle"


@pytest.mark.parametrize("value", ["off", ""])
def test_matcher_cache_can_be_turned_off(layer, new_run, monkeypatch, tmp_path, value):
    monkeypatch.setenv("MAPPER_CACHE_DIR", value)
    monkeypatch.chdir(tmp_path)  # not a folder named "off", nor the working folder
    assert match_cache.matcher_for(layer).match("IK-1 Kyzyl").match_status == "matched"
    assert not list(tmp_path.iterdir())


def test_unwritable_cache_folder_costs_only_the_build(layer, new_run, monkeypatch):
    new_run.write_text("a file where the folder should be")
    got = match_cache.matcher_for(layer).match("СИЗО-2 Таганрога")
    assert got.facility_id == "ru-rostov-taganrog-sizo-2"


def test_researchers_extend_the_vocabulary_in_the_data_file(layer, tmp_path):
    from mapper.match import VOCABULARY_PATH, load_vocabulary

    # (Hrakove has one registry site; Trostianets, the example until reg45, now has two)
    ref = "«Гауптвахта» у Граковому"
    assert Matcher(layer).match(ref).match_status == "unmatched"
    text = VOCABULARY_PATH.read_text(encoding="utf-8").replace(
        'descriptive = [\n', 'descriptive = [\n  "гауптвахта",\n', 1)
    custom = tmp_path / "vocabulary.toml"
    custom.write_text(text, encoding="utf-8")
    got = Matcher(layer, vocabulary=load_vocabulary(str(custom))).match(ref)
    assert got.facility_id == "ua-kharkiv-hrakove-torture-site", got


# --- classes found in real text (round 1 held-out errors) --------------------------------

def test_a_kind_after_a_container_word_is_where_the_facility_is(matcher):
    # "СІЗО on the grounds of colony No. 1": a SIZO, and the number is the colony's
    p = parse("на території колонії №1 в Сімферополі з’явилося СІЗО №2")
    assert p.kinds == {"sizo"} and p.number == 2 and ("colony", 1) in p.landmarks
    got = matcher.match("на території колонії №1 в Сімферополі з’явилося СІЗО №2")
    assert got.facility_id == "ua-crimea-simferopol-sizo-2", got
    # the registry notes the same ("... No. 2 (at penal colony No. 1)"): that decides
    got = matcher.match("Новий СІЗО відкрили на території виправної колонії № 1 у місті "
                        "Сімферополь")
    assert got.facility_id == "ua-crimea-simferopol-sizo-2", got


def test_a_number_for_one_facility_and_a_name_for_another_is_ambiguous(matcher, layer):
    # branch reg57 merged Makiivka's "Western" colony into colony No. 97 (three pages say
    # they are one): name and number now agree
    got = matcher.match("Западной исправительной колонии №97 в Макеевке")
    assert got.facility_id == "ua-donetsk-makiivka-colony-97", got
    # the rule, on the registry as it was before that merge: the Western colony as a row of
    # its own, with no number recorded
    table = layer.copy()
    row = table[table["id"] == "ua-donetsk-makiivka-colony-97"].iloc[[0]].copy()
    row["id"], row["official_number"] = "ua-donetsk-makiivka-western-colony", ""
    row["name_en"], row["name_uk"], row["name_ru"] = ("Western Penal Colony, Makiivka",
                                                       "Західна виправна колонія, Макіївка", "")
    row["aliases"] = [["Западная исправительная колония, Макеевка"]]
    i = table.index[table["id"] == "ua-donetsk-makiivka-colony-97"][0]
    table.at[i, "name_en"], table.at[i, "name_uk"], table.at[i, "name_ru"] = (
        "Penal Colony No. 97, Makiivka", "Виправна колонія №97, Макіївка", "")
    table.at[i, "aliases"] = []
    got = Matcher(pd.concat([table, row], ignore_index=True)).match(
        "Западной исправительной колонии №97 в Макеевке")
    assert got.match_status == "ambiguous", got
    assert "the name points to ua-donetsk-makiivka-western-colony" in got.match_reason, got
    assert "the number to ua-donetsk-makiivka-colony-97" in got.match_reason, got


def test_another_kind_needs_the_town_to_have_no_other_facility(matcher):
    # a military school in Donetsk is not Donetsk's filtration site, nor one elsewhere
    got = matcher.match("в помещениях бывшего Донецкого военно-политического училища")
    assert got.match_status == "unmatched", got
    # in Sedove the filtration camp is the only facility: "the camp" is it
    got = matcher.match("A separate camp for those who didnʼt pass the filtration was set "
                        "up in the village of Sedove")
    assert got.facility_id == "ua-donetsk-sedove-camp", got


def test_a_so_called_kind_in_quotes_is_loose(matcher):
    got = matcher.match("a “filtration” prison in Olenivka")
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got


def test_people_s_republics_are_regions(matcher):
    p = parse("a filtration camp in Nikolske, a town in the self-proclaimed Donetsk people's "
              "republic (DNR)")
    assert p.region_codes == {"UA-14"}
    got = matcher.match("a filtration camp in Nikolske, a town in the self-proclaimed "
                        "Donetsk people's republic (DNR)")
    assert got.facility_id == "ua-donetsk-nikolske-filtration", got


def test_a_hyphenated_district_is_one_region_name(matcher):
    got = matcher.match("до колонії в селищі Ударний Зубово-Полянського району")
    assert got.facility_id == "ru-mordovia-udarny-ik-10", got


def test_a_house_number_after_no_sign_and_a_street_with_the_kind(matcher):
    p = parse("будівля поліції із зеленим дахом на вулиці Енергетиків №3")
    assert p.number is None
    got = matcher.match("будівля поліції на вулиці Енергетиків №3")
    assert got.facility_id == "ua-kherson-kherson-ivs", got


def test_a_part_of_a_facility_carries_its_own_number(matcher):
    # block 3 of "Матроска" (SIZO-1), not a facility No. 3
    assert parse("камеру первого этажа третьего корпуса Матроски").number is None
    got = matcher.match("камеру первого этажа третьего корпуса Матроски")
    assert got.facility_id == "ru-moscow-matrosskaya-tishina-sizo-1", got
    # the number after a part word still belongs to the kind word that follows it
    assert parse("специальном бараке 97-й колонии в Макеевке").number == 97


def test_two_quoted_facilities_in_one_reference_are_ambiguous(matcher):
    got = matcher.match("оставить в СИЗО «Лефортово» и СИЗО «Матросская Тишина»")
    assert got.match_status == "ambiguous" and "ru-moscow-lefortovo-sizo" in \
        got.match_reason, got


def test_central_is_not_a_prison(matcher):
    # "централ" (a prison) is not "Центральний"/"Central District"
    # (a police word stands for the police building and the IVS in its cells alike)
    assert parse("Центральний райвідділ поліції").kinds == {"police", "ivs"}
    got = matcher.match("У Маріуполі окупанти поспішають перетворити філармонію на в’язницю")
    assert got.match_status == "unmatched", got
    got = matcher.match("Его еще называют иркутским централом")
    assert got.facility_id == "ru-irkutsk-irkutsk-sizo-1", got


def test_fleeting_vowels_and_adjectives_in_ck(matcher):
    got = matcher.match("в Торжке, в мужской исправительной колонии №4 общего режима")
    assert got.facility_id == "ru-tver-torzhok-ik-4", got
    assert stem("иркутским") == stem("Иркутск")


def test_an_adjective_before_a_street_word_is_a_street_not_a_town(matcher):
    # "Кировский проспект" in Rostov is a street: not the town of Kirov and its SIZO-1
    got = matcher.match("Ростовский следственный изолятор на Кировском проспекте")
    assert got.match_status == "ambiguous", got
    assert "ru-kirov-kirov-sizo-1" not in got.match_reason
    assert "ru-rostov-rostov-on-don-sizo-1" in got.match_reason


def test_a_town_written_right_beats_one_reached_through_a_typo(matcher):
    # "Краснодона" is within two edits of Krasnodar; Sukhodolsk is named as it is
    got = matcher.match("У колонії в Суходольську (околиця колишнього Краснодона)")
    assert (got.match_status, got.facility_id) == ("matched", "ua-luhansk-sukhodolsk-colony")


def test_a_sizo_word_is_not_the_prison_hospital_of_the_town(matcher):
    # Saratov's only facility in the registry is TB hospital OTB-1: "изолятор" is not it
    assert matcher.match("в саратовском изоляторе").match_status == "unmatched"


# "в херсонской колонии": Kherson Oblast has Kherson's colony 90 and Stara Zburivka's IK-7.
# The adjective names the region as much as its capital (issue 8, rule 4), so it is region
# evidence; the town written as a town ("Брянска", "в Брянске", "Bryansk") stays the town.
# Written with a capital inside the text, right before its kind word, the adjective is the
# institution's name ("в Брянском СИЗО": the Bryansk SIZO; round 6's labels, issue rule 6);
# and before one SIZO word, in any case, it is the town's SIZO: a town's SIZO is called by its
# town, the region's others by theirs (Novozybkov's SIZO-2; tests/data/relabels_review16.csv;
# the sixteenth session reversed "Брянский СИЗО" and "в брянском сизо", ambiguous before).
@pytest.mark.parametrize("ref, status, fid", [
    ("в Брянском СИЗО", "matched", "ru-bryansk-bryansk-sizo"),
    ("Брянский СИЗО", "matched", "ru-bryansk-bryansk-sizo"),
    ("в брянском сизо", "matched", "ru-bryansk-bryansk-sizo"),
    ("в херсонской колонии", "ambiguous", ""),  # Kherson's colony 90, Stara Zburivka IK-7
    ("Брянский СИЗО-2", "matched", "ru-bryansk-novozybkov-sizo-2"),  # the number decides
    ("СИЗО Брянска", "matched", "ru-bryansk-bryansk-sizo"),
    ("в СИЗО в Брянске", "matched", "ru-bryansk-bryansk-sizo"),
    ("Bryansk SIZO", "matched", "ru-bryansk-bryansk-sizo"),
    ("у Херсоні в СІЗО", "matched", "ua-kherson-kherson-sizo"),
    ("в Таганрогском СИЗО", "matched", "ru-rostov-taganrog-sizo-2"),  # not a capital
])
def test_a_capital_s_adjective_is_region_evidence(matcher, ref, status, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (status, fid), got


def test_a_region_adjective_falls_back_to_the_region(matcher):
    # Kursk city has only its SIZO; Malaya Loknya IK-11 is the oblast's one colony (Saratov
    # stood here until branch i8reg added the strict-regime colony in Saratov city: the
    # oblast now has two colonies, and "саратовская колония" is a choice)
    for ref in ("в Курской колонии", "курская колония"):
        got = matcher.match(ref)
        assert (got.match_status, got.facility_id) == ("matched",
                                                       "ru-kursk-malaya-loknya-ik-11"), got
        assert "by region" in got.match_reason
    assert matcher.match("саратовская колония").match_status == "ambiguous"
    # the town written as a town is the town
    assert matcher.match("Saratov colony").facility_id == "ru-saratov-saratov-strict-colony"


def test_a_word_naming_a_large_town_is_not_a_typo_of_another(matcher):
    # Krasnodon (Sorokyne, Luhansk Oblast, ~50,000 people) is two edits from Krasnodar
    for ref, word in (("колония Краснодон", "Краснодон"), ("ИК-14 Краснодон", "Краснодон"),
                      ("колонія у Краснодоні", "Краснодоні")):
        got = matcher.match(ref)
        assert got.match_status == "unmatched", (ref, got)
        # the word as written, to add as a spelling (or, being a town, to add a facility at)
        assert f"({word})" in got.match_reason or f"names {word} (" in got.match_reason
    # a typo that names no large town is still tolerated, and the town itself matches
    for ref in ("колония №14 Краснадар", "колония №14 Краснодар"):
        got = matcher.match(ref)
        assert got.facility_id == "ru-krasnodar-krasnodar-ik-14", (ref, got)
    # a spelling that is a town in the facility's own region ("Оленовка", Donetsk Oblast)
    assert matcher.match("в Оленовке").facility_id == "ua-donetsk-olenivka-ik-120"


def test_a_region_word_does_not_reach_back_across_a_comma(matcher):
    # "Komsomolski" is the microdistrict of Donskoy (IK-1's address), not a region
    got = matcher.match("W kolonii karnej w osiedlu Komsomolski, w obwodzie tulskim")
    assert (got.match_status, got.facility_id) == ("matched", "ru-tula-donskoy-ik-1"), got
    # without the microdistrict the Tula region has two colonies
    assert matcher.match("w kolonii w obwodzie tulskim").match_status == "ambiguous"


def test_an_ordinal_unit_on_its_street_is_the_facility(matcher):
    got = matcher.match("в здании бывшего шестого отдела на улице Чернышевского")
    assert got.facility_id == "ua-zaporizhzhia-melitopol-6th-department", got
    # another ordinal, or the street alone, is not it
    assert matcher.match("в здании бывшего пятого отдела на улице Чернышевского"
                         ).match_status == "unmatched"
    assert matcher.match("на улице Чернышевского").match_status == "unmatched"


def test_the_ukrainian_locative_consonant_change(matcher):
    # Таганрог → у Таганрозі (г/з); a town written right no longer outranks it (Taganrog has
    # two registry places since branch i8reg: the SIZO and the Taganrog Hotel point)
    got = matcher.match("у Таганрозі")
    assert got.match_status == "ambiguous" and "typo" not in got.match_reason, got
    assert "ru-rostov-taganrog-sizo-2" in got.match_reason
    assert matcher.match("у СІЗО в Таганрозі").facility_id == "ru-rostov-taganrog-sizo-2"
    got = matcher.match("пройшла полон в Оленівці та Таганрозі")
    assert got.match_status == "ambiguous", got
    assert "ru-rostov-taganrog-sizo-2" in got.match_reason
    assert "ua-donetsk-olenivka-ik-120" in got.match_reason


# --- the classes of round 4's wrong matches (precision first): invented examples of each shape

@pytest.mark.parametrize("ref, fid", [  # (Taganrog stood here; it has two places since i8reg)
    ("Спортзал в Курске", "ru-kursk-kursk-sizo-1"),
    ("a sports hall in Kursk", "ru-kursk-kursk-sizo-1"),
    ("Стадион в Оленовке", "ua-donetsk-olenivka-ik-120"),
])
def test_another_kind_of_place_heading_the_text_blocks_a_match_by_town(matcher, ref, fid):
    got = matcher.match(ref)
    assert got.match_status == "unmatched"
    assert "another kind of place" in got.match_reason and fid in got.match_reason


def test_another_kind_of_place_matches_a_facility_of_that_kind(matcher):
    assert matcher.match("СИЗО в Таганроге").facility_id == "ru-rostov-taganrog-sizo-2"
    # the registry's garage in Stakhanov is a garage: its names carry the word
    got = matcher.match("гараж у Стаханові")
    assert (got.match_status, got.facility_id) == ("matched",
                                                   "ua-luhansk-stakhanov-garage-2014")


@pytest.mark.parametrize("ref", ["колония общего режима в Иркутске",
                                 "a strict regime colony in Irkutsk",
                                 "исправительная колония строгого режима в Таганроге"])
def test_a_firmly_stated_kind_is_not_matched_loosely_to_another(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched"
    assert "no penal colony at that place" in got.match_reason


@pytest.mark.parametrize("ref", ["Из московской тюрьмы строгого режима Лефортово",
                                 "a strict-regime prison, Lefortovo"])
def test_a_firmly_stated_kind_yields_to_the_facility_s_own_proper_name(matcher, ref):
    # a town and a firm kind are not a SIZO (above); the SIZO's own name is: the reporter
    # calls Lefortovo a strict-regime prison, loosely
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-moscow-lefortovo-sizo"), got
    assert "loosely" in got.match_reason, got


def test_a_plain_colony_word_still_matches_the_town_s_only_facility_loosely(matcher):
    # issue 8, rule 2: officials mix the kinds; in a small town the registry's only facility
    # may be meant (in a city of 100,000 or more, not: see
    # test_a_colony_in_a_large_city_is_not_its_sizo)
    got = matcher.match("колония в Новозыбкове")
    assert got.facility_id == "ru-bryansk-novozybkov-sizo-2" and "loosely" in got.match_reason


def test_two_towns_in_one_reference_are_ambiguous(matcher):
    # (Kursk: since branch i8reg Taganrog has a refugee point that a filtration word fits)
    got = matcher.match("фільтраційний табір у Нікольському, потім Курськ")
    assert got.match_status == "ambiguous"
    assert "more than one place" in got.match_reason and "Kursk" in got.match_reason
    # a colony named after the nearby town is one place, not two
    assert matcher.match("Volnovakha colony in Olenivka").facility_id == \
        "ua-donetsk-olenivka-ik-120"


@pytest.mark.parametrize("ref", ["в Таганрогском посёлке", "у Маріупольському селищі"])
def test_an_adjective_before_a_settlement_word_is_that_settlement_s_name(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "not in the registry" in got.match_reason
    assert matcher.match("в посёлке Еленовка").facility_id == "ua-donetsk-olenivka-ik-120"


# (in Hrakove, which has one registry site: Trostianets, the example until reg45, has two)
@pytest.mark.parametrize("ref", ["три катівні в Граковому",
                                 "two torture chambers in Hrakove",
                                 "несколько пыточных в Гракове"])
def test_a_count_of_places_is_no_one_facility(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "several places" in got.match_reason
    assert matcher.match("a torture chamber under the railway station in Trostianets"
                         ).facility_id == "ua-sumy-trostianets-railway-station"


def test_a_count_of_parts_is_still_one_facility(matcher):
    assert matcher.match("два підвали у Козачій Лопані").facility_id == \
        "ua-kharkiv-kozacha-lopan-torture-sites"


@pytest.mark.parametrize("ref", ["в центрах временного содержания иностранцев",
                                 "in Russian prisons"])
def test_a_generic_plural_without_a_town_is_unmatched(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and got.match_reason
    # with a town, a plural is the facility there ("the filtration camps in Bezimenne")
    assert matcher.match("the filtration camps in Bezimenne").facility_id == \
        "ua-donetsk-bezimenne-filtration"


@pytest.mark.xfail(strict=True, reason=(
    "reg20's rows (the Bilohirsk IVS's 'изолятор временного содержания' aliases, two more "
    "Simferopol district police rows) send this text down the kind-only branch: still "
    "unmatched, but the reason no longer says 'a class of places' (the matcher's to word)"))
def test_a_plural_kind_names_a_class_of_places(matcher):
    got = matcher.match("в центрах временного содержания иностранцев")
    assert "'центрах' speaks of a class of places" in got.match_reason


def test_a_number_opening_the_text_is_a_count(matcher):
    assert matcher.match("21 are held in Lefortovo").facility_id == \
        "ru-moscow-lefortovo-sizo"
    assert parse("10th colony of strict regime").number == 10


def test_the_country_and_its_quarters_are_no_places(matcher):
    got = matcher.match("in a prison in the north-east of the country")
    assert got.match_status == "unmatched"


def test_lefortovo_and_butyrka_are_both_fsin_sizo_2(matcher):
    # registry: Lefortovo's official number 2 (agentura.ru profile "ФКУ СИЗО № 2 ФСИН России")
    got = matcher.match("detention center No. 2 in Moscow")
    assert got.match_status == "ambiguous"
    assert {"ru-moscow-butyrka-sizo-2", "ru-moscow-lefortovo-sizo"} <= set(
        got.match_reason.replace(";", " ").split())


@pytest.mark.parametrize("ref", ["the Rostov region’s Detention Center No. 1",
                                 "Detention Center 1 of the Rostov region"])
def test_a_numbered_detention_centre_is_not_a_colony(matcher, ref):
    # English "detention centre" is a SIZO's (or an IVS's, a TsVSIG's) name, never a numbered
    # colony's: Rostov oblast's SIZO-1, not its IK-1 in Zverevo (dev rows of rounds 45 and 46)
    assert matcher.match(ref).facility_id == "ru-rostov-rostov-on-don-sizo-1"
    # a detention facility, or a penitentiary establishment, may still be a colony
    assert matcher.match("a detention facility in Salavat, Russia").match_status == "ambiguous"


@pytest.mark.parametrize(("ref", "fid"), [
    ("former SBU building in Luhansk", "ua-luhansk-luhansk-sbu-building-2014"),
    ("в підвалах так званого «МГБ ЛНР» у Луганську", ""),
    ("the former tax police building at Hradusova Street in Luhansk",
     "ua-luhansk-luhansk-mgb-hradusova")])
def test_the_luhansk_sbu_building_is_one_row_and_the_mgbs_first_seat_another(matcher, ref, fid):
    # reg61 merged the 2014 seized-building row and the 'MGB LNR' basements row (one building,
    # 79 Radyanska St); the MGB's seat until January 2016 (Hradusova St) is its own row, so an
    # undated "MGB LNR" in Luhansk fits both
    got = matcher.match(ref)
    assert got.facility_id == fid, got
    if not fid:
        assert got.match_status == "ambiguous", got


def test_a_lower_case_word_in_a_text_with_capitals_is_no_name_to_misspell(matcher):
    # the town written with its capital, or a text typed all in lower case: a typo is read
    # ("Оленовка" for the registry's Оленівка / Еленовка; Horlivka, the example until reg17,
    # now has a Russian spelling in a name, «Горловского ОБОПа», so it is no typo)
    olenivka = "ua-donetsk-olenivka-ik-120"
    assert matcher.match("В колонии в Оленовке").facility_id == olenivka
    assert matcher.match("в колонии в оленовке").facility_id == olenivka
    # a lower-case word in a text that uses capitals is a common word, not a misspelt town
    got = matcher.match("В колонии в оленовке")
    assert got.match_status == "unmatched" and "(оленовке)" in got.match_reason


def test_a_part_of_a_towns_name_is_written_as_a_name(matcher):
    # one word of a two-word town, in a text that uses capitals, only when written as a name:
    # "проходит" (goes on) is not (part of) Velyki Prokhody
    got = matcher.match("в Старобешево Донецкой области, где проходит фильтрация")
    assert got.facility_id == "ua-donetsk-starobesheve-filtration", got
    assert matcher.match("в Проходах").facility_id == "ua-kharkiv-velyki-prokhody-village-council"


def test_a_street_in_a_facilitys_name_is_a_street(matcher):
    # "14 Molodizhna St" in a name is a street, as in an address: the village of Molodizhne
    # is not that prison, and a street with no town stays unmatched, naming who is on it
    got = matcher.match("a basement in Molodizhne, outside Olenivka")
    assert got.facility_id != "ua-donetsk-donetsk-mgb-molodizhna-14", got
    got = matcher.match("в подвале СБУ на Щорса")
    assert got.match_status == "unmatched" and "ua-donetsk-donetsk-former-sbu-shchorsa" in \
        got.match_reason, got
    got = matcher.match("тайная тюрьма МГБ на улице Молодежной в Донецке")
    assert got.facility_id == "ua-donetsk-donetsk-mgb-molodizhna-14", got


# --- the classes of round 5's wrong matches and misses (precision first): invented examples of
# each shape, never the round-5 mentions themselves

@pytest.mark.parametrize("ref", [
    "табір для військовополонених росіян у Львівській області",
    "СИЗО в Курске, где содержатся пленные российские солдаты",
    "a camp for Russian prisoners of war in western Ukraine",
])
def test_a_place_holding_russian_prisoners_is_never_matched(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert "Russian prisoners" in got.match_reason


def test_a_place_in_ukraine_s_custody_is_never_matched(matcher):
    got = matcher.match("в ІТТ Херсона, де утримують колаборантів")
    assert got.match_status == "unmatched" and "Ukraine's custody" in got.match_reason
    # Ukrainian prisoners are who the registry is about
    assert matcher.match("лагерь для украинских пленных в Еленовке").facility_id == \
        "ua-donetsk-olenivka-ik-120"


def test_a_plural_kind_word_is_no_kind_of_the_place(matcher):
    got = matcher.match("вывезли из колоний Херсона")
    assert got.match_status == "ambiguous", got
    # the singular kind decides: "колоний" is where they had been
    got = matcher.match("вышли из колоний, а теперь их держат в спецприемнике в Тамбове")
    assert got.facility_id == "ru-tambov-special-detention-centre", got
    assert matcher.match("the filtration camps in Bezimenne").facility_id == \
        "ua-donetsk-bezimenne-filtration"
    # "one of" the places is one place
    assert matcher.match("один з таких таборів діє у селі Безіменне").facility_id == \
        "ua-donetsk-bezimenne-filtration"


def test_places_listed_one_after_another_are_ambiguous(matcher):
    got = matcher.match("у відділку поліції, в ізоляторі тимчасового тримання в Балаклії")
    assert got.match_status == "ambiguous" and "lists several places" in got.match_reason
    # two places joined by "and": kinds, or a kind and a named building
    for ref in ("в СИЗО и колонии Кирова", "in the police station and the SBU building in Izium"):
        assert matcher.match(ref).match_status == "ambiguous", ref
    # "or" joins two words for one place
    assert matcher.match("in the prison or colony of Olenivka").facility_id == \
        "ua-donetsk-olenivka-ik-120"
    # a kind word in a clause that lists nothing ("для тих, хто не пройшов фільтрацію")
    got = matcher.match("табір для тих, хто не пройшов фільтрацію, у селі Седове")
    assert got.facility_id == "ua-donetsk-sedove-camp", got


def test_a_police_word_also_names_the_ivs_in_its_cells(matcher, layer):
    # Kherson's police building and its IVS proved one site (branch reg): "a police station
    # in Kherson" is that row; with a second police-kind row in the town it is ambiguous
    assert matcher.match("a police station in Kherson").facility_id == "ua-kherson-kherson-ivs"
    ivs = layer[layer["id"] == "ua-kherson-kherson-ivs"]
    police = ivs.assign(id="x-kherson-police-building", name_en="Kherson police building",
                        name_uk=None, name_ru=None, address=None, official_number=None)
    police["aliases"] = [[]]
    got = Matcher(pd.concat([layer, police], ignore_index=True)).match(
        "a police station in Kherson")
    assert got.match_status == "ambiguous", got
    assert "ua-kherson-kherson-ivs" in got.match_reason
    assert "x-kherson-police-building" in got.match_reason
    assert matcher.match("ІТТ Херсона").facility_id == "ua-kherson-kherson-ivs"
    assert matcher.match("the police station in Izium").facility_id == "ua-kharkiv-izium-police"


def test_a_vague_kind_word_and_a_region_single_out_nothing(matcher):
    for ref in ("a prison in Kirov oblast", "a penal institution in the Kirov region"):
        assert matcher.match(ref).match_status == "unmatched", ref
    # a kind stated firmly may: the region's one colony in the registry
    assert matcher.match("колония в Кировской области").facility_id == \
        "ru-kirov-kirovo-chepetsk-ik-11"


def test_the_colony_a_sizo_stands_in_is_not_the_sizo(matcher):
    # registry: "Simferopol Pre-Trial Detention Centre No. 2 (at penal colony No. 1)"
    got = matcher.match("в симферопольской колонии")
    assert got.facility_id != "ua-crimea-simferopol-sizo-2", got
    assert matcher.match("СИЗО-2 Симферополя").facility_id == "ua-crimea-simferopol-sizo-2"


@pytest.mark.parametrize("ref, fid", [
    ("in der Strafkolonie in Oleniwka", "ua-donetsk-olenivka-ik-120"),
    ("im Gefangenenlager Oleniwka", "ua-donetsk-olenivka-ik-120"),
    ("im Untersuchungsgefängnis Nr. 2 in Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("un campamento de filtración en Bezimenne", "ua-donetsk-bezimenne-filtration"),
    ("la cárcel de Olenivka", "ua-donetsk-olenivka-ik-120"),
    ("w areszcie w Nowozybkowie", "ru-bryansk-novozybkov-sizo-2"),  # (Taganrog until i8reg)
    ("dans la prison d'Olenivka", "ua-donetsk-olenivka-ik-120"),
    ("Kursk's pretrial detention center", "ru-kursk-kursk-sizo-1"),
])
def test_kind_words_of_other_languages(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_german_kind_word_rules_out_another_kind(matcher):
    # a pre-trial prison is not the town's filtration site
    got = matcher.match("in ein Untersuchungsgefängnis nach Starobeschewe gebracht")
    assert got.match_status == "unmatched", got


def test_tuberculosis_is_a_hospital_kind_not_a_name(matcher):
    assert "hospital" in parse("колония для больных туберкулезом").kinds
    got = matcher.match("they were taken to a colony for those with tuberculosis")
    assert got.match_status == "unmatched", got


def test_common_words_alone_do_not_name_a_facility(matcher):
    got = matcher.match("They were held in a garage for a week")
    assert got.match_status == "unmatched" and "common word" in got.match_reason, got
    # ... next to a name the matcher cannot read (a misspelt town), they still point to it
    assert matcher.match("Baakliia printing office").facility_id == \
        "ua-kharkiv-balakliia-printing-office"


def test_a_word_after_a_name_blocks_only_where_the_name_goes_on(matcher):
    # not "Полярный волк" (IK-3); since branch i8reg "Полярная сова" is Kharp IK-18's own name
    assert matcher.match("Полярная сова").facility_id == "ru-yamalo-nenets-kharp-ik-18"
    got = matcher.match("In Bucha, Camp Radiant became a place of executions")
    assert got.facility_id == "ua-kyiv-bucha-promenystyi-camp", got


def test_a_short_name_in_another_case(matcher):
    # registry alias "Яма" (the Kherson police building, as residents call it)
    got = matcher.match("поліцейську будівлю в Херсоні прозвали «Ямою»")
    assert got.facility_id == "ua-kherson-kherson-ivs", got


@pytest.mark.parametrize("ref", ["в одесском подвале", "у одеській катівні"])
def test_a_town_adjective_is_no_case_of_a_short_acronym(matcher, ref):
    # "одеський" (of Odesa) keeps the key "ode" once its ending is cut: not a case of the
    # "ОДА" (a regional administration) that two Donbas sites are named by
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "oda" not in got.match_reason, got
    assert matcher.match("у Луганській ОДА").facility_id == "ua-luhansk-luhansk-oda-basement"


def test_a_kind_ruled_out_by_name_words_alone_names_no_place(matcher):
    # only a word of the Izium clinic's names points there, and the text names no town:
    # the reason must not speak of "that place"
    got = matcher.match("a medical clinic")
    assert got.match_status == "unmatched" and "at that place" not in got.match_reason, got
    assert "ua-kharkiv-izium-health-clinic" in got.match_reason, got


def test_the_district_of_the_address_is_region_evidence(matcher):
    # address: "Владимирская область, Ковровский район, п. Пакино"
    assert matcher.match("колония № 7 под Ковровом").facility_id == "ru-vladimir-pakino-ik-7"
    assert matcher.match("IK-7 in the Kovrov district").facility_id == \
        "ru-vladimir-pakino-ik-7"


def test_a_full_adjective_of_a_regional_capital_is_region_evidence(matcher):
    # "Курская" (adjective) and "Курска" (the town's genitive) share a skeleton
    assert matcher.match("Курская колония").facility_id == matcher.match(
        "в Курской колонии").facility_id != "ru-kursk-kursk-sizo-1"
    assert matcher.match("ЦВСИГ, Красное Село").facility_id == \
        "ru-saint-petersburg-krasnoye-selo-tsvsig"


def test_another_kind_of_place_anywhere_blocks_a_match_by_town(matcher):
    got = matcher.match("у Маріупольському аеропорту")
    assert got.match_status == "unmatched" and "another kind of place" in got.match_reason
    # ... unless it is a landmark
    got = matcher.match("in a cellar behind the supermarket in Kozacha Lopan")
    assert got.facility_id == "ua-kharkiv-kozacha-lopan-torture-sites", got


@pytest.mark.parametrize("town, ru", [("Kursk", "Курске"), ("Taganrog", "Таганроге")])
def test_refugee_points_are_not_prisons(matcher, town, ru):
    # a refugee point is never the town's prison: unmatched in Kursk (its SIZO only), and in
    # Taganrog never SIZO-2; nor the registry's own refugee point there (the Taganrog Hotel,
    # since branch i8reg) by the town alone: Taganrog had several in 2022 (branch i8v; the
    # hotel is named by its name: test_a_quoted_name_beside_the_kind_of_place_a_facility_...)
    for ref in (f"a refugee camp in {town}", f"пункт временного размещения в {ru}",
                f"a temporary accommodation centre in {town}"):
        got = matcher.match(ref)
        assert got.match_status == "unmatched", (ref, got)


@pytest.mark.parametrize("ref, fid", [
    ("у військкоматі Ізюма", "ua-kharkiv-izium-military-commissariat"),
    ("the military enlistment office in Izium", "ua-kharkiv-izium-military-commissariat"),
    ("в будівлі районної адміністрації в Ізюмі", "ua-kharkiv-izium-district-administration"),
    ("в типографии Балаклеи", "ua-kharkiv-balakliia-printing-office"),
    ("на продбазе в Першотравневом", "ua-kherson-pershotravneve-food-base"),
    ("катівня в центрі Херсона", "ua-kherson-kherson-centre-basement"),
    ("the cultural centre of modern art in Donetsk", "ua-donetsk-donetsk-izolyatsia"),
])
def test_building_words_meet_across_languages(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_ukrainian_i_for_o_in_a_closing_syllable(matcher):
    assert matcher.match("СІЗО у місті Таганріг").facility_id == "ru-rostov-taganrog-sizo-2"


@pytest.mark.parametrize("ref, fid", [
    ("la prisión IK-3 del pueblo de Jarp", "ru-yamalo-nenets-kharp-ik-3"),
    ("la colonia número 18 de Jarp", "ru-yamalo-nenets-kharp-ik-18"),
])
def test_a_spanish_j_is_the_russian_kh(matcher, ref, fid):
    # Spanish writes "х" as "j": "Jarp" is Kharp, which the skeleton alone reads as "arp"
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_dates_and_cell_numbers_are_no_facility_numbers(matcher):
    for ref in ("з 24 лютого 2022 року в Оленівці", "since 24.02.2022 in Olenivka"):
        assert matcher.match(ref).facility_id == "ua-donetsk-olenivka-ik-120", ref
    assert matcher.match("в камере №5 СИЗО-2 Таганрога").facility_id == \
        "ru-rostov-taganrog-sizo-2"
    # a duration is no distance: the town after it is where the facility is
    assert "by settlement" in matcher.match("for 3 months in Olenivka").match_reason


def test_a_capital_opening_a_sentence_is_no_name(matcher):
    got = matcher.match("доставили до Севастополя. Там утримували у казармі комендатури")
    assert got.facility_id == "ua-crimea-sevastopol-commandant-barracks", got


def test_polish_spellings_meet_the_town(matcher):
    got = matcher.match("w obozie dla dzieci w Buczy")
    assert got.facility_id == "ua-kyiv-bucha-promenystyi-camp", got


def test_an_unknown_name_next_to_a_kind_word_is_another_place(matcher):
    got = matcher.match("Детский лагерь Спутник находится в пригороде Таганрога")
    assert got.match_status == "unmatched" and "'Спутник'" in got.match_reason, got
    # ... a known name there is the facility's
    assert matcher.match("в СИЗО Лефортово").facility_id == "ru-moscow-lefortovo-sizo"


def test_two_facilities_named_without_quotes_are_ambiguous(matcher):
    got = matcher.match("оставить в СИЗО Лефортово и СИЗО Матросская Тишина")
    assert got.match_status == "ambiguous" and "more than one facility" in got.match_reason


def test_a_title_case_headline_has_no_names_in_its_capitals(matcher):
    got = matcher.match("In Bucha, a Summer Camp Became a Torture Chamber")
    assert got.facility_id == "ua-kyiv-bucha-promenystyi-camp", got


def test_a_hyphenated_word_after_a_town_is_part_of_its_name(matcher):
    for ref in ("пленные в поселке Купянск-Узловой", "пленные в поселке купянск-узловой"):
        assert matcher.match(ref).match_status == "unmatched", ref


def test_an_english_ordinal_ending_on_a_number(matcher):
    assert parse("the 10th colony of strict regime").number == 10
    assert matcher.match("the 2nd SIZO in Simferopol").facility_id == \
        "ua-crimea-simferopol-sizo-2"


def test_a_kind_phrase_wins_over_a_descriptive_phrase_overlapping_it(matcher):
    # "в центре" (the city centre) does not eat the "центр" of "центр временного содержания"
    p = parse("в центре временного содержания иностранных граждан в Тольятти")
    assert "tsvsig" in p.kinds and "downtown" not in p.name_tokens | p.town_only_names
    # (the city centre names a place only beside its town: round 51)
    assert "downtown" in parse("катівня в центрі Херсона").town_only_names


def test_the_most_specific_reading_of_the_town_wins(matcher):
    # "Kirovo-Chepetsk" is not Kirov, "Rostov-on-Don" not Donskoy, "Kakhovka" not Nova Kakhovka
    assert matcher.match("SIZO-1 Kirovo-Chepetsk").match_status == "unmatched"
    assert matcher.match("колония №1 в Ростове-на-Дону").match_status == "unmatched"
    assert matcher.match("school in Kakhovka").match_status == "unmatched"
    assert matcher.match("school in Nova Kakhovka").facility_id == \
        "ua-kherson-nova-kakhovka-vocational-school-14"


def test_fsin_numbers_per_region(matcher):
    # registry: Novozybkov's is the Bryansk region's SIZO-2; Bryansk's SIZO is SIZO-1 (branch
    # regnum; until then it recorded no number and "SIZO-2 Bryansk" was a choice between the
    # two, a text the matcher now reads as the town's, with another number: unmatched)
    assert matcher.match("SIZO-2 Bryansk Oblast").facility_id == "ru-bryansk-novozybkov-sizo-2"
    assert matcher.match("СИЗО-1 Брянск").facility_id == "ru-bryansk-bryansk-sizo"
    # no facility of the region has the number: the town's unnumbered SIZO, loosely
    assert matcher.match("СІЗО-3 Старобільськ").facility_id == "ua-luhansk-starobilsk-sizo"


# --- the classes of round 6's wrong matches and misses (precision first): invented examples of
# each shape, never the round-6 mentions themselves

@pytest.mark.parametrize(("ref", "word"), [("ув'язнені колонії у Кіровську", "Кіровську"),
                                          ("в Кировской колонии", "Кировской"),
                                          ("колония в Кировске", "Кировске")])
def test_a_town_word_read_whole_is_another_town(matcher, ref, word):
    # "Кировск" (a town of its own in the gazetteer) is not the "Kirovo" of Kirovo-Chepetsk,
    # nor the Kirov region of that colony: the longest reading of the word wins
    got = matcher.match(ref)
    assert got.match_status == "unmatched", (ref, got)
    assert (("not in the registry (" in got.match_reason or "a town at which no registry "
             "facility" in got.match_reason) and word in got.match_reason), got


def test_a_town_word_read_whole_keeps_its_own_town_and_region(matcher):
    assert matcher.match("ИК-11 в Кирово-Чепецке").facility_id == "ru-kirov-kirovo-chepetsk-ik-11"
    # a stated number the facility has decides: the Kirov region's IK-11
    assert matcher.match("Кировская ИК-11").facility_id == "ru-kirov-kirovo-chepetsk-ik-11"
    assert matcher.match("Курское СИЗО-1").facility_id == "ru-kursk-kursk-sizo-1"


@pytest.mark.parametrize("ref", ["в Камышинской воспитательной колонии",
                                 "колония для несовершеннолетних в Камышине",
                                 "a juvenile colony in Kamyshin"])
def test_a_juvenile_colony_is_its_own_kind(matcher, ref):
    # Kamyshin's only registry row is a SIZO; a colony for juveniles is not it, loosely or not
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "juvenile colony" in got.match_reason, got


@pytest.mark.parametrize("ref", ["передачі маріупольським слідчим ізоляторам",
                                 "передачи бердянским изоляторам"])
def test_a_dative_or_instrumental_plural_kind_is_several_places(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "several places" in got.match_reason, got


@pytest.mark.parametrize("ref", ["фільтраційний табір окупанти пообіцяли збудувати в Безіменному",
                                 "the occupiers plan to build a filtration camp in Bezimenne",
                                 "в Безыменном обещают построить фильтрационный лагерь"])
def test_a_planned_place_is_not_a_facility(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "planned" in got.match_reason, got
    # the same place, said to exist
    assert matcher.match("фільтраційний табір у Безіменному").facility_id == \
        "ua-donetsk-bezimenne-filtration"


@pytest.mark.parametrize("ref, fid", [
    ("заключённые в Брянском следственном изоляторе", "ru-bryansk-bryansk-sizo"),
    ("затримані у Херсонському СІЗО", "ua-kherson-kherson-sizo"),
])
def test_a_capitalised_town_adjective_before_its_kind_is_the_institution(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid
    # in lower case too, before a SIZO word (the sixteenth session's label review; it was
    # region evidence, the region's other SIZO fitting too)
    assert matcher.match(ref.lower()).facility_id == fid
    # and the name needs the kind to agree: Kursk city has a SIZO, no colony
    assert matcher.match("этапировали в Курскую колонию").facility_id == \
        "ru-kursk-malaya-loknya-ik-11"


@pytest.mark.parametrize("ref", ["двух сотрудников СИЗО-1 в Ростове-на-Дону",
                                 "three guards of SIZO-1 in Rostov-on-Don"])
def test_a_count_of_people_is_not_a_count_of_places(matcher, ref):
    assert matcher.match(ref).facility_id == "ru-rostov-rostov-on-don-sizo-1"
    # a count of the places themselves still is
    assert matcher.match("две колонии в Ростове-на-Дону").match_status == "ambiguous"


@pytest.mark.parametrize("ref", ["катівню виявили в селі Гракове Чкаловської громади",
                                 "в Граковому Чкаловської селищної ради"])
def test_a_community_after_a_village_is_its_area(matcher, ref):
    # the community's name is region evidence, not an unknown place blocking the village
    assert matcher.match(ref).facility_id == "ua-kharkiv-hrakove-torture-site"


def test_a_local_acronym_in_the_aliases_names_the_facility(matcher):
    # "БВК-77" (Бердянська виправна колонія, as censor.net writes it) is in the registry's
    # aliases of the Berdiansk colony: the acronym and its number name it, another number not
    assert matcher.match("засуджені БВК-77").facility_id == "ua-zaporizhzhia-berdiansk-colony-77"
    assert matcher.match("засуджені БВК-12").match_status == "unmatched"


@pytest.mark.parametrize("ref", ["У Маріуполі створили аналог донецької «Ізоляції»",
                                 "a torture prison in Mariupol similar to Izolyatsia"])
def test_a_place_compared_with_a_facility_is_not_it(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "compares" in got.match_reason, got


@pytest.mark.parametrize("ref", ["в СИЗО на улице Теплоэнергетиков в Херсоне",
                                 "следственный изолятор на ул. Теплоэнергетиков, Херсон"])
def test_the_street_of_an_address_in_its_town_beats_the_kind_word(matcher, ref):
    # Kherson's IVS is on vul. Teploenerhetykiv (registry address); its SIZO on Perekopska
    got = matcher.match(ref)
    assert got.facility_id == "ua-kherson-kherson-ivs", got
    assert "loosely" in got.match_reason
    assert matcher.match("в СИЗО на улице Перекопской в Херсоне").facility_id == \
        "ua-kherson-kherson-sizo"


def test_an_address_phrase_makes_a_house_number(matcher):
    p = parse("СІЗО за адресою Теплоенергетиків, 3")
    assert p.number is None


@pytest.mark.parametrize("ref", ["the police station in Kherson, house number 3",
                                 "die Polizeistation in Cherson, Hausnummer 3"])
def test_a_house_number_word_makes_a_house_number(ref):
    assert parse(ref).number is None


def test_a_house_number_before_the_street_word_names_the_address(matcher):
    # "144 Yablunska Street" is the Bucha office building's address, as "вулиця
    # Яблунська, 144" is; another house of the street is not
    got = matcher.match("the building at 144 Yablunska Street")
    assert got.facility_id == "ua-kyiv-bucha-yablunska-144", got
    assert matcher.match("the building at 145 Yablunska Street").match_status == "unmatched"


@pytest.mark.parametrize("ref, fid", [
    ("basement under the train station of Trostianets", "ua-sumy-trostianets-railway-station"),
    ("у підвалі залізничного вокзалу Тростянця", "ua-sumy-trostianets-railway-station"),
    ("в подвале детского санатория в Буче", "ua-kyiv-bucha-promenystyi-camp"),
    ("en el sótano de un sanatorio para niños de Bucha", "ua-kyiv-bucha-promenystyi-camp"),
    ("u podrumu dječjeg odmarališta u Buči", "ua-kyiv-bucha-promenystyi-camp"),
])
def test_words_for_one_kind_of_building_in_other_languages(matcher, ref, fid):
    # "train station" is the registry's "railway station"; "дитячий санаторій" its
    # "children's sanatorium" (vocabulary [acronyms], never a facility name)
    assert matcher.match(ref).facility_id == fid


def test_a_translated_name_in_the_aliases_and_a_cell_that_is_not_it(matcher):
    # "Isolation Prison" (uacrisis.org, in dev) is an alias of Izolyatsia; an isolation cell
    # of the Donetsk SIZO is not Izolyatsia
    assert matcher.match("held in the Isolation Prison, Donetsk").facility_id == \
        "ua-donetsk-donetsk-izolyatsia"
    assert matcher.match("an isolation cell of the Donetsk SIZO").facility_id != \
        "ua-donetsk-donetsk-izolyatsia"


@pytest.mark.parametrize("ref", ["Центр по временному содержанию мигрантов в Петербурге",
                                 "центр временного содержания мигрантов, Санкт-Петербург"])
def test_a_centre_for_migrants_is_a_tsvsig_not_an_ivs(matcher, ref):
    assert matcher.match(ref).facility_id == "ru-saint-petersburg-krasnoye-selo-tsvsig"


@pytest.mark.parametrize("ref", ["бунт в колонии под Волгоградом",
                                 "volunteers imprisoned near Volnovakha"])
def test_a_town_the_text_is_only_near_does_not_single_out_its_region(matcher, ref):
    # Volgograd oblast has one registry colony (Surovikino), far from the city: "под
    # Волгоградом" names neither; a region word or the facility's town still does
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "only near" in got.match_reason, got
    assert matcher.match("колония в Волгоградской области").facility_id == \
        "ru-volgograd-surovikino-ik-19"


def test_prison_slang_is_no_name(matcher):
    # "крытка" is slang for any closed-regime prison, not the Yelets prison's nickname alone
    got = matcher.match("Владимирский централ, он же «крытка»")
    assert got.facility_id == "ru-vladimir-vladimir-central", got
    assert matcher.match("в «Елецкой крытке»").facility_id == "ru-lipetsk-yelets-prison-2"


@pytest.mark.parametrize("ref", ["die Polizeistation für Kurzzeithaft in Cherson",
                                 "temporary holding facility in Kherson"])
def test_ivs_words_in_other_languages(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-kherson-kherson-ivs"


@pytest.mark.parametrize("ref", ["СИЗО в Новом Осколе", "колония в Новом Осколе"])
def test_a_two_word_gazetteer_town_is_not_part_of_another(matcher, ref):
    # Novy Oskol (Belgorod oblast, ~21,000 people) is a town of its own, not the "Oskol" of
    # Stary Oskol, whose SIZO is in the registry
    assert matcher.match(ref).match_status == "unmatched"
    assert matcher.match("СИЗО в Старом Осколе").facility_id == "ru-belgorod-stary-oskol-sizo"


# --- round 7's classes (now in dev): invented examples of each shape ---------------------

@pytest.mark.parametrize("ref", ["в СИЗО №1 и СИЗО №3 Симферополя",
                                 "from IK-1 to IK-6 in Vladimir oblast",
                                 "ИК-3 и ИК-18 в Харпе"])
def test_two_numbers_of_one_kind_are_two_places(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "more than one number" in got.match_reason, got
    # a number of another kind is where the facility stands, not a second place
    assert matcher.match("SIZO No. 2 (at penal colony No. 1) in Simferopol").facility_id == \
        "ua-crimea-simferopol-sizo-2"
    # two numbers the one facility has (its old and new numbers) are one place
    assert matcher.match("колонія №120 (колишня колонія №52) в Оленівці").facility_id == \
        "ua-donetsk-olenivka-ik-120"


def test_a_quoted_name_opening_the_text_must_be_the_facilitys_own(matcher):
    # "«Полярная сова»" (IK-18, in the registry since branch i8reg) is not "«Полярный волк»"
    # (IK-3), also when the quotes open the text
    assert matcher.match("„Sowa Polarna”").facility_id == "ru-yamalo-nenets-kharp-ik-18"
    assert matcher.match("«Полярная сова», колония").facility_id == \
        "ru-yamalo-nenets-kharp-ik-18"
    assert matcher.match("«Полярный волк», колония в Харпе").facility_id == \
        "ru-yamalo-nenets-kharp-ik-3"


@pytest.mark.parametrize("ref", ["колония-поселение в Новотроицке",
                                 "a colony-settlement in Novotroitsk",
                                 "колонія-поселення у Новотроїцьку"])
def test_a_colony_settlement_is_not_the_towns_colony(matcher, ref):
    # Novotroitsk's registry row is IK-5; a colony-settlement (КП) there is another place
    assert matcher.match(ref).match_status == "unmatched"
    assert matcher.match("колония в Новотроицке").facility_id == "ru-orenburg-novotroitsk-ik-5"


@pytest.mark.parametrize("ref", ["the detention centre in the Sumy region",
                                 "a basement in the Sumy region"])
def test_a_region_alone_with_no_kind_word_is_not_enough(matcher, ref):
    # Sumy oblast had one registry site when this was written (Trostianets railway station;
    # three since reg44b and reg45): a text naming only the region, with no kind, town or
    # name of it, may mean any place there; a village's name does single its one site out
    assert matcher.match(ref).match_status == "unmatched"
    assert matcher.match("катівня в Граковому").facility_id == \
        "ua-kharkiv-hrakove-torture-site"


@pytest.mark.parametrize("ref", [
    "a filtration camp in Nikolske, 20 km north-west of Mariupol",
    "фильтрационный лагерь в Никольском к северо-западу от Мариуполя",
    "фільтраційний табір у Нікольському на північний захід від Маріуполя",
    "ein Filtrationslager in Nikolske, nordwestlich von Mariupol",
    "obóz filtracyjny w Nikolśke na północny zachód od Mariupola"])
def test_a_town_given_as_a_direction_is_a_landmark_not_a_second_place(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-donetsk-nikolske-filtration"
    # two places named side by side still are two
    assert matcher.match("a filtration camp in Nikolske and in Mariupol").match_status == \
        "ambiguous"


# Vovchansk has three rows: the aggregate plant (a makeshift site), the police department
# where residents were held in 2022 (added by branch reg20) and a 2024 filtration camp. A
# torture chamber with no other word is one of the two 2022 sites, never the filtration camp;
# a works or factory is the plant, the one whose names say a works (`[places] works`).
@pytest.mark.parametrize("ref", ["катівня у Вовчанську", "пыточная в Волчанске",
                                 "a torture room in Vovchansk", "Folterräume in Wowtschansk"])
def test_a_torture_chamber_is_one_of_the_towns_makeshift_sites(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "ua-kharkiv-vovchansk-aggregate-plant" in got.match_reason
    assert "ua-kharkiv-vovchansk-police" in got.match_reason
    assert "ua-kharkiv-vovchansk-filtration-2024" not in got.match_reason


@pytest.mark.parametrize("ref", ["на заводі у Вовчанську", "w fabryce w Wołczańsku",
                                 "На заводе в Волчанске", "La fábrica de maquinaria en la "
                                 "ciudad de Vovchansk"])
def test_a_works_is_the_towns_makeshift_site_whose_names_say_a_works(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-kharkiv-vovchansk-aggregate-plant"
    # a kind word, or no word at all, still decides
    assert matcher.match("a filtration camp in Vovchansk").facility_id == \
        "ua-kharkiv-vovchansk-filtration-2024"
    assert matcher.match("a cell in Vovchansk").match_status == "ambiguous"


@pytest.mark.parametrize("ref, fid", [
    ("ФКУ ИЗ-61/1 ГУФСИН России по Ростовской области", "ru-rostov-rostov-on-don-sizo-1"),
    ("ФКУ СИЗО-2 (ИЗ-61/2) Таганрог", "ru-rostov-taganrog-sizo-2"),
    ("Federal Budget Institution IZ-77/1 in the City of Moscow",
     "ru-moscow-matrosskaya-tishina-sizo-1")])
def test_an_fsin_sizo_code_gives_the_sizo_number(matcher, ref, fid):
    # "ИЗ-61/1": region code 61, SIZO No. 1; the region code is no facility number
    assert matcher.match(ref).facility_id == fid
    assert parse("IZ-77/1 in Moscow").number == 1


@pytest.mark.parametrize("ref, number", [
    ("the Federal Detention Center 77/1 in Moscow", 1),  # the code without its letters
    ("СИЗО 77/6 в Москве", 6),
    ("remand prison No. 77/3", 3),  # ... after a number sign (round 67)
    ("СИЗО № 61/2", 2),
    ("СИЗО-2 на ул. Лесной 12/3 в Москве", 2),  # a house number's slash: no facility number
    ("колония 12/3 в Москве", 12),  # no SIZO word before it: no FSIN code
])
def test_a_slashed_number_is_an_fsin_code_after_a_sizo_word_only(ref, number):
    # round 66: "The Federal Detention Center 77/2 (Butyrka Prison)" read region code 77 as
    # the number
    assert parse(ref).number == number


def test_an_fsin_code_without_letters_names_the_sizo(matcher):
    got = matcher.match("the Detention Centre 77/6 in Moscow")
    assert (got.match_status, got.facility_id) == ("matched", "ru-moscow-moscow-sizo-6"), got


def test_a_name_written_as_a_name_beats_a_common_word(matcher):
    # "isolation" is the translation of Izolyatsia's name, but written lower case beside a
    # capitalised facility name it is a description
    assert matcher.match("solitary isolation in Butyrka prison").facility_id == \
        "ru-moscow-butyrka-sizo-2"
    assert matcher.match("the Isolation prison").facility_id == "ua-donetsk-donetsk-izolyatsia"


def test_stress_marks_and_broken_words_are_text_artefacts(matcher):
    # Wikipedia-style stress marks ("слі́дчий ізоля́тор") and a word broken by a hyphen with
    # no line break ("коло-нії") are read as the plain words
    assert matcher.match("Бути́рський слі́дчий ізоля́тор Москви́").facility_id == \
        "ru-moscow-butyrka-sizo-2"
    assert parse("у слідчому ізоля-торі Херсона").kinds == {"sizo"}
    # a real compound keeps its hyphen ("Купянск-Узловой" is not Kupiansk)
    assert matcher.match("Купянск-Узловой").match_status == "unmatched"


def test_a_town_in_another_case_in_a_facility_alias_is_the_town_not_a_name(matcher):
    # the unnumbered Valuyki row's alias "виправна колонія у Валуйках" says the town, not a
    # name: a colony in Valuyki fits its three colony rows
    got = matcher.match("у виправній колонії у Валуйках")
    assert got.match_status == "ambiguous", got
    assert matcher.match("ИК-7 Валуйки").facility_id == "ru-belgorod-valuyki-ik-7"


def test_a_word_after_a_name_is_no_part_of_it_when_only_the_town_follows_there(matcher):
    # "СИЗО «Лефортово», Москва": the registry's name goes on with the town, not another
    # name word, so "Lefortovo serves as …" is Lefortovo; "Полярная сова" is still not
    # "Полярный волк" (that name goes on with "волк")
    assert matcher.match("Lefortovo serves as a pre-trial detention centre").facility_id == \
        "ru-moscow-lefortovo-sizo"
    assert matcher.match("Полярная сова в Харпе").facility_id == "ru-yamalo-nenets-kharp-ik-18"


def test_one_of_before_a_plural_class_word_is_one_place(matcher):
    # "facilities" after "one of" is one of them, not a class of places
    assert matcher.match("Lefortovo was one of the main detention facilities").facility_id \
        == "ru-moscow-lefortovo-sizo"
    assert matcher.match("in Russian detention facilities").match_status == "unmatched"


def test_arctic_is_a_description_not_a_name(matcher):
    # "Arctic" next to a kind word is where in the world, not the colony's own name
    assert matcher.match("the Arctic colony known as «Polar Wolf»").facility_id == \
        "ru-yamalo-nenets-kharp-ik-3"


def test_a_number_after_street_and_a_number_sign_is_a_house_number():
    # "Lenina Street No. 5": the house, not facility No. 5
    assert parse("police station on Lenina Street No. 5 in Kherson").number is None
    assert parse("Lenina Street No. 5, SIZO No. 2 Taganrog").number == 2


def test_the_town_a_facility_serves_is_a_landmark(matcher):
    # "Detention Center for Moscow": the centre is in Sakharovo, serving Moscow
    assert matcher.match("the Sakharovo Detention Center for Moscow").facility_id == \
        "ru-moscow-oblast-sakharovo-tsvsig"
    assert matcher.match("a camp for refugees in Kursk").match_status == "unmatched"


@pytest.mark.parametrize("ref", ["у будівлі РУВС в Ізюмі", "Ізюмський РВП"])
def test_police_acronyms(matcher, ref):
    # РУВС, РУВД, РВП: a district police department
    assert matcher.match(ref).facility_id == "ua-kharkiv-izium-police"


@pytest.mark.parametrize("ref", ["obóz w Ołeniwce w obwodzie donieckim",
                                 "ein Lager in Oleniwka in der Volksrepublik Donezk",
                                 "obóz w Ołeniwce na terytorium Donieckiej Republiki Ludowej"])
def test_a_region_written_after_its_word_or_as_the_peoples_republic_is_no_town(matcher, ref):
    # "w obwodzie donieckim" (the adjective after the region word) and the "Donetsk
    # People's Republic" in other languages are the region, not the town of Donetsk
    assert matcher.match(ref).facility_id == "ua-donetsk-olenivka-ik-120"


@pytest.mark.parametrize("ref", ["centro di detenzione preventiva n. 1 a Mosca",
                                 "areszt śledczy nr 1 w Moskwie",
                                 "SIZO No. 1 in der Stadt Moskau"])
def test_italian_portuguese_sizo_words_and_moscow_in_other_languages(matcher, ref):
    assert matcher.match(ref).facility_id == "ru-moscow-matrosskaya-tishina-sizo-1"


def test_scots_preeson_is_a_prison_word(matcher):
    assert matcher.match('The Vladimir Preeson, kent as "Vladimirsky Central"').facility_id \
        == "ru-vladimir-vladimir-central"


def test_a_german_voiced_s_is_z(matcher):
    # German writes Ukrainian "з" before a vowel as "s": "Isjum" is Izium
    assert matcher.match("Polizeistation in Isjum").facility_id == "ua-kharkiv-izium-police"


def test_a_tax_police_building_is_not_a_police_station(matcher):
    # "tax police" / "налоговой милиции" is a tax agency's building: no police kind
    assert matcher.match("tax police in Kherson").match_status != "matched"
    assert matcher.match("police station in Izium").facility_id == "ua-kharkiv-izium-police"


# --- round 8's classes (tests/data/ROUNDS.md, "Round 8 joins dev") ------------------------

@pytest.mark.parametrize("ref", ["внутренняя тюрьма на Лубянке", "in the Lubyanka prison",
                                 "у в'язниці на Луб'янці"])
def test_lubyanka_is_a_place_in_moscow_not_a_typo_of_luhansk(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status != "matched" or got.facility_id.startswith("ru-moscow")
    assert "luhansk" not in got.facility_id


@pytest.mark.parametrize("ref", ["the Donetsk Filtration Station",
                                 "фильтровальная станция в Донецке",
                                 "на Донецькій фільтрувальній станції"])
def test_a_water_filtration_station_is_not_a_filtration_site(matcher, ref):
    assert matcher.match(ref).match_status != "matched"


def test_filtration_camp_still_a_filtration_site(matcher):
    assert matcher.match("фильтрационный лагерь в Безыменном").facility_id == \
        "ua-donetsk-bezimenne-filtration"


@pytest.mark.parametrize("ref", ["at a gas station near Stepanivka",
                                 "in a tent at a bus station near the village of Bilopillia"])
def test_station_alone_names_the_railway_station_only_with_its_town(matcher, ref):
    assert matcher.match(ref).facility_id != "ua-sumy-trostianets-railway-station"


def test_station_with_its_town_is_the_railway_station(matcher):
    assert matcher.match("held under Trostianets station").facility_id == \
        "ua-sumy-trostianets-railway-station"


@pytest.mark.parametrize("ref", ["two in Olenivka", "три у Маріуполі", "zwei in Oleniwka"])
def test_a_count_then_where_is_several_places(matcher, ref):
    assert matcher.match(ref).match_status == "ambiguous"


@pytest.mark.parametrize("ref, fid", [
    ("the Pre-Trial Detention Facility Number Two in Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("two guards in Olenivka colony", "ua-donetsk-olenivka-ik-120"),
])
def test_a_number_named_in_words_or_a_count_of_people_is_one_place(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref", ["в тюменских СИЗО", "тюменские СИЗО", "у курських СІЗО"])
def test_a_plural_place_adjective_makes_the_kind_plural(matcher, ref):
    assert matcher.match(ref).match_status != "matched"


@pytest.mark.parametrize("ref, fid", [("в Тюменском СИЗО", "ru-tyumen-tyumen-sizo-1"),
                                      ("у Курському СІЗО", "ru-kursk-kursk-sizo-1")])
def test_a_singular_place_adjective_still_names_the_one_facility(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref", ["20 Tage in Lefortowo", "pasó 15 días en Lefortovo",
                                 "spędziła 3 tygodnie w Lefortowie"])
def test_a_duration_is_not_a_facility_number(matcher, ref):
    assert matcher.match(ref).facility_id == "ru-moscow-lefortovo-sizo"


def test_a_duration_leaves_the_facility_number(matcher):
    assert matcher.match("провел 3 дня в СИЗО-1 Курска").facility_id == "ru-kursk-kursk-sizo-1"


def test_a_german_voiced_s_then_a_typo(matcher):
    # "Besymjanoje": German "s" for "з", then one letter off the registry's spelling
    assert matcher.match("im Lager von Besymjanoje").facility_id == \
        "ua-donetsk-bezimenne-filtration"


@pytest.mark.parametrize("ref", ["у будинку на вулиці Лісовій, 1-Б", "вул. Лісова, 1-б",
                                 "вулиця Лісова, 1-Б у Бучі"])
def test_a_street_with_the_house_number_of_the_address(matcher, ref):
    # the street and the house number of the facility's address single it out
    assert matcher.match(ref).facility_id == "ua-kyiv-bucha-lisova-1b"


@pytest.mark.parametrize("ref", ["вулиця Лісова, 7", "на вулиці Лісовій", "вулиця Лісова, 1",
                                 "вулиця Лісова, 1-Б, Ставрополь"])
def test_a_street_alone_or_with_another_house_number_is_not_enough(matcher, ref):
    # (in another town, the house number is that town's street's)
    assert matcher.match(ref).facility_id != "ua-kyiv-bucha-lisova-1b"


@pytest.mark.parametrize("ref", ["подвал здания Государственной службы охраны в Дружковке",
                                 "у підвалі Державної служби охорони в Дружківці"])
def test_the_state_guard_service_spelt_out_in_russian_and_ukrainian(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-donetsk-druzhkivka-gso-basement"


@pytest.mark.parametrize("ref, fid", [
    # the city, where the registry records IK-11; the krai's IK-1 of unknown town may be there
    ("колония в Ставрополе", ""),
    ("колония № 7 на Кубани", ""),  # no IK-7 in Krasnodar krai
    ("колонія №7 на Ставропіллі", "ru-stavropol-zelenokumsk-ik-7"),
    ("ИК-3 в Прикамье", ""),  # the Perm region's one registry row is a SIZO, not IK-3
])
def test_a_regions_everyday_name_is_the_region_not_its_capital(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref", ["у приймальнику-розподільнику для дітей у Херсоні",
                                 "в подвале приемника-распределителя для детей в Херсоне"])
def test_the_juvenile_reception_and_distribution_centre(matcher, ref):
    # the Kherson IVS row holds the town's juvenile centre (merged by the registry)
    assert matcher.match(ref).facility_id == "ua-kherson-kherson-ivs"


@pytest.mark.parametrize("ref, fid", [
    ("Херсонський слідчий ізолятор у перші дні окупації", "ua-kherson-kherson-sizo"),
    ("Херсонський слідчий ізолятор", "ua-kherson-kherson-sizo"),
    # lower case: the town's too (it was the region's, Kherson or Chonhar, before the
    # sixteenth session's label review)
    ("херсонський слідчий ізолятор", "ua-kherson-kherson-sizo"),
])
def test_a_ukrainian_official_sizo_name_opening_the_text(matcher, ref, fid):
    # "<Town>ський слідчий ізолятор" is the official Ukrainian name of the town's SIZO,
    # capitalised as a name even where it opens the text
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref, status", [
    ("в селах Безіменне і Козацьке", "ambiguous"),
    ("у с. Безіменне та в с. Седове", "ambiguous"),
    ("Лефортовский, Бутырский и Владимирский централы", "ambiguous"),
    ("Матросская, Бутырская и Владимирский централ", "ambiguous"),
    ("to Olenivka and Taganrog", "ambiguous"),
])
def test_places_listed_with_and_are_several_places(matcher, ref, status):
    # round 9: "в с. Безымяное и в с. Казацкое", "Лефортовская, Бутырская и Владимирский
    # Централ": a list of places is no one facility, whichever of them the registry knows
    got = matcher.match(ref)
    assert got.match_status == status, got.match_reason


@pytest.mark.parametrize("ref, fid", [
    ("в с. Безыменное Новоазовского района", "ua-donetsk-bezimenne-filtration"),
    ("Владимирский централ", "ru-vladimir-vladimir-central"),
    ("Haftanstalt für Jugendliche und Frauen in Taganrog", "ru-rostov-taganrog-sizo-2"),
])
def test_one_place_with_and_nearby_is_still_one_place(matcher, ref, fid):
    # German capitalises nouns: "für Jugendliche und Frauen" lists people, not places
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref", [
    "училища № 17 і № 27 у Генічеську",
    "училища № 27, № 17 у Генічеську",
    "SIZO No. 1 and No. 2 in Simferopol",
])
def test_a_second_number_listed_after_a_kinds_number_is_another_place(matcher, ref):
    # ambiguous, or unmatched when the first number is not the one the registry has there
    got = matcher.match(ref)
    assert got.match_status != "matched", got.match_reason


@pytest.mark.parametrize("ref", [
    "в исправительные колонии №7 (Голая Пристань) и №90 (Херсон)",
    "to Colony No. 7 (Stara Zburivka) and No. 90 (Kherson)",
    "до колонії № 7 (Стара Збур'ївка) та № 90 (Херсон)",
])
def test_a_listed_number_after_an_aside_in_brackets_is_another_place(matcher, ref):
    # each number of the list followed by where it is, in brackets: still two places
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "more than one number" in got.match_reason, got


def test_a_number_with_its_place_in_brackets_is_still_matched(matcher):
    got = matcher.match("колонии №7 (Голая Пристань)")
    assert (got.match_status, got.facility_id) == ("matched", "ua-kherson-stara-zburivka-ik-7")


def test_one_numbered_school_is_still_matched(matcher):
    assert (matcher.match("училище № 17 у Генічеську").facility_id
            == "ua-kherson-henichesk-vocational-school-17")


@pytest.mark.parametrize("ref", [
    "у Горлівці розташовано три установи виконання покарань",
    "in Horlivka there are two penal institutions",
])
def test_a_count_of_institutions_is_several_places(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got.match_reason


@pytest.mark.parametrize("ref", [
    "in penal colonies in Krasnodar Krai, Rostov and Vladimir oblasts",
    "в колониях Курской, Брянской и Владимирской областей",
])
def test_a_plural_region_word_makes_every_listed_place_a_region(matcher, ref):
    assert matcher.match(ref).match_status != "matched"


# Hostomel has two rows since branch reg20: the holding site and the Pokrovsky apartment
# complex, whose basements held about 200 residents (NYT via mashafroliak.com, Berliner
# Zeitung). A dwelling or the military town there is another kind of place that only the town
# points to, for both of them (unmatched, with the reason), as when the town had one row.
@pytest.mark.parametrize("ref", [
    "in einem Wohnhaus in Hostomel",
    "у житловому будинку в Гостомелі",
    "гуманітарний центр у Бердянську",
    "the humanitarian centre in Berdiansk",
])
def test_a_dwelling_or_aid_centre_is_not_the_towns_facility(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got.match_reason


@pytest.mark.parametrize("ref, fid", [
    ("Алексеевская колония № 25", ""),  # Oleksiivka (Kharkiv) as much as Alekseyevka
    ("колония № 3 в Благовещенске", ""),  # Amur or Bashkortostan; the Amur row is IK-8
    ("колония в Алексеевке", "ru-belgorod-alekseyevka-colony"),  # no number: the row
    # the Alekseyevka row records No. 4 since branch regnum: No. 25 is not it; the rule is
    # kept by Bryansk's colony, which records no number
    ("колония № 25 в Алексеевке Белгородской области", ""),
    ("колония № 5 в Брянске Брянской области", "ru-bryansk-bryansk-colony"),
    ("the Staryi Oskil Pre-Trial Detention Center No. 2", "ru-belgorod-stary-oskol-sizo"),
])
def test_a_stated_number_the_row_lacks_needs_a_town_of_one_region(matcher, ref, fid):
    # round 9: "«Алексеевской исправительной колонии № 25»" was Kharkiv oblast's Oleksiivka
    # colony No. 25, read as Belgorod oblast's unnumbered Alekseyevka colony
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref, fid", [
    ("do szkoły w Nowoazowsku", ""),  # a town of 10,000: one of its schools
    ("a school in Novoazovsk", ""),
    ("at the school in Bezimenne", "ua-donetsk-bezimenne-filtration"),  # a village's school
])
def test_a_school_in_a_town_is_not_the_towns_filtration_site(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref, fid", [
    ("200 заключенных из колонии в Горловке", "ua-donetsk-horlivka-colony"),
    ("30 ув'язнених колонії у Горлівці", "ua-donetsk-horlivka-colony"),
])
def test_a_count_of_people_is_no_facility_number(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref, fid", [
    ("Сніжнянська виправна колонія ДСВП МЮ ДНР", "ua-donetsk-snizhne-ik-127"),
    ("the prison in Yeniseysk (Krasnoyarsk Territory)", "ru-krasnoyarsk-yeniseysk-unspecified"),
    ("Colony No. 120 in the occupied northern region of Donetsk", "ua-donetsk-olenivka-ik-120"),
    ("the filtration camp in the Donetsk region of Ukraine", ""),  # the region, not the city
    ("à Novozybkov, région de Bryansk", "ru-bryansk-novozybkov-sizo-2"),
    ("camp de filtration près de Marioupol, dans un immeuble à Bezimenne",
     "ua-donetsk-bezimenne-filtration"),
])
def test_region_words_boilerplate_and_landmarks_of_round_9(matcher, ref, fid):
    # "(… Territory)", "region of X" are regions; "ДСВП МЮ ДНР" is the DPR penal service;
    # "près de X" makes X a landmark
    assert matcher.match(ref).facility_id == fid


@pytest.mark.parametrize("ref, fid", [
    ("In Kozacha Lopan the police discovered a torture chamber",
     "ua-kharkiv-kozacha-lopan-torture-sites"),
    ("у Козачій Лопані поліція виявила катівню", "ua-kharkiv-kozacha-lopan-torture-sites"),
    ("in Hrakove the police discovered a torture chamber", "ua-kharkiv-hrakove-torture-site"),
    # a police site: none recorded there (Kozacha Lopan's row records its police building
    # since branch m16)
    ("the police station in Hrakove", ""),
])
def test_a_kind_word_before_a_verb_of_finding_is_not_the_places_kind(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


# --- round 10's error classes (tests/data/ROUNDS.md, "Round 10 joins dev") ----------------

@pytest.mark.parametrize("ref", [
    # (written "en las afueras de Mariúpol" the town is only a landmark, and the reason says
    # so: test_near_words_of_other_languages)
    "Estos centros de internamiento temporal, establecidos por Rusia en Mariúpol",
    "las prisiones de Mariúpol",
])
def test_a_plural_place_word_with_a_town_is_several_places(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "several places" in got.match_reason, got


def test_a_singular_beside_a_plural_lookalike_still_matches(matcher):
    # Ukrainian "центрі" (singular, "in the centre") is not the plural "центри"
    got = matcher.match("В Дружківці у підвалі в самому центрі міста")
    assert (got.match_status, got.facility_id) == ("matched",
                                                   "ua-donetsk-druzhkivka-gso-basement"), got


@pytest.mark.parametrize("ref", [
    # (not "Zahid-1": a camp for Russian prisoners of war, so Ukraine-run, said first)
    "Zahid-2 (West-2), de gevangenis in Lviv",
    "Zahid-2 prison in Lviv",
    "«Захід-2» у Львові",
])
def test_a_name_word_of_a_facility_placed_in_another_town_is_not_it(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    # (since branch reg57 merged the "Western" colony into colony No. 97, the number rules
    # it out first: "same place or name, other number")
    assert "another town" in got.match_reason or "place or name, other number" in \
        got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("колонія «Західна» в Макіївці", "ua-donetsk-makiivka-colony-97"),
    ("Лефортово в Москве", "ru-moscow-lefortovo-sizo"),
    ('Украинские узники "Лефортово"', "ru-moscow-lefortovo-sizo"),
])
def test_a_name_with_its_own_town_or_none_still_matches(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["у тюрмі в Луганську", "the prison in Luhansk",
                                 "в тюрьме в Луганске"])
def test_prison_alone_in_a_town_with_makeshift_prisons_is_not_its_sizo(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "makeshift" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("у слідчий ізолятор в Луганську", "ua-luhansk-luhansk-sizo"),
    ("СІЗО Луганська", "ua-luhansk-luhansk-sizo"),
    ("the notorious Olenivka prison", "ua-donetsk-olenivka-ik-120"),
])
def test_a_kind_word_or_a_town_without_makeshift_places_still_matches(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref, fid", [
    ("V zařízení předběžného zadržení číslo dvě ve městě Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("SIZO номер два в Таганроге", "ru-rostov-taganrog-sizo-2"),
    ("Colonia penale numero 52", "ua-donetsk-olenivka-ik-120"),
    ("het huis van bewaring nummer twee in Taganrog", "ru-rostov-taganrog-sizo-2"),
])
def test_number_signs_and_number_words_in_other_languages(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_number_word_without_a_number_sign_is_no_facility_number(matcher):
    from mapper.match import parse
    assert parse("dvě věznice v Taganrogu").number is None
    assert parse("no one left the SIZO in Taganrog").number is None
    assert parse("číslo dvě").number == 2


@pytest.mark.parametrize("ref, fid", [
    ("На КПП Колотиловка в Белгородской области", "ru-belgorod-kolotilovka-filtration"),
    ("погранпереход Колотиловка-Покровка", "ru-belgorod-kolotilovka-filtration"),
    ("The small Kolotilovka-Pokrovka border crossing", "ru-belgorod-kolotilovka-filtration"),
    ("контрольно-пропускний пункт через Василівку",
     "ua-zaporizhzhia-vasylivka-checkpoint-filtration"),
    ("пропускний пункт у Василівці на Запоріжжі",
     "ua-zaporizhzhia-vasylivka-checkpoint-filtration"),
])
def test_checkpoint_and_border_crossing_words_name_the_checkpoint_rows(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["КПП Купянск-Узловой",
                                 pytest.param("Kolotilovka-Pokrovka", marks=pytest.mark.xfail(
                                     strict=True, reason=(
                                         "since reg20 the crossing's name alone is read as "
                                         "the Kolotilovka filtration site by its town (a "
                                         "later matcher change)"))),
                                 "a checkpoint in Yaya"])
def test_a_checkpoint_word_alone_or_elsewhere_does_not_match(matcher, ref):
    assert matcher.match(ref).match_status != "matched"


def test_a_place_after_part_of_is_the_region(matcher):
    got = matcher.match("the notorious Olenivka prison in the annexed part of Donetsk")
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-olenivka-ik-120"), got
    # Ukrainian writes the region otherwise: "частині Луганська" is the city
    got = matcher.match("у СІЗО в окупованій частині Луганська")
    assert (got.match_status, got.facility_id) == ("matched", "ua-luhansk-luhansk-sizo"), got
    assert matcher.match("a prison in the occupied part of Donetsk").match_status != "matched"


@pytest.mark.parametrize("ref, fid", [
    ("В установі ФКУ Т-2 УФСВП Росії по Володимирській області",
     "ru-vladimir-vladimir-central"),
    ('так называемый "Старобельский следственный изолятор УВП МВД ЛНР"',
     "ua-luhansk-starobilsk-sizo"),
    ("больница УФСИН в Торжке", "ru-tver-torzhok-prison-hospital"),
])
def test_fsin_and_lpr_office_words_are_boilerplate(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref, fid", [
    ("У в'язниці \"Володимирський централ\" в Росії", "ru-vladimir-vladimir-central"),
    ("у в'язниці «Володимирський централ» на півночі Росії", "ru-vladimir-vladimir-central"),
])
def test_a_quoted_whole_name_of_one_facility_decides(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_quoted_name_does_not_override_two_places_or_a_likeness(matcher):
    got = matcher.match("дві в'язниці у Володимирі, зокрема \"Володимирський централ\"")
    assert got.facility_id != "ru-vladimir-vladimir-central" or got.match_status != "matched"
    got = matcher.match("в'язниця на кшталт \"Володимирський централ\"")
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref", ["«Лефортово» в Казани", 'ресторан "Лефортово" у Львові'])
def test_a_quoted_name_placed_in_another_town_is_a_namesake(matcher, ref):
    assert matcher.match(ref).match_status != "matched"


# --- round 11's classes (branch i8s) ---------------------------------------------------------

@pytest.mark.parametrize("ref, fid", [
    ("vankilassa Olenivka", "ua-donetsk-olenivka-ik-120"),  # Finnish "prison"
    ("i politihuset i Izium", "ua-kharkiv-izium-police"),  # Norwegian "police house"
    ("rendőrség Izium", "ua-kharkiv-izium-police"),  # Hungarian "police"
    ("szűrőtábor Bezimenne", "ua-donetsk-bezimenne-filtration"),  # Hungarian "filtration camp"
])
def test_kind_words_in_finnish_norwegian_and_hungarian(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["катівня у Василівці",
                                 "a torture chamber in the city of Vasylivka, Zaporizhzhia"])
def test_a_torture_chamber_does_not_rule_out_a_checkpoint_post(matcher, ref):
    # a checkpoint post is itself a makeshift place: the dormitory or the post
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got


def test_a_torture_chamber_still_rules_out_a_filtration_camp(matcher):
    got = matcher.match("катівня у Вовчанську")
    assert got.facility_id != "ua-kharkiv-vovchansk-filtration-2024", got


@pytest.mark.parametrize("ref", ["Мичуринской исправительной колонии в Горловке",
                                 "Мичуринская колония в Горловке"])
def test_a_place_adjective_known_only_as_another_facilitys_name_counts_against(matcher, ref):
    # "Мичуринская" is a street of Tambov's IK-1, no name of Horlivka's colony
    assert matcher.match(ref).match_status == "unmatched"


@pytest.mark.parametrize("ref", ["Калининской исправительной колонии в Горловке",
                                 "Горловской колонии"])
def test_the_facilitys_own_name_or_town_adjective_still_matches(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-horlivka-colony")


@pytest.mark.parametrize("ref", ["так называемый керченский следственный изолятор",
                                 "the so-called Kerch pre-trial detention centre"])
def test_a_so_called_kind_is_stated_firmly(matcher, ref):
    # Kerch has a colony and no SIZO: a "so-called SIZO" there is not the colony
    assert matcher.match(ref).match_status == "unmatched"


@pytest.mark.parametrize("ref, fid", [
    ("Скадовский районный отдел полиции Главного управления МВД Херсонской области",
     "ua-kherson-skadovsk-police"),
    ("Олешківський районний відділ поліції ГУНП в Херсонській області",
     "ua-kherson-oleshky-police"),
    ("отдел полиции Херсонской области", ""),  # the region alone: any of its police rows
])
def test_a_district_and_its_region_name_the_districts_facility(matcher, ref, fid):
    # the district's town adjective and its region both point to one row; the region alone
    # to every row of that kind there (round 66: «Алешковский районний отдел полиции …»)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (("matched", fid) if fid
                                                   else ("ambiguous", "")), got


@pytest.mark.parametrize("ref, fid", [
    ("окупаційного «Скадовського районного відділу поліції»", "ua-kherson-skadovsk-police"),
    ("в помещении «Бахчисарайского районного отдела полиции»", "ua-crimea-bakhchysarai-police"),
])
def test_a_whole_name_in_quotes_keeps_its_kind(matcher, ref, fid):
    # quotes round a whole name (capital first, three words or more) are the name's, not a
    # "so-called" kind: the police department is stated firmly (round 66's Oleshky row)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref, fid", [
    ("the so-called Olenivka prison", "ua-donetsk-olenivka-ik-120"),  # a loose kind stays so
    ('так называемый "Старобельский следственный изолятор УВП МВД ЛНР"',
     "ua-luhansk-starobilsk-sizo"),
])
def test_so_called_keeps_what_fits(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref, fid", [
    ("un poste de police d’Izioum", "ua-kharkiv-izium-police"),  # French "ou" is u
    ("la prison d'Olenivka", "ua-donetsk-olenivka-ik-120"),
])
def test_french_spellings_of_towns(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_french_transliteration_folds_onto_the_same_key():
    from mapper.names import skeleton
    assert skeleton("Izioum") == skeleton("Izium") == skeleton("Ізюм")
    assert skeleton("Kozatcha") == skeleton("Kozacha")


@pytest.mark.parametrize("ref, fid", [
    ("venäläisten pyörittämään Olenivkan vankilaan", "ua-donetsk-olenivka-ik-120"),
    ("Olenivkan vankila", "ua-donetsk-olenivka-ik-120"),  # Finnish genitive "-n"
    ("w kolonii w Olenowce", "ua-donetsk-olenivka-ik-120"),  # Polish locative "-ówce"
])
def test_finnish_genitive_and_polish_locative_of_a_town(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_the_genitive_n_reads_only_places(matcher):
    assert matcher.match("Олег Путин в колонии").match_status == "unmatched"


# --- round 12's classes (branch i8u) -----------------------------------------------------

@pytest.mark.parametrize("ref, fid", [
    ("исправительная колония ОГ-98/3 в поселке Харп", "ru-yamalo-nenets-kharp-ik-3"),
    ("колония особого режима УЩ 98/3, Харп", "ru-yamalo-nenets-kharp-ik-3"),
    ("колония ЮК-25/7 в Пакино", "ru-vladimir-pakino-ik-7"),
])
def test_an_fsin_institution_code_gives_the_institutions_number(matcher, ref, fid):
    # two letters, the region code, "/", the institution's own number (any kind)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_an_fsin_code_never_gives_its_region_code(matcher):
    assert parse("колония ОЕ-256/5").number == 5
    assert parse("VS-389/36").number == 36
    # the code's own number decides between the town's colonies (98 is the region's code):
    # since branch i8reg the registry has both Kharp colonies, ОГ 98/3 and ОГ 98/18
    got = matcher.match("колония ОГ 98/18 в Харпе")
    assert (got.match_status, got.facility_id) == ("matched", "ru-yamalo-nenets-kharp-ik-18"), got
    # another number there is a near miss, not one of the town's colonies
    got = matcher.match("колония ОГ 98/7 в Харпе")
    assert got.match_status == "unmatched" and "ru-yamalo-nenets-kharp-ik-3" in \
        got.match_reason and "ru-yamalo-nenets-kharp-ik-18" in got.match_reason, got
    # a lower-case "из 12/3" is a preposition and a fraction, no SIZO code
    assert parse("из 12/3").kinds == frozenset()


def test_a_word_that_lacks_an_sk_towns_sk_is_not_that_town(matcher):
    # "бранка" (a captive) and "Брянск" both cut to "bran"; every case and adjective of
    # Брянск keeps its "-ск", so the noun is no place
    got = matcher.match("колишня бранка Оленівської колонії")
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-olenivka-ik-120"), got
    assert matcher.match("Колишня бранка колонії").match_status == "unmatched"
    # ... while the town's cases and adjectives still meet it, and so does a typo of the town
    # written as a name (a dropped letter: "Брянк")
    for ref in ("в СИЗО Брянска", "у Брянську в СІЗО", "Bryansk SIZO", "Брянк, СІЗО"):
        assert matcher.match(ref).facility_id == "ru-bryansk-bryansk-sizo", ref
    assert matcher.match("в Курске в СИЗО").facility_id == "ru-kursk-kursk-sizo-1"


@pytest.mark.parametrize("ref, fid", [
    ("i en politiavdeling i Izium", "ua-kharkiv-izium-police"),  # Norwegian
    ("på politistasjonen i Izium", "ua-kharkiv-izium-police"),
    ("i fengselscellene på politistasjonen i Izium", "ua-kharkiv-izium-police"),  # a room
    ("til Olenivka-fængslet", "ua-donetsk-olenivka-ik-120"),  # Danish, definite "-et"
    ("fengslet i Olenivka", "ua-donetsk-olenivka-ik-120"),
    ("Olenivka-fengselet i Donetsk-regionen", "ua-donetsk-olenivka-ik-120"),  # the region
])
def test_scandinavian_police_and_prison_words(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_scandinavian_words_that_are_not_kinds_or_towns(matcher):
    assert parse("politiske fanger").kinds == frozenset()  # political, not police
    # "Donetsk-regionen" is the region, not the city's SIZO
    assert matcher.match("et fængsel i Donetsk-regionen").match_status != "matched"


@pytest.mark.parametrize("ref, fid", [
    ("у підрозділі ФСБ на базі СІЗО №2 у Сімферополі", "ua-crimea-simferopol-sizo-2"),
    ("on the premises of colony No. 120", "ua-donetsk-olenivka-ik-120"),
])
def test_a_place_inside_a_facility_the_registry_records_nothing_in_is_at_it(matcher, ref, fid):
    # the only kind word follows a container phrase: with no registry facility recorded
    # inside that one, the text is at it (its number is read)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_place_inside_a_facility_the_registry_records_something_in_stays_inside(matcher):
    # the registry's SIZO-2 is recorded "at penal colony No. 1": colony No. 1 stays where
    got = matcher.match("на території колонії № 1 у Сімферополі")
    assert got.facility_id == "ua-crimea-simferopol-sizo-2", got
    assert parse("СІЗО на території колонії № 1").number is None


@pytest.mark.parametrize("ref", [
    "СИЗО № 1 — крупнейший из трех следственных изоляторов Тверской области",
    "СИЗО-1 — один из трех следственных изоляторов Тверской области",
    "SIZO No. 1, the largest of the three pre-trial detention centres of Tver oblast",
])
def test_one_of_several_or_the_largest_of_them_is_one_place(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-tver-tver-sizo-1"), got


@pytest.mark.parametrize("ref", [
    # "one of" in the other languages: one of the centres there, not a class of places
    "uno de estos centros, en Bezimenne", "um dos centros em Bezimenne",
    "l'un des centres de Bezimenne", "l'un de ces camps, à Bezimenne"])
def test_one_of_in_other_languages_is_one_place(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-donetsk-bezimenne-filtration", got
    # ... without it, the plural is still several places
    plural = ref.split(" ", 2)[2]
    assert matcher.match(plural).match_status == "ambiguous", plural


def test_a_count_without_one_of_is_still_several_places():
    assert parse("из трех следственных изоляторов Тверской области").several
    assert not parse("крупнейший из трех следственных изоляторов").several


@pytest.mark.parametrize("ref", [
    "a centre for refugees in the ‘Bryansk’ Hotel",
    "в отеле «Курск»",
    'у готелі "Брянськ"',
])
def test_a_quoted_name_beside_another_kind_of_place_is_not_a_town(matcher, ref):
    # a hotel named after a town is not the town's SIZO (since branch i8reg the registry has
    # one hotel, in Taganrog: these name towns whose hotels it does not have)
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert "another kind of place" in got.match_reason, got


@pytest.mark.parametrize("ref", [
    "a centre for refugees in the ‘Taganrog’ Hotel",
    "в отеле «Таганрог»",
    'у готелі "Таганрог"',
    "the temporary centre for ‘refugees’ on the territory of the ‘Taganrog’ Hotel",
    'в пункте временного размещения беженцев на территории отеля "Таганрог"',
])
def test_a_quoted_name_beside_the_kind_of_place_a_facility_is_names_it(matcher, ref):
    # ... and the Taganrog Hotel refugee point (branch i8reg), whose own names say "отель
    # «Таганрог»", is named by the quoted name beside its word, not the town's SIZO
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-rostov-taganrog-hotel-pvr"), got


def test_a_quoted_town_beside_a_kind_word_is_still_the_town(matcher):
    assert matcher.match("в СИЗО-2 «Таганрог»").facility_id == "ru-rostov-taganrog-sizo-2"


@pytest.mark.parametrize("ref", [
    "исправительная колония особого режима для пожизненно осужденных в Салавате",
    "une colonie pour condamnés à perpétuité à Salavat",
    "a penal colony for lifers in Salavat",
])
def test_a_colony_for_lifers_is_not_a_colony_the_registry_does_not_record_as_one(matcher, ref):
    # Salavat's colonies (IK-2, IK-16) are not recorded as lifers' colonies: the words rule
    # them out (Kharp's were the example until m17 recorded its IK-18 as the lifers' colony)
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert "life-sentenced" in got.match_reason and "ru-bashkortostan-salavat-ik-2" in \
        got.match_reason, got


def test_a_prisoner_serving_life_does_not_make_a_colony_one_for_lifers(matcher):
    assert parse("колония для довічно засуджених").kinds == {"life"}
    assert parse("осужденный пожизненно в колонии в Харпе").kinds == {"colony"}
    # a colony in Kharp, no more: since branch i8reg the registry has two there (IK-3 and
    # IK-18), so the text does not say which; it is not read as "no lifers' colony there"
    got = matcher.match("осужденный пожизненно в колонии в Харпе")
    assert got.match_status == "ambiguous", got
    assert "ru-yamalo-nenets-kharp-ik-3" in got.match_reason and \
        "ru-yamalo-nenets-kharp-ik-18" in got.match_reason, got
    assert "life-sentenced" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["Перед входом в исправительную колонию №31",
                                 "у ворот колонии № 31", "at the gates of penal colony No. 31"])
def test_where_one_stands_at_a_place_is_no_place_name(matcher, ref):
    # an entrance or a gate is no unknown town that would block the registry's one IK-31;
    # (since round 43 a Russian colony's number with no town or region is ambiguous: Russia
    # numbers its colonies region by region, and the reason names the registry's one)
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "region by region" in got.match_reason, got
    assert "ru-komi-mikun-ik-31" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("a detention facility on Perekopska Street", "ua-kherson-kherson-sizo"),
    ("a torture chamber on Lisova Street", "ua-kyiv-bucha-lisova-1b"),
])
def test_a_street_alone_is_not_enough_and_the_reason_names_its_facility(matcher, ref, fid):
    # a street of that name may be in any town (Лісова is in most villages): precision first,
    # but the researcher is told which facility the street points to and what to add
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert fid in got.match_reason and "town" in got.match_reason, got


def test_a_region_with_no_registry_facility_is_named_in_the_reason(matcher):
    # since branch i8reg the registry has a facility in Moscow oblast (Kolomna IK-6), and
    # every region the vocabulary names has one: the reason names it instead ...
    got = matcher.match("в подмосковном ЦВСИГ")
    assert got.match_status == "unmatched", got
    assert "ru-moscow-oblast-kolomna-ik-6" in got.match_reason, got
    # ... and a registry without one there names the region
    layer = load_facilities()
    got = Matcher(layer[layer["region_code"] != "RU-MOS"]).match("в подмосковном ЦВСИГ")
    assert got.match_status == "unmatched" and "RU-MOS" in got.match_reason, got


# --- the grown registry's misreads (branch i8v) ------------------------------------------

@pytest.mark.parametrize("ref", [
    "Донецкая исправительная колония",
    "ув'язнених Донецькій виправній колонії",
])
def test_a_region_adjective_is_no_town_of_that_name_in_another_region(matcher, ref):
    # "Донецкий" read as Donetsk oblast (issue 8, rule 4) is not the town of Donetsk in
    # Rostov oblast either (branch i8reg's ru-rostov-donetsk-sizo)
    got = matcher.match(ref)
    assert got.match_status != "matched" and got.facility_id == "", got
    assert "ru-rostov-donetsk-sizo" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["Донецькому СІЗО",
                                 "в донецком СИЗО, которое занимает небольшую территорию"])
def test_a_towns_adjective_before_a_sizo_word_fits_each_town_of_that_name(matcher, ref):
    # before a SIZO word the adjective is the town's (the sixteenth session's label review):
    # the city of Donetsk's two SIZO rows and the town of Donetsk's in Rostov oblast
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "ua-donetsk-donetsk-sizo" in got.match_reason


def test_a_region_adjective_with_a_town_of_that_region(matcher):
    # ... so the town the text does name in that region is not blocked by it
    got = matcher.match("В городе Докучаевск Донецкой области оккупанты создали "
                        "фильтрационный лагерь")
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-donetsk-dokuchaievsk-filtration"), got


@pytest.mark.parametrize("ref", ["в СИЗО ростовского Донецка",
                                 "в СИЗО Донецка Ростовской области",
                                 "the SIZO in Donetsk, Rostov region"])
def test_a_region_named_apart_from_the_town_tells_towns_of_one_name(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-rostov-donetsk-sizo"), got


def test_a_town_of_two_regions_without_its_region_stays_ambiguous(matcher):
    got = matcher.match("в СИЗО Донецка")
    assert got.match_status == "ambiguous" and "ru-rostov-donetsk-sizo" in got.match_reason, got


@pytest.mark.parametrize("ref", [
    "a hotel in Taganrog",  # one of the town's hotels
    "a refugee camp in Taganrog",  # one of its refugee points (2022 had several)
    "a temporary centre for refugees in Taganrog",
    "Спортзал для эвакуированных в Таганроге",  # another kind of place
    "Transshipment points are also open in Taganrog – in a hotel and sports schools",
])
def test_a_facility_that_is_another_kind_of_place_needs_its_name(matcher, ref):
    # the Taganrog Hotel point is named by its name ("‘Taganrog’ Hotel"), not by its town
    # and a kind or the common word "hotel"
    got = matcher.match(ref)
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref, fid", [
    ("im Taganrog-Gefangenenlager", "ru-rostov-taganrog-sizo-2"),
    ("fangeleiren i Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("ve věznici v ruském Taganrogu", "ru-rostov-taganrog-sizo-2"),  # Czech "prison"
    ("das Gefangenenlager in Oleniwka", "ua-donetsk-olenivka-ik-120"),
])
def test_a_prisoner_camp_is_a_place_of_custody_not_a_refugee_point(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


# Branch reg16 (registry only, matcher unchanged) added a Simferopol district police row,
# ua-crimea-simferopol-railway-district-police (the Railway = Zheleznodorozhny = Zaliznychnyi
# district department, LB.ua 2023-07-27). Branch m17 taught the matcher district names
# (`[district_names]`, read beside a district word, translated): another district's police is
# not that row (and, as before, not the town's IVS); the Railway district, in any language, is.
# Branch reg20 added the Kyivskyi and Tsentralnyi (Central) district police of Simferopol (QHA,
# May 2018), so those districts' texts moved to the test below; the Leninsky district, not in
# the registry, keeps this one.
@pytest.mark.parametrize("ref", ["в Ленинском РОВД Симферополя"])
def test_a_district_police_department_is_not_the_towns_ivs(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "district" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("the Kyivsky District Police Department of Simferopol",
     "ua-crimea-simferopol-kyivskyi-district-police"),
    ("в Киевском РОВД Симферополя", "ua-crimea-simferopol-kyivskyi-district-police"),
    ("the Centralny district police station in Simferopol",
     "ua-crimea-simferopol-tsentralnyi-district-police"),
])
def test_each_simferopol_district_police_is_its_own_row(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "в Железнодорожном РОВД Симферополя",
    "the Zaliznychnyi District Police Department of Aqmescit (Simferopol)",
    "Залізничний районний відділ поліції Сімферополя"])
def test_the_railway_district_police_of_simferopol_is_its_own_row(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-crimea-simferopol-railway-district-police"), got


def test_the_towns_ivs_is_still_named_by_its_kind(matcher):
    for ref in ("the Simferopol temporary detention facility", "з сімферопольського ІТТ"):
        got = matcher.match(ref)
        assert (got.match_status, got.facility_id) == ("matched", "ua-crimea-simferopol-ivs"), ref
    # ... and the district police of a town whose registry row is its police building
    got = matcher.match("the Kupyansk district police department")
    assert (got.match_status, got.facility_id) == ("matched", "ua-kharkiv-kupiansk-police"), got


# An IVS written with its police department ("в изоляторе временного содержания …
# городского отдела милиции", dev round 59) is the cells, so the town's IVS row, not one of
# its district police rows; a police word alone still fits both, and a named district's
# department still says which.
@pytest.mark.parametrize("ref, want", [
    ("в изоляторе временного содержания Симферопольского городского отдела милиции",
     ("matched", "ua-crimea-simferopol-ivs")),
    ("в ИВС отдела полиции Симферополя", ("matched", "ua-crimea-simferopol-ivs")),
    ("в отделе полиции Симферополя", ("ambiguous", "")),
    ("в ИВС Железнодорожного РОВД Симферополя",
     ("matched", "ua-crimea-simferopol-railway-district-police")),
])
def test_an_ivs_written_with_its_police_department_is_the_ivs(matcher, ref, want):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == want, got


# --- rounds 13 and 14's error classes (branch i8w, tests/data/ROUNDS.md) -----------------

@pytest.mark.parametrize("ref", [
    "у підвалі захопленого санаторію",
    "they held him at the railway station for a week",
    "в здании военкомата, который заняли военные",
    "у приміщенні районної державної адміністрації",
])
def test_a_kind_of_building_with_no_town_is_no_facility(matcher, ref):
    # many towns have a sanatorium, a station, a military commissariat: the registry's one
    # such building is not singled out by the word alone
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "kind of building" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("у військкоматі в Ізюмі", "ua-kharkiv-izium-military-commissariat"),
    ("the basement of the railway station in Trostianets", "ua-sumy-trostianets-railway-station"),
    ("санаторий «Новозыбков»", "ru-bryansk-novozybkov-sizo-2"),
])
def test_a_kind_of_building_in_its_town_is_the_facility(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "they were driven from Mariupol to Vinnytsia",
    "вивезли з Маріуполя до Бердичева",
    "из Мариуполя в Тамбов",
    "portati da Mariupol a Rostov",
    "déportés de Marioupol à Lyon",
])
def test_the_start_of_a_route_is_not_the_place_of_holding(matcher, ref):
    # Mariupol has one registry row; a route from it says where people were taken from
    got = matcher.match(ref)
    assert got.match_status != "matched", got
    if got.match_status == "ambiguous" and "route" in got.match_reason:
        assert "ua-donetsk-mariupol-central-police" in got.match_reason


@pytest.mark.parametrize("ref, fid", [
    # no route: the town's one row (Mariupol until reg48a added its SIZO)
    ("з Новоазовська", "ua-donetsk-novoazovsk-filtration"),
    ("из исправительной колонии № 6 в Копейске", "ru-chelyabinsk-kopeisk-ik-6"),
])
def test_a_from_word_without_a_route_still_matches(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "a network of torture chambers at the ZNPP and in Enerhodar",
    "ціла мережа катівень на ЗАЕС",
    "un réseau de prisons à Izioum",
])
def test_a_network_of_places_is_several(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref", [
    "du sous-sol d'Izioum",  # French "sol" (ground) shares the key of "school"
    "dans le sous-sol de la prison improvisée d'Izioum",
])
def test_a_french_basement_is_no_school(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status != "matched" and "school" not in got.match_reason.split(":")[0], got


def test_a_network_word_is_no_count_of_people_or_a_set_up(matcher):
    got = matcher.match("the Russians set up a filtration camp in Bezimenne")
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-bezimenne-filtration")


@pytest.mark.parametrize("ref, fid", [
    ("катівня в селі Гракове Балаклійської ОТГ", "ua-kharkiv-hrakove-torture-site"),
    ("база відпочинку біля села Новоплатонівка Ізюмської ТГ",
     "ua-kharkiv-novoplatonivka-holiday-camp"),
    ("катівня в селі Гракове Балаклійської об'єднаної територіальної громади",
     "ua-kharkiv-hrakove-torture-site"),
])
def test_a_towns_community_is_its_area_not_a_second_town(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "в исправительном центре в Улан-Удэ",
    "the correctional centre in Kopeisk",
    "виправний центр у Копейську",
])
def test_a_correctional_centre_is_not_the_towns_colony(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status != "matched", got


def test_the_towns_colony_is_still_its_colony(matcher):
    got = matcher.match("в исправительной колонии в Копейске")
    assert (got.match_status, got.facility_id) == ("matched", "ru-chelyabinsk-kopeisk-ik-6"), got



@pytest.mark.parametrize("ref, fid", [
    ("the medical unit of SIZO-1 in Rostov-on-Don", "ru-rostov-rostov-on-don-sizo-1"),
    ("в медчасти СИЗО-1 Ростова-на-Дону", "ru-rostov-rostov-on-don-sizo-1"),
    ("the prison hospital in Rostov-on-Don", "ru-rostov-rostov-prison-hospital"),
])
def test_a_facilitys_medical_unit_is_that_facility(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "the medical facility of a detention center in Rostov",
    "in the medical wing of the detention facility in Rostov-on-Don",
])
def test_the_medical_unit_of_an_unnamed_centre_is_no_prison_hospital(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref", ["в Т-2 Ельца", "ФКУ Т-2 г. Елец", "переведён в Т-2 (Елец)"])
def test_an_fsin_prison_short_name_is_a_prison_and_its_number(matcher, ref):
    # "Т-2" is the FSIN's short name of prison No. 2 (тюрьма), as "ИК-2" of colony No. 2: the
    # kind is read, not only the number
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-lipetsk-yelets-prison-2"), got
    assert "no kind given" not in got.match_reason and got.match_score == 100, got


def test_a_tank_is_not_an_fsin_prison(matcher):
    # two digits after "Т-" name a tank ("Т-72"), never a prison number
    got = matcher.match("Т-72 в Ельце")
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref", ["тюрьма в Ельце", "тюрьма № 2 Ельца", "крытка Ельца"])
def test_a_fleeting_vowel_of_a_short_town_name(matcher, ref):
    # "Ельца", "Ельце" are "Елец" without its fleeting vowel (as "Торжка" is "Торжок")
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-lipetsk-yelets-prison-2"), got


@pytest.mark.parametrize("ref, fid", [
    ("Bij het checkpoint in Manhoesj", "ua-donetsk-manhush-filtration"),
    ("in het SIZO van Koersk", "ru-kursk-kursk-sizo-1"),
])
def test_a_dutch_oe_is_u_in_a_place_name(matcher, ref, fid):
    # Dutch writes the sound u as "oe" ("Manhoesj" is Manhush, "Koersk" Kursk)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "W Wasyliwce działa jedyny teraz rosyjski posterunek kontrolny",
    "na posterunku kontrolnym w Wasyliwce",
])
def test_a_polish_checkpoint_word_names_the_checkpoint(matcher, ref):
    # "posterunek kontrolny" is a checkpoint: the Vasylivka checkpoint, not its dormitory
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-zaporizhzhia-vasylivka-checkpoint-filtration"), got


@pytest.mark.parametrize("ref, fid", [
    ("la colonia penitenciaria siberiana IK-3, también conocida como “Lobo Polar”",
     "ru-yamalo-nenets-kharp-ik-3"),
    ("Kolonię „Wilk Polarny”", "ru-yamalo-nenets-kharp-ik-3"),
    ("la colonia «Lupo polare»", "ru-yamalo-nenets-kharp-ik-3"),
    ('the prison - "Snowy owl"', "ru-yamalo-nenets-kharp-ik-18"),
    ("Colonia russa «Orso polare»", "ru-yamalo-nenets-labytnangi-ik-8"),
])
def test_a_colony_nickname_translated_meets_its_alias(matcher, ref, fid):
    # the nickname's common nouns in another language ([acronyms] polar, wolf, bear, owl)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["колония «Белый лебедь»", "la colonia «Delfín Negro»",
                                 "a colony called the Grey Wolf in Tula"])
def test_another_colonys_nickname_is_not_matched(matcher, ref):
    # another animal, or the wolf of another place, is not the Polar Wolf
    assert matcher.match(ref).match_status != "matched"


@pytest.mark.parametrize("ref", ["керченская колония № 126",
                                 "Керченская исправительная колония №126",
                                 "колонія № 126 у Керчі"])
def test_a_colonys_former_number_recorded_in_the_registry_decides(matcher, ref):
    # the Kerch colony's Ukrainian-era number 126 is recorded (an alias with its source): the
    # town and that number are the registry's Kerch colony
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ua-crimea-kerch-colony"), got


def test_another_number_in_kerch_is_still_not_the_kerch_colony(matcher):
    assert matcher.match("керченская колония № 127").match_status != "matched"


@pytest.mark.parametrize("ref", [
    "женская исправительная колония — ИК-2, расположенная в Автозаводском районе Нижнего Новгорода",
    "a women's penal colony in Nizhny Novgorod",
    "a strict-regime colony in Malaya Loknya",
    "колония строгого режима в Малой Локне",
])
def test_a_womens_colony_is_not_one_of_a_regime_only_men_serve(matcher, ref):
    # Nizhny Novgorod's registry colony is named strict-regime; Malaya Loknya IK-11 a women's
    # colony: the text's words for the other rule them out, and the reason says why
    got = matcher.match(ref)
    assert got.match_status != "matched", got
    assert "regime only men serve" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("женская колония в Малой Локне", "ru-kursk-malaya-loknya-ik-11"),
    ("колония строгого режима в Нижнем Новгороде",
     "ru-nizhny-novgorod-nizhny-novgorod-strict-colony"),
    ("женскую исправительную колонию №31 в Коми", "ru-komi-mikun-ik-31"),
])
def test_a_womens_or_regime_word_that_fits_still_matches(matcher, ref, fid):
    # (a colony whose names say neither fits either)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "в Херсоне во время оккупации в подвальных помещениях областного главка полиции россияне "
    "организовали пыточную",
    "у підвалі обласного управління поліції в Херсоні",
    "in the basement of the Kherson Regional Police Department",
])
def test_a_regions_police_headquarters_is_not_the_towns_ivs(matcher, ref):
    # the region's police headquarters is not the town's police building with its IVS
    assert matcher.match(ref).match_status != "matched"


def test_a_towns_police_building_is_still_its_ivs(matcher):
    got = matcher.match("у відділі поліції в Херсоні")
    assert (got.match_status, got.facility_id) == ("matched", "ua-kherson-kherson-ivs"), got


@pytest.mark.parametrize("ref", ["в Красной Поляне", "колония в Красной Поляне",
                                 "Знаменитая Новочеркасская тюрьма ( \"Красная горка\")"])
def test_one_word_of_a_town_named_with_a_settlement_word_is_not_that_town(matcher, ref):
    # "Красное Село": the settlement word is part of the name; "Красная" alone is not the
    # town (nor is "Красная горка", the Novocherkassk prison's nickname)
    got = matcher.match(ref)
    assert got.facility_id != "ru-saint-petersburg-krasnoye-selo-tsvsig", got
    assert "Krasnoye Selo" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["ЦВСИГ в Красном Селе", "в ЦВСИГ Красного Села",
                                 "the detention centre for foreigners in Krasnoye Selo"])
def test_a_town_named_with_a_settlement_word_is_still_that_town(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ru-saint-petersburg-krasnoye-selo-tsvsig"), got


@pytest.mark.parametrize("ref", ["в Красноармейске", "в городе Красноармейске",
                                 "a filtration camp in Krasnoarmeysk"])
def test_a_street_of_a_facilitys_address_is_no_name_without_a_street_word(matcher, ref):
    # "ул. Красноармейская" of the Krasnodar SIZO-5's address: a town named alike (Krasnoarmeysk,
    # the former Pokrovsk) is not that street
    got = matcher.match(ref)
    assert got.facility_id != "ru-krasnodar-krasnodar-sizo-5", got


@pytest.mark.parametrize("ref, fid", [
    ("СИЗО-5 на Красноармейской улице", "ru-krasnodar-krasnodar-sizo-5"),
    ("W kolonii karnej w osiedlu Komsomolski, w obwodzie tulskim", "ru-tula-donskoy-ik-1"),
    ("колония в микрорайоне Комсомольский в Донском", "ru-tula-donskoy-ik-1"),
])
def test_a_street_or_district_of_the_address_written_as_one_still_counts(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["in ospedale penale ad Omsk", "l'hôpital pénitentiaire d'Omsk",
                                 "im Gefängniskrankenhaus in Omsk"])
def test_a_prison_hospital_in_other_languages_is_a_hospital(matcher, ref):
    # Italian, French, German hospital words: Omsk's prison hospital No. 11, not its IK-6
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ru-omsk-omsk-prison-hospital-11"), got


@pytest.mark.parametrize("ref, fid", [
    ("in der Strafkolonie bei Oleniwka", "ua-donetsk-olenivka-ik-120"),
    ("a colony near Olenivka", "ua-donetsk-olenivka-ik-120"),
    # ... with a loose kind word too: near a village is at it
    ("a jail complex just outside Olenivka", "ua-donetsk-olenivka-ik-120"),
    ("das Gefängnis bei Oleniwka", "ua-donetsk-olenivka-ik-120"),
    ("a camp near Novoplatonivka", "ua-kharkiv-novoplatonivka-holiday-camp"),
    # ... and a word for a kind of building its names say (the Sviatohirsk boarding house
    # is a "recreation" place too, but not near Novoplatonivka)
    ("the holiday camp near Novoplatonivka", "ua-kharkiv-novoplatonivka-holiday-camp"),
])
def test_a_facility_near_its_own_town_is_that_towns_facility(matcher, ref, fid):
    # the Olenivka colony lies outside Olenivka (in Molodizhne): "near Olenivka" is its town
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got
    assert "near" in got.match_reason, got


@pytest.mark.parametrize("ref", ["в колонии под Волгоградом", "колония под Омском",
                                 "prawie wszyscy wolontariusze uwięzieni pod Wołnowachą"])
def test_near_a_town_is_still_not_a_facility_elsewhere_or_one_of_several(matcher, ref):
    # Volgograd's region colony is in Surovikino; Omsk has two colonies; no kind word near
    # Volnovakha: the reason says the text is only near a town
    got = matcher.match(ref)
    assert got.match_status != "matched", got
    assert "only near a town" in got.match_reason, got


@pytest.mark.parametrize("ref", ["фільтраційний табір під Донецьком",
                                 "a filtration camp near Melitopol", "СИЗО под Херсоном",
                                 # a loose kind word near a city, hyphenated or not
                                 "a jail near Taganrog",
                                 "Ulan-Ude şehrinin yakınında bulunan bir cezaevi",
                                 "Yoşkar-Ola yakınlarındaki bir hapishane",
                                 # a word for a kind of building near a city
                                 "a holiday camp near Kharkiv"])
def test_near_a_city_is_one_of_many_places_around_it(matcher, ref):
    # a city of 10,000 or more: "near" it is one of many places around it (Olenivka is "під
    # Донецьком"), never its own facility
    got = matcher.match(ref)
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref", ["a jail near Taganrog", "колонии под Смоленском",
                                 "the filtration camps near Mariupol"])
def test_the_reason_for_near_a_city_says_near_not_that_the_place_has_none(matcher, ref):
    # "no SIZO … at that place; other facilities there: …taganrog-sizo-2" read as if Taganrog
    # had no SIZO; the text is only near the city
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert "only near a town" in got.match_reason and "at that place" not in (
        got.match_reason), got


@pytest.mark.parametrize("ref, fid", [
    ("ИК-8 в ЯНАО", "ru-yamalo-nenets-labytnangi-ik-8"),
    ("Colonia russa di orsi polari a Yanao", "ru-yamalo-nenets-labytnangi-ik-8"),
])
def test_an_autonomous_okrug_by_its_acronym_is_its_region(matcher, ref, fid):
    # "ЯНАО"/"Yanao" is the Yamalo-Nenets Autonomous Okrug (with the region, the nickname's
    # common words "polar bears" name the Polar Bear colony)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_colony_in_an_okrug_by_its_acronym_is_one_of_its_colonies(matcher):
    assert matcher.match("колония в ЯНАО").match_status == "ambiguous"


@pytest.mark.parametrize("ref", ["the No. 3 penal colony in the Russian Arctic",
                                 "la colonia penale n.3 nell'Artico russo", "ИК-3 в Арктике"])
def test_the_russian_arctic_is_its_arctic_regions(matcher, ref):
    # the Arctic names the regions wholly in Russia's Arctic zone (one word, several regions):
    # colony No. 3 there is Kharp's, not Skopin's IK-3 in Ryazan oblast
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-yamalo-nenets-kharp-ik-3"), got


def test_an_arctic_colony_without_a_number_is_one_of_several(matcher):
    assert matcher.match("the Arctic penal colony").match_status == "ambiguous"


@pytest.mark.parametrize("ref", ["колония #1 (Ссновка)", "в Сновську", "у місті Бар"])
def test_a_nickname_word_does_not_reach_a_town_through_its_stem(matcher, ref):
    # "snowy" (stem "snov") and German "Bär" (stem "bar") are read as written only: a typo of
    # Sosnovka, the town of Snovsk or of Bar is no "polar" or "bear" of a colony's nickname
    got = matcher.match(ref)
    assert got.facility_id not in ("ru-yamalo-nenets-kharp-ik-18",
                                   "ru-yamalo-nenets-labytnangi-ik-8"), got
    assert got.match_status != "ambiguous" or "11 facilities" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["a pseudo ‘police station’ in Kozacha Lopan",
                                 "a torture chamber in the district police department [building] "
                                 "in Kozacha Lopan"])
def test_a_villages_police_building_site_recorded_in_the_registry(matcher, ref):
    # the registry's Kozacha Lopan row records its police-building site (the occupiers'
    # "People's Militia"), with its source: a police word there is that row
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-kharkiv-kozacha-lopan-torture-sites"), got


# --- rounds 16 and 17's error classes, on dev (branch m17, tests/data/ROUNDS.md) ---------

@pytest.mark.parametrize("ref", ["Бердянского тюремного замка", "Царицынский тюремный замок",
                                 "the old prison castle of Berdiansk"])
def test_a_prison_castle_is_a_prison_stated_firmly(matcher, ref):
    # "тюремный замок" (a town's 19th-century prison building) names a prison firmly: not the
    # town's colony loosely, nor a facility elsewhere through a stray word
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "prison" in got.match_reason, got


def test_a_prison_castle_in_a_town_with_a_prison_is_that_prison(matcher):
    got = matcher.match("тюремный замок во Владимире")
    assert (got.match_status, got.facility_id) == ("matched", "ru-vladimir-vladimir-central"), got


@pytest.mark.parametrize("ref", ["Камышинский тюремный замок", "тюремный замок в Камышине"])
def test_a_prison_castle_may_be_the_town_s_sizo(matcher, ref):
    # many prison castles are SIZOs today: where the town's one facility is its SIZO, the
    # castle is that SIZO (round 51's row; not a colony, as above)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-volgograd-kamyshin-sizo"), got


@pytest.mark.parametrize("ref", [
    "Специальный приемник для административно арестованных во Владимире",
    "спецприемник во Владимире",
    "спеціальний приймальник у Володимирі"])
def test_a_special_detention_centre_is_no_fsin_prison(matcher, ref):
    # a police special detention centre (spelt out or short) is not the town's prison loosely
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "special detention centre" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("спецприемнике поселка Сахарово", "ru-moscow-oblast-sakharovo-tsvsig"),
    ("a special detention center in Tambov", "ru-tambov-special-detention-centre"),
    ("специальный приемник в Тамбове", "ru-tambov-special-detention-centre")])
def test_a_special_detention_centre_still_reaches_special_and_foreigners_centres(matcher, ref,
                                                                                  fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["самой строгой колонии Красноярского края",
                                 "the harshest colony in Buryatia",
                                 "найсуворішої колонії Бурятії"])
def test_a_superlative_with_a_region_alone_picks_no_registry_facility(matcher, ref):
    # "the strictest colony of Krasnoyarsk krai" is chosen among the region's colonies by a
    # quality the registry does not record: its one registry colony there need not be it
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "quality" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("a strict-regime colony in Buryatia", "ru-buryatia-ulan-ude-ik-8"),
    ("самый большой СИЗО Курска", "ru-kursk-kursk-sizo-1"),
    ("История старейшего СИЗО Москвы «Бутырская тюрьма»", "ru-moscow-butyrka-sizo-2")])
def test_a_superlative_beside_a_town_or_name_still_matches(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref, fid", [
    ("женскую колонию в Запорожской области", "ua-zaporizhzhia-melitopol-colony-144"),
    ("жіночу колонію в Запорізькій області", "ua-zaporizhzhia-melitopol-colony-144"),
    ("a women's colony in Zaporizhzhia oblast", "ua-zaporizhzhia-melitopol-colony-144"),
    ("женская колония в Мелитополе", "ua-zaporizhzhia-melitopol-colony-144")])
def test_a_womens_colony_is_the_one_whose_names_say_women(matcher, ref, fid):
    # a women's word keeps its kind word ("женская колония" is a colony) and, of the colonies
    # that fit, picks the one the registry records as holding women
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_colony_with_no_womens_word_stays_one_of_several(matcher):
    assert matcher.match("колонию в Запорожской области").match_status == "ambiguous"


@pytest.mark.parametrize("ref, fid", [
    ("del centro di detenzione temporanea di Cherson", "ua-kherson-kherson-ivs"),
    ("the Voronezh PTDC No. 3", "ru-voronezh-voronezh-sizo"),  # SIZO-3 since branch regnum
    ("Lembaga Pemasyarakatan No. 120", "ua-donetsk-olenivka-ik-120"),
    ("« prison no 2 de l'oblast de Vladimir du service pénitentiaire fédéral de Russie »",
     "ru-vladimir-vladimir-central"),
    ("w kolonii karnej w Oleniwce", "ua-donetsk-olenivka-ik-120"),
    ("Rumah tahanan Kursk", "ru-kursk-kursk-sizo-1")])
def test_kind_words_and_boilerplate_in_more_languages(matcher, ref, fid):
    # Italian "detenzione temporanea" (IVS), English "PTDC" (pre-trial detention centre),
    # Indonesian "Lembaga Pemasyarakatan" / "rumah tahanan", Polish "kolonia karna", and the
    # FSIN's name in French ("service pénitentiaire fédéral") as boilerplate
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref, fid", [
    ('IK-8, kolonia karna zwana "białym niedźwiedziem"', "ru-yamalo-nenets-labytnangi-ik-8"),
    ('kolonia karna zwana "polarnym wilkiem"', "ru-yamalo-nenets-kharp-ik-3")])
def test_polish_nicknames_in_their_cases(matcher, ref, fid):
    # "biały niedźwiedź" (white bear) is the polar bear; Polish instrumental forms and "zwana"
    # (called) carry the nickname
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "aufs Gelände des Aggregat-Werks von Vovtschansk",
    "à l'usine d'agrégats de Vovtchansk",
    "nella fabbrica di Vovchansk"])
def test_a_works_in_german_french_italian_is_a_makeshift_site(matcher, ref):
    # a works ("Werk", "usine", "fabbrica") is a makeshift site, not the town's filtration
    # camp; "Werks" (genitive) and "Gelände" (grounds) name no facility
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-kharkiv-vovchansk-aggregate-plant"), got


def test_were_is_no_german_works(matcher):
    got = matcher.match("the Russians were based in the local district department in Vovchansk")
    assert got.facility_id != "ua-kharkiv-vovchansk-aggregate-plant", got


@pytest.mark.parametrize("ref", [
    "Le département de la ville d'Izium du ministère des Affaires internes de l'Ukraine "
    "dans la région de Kharkiv",
    "le département de police d'Izioum"])
def test_a_french_city_police_department_is_the_towns_police(matcher, ref):
    # "département de la ville" is a city police department ("горотдел"); the MVD's name in
    # French is boilerplate, as "МВД"
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ua-kharkiv-izium-police"), got


@pytest.mark.parametrize("ref", [
    "three filtration camps have been set up in the village of Bezimian",
    "три фільтраційні табори в селі Безіменне"])
def test_counted_camps_in_one_village_are_its_one_registry_site(matcher, ref):
    # several places of a kind in a village where the registry has one site of that kind:
    # the site (a town's several places, or no kind word, stay ambiguous)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-donetsk-bezimenne-filtration"), got


@pytest.mark.parametrize("ref", ["на сьогодні у Маріуполі є дві основні катівні", "two in Olinivka",
                                 "В Лабытнанги и его окрестностях расположены сразу три колонии "
                                 "строгого режима"])
def test_counted_places_in_a_town_or_without_a_kind_stay_several(matcher, ref):
    assert matcher.match(ref).match_status == "ambiguous"


@pytest.mark.parametrize("ref", ["підвалу в військовому містечку Гостомеля",
                                 "в подвале военного городка в Гостомеле",
                                 "a basement in the military town of Hostomel"])
def test_a_military_town_is_another_kind_of_place(matcher, ref):
    # a garrison's housing ("військове містечко") is no registry facility: the town alone does
    # not make it the Hostomel holding site (the reason says how to add it if it is)
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "another kind of place" in got.match_reason, got


def test_a_small_town_word_alone_is_no_military_town(matcher):
    got = matcher.match("з фільтраційного табору в Нікольському, містечку самопроголошеної днр")
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-nikolske-filtration")


@pytest.mark.parametrize("ref, fid", [
    ("die improvisierte Haftanstalt in dem russisch besetzten Dorf Bezimenne 30 Kilometer "
     "östlich von Mariupol", "ua-donetsk-bezimenne-filtration"),
    ("a makeshift prison where Russian forces abused detainees before Ukrainian troops swept "
     "through the border village of Kozacha Lopan", "ua-kharkiv-kozacha-lopan-torture-sites"),
    ("імпровізована в'язниця в Граковому", "ua-kharkiv-hrakove-torture-site")])
def test_a_makeshift_prison_is_a_makeshift_site(matcher, ref, fid):
    # "makeshift prison", "improvisierte Haftanstalt": the phrase takes the prison word with it
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["a makeshift prison in Vladimir", "a torture chamber in Vladimir",
                                 "пыточная во Владимире"])
def test_a_makeshift_place_is_no_towns_fsin_institution(matcher, ref):
    # a makeshift place in a town whose registry facility is a FSIN prison, colony or SIZO is
    # not that institution by the town alone
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "makeshift place" in got.match_reason, got


@pytest.mark.parametrize("ref", [
    "une colonie correctionnelle à régime spécial pour condamnés à perpétuité dans le village "
    "de Kharp",
    "исправительная колония особого режима для пожизненно осужденных в поселке Харп",
    "une colonie pour condamnés à perpétuité à Kharp",
    "a penal colony for lifers in Kharp"])
def test_kharps_lifers_colony_is_the_polar_owl(matcher, ref):
    # the registry records IK-18 ('Polar Owl') as Kharp's colony for life-sentenced prisoners
    # (an alias from its own Wikipedia source); Kharp's IK-3 is not one
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-yamalo-nenets-kharp-ik-18"), got


@pytest.mark.parametrize("ref", [
    "в поселке Сосновка функционирует особорежимная исправительная колония для пожизненно "
    "осужденных",
    "колонии пожизненного заключения в Республике Мордовия",
    "в колонию пожизненного заключения в Мордовии",
    "в колонію довічного ув'язнення в Мордовії",
    "a life-sentence colony in Mordovia"])
def test_mordovias_lifers_colony_is_sosnovkas_ik_1(matcher, ref):
    # the registry records IK-1 (Sosnovka) as a colony for life-sentenced prisoners (its own
    # source says lifers serve there), and a colony named by its sentence ("колония
    # пожизненного заключения") is one; Udarny's IK-10 is not one
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-mordovia-unspecified-ik-1"), got


def test_a_sentence_to_life_names_no_lifers_colony(matcher):
    # "sentenced to life imprisonment" says what the person got, not what the colony is for
    got = matcher.match("приговорен к пожизненному заключению в мордовской колонии")
    assert got.match_status == "ambiguous" and "ru-mordovia-udarny-ik-10" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("Тюрьма и одновременно пыточная боевиков во время оккупации Дружковки",
     "ua-donetsk-druzhkivka-gso-basement"),
    ("тюрьма-пыточная в Граково", "ua-kharkiv-hrakove-torture-site")])
def test_a_prison_word_beside_a_makeshift_word_reaches_a_makeshift_site(matcher, ref, fid):
    # "a prison and at once a torture chamber": the prison is the makeshift place, loosely
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_prison_word_alone_still_does_not_reach_a_makeshift_site(matcher):
    assert matcher.match("тюрьма в Дружковке").match_status == "unmatched"


# --- round 18's classes (after its single scoring) ------------------------------------------

def test_a_prison_hospital_is_a_kind_not_the_name_of_the_one_that_says_it(matcher):
    # "тюремная больница № 3 Челябинска" is an alias of the Chelyabinsk hospital; "тюремная"
    # (prison) is still no name word of it: the text's region decides
    got = matcher.match("в саратовской тюремной больнице")
    assert (got.match_status, got.facility_id) == ("matched", "ru-saratov-saratov-otb-1"), got
    got = matcher.match("в тюремной больнице")
    assert got.match_status == "unmatched" and "no town, number or name" in got.match_reason
    got = matcher.match("тюремная больница № 3 Челябинска")
    assert got.facility_id == "ru-chelyabinsk-chelyabinsk-tb-hospital-3", got


@pytest.mark.xfail(strict=True, reason="reg20 added the Pokrovsky apartment complex in Hostomel: "
                   "these two texts now name a registry place (the first already matches it)")
def test_a_block_of_flats_is_another_kind_of_place(matcher):
    for ref in ("the Pokrovsky apartment complex in the town of Hostomel",
                "у житловому комплексі в Гостомелі"):
        got = matcher.match(ref)
        assert got.match_status == "unmatched" and "another kind of place" in \
            got.match_reason and "ua-kyiv-hostomel-holding-site" in got.match_reason, got


def test_the_pokrovsky_complex_in_hostomel_is_its_own_row(matcher):
    # branch reg20: the complex is now a registry row (the block-of-flats test above predates it)
    got = matcher.match("the Pokrovsky apartment complex in the town of Hostomel")
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-kyiv-hostomel-pokrovsky-complex-basements"), got


@pytest.mark.parametrize("ref", [
    "die „Filterung“ am Flughafen Scheremetjewo",   # German filtration, German airport
    "filtrowanie Ukraińców w Szeremietiewie",       # the people held, by their nation
    "фильтрация украинцев в Шереметьево",
])
def test_filtration_of_ukrainians_at_an_airport_in_other_languages(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ru-moscow-oblast-sheremetyevo-filtration"), got


def test_an_airport_in_other_languages_is_another_kind_of_place(matcher):
    got = matcher.match("Filterung am Flughafen Frankfurt")
    assert got.match_status == "unmatched" and "Flughafen" in got.match_reason, got


# --- round 19's classes (after its single scoring) ------------------------------------------

def test_ukraines_camps_for_russian_prisoners_by_their_names(matcher):
    for ref in ("the Zakhid-1 camp", "табір Захід-1", "лагерь «Запад-1»"):
        got = matcher.match(ref)
        assert got.match_status == "unmatched" and "Ukraine's custody" in got.match_reason, got
    # the registry's Makiivka "Western" colony (No. 97 since branch reg57) is still named by
    # its own words
    got = matcher.match("the Western colony in Makiivka")
    assert got.facility_id == "ua-donetsk-makiivka-colony-97", got


@pytest.mark.parametrize("ref, fid", [
    # an acronym spelt out beside it, in brackets, is the same acronym
    ("Будівля УБОЗ (управління по боротьбі з організованою злочинністю) в Горлівці",
     "ua-donetsk-horlivka-obop-building"),
    ("the organised crime unit building in Horlivka", "ua-donetsk-horlivka-obop-building"),
    ("у будівлі УФСБ у Сімферополі", "ua-crimea-simferopol-fsb-building"),
    # a district administration in Spanish
    ("en Izium, las cámaras de tortura se encontraban en el territorio de la administración "
     "del distrito", "ua-kharkiv-izium-district-administration"),
])
def test_institutions_named_by_acronym_or_in_other_languages(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


# --- round 20's classes (2026-12-02) ------------------------------------------------------

@pytest.mark.parametrize("ref", ["Colony #16 in Poltava Oblast", "колонія №16 на Полтавщині",
                                 "колония № 16 в Полтавской области"])
def test_a_region_without_such_a_facility_is_no_kind_and_number_match(matcher, ref):
    # the registry's only colony No. 16 is Salavat's: a text that places colony No. 16 in a
    # region the registry has nothing in is another colony (here a Ukrainian one)
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "region or district" in got.match_reason, got
    # (and with no region at all, since round 43, ambiguous: Russia numbers its colonies
    # region by region; the registry's one No. 16 is named in the reason)
    got = matcher.match("penal colony No. 16")
    assert got.match_status == "ambiguous" and "ru-bashkortostan-salavat-ik-16" in \
        got.match_reason, got
    assert matcher.match("penal colony No. 16 in Bashkortostan").facility_id == \
        "ru-bashkortostan-salavat-ik-16"


@pytest.mark.parametrize("ref, fid", [
    ("Straflager Nr. 10 in Mordwinien", "ru-mordovia-udarny-ik-10"),
    ("колония № 16 в Башкирии", "ru-bashkortostan-salavat-ik-16"),
    ("колония в Адыгее", "ru-adygea-unspecified-ik-1"),
    ("een filtratiekamp in Nikolske, een stad in de zelfbenoemde volksrepubliek Donetsk (DNR)",
     "ua-donetsk-nikolske-filtration"),
    ("een voormalige school in Nikolske, een dorp ten noordwesten van Marioepol",
     "ua-donetsk-nikolske-filtration"),
])
def test_region_names_and_directions_in_more_languages(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_the_north_caucasus_is_several_regions(matcher):
    got = matcher.match("колония на Северном Кавказе")
    assert got.match_status == "ambiguous" and "ru-adygea-unspecified-ik-1" in got.match_reason


# --- round 21's classes (2026-12-02) ------------------------------------------------------

@pytest.mark.parametrize("ref", ["в Центр по противодействию экстремизму",
                                 "в центре по противодействию экстремизму",
                                 "в центр боротьби з екстремізмом"])
def test_the_police_centre_e_is_no_town_centre(matcher, ref):
    # Russia's police "Centre E" is a police unit: not "the centre" of Kherson, where the
    # registry's city-centre basement is; with no town it names no facility
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "police" in got.match_reason, got
    assert matcher.match("катівня в центрі Херсона").facility_id == \
        "ua-kherson-kherson-centre-basement"


@pytest.mark.parametrize("ref", ["the recreation center"])
def test_a_kind_of_building_many_towns_have_is_not_one_facility(matcher, ref):
    assert matcher.match(ref).match_status != "matched"


def test_a_house_of_culture_the_registry_has_is_that_facility(matcher):
    # this text (KHPG, 2024) was the negative case above until branch reg55 added the Odradivka
    # House of Culture (geo/REVIEW.md, "Round 55 additions"): the text names that row's town
    # and building, and its dev row is relabelled to it (tests/data/relabels_reg55.csv)
    got = matcher.match("a makeshift prison in the building of the House of Culture "
                        "in occupied Odradivka")
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-kherson-odradivka-house-of-culture"), got


def test_a_name_read_with_a_typo_in_another_region_is_not_it(matcher):
    # "Miliz" is one letter from the Sloviansk police row's "міліції", in Donetsk oblast; the
    # text is in the "Luhansk People's Republic"
    got = matcher.match("in einem Keller im Gebäude der so genannten „Miliz“ der „Volksrepublik "
                        "Luhansk“")
    assert got.match_status != "matched", got
    assert matcher.match("в СИЗО Лефортово, куда привезли активистов из Крыма").facility_id == \
        "ru-moscow-lefortovo-sizo"


@pytest.mark.parametrize("ref, fid", [
    ("Balakiya kasabasındaki polis karakolunda", "ua-kharkiv-balakliia-police"),
    ("ruang bawah tanah kantor polisi yang digunakan sebagai tempat penahanan oleh prajurit "
     "Rusia, di kota Izium", "ua-kharkiv-izium-police"),
])
def test_police_words_in_turkish_and_indonesian(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["В одному з підвалів Куп'янська",
                                 "in one of the basements in Kupiansk"])
def test_one_of_a_towns_basements_is_not_its_one_facility(matcher, ref):
    # Kupiansk's one registry row is its police building; "one of the basements" there is
    # one of many, which the text does not name
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "one of several places" in got.match_reason, got
    assert matcher.match("у підвалі в Куп'янську").facility_id == "ua-kharkiv-kupiansk-police"


def test_militia_is_a_police_word_not_a_name(matcher):
    # the 2014 Sloviansk police row is named "Міський відділ міліції з ІТТ": "міліції" is a
    # police word, so a police text with no town is not that row
    got = matcher.match("приміщення відділку міліції з ізолятором тимчасового тримання")
    assert got.match_status == "unmatched", got
    assert matcher.match("в здании милиции в Славянске").facility_id == \
        "ua-donetsk-sloviansk-police-2014"


@pytest.mark.parametrize("ref", ["das Gebäude der Bezirksverwaltung von Kertsch",
                                 "a sanatorium in Berdiansk"])
def test_a_kind_of_building_in_a_town_is_not_its_other_facility(matcher, ref):
    # Kerch's one registry row is its colony, Berdiansk's its colony and (since reg47b) its
    # district administration; a district administration or a sanatorium there is another
    # building, and Izium's district administration is in another town
    assert matcher.match(ref).match_status != "matched"
    assert matcher.match("the district administration building in Izium").facility_id == \
        "ua-kharkiv-izium-district-administration"


def test_a_town_after_the_facilitys_own_that_names_its_region_is_the_region(matcher):
    # "Olenivka, Donetsk": Donetsk gives its name to Olenivka's region; written first, it is
    # a second place ("from Donetsk to Olenivka")
    got = matcher.match("lembaga pemasyarakatan di Olenivka, Donetsk")
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got
    assert matcher.match("from Donetsk to Olenivka colony").match_status == "ambiguous"


@pytest.mark.parametrize("ref, fid", [
    ("w areszcie Lefortowskim", "ru-moscow-lefortovo-sizo"),
    ("z Butyrskiego aresztu", "ru-moscow-butyrka-sizo-2"),
    ("ve vazbě Lefortovského vězení", "ru-moscow-lefortovo-sizo"),
])
def test_polish_and_czech_adjectives_of_a_name(matcher, ref, fid):
    # "-skiego", "-ského": the adjective of a name, as Russian "Лефортовского"
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_town_that_names_its_region_may_hold_the_region_s_facilities_of_unknown_town(matcher):
    # registry: Stavropol Krai's IK-1 has no town, IK-11 is in the city of Stavropol, IK-7 in
    # Zelenokumsk. "Stavropol" may be the city or the krai, and IK-1 may be in the city:
    got = matcher.match("penal colony No. 1 of Stavropol")
    assert (got.match_status, got.facility_id) == ("matched", "ru-stavropol-unspecified-ik-1"), got
    assert "only as Stavropol Krai" in got.match_reason, got
    # with no number, the city's colony and the one of unknown town both fit
    got = matcher.match("в колонии Ставрополя")
    assert got.match_status == "ambiguous" and "ru-stavropol-unspecified-ik-1" in \
        got.match_reason and "ru-stavropol-stavropol-ik-11" in got.match_reason, got
    # a number recorded in the city, or in another known town, keeps its own reading
    assert matcher.match("IK-11 Stavropol").facility_id == "ru-stavropol-stavropol-ik-11"
    assert matcher.match("колония №7 в Ставрополе").match_status == "unmatched"
    # a facility whose town is known but too short to read (Yaya, "Яя") is no facility of
    # unknown town: Kemerovo's colony hospital stays the one the text names
    assert matcher.match("the hospital at Penal Colony No. 5 in Kemerovo").facility_id == \
        "ru-kemerovo-kemerovo-ik-5-hospital"
    # a town that does not name the region (Stary Oskol, Belgorod oblast) is its own town
    assert matcher.match("СИЗО в Старом Осколе Белгородской области").facility_id == \
        "ru-belgorod-stary-oskol-sizo"


@pytest.mark.parametrize("ref, fid", [
    ("the FSB office in Simferopol", "ua-crimea-simferopol-fsb-building"),
    ("в офісі ФСБ у Сімферополі", "ua-crimea-simferopol-fsb-building"),
    ("the Federal Security Service building in Simferopol", "ua-crimea-simferopol-fsb-building"),
])
def test_a_body_s_office_in_a_town_is_its_site_there(matcher, ref, fid):
    # "office" is another kind of place than a building; the FSB (a body, `[places]
    # institutions`) with the town is the town's FSB site, though several rows say FSB
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got
    # an office with only the town is not any of the town's facilities; nor is a place
    # descriptor of the acronym list ("the centre of Kherson") a body
    assert matcher.match("an office in Simferopol").match_status == "unmatched"
    assert matcher.match("an office building in the centre of Kherson").match_status != \
        "matched"


@pytest.mark.parametrize("ref", ["в СИЗО Улан-Удэ", "the SIZO in Ulan-Ude",
                                 "у слідчому ізоляторі Улан-Уде"])
def test_a_sizo_word_in_a_city_is_its_own_sizo(matcher, ref):
    # registry: Ulan-Ude (430,000 people) has only IK-8; a city that size has a SIZO of its
    # own, so the SIZO word there is not the colony
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "ru-buryatia-ulan-ude-ik-8" in \
        got.match_reason, got
    # a village's one facility, or a small town's, may still be called a SIZO (loosely)
    assert matcher.match("слідчий ізолятор в Оленівці").facility_id == \
        "ua-donetsk-olenivka-ik-120"
    assert matcher.match("SIZO in Verkhneuralsk").facility_id == \
        "ru-chelyabinsk-verkhneuralsk-prison"


@pytest.mark.parametrize("ref", ["у 5 відділенні судово-медичної експертизи",
                                 "в бюро судово-медицинской экспертизы"])
def test_the_first_half_of_a_compound_adjective_is_no_town_with_a_typo(matcher, ref):
    # "судово" is one letter from Sedove (a registry camp); a lower-case word joined by a
    # hyphen to a lower-case adjective is a word of the language, not that town misspelt
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "sedove" not in got.match_reason, got
    # the town itself, and a town written with a hyphen in lower case, still match
    assert matcher.match("в седове").facility_id == "ua-donetsk-sedove-camp"
    assert matcher.match("в колонии в кирово-чепецке").facility_id == \
        "ru-kirov-kirovo-chepetsk-ik-11"


@pytest.mark.parametrize("ref", ["в психиатрическом отделении", "in a psychiatric ward",
                                 "у психіатричній лікарні"])
def test_psychiatric_is_a_kind_of_hospital_not_a_name(matcher, ref):
    # the registry's one psychiatric hospital (Magnitogorsk) is not every psychiatric ward
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "hospital" in got.match_reason, got
    assert matcher.match("в психиатрической больнице в Магнитогорске").facility_id == \
        "ru-chelyabinsk-magnitogorsk-prison-hospital"


@pytest.mark.parametrize("ref, fid", [
    ("das Kursker Untersuchungsgefängnis", "ru-kursk-kursk-sizo-1"),  # German "-er"
    ("im Moskauer Gefängnis „Lefortowo“", "ru-moscow-lefortovo-sizo"),
    ("Olenivkassa sijaitseva vankila", "ua-donetsk-olenivka-ik-120"),  # Finnish "-ssa"
    ("the maximum-security Vladimir Central", "ru-vladimir-vladimir-central"),
    ("в исправительно-трудовой колонии в Кызыле", "ru-tyva-kyzyl-ik-1"),  # ИТК spelt out
    # a bracketed initialism of the words before it is no unknown name
    ("в межобластной психиатрической больнице (МПБ) Магнитогорска",
     "ru-chelyabinsk-magnitogorsk-prison-hospital"),
    ("в ФСБ-шном изоляторе в Ростове", "ru-rostov-rostov-on-don-sizo-4"),
    # classes of rounds 26 and 27
    ("в камері в Ровеньках", "ua-luhansk-rovenky-site"),  # a plural town's locative
    ("з Ровеньків", "ua-luhansk-rovenky-site"),
    # ... and its Russian adjective in "-ковский" (round 66: «Алешковский» of Алешки)
    ("Алешковский отдел полиции", "ua-kherson-oleshky-police"),
    ("в Ровеньковском лагере", "ua-luhansk-rovenky-site"),
    ("the Saint Petersburg Aliens Detention Centre", "ru-saint-petersburg-krasnoye-selo-tsvsig"),
    ("the Moscow CTDFN Sakharovo", "ru-moscow-oblast-sakharovo-tsvsig"),  # Moscow: the region
    ("politistasjonen i Energiarbeiderveien 3 i Kherson", "ua-kherson-kherson-ivs"),
    ("Bij het checkpoint in Manhoesj", "ua-donetsk-manhush-filtration"),
    # a "camp" word, loose as it is (camp, colony, filtration site), is what a site of no
    # stated kind may be called, as "camp" alone always was
    ("a new camp in Shebekino", "ru-belgorod-shebekino-site"),
    ("campo di filtrazione di Bezimenne, nell’oblast’ di Donetsk",
     "ua-donetsk-bezimenne-filtration"),  # "oblast di": the region, written before its name
    ("фільтраційну тюрму на базі колишньої Волноваської виправної колонії № 120",
     "ua-donetsk-olenivka-ik-120"),  # a filtration prison in the colony known as one
    ("фільтраційну тюрму на базі колишньої волноваської виправної колонії № 120",
     "ua-donetsk-olenivka-ik-120"),  # ... in a text all in lower case too
    ("Центр вблизи деревни Сахарово", "ru-moscow-oblast-sakharovo-tsvsig"),  # near a village
    ("центрального РВВС Сімферополя", "ua-crimea-simferopol-tsentralnyi-district-police"),
    ("катівні у Пісках-Радьківських", "ua-kharkiv-pisky-radkivski-cellar"),  # plural town
    ("the Federal Security Bureau's office in Simferopol", "ua-crimea-simferopol-fsb-building"),
    ("v mučírně na policejní stanici v Chersonu", "ua-kherson-kherson-ivs"),  # Czech
    # round 28: a temporary detention centre "for migrants" is a TsVSIG, not an IVS
    ("the temporary detention center for migrants in the city of Sakharov",
     "ru-moscow-oblast-sakharovo-tsvsig"),
    ("в Богатяновском централе", "ru-rostov-rostov-on-don-sizo-1"),  # a sourced alias
    # a street's former name is the street's; the town after it is still the town
    ("ул. Ленина, бывшая Кирова, в Кирове СИЗО-1", "ru-kirov-kirov-sizo-1"),
    # a torture prison may be a police station made one (the town's only site)
    ("this is prison-torture in the liberated Kupyansk", "ua-kharkiv-kupiansk-police"),
    ("Тюрьма-катівня в Куп’янську", "ua-kharkiv-kupiansk-police"),
    # a facility's name quoted whole decides where the words around it fit other places
    ('колонія "Владимирский централ"', "ru-vladimir-vladimir-central"),
    ('у Володимирській колонії Т-2 "Владимирский централ"', "ru-vladimir-vladimir-central"),
    # Czech "vazební" (of remand): a SIZO, not the town's evacuee hotel
    ("vazební středisko pro teenagery v Taganrogu", "ru-rostov-taganrog-sizo-2"),
    # round 29: the regional administration spelt half out, between acronym and full name
    ("на пятом этаже Донецкой областной госадминистрации", "ua-donetsk-donetsk-oda-nkvd-2014"),
    ("в здании Луганской областной администрации", "ua-luhansk-luhansk-oda-basement"),
    # "nuclear power plant" in Czech, German, Polish
    ("ve sklepech Záporožské jaderné elektrárny", "ua-zaporizhzhia-znpp-industrial-zone"),
    ("im Keller des Atomkraftwerks Saporischschja", "ua-zaporizhzhia-znpp-industrial-zone"),
    # a district written before its town's name is an area, not a second place
    ("queste camere è stata ritrovata a Piski-Radkivskii, nel distretto di Izium",
     "ua-kharkiv-pisky-radkivski-cellar"),
    ("in Pisky-Radkivski, in the district of Izium", "ua-kharkiv-pisky-radkivski-cellar"),
])
def test_more_ways_real_text_writes_a_place(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["a lock-up garage", "в гараже"])
def test_a_common_word_in_a_lower_case_text_is_no_name(matcher, ref):
    # all in lower case, capitals say nothing; but "garage" is a word for a kind of place,
    # never the name of the one registry garage (Stakhanov's)
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "common word" in got.match_reason, got
    assert matcher.match("в гаражі в стаханові").facility_id == "ua-luhansk-stakhanov-garage-2014"


@pytest.mark.parametrize("ref", ["in Kirovskoye village", "в Кировском поселке"])
def test_a_transliterated_adjective_before_a_settlement_word_is_its_name(matcher, ref):
    # "Kirovskoye village" is a village of its own, not Kirov (whose SIZO-1 is registered)
    assert matcher.match(ref).match_status == "unmatched", matcher.match(ref)


@pytest.mark.parametrize("ref", ["the Taganrog detention center", "w areszcie w Taganrogu",
                                 "a detention facility in southern Russia’s Taganrog"])
def test_a_detention_centre_word_is_a_formal_place_of_custody(matcher, ref):
    # Taganrog has SIZO-2 and a hotel used as an accommodation point: "a detention centre"
    # or the Polish "areszt" (custody) is the SIZO, never the hotel
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-rostov-taganrog-sizo-2"), got
    # ... but a juvenile one is its own kind, which Taganrog has not
    assert matcher.match("a juvenile detention centre in Taganrog").match_status == "unmatched"
    # and a temporary one is the IVS
    assert matcher.match("temporary detention facility in Kherson").facility_id == (
        "ua-kherson-kherson-ivs")
    # ... and a body's word beside it still names the body's own (Melitopol also has
    # makeshift sites, which a bare "detention centre" there might be)
    assert matcher.match("the FSB detention centre in Melitopol").facility_id == (
        "ua-zaporizhzhia-melitopol-fsb-detention")


@pytest.mark.parametrize("ref, fid", [
    ("под зданием крымского управления ФСБ", "ua-crimea-simferopol-fsb-building"),
    ("административном здании УФСБ РФ в Крыму", "ua-crimea-simferopol-fsb-building"),
    ("в подвале здания Донецкого областного УСБУ", "ua-donetsk-donetsk-former-sbu-shchorsa"),
    # one directorate for Crimea and the federal city of Sevastopol: the city is a region
    # there, not the Sevastopol SIZO's town
    ("в здании УФСБ по Республике Крым и г. Севастополю", "ua-crimea-simferopol-fsb-building"),
    ("the FSB directorate for Crimea and Sevastopol", "ua-crimea-simferopol-fsb-building"),
    # a body's "department" for a region is its directorate there
    ("taken to the FSB department in Crimea", "ua-crimea-simferopol-fsb-building"),
    # ... the region said by its English adjective, as Russian "крымского" says it
    ("the Crimean FSB department", "ua-crimea-simferopol-fsb-building"),
])
def test_a_body_s_regional_directorate_is_its_directorate_in_the_region(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got
    assert "directorate" in got.match_reason


@pytest.mark.parametrize("ref", [
    # Ukraine's SBU in Kharkiv; the registry's Kharkiv-oblast SBU site is Izium's town office
    "the Kharkiv regional department of the Security Service of Ukraine",
    "в управлении ФСБ по Ростовской области",  # the FSB's SIZO-4 is no directorate
    "в здании ФСБ в Крыму",  # an office of the body, not its directorate
    "в управлении ФСБ по Москве",  # Moscow's directorate is not the FSB's Lefortovo SIZO
    "the FSB department for Moscow",  # ... in English
    "a police department in Crimea",  # no body: a police site, one of several
])
def test_a_body_s_other_offices_are_not_its_directorate(matcher, ref):
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


def test_every_case_of_building_is_a_descriptive_word(matcher):
    # "здания" (of the building) is in the Sloviansk SBU row's Russian name: it named the
    # Sloviansk row for a Donetsk text before it was generic
    got = matcher.match("в подвале здания СБУ Донецкой области")
    assert got.facility_id != "ua-donetsk-sloviansk-sbu-basement-2014", got


@pytest.mark.parametrize("ref, fid", [
    ("«v improvizirane jetniške celice pod železniško postajo v Trostjancu»",
     "ua-sumy-trostianets-railway-station"),  # read as a name, it was the Vasylivka post
    ('«В сизо "лефортово"»', "ru-moscow-lefortovo-sizo"),
    ('"Полярная сова"', "ru-yamalo-nenets-kharp-ik-18"),  # a name in quotes stays a name
])
def test_a_reference_wholly_in_quotes_is_read_inside_them(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_text_all_in_capitals_is_read_as_one_all_in_lower_case(matcher):
    # capitals say nothing in a headline or a form typed with caps lock: every word read
    # as a name left "СУМНОЗВІСНІЙ" an unknown name beside the town
    got = matcher.match("У СУМНОЗВІСНІЙ ОЛЕНІВЦІ")
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-olenivka-ik-120"), got
    # ... and so is a title-case headline ("New" is no name there)
    assert matcher.match("A New Camp For Prisoners Of War In Ukraine").match_status != "matched"
    # ... but not names listed with a lower-case "and", nor an acronym beside an adjective
    assert matcher.match("Лефортовская, Бутырская и Владимирский Централ").match_status == (
        "ambiguous")
    assert matcher.match("в Воронежском СИЗО РФ").facility_id == "ru-voronezh-voronezh-sizo"
    # ... nor a short name in title case, typo and all (the 1M bench's references)
    assert matcher.match("3 Energy Workrs' Street").facility_id == "ua-kherson-kherson-ivs"


@pytest.mark.parametrize("ref", [
    "a new camp for prisoners of war in ukraine",  # the food base's "(new prison)"
    "a special camp somewhere in the west of ukraine",
    "the colony in western ukraine",  # the "Western" colony of Makiivka
    "в одній із українських в’язниць, що знаходиться на північному сході країни",
])
def test_in_a_lower_case_text_only_words_written_as_names_name_a_facility(matcher, ref):
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)
    # ... a word its names write as a name still does, in lower case
    assert matcher.match("західна колонія в макіївці").facility_id == (
        "ua-donetsk-makiivka-colony-97")


@pytest.mark.parametrize("ref", ["в підвалах так званого «мгб» в алчевську та луганську",
                                 "сизо в херсоне и николаеве",
                                 # a town spelt with a typo; facility names
                                 "в с. безымяное и в с. казацкое новоазовского района",
                                 "лефортовская, бутырская и владимирский централ"])
def test_two_towns_joined_by_and_in_a_lower_case_text_are_a_list(matcher, ref):
    # capitals say nothing in lower case: the gazetteer or the registry knows both words as
    # towns or facility names
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    # ... and words that are no towns are no list
    assert matcher.match("сізо для чоловіків та жінок у херсоні").match_status == "matched"


@pytest.mark.parametrize("ref", ["en un internado en la ciudad de sudzhi"])  # "internal"
def test_a_lower_case_text_with_no_kind_is_not_matched_through_typos_alone(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "typo" in got.match_reason, got
    # ... a town with one typo still is the town's one facility ("в оленовке")
    assert matcher.match("в оленовке").facility_id == "ua-donetsk-olenivka-ik-120"
    # Polish "komisariat" is a police station, not two typos from the Komisarivka colony:
    # a police station in Nikolske, which the registry does not record
    got = matcher.match("na komisariat w nikolśkem")
    assert got.match_status == "unmatched" and "police" in got.match_reason, got


@pytest.mark.parametrize("ref", [
    # Pokrovsk, where a town stands, is not Hostomel's "Pokrovsky" complex
    "в підвалі багатоповерхівки на вулиці Степана Бовкуна в Покровську",
    # a border crossing at Chonhar is not the Chonhar SIZO
    "на российско-украинском пограничном переходе Чонгар",
    # a colony is no TsVSIG (their only family was "custodial", and "detention centre" in
    # the TsVSIG's alias made it a prison)
    "в исправительной колонии Владикавказа",
    "a colony in Shebekino",  # a colony word is no site of unstated kind
    "einer Strafkolonie in der Region Cherson",  # German: the region word before its name
    "ein Straflager unweit der Stadt Cherson",  # near the city, not in it
    "a colony near Cherson",  # a large town read with a typo is still a large town
    "в заброшенное здание шахтоуправления недалеко от г. Свердловск",
    # round 28: a street's former name, after a word for "formerly", is not the town Kirov
    "w piwnicy przejętego budynku Służby Bezpieczeństwa Ukrainy przy ulicy Luteranckiej "
    "(dawniej Kirowa)",
    "у підвалі на вулиці Лютеранській (колишня Кірова)",
    "a prison in Kupiansk",  # no word says the prison was a makeshift one
    "СИЗО № 1 на Кировском",  # on Kirovsky prospect (in Rostov), not in Kirov oblast
    # a town of a neighbouring country is not a typo of a Russian town (Hrodna, Belarus,
    # is one letter from Grozny)
    "до великої в’язниці у Гродні",
    "a prison in Grodno",
    # round 29: "the western part of the nation" is a quarter of a country, not the Makiivka
    # "Western" colony; a sanatorium in a region the registry has nothing in is not the
    # Novozybkov SIZO (nicknamed "санаторий «Новозыбков»"), whatever unknown names surround it
    "this prisoner of war facility in the western part of the nation",
    "im Sanatorium Sosnowy Bor (auf Deutsch: Kiefernwald) in der Nähe von Gawrilow-Jamin der "
    "Region Jaroslawl",
])
def test_wrong_matches_of_rounds_26_to_29_are_not_made(matcher, ref):
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize(("ref", "country"), [
    ("до великої в’язниці у Гродні", "Belarus"), ("колония в Кишиневе", "Moldova")])
def test_a_town_abroad_is_named_in_the_reason(matcher, ref, country):
    got = matcher.match(ref)
    assert got.match_status == "unmatched"
    assert f"a town in {country}, outside Russia and Ukraine" in got.match_reason


# --- the third session of 2026-12-03: countries and wide areas -----------------------------

@pytest.mark.parametrize(("ref", "fid"), [
    ("una celda de la cárcel en un departamento de policía en Izium, Ucrania",
     "ua-kharkiv-izium-police"),
    ("het politiebureau in Izium, Oekraïne", "ua-kharkiv-izium-police"),
    ("a colony in Kopeisk, Russland", "ru-chelyabinsk-kopeisk-ik-6"),
])
def test_the_country_in_any_language_is_no_unknown_name(matcher, ref, fid):
    # "Ucrania" (Spanish), "Oekraïne" (Dutch), "Russland" (German) say where in the world:
    # no unknown proper name standing against the town's facility
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize(("ref", "fid"), [
    ("une colonie pénitentiaire de la région de Iakoutsk, en Sibérie orientale",
     "ru-sakha-yakutsk-ik-1"),
    ("a penal colony in the Yakutsk region, eastern Siberia", "ru-sakha-yakutsk-ik-1"),
    ("колония в Якутске, Сибирь", "ru-sakha-yakutsk-ik-1"),
    ("в колонии в российской республике Адыгее на Северном Кавказе",
     "ru-adygea-unspecified-ik-1"),
])
def test_a_wide_area_beside_a_region_in_it_says_no_more_than_the_region(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["ИК-6 в Сибири", "a penal colony in Siberia",
                                 "колония на Урале", "a colony in the Urals",
                                 "колонія в Сибіру"])
def test_a_wide_area_alone_singles_out_no_facility(matcher, ref):
    # Siberia is two dozen regions, each numbering its own colonies: the registry's one IK-6
    # there (Omsk's) is not thereby the one meant
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "only in a wide area" in got.match_reason


def test_a_wide_area_reaches_no_region_outside_it(matcher):
    # Chelyabinsk oblast (Kopeisk's IK-6) is in the Urals, not in Siberia
    got = matcher.match("ИК-6 в Сибири")
    assert "ru-chelyabinsk-kopeisk-ik-6" not in got.match_reason
    assert "ru-omsk-omsk-ik-6" in got.match_reason


def test_a_town_known_by_a_facilitys_name_is_a_town_not_its_region(matcher):
    # Sverdlovsk (now Dovzhansk, Luhansk oblast) is only a name word of the colony there; the
    # text names that town, so the region's one IVS (Sievierodonetsk's) is not it
    got = matcher.match("ИВС в Свердловске Луганской области")
    assert got.match_status != "matched", got
    assert matcher.match("колония в Свердловске").facility_id == "ua-luhansk-dovzhansk-colony-38"


@pytest.mark.parametrize("ref", ["SIZO in Volgograd", "СИЗО в Волгограде", "колония в Вологде",
                                 "ИВС г. Николаев", "the police station in Mykolaiv"])
def test_a_city_named_like_its_region_is_not_the_regions_facility_elsewhere(matcher, ref):
    # Volgograd has its own SIZO-1, which the registry does not record: "SIZO in Volgograd" is
    # not thereby the oblast's SIZO in Kamyshin (the city, or loosely the region: ambiguous)
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "may be the city, where the registry records none, or its region" in got.match_reason


@pytest.mark.parametrize(("ref", "fid"), [
    ("в Волгоградской колонии", "ru-volgograd-surovikino-ik-19"),  # the region's adjective
    ("ИК-19 в Волгограде", "ru-volgograd-surovikino-ik-19"),  # FSIN numbers per region
    ("В Петербурге работает всего один Центр по временному содержанию мигрантов",
     "ru-saint-petersburg-krasnoye-selo-tsvsig"),  # a federal city is its region
    ("a filtration camp in Nikolske", "ua-donetsk-nikolske-filtration"),
    ("el centro de detención de Olenivka, cerca de Donetsk", "ua-donetsk-olenivka-ik-120"),
])
def test_the_region_still_reads_where_the_city_is_not_meant(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["СИЗО, г. Брянка", "колония в городе Брянка", "СИЗО, г. Шахтёрск"])
def test_a_town_written_whole_is_not_another_town_with_its_key(matcher, ref):
    # Bryanka (Luhansk oblast) and Bryansk both have the key "bran"; Shakhtarsk is not Shakhty
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize("ref", ["penal colony in Komsomolsk-on-Amur",
                                 "колония в Калаче-на-Дону", "СИЗО, г. Усть-Лабинск",
                                 "a prison in Kirovsk", "СИЗО, г. Кіровськ", "колония в Кировске"])
def test_a_town_the_registry_has_nothing_in_is_not_a_part_of_its_name(matcher, ref):
    # a hyphenated town is one name ("Amur" of Komsomolsk-on-Amur is not Amur oblast, "Дону"
    # not Donskoy); Kirovsk read whole is Kirovsk, not Kirov with an ending
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize(("ref", "fid"), [
    ("ИК-5 в Петропавловске-Камчатском", "ru-kamchatka-petropavlovsk-kamchatsky-ik-5"),
    ("В ЦВСИГ в Санкт-Петербурге", "ru-saint-petersburg-krasnoye-selo-tsvsig"),
    ("колония в Кирово-Чепецке", "ru-kirov-kirovo-chepetsk-ik-11"),
    ("a prison in Kirov", "ru-kirov-kirov-sizo-1"),
])
def test_a_hyphenated_registry_town_or_federal_city_still_reads(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["СИЗО в Вольске", "колония в Крымске", "penal colony in Krymsk",
                                 "СИЗО в Южном", "СИЗО в Стрые"])
def test_a_town_is_not_a_nickname_region_or_address_word_sharing_its_key(matcher, ref):
    # Volsk's key meets "волке" (the Polar Wolf's nickname), Krymsk's meets Crimea's, Yuzhny's
    # the "станция Южная" of Salavat IK-2's address, Stryi's the "стр." (building) of one
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize(("ref", "fid"), [
    ("колония «Полярный волк»", "ru-yamalo-nenets-kharp-ik-3"),
    ("до Сімферополя в «кримське управління ФСБ»", "ua-crimea-simferopol-fsb-building"),
    ("Colonia russa di orsi polari a Yanao", "ru-yamalo-nenets-labytnangi-ik-8"),
    ("колония на станции Южная", "ru-bashkortostan-salavat-ik-2"),
])
def test_nicknames_crimea_and_addresses_still_read(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_towns_the_registry_has_nothing_in_are_seldom_matched(layer, matcher):
    # bench/probe_towns.py: 11,800 references (2,368 of them Russian locatives, "в СИЗО в
    # Вольске") to 1,364 GeoNames towns of 15,000+ where no registry facility is. 243 were
    # matched (wrongly) at the start of 2026-12-03's third session, 97 after its rules; the
    # bound keeps them from creeping back
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "probe_towns", Path(__file__).resolve().parents[1] / "bench" / "probe_towns.py")
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    refs = probe.references(layer)
    # (11,800 until reg44c put facilities in Bakhchysarai and Yevpatoriia, 11,786 until reg45
    # put one in Skadovsk: 7 references each; 11,779 until reg47a-b put facilities in
    # Armiansk and Novorossiysk: 7 and 11 references; 11,761 until reg48a put one in
    # Balaklava: 7; 11,754 until reg53 put one in Yessentuki: 7; 11,747 until reg55 put
    # facilities in Oleshky and Polohy: 7 references each)
    assert len(refs) == 11733
    wrong = [r for r, _ in refs if matcher.match(r).match_status == "matched"]
    # (94 from 2026-12-04 on; 91 since a colony word no longer reaches a large city's SIZO;
    # 96 since branch reg53's Yessentuki prison row: the stanitsa Yessentukskaya, 5 references
    # ("a prison in Yessentukskaya", «СИЗО, г. Ессентукская»), is read loosely as the town
    # Yessentuki, a matcher class left for mapper/match/, outside that branch's brief)
    # (87 since a settlement named like its neighbour town's adjective, in Latin letters or
    # after a city word, is read as itself: "in Yessentukskaya", "г. Ессентукская")
    # (85 with branch reg55's 7 rows: "the police station in Slavyansk-na-Kubani" and «ИВС г.
    # Славянск-на-Кубани» are no longer matched; no new wrong one; lowered to 85 when reg55
    # merged)
    # (83 since a word after a city word that spells another region's town is that town even
    # in an adjective's shape: «колония, г. Полярный» is not Kharp's "Полярный волк")
    assert len(wrong) <= 83, wrong


# --- round 31's classes (after its single scoring) --------------------------------------

def test_a_region_named_town_before_another_kind_is_not_loosely_its_facility(matcher):
    # "Irkutsk colony" (a headline meaning Angarsk's IK-15) is any colony of Irkutsk oblast,
    # not loosely the city's SIZO-1 (since the fifteenth session "колония в Иркутске" is not
    # either: a city of 100,000 or more has colonies of its own, as in "в колонії в Кірові")
    assert matcher.match("Irkutsk colony").match_status != "matched"


@pytest.mark.parametrize(("ref", "fid"), [
    # Turkish case suffixes after a name's apostrophe, numbers, kinds and nicknames
    ("Kuzey Kutup Dairesi’nde yer alan IK-3 ceza kolonisine", "ru-yamalo-nenets-kharp-ik-3"),
    ("‘Kutup Kurdu’ olarak bilinen ceza kolonisi", "ru-yamalo-nenets-kharp-ik-3"),
    ("Hakasya Cumhuriyeti’nin Abakan kentinde bulunan 33 Numaralı Cezaevinde",
     "ru-khakassia-abakan-ik-33"),
    ("Yamalo-Nenets Özerk Bölgesi'ndeki 3 no'lu cezaevinde", "ru-yamalo-nenets-kharp-ik-3"),
    ("Abakan'daki 33 Nolu koloni", "ru-khakassia-abakan-ik-33"),
    ("Simferopol’deki 2-nci SİZO", "ua-crimea-simferopol-sizo-2"),
    # Crimean Tatar names of Crimea's towns (GeoNames alternate names)
    ("Aqmescit şeeri, 1-nci SİZO", "ua-crimea-simferopol-sizo-1"),
    ("Akmescit’teki FSB ofisine", "ua-crimea-simferopol-fsb-building"),
    ("Qarasuvbazar’daki karakol", "ua-crimea-bilohirsk-ivs"),
])
def test_turkish_and_crimean_tatar_writing(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("word", ["Vil’na", "Dar’ya", "Kam’ianka", "Ternopil’"])
def test_a_ukrainian_apostrophe_is_no_turkish_suffix(word):
    from mapper.match.parse import _TURKISH_SUFFIX
    assert _TURKISH_SUFFIX.match(word) is None


@pytest.mark.parametrize("ref", ["в колонии в Уляновске", "в СИЗО в Орське", "в Карасуке",
                                 "в Курганінске"])
def test_a_town_in_the_locative_is_not_another_towns_name_with_an_ending(matcher, ref):
    # "Уляновске" is Ulyanovsk (not Ulan-Ude), "Орське" Orsk (not the Italian "orsi", bears),
    # "Карасуке" Karasuk (not Karasubazar, Bilohirsk), "Курганінске" Kurganinsk (not Kurgan)
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize(("ref", "fid"), [
    ("z filtračního tábora v Nikolsku", "ua-donetsk-nikolske-filtration"),
    ("колония в Новотроицке", "ru-orenburg-novotroitsk-ik-5"),
    ("в колонии в Благовещенске", "ru-amur-blagoveshchensk-colony"),
])
def test_a_case_of_the_facilitys_own_town_still_reads(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


# --- round 32's classes (after its single scoring) --------------------------------------

@pytest.mark.parametrize("ref", [
    "Penal Colony No. 7, Liegubskaya Street, Segezha, Republic of Karelia",
    "a special regime correctional colony for sentenced to life prisoners in the town of "
    "Sol-Iletsk, Orenburg region",
    "В исправительной колонии города Новомосковска (Тульская область)"])
def test_a_town_named_with_its_region_is_not_the_regions_facility_elsewhere(matcher, ref):
    # Segezha, Sol-Iletsk (Black Dolphin) and Novomoskovsk are towns the registry has nothing
    # in: not Petrozavodsk's, Novotroitsk's or Donskoy's colony
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize(("ref", "fid"), [
    ("a colony in the Vologda region", "ru-vologda-sheksna-ik-12"),
    ("в колонии строгого режима № 6 в Омске", "ru-omsk-omsk-ik-6"),
    ("Курский следственный изолятор № 1", "ru-kursk-kursk-sizo-1"),
    ("«гараж» в Стаханове", "ua-luhansk-stakhanov-garage-2014"),
])
def test_a_region_or_its_own_town_still_reads(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["в автоколонне в Ростове",
                                 "с гуманитарной автоколонной в Донецке"])
def test_a_cyrillic_word_ending_as_a_compound_head_is_no_kind(matcher, ref):
    # a convoy ("автоколонна") is not a colony: compound heads are read in Latin script only
    got = matcher.match(ref)
    assert got.match_status != "matched" and "colony" not in got.match_reason, got


def test_a_common_word_for_a_place_is_a_name_only_beside_its_town(matcher):
    # "“i garage”" (Melitopol's garages) is not the Stakhanov garage of 2014
    got = matcher.match("“i garage”: una fabbrica abbandonata usata per torturare gli ucraini")
    assert got.match_status != "matched", got


@pytest.mark.parametrize(("ref", "status", "fid"), [
    ("Korrekturkolonie Nr. 2, Oblast Wladimir", "unmatched", ""),  # IK-2 Pokrov: no No. 2 here
    ("Korrekturkolonie Nr. 7 in Pakino", "matched", "ru-vladimir-pakino-ik-7"),
    ("Besserungskolonie Nr. 6 in Omsk", "matched", "ru-omsk-omsk-ik-6"),
    # round 65: any compound whose head is a colony, not one listed word at a time
    ("Justizvollzugskolonie Nr. 2 der Föderalen Strafvollzugsbehörde der Region Wladimir",
     "unmatched", ""),  # was Vladimir Central (prison No. 2) by region: no kind read
    ("Arbeitskolonie Nr. 7 in Pakino", "matched", "ru-vladimir-pakino-ik-7"),
    ("in der Hochsicherheitsstrafkolonie Nr. 6 in Omsk", "matched", "ru-omsk-omsk-ik-6"),
])
def test_a_german_compound_for_a_correctional_colony_is_a_colony(matcher, ref, status, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (status, fid), got


# --- round 33's classes (after its single scoring) --------------------------------------

@pytest.mark.parametrize("ref", ["dal penitenziario di Pokrov", "v zaporu v ruskem mestu Pokrov"])
def test_a_town_as_written_is_not_a_name_word_of_a_facility_elsewhere(matcher, ref):
    # Pokrov (Vladimir oblast, Navalny's IK-2) is not Hostomel's "Pokrovsky" complex
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize(("ref", "fid"), [
    # ("ИК-37 в поселке Яя" names a place, but the village's two letters leave a one-letter
    # key the matcher does not read: since round 43 that is a Russian number alone, ambiguous)
    ("ИК-37 в Кемеровской области", "ru-kemerovo-yaya-ik-37"),
    ("at Colony No. 90", "ua-kherson-kherson-colony-90"),  # Ukraine numbers nationally
    ("колония №33 в Абакане", "ru-khakassia-abakan-ik-33"),
    ("the Pokrovsky apartment complex in the town of Hostomel",
     "ua-kyiv-hostomel-pokrovsky-complex-basements"),
])
def test_numbers_and_names_with_their_place_still_read(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_a_common_word_for_a_place_in_a_region_is_no_name(matcher):
    assert matcher.match("гаражі на Луганщині").match_status != "matched"


def test_matching_many_references_in_parallel_gives_the_same_answers(layer):
    # the join shares a large batch of distinct references out between forked processes
    # (mapper.match.matcher.PARALLEL_FROM): the answers must be those of matching one by one,
    # in order
    refs = [r["mention"] for r in _real_rows("dev")]
    assert len(set(refs)) >= PARALLEL_FROM
    single = Matcher(layer)
    one_by_one = [single.match(r) for r in refs]
    assert Matcher(layer).match_many(refs) == one_by_one


@pytest.mark.parametrize("ref, fid", [
    # two hospitals No. 3 in Chelyabinsk: the branch of medicine the text says decides
    ("в тюремній туберкульозній лікарні №3 Челябінська (РФ)",
     "ru-chelyabinsk-chelyabinsk-tb-hospital-3"),
    ("туберкулезной больницы № 3 ГУФСИН Челябинской области",
     "ru-chelyabinsk-chelyabinsk-tb-hospital-3"),
    ("в ЛИУ-3 Челябинска", "ru-chelyabinsk-chelyabinsk-liu-3"),
])
def test_the_branch_of_medicine_says_which_hospital_of_a_town(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    "в больнице № 3 Челябинска",  # no branch said: either hospital No. 3
    "В ЛИУ-3",  # no place: any region's LIU-3, not Chelyabinsk's by its branch
])
def test_no_branch_of_medicine_or_no_place_leaves_the_hospitals_open(matcher, ref):
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize("ref", [
    "the Polar Bear Maximum Security Penal Colony in Labytnangi",
    'в колонии в "Лабытнанги"',
])
def test_a_word_naming_the_facility_s_town_names_no_other_facility(matcher, ref):
    # Labytnangi is IK-8's town and a word of the Kharp colonies' address ("г. Лабытнанги,
    # пгт Харп"): the text names one facility, not three
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ru-yamalo-nenets-labytnangi-ik-8"), got


@pytest.mark.parametrize("ref", [
    "local Penal Colony No. 14",  # round 34: the town (Sukhobezvodnoye) is a sentence away
    "the local colony No. 14",
])
def test_local_with_a_kind_and_number_only_is_not_the_registry_s_one(matcher, ref):
    # every region numbers its own colonies: "local" says the town is named elsewhere
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "'local'" in got.match_reason


@pytest.mark.parametrize("ref", [
    # Turkish postposition: "near the city of Yoshkar-Ola", not the city's IK-6
    "Rusya’nın Mari El Cumhuriyeti’nin başkenti Yoşkar-Ola şehrinin yakınında bulunan bir "
    "cezaevine",
])
def test_a_near_word_after_the_town_makes_it_a_landmark(matcher, ref):
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize("ref, fid", [
    # what the text thinks of the place, and the word "name", are no name words
    ("Olenivka, and Notorious detention center outside Donetsk", "ua-donetsk-olenivka-ik-120"),
    ("den Namen Isolazija (Isolation)", "ua-donetsk-donetsk-izolyatsia"),
    # the Kozacha Lopan row's railway-station site (alias sourced from NPR, 2022-09-22)
    ("una camera di tortura all’interno della stazione ferroviaria di Kozacha Lopan",
     "ua-kharkiv-kozacha-lopan-torture-sites"),
])
def test_round_34_descriptive_words_and_a_sourced_site(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", [
    # round 35: a children's camp of the same name in Yevpatoriia, its case ending replacing
    # the nominative's vowel ("Євпаторії"), is not the Bucha camp
    "дитячий табір “Променистий” у Євпаторії",
    "лагерь «Променистий» в Евпатории",
    # Vietnamese: a prison at Mariupol's airport (a claim about a Ukrainian site) is not the
    # city's police building
    "một nhà tù bí mật của Ukraine tại sân bay Mariupol",
])
def test_round_35_namesakes_and_other_places(matcher, ref):
    assert matcher.match(ref).match_status != "matched", matcher.match(ref)


@pytest.mark.parametrize("ref", [
    "Polizeipräsidium in Isjum", "gendarmerie à Izioum", "esquadra de Izium",
    "na policejní služebně v Izjumu", "na policajnej stanici v Izjume",
    "secția de poliție din Izium", "Izjumin poliisilaitoksella", "Izjumi politseijaoskonnas",
    "Izjumas policijas iecirknī", "Izjumo policijos nuovadoje", "politiekantoor in Izjum",
    "İzyum emniyet müdürlüğü", "İzyum polis bölməsi", "đồn cảnh sát ở Izium",
    "stacioni i policisë në Izium", "komisariat w Iziumie"])
def test_police_station_words_of_latin_script_languages(matcher, ref):
    # Izium has eight registry sites: only the word for a police station singles one out
    assert matcher.match(ref).facility_id == "ua-kharkiv-izium-police", matcher.match(ref)


@pytest.mark.parametrize(("ref", "expected"), [
    ("Izjumban rendőrség", "ua-kharkiv-izium-police"),  # Hungarian "in"
    ("Olenyivkában börtön", "ua-donetsk-olenivka-ik-120"),  # ... after a lengthened vowel
    ("Olenivkos kalėjime", "ua-donetsk-olenivka-ik-120"),  # Lithuanian genitive
    ("die Polizeistation Chersons", "ua-kherson-kherson-ivs"),  # German genitive
    ("politiebureau in Izjoem", "ua-kharkiv-izium-police")])  # Dutch "oe" for "u"
def test_a_town_in_a_latin_script_case_ending_or_spelling(matcher, ref, expected):
    assert matcher.match(ref).facility_id == expected, matcher.match(ref)


@pytest.mark.parametrize("ref", ["Budapesten rendőrség", "Debrecenben börtön"])
def test_a_case_ending_cut_reads_only_a_registry_town(matcher, ref):
    # a town no registry facility is in stays unknown, and the reason names the word as
    # written
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and ref.split()[0] in got.match_reason, got


def test_a_verb_of_finding_before_a_police_word_says_who_found_the_place(matcher):
    # German, Dutch word order: the verb comes before its subject
    got = matcher.match("Im kürzlich befreiten Ort Pisky-Radkiwski fand die Polizei eine "
                        "von russischen Truppen betriebene Folterkammer")
    assert got.facility_id == "ua-kharkiv-pisky-radkivski-cellar", got
    assert matcher.match("In Izjum vond de politie een martelkamer").match_status != "matched"


@pytest.mark.parametrize("ref", [
    "im Keller der Schule in Isjum", "sous-sol de l’école à Izioum", "escuela de Izium",
    "porão da escola de Izium", "subsolul școlii din Izium", "Izjumban iskola pincéjében",
    "Izjumin koulun kellarissa", "Izjumas skolas pagrabā", "Izjumo mokyklos rūsyje",
    "skolens kælder i Izjum", "İzyum okulun bodrumunda", "İzyum məktəbin zirzəmisində",
    "ruang bawah tanah sekolah di Izium", "tầng hầm trường học ở Izium",
    "bodrumi i shkollës në Izium"])
def test_school_words_of_other_languages(matcher, ref):
    # Izium has eight registry sites, one of them a school
    assert matcher.match(ref).facility_id == "ua-kharkiv-izium-school-2", matcher.match(ref)


@pytest.mark.parametrize("ref", [
    "továrna ve Vovčansku", "uzina din Vovceansk", "Vovcsanszkban üzem",
    "Vovtšanskin tehtaalla", "Vovtšanski tehases", "Vovčanskas rūpnīcā",
    "Vovčansko gamykloje", "fabriek in Vovtsjansk", "Vovçansk fabrikada",
    "pabrik di Vovchansk", "nhà máy ở Vovchansk", "tvornica u Vovčansku"])
def test_words_for_a_works_of_other_languages(matcher, ref):
    # a works is a makeshift site: of Vovchansk's three, the aggregate plant
    got = matcher.match(ref)
    assert got.facility_id == "ua-kharkiv-vovchansk-aggregate-plant", got


@pytest.mark.parametrize(("ref", "expected"), [
    # no school or works word takes a town's name: Hungarian "gyár" (works) would be the
    # "хар" of Kharp
    ("в ИК-3 в Харпе", "ru-yamalo-nenets-kharp-ik-3"),
    ("ИК-3 Харп", "ru-yamalo-nenets-kharp-ik-3"),
    ("the IK-3 penal colony in Kharp", "ru-yamalo-nenets-kharp-ik-3")])
def test_words_of_other_languages_take_no_town(matcher, ref, expected):
    assert matcher.match(ref).facility_id == expected, matcher.match(ref)


def test_one_of_a_towns_colonies_is_no_loose_sizo(matcher):
    # "one of the colonies of Tver": the town has several colonies, none in the registry;
    # not loosely its SIZO, as "в колонію у Твері" alone may be (issue 8, rule 2)
    for ref in ("в одну з колоній Твері", "в одну из колоний Твери"):
        got = matcher.match(ref)
        assert got.match_status == "unmatched" and "penal colony" in got.match_reason, got
    # (nor "в колонію у Твері" alone since the fifteenth session: Tver is a city of 400,000)
    assert matcher.match("в колонію у Твері").match_status == "unmatched"
    assert matcher.match("в одній з колоній Нижнього Новгорода").facility_id == (
        "ru-nizhny-novgorod-nizhny-novgorod-strict-colony")


def test_ukrainian_locative_of_central_is_a_prison_word(matcher):
    # "централі" (Ukrainian locative of "централ"); Irkutsk's "централ" is its SIZO-1
    got = matcher.match("на Іркутському Централі")
    assert got.facility_id == "ru-irkutsk-irkutsk-sizo-1" and "no kind" not in got.match_reason


@pytest.mark.parametrize(("ref", "expected"), [
    # the occupation police of the "LNR"/"DNR" is a police word in any town, not the name
    # of the one registry site whose alias mentions it (Kozacha Lopan's)
    ("the premises of the so-called “people’s militia of the Luhansk People’s Republic,”", ""),
    ("у підвальному приміщенні так званої “Народної міліції” в Козачій Лопані",
     "ua-kharkiv-kozacha-lopan-torture-sites"),
    ("zeitweiligen Untersuchungsgefängnisses der „Volksmiliz“ in Kupjansk",
     "ua-kharkiv-kupiansk-police")])
def test_the_occupation_peoples_militia_is_a_police_word(matcher, ref, expected):
    assert matcher.match(ref).facility_id == expected, matcher.match(ref)


@pytest.mark.parametrize("ref", [
    # Ukraine's police by its name (the National Police, "Нацполіція"): a police word in
    # any language, its "national" no unknown place and no kind-less site of the town
    "в отделе Нацполиции Мелитополя", "у будівлі Нацполіції в Мелітополі",
    "у приміщенні Національної поліції в Мелітополі",
    "в здании Национальной полиции Мелитополя", "la sede de la Policía Nacional en Melitópol",
    "im Gebäude der Nationalen Polizei in Melitopol"])
def test_the_national_police_is_a_police_word(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-zaporizhzhia-melitopol-ivs" and "police" in got.match_reason, got


@pytest.mark.parametrize(("ref", "expected"), [
    # Lithuanian "of Rostov region" is the region, not a second place beside Novocherkassk;
    # "tardymo izoliatorius" is a SIZO
    ("Rusijos Rostovo srities Novočerkasko miesto tardymo izoliatoriuje",
     "ru-rostov-novocherkassk-sizo-3")])
def test_baltic_region_and_remand_prison_words(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected and "SIZO" in got.match_reason, got


def test_a_german_strict_regime_states_a_colony(matcher):
    # "mit strengem Regime" is a regime, not an unknown place: the colony No. 3 is open
    # between the registry's two (Skopin, Kharp), not unmatched
    got = matcher.match("Kolonie mit strengem Regime IK-3")
    assert got.match_status == "ambiguous" and "penal colony No. 3" in got.match_reason, got


@pytest.mark.parametrize("ref", [
    # "a detention centre" in other languages is a formal place of custody, as in English
    # ("the Taganrog detention center"): Taganrog's SIZO, not the hotel used as a holding
    # point there
    "o centro de detenção em Taganrog", "un centro de detención de Taganrog",
    "nel centro di detenzione di Taganrog", "dans un centre de détention de Taganrog",
    "într-un centru de detenție din Taganrog", "im Haftzentrum Taganrog",
    "in het detentiecentrum van Taganrog", "di pusat penahanan Taganrog",
    "Taganrogin pidätyskeskuksessa", "Taganrog'daki gözaltı merkezinde",
    "Taganrogo sulaikymo centre", "Taganrogas aizturēšanas centrā",
    "a taganrogi fogva tartási központban", "ở trung tâm giam giữ Taganrog"])
def test_detention_centre_words_of_other_languages(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ru-rostov-taganrog-sizo-2", got


@pytest.mark.parametrize(("ref", "expected"), [
    # remand-prison words (Turkish, Albanian, Swedish, Danish/Norwegian, Dutch, Finnish)
    ("Taganrog tutukevinde", "ru-rostov-taganrog-sizo-2"),
    ("në qendrën e paraburgimit në Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("i häktet i Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("i arresthuset i Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("in het huis van bewaring in Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("Taganrogin tutkintavankilassa", "ru-rostov-taganrog-sizo-2"),
    # a longer kind phrase that opens with "detention centre" keeps its kind: Kherson has
    # a SIZO, an IVS and a colony
    ("au centre de détention provisoire de Kherson", "ua-kherson-kherson-sizo"),
    ("le centre de détention temporaire de Kherson", "ua-kherson-kherson-ivs"),
    ("centro de detención preventiva de Kherson", "ua-kherson-kherson-sizo")])
def test_remand_and_whole_detention_phrases_of_other_languages(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


@pytest.mark.parametrize("ref", [
    # more remand-prison words: German "SISO" (its spelling of СИЗО) and the declined
    # "Untersuchungsgefängnisses", French "maison d'arrêt", English "investigation detention"
    # and "investigative isolator"; Kherson has a SIZO, an IVS and a colony
    "im SISO von Cherson", "des Untersuchungsgefängnisses in Cherson",
    "la maison d'arrêt de Kherson", "an investigation detention centre in Kherson",
    "the investigative isolator in Kherson"])
def test_more_remand_prison_words(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-kherson-kherson-sizo", got


@pytest.mark.parametrize(("ref", "expected"), [
    # a Romance-language "detention centre" is no colony, as the English one is not:
    # Simferopol has SIZO-1 and colony No. 1
    ("el centro de detención n.º 1 de Simferópol", "ua-crimea-simferopol-sizo-1"),
    ("il centro di detenzione n. 1 di Simferopoli", "ua-crimea-simferopol-sizo-1"),
    ("o centro de detenção n.º 1 de Simferopol", "ua-crimea-simferopol-sizo-1"),
    ("la colonia penal n.º 1 de Simferópol", "ua-crimea-simferopol-ik-1")])
def test_a_romance_detention_centre_is_no_colony(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


@pytest.mark.parametrize(("ref", "expected"), [
    # ШИЗО (a colony's punishment cell) is a room of the colony, not a SIZO by its one-letter
    # likeness: Tver oblast has one colony and two SIZOs; Kemerovo oblast no colony No. 41
    ("ШІЗО колонії в Тверській області", "ru-tver-torzhok-ik-4"),
    ("в ШИЗО колонии Тверской области", "ru-tver-torzhok-ik-4"),
    ("в ШИЗО в ИК-41 Кемеровской области", "")])
def test_a_punishment_cell_is_a_room_of_the_colony(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected and "SIZO" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["im Untersuchungsgefängnis Matrosenruhe",
                                 "the remand prison “Sailor Rest” in Moscow"])
def test_published_translations_of_a_prisons_name_are_its_aliases(matcher, ref):
    # the German name and an English rendering of Matrosskaya Tishina (geo/REVIEW.md)
    got = matcher.match(ref)
    assert got.facility_id == "ru-moscow-matrosskaya-tishina-sizo-1", got


@pytest.mark.parametrize("ref", [
    # in a text all in one case a word that spells another town whole is that town, as
    # with a capital: Pokrov is not Hostomel's Pokrovsky complex, Lutsk not the Krasnyi Luch
    # colony
    "il penitenziario di pokrov", "IL PENITENZIARIO DI POKROV", "у луцькому слідчому ізоляторі",
    "У ЛУЦЬКОМУ СЛІДЧОМУ ІЗОЛЯТОРІ"])
def test_a_town_in_a_text_of_one_case_is_no_name_word_elsewhere(matcher, ref):
    assert matcher.match(ref).match_status == "unmatched", matcher.match(ref)
    assert matcher.match("the pokrovsky complex in hostomel").facility_id == \
        "ua-kyiv-hostomel-pokrovsky-complex-basements"


def test_a_word_of_the_language_in_a_text_of_one_case_is_no_town(matcher):
    # "бранка" (a captive), typed in lower case, is not a town read to Bryansk by its ending
    got = matcher.match("колишня бранка оленівської колонії")
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got


@pytest.mark.parametrize(("ref", "expected"), [
    # the places after the penal service are its directorate's area: Crimea and the federal
    # city of Sevastopol together, so SIZO-1 is Simferopol's, not the Sevastopol SIZO
    ("СИЗО-1 УФСИН России по Республике Крым и г. Севастополю", "ua-crimea-simferopol-sizo-1"),
    ("SIZO-1 of the FPS of Russia in the Republic of Crimea and the city of Sevastopol",
     "ua-crimea-simferopol-sizo-1"),
    # ... in a text typed all in lower case too
    ("сизо-1 уфсин россии по республике крым и г. севастополю", "ua-crimea-simferopol-sizo-1"),
    # ... and a town after that area is still the town
    ("СИЗО-3 ГУФСИН России по Ростовской области в г. Новочеркасске",
     "ru-rostov-novocherkassk-sizo-3")])
def test_the_penal_directorate_s_area_is_no_town(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


def test_prison_as_an_adjective_is_no_region_before_oblast_s_adjective(matcher):
    # "тюремной областной больнице": a prison hospital of the region; "тюремной" is no
    # unknown region, so the reason points to the one hospital No. 11 and asks for the town
    got = matcher.match("в тюремной областной больнице № 11")
    assert "region or district" not in got.match_reason, got
    assert "ru-omsk-omsk-prison-hospital-11" in got.match_reason, got


@pytest.mark.parametrize(("ref", "expected"), [
    # a direction adjective before a region is no name of Kherson's "Northern" colony or
    # Makiivka's "Western" one: the region's facility
    ("a colony in the northern Arkhangelsk region", "ru-arkhangelsk-koryazhma-ik-5"),
    ("a penal colony in the western Bryansk region", "ru-bryansk-bryansk-colony"),
    # ... while the name, written as one, still names them
    ("the Northern colony in Kherson", "ua-kherson-kherson-colony-90")])
def test_common_words_do_not_outrank_a_stated_region(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


def test_a_temporary_remand_prison_is_the_ivs(matcher):
    # German "zeitweiliges Untersuchungsgefängnis" translates ІТТ: the IVS, not the SIZO
    got = matcher.match("des zeitweiligen Untersuchungsgefängnisses in Cherson")
    assert got.facility_id == "ua-kherson-kherson-ivs", got


@pytest.mark.parametrize("ref", [
    # "at the address of" a colony places the SIZO there, it does not name the colony:
    # Simferopol's SIZO-2 was opened at the colony's address
    "ośrodek przetrzymywania w Symferopolu, który otwarto pod adresem kolonii",
    "the detention centre in Simferopol at the address of the penal colony"])
def test_at_the_address_of_a_colony_is_a_container_phrase(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-crimea-simferopol-sizo-2", got


@pytest.mark.parametrize("ref", [
    # "near" in other languages makes the town a landmark, as "near Donetsk" does: the
    # place is Olenivka's colony, not one of Donetsk's sites
    "la cárcel de Olenivka, cerca de Donetsk", "la prison d'Olenivka, à l'extérieur de Donetsk",
    "o presídio de Olenivka, perto de Donetsk", "il carcere di Olenivka, nei pressi di Donetsk",
    "închisoarea din Olenivka, lângă Donețk", "więzienie w Olenivce niedaleko Doniecka"])
def test_near_words_of_other_languages(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got


@pytest.mark.parametrize("ref", [
    # a (district) department of the MVD is the police: of Novotroitske's police and
    # Novotroitsk's colony (the same skeleton), the police
    "отдел МВД в Новотроицком", "ОМВД по Новотроицкому району",
    "the MVD department in Novotroitske",
    "the Novotroitske Department of the Ministry of Internal Affairs"])
def test_a_department_of_the_mvd_is_the_police(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-kherson-novotroitske-police", got


def test_the_ministry_of_internal_affairs_alone_is_no_police_word(matcher):
    # the LPR's SIZOs were under its MVD: the ministry is boilerplate, not the kind
    got = matcher.match("следственный изолятор УВП МВД ЛНР")
    assert "SIZO" in got.match_reason and "police" not in got.match_reason, got


@pytest.mark.parametrize("ref", [
    # a town and then its region place the town: Pokrov of Vladimir oblast, not the name word
    # of Hostomel's Pokrovsky complex (Kyiv oblast)
    "ИВС Покрова Владимирской области", "Pokrov, Vladimir Oblast",
    "у місті Покрова Владимирської області",
    # ... in a text all in one case too
    "в черте покрова владимирской области", "В ЧЕРТЕ ПОКРОВА ВЛАДИМИРСКОЙ ОБЛАСТИ"])
def test_a_town_before_its_region_is_no_name_word_elsewhere(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id != "ua-kyiv-hostomel-pokrovsky-complex-basements", got


def test_a_name_word_before_its_own_region_still_names_the_facility(matcher):
    got = matcher.match("the Pokrovsky complex, Kyiv region")
    assert got.facility_id == "ua-kyiv-hostomel-pokrovsky-complex-basements", got


@pytest.mark.parametrize("ref", [
    # a landmark's region is not the facility's when the text states another region
    "IK-6, 300 km east of Moscow, in Vladimir Oblast",
    "колония №6 к востоку от Москвы, во Владимирской области"])
def test_a_stated_region_outweighs_a_landmarks_region(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id != "ru-moscow-oblast-kolomna-ik-6", got
    assert matcher.match("IK-6 east of Moscow").facility_id == "ru-moscow-oblast-kolomna-ik-6"


@pytest.mark.parametrize(("ref", "expected"), [
    # German spellings of Russian and Ukrainian letters: "z" for ц, "s" for з, "ch" for х
    ("die Untersuchungshaftanstalt in Wjasma", "ru-smolensk-vyazma-sizo-2"),
    ("die Strafkolonie Nr. 3 in Charp", "ru-yamalo-nenets-kharp-ik-3"),
    ("das Untersuchungsgefängnis Nr. 5 in Donezk", "ua-donetsk-donetsk-sizo-5")])
def test_german_spellings_of_town_names(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


@pytest.mark.parametrize("ref", [
    # after lower-case adjectives, a German region word goes with the name after it: the
    # region of Arkhangelsk (one colony, Koryazhma's), not the city (a SIZO only)
    "einer Kolonie in der abgelegenen nördlichen Region Archangelsk",
    "eine Strafkolonie in der nördlichen Region Archangelsk"])
def test_a_region_word_after_an_adjective_goes_with_the_name_after_it(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ru-arkhangelsk-koryazhma-ik-5", got


@pytest.mark.parametrize("ref", [
    # after a comma, a region word goes with the name after it, not with the town before
    # ("Oleniwka, Region Donezk": Olenivka, in Donetsk region)
    "die Strafkolonie Nr. 120 in Oleniwka, Region Donezk",
    "Strafkolonie Nr. 120, Oleniwka, Oblast Donezk",
    "penal colony No. 120 in Olenivka, oblast Donetsk"])
def test_a_region_word_after_a_comma_goes_with_the_name_after_it(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got


@pytest.mark.parametrize("ref", [
    # the whole of a hyphenated town name after a near or distance word is the landmark:
    # "Rostov-on-Don" is not a second place "Don" (read as Donskoy, Tula oblast)
    "SIZO-3 in Novocherkassk, 40 km from Rostov-on-Don",
    "SIZO No. 3 in Novocherkassk near Rostov-on-Don"])
def test_a_hyphenated_landmark_is_one_place(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ru-rostov-novocherkassk-sizo-3", got


@pytest.mark.parametrize("ref", [
    # a regime word says a colony of that regime: not the town's colony-hospital, which
    # treats convicts of every regime
    "a high-security penal colony in Omsk", "колония строгого режима в Омске",
    "a strict-regime colony in Omsk"])
def test_a_regime_is_no_colony_hospital(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ru-omsk-omsk-ik-6", got
    assert matcher.match("колония в Омске").match_status == "ambiguous"


@pytest.mark.parametrize("ref", [
    # a name made of a region's word and a loose kind word, in another case: "Володимир" is
    # the Ukrainian Vladimir, a region word, so the words alone say only "some prison in
    # Vladimir oblast"; the whole name says Vladimir Central
    "з Володимирського централу", "за Володимирським централом",
    "етапували у Володимирський централ"])
def test_a_regional_name_in_another_case_is_the_facility(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ru-vladimir-vladimir-central", got


@pytest.mark.parametrize("ref", ["Омский централ", "в омском централе", "омського централу"])
def test_a_regional_name_before_a_comma_is_the_facility(matcher, ref):
    # the registry writes "Омский централ, Омск" (the name, then its town): the part before
    # the comma is the name, in any case
    got = matcher.match(ref)
    assert got.facility_id == "ru-omsk-omsk-transit-central", got


@pytest.mark.parametrize("ref", [
    "до Володимирського централу в Казані",  # a town named elsewhere: a namesake
    "у Володимирському СІЗО"])  # a firm kind word, not the central's name
def test_a_regional_name_needs_its_own_words_and_no_other_town(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id != "ru-vladimir-vladimir-central", got


def test_one_of_a_towns_colonies_in_english_is_no_loose_sizo(matcher):
    # as "в одну з колоній Твері": the English plural is a kind, firmly after "one of"
    for ref in ("in one of the colonies in Tver", "one of the penal colonies near Tver"):
        got = matcher.match(ref)
        assert got.facility_id != "ru-tver-tver-sizo-1", got
    got = matcher.match("the colonies in Tver")
    assert got.match_status == "ambiguous" and "several places" in got.match_reason, got


@pytest.mark.parametrize(("ref", "expected"), [
    # Turkish and Indonesian directions from a town make it a landmark: the place is the
    # village named beside it
    ("Mariupol'un kuzeybatısındaki Nikolske köyündeki okulda", "ua-donetsk-nikolske-filtration"),
    ("sekolah di desa Nikolske, barat laut Mariupol", "ua-donetsk-nikolske-filtration"),
    # Turkish "Kırım" (Crimea) and "müdürlüğü" (directorate): the FSB's Crimea directorate
    ("FSB'nin Kırım Müdürlüğü binasında", "ua-crimea-simferopol-fsb-building")])
def test_turkish_and_indonesian_place_words(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


@pytest.mark.parametrize(("ref", "expected"), [
    # one word for a colony's nickname (a German compound, a language's word for the polar
    # bear) is written as the nickname's words: "Polarwolf" is the Polar Wolf, not any polar
    # colony of Yamal
    ("in der Strafkolonie „Polarwolf“", "ru-yamalo-nenets-kharp-ik-3"),
    ("de ijsbeerkolonie in Jamal", "ru-yamalo-nenets-labytnangi-ik-8"),
    ("die Polareule in Charp", "ru-yamalo-nenets-kharp-ik-18")])
def test_one_word_for_a_colonys_nickname(matcher, ref, expected):
    got = matcher.match(ref)
    assert got.facility_id == expected, got


@pytest.mark.parametrize("ref", ["у поліцейському відділку Новотроїцького",
                                 "«відділку поліції» в окупованому Новотроїцькому",
                                 "у підвальних приміщеннях відділку поліції Новотроїцького"])
def test_a_ukrainian_police_station_in_any_case_is_the_police(matcher, ref):
    # "відділок" (a police station) loses its "о" in every case but the nominative:
    # "відділку", "відділком"; the station's premises ("приміщеннях") are no name
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-kherson-novotroitske-police"), got


def test_the_premises_of_a_place_are_no_name(matcher):
    # "в підвальних приміщеннях" (in the basement premises): with no town, the reason asks
    # for the town, and does not offer the premises word as a place to add
    got = matcher.match("у підвальних приміщеннях місцевого відділку поліції")
    assert got.match_status == "unmatched", got
    assert "приміщен" not in got.match_reason and "add the town" in got.match_reason, got


# --- round 42's classes (eighth session)

@pytest.mark.parametrize("ref, fid", [
    # Latin p, c, o typed in Cyrillic words ("деpжавної уcтанови"), and a Cyrillic а in a
    # Latin word: read as one script
    ("у Хеpcонcькому cлідчому ізолятоpі", "ua-kherson-kherson-sizo"),
    ("Olenivkа colony", "ua-donetsk-olenivka-ik-120"),
])
def test_look_alike_letters_of_the_other_script_are_read_as_the_word_s_own(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_normalise_leaves_words_of_one_script_and_codes_alone():
    assert normalise("IK-6 Мордовии, SIZO-2 Таганрог") == "IK-6 Мордовии, SIZO-2 Таганрог"
    assert normalise("деpжавна") == "державна"


@pytest.mark.parametrize("ref", ["Бердянська виховна колонія для неповнолітніх",
                                 "Курская воспитательная колония для несовершеннолетних"])
def test_a_kind_word_in_a_facility_s_names_does_not_place_it_in_another_town(matcher, ref):
    # the Kherson IVS was once a "juvenile detention centre" (an alias): a juvenile colony
    # of another town is not it
    got = matcher.match(ref)
    assert got.facility_id != "ua-kherson-kherson-ivs", got


@pytest.mark.parametrize("ref, fid", [
    ("in der FSB-Zentrale in Simferopol", "ua-crimea-simferopol-fsb-building"),
    ("im Keller einer Druckerei in Balaklija", "ua-kharkiv-balakliia-printing-office"),
    ("w drukarni w Bałakliji", "ua-kharkiv-balakliia-printing-office"),
    # an enterprise in a town is the town's works among its makeshift places
    ("on the premises of an enterprise in Vovchansk", "ua-kharkiv-vovchansk-aggregate-plant"),
    ("на одному з підприємств Вовчанська", "ua-kharkiv-vovchansk-aggregate-plant"),
])
def test_headquarters_printing_house_and_enterprise_words(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


def test_an_enterprise_in_a_town_without_a_works_is_not_another_site(matcher):
    got = matcher.match("an enterprise in Izium")
    assert got.match_status != "matched", got


# --- round 43's classes (after its single scoring) --------------------------------------

@pytest.mark.parametrize(("ref", "fid"), [
    # Russia numbers its institutions region by region: a number with no town or region
    # fits colonies the registry does not record ("исправительной женской колонии № 18", a
    # women's colony in Azov, was read as Kharp's IK-18)
    ("колонии № 18", "ru-yamalo-nenets-kharp-ik-18"),
    ("в исправительной колонии № 25", "ru-komi-syktyvkar-ik-25"),
    ("the so-called IK-19", "ru-volgograd-surovikino-ik-19")])
def test_a_russian_number_alone_is_one_of_many(matcher, ref, fid):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and fid in got.match_reason, got
    assert "region by region" in got.match_reason, got


@pytest.mark.parametrize(("ref", "fid"), [
    # ... Ukraine's penal institutions are numbered across the country, and a region or town
    # still decides for a Russian one
    ("колонія №90", "ua-kherson-kherson-colony-90"),
    ("colony No. 120", "ua-donetsk-olenivka-ik-120"),
    ("колонии № 18 в ЯНАО", "ru-yamalo-nenets-kharp-ik-18"),
    ("ИК-25 в Сыктывкаре", "ru-komi-syktyvkar-ik-25")])
def test_a_ukrainian_number_or_a_russian_one_with_its_region_still_matches(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid, matcher.match(ref)


@pytest.mark.parametrize("ref", [
    # "or" between two numbers of one kind: either place, not the first
    "SIZO No. 1 or No. 2 in Simferopol", "СИЗО №1 или №2 Симферополя",
    "у СІЗО №1 або №2 Сімферополя", "w areszcie nr 1 lub nr 2 w Symferopolu"])
def test_two_numbers_joined_by_or_are_two_places(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "more than one number" in got.match_reason, got


@pytest.mark.parametrize(("ref", "fid"), [
    # Serbian, Croatian and Slovene prison words, a penitentiary institution in the Romance
    # languages, and a Slavic "-u" locative after a transliterated name
    ("u zatvoru u Taganrogu", "ru-rostov-taganrog-sizo-2"),
    ("V zaporu v Taganrogu", "ru-rostov-taganrog-sizo-2"),
    ("un istituto penitenziario di Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("un établissement pénitentiaire de Taganrog", "ru-rostov-taganrog-sizo-2"),
    ("iz logora za filtriranje u Nikolskeu", "ua-donetsk-nikolske-filtration")])
def test_prison_words_and_a_locative_in_more_languages(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid, matcher.match(ref)


def test_slovene_prison_is_no_prefix_of_zaporizhzhia(matcher):
    # "zapor" as written only: Zaporizhzhia's name starts with it
    got = matcher.match("Zaporizhzhia NPP")
    assert got.facility_id == "ua-zaporizhzhia-znpp-industrial-zone", got


@pytest.mark.parametrize("ref", ["a prisoner camp in Olenivka, in Donetsk",
                                 "a prison camp in Olenivka, Donetsk"])
def test_a_prison_word_weighs_makeshift_places_of_its_own_town_only(matcher, ref):
    # "Donetsk" after a village of Donetsk oblast is its region: Donetsk city's makeshift
    # prisons are no rivals of the Olenivka colony ("у тюрмі в Луганську" stays ambiguous)
    assert matcher.match(ref).facility_id == "ua-donetsk-olenivka-ik-120", matcher.match(ref)
    assert matcher.match("у тюрмі в Луганську").match_status == "ambiguous"


@pytest.mark.parametrize("ref", [
    # a house (a home) is a makeshift place: with only the town to go by, not the town's
    # colony or SIZO (round 43's "a building in the village" of Stara Zburivka, by class)
    "a house in Darivka", "en una casa de Darivka", "в частном доме в Дарьевке",
    "у приватному будинку в Дар'ївці", "dans une maison à Darivka",
    # ... nor a SIZO whose names also say a detention centre, or carry the town's name
    "a house in Kashin", "a makeshift prison in Kashin"])
def test_a_house_is_a_makeshift_place_not_the_towns_institution(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "makeshift" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ("in the cellar of a house in Pisky-Radkivski", "ua-kharkiv-pisky-radkivski-cellar"),
    ("the printing house in Balakliia", "ua-kharkiv-balakliia-printing-office"),
    ("held in Darivka", "ua-kherson-darivka-colony-10"),
    ("the SIZO in Kashin", "ru-tver-kashin-sizo-2")])
def test_a_house_still_fits_a_makeshift_site_and_a_town_alone_its_institution(matcher, ref,
                                                                              fid):
    assert matcher.match(ref).facility_id == fid, matcher.match(ref)


@pytest.mark.parametrize("ref, fid", [
    # three registry rows now say a railway station (Trostianets, Kozacha Lopan, Horlivka
    # 2014): a word for a kind of building stays a name word however many share it, and the
    # town says which
    ("the basement of the railway station in Trostianets", "ua-sumy-trostianets-railway-station"),
    ("у підвалі залізничного вокзалу в Тростянці", "ua-sumy-trostianets-railway-station"),
    ("the railway station in Horlivka", "ua-donetsk-horlivka-railway-station-2014"),
    ("a cell at the railway station of Kozacha Lopan", "ua-kharkiv-kozacha-lopan-torture-sites")])
def test_a_building_word_many_rows_share_still_names_the_towns_one(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid, matcher.match(ref)


@pytest.mark.parametrize("ref", [
    # the words of a regional state administration's title are the administration's
    # (`oda`), never a name of the one row that writes them ("Kherson Region State
    # Administration")
    "the administration", "a site of the State Security Committee"])
def test_words_of_an_administrations_title_are_no_name(matcher, ref):
    assert matcher.match(ref).match_status == "unmatched", matcher.match(ref)


@pytest.mark.parametrize("ref", [
    "the Kherson Oblast state administration", "in der Regionalverwaltung von Cherson",
    "bölgesel devlet idaresi, Herson", "administración regional de Jersón",
    "w budynku administracji obwodowej w Chersoniu"])
def test_a_regional_administration_in_many_languages(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-kherson-kherson-oda-building", matcher.match(ref)


@pytest.mark.parametrize("ref", [
    # zmina.info and babel.ua on children held in Yevpatoriia's camps: Promenystyi ("Radiant")
    # is also the name of Bucha's camp, which the registry records
    "дитячий табір “Променистий” у Євпаторії",
    'Yevpatoria in the "Radiant" camp',
])
def test_a_name_shared_with_a_facility_elsewhere_is_not_it(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id != "ua-kyiv-bucha-promenystyi-camp", got
    assert got.match_status == "unmatched", got


@pytest.mark.parametrize("ref", ["в СИЗО Лефортово из Херсона",
                                 "у Лефортово з Херсона",
                                 "in Lefortovo, brought there from Kherson"])
def test_a_town_people_came_from_is_not_the_facility(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-moscow-lefortovo-sizo"), got


@pytest.mark.parametrize("ref", ["in die Polizeiabteilung des Bezirks Bakhchysarai",
                                 "Polizeiabteilung in Bakhchysarai"])
def test_german_police_department_of_a_district(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched",
                                                   "ua-crimea-bakhchysarai-police"), got


@pytest.mark.parametrize("ref", [
    # a page on a Ukrainian held in Mordovia (round 45): the registry's Mordovian colonies
    # are the special-regime IK-1 and IK-10, neither recorded as a women's colony
    "a women's penal colony in the western Russian region of Mordovia",
    "единственной в Тверской области женской колонии",
])
def test_a_womens_colony_by_region_alone_is_not_a_colony_not_recorded_as_one(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert "women" in got.match_reason, got


def test_a_womens_colony_recorded_as_one_still_reads_by_region(matcher):
    got = matcher.match("женскую колонию в Запорожской области")
    assert (got.match_status, got.facility_id) == ("matched",
                                                   "ua-zaporizhzhia-melitopol-colony-144"), got


def test_german_schtsch_is_shch(matcher):
    # Truth for Ukraine (German): a tent near Blahovishchenka, Zaporizhzhia oblast, is not
    # the colony of Blagoveshchensk (Amur oblast) two typos away
    assert skeleton("Blahowischtschenka") == skeleton("Blahovishchenka")
    got = matcher.match("in der Tankstelle neben dem Dorf Blahovischtschenka, in einem Zelt")
    assert got.match_status != "matched", got


@pytest.mark.parametrize("ref", [
    # Slovenske novice and 444.hu on Trostianets (2022): the railway station, in Slovenian and
    # Hungarian; since reg45 the town has a police row too, so the building word decides
    "v improvizirane jetniške celice pod železniško postajo v Trostjancu",
    "a trosztjanyeci vasútállomás alatti pincében",
])
def test_railway_station_in_slovenian_and_hungarian(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ua-sumy-trostianets-railway-station"), got
    got = matcher.match("an underground torture chamber in Trostyanets")
    assert got.match_status == "ambiguous", got


@pytest.mark.parametrize("ref", ["слідчого ізолятора №2 УФСІН Росії по місту Москві",
                                 "СИЗО-2 УФСИН по г. Москве"])
def test_a_regional_penal_directorate_is_not_the_federal_services_own_sizo(matcher, ref):
    # round 45: Moscow has two SIZO-2s, the city directorate's (Butyrka) and the federal
    # service's own ("ФКУ СИЗО № 2 ФСИН России", Lefortovo)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-moscow-butyrka-sizo-2"), got
    assert matcher.match("СИЗО-2 Москва").match_status == "ambiguous"
    assert matcher.match("ФКУ СИЗО № 2 ФСИН России").facility_id == "ru-moscow-lefortovo-sizo"


@pytest.mark.parametrize("ref, fid", [
    ("SIZO No. 2 of the Federal Penitentiary Service for the city of Moscow",
     "ru-moscow-butyrka-sizo-2"),
    ("Untersuchungsgefängnis Nr. 2 der Föderalen Strafvollzugsbehörde für Moskau",
     "ru-moscow-butyrka-sizo-2"),
    ("СИЗО-2 ФСИН России по г. Москве", "ru-moscow-butyrka-sizo-2"),
    # "in" may say where the federal service's own SIZO stands: either
    ("СИЗО-2 ФСИН России в Москве", ""),
    # ... and a name in brackets after the service is the facility's, not its area
    ("СИЗО № 2 ФСИН России (Лефортово)", "ru-moscow-lefortovo-sizo"),
])
def test_the_federal_service_for_a_place_is_that_places_directorate(matcher, ref, fid):
    # round 20's German "Untersuchungshaftanstalt Nr. 2 der Bundesvollzugsbehörde für die
    # Stadt Moskau": the federal service "for" a city is its directorate, as "УФСИН по г. Москве"
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (("matched", fid) if fid
                                                   else ("ambiguous", "")), got


def test_bosnian_croatian_serbian_camp_number_and_occupied_words(matcher):
    # round 46 (a Bosnian page on Olenivka): "logor" is a camp, "broj" a number sign,
    # "okupiranoj" (occupied) no region's name before "teritoriji"
    got = matcher.match("zatvorski logor broj 120 na ruskoj okupiranoj teritoriji")
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-olenivka-ik-120"), got


# --- branches reg47a-c's and round 47's classes (eleventh session) ---------------------

def test_a_kind_word_beside_another_place_in_a_makeshift_name_is_where_it_is(matcher):
    # "Izium hospital garages" (reg47c) is a makeshift place at a hospital, not a prison
    # hospital: "a prison in Izium" does not single it out among the town's makeshift places
    assert matcher.match("a torture prison in Izium").facility_id != \
        "ua-kharkiv-izium-hospital-garages"
    assert matcher.match("Izium hospital garages").facility_id == \
        "ua-kharkiv-izium-hospital-garages"
    # ... while a camp word is what such a place is used as: the PVR at the Taganrog hotel
    got = matcher.match('в пункте временного размещения беженцев (ПВР) на территории отеля '
                        '"Таганрог"')
    assert got.facility_id == "ru-rostov-taganrog-hotel-pvr", got


@pytest.mark.parametrize("ref", ["Репортаж із Луцького СІЗО", "Луцьким слідчим ізолятором"])
def test_the_adjective_of_a_ck_town_elsewhere_is_that_town(matcher, ref):
    # Lutsk's adjective has the key of "Луч" (Krasnyi Luch, a name word of a Luhansk colony)
    assert matcher.match(ref).match_status != "matched"
    assert matcher.match("колонія в Красному Лучі").facility_id == \
        "ua-luhansk-bokovo-khrustalne-colony"


@pytest.mark.parametrize("ref", ["a prison in Gus’-Khrustal’nyy", "колония, г. Хрустальний",
                                 "penal colony in Khrustalnyi"])
def test_another_town_is_not_one_word_of_a_two_word_town(matcher, ref):
    # Gus-Khrustalny (Vladimir oblast, written with soft-sign apostrophes) and Khrustalnyi
    # (Luhansk oblast) are towns of their own, not Bokovo-Khrustalne
    assert matcher.match(ref).match_status != "matched"
    assert matcher.match("колонія у Боково-Хрустальному").facility_id == \
        "ua-luhansk-bokovo-khrustalne-colony"
    # a word of the facility's own two-word town in any case still is it
    assert matcher.match("колония строгого режима в Нижнем Новгороде").facility_id == \
        "ru-nizhny-novgorod-nizhny-novgorod-strict-colony"


@pytest.mark.parametrize("ref", ["the building of the local Ministry of Internal Affairs",
                                 "будівля Міністерства внутрішніх справ"])
def test_the_interior_ministry_written_out_is_boilerplate(matcher, ref):
    assert matcher.match(ref).match_status != "matched"
    # the registry alias that shares its words still names its facility
    assert matcher.match("Central District Department of Internal Affairs (Simferopol)"
                         ).facility_id == "ua-crimea-simferopol-tsentralnyi-district-police"


@pytest.mark.parametrize("ref", ["a prison in Gus’-Khrustal’nyy", "a prison in Gus'-Khrustal'nyy",
                                 "a prison in Gus-Khrustalny"])
def test_a_soft_sign_apostrophe_keeps_a_compound_town_whole(ref):
    # the apostrophe of a transliterated soft sign may end the word before the hyphen
    assert set(parse(ref).compound.values()) == {"hus-hrustaln"}


def test_a_directorate_in_a_town_the_registry_lacks_is_not_the_regions(matcher):
    # round 47: the FSB's border directorate site in Balaklava is not Simferopol's regional
    # directorate, which the same words without the town still are
    # (since reg48a the border directorate's Balaklava site is in the registry: that one;
    # a town the registry has nothing in, in any case, is still not the region's directorate)
    got = matcher.match("на территории крымского пограничного управления ФСБ в Балаклаве")
    assert got.facility_id == "ua-sevastopol-balaklava-fsb-border-directorate", got
    for ref in ("на территории крымского управления ФСБ в Алуште",
                "в здании крымского управления ФСБ в Феодосии"):
        assert matcher.match(ref).match_status != "matched", ref
    assert matcher.match("крымского управления ФСБ").facility_id == \
        "ua-crimea-simferopol-fsb-building"
    assert matcher.match("в здание Управления ФСБ РФ по Крыму и Севастополю").facility_id == \
        "ua-crimea-simferopol-fsb-building"


def test_portuguese_regiao_makes_the_town_its_region(matcher):
    # round 48: "da colônia da região de Vladimir" is one of the oblast's colonies, not the
    # city's prison (Vladimir Central)
    got = matcher.match("da colônia da região de Vladimir")
    assert got.match_status == "ambiguous" and "ru-vladimir-pakino-ik-7" in got.match_reason, got


def test_a_number_the_quoted_name_lacks_is_no_match(matcher):
    # round 48: No. 3 is Kharp IK-3's ("Polar Wolf"), "Полярная сова" IK-18's nickname
    got = matcher.match("в исправительную колонию № 3 особого режима «Полярная сова»")
    assert got.match_status == "ambiguous" and "ru-yamalo-nenets-kharp-ik-3" in got.match_reason
    assert matcher.match("в колонию «Полярная сова»").facility_id == \
        "ru-yamalo-nenets-kharp-ik-18"


# --- branch reg48a's classes (eleventh session) ------------------------------------------

@pytest.mark.parametrize("ref", [
    "the secret prison at the airport of Mariupol",
    "секретной тюрьме СБУ в аэропорту Мариуполя",
    "У Маріуполі окупанти поспішають перетворити філармонію на в’язницю"])
def test_a_loose_prison_word_at_another_kind_of_place_is_not_the_towns_sizo(matcher, ref):
    # a prison at an airport or in a concert hall is a makeshift one, not Mariupol's SIZO
    assert matcher.match(ref).match_status != "matched"
    assert matcher.match("до слідчого ізолятора в окупованому Маріуполі").facility_id == \
        "ua-donetsk-mariupol-sizo"


def test_a_police_word_with_a_region_only_is_not_its_police_station(matcher):
    # every town has its police: the LPR "militia" is not Starobilsk's police station
    got = matcher.match("the premises of the so-called “people’s militia of the Luhansk "
                        "People’s Republic,”")
    assert got.match_status != "matched", got
    assert matcher.match("op het politiebureau van Starobilsk in Lugansk").facility_id == \
        "ua-luhansk-starobilsk-police"


def test_the_border_services_directorate_is_not_the_regional_one(matcher):
    # since reg48a the registry has the FSB border directorate's Balaklava site: the Crimean
    # regional directorate is still Simferopol's, the border one Balaklava's
    assert matcher.match("в здание Управления ФСБ РФ по Крыму и Севастополю").facility_id == \
        "ua-crimea-simferopol-fsb-building"
    assert matcher.match("пограничное управление ФСБ в Балаклаве").facility_id == \
        "ua-sevastopol-balaklava-fsb-border-directorate"


@pytest.mark.parametrize("ref", ["одного из исправительных учреждений в Мариуполе",
                                 "у виправній установі Маріуполя"])
def test_a_correctional_institution_is_no_sizo(matcher, ref):
    # the legal term is where a sentence is served (a colony, a prison, a prison hospital):
    # Mariupol's SIZO is not one (round 49); since branch reg51 the registry has the town's
    # women's colony No. 107, which round 49's texts were about
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ua-donetsk-mariupol-colony-107")
    assert "ua-donetsk-mariupol-sizo" not in got.match_reason
    assert matcher.match("исправительное учреждение в Енисейске").facility_id == \
        "ru-krasnoyarsk-yeniseysk-unspecified"


def test_an_abbreviated_oblast_is_the_region_not_its_capital(matcher):
    # "обл." is "область": a camp in Irkutsk oblast is not loosely Irkutsk city's SIZO
    assert matcher.match("Тайшетський табір або Озерлаг в Іркутській обл.").match_status \
        == "unmatched"
    assert matcher.match("ИК-2 в Тверской обл.").match_status == "unmatched"


@pytest.mark.parametrize("ref", ["тюрьмы особого режима №2 в Красноярском крае",
                                 "strict regime prison No. 2 in Krasnoyarsk Krai"])
def test_a_regime_beside_a_prison_word_may_be_a_prisons(matcher, ref):
    # Russian prisons have regimes too: the krai's prison No. 2 (T-2, Yeniseysk)
    assert matcher.match(ref).facility_id == "ru-krasnoyarsk-yeniseysk-unspecified"
    # ... and a colony's regime is still a colony's: no colony No. 2 in the krai
    assert matcher.match("колония строгого режима №2 в Красноярском крае").match_status \
        == "unmatched"


def test_czech_directions_make_the_town_a_landmark(matcher):
    ref = ("do uprchlického tábora zřízeného v bývalé škole ve vesnici Nikolske, "
           "severozápadně od Mariupolu")
    assert matcher.match(ref).facility_id == "ua-donetsk-nikolske-filtration"


@pytest.mark.parametrize("ref", ["ростовским централом", "в ростовском централе"])
def test_a_name_in_another_case_may_hold_its_towns_word(matcher, ref):
    # "Ростовский централ" declined: the town's word is the region's too, and Rostov-on-Don
    # has seven registry places; the whole name in order is Rostov SIZO-1 (round 49) ...
    assert matcher.match(ref).facility_id == "ru-rostov-rostov-on-don-sizo-1"
    # ... unless the text names another town (Bataysk's colony matches by its town; Kherson,
    # with several registry places, ties and reaches the name in another case)
    for town in ("в Батайске", "в Херсоне"):
        assert matcher.match(f"{ref} {town}").facility_id != "ru-rostov-rostov-on-don-sizo-1"


def test_finnish_penal_colony_and_region_words(matcher):
    # "rangaistussiirtola" is a penal colony, "alueella" in the region (round 50)
    assert matcher.match("rangaistussiirtolassa numero 11 Kirovin alueella").facility_id == \
        "ru-kirov-kirovo-chepetsk-ik-11"
    # ... and Pokrov's IK-2 is no Pokrovsky block of flats in Hostomel
    assert matcher.match("rangaistusleiri numero 2 Pokrovissa").match_status != "matched"


# --- round 51's classes (tests/data/ROUNDS.md, "Round 51 joins dev") ----------------------

def test_the_city_centre_names_a_place_only_beside_its_town(matcher):
    # "у Центр дитячої та юнацької творчості" (Berdiansk) is no "Kherson city-centre
    # basement": "в центрі" says where in a town, not which building
    got = matcher.match("у Центр дитячої та юнацької творчості, де організували гумцентр")
    assert got.match_status == "unmatched", got
    assert matcher.match("a basement in the city center").match_status != "matched"
    # ... and beside its town it still is that place
    for ref in ("катівня в центрі Херсона", "Torture chamber in the center of Kherson"):
        assert matcher.match(ref).facility_id == "ua-kherson-kherson-centre-basement", ref


@pytest.mark.parametrize("ref", [
    "ruski izbjeglički centar u bivšoj školi u selu Nikolske, sjeverozapadno od Mariupolja",
    # Lithuanian and Latvian
    "rusų pabėgėlių centrą, esantį Nikolsko kaime, į šiaurės vakarus nuo Mariupolio",
    "bēgļu centru pie bijušās skolas Nikolskes ciematā, uz ziemeļrietumiem no Mariupoles",
])
def test_croatian_and_baltic_directions_make_the_town_a_landmark(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-donetsk-nikolske-filtration"


def test_an_educational_complex_is_a_school_not_a_juvenile_colony(matcher):
    # "навчально-виховний комплекс" is a school with a kindergarten; its official type
    # ("Загальноосвітня школа – дошкільний навчальний заклад (ясла-сад) I-III ступенів") is
    # every village school's
    ref = ("на другому поверсі Біляївського навчально-виховного комплексу “Загальноосвітня "
           "школа – дошкільний навчальний заклад (ясла-сад) I-III ступенів”")
    assert matcher.match(ref).facility_id == "ua-kherson-biliaivka-school"
    assert matcher.match("у виховній колонії в Біляївці").match_status != "matched"


@pytest.mark.parametrize("ref, fid", [
    ("у Брянському СІЗО №2", "ru-bryansk-novozybkov-sizo-2"),
    ("в Воронежском СИЗО-2", "ru-voronezh-borisoglebsk-sizo-2"),
])
def test_a_region_adjective_with_a_number_its_capital_lacks(matcher, ref, fid):
    # Bryansk's SIZO is No. 1; "Брянський" is the region's adjective too, and FSIN numbers
    # per region: SIZO-2 of the Bryansk region is in Novozybkov
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got
    # ... but the town itself, not its adjective, keeps the number against it
    assert matcher.match("СИЗО-2 в Брянске").match_status == "unmatched"
    # ... and a number the region lacks too matches nothing
    assert matcher.match("в Брянском СИЗО-3").match_status == "unmatched"


@pytest.mark.parametrize("ref", ["в колонії в Кірові", "в колонии в Кирове"])
def test_a_colony_in_a_large_city_is_not_its_sizo(matcher, ref):
    # Kirov (about 500,000 people) has colonies in and around it; the registry records only
    # its SIZO-1 there, which a colony word does not loosely reach
    assert matcher.match(ref).match_status == "unmatched"
    # ... while its SIZO is still its SIZO, and a village's colony its only facility
    assert matcher.match("в СИЗО в Кирове").facility_id == "ru-kirov-kirov-sizo-1"
    assert matcher.match("колония в Еленовке").facility_id == "ua-donetsk-olenivka-ik-120"


@pytest.mark.parametrize("ref", ["eine Strafkolonie in der Stadt Wladimir",
                                 "в колонии во Владимире"])
def test_a_colony_in_a_large_city_is_not_its_prison(matcher, ref):
    # round 65: Vladimir (about 350,000 people) has colonies around it; the registry records
    # there only its prison, Vladimir Central, which a colony word does not loosely reach
    assert matcher.match(ref).match_status == "unmatched"
    # ... while a small town's prison still is ("в колонию в Верхнеуральске"), and a
    # generic "penal facility" is any FSIN kind, the city's prison
    assert (matcher.match("в колонию в Верхнеуральске").facility_id
            == "ru-chelyabinsk-verkhneuralsk-prison")
    assert (matcher.match("penal facility T-2, 67 Bolshaya Nizhegorodskaya Str., Vladimir")
            .facility_id == "ru-vladimir-vladimir-central")


@pytest.mark.parametrize("ref", ["im Lager in Kursk", "в лагере в Курске"])
def test_a_camp_in_a_large_city_is_not_its_sizo(matcher, ref):
    # round 66's wrong match: Kursk (about 440,000 people) has one registry row, its SIZO,
    # which a camp word does not loosely reach, as a colony word does not
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "ru-kursk-kursk-sizo-1" in got.match_reason, got
    # ... while a small town's SIZO still is (Novozybkov, about 40,000)
    assert matcher.match("a camp in Novozybkov").facility_id == "ru-bryansk-novozybkov-sizo-2"


@pytest.mark.parametrize("ref", [
    # the container phrase in Spanish, the number a few words after the colony's kind
    "Campo de filtración en el territorio de la antigua colonia correccional Volnovakha (№120)",
    # a kind of several words after "the former" and the town: all of them the landmark's
    "filtration camp on the territory of the former Volnovakha correctional colony No. 120",
])
def test_a_filtration_camp_on_the_grounds_of_colony_120_is_that_colony(matcher, ref):
    # colony No. 120 (Olenivka) is itself recorded as a filtration site; the Volnovakha
    # filtration row is another place
    assert matcher.match(ref).facility_id == "ua-donetsk-olenivka-ik-120"


@pytest.mark.parametrize("ref", [
    "Пункт временного размещения беженцев из Мариуполя находится в ДНР в селе Безыменном",
    "фильтрационный лагерь в Безыменном для жителей Мариуполя",
])
def test_the_town_of_refugees_or_residents_is_theirs_not_a_second_place(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-donetsk-bezimenne-filtration"
    # ... while two places written as such still are two ("from Mariupol to Bezimenne")
    assert matcher.match("фильтрационный лагерь в Безыменном и в Мариуполе").match_status \
        != "matched"


# --- round 52's classes (tests/data/ROUNDS.md, "Round 52 scored once") --------------------

def test_a_compass_word_alone_is_no_region(matcher):
    # "Северная" is North Ossetia's only with "Осетия"; alone it is Kherson's "Northern"
    # colony No. 90 here
    assert matcher.match("с Северной колонии №90").facility_id == "ua-kherson-kherson-colony-90"
    assert matcher.match("ЦВСИГ в Северной Осетии").facility_id == \
        "ru-north-ossetia-vladikavkaz-tsvsig"


def test_a_colony_s_sizo_section_is_that_colony(matcher):
    # cells run as a SIZO inside a colony ("дільниця слідчого ізолятора при …"), nothing the
    # registry records inside it: the colony; a SIZO the registry records at a colony stays
    # that SIZO
    ref = "до дільниць слідчого ізолятора при ДУ «Північна виправна колонія № 90»"
    assert matcher.match(ref).facility_id == "ua-kherson-kherson-colony-90"
    assert matcher.match("СІЗО на території колонії № 1 в Сімферополі").facility_id == \
        "ua-crimea-simferopol-sizo-2"


@pytest.mark.parametrize("ref", ["Der Pokovsky Apartmentkomplex in Hostomel",
                                 "a half-ruined apartment block in Hostomel"])
def test_an_apartment_complex_is_another_kind_of_place_unless_named(matcher, ref):
    # German "Apartmentkomplex" (round 52) is another kind of place, as "apartment complex":
    # beside the complex's name it is that registry place ...
    assert matcher.match(ref).facility_id == "ua-kyiv-hostomel-pokrovsky-complex-basements"
    # ... and alone in another town, about another kind of place than its facilities
    got = matcher.match("ein Apartmentkomplex in Butscha")
    assert got.match_status == "unmatched" and "another kind of place" in got.match_reason


@pytest.mark.parametrize("ref", ["infamous Donetsk “concentration camp”",
                                 "a modern-day concentration camp on the outskirts of Donetsk"])
def test_a_concentration_camp_is_a_description_not_a_camp_kind(matcher, ref):
    # as "концлагерь": how a place is described, not the kind of Donetsk's filtration site
    assert matcher.match(ref).facility_id != "ua-donetsk-donetsk-filtration"
    assert matcher.match("filtration camp in Donetsk").facility_id == \
        "ua-donetsk-donetsk-filtration"


@pytest.mark.parametrize("ref, fid", [
    # the Arctic Circle says where in the world, as "Arctic"
    ('der russischen Strafkolonie "Eisbär" in Labytnangi Polarkreis',
     "ru-yamalo-nenets-labytnangi-ik-8"),
    # Romanian "Bufnița polară", the Polar Owl
    ("colonia penală cu regim special „Bufnița polară”", "ru-yamalo-nenets-kharp-ik-18"),
])
def test_arctic_circle_and_romanian_nickname_words(matcher, ref, fid):
    assert matcher.match(ref).facility_id == fid


# --- round 53's classes (tests/data/ROUNDS.md, "Round 53 scored once") --------------------

@pytest.mark.parametrize("ref", ["the harsh ‘White Bear’ prison colony north of the Arctic Circle",
                                 "в колонію «Білий ведмідь»",
                                 "Jamal-Justizvollzugskolonie „Weißer Bär“ oder IK-8"])
def test_the_white_bear_is_the_polar_bear(matcher, ref):
    # the registry's "Polar Bear" (Labytnangi IK-8); "Білий" is no "біля" (near)
    assert matcher.match(ref).facility_id == "ru-yamalo-nenets-labytnangi-ik-8"
    assert matcher.match("колонія біля Оленівки").facility_id == "ua-donetsk-olenivka-ik-120"


def test_the_rostov_region_s_initials_in_an_official_name(matcher):
    # "по РО": the Rostov region; "ГУ" (main directorate) written apart from "ФСИН"
    assert matcher.match("ФКУ СИЗО-3 ГУ ФСИН РФ по РО").facility_id == \
        "ru-rostov-novocherkassk-sizo-3"


@pytest.mark.parametrize("ref", ["Керченський слідчий ізолятор",
                                 "керченский следственный изолятор"])
def test_a_large_city_s_sizo_by_its_adjective_is_not_its_colony(matcher, ref):
    # Kerch (about 150,000 people) has a SIZO of its own, which the registry lacks; the
    # adjective "Керченский" is only its town's word in the colony's names («Керченская
    # исправительная колония»), not a name of the colony
    assert matcher.match(ref).match_status == "unmatched"
    assert matcher.match("Керченская исправительная колония").facility_id == \
        "ua-crimea-kerch-colony"


@pytest.mark.parametrize("ref", ["a prison in Yessentukskaya", "СИЗО, г. Ессентукская"])
def test_a_stanitsa_named_like_its_towns_adjective_is_itself(matcher, ref):
    # the stanitsa Yessentukskaya, in Latin letters or after a city word, is not Yessentuki
    # (whose prison the registry records) ...
    assert matcher.match(ref).match_status == "unmatched"
    # ... while the town's adjective before a kind word is still the town's
    assert matcher.match("Ессентукская тюрьма").facility_id == "ru-stavropol-yessentuki-prison"


# --- round 54's classes (tests/data/ROUNDS.md, "Round 54 scored once") --------------------

@pytest.mark.parametrize("ref", ["endise Volnovahha paranduskoloonia (№120)",
                                 "Volnovahha paranduskoloonias"])
def test_estonian_colony_words(matcher, ref):
    # Estonian "paranduskoloonia" (correctional colony, any case)
    assert matcher.match(ref).facility_id == "ua-donetsk-olenivka-ik-120"


@pytest.mark.parametrize("ref", ["en fængselskoloni i Kherson", "fengselskolonien i Kherson"])
def test_danish_and_norwegian_colony_words(matcher, ref):
    # "fængselskoloni" (prison colony): a colony, not any custodial place in Kherson
    assert matcher.match(ref).facility_id == "ua-kherson-kherson-colony-90"


@pytest.mark.parametrize("ref", ["filtreerimislaager endise Volnovahha paranduskoloonia (№120)",
                                 "фильтрационный лагерь бывшей Волновахской колонии №120",
                                 "filtration camp of the former Volnovakha colony No. 120"])
def test_a_number_of_the_container_kind_names_its_facility(matcher, ref):
    # the number is the colony's, not the filtration site's: the Volnovakha colony No. 120,
    # whose names say filtration camp too, not the registry's (numberless) Volnovakha site
    got = matcher.match(ref)
    assert got.facility_id == "ua-donetsk-olenivka-ik-120", got.match_reason
    assert matcher.match("filtration camp in Volnovakha").facility_id == \
        "ua-donetsk-volnovakha-filtration"


@pytest.mark.parametrize("ref", ["ИК-2, расположенная в Автозаводском районе Нижнего Новгорода",
                                 "из колонии № 5 в Нижнем Новгороде"])
def test_a_colony_number_in_a_city_of_a_million_is_not_its_numberless_colony(matcher, ref):
    # Nizhny Novgorod has several colonies; the registry records one, without a number
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "city of a million" in got.match_reason
    # a smaller city's one colony is still read loosely (issue 8, rule 5)
    assert matcher.match("исправительной колонии №1, что в Володарском районе Брянска"
                         ).facility_id == "ru-bryansk-bryansk-colony"
    assert matcher.match("колонии строгого режима в Нижнем Новгороде").facility_id == \
        "ru-nizhny-novgorod-nizhny-novgorod-strict-colony"


def test_near_in_old_russian(matcher):
    # "близ" (near): the town is a landmark, as after "под" or "возле"
    got = matcher.match("колония близ Микуня")
    assert got.match_status == "ambiguous" and "only near a town" in got.match_reason


@pytest.mark.parametrize("ref", ["the Hostomel airport", "the airport in Hostomel",
                                 "auf dem Flugplatz nach Gostomel",
                                 "Gostomel in campo di aviazione, dove sono stati tenuti"])
def test_an_airfield_in_any_language_is_the_hostomel_airfield(matcher, ref):
    # airfield, airport, Flugplatz, campo di aviazione: one kind of building, which the
    # Hostomel row's names say; the town alone is three registry places
    assert matcher.match(ref).facility_id == "ua-kyiv-hostomel-airfield"
    assert matcher.match("Hostomel").match_status == "ambiguous"


@pytest.mark.parametrize("ref", ["секретной тюрьме СБУ в аэропорту Мариуполя",
                                 "тюрьма на вокзале в Мариуполе"])
def test_an_airport_or_station_is_still_another_kind_of_place(matcher, ref):
    # ... and where no registry place there is one, the text is about another place, not
    # the town's SIZO or colony
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "another kind of place" in got.match_reason


@pytest.mark.parametrize("ref", ["ИК-15 в Ангарске",
                                 "Katownia znajdowała się w piwnicach budynku, w którym swoją "
                                 "siedzibę miała tzw. milicja ludowa",
                                 "the story of the prison in Kherson"])
def test_a_word_that_only_stems_like_another_kind_of_place_is_not_one(matcher, ref):
    # "Ангарск" is a town, not "ангар" (a hangar); Polish "miała" (had) no "mall"; "story"
    # no "store": those place words are matched as written
    assert "another kind of place" not in matcher.match(ref).match_reason
    assert "another kind of place" in matcher.match("в ангаре в Херсоне").match_reason


@pytest.mark.parametrize("ref, fid", [("херсонского СИЗО", "ua-kherson-kherson-sizo"),
                                      ("з херсонського слідчого ізолятора",
                                       "ua-kherson-kherson-sizo"),
                                      ("о захвате луганского СИЗО", "ua-luhansk-luhansk-sizo"),
                                      ("Депутаты попали в тверское СИЗО", "ru-tver-tver-sizo-1")])
def test_a_towns_adjective_before_a_sizo_word_is_that_towns_sizo(matcher, ref, fid):
    # a town's SIZO is called by its town, in lower case too (the region's others by theirs:
    # "Старобільське СІЗО", "СІЗО на Чонгарі"; tests/data/relabels_review16.csv)
    assert matcher.match(ref).facility_id == fid
    # ... not the region written out, nor several SIZOs
    assert matcher.match("слідчого ізолятора Херсонської області").match_status == "ambiguous"
    assert matcher.match("херсонских СИЗО").match_status == "ambiguous"


@pytest.mark.parametrize("ref", ["a filtration camp in the Kherson Oblast",
                                 "фильтрационный лагерь на административной границе между "
                                 "Херсонской областью и Автономной Республикой Крым"])
def test_a_region_alone_does_not_single_out_its_filtration_site(matcher, ref):
    # a region had many filtration points, the registry records some: not the oblast's one
    # registry site (Velyka Lepetykha), which its village names
    got = matcher.match(ref)
    assert got.match_status == "ambiguous" and "only in a region" in got.match_reason, got
    assert matcher.match("фільтраційний табір у Великій Лепетисі").facility_id == \
        "ua-kherson-velyka-lepetykha-filtration-camp"


@pytest.mark.parametrize("ref, fid", [
    ('una "camera di tortura" nella città di Pisky-Radkivski', "ua-kharkiv-pisky-radkivski-cellar"),
    ("een ‘martelkamer’ in een voormalig politiebureau in de bevrijde Oekraïense stad Cherson",
     "ua-kherson-kherson-ivs"),
])
def test_torture_chamber_words_in_more_languages(matcher, ref, fid):
    # Italian "camera di tortura", Dutch "martelkamer": how the place is described
    assert matcher.match(ref).facility_id == fid


def test_the_river_dnipro_is_not_the_city(matcher):
    # "the other side of the Dnipro": the river (the occupied left bank), not the city
    got = matcher.match("the Holoprystan institution, which is located on the "
                        "still-occupied territory on the other side of the Dnipro")
    assert got.facility_id == "ua-kherson-stara-zburivka-ik-7", got


@pytest.mark.parametrize("ref", ["w okupowanym przez separatystów budynku Służby "
                                 "Bezpieczeństwa Ukrainy w Słowiańsku",
                                 "im Gebäude des ukrainischen Sicherheitsdienstes in Slowjansk"])
def test_the_sbu_spelt_out_in_polish_and_german(matcher, ref):
    assert matcher.match(ref).facility_id == "ua-donetsk-sloviansk-sbu-basement-2014"


@pytest.mark.parametrize("ref, fid", [
    ("uma instalação do serviço de segurança em Luhansk", "ua-luhansk-luhansk-sbu-building-2014"),
    ("le bâtiment du service de sécurité à Louhansk", "ua-luhansk-luhansk-sbu-building-2014"),
    ("el edificio del Servicio Federal de Seguridad en Donetsk", "ua-donetsk-donetsk-fsb-building"),
    ("im Gebäude des Föderalen Sicherheitsdienstes in Donezk", "ua-donetsk-donetsk-fsb-building")])
def test_the_security_services_in_romance_languages_and_german(matcher, ref, fid):
    # "security service" alone is the SBU in English and so in Portuguese or French; the
    # federal one is the FSB in every language
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["the Russian security service building in Luhansk",
                                 "un bâtiment du service de sécurité russe à Louhansk"])
def test_russias_security_service_is_never_the_sbu(matcher, ref):
    # "security service" alone is the SBU; Russia's is the FSB, which Luhansk has no row of
    got = matcher.match(ref)
    assert got.facility_id != "ua-luhansk-luhansk-sbu-building-2014", got
    assert matcher.match("the Russian security service building in Donetsk").facility_id == \
        "ua-donetsk-donetsk-fsb-building"


def test_a_town_adjective_before_a_settlement_adjective_is_the_town(matcher):
    # "Симферопольского городского отдела" is Simferopol's city department, not a settlement
    # named "Simferopolsky" (as "во Владимирском поселке" is a village, not Vladimir)
    got = matcher.match("в изоляторе временного содержания Симферопольского городского "
                        "отдела милиции")
    # (ambiguous with the town's district police until an IVS written with its police
    # department became the IVS: test_an_ivs_written_with_its_police_department_is_the_ivs)
    assert (got.match_status, got.facility_id) == ("matched", "ua-crimea-simferopol-ivs"), got
    got = matcher.match("изолятор временного содержания Таганрогского городского отдела")
    assert "ru-rostov-taganrog-sizo-2" in got.match_reason, got  # the town is read
    assert matcher.match("во Владимирском поселке").match_status == "unmatched"


def test_a_name_word_that_is_also_a_town_yields_to_the_facility_with_the_number(matcher):
    # "Приазовська" is colony No. 107's name (Mariupol) and the town of Pryazovske, which has
    # an IVS since reg55: with the colony's kind and number stated, it is the colony
    got = matcher.match("до Приазовської виправної колонії №107")
    assert got.facility_id == "ua-donetsk-mariupol-colony-107", got
    assert matcher.match("ИВС в Приазовском").facility_id == "ua-zaporizhzhia-pryazovske-ivs"


def test_two_places_after_one_kind_word_one_with_a_two_word_name(matcher):
    # "в колонии Голой Пристани и Херсона": the Hola Prystan colony and Kherson's, listed
    got = matcher.match("в колонии Голой Пристани и Херсона")
    assert got.match_status == "ambiguous" and "Голой Пристани" in got.match_reason, got
    assert matcher.match("в колонии Голой Пристани").facility_id == \
        "ua-kherson-stara-zburivka-ik-7"


@pytest.mark.parametrize("ref", ["the executive committee in Nova Kakhovka",
                                 "виконком Нової Каховки", "в здании исполкома Новой Каховки"])
def test_an_executive_committee_is_its_council_s_building(matcher, ref):
    # round 56: "Zhovtnevyi district executive committee" for the district council building
    got = matcher.match(ref)
    assert got.facility_id == "ua-kherson-nova-kakhovka-city-council", got


@pytest.mark.parametrize("ref", [
    "un jardin d’enfants utilisé par les forces russes à Kapitolivka",  # round 56 (French)
    "у дитячому садку в Капітолівці", "в детском саду в Капитолевке",
    "w przedszkolu w Kapitoliwce", "en una guardería de Kapitolivka"])
def test_a_kindergarten_in_any_language_is_the_town_s_kindergarten(matcher, ref):
    got = matcher.match(ref)
    assert got.facility_id == "ua-kharkiv-kapitolivka-kindergarten", got


def test_a_kindergarten_without_its_town_is_one_of_many(matcher):
    got = matcher.match("у дитячому садку")
    assert got.match_status == "ambiguous" and "many towns have one" in got.match_reason, got


def test_vocabulary_phrases_drop_an_elided_article():
    from mapper.match.vocabulary import _tokens
    # a vocabulary phrase drops an elided article as the text's words do
    assert _tokens("jardin d'enfants") == ["jardin", "enfants"]
    assert _tokens("servizio di sicurezza dell'ucraina")[-1] == "ucraina"


@pytest.mark.parametrize("ref", [
    # round 57: Melekhovo's IK-6 (Vladimir oblast), which the registry lacks; Moscow oblast
    # has an IK-6, but a town a long way off says nothing of the region
    "IK-6 + Melekhovo +, a prison located about 250 kilometers east of Moscow",
    "IK-6 in Melekhovo, 250 km east of Moscow"])
def test_a_town_a_long_way_off_is_not_the_facility_s_region(matcher, ref):
    assert matcher.match(ref).match_status == "unmatched"
    # ... while a town nearby still places it
    got = matcher.match("the colony in Stara Zburivka, 50 kilometres from Kherson")
    assert got.facility_id == "ua-kherson-stara-zburivka-ik-7", got


def test_a_colony_in_a_city_misspelt_is_not_its_sizo(matcher):
    # round 57: "Archangelsk" (a typo of Arkhangelsk, a city of 100,000 or more): a colony
    # there is one of those around it, not loosely the city's SIZO, as when spelt right
    # (round 57's own text, "… in der abgelegenen nördlichen Region Archangelsk", names the
    # region: see test_a_region_word_after_an_adjective_goes_with_the_name_after_it)
    for ref in ("eine Kolonie in Archangelsk", "a colony in Arkhangelsk"):
        assert matcher.match(ref).match_status == "unmatched", ref


def test_slovenian_region_word_before_the_name(matcher):
    # round 57: "v osrednji ruski regiji Vladimir" is Vladimir oblast, not the city's prison
    got = matcher.match("kazensko kolonijo št. 2 v Pokrovu v osrednji ruski regiji Vladimir")
    assert got.match_status == "unmatched", got
    got = matcher.match("kolonija v regiji Vladimir")
    assert got.match_status == "ambiguous" and "ru-vladimir-vladimir-central" not in \
        got.match_reason, got


def test_foreign_nationals_are_the_kind_s_words_not_a_name(matcher):
    # round 57: "nationals" is in only Tolyatti's TsVSIG name: no town, one of seven
    got = matcher.match("a detention centre for foreign nationals")
    assert got.match_status == "unmatched" and "7 facilities" in got.match_reason, got
    got = matcher.match("a centre for foreign nationals in Tolyatti")
    assert got.facility_id == "ru-samara-tolyatti-tsvsig", got
    # ... and the migration service that ran them is boilerplate
    got = matcher.match("спецприемник временного содержания иностранных граждан ФМС в "
                        "Красном Селе")
    assert got.facility_id == "ru-saint-petersburg-krasnoye-selo-tsvsig", got


@pytest.mark.parametrize("ref", ["Снигиревская исправительная колония № 5",
                                 "колония в Снигирёвке", "колонии в Снегиревке"])
def test_a_ukrainian_town_s_russian_name_from_the_gazetteer(matcher, ref):
    # the registry writes Snihurivka in Ukrainian and English only; GeoNames gives its Russian
    # name, "Снигирёвка", a near spelling of its own, as texts written in Russian use it
    got = matcher.match(ref)
    assert got.facility_id == "ua-mykolaiv-snihurivka-colony-5", got


def test_a_russian_town_s_garbled_gazetteer_names_are_not_read(matcher):
    # GeoNames' other names of Moscow ("Москова") are not the city's: "московский аэропорт
    # Шереметьево" stays the Sheremetyevo row, which is in Moscow oblast
    got = matcher.match("московский аэропорт Шереметьево")
    assert got.facility_id == "ru-moscow-oblast-sheremetyevo-filtration", got


@pytest.mark.parametrize("ref", ["Ukraine's largest POW camp", "a prisoner-of-war camp"])
def test_pow_says_who_is_held_not_which_camp(matcher, ref):
    # round 59: "POW camp" is in only the Glushkovo row's English name; it describes a camp
    # (Ukraine's own camps for Russian prisoners too), it names none
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    got = matcher.match("the POW camp in Glushkovo")
    assert got.facility_id == "ru-kursk-glushkovo-pow-camp", got


def test_sol_as_written_is_no_school(matcher):
    # round 59 (Norwegian): "sol" (the sun; French "the ground") has the matching key of
    # "school"; the word as written is no school, the English word still is
    got = matcher.match("Et dypt hull uten tilgang til sol i et boligbygg i Izium")
    assert got.match_status != "matched", got
    got = matcher.match("the school in Izium")
    assert got.facility_id == "ua-kharkiv-izium-school-2", got


@pytest.mark.parametrize("ref", ["фільтраційного пункту у Василівці",
                                 "фильтрационный пункт в Васильевке"])
def test_a_spelling_of_a_town_s_name_serves_every_namesake(matcher, ref):
    # round 59: Vasylivka is a town in Zaporizhzhia oblast and a village in Donetsk oblast,
    # each with a filtration row; the Zaporizhzhia rows' aliases ("у Василівці") and its
    # gazetteer entry ("Васильевка") spell the name, not only that town, so the text does
    # not say which
    got = matcher.match(ref)
    assert got.match_status == "ambiguous", got
    assert "ua-donetsk-vasylivka-donetsk-filtration" in got.match_reason, got


@pytest.mark.parametrize(("ref", "fid"), [
    ("фільтраційний пункт у Василівці Донецької області",
     "ua-donetsk-vasylivka-donetsk-filtration"),
    ("фильтрационный пункт в Васильевке Запорожской области",
     "ua-zaporizhzhia-vasylivka-checkpoint-filtration")])
def test_the_region_tells_namesake_towns_apart(matcher, ref, fid):
    got = matcher.match(ref)
    assert got.facility_id == fid, got


@pytest.mark.parametrize("ref", ["з колонії уральського міста Копейськ",
                                 "из колонии уральского города Копейск"])
def test_a_wide_area_s_adjective_is_no_name_word(matcher, ref):
    # dev: "уральського" (of the Urals) is where the town is, as "на Урале" is; it was read
    # as a word of a name the Kopeisk colony lacks
    got = matcher.match(ref)
    assert got.facility_id == "ru-chelyabinsk-kopeisk-ik-6", got


@pytest.mark.parametrize("ref", ["СИЗО на улице Уральской в Екатеринбурге",
                                 "в исправительном заведении в Каменске-Уральском"])
def test_a_wide_area_s_word_in_a_street_or_town_name_places_nothing(matcher, ref):
    # a street named after the Urals, or the second half of a town's name, is no wide area:
    # the text names a town the registry has nothing in
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert "wide area" not in got.match_reason, got


def test_a_district_a_name_gives_is_region_evidence(matcher):
    # the Novoukrainskoye TsVSIG's Russian name gives its district ("(Гулькевичский
    # район)") and it has no address: the district places it, as an address's would
    got = matcher.match("ЦВСИГ в Гулькевичском районе")
    assert got.facility_id == "ru-krasnodar-novoukrainskoye-tsvsig", got
    got = matcher.match("the deportation center in Gulkevichi, Russia")
    assert got.match_status == "ambiguous" and "may be the city" in got.match_reason, got


@pytest.mark.parametrize(("ref", "status"), [
    ("im Keller des militärischen Rekrutierungsbüros im Dorf Schewtschenkove bei Kupianske",
     "unmatched"),
    ("im Keller des Rekrutierungsbüros in Isjum", "matched")])
def test_a_military_commissariat_in_other_languages(matcher, ref, status):
    # dev (German): the recruitment office is another kind of building than the Shevchenkove
    # cellar row, as "військкомат" is; Izium's military commissariat is one
    got = matcher.match(ref)
    assert got.match_status == status, got
    if status == "matched":
        assert got.facility_id == "ua-kharkiv-izium-military-commissariat", got


@pytest.mark.parametrize("ref", [
    "the District Police Department used by Russian occupiers for torture, Balakliia, "
    "Kharkiv region",
    "the District Police Department used for torture in Balakliia"])
def test_for_points_to_a_landmark_only_when_the_town_follows_it(matcher, ref):
    # round 60: "for" is near-word ("Detention Center for Moscow", in Sakharovo), but past a
    # comma or a preposition of place the town is where the text places the facility
    got = matcher.match(ref)
    assert got.facility_id == "ua-kharkiv-balakliia-police", got


@pytest.mark.parametrize("ref", [
    "dans une ancienne école du village de Nikolske, au nord-ouest de Marioupol",
    "una escuela en Nikolske, al noroeste de Mariúpol",
    "una scuola a Nikolske, a nord-ovest di Mariupol"])
def test_romance_directions_make_a_landmark(matcher, ref):
    # round 60 (French): "north-west of Mariupol" says where the village is; it is no
    # second place
    got = matcher.match(ref)
    assert got.facility_id == "ua-donetsk-nikolske-filtration", got


@pytest.mark.parametrize(("ref", "fid"), [
    ("в Генічеську Херсонської області, у підвалах будівлі колишньої податкової інспекції", ""),
    ("the tax office in Henichesk", ""),
    ("подвал бывшего отдела налоговой милиции в Макеевке",
     "ua-donetsk-makiivka-tax-police-basement"),
    ("the former tax police basement in Makiivka", "ua-donetsk-makiivka-tax-police-basement")])
def test_a_tax_office_is_a_kind_of_building(matcher, ref, fid):
    # round 60: a tax inspectorate's basements in Henichesk are not the town's one registry
    # site (its vocational school); the Makiivka row named after the tax police is that one
    # (its own name was generic words before, so the town's five rows tied)
    got = matcher.match(ref)
    assert got.facility_id == fid, got
    if not fid:
        assert got.match_status == "unmatched", got


@pytest.mark.parametrize(("ref", "fid"), [
    ("im Foltergefängnis von Kupjansk", "ua-kharkiv-kupiansk-police"),
    ("in einem Foltergefängnis in Kupjansk", "ua-kharkiv-kupiansk-police"),
    ("im Gefängnis von Kupjansk", "")])
def test_a_german_torture_prison_is_a_makeshift_prison(matcher, ref, fid):
    # "Foltergefängnis" (torture prison) says a prison made a torture site, as "prison-torture
    # in Kupyansk" does: the town's police building, loosely; a prison word alone is not
    got = matcher.match(ref)
    assert got.facility_id == fid, got


@pytest.mark.parametrize(("ref", "fid"), [
    ("в центре временного содержания граждан в Красном Селе",
     "ru-saint-petersburg-krasnoye-selo-tsvsig"),
    ("в изоляторе временного содержания граждан в Симферополе", "ua-crimea-simferopol-ivs")])
def test_a_centre_for_the_temporary_detention_of_citizens_is_a_tsvsig(matcher, ref, fid):
    # dev (ru, 2022): "Центр временного содержания граждан" is a deportation centre; an
    # isolator of temporary detention stays an IVS
    got = matcher.match(ref)
    assert got.facility_id == fid, got


@pytest.mark.parametrize(("ref", "fid"), [
    ("на пункті пропуску «Колотилівка-Покровка»", "ru-belgorod-kolotilovka-filtration"),
    ("через пункт пропуску «Покровка-Колотилівка»", "ru-belgorod-kolotilovka-filtration"),
    ("у «Покровському» комплексі в Гостомелі", "ua-kyiv-hostomel-pokrovsky-complex-basements")])
def test_a_word_hyphenated_to_another_facilitys_town_is_no_name_word(matcher, ref, fid):
    # round 61 (uk) and two dev rows: the border crossing «Колотилівка-Покровка» is named
    # after two villages; "Покровка" is its second half, not Hostomel's "Pokrovsky" complex
    got = matcher.match(ref)
    assert got.facility_id == fid, got


# --- the twenty-second session's classes ---------------------------------------------------
# The FSIN's regional medical unit (МСЧ, "Медико-санітарна частина") runs its hospitals: a
# hospital word in any script, its acronym as written. Before, "МСЧ" met the registry's name
# only through the MGB's English "MSS" (one matching key), and the long forms not at all.
@pytest.mark.parametrize("ref", [
    "у філіалі психіатричної лікарні Федеральної казенної установи охорони здоров’я "
    "«Медико-санітарна частина №74 Федеральної служби виконання покарань» Росії в м. "
    "Магнітогорську",
    "в МСЧ-74 в Магнитогорске"])
def test_the_fsin_medical_unit_is_a_hospital_word(matcher, ref):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == (
        "matched", "ru-chelyabinsk-magnitogorsk-prison-hospital"), got


def test_the_medical_unit_acronym_is_not_the_mgb(matcher):
    # "МСЧ-74" alone: a hospital No. 74 with no region (FSIN numbers per region)
    got = matcher.match("МСЧ-74")
    assert got.match_status == "ambiguous" and "region by region" in got.match_reason, got
    got = matcher.match("the MSS building in Donetsk")  # the MGB in English, as written
    assert got.match_status == "ambiguous" and "ua-donetsk-donetsk-mgb-molodizhna-14" in \
        got.match_reason and "magnitogorsk" not in got.match_reason, got
    assert matcher.match("в здании МГБ в Магнитогорске").match_status == "unmatched"


# A basement with no kind word, in a town whose only registry row is an FSIN institution, is a
# makeshift place, not that institution; a town's own makeshift site still is one.
@pytest.mark.parametrize("ref, want", [
    ("в подвале в Магнитогорске", ("unmatched", "")),
    ("a basement in Magnitogorsk", ("unmatched", "")),
    ("в подвале больницы в Магнитогорске",
     ("matched", "ru-chelyabinsk-magnitogorsk-prison-hospital")),
    ("у підвалі в Ягідному", ("matched", "ua-chernihiv-yahidne-school-basement")),
    ("the cellar in Kozacha Lopan", ("matched", "ua-kharkiv-kozacha-lopan-torture-sites")),
])
def test_a_basement_is_not_a_towns_fsin_institution(matcher, ref, want):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == want, got


@pytest.mark.parametrize("ref, body", [("в подвале СБУ", "SBU"), ("the FSB building", "FSB")])
def test_a_body_with_no_town_says_so(matcher, ref, body):
    # "no facility kind … recognised" said nothing a researcher could act on
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert f"names a body ({body}) but no town" in got.match_reason, got
    assert "add the town" in got.match_reason, got


# A body named with no kind word, in a town where none of the registry's rows is that body's
# site, is another place there ("the FSB building in Kupiansk" is not its police building);
# with a custodial kind word the body may be whose prisoners they are ("FSB prison in
# Krasnodar": one of the town's SIZOs or colonies). "SSU" is read as written: its matching key
# is the Croatian "su" (are).
@pytest.mark.parametrize("ref, want", [
    ("the FSB building in Kupiansk", ("unmatched", "")),
    ("в подвале СБУ в Купянске", ("unmatched", "")),
    ("в здании МГБ в Магнитогорске", ("unmatched", "")),
    ("the SSU building in Izium", ("matched", "ua-kharkiv-izium-sbu")),
    ("the FSB office in Simferopol", ("matched", "ua-crimea-simferopol-fsb-building")),
    ("U Kozačkom Lopanu u regiji Harkiv pronađene su dvije komore za mučenje",
     ("matched", "ua-kharkiv-kozacha-lopan-torture-sites")),
])
def test_a_body_is_not_another_bodys_site_in_its_town(matcher, ref, want):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == want, got


def test_a_body_with_a_custodial_kind_may_be_the_towns_prison(matcher):
    got = matcher.match("FSB prison in Krasnodar")
    assert got.match_status == "ambiguous" and "ru-krasnodar-krasnodar-sizo-1" in \
        got.match_reason, got
    got = matcher.match("у будівлі СБУ в Херсоні")
    assert got.match_status == "unmatched" and "('SBU')" in got.match_reason, got


@pytest.mark.parametrize("word, group", [("школа", "kindergarten"), ("школи", "kindergarten"),
                                         ("su", "sbu"), ("МСЧ", "mgb"), ("np", "npp")])
def test_a_common_word_is_no_acronym_groups_word(matcher, word, group):
    # Czech "školka" (a kindergarten) cut to its key was the key of "школа" (a school); "SSU"
    # that of Croatian "su"; "MSS" that of "МСЧ"; "NPP" that of Polish "np." (for example):
    # those entries are matched as written
    from mapper.match.normalise import stem
    from mapper.names import latin
    roles = matcher.voc.roles.get(stem(latin(word)), frozenset())
    assert ("acronym", group) not in roles, roles


def test_a_psychiatric_institute_is_a_hospital(matcher):
    # "Serbsky Institute (forensic psychiatry)": its branch of medicine says a hospital, so a
    # "psychiatric hospital" named Serbsky is it, not Moscow's other hospitals (dev round 30s)
    got = matcher.match("the notorious Serbsky psychiatric hospital in Moscow")
    assert (got.match_status, got.facility_id) == (
        "matched", "ru-moscow-moscow-serbsky-centre"), got
    got = matcher.match("a psychiatric hospital in Moscow")
    assert got.match_status == "ambiguous", got


@pytest.mark.parametrize("ref", ["a prison in Shcherbinka", "в тюрьме в Щербинке"])
def test_a_towns_name_is_no_inflected_form_of_a_facility_name(matcher, ref):
    # "Shcherbinka" (a town of Moscow, key "serbin") less its last letters is "serb", the key
    # of "Serbsky": a town's own name is not read as a form of a facility's name word
    # (probe_towns.py found it once psychiatry made the Serbsky Institute a hospital)
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert matcher.match("в институте Сербского").facility_id == "ru-moscow-moscow-serbsky-centre"


@pytest.mark.parametrize("ref, want", [
    ("Усманская воспитательная колония для несовершеннолетних", ("unmatched", "")),
    ("Находкинскую воспитательную колонию для несовершеннолетних", ("unmatched", "")),
    ("Kherson juvenile detention centre", ("matched", "ua-kherson-kherson-ivs")),
    ("приемник-распределитель для детей в Херсоне", ("matched", "ua-kherson-kherson-ivs")),
])
def test_a_juvenile_colony_is_not_a_juvenile_reception_centre(matcher, ref, want):
    # round 64: Russian juvenile colonies, their towns' adjectives unread, went to the Kherson
    # IVS (once a juvenile reception centre) by the "juveniles" its names say, as "juvenile
    # detention centre", its alias, was a juvenile colony's word; it is its own kind now
    # ([kinds.juvenile_centre], of no family)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == want, got


@pytest.mark.parametrize("ref", ["District Division of Internal Affairs No. 2 in Vladikavkaz",
                                 "No. 2 in Vladikavkaz",
                                 "в Луганську установу виконання покарань № 17"])
def test_a_written_number_with_no_kind_is_not_a_towns_unnumbered_row(matcher, ref):
    # round 64: "No. 2" and a town whose one registry row (a TsVSIG) records no number went
    # to that row loosely; a number written as one, with no kind word, needs more than the
    # town (a house number after a street, "ul. … 19", may still be tolerated)
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert matcher.match("w Dokuczajewsku - ul. Niepodległości Ukrainy 19").facility_id == \
        "ua-donetsk-dokuchaievsk-filtration"


@pytest.mark.parametrize("ref", ["Wolf", "das ukrainische Volk", "Vuk", "Lup"])
def test_one_word_of_a_nickname_is_no_colony(matcher, ref):
    # "Polar Wolf" is Kharp's IK-3 by its words together; one of them alone, or a word one
    # typo from one ("Volk", people), named it before (found with round 64's nickname words)
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "one word of a nickname" in got.match_reason, got


@pytest.mark.parametrize("ref, fid", [
    ('"Lupul polar", o inchisoare dura de langa Cercul Arctic', "ru-yamalo-nenets-kharp-ik-3"),
    ('"Polarnog vuka", formalno poznatog kao IK-3', "ru-yamalo-nenets-kharp-ik-3"),
    ("Coruja nevada (colônia)", "ru-yamalo-nenets-kharp-ik-18"),
    ("the Polar Wolf colony", "ru-yamalo-nenets-kharp-ik-3"),
])
def test_a_whole_nickname_in_other_languages(matcher, ref, fid):
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["strogo čuvanu kaznenu koloniju u Omsku u Sibiru",
                                 "à colônia penal de alta segurança de Omsk, na Sibéria"])
def test_high_security_in_more_languages_is_a_regime(matcher, ref):
    # a regime only men serve: Omsk's colony, not its colony-hospital (round 64, dev)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-omsk-omsk-ik-6"), got


@pytest.mark.parametrize(("ref", "town"), [
    ("колония строгого режима в Ангарске", "Ангарске (Irkutsk Oblast)"),
    ("a penal colony in Torez", "Torez (Donetsk Oblast)"),
    ("СИЗО-1 Ярославля", "Ярославля (Yaroslavl Oblast)"),
    ("kolonii karnej w Pokrowie", "Pokrowie (Vladimir Oblast, Dnipropetrovsk Oblast)"),
])
def test_a_town_with_no_facility_is_named_in_the_reason(matcher, ref, town):
    # a town the registry has no facility at is not "a spelling the registry lacks": the
    # researcher is told which town the words name and where, to add a facility there (or,
    # if the registry has it under another spelling of the town, that spelling)
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert f"the text names {town}, a town at which no registry facility" in got.match_reason


@pytest.mark.parametrize("ref", [
    "Новгород-Сіверський слідчий ізолятор",  # part of a hyphenated name: not Novgorod
    "в ярославской колонии",  # an adjective's stem meets other towns' ("Ярославский")
    "в лагерь «Мишка»",  # a quoted name is the place's own
    "спортивных залах двух отделений СШОР № 13",  # an acronym
])
def test_only_a_town_written_as_one_is_named_in_the_reason(matcher, ref):
    got = matcher.match(ref)
    assert got.match_status != "matched" and "a town at which" not in got.match_reason, got


@pytest.mark.parametrize(("ref", "fid"), [
    ("в ИВС Ленинского РОВД Симферополя", None),  # a district department's IVS, not in it
    ("в ИВС Железнодорожного РОВД Симферополя",
     "ua-crimea-simferopol-railway-district-police"),
    ("ИВС Симферополя", "ua-crimea-simferopol-ivs"),
    # a town whose district departments the registry does not tell apart: the one it has
    ("колишній Центральний райвідділок поліції Маріуполя", "ua-donetsk-mariupol-central-police"),
])
def test_a_district_departments_ivs_is_not_the_towns(matcher, ref, fid):
    got = matcher.match(ref)
    if fid is None:
        assert got.match_status == "unmatched", got
    else:
        assert (got.match_status, got.facility_id) == ("matched", fid), got


@pytest.mark.parametrize("ref", ["v kolonijo Polarni volk", "Polarnyi Volk"])
def test_a_town_word_beside_a_nickname_word_is_the_nickname(matcher, ref):
    # "Polarni"/"Polarnyi" spell the town of Polyarny whole; beside "volk" they are the
    # words of Kharp's "Polar Wolf" (round 64's Slovene and transliterated nickname)
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ru-yamalo-nenets-kharp-ik-3"), got


def test_a_nickname_word_alone_that_spells_a_town_stays_the_town(matcher):
    assert matcher.match("в Вольске").match_status == "unmatched"
    assert matcher.match("Polarny").match_status == "unmatched"


# --- round 65's classes (after its single scoring) --------------------------------------

def test_on_a_name_and_a_number_is_a_street_and_its_house(matcher):
    # "на Теплоенергетиків 3": the Kherson IVS's street and house, not facility No. 3
    got = matcher.match("у катівні на Теплоенергетиків 3")
    assert (got.match_status, got.facility_id) == ("matched", "ua-kherson-kherson-ivs"), got
    # ... another house of that street is not its address, and "on" a region and a count
    # of places is no street
    assert matcher.match("на Теплоенергетиків 5").match_status == "unmatched"
    got = matcher.match("на Харківщині 28 катівень")
    assert got.match_status != "matched" and "street" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["в катівні на Теплоенергетиків 3 в Херсоні",
                                 "w katowni na Teploenerhetykiv 3 w Chersoniu"])
def test_on_a_name_and_a_number_then_the_town_is_a_street_its_house_and_town(matcher, ref):
    # the town after the house ("… 3 в Херсоні"), in Cyrillic or in Polish "na … w …": the
    # house number is still no facility number
    got = matcher.match(ref)
    assert (got.match_status, got.facility_id) == ("matched", "ua-kherson-kherson-ivs"), got


@pytest.mark.parametrize("ref, region", [
    ("катівні на Харківщині", "Kharkiv Oblast"),
    ("a prison in the Vladimir region", "Vladimir Oblast"),
    ("в колонии Смоленской области", "Smolensk Oblast"),
])
def test_a_region_without_a_town_is_said_as_a_region(matcher, ref, region):
    # "no … at that place in the registry; other facilities there: …" read as if the region
    # had none, then listed those it has (168 dev reasons said so)
    got = matcher.match(ref)
    assert got.match_status == "unmatched", got
    assert f"only in {region}, not in a town" in got.match_reason, got
    assert "at that place" not in got.match_reason, got


@pytest.mark.parametrize("ref", ["жіноча зона в сел. Суслово Кемеровської обл.",
                                 # a city with none of its region's facilities
                                 "СІЗО в Харкові", "a pretrial detention centre in Samara"])
def test_a_town_the_registry_lacks_is_still_that_place(matcher, ref):
    # a town or village the text names is a place: "at that place" stays right there
    got = matcher.match(ref)
    assert got.match_status == "unmatched" and "at that place" in got.match_reason, got
