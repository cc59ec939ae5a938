"""`mapper validate --public` names every planted leak, by file, row or feature, and what
leaks; clean public exports of all five formats pass.

The leak corpus is made here, one small file per leak class, with the real writers (GDAL
through pyogrio, pyarrow, openpyxl) so that each file is what another tool would produce.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.export import FORMATS, export_layer
from mapper.join import write_csv
from mapper.publish import suppress_table
from mapper.validate import find_contacts, validate_public

# --- hand-written leaks ----------------------------------------------------------------

#: Two facilities of one region (hand-picked ids; ids never change) and their counts.
TAGANROG, NOVOCHERKASSK = "ru-rostov-taganrog-sizo-2", "ru-rostov-novocherkassk-sizo-3"


def feature(fid: str, **props) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.9, 47.2]},
            "properties": {"id": fid, "region_code": "RU-ROS", "name_en": fid, **props}}


def collection(*features: dict, **members) -> dict:
    return {"type": "FeatureCollection", **members, "features": list(features)}


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def leak_email_in_sources(folder: Path) -> Path:
    src = [{"url": "https://example.org/a", "date": "2023-01-01"},
           {"url": "https://example.org/b", "date": "2023-02-01",
            "publisher": "ask olena.k@example.org"}]
    return write_json(folder / "sources.geojson",
                      collection(feature(TAGANROG, sources=src, testimonies="12")))


def leak_foreign_member_top(folder: Path) -> Path:
    return write_json(folder / "top.geojson",
                      collection(feature(TAGANROG, testimonies="12"),
                                 witnesses=["Ivan Petrenko"]))


def leak_foreign_member_feature(folder: Path) -> Path:
    f = feature(NOVOCHERKASSK, testimonies="1–4")
    f["interviewer"] = "Olena K."
    return write_json(folder / "feature.geojson", collection(feature(TAGANROG), f))


def leak_second_gpkg_layer(folder: Path, public_layer) -> Path:
    path = export_layer(public_layer.head(3), folder / "two_layers.gpkg")
    people = pd.DataFrame({"full_name": ["Ivan Petrenko"], "facility": [TAGANROG]})
    pyogrio.write_dataframe(people, path, layer="interviews", driver="GPKG", append=True)
    return path


def leak_gpkg_metadata(folder: Path, public_layer) -> Path:
    path = export_layer(public_layer.head(3), folder / "metadata.gpkg")
    with sqlite3.connect(path) as db:  # what QGIS writes when an author fills "Metadata"
        db.execute("CREATE TABLE gpkg_metadata (id INTEGER PRIMARY KEY, md_scope TEXT, "
                   "md_standard_uri TEXT, mime_type TEXT, metadata TEXT)")
        db.execute("INSERT INTO gpkg_metadata VALUES (1, 'dataset', 'http://www.isotc211.org/"
                   "2005/gmd', 'text/xml', '<contact>Olena K., +380 67 123 45 67</contact>')")
    return path


def leak_second_xlsx_sheet(folder: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.creator = "openpyxl"
    regions = book.active
    regions.title = "regions"
    regions.append(["region_code", "testimonies"])
    regions.append(["RU-ROS", "12–15"])
    sheet = book.create_sheet("contacts")
    sheet.append(["facility", "note"])
    sheet.append([TAGANROG, "source reached at 0671234567"])
    path = folder / "two_sheets.xlsx"
    book.save(path)
    return path


def leak_xlsx_author(folder: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.creator = "Olena Kovalenko"
    book.active.append(["region_code", "testimonies"])
    book.active.append(["RU-ROS", "12–15"])
    path = folder / "author.xlsx"
    book.save(path)
    return path


def leak_kml_description(folder: Path, public_layer) -> Path:
    path = export_layer(public_layer.head(3), folder / "description.kml")
    text = path.read_text(encoding="utf-8")
    fid = public_layer.iloc[1]["id"]
    head, rest = text.split(f'<Placemark id="{fid}">', 1)
    rest = rest.replace("<description>", "<description>Call the witness on +7(999)1234567. ",
                        1)
    path.write_text(head + f'<Placemark id="{fid}">' + rest, encoding="utf-8")
    return path


def leak_kml_extended_data(folder: Path, public_layer) -> Path:
    path = export_layer(public_layer.head(2), folder / "extended.kml")
    text = path.read_text(encoding="utf-8").replace(
        "</SchemaData></ExtendedData>",
        '</SchemaData><Data name="witness"><value>Ivan</value></Data></ExtendedData>', 1)
    path.write_text(text, encoding="utf-8")
    return path


def leak_parquet_metadata(folder: Path, public_layer) -> Path:
    path = export_layer(public_layer.head(3), folder / "metadata.parquet")
    table = pq.read_table(path)
    meta = {**table.schema.metadata, b"interviewer": b"Olena Kovalenko"}
    pq.write_table(table.replace_schema_metadata(meta), path)
    return path


def leak_phone_without_spaces(folder: Path) -> Path:
    return write_json(folder / "phone.geojson",
                      collection(feature(TAGANROG, address="ул. Ленина 1, тел.+380671234567")))


def leak_spoofed_range(folder: Path) -> Path:
    return write_json(folder / "range.geojson",
                      collection(feature(TAGANROG, testimonies="12"),
                                 feature(NOVOCHERKASSK, testimonies="2–3")))


def leak_spoofed_range_other_dash(folder: Path) -> Path:
    path = folder / "range.csv"
    path.write_text("region_code,testimonies\nRU-ROS,1 − 2\n", encoding="utf-8")
    return path


# leak class → (maker, what the message must say, the row or feature it must name)
LEAKS = {
    "e-mail inside sources": (leak_email_in_sources, "olena.k@example.org", TAGANROG),
    "foreign member, top level": (leak_foreign_member_top, "foreign member 'witnesses'",
                                  "top level"),
    "foreign member, per feature": (leak_foreign_member_feature,
                                    "foreign member 'interviewer'", NOVOCHERKASSK),
    "second GeoPackage layer": (leak_second_gpkg_layer, "column 'full_name' looks like "
                                "personal data", "layer 'interviews'"),
    "GeoPackage metadata table": (leak_gpkg_metadata, "+380 67 123 45 67", "gpkg_metadata"),
    "second XLSX sheet": (leak_second_xlsx_sheet, "0671234567", "sheet 'contacts', row 2"),
    "XLSX author": (leak_xlsx_author, "Olena Kovalenko", "document properties"),
    "KML description": (leak_kml_description, "+7(999)1234567", "description"),
    "KML ExtendedData": (leak_kml_extended_data, "'witness'", "ExtendedData"),
    "Parquet key-value metadata": (leak_parquet_metadata, "metadata 'interviewer'",
                                   "metadata.parquet"),
    "phone without spaces": (leak_phone_without_spaces, "+380671234567", TAGANROG),
    "spoofed range 2–3": (leak_spoofed_range, "testimonies = '2–3'", NOVOCHERKASSK),
    "spoofed range, another dash": (leak_spoofed_range_other_dash, "testimonies = '1 − 2'",
                                    "row 2"),
}


def make(maker, folder: Path, public_layer) -> Path:
    import inspect

    if "public_layer" in inspect.signature(maker).parameters:
        return maker(folder, public_layer)
    return maker(folder)


@pytest.mark.parametrize("leak", list(LEAKS))
def test_validate_public_names_each_planted_leak(leak, tmp_path, public_layer):
    maker, says, where = LEAKS[leak]
    path = make(maker, tmp_path, public_layer)
    res = CliRunner().invoke(main, ["validate", "--public", str(path)])
    assert res.exit_code == 1, res.output
    assert "NOT safe to publish" in res.output
    lines = [ln for ln in res.output.splitlines() if says in ln]
    assert lines, res.output
    assert any(str(path) in ln and where in ln for ln in lines), lines


def test_kml_description_names_the_placemark(tmp_path, public_layer):
    path = leak_kml_description(tmp_path, public_layer)
    fid = public_layer.iloc[1]["id"]
    problems = [str(p) for p in validate_public(path)]
    assert any(f"({fid})" in p and "+7(999)1234567" in p for p in problems), problems


def test_subtraction_across_the_tables_of_one_output(tmp_path):
    """Notebook 02's old leak: region counts suppressed on their own beside the facilities."""
    layer = collection(feature(TAGANROG, testimonies="11"),
                       feature(NOVOCHERKASSK, testimonies="1–4"))
    path = write_json(tmp_path / "out.geojson", layer)
    regions = suppress_table(pd.DataFrame({"region_code": ["RU-ROS"], "testimonies": [15]}))
    assert list(regions["testimonies"]) == ["15"]  # safe on its own ...
    write_csv(regions, tmp_path / "out_regions.csv")
    # ... but the layer and its regions table are one output set, read together
    res = CliRunner().invoke(main, ["validate", "--public", str(path)])
    assert res.exit_code == 1, res.output
    assert (f"{path} ({NOVOCHERKASSK}): testimonies is shown as '1–4', but the region total "
            f"RU-ROS = '15' in {tmp_path / 'out_regions.csv'} gives it back as exactly 4"
            ) in res.output
    # the region table given alone brings its layer along
    res = CliRunner().invoke(main, ["validate", "--public", str(tmp_path / "out_regions.csv")])
    assert res.exit_code == 1 and "exactly 4" in res.output
    # derived from the published cells (what public_build does), it passes: 12–15
    write_csv(pd.DataFrame({"region_code": ["RU-ROS"], "testimonies": ["12–15"]}),
              tmp_path / "out_regions.csv")
    res = CliRunner().invoke(main, ["validate", "--public", str(path)])
    assert res.exit_code == 0, res.output


def test_a_region_range_that_narrows_a_facility(tmp_path):
    layer = write_json(tmp_path / "a.geojson",
                       collection(feature(TAGANROG, testimonies="6"),
                                  feature(NOVOCHERKASSK, testimonies="1–4")))
    regions = tmp_path / "b.csv"
    regions.write_text("region_code,testimonies\nRU-ROS,5–9\n", encoding="utf-8")
    problems = [str(p) for p in validate_public(layer, regions)]
    assert problems == [f"{layer} ({NOVOCHERKASSK}): testimonies is shown as '1–4', but the "
                        f"region total RU-ROS = '5–9' in {regions} narrows it to 1–3 → publish "
                        "region counts from the public build (mapper.publish.public_build), "
                        "never suppressed on their own"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_public_exports_pass(clean_exports, fmt):
    res = CliRunner().invoke(main, ["validate", "--public", str(clean_exports[fmt])])
    assert res.exit_code == 0, res.output
    assert "safe to publish" in res.output


def test_restricted_report_never_passes(tmp_path):
    path = tmp_path / "map_RESTRICTED_unmatched.csv"
    path.write_text("row,reference\n5,somewhere\n", encoding="utf-8")
    problems = [str(p) for p in validate_public(path)]
    assert any("marked RESTRICTED" in p for p in problems), problems


@pytest.mark.parametrize("text, found", [
    ("+380 67 123 45 67", ["+380 67 123 45 67"]),
    ("+380671234567", ["+380671234567"]),
    ("380671234567", ["380671234567"]),
    ("(067) 123-45-67", ["(067) 123-45-67"]),
    ("067-123-45-67", ["067-123-45-67"]),
    ("тел.0671234567", ["0671234567"]),
    ("+7 (999) 123-45-67", ["+7 (999) 123-45-67"]),
    ("+7(999)1234567", ["+7(999)1234567"]),
    ("8 800 555 35 35", ["8 800 555 35 35"]),
    ("00380671234567", ["00380671234567"]),
    ("name@example.org", ["name@example.org"]),
    ("name [at] example (dot) org", ["name [at] example (dot) org"]),
    # not contact data
    ("2022-03-01 2023-05-01", []),
    ("2014 2015 2016", []),
    ("https://t.me/s/channel/1234567890", []),
    ("https://example.org/?id=0671234567", []),
    ("47.1234567890", []),
    ("СИЗО-2, ИК-10, 1–4", []),
    ("123456789", []),  # nine digits without a + are no number
    ("12345678901234", []),  # fourteen without a + are an id, not a number
])
def test_find_contacts(text, found):
    assert find_contacts(text) == found
