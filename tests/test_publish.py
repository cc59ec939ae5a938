"""Public builds: allowlist, small-count suppression that cannot be subtracted back,
and `validate_public` catching planted leaks in every export format."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper import export as ex
from mapper import schema
from mapper.cli import main
from mapper.layer import load_facilities, write_layer
from mapper.publish import (
    breakdowns,
    make_public,
    parse_label,
    suppress_table,
    validate_public,
)

N = 5


@pytest.fixture(scope="module")
def joined() -> gpd.GeoDataFrame:
    gdf = load_facilities().copy()
    n = len(gdf)
    gdf["testimonies"] = [(i * 7) % 23 for i in range(n)]
    gdf["testimonies_pow"] = [min(t, (i * 3) % 11) for i, t in enumerate(gdf["testimonies"])]
    gdf["testimonies_civilian"] = gdf["testimonies"] - gdf["testimonies_pow"]
    gdf["testimonies_2022"] = [t // 2 for t in gdf["testimonies"]]
    gdf["testimonies_2023"] = gdf["testimonies"] - gdf["testimonies_2022"]
    return gdf


# --- the reader: brute force, independent of the implementation ------------------------

def reader_bounds(published: dict[str, str], true: dict[str, int], threshold: int
                  ) -> dict[str, set[int]]:
    """Every value of each cell consistent with what is published, found by enumeration.

    The reader knows each published number or range, that every breakdown plus its
    remainder adds up to the total, and whether each breakdown is complete (remainder 0).
    """
    cells = {c: parse_label(v) for c, v in published.items()}
    groups = breakdowns(published)

    def values(c):
        cell = cells[c]
        return range(cell.lo, int(cell.hi) + 1)

    rem_complete = []
    for g in groups:
        rem_complete.append(true["testimonies"] - sum(true[c] for c in g) == 0)

    def sumset(ranges: list[range], cap: int) -> set[int]:
        sums = {0}
        for rg in ranges:
            sums = {a + b for a in sums for b in rg if a + b <= cap}
        return sums

    possible: dict[str, set[int]] = {c: set() for c in published}
    for t in values("testimonies"):
        parts_by_group = [[values(c) for c in g] + [range(0, 1) if done else range(1, t + 1)]
                          for g, done in zip(groups, rem_complete, strict=True)]
        if any(t not in sumset(parts, t) for parts in parts_by_group):
            continue
        possible["testimonies"].add(t)
        for g, parts in zip(groups, parts_by_group, strict=True):
            for j, c in enumerate(g):
                rest = sumset(parts[:j] + parts[j + 1:], t)
                possible[c].update(v for v in parts[j] if t - v in rest)
    return possible


counts = st.integers(min_value=0, max_value=14)


@st.composite
def rows(draw):
    pow_, civ, unknown_cat = draw(counts), draw(counts), draw(st.integers(0, 6))
    total = pow_ + civ + unknown_cat
    female = draw(st.integers(0, total))
    male = draw(st.integers(0, total - female))
    y22 = draw(st.integers(0, total))
    y23 = draw(st.integers(0, total - y22))
    return {"testimonies": total, "testimonies_pow": pow_, "testimonies_civilian": civ,
            "testimonies_female": female, "testimonies_male": male,
            "testimonies_2022": y22, "testimonies_2023": y23}


@settings(max_examples=150, deadline=None)
@given(rows(), st.sampled_from([3, 5]))
def test_no_suppressed_count_can_be_worked_back(row, threshold):
    published = {c: ex_label for c, ex_label in
                 ((c, str(v)) for c, v in suppress_table(pd.DataFrame([row]), threshold)
                  .iloc[0].items())}
    # primary suppression: no small count is shown exactly, every range is true
    for c, v in row.items():
        cell = parse_label(published[c])
        assert cell.lo <= v <= cell.hi, (c, v, published[c])
        if 0 < v < threshold:
            assert not cell.exact and cell.lo <= 1, (c, v, published[c])
    possible = reader_bounds(published, row, threshold)
    hidden = {c: v for c, v in row.items() if 0 < v < threshold}
    for c, v in hidden.items():
        assert v in possible[c]
        assert len(possible[c]) >= 2, (c, v, published, possible[c])
    # a reader who takes every breakdown as complete cannot pin a small count either
    complete = reader_bounds(published, {c: 0 for c in row} | {"testimonies": 0}, threshold)
    for c in hidden:
        assert len(complete[c]) != 1, (c, published, complete[c])


def test_secondary_suppression_examples():
    def pub(**row):
        return {k.removeprefix("testimonies_"): str(v) for k, v in
                suppress_table(pd.DataFrame([{f"testimonies_{k}" if k != "total" else
                                              "testimonies": v for k, v in row.items()}]))
                .iloc[0].items()}

    # 9 = pow + 5: pow would be 4; the civilian count becomes a range
    assert pub(total=9, pow=4, civilian=5) == {"testimonies": "9", "pow": "1–4",
                                               "civilian": "5–9"}
    # both halves small: the total is shown as a range
    assert pub(total=8, pow=4, civilian=4)["testimonies"] == "5–9"
    # nothing small: everything exact
    assert pub(total=20, pow=10, civilian=10) == {"testimonies": "20", "pow": "10",
                                                 "civilian": "10"}
    assert pub(total=0, pow=0, civilian=0) == {"testimonies": "0", "pow": "0",
                                              "civilian": "0"}


def test_make_public_keeps_only_allowlisted_fields(joined):
    public = make_public(joined)
    extra = set(public.columns) - set(schema.PUBLIC_FIELDS) - {"geometry"}
    assert extra == {c for c in joined.columns if c.startswith("testimonies")}
    assert "notes" not in public.columns and len(public) == len(joined)
    for c in extra:
        for v in public[c]:
            cell = parse_label(v)
            assert isinstance(v, str) and cell is not None
            assert not (cell.lo == cell.hi and 0 < cell.lo < N)
    assert joined["notes"].notna().any()  # the layer has notes to drop


def test_make_public_precision(joined):
    public = make_public(joined, precision=2)
    for g in public.geometry:
        assert round(g.x, 2) == g.x and round(g.y, 2) == g.y
    with pytest.raises(ValueError):
        make_public(joined, threshold=2)


def test_suppress_table_flows():
    flows = pd.DataFrame({"from_id": ["a", "b", "c"], "to_id": ["x", "x", "y"],
                          "transfers": [1, 7, 0]})
    out = suppress_table(flows, 5)
    assert list(out["transfers"]) == ["1–4", "7", "0"]
    assert list(out["from_id"]) == ["a", "b", "c"]


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_public_export_passes_validate_public(joined, tmp_path, fmt):
    path = ex.export_layer(make_public(joined), tmp_path / f"public.{fmt}",
                           hxl=(fmt == "csv"))
    assert validate_public(path) == []


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_unsafe_exports_fail_naming_each_leak(joined, tmp_path, fmt):
    public = make_public(joined)
    fid = public.loc[0, "id"]
    public.loc[0, "testimonies_pow"] = "3"  # planted small count
    public["surname"] = "Shevchenko"  # planted personal field
    public["notes"] = "reviewer note"
    path = ex.export_layer(public, tmp_path / f"leaky.{fmt}")
    problems = [str(p) for p in validate_public(path)]
    assert any("surname" in p and "personal" in p for p in problems), problems
    assert any("'notes'" in p for p in problems), problems
    assert any(fid in p and "testimonies_pow = 3 is a small count" in p for p in problems)


def test_validate_public_finds_a_derivable_count(joined, tmp_path):
    public = make_public(joined)
    public.loc[5, ["testimonies", "testimonies_pow", "testimonies_civilian",
                   "testimonies_2022", "testimonies_2023"]] = ["9", "1–4", "5", "0", "9"]
    path = ex.export_layer(public, tmp_path / "derivable.geojson")
    problems = [str(p) for p in validate_public(path)]
    assert any(public.loc[5, "id"] in p and "exactly 4" in p for p in problems), problems


def test_validate_public_finds_contact_data(joined, tmp_path):
    public = make_public(joined)
    public.loc[2, "address"] = "call +380 67 123 45 67"
    public.at[3, "aliases"] = ["write to someone@example.org"]
    path = ex.export_layer(public, tmp_path / "contact.geojson")
    problems = [str(p) for p in validate_public(path)]
    assert len([p for p in problems if "e-mail address or phone" in p]) == 2


def test_cli_export_public_and_refuses_unsafe(joined, tmp_path):
    src = tmp_path / "joined.geojson"
    write_layer(joined, src)
    out = tmp_path / "public.gpkg"
    res = CliRunner().invoke(main, ["export", "--joined", str(src), "--public",
                                    "--precision", "2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert validate_public(out) == []
    manifest = json.loads((tmp_path / "mapper-manifest.json").read_text())
    assert manifest["outputs"]["public.gpkg"]["settings"]["public"] is True
    # the plain layer exported without --public is not safe (it has notes)
    plain = tmp_path / "plain.csv"
    CliRunner().invoke(main, ["export", "-o", str(plain)])
    assert any("notes" in str(p) for p in validate_public(plain))
