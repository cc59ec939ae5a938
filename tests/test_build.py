"""`mapper build` on the real registry: the committed layer, its guarantees, the summary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import Point

import mapper
from mapper import io as mapper_io
from mapper.cli import main
from mapper.layer import build_layer, write_layer
from mapper.paths import layer_path, registry_path
from mapper.reference import countries, gazetteer, regions


@pytest.fixture(scope="module")
def report():
    return build_layer()


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(layer_path().read_text(encoding="utf-8"))


def registry_rows() -> list[dict]:
    with open(registry_path(), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_committed_layer_is_the_build_of_the_committed_registry(tmp_path, report):
    out = write_layer(report.layer, tmp_path / "facilities.geojson")
    assert out.read_bytes() == layer_path().read_bytes(), (
        "facilities.geojson is stale: run `mapper build` and commit it")


def test_every_registry_row_is_in_the_layer_with_sources(committed):
    with open(registry_path(), encoding="utf-8") as fh:
        ids = {r["id"] for r in csv.DictReader(fh)}
    feats = committed["features"]
    assert {f["properties"]["id"] for f in feats} == ids
    assert len(feats) == len(ids)
    for f in feats:
        p = f["properties"]
        assert p["sources"] and all(s["url"].startswith("http") for s in p["sources"])
        assert p["geocode_precision"] in ("exact", "settlement", "region")


def test_rfc7946(committed):
    assert "crs" not in committed
    for f in committed["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        for c in (lon, lat):
            assert len(repr(c).split(".")[-1]) <= 6


def test_every_point_lies_in_its_region_and_country(committed):
    reg, ctry = regions(), countries()
    outside = []
    for f in committed["features"]:
        p = f["properties"]
        pt = Point(f["geometry"]["coordinates"])
        poly = reg.loc[p["region_code"], "geometry"]
        # Simplified coastlines: a coastal town may sit just offshore, never in another region.
        if not (poly.contains(pt) or poly.distance(pt) < 0.1):
            outside.append(p["id"])
        if ctry.loc[p["country"], "geometry"].distance(pt) >= 0.1:
            outside.append(p["id"])
        assert p["region_code"].startswith(p["country"] + "-")
    assert outside == []


def test_crimea_is_occupied_ukraine(committed):
    crimea = [f["properties"] for f in committed["features"]
              if f["properties"]["region_code"] in ("UA-43", "UA-40")]
    assert len(crimea) >= 4
    assert all(p["country"] == "UA" and p["occupied"] is True for p in crimea)
    simf = next(p for p in crimea if p["id"] == "ua-crimea-simferopol-sizo-1")
    assert simf["geocode_precision"] == "settlement"
    assert simf["geocode_source"].startswith("geonames:")


def test_region_fallback_rows_say_why(report):
    region_level = report.layer[report.layer.geocode_precision == "region"]
    assert len(region_level) > 0
    noted = {fid: note for fid, prec, note in report.notes if prec == "region"}
    for fid in region_level.id:
        assert noted.get(fid), fid
    dagestan = report.layer.set_index("id").loc["ru-dagestan-unspecified-colony"]
    assert (dagestan.geocode_precision, dagestan.geocode_source) == ("region", "region-point:RU-DA")


def test_olenivka_colony_uses_the_source_coordinate_or_the_donetsk_olenivka(report):
    row = report.layer.set_index("id").loc["ua-donetsk-olenivka-ik-120"]
    if row.geocode_precision == "exact":
        assert row.geocode_source == "source"
    else:
        assert row.geocode_source == "geonames:698614"


def test_build_is_deterministic(tmp_path):
    runner = CliRunner()
    outs = []
    for name in ("a.geojson", "b.geojson"):
        res = runner.invoke(main, ["build", "-o", str(tmp_path / name), "--quiet"])
        assert res.exit_code == 0, res.output
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


def test_interrupted_write_leaves_the_previous_file(tmp_path, report, monkeypatch):
    target = tmp_path / "facilities.geojson"
    target.write_text("previous edition", encoding="utf-8")

    def boom(features, **members):
        raise KeyboardInterrupt

    monkeypatch.setattr("mapper.layer.feature_collection_text", boom)
    with pytest.raises(KeyboardInterrupt):
        write_layer(report.layer, target)
    assert target.read_text(encoding="utf-8") == "previous edition"

    with pytest.raises(RuntimeError), mapper_io.atomic_write(target) as fh:
        fh.write("half a file")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "previous edition"
    assert [p.name for p in tmp_path.iterdir()] == ["facilities.geojson"]


def test_summary_compares_with_known_totals(tmp_path):
    res = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "f.geojson")])
    assert res.exit_code == 0, res.output
    assert "of 196" in res.output and "of 84" in res.output
    assert "Geocode precision:" in res.output and "Facility type:" in res.output
    assert "Placed at region level only" in res.output
    assert "ru-dagestan-unspecified-colony: no settlement named" in res.output
    # KHPG counts places holding Ukrainians since 2022: the summary compares like with like
    assert "captivity since 2022:" in res.output
    assert "other contexts: political_prisoners" in res.output
    assert "Control on the edition date:" in res.output
    assert "Sources:" in res.output and "with publisher" in res.output


def test_build_refuses_an_invalid_registry_and_writes_nothing(tmp_path):
    rows = registry_rows()
    rows[3]["source_urls"] = ""
    bad = tmp_path / "bad.csv"
    write_rows(bad, rows)
    out = tmp_path / "out.geojson"
    res = CliRunner().invoke(main, ["build", "--registry", str(bad), "-o", str(out)])
    assert res.exit_code == 1
    assert f"row 5 ({rows[3]['id']})" in res.output and "no source" in res.output
    assert not out.exists()


def test_build_refuses_a_point_outside_its_region(tmp_path):
    rows = registry_rows()
    i = next(i for i, r in enumerate(rows) if r["id"] == "ru-rostov-zverevo-ik-1")
    kursk = gazetteer().query("name == 'Kursk' and iso_3166_2 == 'RU-KRS'").iloc[0]
    rows[i]["lat"], rows[i]["lon"] = str(kursk.lat), str(kursk.lon)  # a point in Kursk Oblast
    bad = tmp_path / "bad.csv"
    write_rows(bad, rows)
    with pytest.raises(mapper.BuildError) as err:
        build_layer(bad)
    assert "ru-rostov-zverevo-ik-1" in str(err.value) and "not in RU-ROS" in str(err.value)


def test_neighbour_towns_are_names_of_towns_abroad_only():
    from mapper.reference import neighbour_towns

    towns = neighbour_towns().set_index("geonameid")
    hrodna = towns.loc["627904"]  # GeoNames: Hrodna, Belarus
    assert (hrodna["name"], hrodna["country"]) == ("Hrodna", "BY")
    assert {"Гродно", "Гродна"} <= set(hrodna["cyrillic_names"].split("|"))
    assert "Grodno" in hrodna["latin_names"].split("|")
    assert not towns["country"].isin(["RU", "UA"]).any()  # those are the gazetteer's
    assert (towns["population"] >= 10_000).all()
    assert {"BY", "MD", "GE", "KZ", "PL"} <= set(towns["country"])


def test_python_api_loads_the_layer():
    gdf = mapper.load_facilities()
    assert gdf.crs.to_epsg() == 4326
    row = gdf.set_index("id").loc["ru-rostov-taganrog-sizo-2"]
    assert row.country == "RU" and row.facility_type == "sizo"
    assert isinstance(row.sources, list) and isinstance(row.aliases, list)
    assert Path(mapper.layer.layer_path()).exists()


def test_validate_layer_file(tmp_path, committed):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(layer_path())])
    assert ok.exit_code == 0, ok.output
    bad = json.loads(json.dumps(committed))
    bad["crs"] = {"type": "name", "properties": {"name": "EPSG:4326"}}
    feat = bad["features"][0]
    feat["geometry"]["coordinates"] = feat["geometry"]["coordinates"][::-1]  # lat, lon
    bad["features"][1]["properties"]["facility_type"] = "prison"
    bad["features"][2]["properties"]["sources"] = []
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(bad), encoding="utf-8")
    res = runner.invoke(main, ["validate", str(path)])
    assert res.exit_code == 1
    assert "'crs' member" in res.output
    assert feat["properties"]["id"] in res.output and "lon comes first" in res.output
    assert "'prison' is not one of" in res.output
    assert "sources: [] should be non-empty" in res.output


# --- second edition: territory with dates, sources, official numbers -------------------

def test_a_liberated_facility_in_izium_says_so_with_its_date(committed):
    props = {f["properties"]["id"]: f["properties"] for f in committed["features"]}
    izium = props["ua-kharkiv-izium-police"]
    assert (izium["occupied"], izium["control_status"], izium["liberated_date"]) == (
        True, "liberated", "2022-09-10")
    kherson = props["ua-kherson-kherson-ivs"]
    assert (kherson["control_status"], kherson["liberated_date"]) == ("liberated", "2022-11-11")
    bucha = props["ua-kyiv-bucha-lisova-1b"]  # a whole-region row: Kyiv Oblast, 2 April 2022
    assert (bucha["control_status"], bucha["liberated_date"]) == ("liberated", "2022-04-02")


def test_crimea_stays_ukraine_and_occupied_and_russia_is_russia(committed):
    props = {f["properties"]["id"]: f["properties"] for f in committed["features"]}
    for fid in ("ua-crimea-simferopol-sizo-1", "ua-sevastopol-sevastopol-sizo"):
        p = props[fid]
        assert (p["country"], p["occupied"], p["control_status"], p["liberated_date"]) == (
            "UA", True, "occupied", None)
    taganrog = props["ru-rostov-taganrog-sizo-2"]
    assert (taganrog["occupied"], taganrog["control_status"]) == (False, "russia")
    # a 2014 Donbas town retaken in July 2014
    assert props["ua-donetsk-druzhkivka-gso-basement"]["liberated_date"] == "2014-07-06"


def test_every_facility_has_a_control_status_and_liberated_ones_a_source(committed):
    for f in committed["features"]:
        p = f["properties"]
        expected = "russia" if p["country"] == "RU" else None
        if expected:
            assert p["control_status"] == expected
        else:
            assert p["control_status"] in ("occupied", "liberated")
        if p["control_status"] != "liberated":
            assert p["liberated_date"] is None


def test_official_numbers(committed):
    props = {f["properties"]["id"]: f["properties"] for f in committed["features"]}
    assert props["ru-rostov-taganrog-sizo-2"]["official_number"] == "2"
    assert props["ua-donetsk-olenivka-ik-120"]["official_number"] == "120"
    assert props["ru-kemerovo-yaya-ik-37"]["official_number"] == "37"
    assert props["ua-kherson-henichesk-vocational-school-17"]["official_number"] is None


def test_sources_carry_publisher_title_and_the_mirror_they_were_read_at(committed):
    props = {f["properties"]["id"]: f["properties"] for f in committed["features"]}
    tambov = {s["url"]: s for s in props["ru-tambov-special-detention-centre"]["sources"]}
    mz = tambov["https://zona.media/article/2024/12/26/tambov"]
    assert mz["publisher"] == "Медиазона"
    assert mz["retrieved_from"] == ("https://purveyors-salinass-358647.appspot.com/article/"
                                    "2024/12/26/tambov?utm_id=6")
    ametov = {s["url"]: s for s in props["ru-vologda-sheksna-ik-12"]["sources"]}
    imi = ametov["https://imi.org.ua/en/news/crimean-citizen-journalist-ernes-ametov-moved-to-"
                 "a-prison-in-russia-i61342"]
    assert imi == {"url": imi["url"], "date": "2024-05-14",
                   "publisher": "Інститут масової інформації",
                   "title": "Crimean citizen journalist Ernes Ametov moved to a prison in Russia"}


def test_a_village_the_gazetteer_lacks_is_placed_from_its_sourced_override(committed):
    props = {f["properties"]["id"]: f for f in committed["features"]}
    pakino = props["ru-vladimir-pakino-ik-7"]
    assert pakino["properties"]["geocode_precision"] == "settlement"
    assert pakino["properties"]["geocode_source"].startswith("override:https://ru.wikipedia.org/")
    assert pakino["geometry"]["coordinates"] == [41.236667, 56.36]


def test_diff_reports_a_mirror_replaced_by_its_canonical_address():
    import geopandas as gpd

    from mapper.diff import diff_layers, summary_text

    mirror = "https://ru.krymr.com./a/27454136.html"
    canonical = "https://ru.krymr.com/a/27454136.html"
    base = {"id": "ru-x", "name_en": "X", "official_number": None}
    old = gpd.GeoDataFrame([{**base, "sources": [{"url": mirror, "date": "2016-03"}]}],
                           geometry=[Point(40.0, 50.0)], crs="EPSG:4326")
    new = gpd.GeoDataFrame([{**base, "official_number": "4", "sources": [
        {"url": canonical, "date": "2016-03", "retrieved_from": mirror},
        {"url": "https://example.org/new", "date": "2025-01"}]}],
        geometry=[Point(40.0, 50.0)], crs="EPSG:4326")
    ch = diff_layers(old, new)
    def val(v):
        return v if isinstance(v, str) else None

    got = sorted((r["change"], val(r["old"]), val(r["new"])) for r in ch.to_dict("records"))
    assert got == [("corrected", None, "4"),
                   ("sources_added", None, "https://example.org/new"),
                   ("sources_readdressed", mirror, canonical)]
    text = summary_text(ch)
    assert f"ru-x: {mirror} → {canonical}" in text
    assert "ru-x: official_number none → '4'" in text


def test_a_front_line_town_held_in_part_is_decided_per_facility(committed):
    # Vovchansk: the town's row says liberated in September 2022; the 2024 filtration camp
    # in its Russian-held part has a territory row of its own (geo/territory.csv)
    props = {f["properties"]["id"]: f["properties"] for f in committed["features"]}
    plant = props["ua-kharkiv-vovchansk-aggregate-plant"]
    assert (plant["control_status"], plant["liberated_date"]) == ("liberated", "2022-09")
    camp = props["ua-kharkiv-vovchansk-filtration-2024"]
    assert (camp["control_status"], camp["liberated_date"]) == ("occupied", None)


def test_every_facility_row_of_the_territory_table_names_a_registry_facility():
    from mapper.paths import geo_dir
    from mapper.territory import facility_rows

    with (geo_dir() / "registry.csv").open(encoding="utf-8") as f:
        ids = {r["id"] for r in csv.DictReader(f)}
    assert "ua-kharkiv-vovchansk-filtration-2024" in facility_rows()
    assert facility_rows() <= ids, facility_rows() - ids
