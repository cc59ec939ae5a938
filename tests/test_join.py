"""Joining testimony files: counts, flows, regions, the unmatched report, encodings, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.io import read_table
from mapper.join import join_testimonies, output_paths, read_testimonies, write_join
from mapper.layer import load_facilities
from mapper.paths import demo_testimonies_path

COUNTS = ["testimonies", "testimonies_pow", "testimonies_civilian", "testimonies_female",
          "testimonies_male"]


@pytest.fixture(scope="module")
def layer():
    return load_facilities()


@pytest.fixture(scope="module")
def demo(layer):
    return join_testimonies(layer, read_testimonies(demo_testimonies_path()))


def test_demo_file_is_labelled_synthetic_in_name_and_content():
    path = demo_testimonies_path()
    assert "SYNTHETIC" in path.name
    df = read_table(path)
    assert len(df) >= 300
    assert (df["synthetic"] == "SYNTHETIC – not real testimony").all()
    assert not any(c.lower() in ("name", "surname", "full_name") for c in df.columns)


def test_demo_join_accounts_for_every_row(demo):
    c = demo.counts
    assert c["rows_read"] == 600
    assert c["rows_read"] == c["matched"] + c["ambiguous"] + c["unmatched"]
    assert c["ambiguous"] > 0 and c["unmatched"] > 0  # the demo has deliberate ones
    assert int(demo.layer["testimonies"].sum()) == c["matched"]
    facility_rows = demo.report[demo.report["column"] == "facility"]
    assert len(facility_rows) == c["ambiguous"] + c["unmatched"]
    assert facility_rows["row"].between(2, 601).all()
    assert demo.synthetic is True


def test_joined_layer_columns_per_the_contract(demo, layer):
    j = demo.layer
    assert list(j["id"]) == list(layer["id"])
    for c in COUNTS:
        assert c in j.columns and j[c].dtype.kind == "i" and (j[c] >= 0).all()
    years = sorted(c for c in j.columns if c.startswith("testimonies_20"))
    assert years == ["testimonies_2022", "testimonies_2023", "testimonies_2024",
                     "testimonies_2025"]
    assert (j["testimonies_pow"] + j["testimonies_civilian"] <= j["testimonies"]).all()
    assert (j["testimonies"] == 0).any()  # facilities without testimonies keep 0


def test_regions_add_up(demo, layer):
    r = demo.regions
    assert set(r["region_code"]) == set(layer["region_code"])
    assert int(r["testimonies"].sum()) == int(demo.layer["testimonies"].sum())
    by_region = demo.layer.groupby("region_code")["testimonies"].sum()
    for rec in r.to_dict("records"):
        assert rec["testimonies"] == by_region[rec["region_code"]]


def test_routes_become_flows(layer, tmp_path):
    p = tmp_path / "routes.csv"
    p.write_text(
        "facility,route\n"
        "Оленівка,Оленівка > СІЗО-2 Таганрог > ИК-1 Зверево\n"
        "IK-120,Olenivka → Taganrog SIZO-2\n"
        "СИЗО-1 Курск,СИЗО-1 Курск -> СИЗО-1 Ярославль -> ИК-11 Малая Локня\n"
        "СИЗО-1 Курск,\n", encoding="utf-8")
    res = join_testimonies(layer, read_testimonies(p))
    flows = {(f, t): n for f, t, n in res.flows.itertuples(index=False)}
    assert flows == {("ua-donetsk-olenivka-ik-120", "ru-rostov-taganrog-sizo-2"): 2,
                     ("ru-rostov-taganrog-sizo-2", "ru-rostov-zverevo-ik-1"): 1}
    # the unknown stop is reported with its row and stop number, and bridges nothing
    stop = res.report[res.report["column"].str.startswith("route")]
    assert list(stop["row"]) == [4] and "stop 2" in stop["column"].iat[0]
    assert res.counts == {"rows_read": 4, "matched": 4, "ambiguous": 0, "unmatched": 0}


def test_aggregated_file_with_breakdown_columns(layer, tmp_path):
    p = tmp_path / "agg.csv"
    p.write_text("facility,count,pow,civilian\n"
                 "СИЗО-2 Таганрог,12,10,2\n"
                 "Taganrog SIZO No. 2,3,3,0\n"
                 "Оленівка,7,,\n"
                 "СИЗО-1 Ярославль,4,4,0\n", encoding="utf-8")
    res = join_testimonies(layer, read_testimonies(p))
    j = res.layer.set_index("id")
    assert j.loc["ru-rostov-taganrog-sizo-2", "testimonies"] == 15
    assert j.loc["ru-rostov-taganrog-sizo-2", "testimonies_pow"] == 13
    assert j.loc["ru-rostov-taganrog-sizo-2", "testimonies_civilian"] == 2
    assert j.loc["ua-donetsk-olenivka-ik-120", "testimonies"] == 7
    assert res.counts == {"rows_read": 4, "matched": 3, "ambiguous": 0, "unmatched": 1}
    assert list(res.report["row"]) == [5]
    assert res.shape == "aggregated" and res.synthetic is False


def test_bad_counts_stop_with_the_rows_named(layer, tmp_path):
    from mapper.io import InputError

    p = tmp_path / "agg.csv"
    p.write_text("facility,count\nСИЗО-2 Таганрог,12\nОленівка,many\n", encoding="utf-8")
    with pytest.raises(InputError, match="rows 3"):
        join_testimonies(layer, read_testimonies(p))


@pytest.mark.parametrize("kind", ["utf-8-sig", "cp1251", "xlsx"])
def test_encodings_give_the_same_counts(layer, tmp_path, kind):
    src = pd.read_csv(demo_testimonies_path(), dtype=str, keep_default_na=False).head(120)
    src["route"] = src["route"].str.replace("→", ">")  # not in Windows-1251
    base = join_testimonies(layer, src.assign(), path="x_SYNTHETIC.csv")
    if kind == "xlsx":
        p = tmp_path / "t_SYNTHETIC.xlsx"
        src.to_excel(p, index=False)
    else:
        p = tmp_path / "t_SYNTHETIC.csv"
        p.write_bytes(src.to_csv(index=False).encode(kind))
    res = join_testimonies(layer, read_testimonies(p))
    assert res.counts == base.counts
    assert (res.layer[COUNTS].to_numpy() == base.layer[COUNTS].to_numpy()).all()


def test_committed_cp1251_file(layer):
    p = Path(__file__).parent / "data" / "testimonies_cp1251_SYNTHETIC.csv"
    raw = p.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    df = read_testimonies(p)
    assert df.attrs["encoding"] in ("cp1251", "windows-1251")
    res = join_testimonies(layer, df)
    assert res.synthetic and res.counts["rows_read"] == 40
    assert res.counts["matched"] >= 30
    assert res.layer.set_index("id").loc["ru-rostov-taganrog-sizo-2", "testimonies"] >= 1


def test_cli_join_writes_every_output(tmp_path):
    out = tmp_path / "joined.geojson"
    res = CliRunner().invoke(main, ["join", str(demo_testimonies_path()), "-o", str(out)])
    assert res.exit_code == 0, res.output
    paths = output_paths(out)
    for p in paths.values():
        assert p.exists(), p
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["synthetic"] is True and "SYNTHETIC" in data["synthetic_note"]
    assert "crs" not in data
    props = data["features"][0]["properties"]
    assert "testimonies" in props and isinstance(props["testimonies"], int)
    lines = json.loads(paths["flows_geojson"].read_text(encoding="utf-8"))
    assert lines["features"] and all(f["geometry"]["type"] == "LineString"
                                     for f in lines["features"])
    flows = pd.read_csv(paths["flows_csv"], encoding="utf-8-sig")
    assert list(flows.columns) == ["from_id", "to_id", "transfers"]
    report = pd.read_csv(paths["report"], encoding="utf-8-sig", keep_default_na=False)
    assert list(report.columns) == ["row", "column", "reference", "match_status",
                                    "match_reason"]
    # the printed summary adds up
    nums = {k: int(v) for k, v in (line.split()[:2] for line in res.output.splitlines()
                                   if line.strip().split(" ")[0] in
                                   ("matched", "ambiguous", "unmatched"))}
    assert sum(nums.values()) == 600
    # same input, same bytes
    first = {k: p.read_bytes() for k, p in paths.items()}
    CliRunner().invoke(main, ["join", str(demo_testimonies_path()), "-o", str(out)])
    assert first == {k: p.read_bytes() for k, p in paths.items()}


def test_cli_join_public_suppresses_small_counts(tmp_path):
    out = tmp_path / "public.geojson"
    report = tmp_path / "private" / "unmatched.csv"  # not beside the demo file in geo/demo
    res = CliRunner().invoke(main, ["join", str(demo_testimonies_path()), "-o", str(out),
                                    "--public", "--report", str(report)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    values = {f["properties"]["testimonies"] for f in data["features"]}
    assert "1–4" in values and not any(isinstance(v, int) and 0 < v < 5 for v in values)
    assert all("notes" not in f["properties"] for f in data["features"])
    assert report.exists() and f"RESTRICTED, not for publication: {report}" in res.output


def test_cli_join_column_options(tmp_path):
    p = tmp_path / "custom.csv"
    p.write_text("Установа,Рік,Статус\nСІЗО-2 Таганрог,2023,військовополонений\n"
                 "Оленівка,2022,цивільний\n", encoding="utf-8")
    out = tmp_path / "j.geojson"
    res = CliRunner().invoke(main, ["join", str(p), "-o", str(out), "--reference", "Установа",
                                    "--date", "Рік", "--category", "Статус"])
    assert res.exit_code == 0, res.output
    j = {f["properties"]["id"]: f["properties"] for f in
         json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert j["ru-rostov-taganrog-sizo-2"]["testimonies_pow"] == 1
    assert j["ru-rostov-taganrog-sizo-2"]["testimonies_2023"] == 1
    assert j["ua-donetsk-olenivka-ik-120"]["testimonies_civilian"] == 1
    assert "synthetic" not in json.loads(out.read_text(encoding="utf-8"))


def test_place_columns_are_read_with_the_reference(tmp_path):
    # a sheet that names the town and region in columns of their own (issue 8: real text
    # often describes the place and leaves the town to the sheet)
    p = tmp_path / "placed.csv"
    p.write_text("facility,town,oblast\n"
                 "the school basement,Yahidne,Chernihiv\n"  # placed only by the town
                 "SIZO-2 Taganrog,Kursk,\n"  # the town contradicts the reference's own
                 "the district police station,,\n"  # no place anywhere
                 ",Izium,\n", encoding="utf-8")  # a place alone names no facility
    out = tmp_path / "m.csv"
    res = CliRunner().invoke(main, ["match", str(p), "-o", str(out)])
    assert res.exit_code == 0, res.output
    plain = pd.read_csv(out, keep_default_na=False)
    assert plain["match_status"].tolist() == ["unmatched", "matched", "unmatched", "unmatched"]
    res = CliRunner().invoke(main, ["match", str(p), "-o", str(out), "--where", "town",
                                    "--where", "oblast"])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert got["facility_id"].tolist()[0] == "ua-chernihiv-yahidne-school-basement"
    assert got["match_status"].tolist() == ["matched", "ambiguous", "unmatched", "unmatched"]
    assert got["facility"].tolist()[0] == "the school basement"  # the file's cell, as it was
    # the join counts by the same reading, and its report shows the words it read
    res = CliRunner().invoke(main, ["join", str(p), "-o", str(tmp_path / "j.geojson"),
                                    "--where", "town"])
    assert res.exit_code == 0, res.output
    j = {f["properties"]["id"]: f["properties"] for f in json.loads(
        (tmp_path / "j.geojson").read_text(encoding="utf-8"))["features"]}
    assert j["ua-chernihiv-yahidne-school-basement"]["testimonies"] == 1
    report = (tmp_path / "j_unmatched.csv").read_text(encoding="utf-8")
    assert "SIZO-2 Taganrog (Kursk)" in report
    # a column that is not there is named, with the file's columns
    res = CliRunner().invoke(main, ["match", str(p), "-o", str(out), "--where", "settlement"])
    assert res.exit_code != 0 and "settlement" in res.output and "oblast" in res.output


def test_write_join_paths_are_beside_the_output(demo, tmp_path):
    paths = write_join(demo, tmp_path / "sub" / "x.geojson")
    assert {p.name for p in paths.values()} == {
        "x.geojson", "x_flows.csv", "x_flows.geojson", "x_regions.csv", "x_unmatched.csv"}
    assert all(p.parent == tmp_path / "sub" for p in paths.values())
    assert Path(paths["layer"]).stat().st_size > 0


def test_fast_csv_writes_what_pandas_writes(tmp_path):
    """write_csv builds text and integer columns with Arrow (_csv_body): the same bytes as
    inert_frame + to_csv, cell for cell (formulas, quotes, commas, newlines, CR, missing)."""
    import numpy as np

    from mapper.io import _csv_body, inert_frame, write_csv

    cells = ["plain", "", "a,b", 'say "x"', "two\nlines", "cr\rhere", "=SUM(A1)", "+1", "-2",
             "@x", "\tt", "\rr", "'q", "СІЗО-2, «Таганрог»", "😀", " lead", "trail "]
    n = len(cells)
    df = pd.DataFrame({
        "text": pd.Series(cells, dtype="str"),
        "obj": pd.Series(np.array(cells[::-1], dtype=object)),
        "with_missing": pd.Series([None if i % 3 else c for i, c in enumerate(cells)],
                                  dtype=object),
        "mixed": pd.Series(np.array([i - 5 if i % 2 else c for i, c in enumerate(cells)],
                                    dtype=object)),
        "n": np.arange(-3, n - 3, dtype=np.int64),
        "=head": pd.Series(cells, dtype="str")})
    for part in (df, df.iloc[5:]):
        expected = inert_frame(part).to_csv(index=False, header=False, lineterminator="\n")
        assert _csv_body(part).to_pybytes().decode("utf-8") == expected
    write_csv(df, tmp_path / "fast.csv", chunk_rows=4)
    expected = inert_frame(df).to_csv(index=False, lineterminator="\n")
    assert (tmp_path / "fast.csv").read_bytes() == ("\ufeff" + expected).encode("utf-8")
    # what it does not handle goes through pandas
    assert _csv_body(df.assign(f=0.5)) is None and _csv_body(df[["text"]]) is None


def test_flows_text_is_the_features_text(layer, tmp_path):
    """The flows GeoJSON written per facility (flows_collection_text) is the text of
    feature_collection_text(flows_features(...)), for plain and public flows."""
    from mapper.io import feature_collection_text
    from mapper.join import flows_collection_text, flows_features
    from mapper.publish import public_build

    p = tmp_path / "routes.csv"
    p.write_text("facility,route\n" + "Оленівка,Оленівка > СІЗО-2 Таганрог > ИК-1 Зверево\n" * 6
                 + "IK-120,Olenivka → Taganrog SIZO-2\n", encoding="utf-8")
    res = join_testimonies(layer, read_testimonies(p))
    for flows in (res.flows, public_build(res).flows):
        for precision in (6, 2):
            assert flows_collection_text(flows, res.layer, precision, synthetic=True) == \
                feature_collection_text(flows_features(flows, res.layer, precision),
                                        synthetic=True)
