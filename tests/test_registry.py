"""Registry checks (`mapper validate`), one per kind of mistake, on copies of the real registry."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.paths import registry_path
from mapper.registry import load_registry, validate_registry


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with open(registry_path(), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(tmp_path: Path, rows: list[dict], name: str = "registry.csv",
          encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def problems_for(tmp_path: Path, rows: list[dict]) -> list[str]:
    return [str(p) for p in validate_registry(load_registry(write(tmp_path, rows)))]


def test_the_committed_registry_is_valid():
    assert validate_registry(load_registry()) == []


def find(rows: list[dict], fid: str) -> int:
    return next(i for i, r in enumerate(rows) if r["id"] == fid)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("source_urls", "", "'source_urls' is empty: no source"),
        ("source_urls", "htp//example", "malformed source URL 'htp//example'"),
        ("source_dates", "2022-13-40", "malformed source date '2022-13-40'"),
        ("facility_type", "prison", "unknown facility_type 'prison'"),
        ("context", "war", "unknown context 'war'"),
        ("region_code", "RU-XXX", "unknown region_code 'RU-XXX'"),
        ("occupied", "maybe", "occupied is 'maybe', not true or false"),
        ("first_reported", "April 2022", "malformed first_reported 'April 2022'"),
        ("id", "Taganrog SIZO", "id 'Taganrog SIZO' is not a valid id"),
    ],
)
def test_each_bad_value_is_named_with_file_and_row(tmp_path, rows, column, value, expected):
    rows = [dict(r) for r in rows]
    i = find(rows, "ru-rostov-taganrog-sizo-2")
    if column == "source_dates":  # one bad date among the row's aligned dates
        value = "; ".join([value, *rows[i][column].split("; ")[1:]])
    rows[i][column] = value
    if column == "source_urls" and value:
        rows[i]["source_dates"] = "n.d."
    found = problems_for(tmp_path, rows)
    assert len(found) == 1, found
    assert found[0].startswith(f"{tmp_path / 'registry.csv'}, row {i + 2}")
    assert expected in found[0]
    assert "→" in found[0]  # every problem says what to do


def test_duplicate_ids(tmp_path, rows):
    rows = [dict(r) for r in rows] + [dict(rows[0])]
    found = problems_for(tmp_path, rows)
    assert any(f"duplicate id '{rows[0]['id']}' (also on row 2)" in p for p in found)


def test_missing_and_unknown_columns(tmp_path, rows):
    rows = [{("reviewer" if k == "context" else k): v for k, v in r.items()} for r in rows]
    found = problems_for(tmp_path, rows)
    assert any("column 'context' is missing" in p for p in found)
    assert any("unknown column 'reviewer'" in p for p in found)


def test_source_url_and_date_counts_must_agree(tmp_path, rows):
    rows = [dict(r) for r in rows]
    i = find(rows, "ru-rostov-zverevo-ik-1")
    rows[i]["source_dates"] = "2022-04"
    found = problems_for(tmp_path, rows)
    n_urls = len(rows[i]["source_urls"].split())
    assert any(f"{n_urls} source URLs but 1 source dates" in p for p in found)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("38.9053", "47.23627", "latitude and longitude look swapped"),
        ("147.2", "38.9", "out of range"),
        ("47.2", "", "incomplete or not a number"),
        ("-33.9", "18.4", "outside Russia and Ukraine"),
    ],
)
def test_bad_coordinates(tmp_path, rows, lat, lon, expected):
    rows = [dict(r) for r in rows]
    i = find(rows, "ru-rostov-taganrog-sizo-2")
    rows[i]["lat"], rows[i]["lon"] = lat, lon
    found = problems_for(tmp_path, rows)
    assert len(found) == 1 and expected in found[0], found


def test_crimea_must_be_ukraine_and_occupied(tmp_path, rows):
    rows = [dict(r) for r in rows]
    i = find(rows, "ua-crimea-simferopol-sizo-1")
    rows[i]["country"] = "RU"
    rows[i]["occupied"] = "false"
    found = problems_for(tmp_path, rows)
    assert any("region_code UA-43 is not in country RU" in p for p in found)
    rows[i]["country"] = "UA"
    found = problems_for(tmp_path, rows)
    assert any("occupied is false" in p for p in found), found


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_encodings_read_the_same(tmp_path, rows, encoding):
    # cp1251 cannot hold every character a source may use; keep only what it can.
    safe = [{k: v.encode("cp1251", "ignore").decode("cp1251") for k, v in r.items()}
            for r in rows]
    df = load_registry(write(tmp_path, safe, encoding=encoding))
    assert df.attrs["encoding"].replace("-sig", "").replace("_", "-").lower() in (
        "utf-8", "cp1251", "windows-1251")
    expect = pd.DataFrame(safe)
    pd.testing.assert_frame_equal(df.reset_index(drop=True), expect, check_dtype=False)
    taganrog = df.loc[df.id == "ru-rostov-taganrog-sizo-2"].iloc[0]
    assert taganrog.settlement_local == "Таганрог"


def test_xlsx_registry(tmp_path, rows):
    path = tmp_path / "registry.xlsx"
    pd.DataFrame(rows).to_excel(path, index=False)
    df = load_registry(path)
    assert list(df.columns) == list(rows[0])
    assert len(df) == len(rows)
    assert validate_registry(df) == []
    assert df.loc[df.id == "ru-rostov-taganrog-sizo-2", "settlement_local"].item() == "Таганрог"


def test_cli_validate_exit_status(tmp_path, rows):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(registry_path())])
    assert ok.exit_code == 0, ok.output
    assert "no problems found in this facility registry" in ok.output
    rows = [dict(r) for r in rows]
    rows[0]["source_urls"] = ""
    bad = runner.invoke(main, ["validate", str(write(tmp_path, rows))])
    assert bad.exit_code == 1
    assert "row 2" in bad.output and "no source" in bad.output


def test_a_mirror_url_is_warned_about_but_the_registry_stays_valid(tmp_path, rows):
    rows = [dict(r) for r in rows]
    i = find(rows, "ru-rostov-taganrog-sizo-2")
    mirror = "https://quiet-river-123456.appspot.com/article/2025/01/10/hell"
    rows[i]["source_urls"] += f" {mirror} https://zona.media/x?utm_source=tg"
    rows[i]["source_dates"] += "; 2025-01-10; n.d."
    path = write(tmp_path, rows)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    assert (f"row {i + 2} (ru-rostov-taganrog-sizo-2): source URL '{mirror}' is not the "
            "outlet's own address: a Google App Engine mirror (appspot.com)") in res.output
    assert "tracking parameters (utm_source)" in res.output
    assert "no problems found" in res.output


@pytest.mark.parametrize(("url", "expected"), [
    ("https://d2k5zpaql0enfz.cloudfront.net/amp/29347748.html", "a CloudFront mirror"),
    ("https://rfe.pangea-cms.com/preview/ru-CAU/a/x/31885265.html", "a Pangea CMS address"),
    ("https://x---app-abc-lz.a.run.app/articles/2025/10/13/y", "a Google Cloud Run mirror"),
    ("http://wiki-org.ru/wiki/Lefortovo", "a Wikipedia mirror"),
    ("https://wiki.riteme.site/wiki/Olenivka_prison_attack", "a Wikipedia mirror"),
    ("https://ru.krymr.com./a/27454136.html", "the host ends with a dot (ru.krymr.com.)"),
    ("https://example.org/preview/a/1.html", "a CMS preview address (/preview/)"),
    ("https://faq.com/?q=https://graty.me/ru/x/", "a proxy that wraps another address"),
    ("https://dekoder-relaunch.palasthotel.de/?p=120053", "a web agency's staging copy"),
    ("https://ru.krymr.com/a/27454136.html", None),
    ("https://zmina.info/en/news-en/x?page=2", None),
])
def test_mirror_patterns(url, expected):
    from mapper.sources import mirror_reason

    got = mirror_reason(url)
    assert (got is None) if expected is None else got.startswith(expected)


def test_official_number_must_be_a_number(tmp_path, rows):
    rows = [dict(r) for r in rows]
    rows[find(rows, "ru-rostov-taganrog-sizo-2")]["official_number"] = "SIZO-2"
    got = problems_for(tmp_path, rows)
    assert any("official_number 'SIZO-2' is not a number" in p for p in got), got


def test_a_candidate_file_without_official_number_still_loads(tmp_path, rows):
    rows = [{k: v for k, v in r.items() if k != "official_number"} for r in rows]
    df = load_registry(write(tmp_path, rows))
    assert "official_number" in df.columns and validate_registry(df) == []


# --- geo/merge_candidates.py ----------------------------------------------------------------

def _merge_module():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "geo" / "merge_candidates.py"
    spec = importlib.util.spec_from_file_location("merge_candidates", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _candidate(rows, **changes) -> dict:
    c = {k: v for k, v in rows[find(rows, "ru-tula-donskoy-ik-1")].items()}
    c.update({"former_ids": "", "notes": "", "evidence": "quote", "duplicate_of": "",
              **changes})
    return c


def _decision(cid, decision, **kw) -> dict:
    d = dict(candidate_id=cid, decision=decision, id="", keep_urls="*", add_urls="",
             add_dates="", take="", set="", reason="checked")
    d.update(kw)
    return d


def test_merge_candidates_adds_merges_and_rejects(rows):
    mc = _merge_module()
    new = _candidate(rows, id="ru-test-newtown-ik-99", name_en="Penal Colony No. 99, Newtown",
                     source_urls="https://example.org/a https://example.org/b",
                     source_dates="2025-01; n.d.")
    upd = _candidate(rows, id="ru-test-update", duplicate_of="ru-tula-donskoy-ik-1",
                     address="ул. Тестовая, д. 1", source_urls="https://example.org/c",
                     source_dates="2024-05-06")
    bad = _candidate(rows, id="ru-test-rejected")
    out, done = mc.merge(rows, [new, upd, bad], [
        _decision("ru-test-newtown-ik-99", "add", keep_urls="https://example.org/b",
                  set="official_number=99"),
        _decision("ru-test-update", "merge", take="address"),
        _decision("ru-test-rejected", "reject"),
    ])
    assert done == {"add": ["ru-test-newtown-ik-99"], "merge": ["ru-tula-donskoy-ik-1"],
                    "reject": ["ru-test-rejected"]}
    by = {r["id"]: r for r in out}
    assert len(out) == len(rows) + 1 and "ru-test-rejected" not in by
    added = by["ru-test-newtown-ik-99"]
    assert added["source_urls"] == "https://example.org/b" and added["source_dates"] == "n.d."
    assert added["official_number"] == "99"
    merged = by["ru-tula-donskoy-ik-1"]
    assert merged["address"] == "ул. Тестовая, д. 1"
    assert merged["source_urls"].endswith(" https://example.org/c")
    assert merged["source_dates"].endswith("; 2024-05-06")


@pytest.mark.parametrize(("decision", "message"), [
    ({}, "have no decision"),
    ({"decision": "add", "id": "ru-tula-donskoy-ik-1"}, "already exists"),
    ({"decision": "merge", "id": "ru-no-such-row"}, "is not in the registry"),
    ({"decision": "add", "keep_urls": "https://example.org/not-in-candidate"},
     "does not have"),
])
def test_merge_candidates_refuses(rows, decision, message):
    mc = _merge_module()
    cand = _candidate(rows, id="ru-test-x", source_urls="https://example.org/a",
                      source_dates="n.d.")
    decisions = [_decision("ru-test-x", **{"decision": "add", **decision})] if decision else []
    with pytest.raises(mc.MergeError, match=message):
        mc.merge(rows, [cand], decisions)


def test_merge_candidates_never_reuses_a_retired_id(rows):
    mc = _merge_module()
    rows = [dict(r) for r in rows]
    rows[find(rows, "ru-tula-donskoy-ik-1")]["former_ids"] = "ru-tula-old-id"
    cand = _candidate(rows, id="ru-tula-old-id", source_urls="https://example.org/a",
                      source_dates="n.d.")
    with pytest.raises(mc.MergeError, match="former_ids"):
        mc.merge(rows, [cand], [_decision("ru-tula-old-id", "add")])


def test_merge_candidates_carries_titles_into_sources_csv(rows):
    mc = _merge_module()
    cand = _candidate(rows, id="ru-test-titled",
                      source_urls="https://example.org/t https://example.org/u",
                      source_dates="n.d.; n.d.", source_titles="Заголовок; ",
                      source_publishers="Outlet; example.org (publisher from domain)")
    out, _ = mc.merge(rows, [cand], [_decision("ru-test-titled", "add")])
    got = mc.source_rows([cand], out, known=set())
    assert got == [{"url": "https://example.org/t", "publisher": "Outlet", "title": "Заголовок",
                    "retrieved_from": "", "note": "from candidate ru-test-titled"}]


def test_regions_have_conventional_english_and_ukrainian_names():
    from mapper.paths import reference_dir

    with open(reference_dir() / "regions.csv", encoding="utf-8", newline="") as fh:
        regions = {r["region_code"]: r for r in csv.DictReader(fh)}
    assert len(regions) == 110
    assert regions["RU-ROS"]["name_en"] == "Rostov Oblast"
    assert "Rostovskaya Oblast'" in regions["RU-ROS"]["aliases"].split("|")
    assert regions["RU-KDA"]["name_en"] == "Krasnodar Krai"
    assert regions["RU-KGD"]["name_en"] == "Kaliningrad Oblast"
    assert regions["RU-KYA"]["name_uk"] == "Красноярський край"
    assert regions["RU-SA"]["name_uk"] == "Республіка Саха (Якутія)"
    assert regions["UA-43"]["country"] == "UA"
    assert all(r["name_uk"] for r in regions.values())
    romanised = [c for c, r in regions.items()
                 if any(x in r["name_en"] for x in ("skaya", "skiy", "Kray", "'", "’"))]
    assert romanised == []
