"""Region counts in public builds must not give a suppressed facility count back."""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

import mapper
from mapper.cli import main
from mapper.paths import demo_testimonies_path
from mapper.publish import make_public, parse_label, public_regions


def test_region_total_does_not_reveal_a_hidden_facility():
    layer = mapper.load_facilities()
    rostov = layer[layer.region_code == "RU-ROS"].id.tolist()
    counts = {fid: 0 for fid in layer.id}
    counts[rostov[0]], counts[rostov[1]] = 11, 4  # region total 15
    layer["testimonies"] = layer.id.map(counts).astype(int)
    regions = layer.groupby("region_code", as_index=False)["testimonies"].sum()
    public = make_public(layer)
    assert public.set_index("id").loc[rostov[1], "testimonies"] == "1–4"
    shown = public_regions(public, regions).set_index("region_code").loc["RU-ROS", "testimonies"]
    cell = parse_label(shown)
    assert not cell.exact, shown           # "15" would give 15 − 11 = 4 away
    assert cell.lo <= 15 <= cell.hi        # and the range is true
    assert (cell.lo, cell.hi) == (12, 15)  # exactly what the facilities already say


def test_public_join_regions_add_nothing_to_the_facilities(tmp_path):
    out = tmp_path / "public.geojson"
    res = CliRunner().invoke(main, ["join", str(demo_testimonies_path()), "-o", str(out),
                                    "--public", "--report",  # not beside geo/demo's file
                                    str(tmp_path / "private" / "unmatched.csv")])
    assert res.exit_code == 0, res.output
    facilities = mapper.read_geojson(out)
    regions = pd.read_csv(tmp_path / "public_regions.csv", dtype=str, encoding="utf-8-sig")
    assert len(regions) > 10
    hidden_regions = 0
    for rec in regions.to_dict("records"):
        cells = [parse_label(v) for v in
                 facilities.loc[facilities.region_code == rec["region_code"], "testimonies"]]
        region = parse_label(rec["testimonies"])
        assert (region.lo, region.hi) == (sum(c.lo for c in cells), sum(c.hi for c in cells))
        hidden_regions += any(not c.exact for c in cells)
    assert hidden_regions > 0  # the demo does exercise suppression
    check = CliRunner().invoke(main, ["validate", "--public", str(tmp_path / "public_regions.csv")])
    assert check.exit_code == 0, check.output


def test_public_map_region_counts_add_nothing_to_the_facilities():
    from mapper.render import map_data

    layer = mapper.load_facilities()
    result = mapper.join_testimonies(layer, mapper.read_testimonies(demo_testimonies_path()))
    page = mapper.render_map(result, public=True)
    data = map_data(page.html)
    feats = [f["properties"] for f in data["mapper-facilities"]["features"]]
    counts = data["mapper-regions"]["counts"]["testimonies"]  # all years; also per year
    hidden_regions = 0
    for code, shown in counts.items():
        cells = [parse_label(p.get("testimonies", 0)) for p in feats if p["region_code"] == code]
        region = parse_label(shown)
        assert (region.lo, region.hi) == (sum(c.lo for c in cells), sum(c.hi for c in cells))
        hidden_regions += any(not c.exact for c in cells)
    assert hidden_regions > 0
