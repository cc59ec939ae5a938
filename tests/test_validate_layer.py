"""`mapper validate` on facility layers, registries and testimony files (not --public).

Small files written in ``tmp_path`` from one committed feature (Olenivka colony, whose
sourced point 37.71093, 47.82846 lies in Donetsk oblast, UA-14), edited one thing at a
time. Each test compares the whole list of problems with one written by hand: the file,
the feature (its id, else ``feature N``), the message and the hint, in order, so a
message that loses its file, its feature or its hint turns the test red. These tests
are in the mutmut selection (docs/mutation-testing.md).
"""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.registry import Problem
from mapper.validate import source_warnings_for, validate_file, validate_layer_file

OLEN = "ua-donetsk-olenivka-ik-120"
TAG = "ru-rostov-taganrog-sizo-2"
REGION_HINT = "lon comes first in GeoJSON: check the order and the region"
DECIMALS = ("coordinates have more than 6 decimals", "round to 6 decimals (RFC 7946 §11.2)")
NO_ID_HINT = "every facility needs its stable id (e.g. ru-rostov-taganrog-sizo-2)"
NULL_HINT = "give the facility its point, or remove the feature"
PRISON = ("properties.facility_type: 'prison' is not one of ['sizo', 'penal_colony', "
          "'temporary_detention', 'military_unit', 'filtration_site', 'improvised', 'other']")
MIRROR = "https://quiet-river-123456.appspot.com/article/2025/01/10/hell"
MIRROR_WHY = "a Google App Engine mirror (appspot.com)"
CANONICAL_HINT = "use the canonical address; keep this one as retrieved_from"


@pytest.fixture
def olen(committed_features):
    """A fresh copy of the committed Olenivka feature."""
    return copy.deepcopy(committed_features[OLEN])


def run(*args) -> tuple[int, str]:
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
    return res.exit_code, res.output


def with_(feat: dict, coords=None, **props) -> dict:
    if coords is not None:
        feat["geometry"]["coordinates"] = coords
    feat["properties"].update(props)
    return feat


# --- validate_layer_file ------------------------------------------------------------------

def test_a_clean_small_layer_has_no_problem_also_when_named_json(olen, write_layer):
    path = write_layer([olen], name="olenivka.json")
    assert validate_layer_file(path) == []
    assert validate_file(path) == ("facility layer", [])
    assert run("validate", path) == (0, f"{path}: no problems found in this facility layer.\n")


def test_crs_member_and_seven_decimals_name_the_file_and_the_facility(olen, write_layer):
    crs = {"type": "name", "properties": {"name": "EPSG:4326"}}
    path = write_layer([with_(olen, [37.7109312, 47.82846])], crs=crs)
    assert validate_layer_file(path) == [
        Problem(str(path), None, "", "has a 'crs' member, which RFC 7946 removed",
                "write WGS84 lon/lat without a crs member"),
        Problem(str(path), None, OLEN, *DECIMALS),
    ]
    code, text = run("validate", path)
    assert code == 1
    assert text.splitlines() == [
        f"{path}: 2 problem(s) in this facility layer:",
        f"  {path}: has a 'crs' member, which RFC 7946 removed → write WGS84 lon/lat "
        "without a crs member",
        f"  {path} ({OLEN}): coordinates have more than 6 decimals → round to 6 decimals "
        "(RFC 7946 §11.2)",
    ]


@pytest.mark.parametrize("coords, flagged", [
    ([37.710931, 47.828461], False),  # 6 decimals: the most RFC 7946 §11.2 asks for
    ([37.71093, 47.8284612], True),  # 7 in the latitude only
    ([37.7109312, 47.82846], True),  # 7 in the longitude only
    ([37, 47.82846], False),  # a whole number
])
def test_decimals_are_counted_in_either_coordinate(olen, write_layer, coords, flagged):
    path = write_layer([with_(olen, coords)])
    assert validate_layer_file(path) == ([Problem(str(path), None, OLEN, *DECIMALS)]
                                         if flagged else [])


def test_decimals_of_a_number_that_repr_writes_with_an_exponent(olen, write_layer):
    # 1.2345678e-05 has 12 decimals; counting digits after a "." in repr() saw none. (The
    # point is off the coast of Africa, hence the region problem beside it.)
    path = write_layer([with_(olen, [1.2345678e-05, 47.82846])])
    assert Problem(str(path), None, OLEN, *DECIMALS) in validate_layer_file(path)


def test_a_point_in_another_region_than_stated(olen, write_layer):
    path = write_layer([with_(olen, region_code="UA-23")])
    assert validate_layer_file(path) == [Problem(
        str(path), None, OLEN, "point (47.8285, 37.7109) lies in UA-14, not in UA-23",
        REGION_HINT)]


def test_a_point_with_an_altitude_is_still_checked_against_its_region(olen, write_layer):
    path = write_layer([with_(olen, [37.71093, 47.82846, 120.5], region_code="UA-23")])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN,
                "geometry.coordinates: [37.71093, 47.82846, 120.5] is too long"),
        Problem(str(path), None, OLEN, "point (47.8285, 37.7109) lies in UA-14, not in UA-23",
                REGION_HINT),
    ]


def test_no_region_check_without_a_country(olen, write_layer):
    # the schema says what is missing; the point is not checked against a country None
    del olen["properties"]["country"]
    path = write_layer([olen])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN, "properties: 'country' is a required property")]


def test_schema_problems_are_sorted_by_field_with_no_hint(olen, write_layer):
    # the schema lists facility_type before context; the messages come by field name
    path = write_layer([with_(olen, facility_type="prison", context="prisoners")])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN, "properties.context: 'prisoners' is not one of "
                "['captivity_since_2022', 'political_prisoners', 'donbas_2014', "
                "'convict_transfer', 'deportation_centre']"),
        Problem(str(path), None, OLEN, PRISON),
    ]


def test_a_feature_without_its_type_member(olen, write_layer):
    del olen["type"]
    path = write_layer([olen])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN, "feature: 'type' is a required property")]


def test_a_long_value_is_cut_at_200_characters(olen, write_layer):
    path = write_layer([with_(olen, occupied="x" * 300)])
    [problem] = validate_layer_file(path)
    assert problem == Problem(str(path), None, OLEN, "properties.occupied: '" + "x" * 199)


def test_a_feature_without_a_point_is_told_once_and_its_other_problems_still(
        olen, write_layer):
    other = with_(copy.deepcopy(olen), id="ua-donetsk-olenivka-copy", region_code="UA-23")
    olen["geometry"] = None
    path = write_layer([with_(olen, facility_type="prison"), other])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN, "has no geometry (null)", NULL_HINT),
        Problem(str(path), None, OLEN, PRISON),
        # the next feature is still checked
        Problem(str(path), None, "ua-donetsk-olenivka-copy",
                "point (47.8285, 37.7109) lies in UA-14, not in UA-23", REGION_HINT),
    ]


def test_a_feature_without_an_id_is_named_by_its_place_in_the_file(olen, write_layer):
    del olen["properties"]["id"]
    path = write_layer([with_(olen, facility_type="prison")])
    # "'id' is a required property" is not repeated in the schema's words
    assert validate_layer_file(path) == [
        Problem(str(path), None, "feature 1", "has no id", NO_ID_HINT),
        Problem(str(path), None, "feature 1", PRISON),
    ]


def test_an_id_that_is_not_text(olen, write_layer):
    path = write_layer([with_(olen, id=120, facility_type="prison")])
    assert validate_layer_file(path) == [
        Problem(str(path), None, "feature 1", "id 120 is not text", NO_ID_HINT),
        Problem(str(path), None, "feature 1", PRISON),
    ]


def test_properties_that_are_not_an_object(olen, write_layer):
    olen["properties"] = None
    path = write_layer([olen])
    assert validate_layer_file(path) == [
        Problem(str(path), None, "feature 1", "has no id", NO_ID_HINT),
        Problem(str(path), None, "feature 1", "properties: None is not of type 'object'"),
    ]


def test_a_feature_that_is_not_an_object_does_not_stop_the_check(olen, write_layer):
    path = write_layer([42, with_(olen, region_code="UA-23")])
    assert validate_layer_file(path) == [
        Problem(str(path), None, "feature 1", "is not a GeoJSON Feature"),
        Problem(str(path), None, OLEN, "point (47.8285, 37.7109) lies in UA-14, not in UA-23",
                REGION_HINT),
    ]


def test_a_list_saved_as_text_is_told_once_and_the_next_field_still_checked(olen, write_layer):
    import json

    aliases = json.dumps(olen["properties"]["aliases"], ensure_ascii=False)
    path = write_layer([with_(olen, aliases=aliases, facility_type="prison")])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN, "'aliases' holds a list saved as text (as QGIS/ogr2ogr "
                "write it); read as a list", "export list fields as JSON arrays"),
        Problem(str(path), None, OLEN, PRISON),
    ]


@pytest.mark.parametrize("collection, features", [
    (False, "olen"),  # {"features": [...]} without "type": "FeatureCollection"
    (True, None),  # "features": null
])
def test_not_a_feature_collection_is_one_problem(olen, write_layer, collection, features):
    bad = [with_(olen, facility_type="prison")] if features else None
    path = write_layer(bad, collection=collection)
    assert validate_layer_file(path) == [
        Problem(str(path), None, "", "not a GeoJSON FeatureCollection",
                "export the layer as GeoJSON (RFC 7946)")]


def test_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "layer.geojson"
    path.write_text("id,name\n1,x\n", encoding="utf-8")
    expected = [Problem(str(path), None, "", "not a readable GeoJSON file (Expecting value: "
                        "line 1 column 1 (char 0))")]
    assert validate_layer_file(path) == expected
    assert validate_file(path) == ("facility layer", expected)


def test_malformed_layers_name_their_file(olen, write_layer):
    path = write_layer([olen, copy.deepcopy(olen)])
    assert validate_layer_file(path) == [
        Problem(str(path), None, OLEN, f"duplicate id '{OLEN}' (also feature 1)",
                "ids must be unique")]


# --- validate_file: the kind of file, and what reading it found ---------------------------

def test_a_file_that_cannot_be_read_as_a_table(tmp_path):
    path = tmp_path / "scan.csv"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    message = ("this is a PDF document, not a CSV table. To read it, open it in a "
               "spreadsheet and save it as CSV UTF-8 or as .xlsx.")
    assert validate_file(path) == ("file", [Problem(str(path), None, "", message)])
    assert run("validate", path) == (
        1, f"{path}: 1 problem(s) in this file:\n  {path}: {message}\n")


@pytest.mark.parametrize("missing", ["facility_type", "source_urls"])
def test_a_registry_missing_a_column_is_still_a_registry(tmp_path, missing):
    import pandas as pd

    from mapper.paths import registry_path

    df = pd.read_csv(registry_path(), dtype=str, keep_default_na=False).head(2)
    path = tmp_path / "registry.csv"
    df.drop(columns=[missing]).to_csv(path, index=False)
    kind, problems = validate_file(path)
    assert kind == "facility registry"
    assert problems and all(missing in p.message for p in problems), problems


def test_a_testimony_file_with_its_own_reference_column(tmp_path):
    path = tmp_path / "interviews.csv"
    path.write_text(f"held_at,date\n{TAG},2023-03\n{OLEN},2022-09\n", encoding="utf-8")
    assert run("validate", path, "--reference", "held_at") == (
        0, f"{path}: no problems found in this testimony file.\n")
    assert validate_file(path, reference="held_at") == ("testimony file", [])
    code, text = run("validate", path)
    assert code == 1 and text.startswith(f"{path}: 1 problem(s) in this testimony file:\n"
                                         f"  {path}, row 1: no facility reference column")


# --- source_warnings_for: mirrors in a layer's sources -----------------------------------

@pytest.mark.parametrize("name", ["layer.geojson", "layer.json"])
def test_a_mirror_among_a_layers_sources_is_warned_about(olen, committed_features,
                                                          write_layer, name):
    olen["properties"]["sources"].append({"url": MIRROR, "date": None})
    tag = copy.deepcopy(committed_features[TAG])
    del tag["properties"]["id"]
    tag["properties"]["sources"] = [MIRROR + "?utm_source=tg", {"date": "2024"}]
    path = write_layer([olen, tag], name=name)
    assert source_warnings_for(path) == [
        Problem(str(path), None, OLEN,
                f"source URL '{MIRROR}' is not the outlet's own address: {MIRROR_WHY}",
                CANONICAL_HINT),
        Problem(str(path), None, "feature 2",
                f"source URL '{MIRROR}?utm_source=tg' is not the outlet's own address: "
                f"{MIRROR_WHY}", CANONICAL_HINT),
    ]
    code, text = run("validate", path)
    assert code == 1, text  # the missing id and url are problems; the mirrors are warnings
    assert text.startswith(f"{path}: 2 warning(s): source URLs that are not the outlet's "
                           f"own address:\n  warning: {path} ({OLEN}): source URL '{MIRROR}'")


def test_a_feature_without_properties_has_no_source_to_warn_about(olen, write_layer):
    bare = {"type": "Feature", "geometry": olen["geometry"]}
    assert source_warnings_for(write_layer([bare, olen])) == []


@pytest.mark.parametrize("text", [
    '[{"type": "Feature"}]',  # a bare list
    '{"type": "FeatureCollection"}',  # no features
    "{not json",
])
def test_no_source_warnings_from_a_layer_that_cannot_be_read(tmp_path, text):
    path = tmp_path / "layer.geojson"
    path.write_text(text, encoding="utf-8")
    assert source_warnings_for(path) == []
    code, out = run("validate", path)
    assert code == 1 and "warning(s)" not in out, out


def test_no_source_warnings_from_a_testimony_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f"facility,source_url\n{TAG},{MIRROR}\n", encoding="utf-8")
    assert source_warnings_for(path) == []
