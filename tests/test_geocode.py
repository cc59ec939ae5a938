"""The offline geocoder on the real gazetteer and boundaries."""

from __future__ import annotations

import pytest

from mapper.geocode import check_point, find_override, find_settlement, place, read_overrides
from mapper.io import InputError


def _rec(**kw) -> dict:
    base = {"region_code": "", "country": "", "settlement_en": "", "settlement_local": "",
            "lat": "", "lon": "", "address": "", "geonames_id": ""}
    return base | kw


@pytest.mark.parametrize("spelling", ["Olenivka", "Olenovka", "Оленівка", "Оленовка",
                                      "Еленовка", "OLENIVKA", "Olenivka (Volnovakha District)"])
def test_olenivka_spellings_resolve_to_the_donetsk_one(spelling):
    found, _ = find_settlement([spelling], "UA-14")
    assert found is not None, spelling
    assert found.geonameid == "698614"  # Olenivka, Donetsk Oblast


def test_homonyms_are_resolved_by_region():
    # Four Olenivkas in the gazetteer: each region gets its own, never another region's.
    odesa, _ = find_settlement(["Olenivka"], "UA-51")
    poltava, _ = find_settlement(["Olenivka"], "UA-53")
    assert (odesa.geonameid, poltava.geonameid) == ("688208", "698612")
    tula, _ = find_settlement(["Donskoy"], "RU-TUL")
    rostov, _ = find_settlement(["Донской"], "RU-ROS")
    assert (tula.geonameid, rostov.geonameid) == ("565290", "565300")


def test_a_name_found_only_in_another_region_falls_back_to_the_region():
    # Sakharovo is in the gazetteer only in Tver Oblast; a facility in Moscow is not there.
    found, reason = find_settlement(["Sakharovo", "Сахарово"], "RU-MOW")
    assert found is None
    assert "not in the gazetteer for RU-MOW" in reason
    pl = place(_rec(region_code="RU-MOW", country="RU", settlement_en="Sakharovo"))
    assert pl.precision == "region"
    assert pl.source == "region-point:RU-MOW"
    assert check_point(pl.lon, pl.lat, "RU-MOW", "RU") == ("", "")


def test_no_settlement_gives_region_point_inside_the_region():
    pl = place(_rec(region_code="RU-MO", country="RU"))
    assert (pl.precision, pl.note) == ("region", "no settlement named")
    assert check_point(pl.lon, pl.lat, "RU-MO", "RU") == ("", "")


def test_source_coordinate_wins_and_address_falls_back_to_settlement():
    exact = place(_rec(region_code="RU-ROS", country="RU", settlement_en="Taganrog",
                       lat="47.2", lon="38.9"))
    assert (exact.precision, exact.source, exact.lat, exact.lon) == ("exact", "source", 47.2, 38.9)
    addr = place(_rec(region_code="RU-ROS", country="RU", settlement_en="Taganrog",
                      address="175 Lenina Street"))
    assert (addr.precision, addr.source) == ("settlement", "geonames:484907")
    assert "street address" in addr.note


def test_crimea_and_sevastopol_are_ukraine():
    simf = place(_rec(region_code="UA-43", country="UA", settlement_en="Simferopol"))
    assert simf.precision == "settlement"
    assert check_point(simf.lon, simf.lat, "UA-43", "UA")[0] == ""
    assert "outside country RU" in check_point(simf.lon, simf.lat, "UA-43", "RU")[0]
    sev = place(_rec(region_code="UA-40", country="UA", settlement_en="Sevastopol"))
    assert check_point(sev.lon, sev.lat, "UA-40", "UA")[0] == ""


def test_point_in_the_wrong_region_is_reported():
    taganrog = place(_rec(region_code="RU-ROS", country="RU", settlement_en="Taganrog"))
    err, _ = check_point(taganrog.lon, taganrog.lat, "RU-KRS", "RU")
    assert "not in RU-KRS" in err or "outside RU-KRS" in err


def test_an_override_moves_a_village_to_settlement_precision_only_in_its_region():
    # Yahidne is not in cities500; the override cites English Wikipedia's coordinate.
    pl = place(_rec(region_code="UA-74", country="UA", settlement_en="Yahidne",
                    settlement_local="Ягідне"))
    assert (pl.precision, pl.lat, pl.lon) == ("settlement", 51.3462, 31.2771)
    assert pl.source == ("override:https://en.wikipedia.org/wiki/?oldid=1179873212&title="
                         "Yahidne%2C_Chernihiv_Oblast")
    assert check_point(pl.lon, pl.lat, "UA-74", "UA") == ("", "")
    # the same name in another region gets no override: region level, and it says why
    other = place(_rec(region_code="UA-32", country="UA", settlement_en="Yahidne"))
    assert other.precision == "region"
    assert "no sourced coordinate" in other.note
    assert find_override("Yahidne", "UA-32") is None


def test_an_override_without_its_source_is_refused(tmp_path):
    path = tmp_path / "places_override.csv"
    path.write_text("settlement_en,settlement_local,region_code,lat,lon,source_url,"
                    "source_date,note\nSomewhere,,RU-VLA,56.1,41.2,,n.d.,from memory\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="row 2: every override needs the source_url"):
        read_overrides(path)
