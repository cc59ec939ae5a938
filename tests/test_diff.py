"""Edition diff: the committed layer against a copy with known changes."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from pyproj import Geod
from shapely.geometry import Point

from mapper.cli import main
from mapper.diff import diff_layers, summary_text
from mapper.layer import load_facilities, write_layer


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    old = load_facilities()
    new = old.copy()
    ids = list(old["id"])
    moved, reclass, renamed, sourced, merged_away, keeper = ids[:6]
    i = {fid: k for k, fid in enumerate(ids)}
    p = new.geometry[i[moved]]
    new.loc[i[moved], "geometry"] = Point(p.x, round(p.y + 0.1, 6))
    new.loc[i[reclass], "facility_type"] = "filtration_site" if \
        old.loc[i[reclass], "facility_type"] != "filtration_site" else "other"
    new.loc[i[renamed], "name_en"] = old.loc[i[renamed], "name_en"] + " (renamed)"
    new.at[i[sourced], "sources"] = [*old.loc[i[sourced], "sources"][1:],
                                     {"url": "https://example.org/new", "date": "2025-01"}]
    new.at[i[keeper], "former_ids"] = [*old.loc[i[keeper], "former_ids"], merged_away]
    new = new[new["id"] != merged_away]
    added = old.iloc[[10]].copy()
    added["id"] = "ua-test-added-site"
    new = pd.concat([new, added]).sort_values("id").reset_index(drop=True)
    d = tmp_path_factory.mktemp("diff")
    write_layer(old, d / "old.geojson")
    write_layer(new, d / "new.geojson")
    return d, old, new, dict(moved=moved, reclass=reclass, renamed=renamed, sourced=sourced,
                             merged_away=merged_away, keeper=keeper)


def test_diff_finds_each_change(editions):
    _, old, new, ids = editions
    ch = diff_layers(old, new)
    by = {(r["change"], r["id"]): r for r in ch.to_dict("records")}
    assert ("added", "ua-test-added-site") in by
    assert by[("removed", ids["merged_away"])]["merged_into"] == ids["keeper"]
    mv = by[("moved", ids["moved"])]
    p = old.set_index("id").geometry[ids["moved"]]
    _, _, metres = Geod(ellps="WGS84").inv(p.x, p.y, p.x, round(p.y + 0.1, 6))
    assert mv["distance_km"] == pytest.approx(metres / 1000, abs=0.001)
    assert 10.5 < mv["distance_km"] < 11.5
    assert by[("reclassified", ids["reclass"])]["detail"] == "facility_type"
    assert by[("renamed", ids["renamed"])]["new"].endswith("(renamed)")
    assert by[("sources_added", ids["sourced"])]["detail"] == "https://example.org/new"
    assert ("sources_removed", ids["sourced"]) in by
    kinds = {k for k, _ in by}
    assert kinds == {"added", "removed", "moved", "reclassified", "renamed", "sources_added",
                     "sources_removed"}
    assert diff_layers(old, old).empty
    text = summary_text(ch)
    assert f"{ids['merged_away']}" in text and f"merged into {ids['keeper']}" in text


def test_cli_diff_text_and_geojson(editions):
    d, _, _, ids = editions
    res = CliRunner().invoke(main, ["diff", str(d / "old.geojson"), str(d / "new.geojson"),
                                    "-o", str(d / "changes.geojson")])
    assert res.exit_code == 0, res.output
    assert "Moved (1):" in res.output and ids["moved"] in res.output
    data = json.loads((d / "changes.geojson").read_text())
    assert "crs" not in data
    moved = [f for f in data["features"] if f["properties"]["change"] == "moved"]
    assert moved[0]["geometry"]["type"] == "LineString"
    assert {f["properties"]["change"] for f in data["features"]} >= {"added", "removed"}
    assert json.loads((d / "mapper-manifest.json").read_text())["outputs"]["changes.geojson"]
