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

from mapper import validate as _validate
from mapper.cli import main
from mapper.export import FORMATS, export_layer
from mapper.join import write_csv
from mapper.publish import suppress_table
from mapper.validate import find_contacts


def validate_public(*files, **options):
    """`mapper.validate.validate_public`, and every problem it returns is well-formed: the
    file and the message are non-empty text, the row a line number or None, the facility
    and the hint text (empty when there is none, never None: callers join and sort them)."""
    problems = _validate.validate_public(*files, **options)
    for p in problems:
        assert isinstance(p.file, str) and p.file and p.file != "None", p
        assert p.row is None or (isinstance(p.row, int) and p.row >= 1), p
        assert isinstance(p.facility, str) and isinstance(p.hint, str), p
        assert isinstance(p.message, str) and p.message, p
    return problems

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


# --- every message in full: what a researcher reads, file by file -------------------------

HINT_REMOVE = "remove it, or export with mapper export --public"
CONTACT = "holds what looks like an e-mail address or phone number"


def expected_messages(path: Path, public_layer) -> list[str]:
    """The full problem list for each file of the leak corpus, written out by hand."""
    name = path.name
    fid1 = public_layer.iloc[1]["id"]
    return {
        "sources.geojson": [
            f"{path} ({TAGANROG}): sources {CONTACT} ('olena.k@example.org') → remove "
            "personal contact data"],
        "top.geojson": [
            f"{path}: foreign member 'witnesses' at the top level: a public build never "
            f"writes it → {HINT_REMOVE}"],
        "feature.geojson": [
            f"{path} ({NOVOCHERKASSK}): foreign member 'interviewer' in feature 2: a public "
            f"build never writes it → {HINT_REMOVE}"],
        "two_layers.gpkg": [
            f"{path}, layer 'interviews': column 'full_name' looks like personal data → "
            "remove it: a public file carries no personal data",
            f"{path}, layer 'interviews': column 'facility' must not be published: it is not "
            "in the public allowlist (mapper.schema PUBLIC_FIELDS) → export with --public"],
        "metadata.gpkg": [
            f"{path}: gpkg_metadata row 1 carries metadata a public export never writes "
            f"('<contact>Olena K., +380 67 123 45 67</contact>') → {HINT_REMOVE}",
            f"{path}: gpkg_metadata row 1 {CONTACT} ('+380 67 123 45 67') → remove personal "
            "contact data"],
        "two_sheets.xlsx": [
            f"{path}, sheet 'contacts': column 'facility' must not be published: it is not in "
            "the public allowlist (mapper.schema PUBLIC_FIELDS) → export with --public",
            f"{path}, sheet 'contacts': column 'note' must not be published: it is not in "
            "the public allowlist (mapper.schema PUBLIC_FIELDS) → export with --public",
            f"{path}, sheet 'contacts', row 2: note {CONTACT} ('0671234567') → "
            "remove personal contact data"],
        "author.xlsx": [
            f"{path}: document properties name its author (creator = 'Olena Kovalenko') → "
            "clear the author in File → Info, or publish CSV"],
        "description.kml": [
            f"{path} ({fid1}): description {CONTACT} ('+7(999)1234567') → remove personal "
            "contact data"],
        "extended.kml": [
            # (GDAL does not read an untyped <Data> as a field: only the XML scan sees it)
            f"{path}: ExtendedData field 'witness' is not in the public allowlist → export "
            "with --public"],
        "metadata.parquet": [
            f"{path}: key-value metadata 'interviewer' is not what a public export writes → "
            f"{HINT_REMOVE}"],
        "phone.geojson": [
            f"{path} ({TAGANROG}): address {CONTACT} ('+380671234567') → remove personal "
            "contact data"],
        "range.geojson": [
            f"{path} ({NOVOCHERKASSK}): testimonies = '2–3' is a narrower range than 1–4: it "
            "tells a small count apart → publish with --public and one threshold for the "
            "whole output"],
        "range.csv": [
            f"{path}, row 2 (RU-ROS): testimonies = '1 − 2' is a narrower range than 1–4: it "
            "tells a small count apart → publish with --public and one threshold for the "
            "whole output"],
    }[name]


@pytest.mark.parametrize("leak", list(LEAKS))
def test_each_leak_is_named_in_full(leak, tmp_path, public_layer):
    path = make(LEAKS[leak][0], tmp_path, public_layer)
    got = [str(p) for p in validate_public(path)]
    assert got == expected_messages(path, public_layer)


# --- the rules, one by one, with hand-written expectations --------------------------------

@pytest.mark.parametrize("text, found", [
    ("+12345678", []),  # 8 digits after + : too short for a phone number
    ("+123456789", ["+123456789"]),  # 9: the shortest international number
    ("+123456789012345", ["+123456789012345"]),  # 15: E.164's longest
    ("+1234567890123456", []),  # 16: longer than any phone number
    ("012345678", []),  # 9 digits, no +
    ("0123456789", ["0123456789"]),
    ("1234567890123", ["1234567890123"]),  # 13, no +
    ("2022-03-01 067 123 45 67", []),  # a date in the run: not a number
    ("067 123 45 67, 2022", ["067 123 45 67"]),
    ("a@b.co and c@d.org", ["a@b.co", "c@d.org"]),
])
def test_find_contacts_boundaries(text, found):
    assert find_contacts(text) == found


@pytest.mark.parametrize("value, problem", [
    ("1–4", None), ("0–4", None), ("1-4", None), ("1 — 4", None), ("0–9", None),
    ("5–9", None), ("1–5", None), ("2–8", None), ("3–7", None), ("≥5", None), ("7", None),
    ("5–6", None),  # at or above the threshold: narrow ranges hide no small count
    ("0", None),
    ("2–4", "is a narrower range than 1–4: it tells a small count apart"),
    ("1–3", "is a narrower range than 1–4: it tells a small count apart"),
    ("0–3", "is a narrower range than 1–4: it tells a small count apart"),
    ("4–4", None),  # read as the exact count 4: named as a small count instead
    ("2–5", "is narrower than 5 values while it may hold a small count"),
    ("4–7", "is narrower than 5 values while it may hold a small count"),
])
def test_ranges_against_the_threshold(value, problem):
    df = pd.DataFrame({"testimonies": [value]})
    got = [p.message for p in validate_table(df) if "range" in p.message
           or "values" in p.message]
    assert got == ([] if problem is None else [f"testimonies = '{value}' {problem}"])


def validate_table(df: pd.DataFrame, threshold: int = 5):
    from mapper.validate import check_table

    return check_table(df, "t.csv", threshold, first_row=2)


def test_check_table_messages():
    df = pd.DataFrame({
        "id": ["a", "b", "c", None],
        "testimonies": ["3", "many", "", "12"],
        "notes": ["x", None, None, None],
        "surname": [None, None, None, None],
        "address": [None, None, None, "write to x@y.org"],
    })
    got = [str(p) for p in validate_table(df)]
    assert got == [
        "t.csv: column 'notes' must not be published: free-text notes are never published "
        "→ export with --public",
        "t.csv: column 'surname' looks like personal data → remove it: a public file carries "
        "no personal data",
        "t.csv, row 2 (a): testimonies = 3 is a small count (below 5) → show it as 1–4: "
        "export with --public",
        "t.csv, row 3 (b): testimonies = 'many' is not a count or a range → publish counts "
        "with --public",
        "t.csv, row 5: address holds what looks like an e-mail address or phone number "
        "('x@y.org') → remove personal contact data",
    ]


def test_check_table_threshold_and_units():
    from mapper.validate import check_table

    df = pd.DataFrame({"id": ["", "b"], "testimonies": ["1–2", 2]})
    # with a threshold of 3, "1–2" is the full range and 2 is a small count
    assert [str(p) for p in check_table(df, "f.geojson", 3, unit="feature")] == [
        "f.geojson (b): testimonies = 2 is a small count (below 3) → show it as 1–2: export "
        "with --public"]
    # at 5, "1–2" is narrower than 1–4; a row without an id is named by its feature number
    assert [str(p) for p in check_table(df, "f.geojson", 5, unit="feature")] == [
        "f.geojson (feature 1): testimonies = '1–2' is a narrower range than 1–4: it tells "
        "a small count apart → publish with --public and one threshold for the whole output",
        "f.geojson (b): testimonies = 2 is a small count (below 5) → show it as 1–4: export "
        "with --public"]


def test_check_table_reads_nested_and_array_cells():
    import numpy as np

    df = pd.DataFrame({"id": ["a"], "aliases": [np.array(["x", "tel 0671234567"])],
                       "sources": [[{"url": "https://e.org", "note": {"by": "q@e.org"}}]]})
    got = [p.message for p in validate_table(df)]
    assert got == ["aliases holds what looks like an e-mail address or phone number "
                   "('0671234567')",
                   "sources holds what looks like an e-mail address or phone number "
                   "('q@e.org')"]


def test_derivable_count_in_a_row():
    df = pd.DataFrame({"id": ["a"], "testimonies": ["9"], "testimonies_pow": ["1–4"],
                       "testimonies_civilian": ["5"]})
    assert [str(p) for p in validate_table(df)] == [
        "t.csv, row 2 (a): testimonies_pow is shown as '1–4' but is exactly 4: the total and "
        "the other counts of the breakdown give it away → publish with --public (secondary "
        "suppression)"]
    # widened as public_build does (civilian 5–9), nothing can be worked back
    df["testimonies_civilian"] = ["5–9"]
    assert validate_table(df) == []


def test_region_total_that_does_not_add_up(tmp_path):
    layer = write_json(tmp_path / "l.geojson",
                       collection(feature(TAGANROG, testimonies="11"),
                                  feature(NOVOCHERKASSK, testimonies="1–4")))
    regions = tmp_path / "r.csv"
    regions.write_text("region_code,testimonies\nRU-ROS,20\nUA-43,7\n", encoding="utf-8")
    assert [str(p) for p in validate_public(layer, regions)] == [
        f"{regions} (RU-ROS): testimonies = '20' does not add up with the facilities of "
        f"{layer} → publish the whole output with one --public build"]


def test_output_set(tmp_path):
    from mapper.validate import output_set

    for name in ("a.geojson", "a_regions.csv", "a_flows.csv", "a_RESTRICTED_unmatched.csv",
                 "b.geojson"):
        (tmp_path / name).write_text("", encoding="utf-8")
    t = tmp_path
    assert output_set([t / "a.geojson"]) == [t / "a.geojson", t / "a_regions.csv",
                                             t / "a_flows.csv"]
    assert output_set([t / "a_regions.csv"]) == [t / "a_regions.csv", t / "a.geojson"]
    assert output_set([t / "a_flows.csv", t / "a.geojson"]) == [
        t / "a_flows.csv", t / "a.geojson", t / "a_regions.csv"]
    assert output_set([t / "b.geojson"]) == [t / "b.geojson"]
    assert output_set([t / "c_regions.csv"]) == [t / "c_regions.csv"]


def test_files_that_cannot_be_checked(tmp_path):
    txt = tmp_path / "x.txt"
    txt.write_text("hello", encoding="utf-8")
    broken = tmp_path / "x.gpkg"
    broken.write_text("not a geopackage", encoding="utf-8")
    array = write_json(tmp_path / "x.geojson", {"type": "Feature"})
    got = [str(p) for p in validate_public(txt, broken, array)]
    assert got[0] == (f"{txt}: cannot check a '.txt' file; export the data as GeoJSON, "
                      "GeoPackage, KML, CSV or GeoParquet and check that.")
    assert got[1].startswith(f"{broken}: cannot read this file (")
    assert got[1].endswith(") → check that it is a complete export")
    assert got[2] == f"{array}: not a GeoJSON FeatureCollection"
    assert len(got) == 3
    res = CliRunner().invoke(main, ["validate", "--public", str(broken)])
    assert res.exit_code == 1 and "Traceback" not in res.output


def test_more_places_a_file_can_carry_data(tmp_path, public_layer):
    # GeoJSON: contact data in an allowed member and in a feature's id
    gj = write_json(tmp_path / "m.geojson",
                    collection({**feature(TAGANROG), "id": "+380671234567"},
                               synthetic=True, synthetic_note="ask a@b.org"))
    assert [str(p) for p in validate_public(gj)] == [
        f"{gj}: member 'synthetic_note' {CONTACT} ('a@b.org') → remove personal contact "
        "data",
        f"{gj} ({TAGANROG}): member 'id' {CONTACT} ('+380671234567') → remove personal "
        "contact data"]
    # GeoPackage: a table that is no layer, and a layer description
    gpkg = export_layer(public_layer.head(2), tmp_path / "m.gpkg")
    with sqlite3.connect(gpkg) as db:
        db.execute("CREATE TABLE interviews (name TEXT)")
        db.execute("CREATE TABLE gpkg_backup (notes TEXT)")  # GDAL does not list it
        db.execute("UPDATE gpkg_contents SET description = 'by k@e.org'")
    assert [str(p) for p in validate_public(gpkg)] == [
        f"{gpkg}: the description of layer 'facilities' {CONTACT} ('k@e.org') → remove "
        "personal contact data",
        # the QGIS style table's entry in gpkg_contents is read too
        f"{gpkg}: the description of layer 'layer_styles' {CONTACT} ('k@e.org') → remove "
        "personal contact data",
        # beside the registered style table, GDAL lists no plain table as a layer: each is
        # named as a table that travels with the file
        f"{gpkg}: table 'gpkg_backup' is not a layer but travels with the file → "
        f"{HINT_REMOVE}",
        f"{gpkg}: table 'interviews' is not a layer but travels with the file → "
        f"{HINT_REMOVE}"]
    # KML: the document's own description and ExtendedData
    kml = export_layer(public_layer.head(2), tmp_path / "m.kml")
    text = kml.read_text(encoding="utf-8").replace(
        "<Document>\n", "<Document>\n<description>contact 0671234567</description>"
        "<ExtendedData><Data name=\"by\"><value>K.</value></Data></ExtendedData>\n", 1)
    kml.write_text(text, encoding="utf-8")
    assert [str(p) for p in validate_public(kml)] == [
        f"{kml}: Document description {CONTACT} ('0671234567') → remove personal contact "
        "data",
        f"{kml}: Document carries ExtendedData a public export never writes → {HINT_REMOVE}",
        f"{kml}: ExtendedData field 'by' is not in the public allowlist → export with "
        "--public"]
    # Parquet: metadata on a column, contact data in the file's metadata
    pq_path = export_layer(public_layer.head(2), tmp_path / "m.parquet")
    table = pq.read_table(pq_path)
    i = table.schema.get_field_index("id")
    table = table.cast(table.schema.set(i, table.schema.field(i).with_metadata(
        {"source": "call 0671234567"})))
    table = table.replace_schema_metadata({**table.schema.metadata, b"geo":
                                           table.schema.metadata[b"geo"] + b" q@e.org"})
    pq.write_table(table, pq_path)
    assert [str(p) for p in validate_public(pq_path)] == [
        f"{pq_path}: metadata 'geo' {CONTACT} ('q@e.org') → remove personal contact data",
        f"{pq_path}: column 'id' carries metadata a public export never writes → "
        f"{HINT_REMOVE}",
        f"{pq_path}: metadata of column 'id' {CONTACT} ('0671234567') → remove personal "
        "contact data"]


def test_csv_rows_are_numbered_as_in_a_spreadsheet(tmp_path, public_layer):
    plain = tmp_path / "p.csv"
    plain.write_text("region_code,testimonies\nRU-ROS,12\nUA-43,2\n", encoding="utf-8")
    assert [str(p) for p in validate_public(plain)] == [
        f"{plain}, row 3 (UA-43): testimonies = 2 is a small count (below 5) → show it as "
        "1–4: export with --public"]
    hxl = tmp_path / "h.csv"
    hxl.write_text("region_code,testimonies\n#adm1+code,#affected\nRU-ROS,12\nUA-43,2\n",
                   encoding="utf-8")
    assert [str(p) for p in validate_public(hxl)] == [
        f"{hxl}, row 4 (UA-43): testimonies = 2 is a small count (below 5) → show it as "
        "1–4: export with --public"]
    layer = public_layer.head(3).copy()
    layer.loc[layer.index[2], "testimonies"] = "2"
    exported = export_layer(layer, tmp_path / "l.csv", hxl=True)
    assert [str(p) for p in validate_public(exported)] == [
        f"{exported}, row 5 ({layer.iloc[2]['id']}): testimonies = 2 is a small count "
        "(below 5) → show it as 1–4: export with --public"]


def test_a_map_is_read_whole(tmp_path, joined_layer):
    from mapper.render import render_map, save_map

    layer = joined_layer[joined_layer["id"].isin([TAGANROG, NOVOCHERKASSK])].copy()
    layer["testimonies"] = [11, 4] if layer.iloc[0]["id"] == TAGANROG else [4, 11]
    layer = layer[["id", "region_code", "name_en", "facility_type", "country", "occupied",
                   "geocode_precision", "context", "testimonies", "geometry"]]
    plain = save_map(render_map(layer, with_basemap=False), tmp_path / "plain.html")
    assert [str(p) for p in validate_public(plain)] == [
        f"{plain} (facilities) ({NOVOCHERKASSK}): testimonies = 4 is a small count (below "
        "5) → show it as 1–4: export with --public"]
    public = save_map(render_map(layer, public=True, with_basemap=False),
                      tmp_path / "public.html")
    assert validate_public(public) == []
    other = tmp_path / "other.html"
    other.write_text("<html><body>hello</body></html>", encoding="utf-8")
    assert [str(p) for p in validate_public(other)] == [
        f"{other}: not a map written by mapper: cannot tell what it carries"]


def test_check_table_count_boundaries():
    df = pd.DataFrame({"id": list("abcdefg"),
                       "testimonies": ["0", "4", "5", None, float("nan"), "  ", "4.0"]})
    assert [str(p) for p in validate_table(df)] == [
        "t.csv, row 3 (b): testimonies = 4 is a small count (below 5) → show it as 1–4: "
        "export with --public",
        "t.csv, row 8 (g): testimonies = '4.0' is not a count or a range → publish counts "
        "with --public"]
    # numbers as a GeoPackage gives them back
    df = pd.DataFrame({"id": ["a", "b"], "testimonies": [4, 12]})
    assert [p.message for p in validate_table(df)] == [
        "testimonies = 4 is a small count (below 5)"]


def test_region_checks_skip_what_they_cannot_read(tmp_path):
    from mapper.validate import PublishedTable, check_regions

    fac = pd.DataFrame({"region_code": ["A", "A"], "testimonies": ["11", "1–4"]})
    reg = pd.DataFrame({"region_code": ["A", "B", "A"], "testimonies": ["15", "3", "x"]})
    # no id column: facilities are named by their feature number
    got = [str(p) for p in check_regions(PublishedTable("l", fac, unit="feature"),
                                         PublishedTable("r", reg))]
    assert got == ["l (feature 2): testimonies is shown as '1–4', but the region total A = "
                   "'15' in r gives it back as exactly 4 → publish region counts from the "
                   "public build (mapper.publish.public_build), never suppressed on their own"]
    # a facility count that is no count, or a table without region codes: nothing to derive
    bad = fac.assign(testimonies=["11", "many"])
    assert check_regions(PublishedTable("l", bad), PublishedTable("r", reg)) == []
    assert check_regions(PublishedTable("l", fac.drop(columns="region_code")),
                         PublishedTable("r", reg)) == []
    assert check_regions(PublishedTable("l", fac),
                         PublishedTable("r", reg.drop(columns="region_code"))) == []
    # exact facility counts and the derived range: nothing narrowed
    fine = pd.DataFrame({"region_code": ["A"], "testimonies": ["12–15"]})
    assert check_regions(PublishedTable("l", fac), PublishedTable("r", fine)) == []
    # breakdown columns are checked too, each on its own
    fac2 = fac.assign(testimonies_pow=["0", "1–4"])
    reg2 = pd.DataFrame({"region_code": ["A"], "testimonies": ["12–15"],
                         "testimonies_pow": ["2"]})
    assert [p.message for p in check_regions(PublishedTable("l", fac2),
                                             PublishedTable("r", reg2))] == [
        "testimonies_pow is shown as '1–4', but the region total A = '2' in r gives it back "
        "as exactly 2"]


def test_siblings_are_checked_unless_asked_not_to(tmp_path):
    layer = write_json(tmp_path / "s.geojson",
                       collection(feature(TAGANROG, testimonies="11"),
                                  feature(NOVOCHERKASSK, testimonies="1–4")))
    (tmp_path / "s_regions.csv").write_text("region_code,testimonies\nRU-ROS,15\n",
                                            encoding="utf-8")
    assert len(validate_public(layer)) == 1
    assert validate_public(layer, siblings=False) == []


def test_geojson_odd_features(tmp_path):
    path = write_json(tmp_path / "o.geojson", {"type": "FeatureCollection", "features": [
        "not a feature", {"type": "Feature", "properties": None, "geometry": None},
        {"type": "Feature", "id": "f3", "properties": {"testimonies": "2"}}]})
    assert [str(p) for p in validate_public(path)] == [
        f"{path} (feature 3): testimonies = 2 is a small count (below 5) → show it as 1–4: "
        "export with --public"]


def test_xlsx_single_sheet_and_properties(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.creator = "openpyxl"
    book.properties.lastModifiedBy = "K. Olena"
    book.properties.title = "call 0671234567"
    book.active.append(["region_code", "testimonies"])
    book.active.append(["A", "3"])
    path = tmp_path / "one.xlsx"
    book.save(path)
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: document properties name its author (lastModifiedBy = 'K. Olena') → clear "
        "the author in File → Info, or publish CSV",
        f"{path}: document properties {CONTACT} ('0671234567') → remove personal contact "
        "data",
        f"{path}, row 2 (A): testimonies = 3 is a small count (below 5) → show it as 1–4: "
        "export with --public"]


def test_kml_placemark_without_id(tmp_path):
    path = tmp_path / "p.kml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis'
                    '.net/kml/2.2"><Document><Folder><name>f</name><description>by q@e.org'
                    '</description><Placemark><name>write 0671234567</name><Point>'
                    '<coordinates>38.9,47.2</coordinates></Point></Placemark></Folder>'
                    '</Document></kml>\n', encoding="utf-8")
    got = [str(p) for p in validate_public(path)]
    assert got == [
        f"{path}: Folder description {CONTACT} ('q@e.org') → remove personal contact data",
        f"{path} (placemark 1): name {CONTACT} ('0671234567') → remove personal contact "
        "data",
        f"{path} (feature 1): Name {CONTACT} ('0671234567') → remove personal contact data"]


def test_a_map_carries_regions_and_flows_too(tmp_path, joined_layer):
    from mapper.render import render_map, save_map

    layer = joined_layer[joined_layer["id"].isin([TAGANROG, NOVOCHERKASSK])].copy()
    layer["testimonies"] = [11 if i == TAGANROG else 4 for i in layer["id"]]
    layer = layer[["id", "region_code", "name_en", "facility_type", "country", "occupied",
                   "geocode_precision", "context", "testimonies", "geometry"]]
    flows = pd.DataFrame({"from_id": [TAGANROG], "to_id": [NOVOCHERKASSK], "transfers": [2]})
    regions = pd.DataFrame({"region_code": ["RU-ROS", "UA-43"], "testimonies": [15, 3]})
    page = save_map(render_map(layer, flows=flows, regions=regions, with_basemap=False),
                    tmp_path / "m.html")
    assert [str(p) for p in validate_public(page)] == [
        f"{page} (facilities) ({NOVOCHERKASSK}): testimonies = 4 is a small count (below 5) "
        "→ show it as 1–4: export with --public",
        f"{page} (regions) (UA-43): testimonies = 3 is a small count (below 5) → show it as "
        "1–4: export with --public",
        f"{page} (flows) ({TAGANROG} → {NOVOCHERKASSK}): transfers = 2 is a small count "
        "(below 5) → show it as 1–4: export with --public"]


@pytest.mark.parametrize("prop", ["title", "subject", "description", "keywords"])
def test_xlsx_properties_are_read(prop, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.creator = "openpyxl"
    setattr(book.properties, prop, "reach me at q@e.org")
    book.active.append(["region_code", "testimonies"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: document properties {CONTACT} ('q@e.org') → remove personal contact data"]


def test_region_checks_order_and_edges():
    from mapper.validate import PublishedTable, check_regions

    # facilities without ids, on a non-default index: named by their feature number
    fac = pd.DataFrame({"region_code": ["C", "A", "A", "D", "D"],
                        "testimonies": ["x", "5", "1–4", "5–9", "5"]}, index=[7, 3, 9, 4, 8])
    reg = pd.DataFrame({"region_code": ["B", "C", "A", "D"],
                        "testimonies": ["3", "5", "6–7", "14"]})
    # B has no facility and C's facility is no count: both skipped, A still checked;
    # 6–7 leaves the hidden count two values (1–2): narrowed, not given back. D's "5–9"
    # is no hidden count (it starts at the threshold), so 14 − 5 = 9 is no leak
    got = [str(p) for p in check_regions(PublishedTable("l", fac, unit="feature"),
                                         PublishedTable("r", reg))]
    assert got == ["l (feature 3): testimonies is shown as '1–4', but the region total A = "
                   "'6–7' in r narrows it to 1–2 → publish region counts from the public "
                   "build (mapper.publish.public_build), never suppressed on their own"]


def test_parquet_rows_without_ids_and_odd_metadata(tmp_path, public_layer):
    path = export_layer(public_layer.head(2), tmp_path / "n.parquet")
    table = pq.read_table(path)
    ids = table.column("id").to_pylist()
    table = table.set_column(table.schema.get_field_index("id"), "id",
                             pa_array([ids[0], None]))
    table = table.set_column(table.schema.get_field_index("testimonies"), "testimonies",
                             pa_array(["12", "3"]))
    table = table.drop_columns(["region_code"]).replace_schema_metadata(
        {**table.schema.metadata, b"\xffnote": b"ok"})
    pq.write_table(table, path)
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: key-value metadata '\ufffdnote' is not what a public export writes → "
        f"{HINT_REMOVE}",
        f"{path} (feature 2): testimonies = 3 is a small count (below 5) → show it as 1–4: "
        "export with --public"]


def pa_array(values):
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def test_geojson_members_after_the_features_and_feature_ids(tmp_path):
    f = {"type": "Feature", "id": "f9", "geometry": None, "properties": {"name_en": "x"},
         "note": "y"}
    odd = {"type": "Feature", "geometry": None, "properties": ["not", "an", "object"]}
    path = write_json(tmp_path / "late.geojson",
                      {"type": "FeatureCollection", "features": [f, odd], "author": "K."})
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: foreign member 'author' at the top level: a public build never writes it "
        f"→ {HINT_REMOVE}",
        f"{path} (f9): foreign member 'note' in feature 1: a public build never writes it → "
        f"{HINT_REMOVE}"]


def test_a_single_layer_geopackage_is_named_by_its_file(tmp_path, public_layer):
    layer = public_layer.head(2).copy()
    layer.loc[layer.index[1], "testimonies"] = "3"
    path = export_layer(layer, tmp_path / "one.gpkg")
    assert [str(p) for p in validate_public(path)] == [
        f"{path} ({layer.iloc[1]['id']}): testimonies = 3 is a small count (below 5) → show "
        "it as 1–4: export with --public"]


def test_each_problem_is_named_once(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("region_code,testimonies\nA,3\n", encoding="utf-8")
    assert [p.message for p in validate_public(path, path, siblings=False)] == [
        "testimonies = 3 is a small count (below 5)"]


def test_restricted_message_in_full(tmp_path):
    path = tmp_path / "x_RESTRICTED_unmatched.csv"
    path.write_text("region_code\nA\n", encoding="utf-8")
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: this file is marked RESTRICTED: it holds testimony text and is never "
        "published"]


def test_region_check_uses_the_given_threshold(tmp_path):
    layer = write_json(tmp_path / "t.geojson",
                       collection(feature(TAGANROG, testimonies="11"),
                                  feature(NOVOCHERKASSK, testimonies="3–5")))
    regions = tmp_path / "t_regions.csv"
    regions.write_text("region_code,testimonies\nRU-ROS,14\n", encoding="utf-8")
    # at 3, "3–5" hides no small count, so 14 − 11 = 3 gives nothing away
    assert validate_public(layer, threshold=3) == []
    assert [p.message for p in validate_public(layer, threshold=5)][-1] == (
        "testimonies is shown as '3–5', but the region total RU-ROS = '14' in "
        f"{regions} gives it back as exactly 3")


def test_dict_keys_are_read_too():
    df = pd.DataFrame({"id": ["a"], "sources": [[{"q@e.org": "x"}]]})
    assert [p.message for p in validate_table(df)] == [
        "sources holds what looks like an e-mail address or phone number ('q@e.org')"]


KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'


def placemark(name: str, testimonies: str) -> str:
    return (f"<Placemark><name>{name}</name><ExtendedData><Data name=\"testimonies\"><value>"
            f"{testimonies}</value></Data></ExtendedData><Point><coordinates>38.9,47.2"
            "</coordinates></Point></Placemark>")


def test_kml_every_folder_and_placemark(tmp_path):
    path = tmp_path / "f.kml"
    path.write_text(KML_HEAD + "<Document><Folder><name>a</name>" + placemark("p1", "12")
                    + "</Folder><Folder><name>b</name>" + placemark("p2", "12")
                    + placemark("call 0671234567", "3") + "</Folder>"
                    + "<description>by q@e.org</description></Document></kml>\n",
                    encoding="utf-8")
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: Document description {CONTACT} ('q@e.org') → remove personal contact "
        "data",
        f"{path} (placemark 3): name {CONTACT} ('0671234567') → remove personal contact "
        "data",
        f"{path} (feature 2): Name {CONTACT} ('0671234567') → remove personal contact data",
        f"{path} (feature 2): testimonies = 3 is a small count (below 5) → show it as 1–4: "
        "export with --public"]


def test_kml_simple_data_outside_the_allowlist(tmp_path, public_layer):
    path = export_layer(public_layer.head(1), tmp_path / "s.kml")
    text = path.read_text(encoding="utf-8")
    text = text.replace('</Schema>', '<SimpleField name="witness" type="string">'
                        '</SimpleField></Schema>', 1)
    text = text.replace("</SchemaData>", '<SimpleData name="witness">Ivan</SimpleData>'
                        "</SchemaData>", 1)
    path.write_text(text, encoding="utf-8")
    assert [str(p) for p in validate_public(path)] == [
        f"{path}: ExtendedData field 'witness' is not in the public allowlist → export with "
        "--public",
        f"{path}: column 'witness' looks like personal data → remove it: a public file "
        "carries no personal data"]


def test_check_table_cells_one_by_one():
    from mapper.validate import check_table

    df = pd.DataFrame({
        "testimonies": [None, "many", "call 0671234567", 3.0, "14"],
        "testimonies_pow": ["1", "2", "12", "0", "5–9"],
        "testimonies_civilian": ["0", "0", "0", "0", "5"],
    })
    assert [str(p) for p in check_table(df, "x")] == [
        # an empty total, then a small count in the next column: both read
        "x (row 1): testimonies_pow = 1 is a small count (below 5) → show it as 1–4: export "
        "with --public",
        "x (row 2): testimonies = 'many' is not a count or a range → publish counts with "
        "--public",
        "x (row 2): testimonies_pow = 2 is a small count (below 5) → show it as 1–4: export "
        "with --public",
        # a count cell is a count or nothing: not scanned as text as well
        "x (row 3): testimonies = 'call 0671234567' is not a count or a range → publish "
        "counts with --public",
        # numbers read back as floats are counts, not empty cells
        "x (row 4): testimonies = 3 is a small count (below 5) → show it as 1–4: export with "
        "--public",
        # row 5: 14 = pow + 5 makes pow 9, but "5–9" hides no small count: no leak
    ]


def test_region_check_goes_on_after_a_facility_that_keeps_its_range():
    from mapper.validate import PublishedTable, check_regions

    fac = pd.DataFrame({"id": ["f1", "f2", "f3"], "region_code": ["A"] * 3,
                        "testimonies": ["1–4", "0–4", "5"]})
    reg = pd.DataFrame({"region_code": ["A"], "testimonies": ["6–9"]})
    # f1 ∈ [6 − 5 − 4, 9 − 5 − 0] ∩ [1, 4] = [1, 4]: kept; f2 ≤ 9 − 5 − 1 = 3: narrowed
    assert [p.message for p in check_regions(PublishedTable("l", fac),
                                             PublishedTable("r", reg))] == [
        "testimonies is shown as '0–4', but the region total A = '6–9' in r narrows it to "
        "0–3"]


def test_geopackage_rows_without_ids(tmp_path, public_layer):
    layer = public_layer.head(2)[["id", "region_code", "name_en", "testimonies",
                                  "geometry"]].copy()
    layer["id"] = [layer.iloc[0]["id"], None]
    layer["region_code"] = None
    layer.loc[layer.index[1], "testimonies"] = "2"
    path = export_layer(layer, tmp_path / "noid.gpkg")
    assert [str(p) for p in validate_public(path)] == [
        f"{path} (feature 2): testimonies = 2 is a small count (below 5) → show it as 1–4: "
        "export with --public"]


def test_the_qgis_style_table_is_style_not_data_but_its_text_is_read(tmp_path, public_layer):
    gpkg = export_layer(public_layer.head(2), tmp_path / "s.gpkg")
    assert validate_public(gpkg) == []  # the style mapper writes is no leak
    with sqlite3.connect(gpkg) as db:
        db.execute("UPDATE layer_styles SET description = 'styled by k@e.org'")
    assert [str(p) for p in validate_public(gpkg)] == [
        f"{gpkg}: layer_styles row 1 {CONTACT} ('k@e.org') → remove personal contact data"]


def test_a_map_region_count_of_one_year_is_checked(tmp_path, joined_layer):
    from mapper.render import render_map, save_map

    layer = joined_layer[joined_layer["id"].isin([TAGANROG])].copy()
    layer["testimonies"] = [15]
    layer = layer[["id", "region_code", "name_en", "facility_type", "country", "occupied",
                   "geocode_precision", "context", "testimonies", "geometry"]]
    # a region table with a year column: the map keeps every count column per region
    # (Crimea has none in 2022: the map leaves it out of that column, which reads as 0)
    regions = pd.DataFrame({"region_code": ["RU-ROS", "UA-43"], "testimonies": [15, 6],
                            "testimonies_2022": [5, 0], "testimonies_2023": [12, 2]})
    page = save_map(render_map(layer, regions=regions, with_basemap=False), tmp_path / "y.html")
    assert [str(p) for p in validate_public(page)] == [
        f"{page} (regions) (UA-43): testimonies_2023 = 2 is a small count (below 5) → show "
        "it as 1–4: export with --public"]


# --- pinned by the mutation run of the registry/layer branch (i10m) ----------------------

def test_a_count_that_is_not_whole_is_named():
    from mapper.validate import check_table

    df = pd.DataFrame({"id": ["a"], "testimonies": [2.5]})  # a float, as GeoJSON may hold
    assert [str(p) for p in check_table(df, "t.geojson", unit="feature")] == [
        "t.geojson (a): testimonies = '2.5' is not a count or a range → publish counts "
        "with --public"]


def test_an_empty_year_cell_completes_the_breakdown():
    # 12 in all, 8 in 2022, none in 2024 (empty): the 2023 count shown as 1–4 is 4
    df = pd.DataFrame({"id": ["a"], "testimonies": ["12"], "testimonies_2022": ["8"],
                       "testimonies_2023": ["1–4"], "testimonies_2024": [""]})
    assert [str(p) for p in validate_table(df)] == [
        "t.csv, row 2 (a): testimonies_2023 is shown as '1–4' but is exactly 4: the total "
        "and the other counts of the breakdown give it away → publish with --public "
        "(secondary suppression)"]


def test_a_published_csv_in_cp1251_is_read_and_checked(tmp_path):
    # Excel in a uk/ru locale saves CSV in cp1251: the HXL check must not stop on it
    path = tmp_path / "public.csv"
    path.write_bytes(f"id,name_uk,testimonies\n{TAGANROG},СІЗО-2 Таганрог,3\n"
                     .encode("cp1251"))
    assert [str(p) for p in validate_public(path)] == [
        f"{path}, row 2 ({TAGANROG}): testimonies = 3 is a small count (below 5) → show it "
        "as 1–4: export with --public"]


def test_every_qgis_style_row_and_a_long_metadata_excerpt(tmp_path, public_layer):
    gpkg = export_layer(public_layer.head(2), tmp_path / "s.gpkg")
    with sqlite3.connect(gpkg) as db:  # QGIS keeps one row per saved style
        db.execute("UPDATE layer_styles SET description = 'styled by k@e.org'")
        db.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                   "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, "
                   "description) SELECT f_table_catalog, f_table_schema, f_table_name, "
                   "f_geometry_column, 'second', styleQML, styleSLD, 0, 'by m@e.org' "
                   "FROM layer_styles")
        db.execute("CREATE TABLE gpkg_metadata (id INTEGER PRIMARY KEY, md_scope TEXT, "
                   "md_standard_uri TEXT, mime_type TEXT, metadata TEXT)")
        db.execute("INSERT INTO gpkg_metadata VALUES (1, 'dataset', 'http://www.isotc211.org/"
                   "2005/gmd', 'text/xml', ?)",
                   ("<abstract>" + "Detention facilities " * 6 + "</abstract>",))
    assert [str(p) for p in validate_public(gpkg)] == [
        f"{gpkg}: layer_styles row 1 {CONTACT} ('k@e.org') → remove personal contact data",
        f"{gpkg}: layer_styles row 2 {CONTACT} ('m@e.org') → remove personal contact data",
        # the excerpt stops at 80 characters
        f"{gpkg}: gpkg_metadata row 1 carries metadata a public export never writes "
        "('<abstract>Detention facilities Detention facilities Detention facilities "
        "Detenti') → remove it, or export with mapper export --public"]
