"""`mapper.folium_layer` on a user's own folium map, `mapper.explore`, and one data argument."""

from __future__ import annotations

import folium
import pandas as pd
import pytest
from folium.plugins import MarkerCluster

import mapper
from mapper.io import InputError
from mapper.join import join_testimonies

TAGANROG = "ru-rostov-taganrog-sizo-2"  # SIZO, settlement-level point, Russia
OLENIVKA = "ua-donetsk-olenivka-ik-120"  # penal colony, exact point, occupied Ukraine
IZIUM = "ua-kharkiv-izium-"  # seven facilities at one point


@pytest.fixture(scope="module")
def layer():
    return mapper.load_facilities()


@pytest.fixture(scope="module")
def small_join(layer):
    """3 testimonies at Taganrog SIZO-2 (a small count), 6 at Olenivka (shown as is)."""
    rows = pd.DataFrame({"facility": [TAGANROG] * 3 + [OLENIVKA] * 6})
    return join_testimonies(layer, rows)


def _markers(group: folium.FeatureGroup) -> list[folium.CircleMarker]:
    out = []
    for child in group._children.values():
        if isinstance(child, MarkerCluster):
            out += [c for c in child._children.values() if isinstance(c, folium.CircleMarker)]
        elif isinstance(child, folium.CircleMarker):
            out.append(child)
    return out


def _popup(marker: folium.CircleMarker) -> str:
    popup = next(c for c in marker._children.values() if isinstance(c, folium.Popup))
    return "".join(h.data for h in popup.html._children.values())


def _tooltip(marker: folium.CircleMarker) -> str:
    return next(c for c in marker._children.values() if isinstance(c, folium.Tooltip)).text


def _by_point(markers, layer, fid):
    g = layer.loc[layer["id"] == fid].geometry.item()
    return [m for m in markers if m.location == [round(g.y, 6), round(g.x, 6)]]


def _facility(markers, layer, fid, lang="en"):
    """The one marker of `fid`: at its point and named by it (two Taganrog places share the
    town's settlement point since the Taganrog Hotel point was added)."""
    name = layer.loc[layer["id"] == fid, f"name_{lang}"].item()
    (marker,) = [m for m in _by_point(markers, layer, fid) if _tooltip(m) == name]
    return marker


def test_layer_on_a_users_map_with_styles(layer):
    m = folium.Map(location=[50, 40], zoom_start=4, tiles=None)
    group = mapper.folium_layer(layer).add_to(m)
    assert isinstance(group, folium.FeatureGroup) and group._parent is m
    markers = _markers(group)
    assert len(markers) == len(layer)
    (olenivka,) = _by_point(markers, layer, OLENIVKA)
    # exact point: filled with the penal colony colour, white outline, solid
    assert olenivka.options["fillColor"] == "#D55E00"
    assert olenivka.options["color"] == "#ffffff"
    assert olenivka.options.get("dashArray") is None
    taganrog = _facility(markers, layer, TAGANROG)
    # settlement-level point: white, outlined in the SIZO colour
    assert taganrog.options["fillColor"] == "#ffffff"
    assert taganrog.options["color"] == "#0072B2"
    region = layer.loc[layer["geocode_precision"] == "region", "id"].iloc[0]
    # (two region-level rows can share the region's point: Belgorod oblast has the Kolotilovka
    # crossing and, since branch reg16, a field camp with no settlement)
    regs = _by_point(markers, layer, region)
    assert regs and all(r.options["dashArray"] == "3.2 2.2" for r in regs)
    # co-located facilities sit in the marker cluster and spread out when clicked
    izium = layer[layer["id"].str.startswith(IZIUM)]
    assert len(izium) >= 7
    assert len(_by_point(markers, layer, izium["id"].iloc[0])) == len(izium)
    cluster = next(c for c in group._children.values() if isinstance(c, MarkerCluster))
    assert cluster.options["spiderfyOnMaxZoom"] is True
    page = m.get_root().render()
    assert page.count("L.circleMarker(") == len(layer)
    assert "markerClusterGroup" in page


def test_popups_list_sources_and_escape(layer):
    hostile = layer[layer["id"] == TAGANROG].copy()
    hostile["name_en"] = '<img src=x onerror="alert(1)">'
    hostile.at[hostile.index[0], "sources"] = [{"url": "javascript:alert(1)", "date": None},
                                               {"url": "https://example.org/?a=1&b=<2>",
                                                "date": "2023-05"}]
    (marker,) = _markers(mapper.folium_layer(hostile, cluster=False))
    html = _popup(marker)
    assert "<img" not in html and "&lt;img src=x" in html
    assert 'href="javascript' not in html  # only http(s) sources become links
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in html
    assert "2023-05" in html and "n.d." in html
    assert "<img" not in _tooltip(marker)
    real = _popup(_markers(mapper.folium_layer(layer[layer["id"] == OLENIVKA]))[0])
    url = layer.loc[layer["id"] == OLENIVKA, "sources"].item()[0]["url"]
    assert url.replace("&", "&amp;") in real


def test_public_layer_counts_and_fields(layer, small_join):
    group = mapper.folium_layer(small_join, public=True, lang="uk")
    assert "notes" not in group.mapper_data.columns
    counts = dict(zip(group.mapper_data["id"], group.mapper_data["testimonies"], strict=True))
    assert counts[TAGANROG] == "1–4" and counts[OLENIVKA] == "6"
    markers = _markers(group)
    taganrog = _facility(markers, layer, TAGANROG, lang="uk")
    html = _popup(taganrog)
    assert "1–4" in html and "Свідчення" in html  # Ukrainian labels
    assert ">3<" not in html
    assert _tooltip(taganrog) == layer.loc[layer["id"] == TAGANROG, "name_uk"].item()
    (olenivka,) = _by_point(markers, layer, OLENIVKA)
    assert olenivka.options["radius"] > taganrog.options["radius"]  # sized by count
    # not public: the exact small count
    private = mapper.folium_layer(small_join)
    assert dict(zip(private.mapper_data["id"], private.mapper_data["testimonies"],
                    strict=True))[TAGANROG] == 3


def test_explore_runs_with_the_project_colours(layer):
    m = layer.explore(tiles=None)  # plain geopandas: needs mapclassify
    assert isinstance(m, folium.Map)
    m = mapper.explore(layer, tiles=None, lang="ru")
    page = m.get_root().render()
    assert "#0072B2".lower() in page.lower() and "#D55E00".lower() in page.lower()
    assert "Следственный изолятор (СИЗО)" in page  # legend in the chosen language
    own = folium.Map(tiles=None)
    assert mapper.explore(layer, m=own, public=True) is own


def test_one_data_argument(layer, small_join):
    with pytest.raises(InputError, match="either a layer or a JoinResult"):
        mapper.render_map(layer, join=small_join)
    with pytest.deprecated_call():
        page = mapper.render_map(small_join.layer, join=small_join)
    assert page.html == mapper.render_map(small_join).html
    with pytest.raises(InputError, match="not list"):
        mapper.folium_layer([1, 2])
    with pytest.raises(InputError, match="Unknown language"):
        mapper.folium_layer(layer, lang="de")
