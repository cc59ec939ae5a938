"""Exports: every format written from the committed layer and read back with GDAL/pyarrow."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

from mapper import export as ex
from mapper import schema
from mapper.cli import main
from mapper.layer import load_facilities, read_geojson
from mapper.paths import layer_path
from mapper.validate import validate_layer_file

REPO = Path(__file__).resolve().parents[1]
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def layer() -> gpd.GeoDataFrame:
    gdf = load_facilities()
    assert len(gdf) >= 100, "the committed facilities.geojson should hold the built layer"
    return gdf


@pytest.fixture(scope="module")
def joined(layer) -> gpd.GeoDataFrame:
    """The committed layer with count columns and two rows carrying hostile text."""
    gdf = layer.copy()
    n = len(gdf)
    gdf["testimonies"] = [(i * 7) % 23 for i in range(n)]
    gdf["testimonies_pow"] = [min(t, (i * 3) % 11) for i, t in enumerate(gdf["testimonies"])]
    gdf["testimonies_2022"] = [t // 2 for t in gdf["testimonies"]]
    gdf.loc[0, "name_en"] = '=HYPERLINK("http://evil.example","x") & <b>"SIZO"</b>'
    gdf.loc[1, "address"] = "\t+7 (863) 000; -1"
    gdf.loc[2, "aliases"] = ["@alias", "-minus", "Таганрог]]>"]
    gdf.at[3, "sources"] = [{"url": "https://example.org/a?x=1&y=<2>", "date": None},
                            *layer.loc[3, "sources"]]
    return gdf


def _flat(gdf: gpd.GeoDataFrame) -> list[dict]:
    """Expected values per feature, as the flat formats store them."""
    return ex.flat_table(gdf).to_dict("records")


def _same(a, b) -> bool:
    if ex.is_missing(a) or a == "":
        return ex.is_missing(b) or b == ""
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == (b if isinstance(b, bool) else str(b).lower() in ("1", "true"))
    if isinstance(a, int) and not isinstance(b, str):
        return a == b
    return str(a) == str(b)


def _assert_values(expected: list[dict], got: gpd.GeoDataFrame, columns: list[str]) -> None:
    got_records = {r["id"]: r for r in got.to_dict("records")}
    assert len(got_records) == len(expected)
    for exp in expected:
        rec = got_records[exp["id"]]
        for col in columns:
            assert _same(exp[col], rec[col]), (exp["id"], col, exp[col], rec[col])


def _assert_points(src: gpd.GeoDataFrame, got: gpd.GeoDataFrame) -> None:
    want = {i: (round(g.x, 6), round(g.y, 6)) for i, g in zip(src["id"], src.geometry,
                                                              strict=True)}
    for i, g in zip(got["id"], got.geometry, strict=True):
        assert math.isclose(g.x, want[i][0], abs_tol=1e-9), i
        assert math.isclose(g.y, want[i][1], abs_tol=1e-9), i


def test_geojson_round_trip_is_rfc7946(joined, tmp_path):
    path = ex.export_layer(joined, tmp_path / "f.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in data and data["type"] == "FeatureCollection"
    assert validate_layer_file(path) == []
    back = read_geojson(path)
    assert list(back["id"]) == list(joined["id"])
    for col in ("aliases", "sources", "former_ids", "occupied", "testimonies", "name_en"):
        assert list(back[col]) == list(joined[col]), col
    via_gdal = pyogrio.read_dataframe(path)
    assert len(via_gdal) == len(joined)
    _assert_points(joined, via_gdal)


def test_committed_layer_reexports_to_the_same_bytes(layer, tmp_path):
    out = ex.export_layer(layer, tmp_path / "same.geojson")
    assert out.read_bytes() == layer_path().read_bytes()


def test_gpkg_round_trip_with_field_types(joined, tmp_path):
    path = ex.export_layer(joined, tmp_path / "f.gpkg")
    info = pyogrio.read_info(path, layer=ex.GPKG_LAYER)
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["occupied"] == "bool"
    assert types["testimonies"] == "int64" and types["testimonies_pow"] == "int64"
    assert types["sources"] == "object" and types["sources_json"] == "object"
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    back = pyogrio.read_dataframe(path)
    assert list(back["id"]) == list(joined["id"])
    cols = [c for c in ex.flat_table(joined).columns]
    _assert_values(_flat(joined), back, cols)
    _assert_points(joined, back)
    # sources: readable lines and the exact structure
    rec = back.set_index("id").loc[joined.loc[3, "id"]]
    assert rec["sources"].splitlines()[0] == "n.d. https://example.org/a?x=1&y=<2>"
    assert json.loads(rec["sources_json"]) == joined.loc[3, "sources"]
    assert rec["aliases"] if joined.loc[3, "aliases"] else True


def test_kml_round_trip_and_balloon(joined, tmp_path):
    path = ex.export_layer(joined, tmp_path / "f.kml")
    root = ET.parse(path).getroot()  # well-formed XML despite the hostile text
    marks = root.iter(f"{KML}Placemark")
    first = next(marks)
    assert first.find(f"{KML}name").text.startswith("=HYPERLINK(")
    desc = first.find(f"{KML}description").text
    rec = joined.iloc[0]
    assert "&lt;b&gt;" not in first.find(f"{KML}name").text  # name is text, not markup
    assert rec["facility_type"].replace("_", " ") in desc
    assert rec["region_en"] in desc
    assert f"<th align=\"left\">testimonies</th><td>{rec['testimonies']}</td>" in desc
    for s in rec["sources"]:
        assert f'href="{s["url"]}"' in desc.replace("&amp;", "&")
    # hostile URL is escaped inside the balloon's HTML
    d3 = [p for p in root.iter(f"{KML}Placemark")][3].find(f"{KML}description").text
    assert 'href="https://example.org/a?x=1&amp;y=&lt;2&gt;"' in d3
    back = pyogrio.read_dataframe(path)  # GDAL's LIBKML driver, as QGIS reads it
    assert list(back["id"]) == list(joined["id"])
    assert list(back["Name"]) == list(joined["name_en"])
    assert back["occupied"].dtype == bool
    _assert_points(joined, back)
    cols = [c for c in ex.flat_table(joined).columns if c != "id"]
    _assert_values(_flat(joined), back, cols)


def test_csv_round_trip_bom_formulas_hxl(joined, tmp_path):
    path = ex.export_layer(joined, tmp_path / "f.csv", hxl=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 (Cyrillic) with the BOM
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, hxl, body = rows[0], rows[1], rows[2:]
    assert header[-3:] == ["lon", "lat", "wkt"]
    assert all(t.startswith("#") for t in hxl)
    assert dict(zip(header, hxl, strict=True))["region_code"] == "#adm1+code"
    assert len(body) == len(joined)
    for row in body:  # no cell would run as a formula
        for col, cell in zip(header, row, strict=True):
            if col not in ("lon", "lat"):
                assert not cell.startswith(ex.FORMULA_START), (col, cell)
    first = dict(zip(header, body[0], strict=True))
    assert first["name_en"] == "'" + joined.loc[0, "name_en"]
    assert dict(zip(header, body[1], strict=True))["address"].startswith("'\t+7")
    assert dict(zip(header, body[2], strict=True))["aliases"].startswith("'@alias; -minus")
    # read back with GDAL: same features, same values, WKT agrees with lon/lat
    back = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat",
                                  GEOM_POSSIBLE_NAMES="none")
    assert len(back) == len(joined) + 1  # GDAL sees the HXL row as data
    back = back.iloc[1:].reset_index(drop=True)
    assert list(back["id"]) == list(joined["id"])
    assert [str(v) for v in back.iloc[0][header]] == body[0]  # GDAL reads the same cells
    _assert_points(joined, back)
    restored = ex.read_export(path)
    _assert_values(_flat(joined), restored, [c for c in ex.flat_table(joined).columns])
    _assert_points(joined, restored)
    for lon, lat, g in zip(restored["lon"], restored["lat"], restored.geometry, strict=True):
        assert (float(lon), float(lat)) == (g.x, g.y)
    assert "Таганрог]]>" in path.read_text(encoding="utf-8-sig")


def test_csv_without_hxl_has_no_hashtag_row(layer, tmp_path):
    path = ex.export_layer(layer, tmp_path / "f.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(layer) + 1 and not rows[1][0].startswith("#")
    back = pyogrio.read_dataframe(path)
    assert list(back["id"]) == list(layer["id"])


def test_parquet_round_trip_with_list_columns(joined, tmp_path):
    path = ex.export_layer(joined, tmp_path / "f.parquet")
    table = pq.read_table(path)
    assert table.schema.field("aliases").type == pa.list_(pa.string())
    assert table.schema.field("former_ids").type == pa.list_(pa.string())
    assert table.schema.field("sources").type == pa.list_(pa.struct(
        [(k, pa.string()) for k in ("url", "date", "publisher", "title", "retrieved_from")]))
    assert table.schema.field("occupied").type == pa.bool_()
    assert table.schema.field("testimonies").type == pa.int64()
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["version"] == "1.0.0"
    rows = table.to_pylist()
    for rec, src in zip(rows, joined.to_dict("records"), strict=True):
        assert rec["id"] == src["id"]
        assert rec["aliases"] == list(src["aliases"])
        assert rec["sources"] == [{k: s.get(k) for k in ("url", "date", "publisher", "title",
                                                         "retrieved_from")}
                                  for s in src["sources"]]
        assert rec["testimonies"] == src["testimonies"]
        assert rec["occupied"] is bool(src["occupied"])
    back = gpd.read_parquet(path)
    assert back.crs.equals("EPSG:4326")
    _assert_points(joined, back)


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_reexport_is_byte_identical(joined, tmp_path, fmt):
    a = ex.export_layer(joined, tmp_path / f"a.{fmt}", fmt).read_bytes()
    b = ex.export_layer(joined, tmp_path / f"b.{fmt}", fmt).read_bytes()
    assert a == b


def test_gpkg_identical_across_processes(tmp_path):
    out = tmp_path / "cli.gpkg"
    cmd = [sys.executable, "-m", "mapper.cli", "export", "-o", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=tmp_path)
    first = out.read_bytes()
    subprocess.run(cmd, check=True, capture_output=True, cwd=tmp_path)
    assert out.read_bytes() == first


def test_failed_export_leaves_previous_file(layer, tmp_path, monkeypatch):
    target = tmp_path / "keep.gpkg"
    ex.export_layer(layer, target)
    before = target.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pyogrio, "write_dataframe", boom)
    with pytest.raises(RuntimeError):
        ex.export_layer(layer, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gpkg"]


def test_cli_export_every_format(tmp_path):
    runner = CliRunner()
    for fmt in ex.FORMATS:
        out = tmp_path / f"x.{fmt}"
        res = runner.invoke(main, ["export", "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert out.exists()
    manifest = json.loads((tmp_path / "mapper-manifest.json").read_text())
    assert sorted(manifest["outputs"]) == sorted(f"x.{f}" for f in ex.FORMATS)
    res = runner.invoke(main, ["export", "-o", str(tmp_path / "x.shp")])
    assert res.exit_code != 0 and "--format" in res.output
    res = runner.invoke(main, ["export", "--hxl", "-o", str(tmp_path / "x.kml")])
    assert res.exit_code == 1 and "csv" in res.output


def test_export_precision_rounds_coordinates(tmp_path):
    res = CliRunner().invoke(main, ["export", "--precision", "1", "-o",
                                    str(tmp_path / "p.geojson")])
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "p.geojson").read_text())
    for f in data["features"]:
        for c in f["geometry"]["coordinates"]:
            assert round(c, 1) == c


def test_committed_schema_files_match_the_code():
    assert (REPO / "schema" / "facility.schema.json").read_text(encoding="utf-8") == \
        ex.json_schema_text(), "run `mapper schema` and commit the result"
    assert (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == \
        ex.data_dictionary_text(), "run `mapper schema` and commit the result"


def test_data_dictionary_and_hxl_cover_every_field():
    text = ex.data_dictionary_text()
    for f in schema.LAYER_FIELDS:
        assert f"| `{f.name}` |" in text
        assert f.name in ex.HXL_TAGS
    js = json.loads(ex.json_schema_text())
    assert set(js["properties"]["properties"]["properties"]) == {
        f.name for f in schema.LAYER_FIELDS}


def test_schema_command_check(tmp_path):
    runner = CliRunner()
    js, md = tmp_path / "s.json", tmp_path / "d.md"
    res = runner.invoke(main, ["schema", "--json-schema", str(js), "--dictionary", str(md)])
    assert res.exit_code == 0, res.output
    ok = runner.invoke(main, ["schema", "--json-schema", str(js), "--dictionary", str(md),
                              "--check"])
    assert ok.exit_code == 0
    md.write_text(md.read_text() + "edited\n")
    stale = runner.invoke(main, ["schema", "--dictionary", str(md), "--check"])
    assert stale.exit_code == 1


# --- styles for QGIS and Google Earth ------------------------------------------------

#: The map's colours, written out by hand (mapper/style.py must agree), as QGIS writes them.
QGIS_FILL = {"sizo": "0,114,178,255", "penal_colony": "213,94,0,255",
             "temporary_detention": "86,180,233,255", "military_unit": "0,158,115,255",
             "filtration_site": "204,121,167,255", "improvised": "230,159,0,255",
             "other": "85,85,85,255"}


def test_gpkg_carries_a_default_qgis_style(layer, tmp_path):
    import sqlite3

    path = ex.export_layer(layer, tmp_path / "styled.gpkg")
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT f_table_name, f_geometry_column, styleName, useAsDefault, "
                          "styleQML, update_time FROM layer_styles").fetchall()
        contents = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert contents == {"facilities": "features", "layer_styles": "attributes"}
    assert len(rows) == 1
    table, geom, name, default, qml, stamp = rows[0]
    assert (table, geom, default) == ("facilities", "geom", 1)
    assert name and stamp.startswith("2000-01-01")
    root = ET.fromstring(qml.split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "RuleRenderer"
    symbols = {s.get("name"): {p.get("k"): p.get("v") for p in s.iter("prop")}
               for s in renderer.find("symbols")}
    type_rules = renderer.find("rules").findall("rule")
    assert [r.get("filter") for r in type_rules][:2] == ['"facility_type" = \'sizo\'',
                                                          '"facility_type" = \'penal_colony\'']
    assert type_rules[0].get("label") == "Pre-trial detention centre (SIZO)"
    for rule in type_rules:
        ftype = rule.get("filter").split("'")[1]
        kids = {k.get("filter").split("'")[1]: symbols[k.get("symbol")] for k in rule}
        assert set(kids) == {"exact", "settlement", "region"}
        assert kids["exact"]["color"] == QGIS_FILL[ftype]  # filled with the type's colour
        assert kids["exact"]["outline_color"] == "255,255,255,255"
        assert kids["settlement"]["outline_color"] == QGIS_FILL[ftype]  # hollow
        assert kids["settlement"]["color"].startswith("255,255,255,")
        assert kids["region"]["outline_style"] == "dash"
        assert kids["settlement"]["outline_style"] == "solid"
    assert "'diamond'" in qml  # shape by territory (data-defined)
    # GDAL sees the data layer and the style table; the data reads back as before
    layers = [str(n) for n, _ in pyogrio.list_layers(path)]
    assert layers == ["facilities", "layer_styles"]
    assert list(ex.read_export(path)["id"]) == list(layer["id"])


def test_kml_has_one_style_per_type_and_precision(layer, tmp_path):
    path = ex.export_layer(layer, tmp_path / "styled.kml")
    root = ET.parse(path).getroot()
    styles = {s.get("id"): s for s in root.iter(f"{KML}Style")}
    assert len(styles) == 7 * 3
    assert styles["sizo_exact"].find(f"{KML}IconStyle/{KML}color").text == "ffb27200"
    assert styles["penal_colony_exact"].find(f"{KML}IconStyle/{KML}color").text == "ff005ed5"
    region = styles["sizo_region"].find(f"{KML}IconStyle")
    assert region.find(f"{KML}color").text.startswith("8c")  # fainter
    assert float(region.find(f"{KML}scale").text) < 1
    assert "$[description]" in styles["sizo_region"].find(f"{KML}BalloonStyle/{KML}text").text
    by_id = layer.set_index("id")
    marks = list(root.iter(f"{KML}Placemark"))
    assert len(marks) == len(layer)
    for mark in marks:
        rec = by_id.loc[mark.get("id")]
        want = f"#{rec['facility_type']}_{rec['geocode_precision']}"
        assert mark.find(f"{KML}styleUrl").text == want
    # a known settlement-level facility says so in words in its balloon
    mark = next(m for m in marks if m.get("id") == "ru-rostov-taganrog-sizo-2")
    desc = mark.find(f"{KML}description").text
    assert mark.find(f"{KML}styleUrl").text.endswith("_" + by_id.loc[
        "ru-rostov-taganrog-sizo-2", "geocode_precision"])
    assert "Location precision" in desc
    back = pyogrio.read_dataframe(path)  # GDAL's KML driver still reads every placemark
    assert len(back) == len(layer)
