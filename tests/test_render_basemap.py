"""The offline base map's orientation data, the page's size and the --cdn variant."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geoevents.render import map_html
from geoevents.render.assets import NO_LEAFLET_STANDIN, head_assets
from geoevents.render.basemap import (
    ADMIN1_MIN_ZOOM, GazPlace, admin1_for, admin1_lines, border_gaps, city_zoom, countries_sha256,
    country_zoom, encode_ring, labels_for,
)

MAIN = "from geoevents.cli import main; main()"


def pin(lon: float, lat: float, cc: str = "KZ") -> dict:
    return {"k": "pin", "g": [lon, lat], "p": {"country_code": cc}}


PLACES = (
    GazPlace("Kazakhstan", "country", "KZ", 48.0, 68.0, 18_000_000),
    GazPlace("Andorra", "country", "AD", 42.5, 1.5, 77_000),
    GazPlace("Almaty", "city", "KZ", 43.25, 76.91, 1_977_011),
    GazPlace("Shymkent", "city", "KZ", 42.31, 69.6, 1_200_000),
    GazPlace("Taraz", "city", "KZ", 42.9, 71.37, 358_153),
    GazPlace("Kordai", "city", "KZ", 43.05, 74.0, 20_000),
    GazPlace("Far village", "city", "KZ", 50.0, 50.0, 900),
    GazPlace("Near village", "city", "KZ", 42.95, 71.5, 900),
    GazPlace("Lima", "city", "PE", -12.0, -77.0, 7_737_002),
    GazPlace("Small town", "city", "PE", -10.0, -70.0, 60_000),
    GazPlace("Zhambyl Region", "region", "KZ", 44.4, 72.1, 0),
    GazPlace("Far Region", "region", "PE", -12.0, -70.0, 0),
)


def test_labels_rank_cities_by_population_and_keep_what_is_near_the_events() -> None:
    data = labels_for([pin(71.37, 42.9)], PLACES)
    cities = {c[0]: c[3] for c in data["cities"]}
    # largest city of its country (the capital in most of the region) from zoom 4 at the latest
    assert cities["Almaty"] == 4 and cities["Lima"] == 3
    assert cities["Shymkent"] == 4 and cities["Taraz"] == 5 and cities["Kordai"] == 8
    assert cities["Near village"] == 9  # within a few degrees of an event: every town
    assert "Far village" not in cities and "Small town" not in cities  # neither near nor big
    assert [c[3] for c in data["cities"]] == sorted(c[3] for c in data["cities"])  # rank order
    assert [r[0] for r in data["regions"]] == ["Zhambyl Region"]
    zooms = {c[0]: c[3] for c in data["countries"]}
    assert zooms == {"Kazakhstan": 2, "Andorra": 5}  # the events' country first


def test_zoom_tiers() -> None:
    assert [city_zoom(p, False) for p in (6e6, 2e6, 4e5, 2e5, 5e4, 2e4, 500)] == [3, 4, 5, 6, 7, 8, 9]
    assert city_zoom(900, True) == 4
    assert [country_zoom(p) for p in (1e8, 1e7, 2e6, 1e5)] == [2, 3, 4, 5]


def test_gaps_belong_to_the_bundled_outlines() -> None:
    """The shipped strips were computed from the outlines shipped with them; after a
    gazetteer rebuild this fails until `python -m geoevents.render.basemap` is run."""
    if countries_sha256() is None:
        pytest.skip("gazetteer outlines not installed")
    rings = border_gaps()
    assert rings is not None and len(rings) > 500
    assert encode_ring([[69.6, 42.3], [69.601, 42.3], [69.6, 42.302]]) == [69600, 42300, 1, 0, -1, 2]


def test_page_embeds_labels_and_gaps_but_not_for_other_outlines() -> None:
    page = map_html([], [], countries=None)
    assert '"labels":{' in page and '"gaps":[[' in page
    fixture = {"type": "FeatureCollection", "features": []}
    assert '"gaps":null' in map_html([], [], countries=fixture)
    assert '"labels":null' in map_html([], [], countries=fixture, labels=False)


LINES = (
    ("KZ", (((70.0, 42.0), (70.5, 43.0)), ((80.0, 50.0), (81.0, 50.5)))),  # always kept
    ("RU", (((60.0, 55.0), (61.0, 55.0)),  # near the Chelyabinsk event
            ((40.0, 60.0), (41.0, 60.5)))),  # far from any event
)


def test_region_borders_keep_the_core_countries_and_the_neighbours_near_events() -> None:
    data = admin1_for([pin(61.4, 55.2, "RU")], LINES)
    assert data is not None and data["min_zoom"] == ADMIN1_MIN_ZOOM == 6
    assert data["lines"] == [encode_ring(p) for p in (LINES[0][1][0], LINES[0][1][1], LINES[1][1][0])]
    assert admin1_for([], LINES)["lines"] == [encode_ring(p) for p in LINES[0][1]]
    assert admin1_for([], LINES[1:]) is None  # nothing to draw: no key at all in the page
    # a long straight border passing the event, with no vertex anywhere near it
    straight = (("CN", (((50.0, 55.0), (70.0, 55.0)),)),)
    assert len(admin1_for([pin(61.4, 55.2, "RU")], straight)["lines"]) == 1


def test_bundled_region_borders_cover_central_asia() -> None:
    lines = dict(admin1_lines())
    if not lines:
        pytest.skip("gazetteer admin-1 lines not installed")
    assert {"KZ", "KG", "UZ", "TJ", "TM", "AF"} <= set(lines)
    near_almaty = admin1_for([pin(76.9, 43.25)])
    assert near_almaty is not None and len(near_almaty["lines"]) > 100


def test_page_embeds_region_borders_only_with_the_bundled_outlines() -> None:
    page = map_html([], [], countries=None)
    assert f'"admin1":{{"min_zoom":{ADMIN1_MIN_ZOOM},"lines":[[' in page
    fixture = {"type": "FeatureCollection", "features": []}
    assert '"admin1":null' in map_html([], [], countries=fixture)
    assert "G.admin1 = function" in page and '"ge-admin1"' in page


def test_cdn_head_has_the_offline_stand_in_after_leaflet() -> None:
    head = head_assets(cdn=True)
    assert head.index("leaflet.js") < head.index("GEOEVENTS_NO_LEAFLET")
    assert "GEOEVENTS_NO_LEAFLET" not in head_assets(cdn=False)
    assert "Proxy" in NO_LEAFLET_STANDIN


def test_seed_page_size_and_what_cdn_saves(seed_path: Path, tmp_path: Path) -> None:
    events = tmp_path / "seed.geojson"
    subprocess.run([sys.executable, "-c", MAIN, "extract", str(seed_path), "--offline", "--jobs", "1",
                    "-o", str(events)], check=True, capture_output=True, timeout=300)
    doc = json.loads(events.read_text(encoding="utf-8"))
    inline = len(map_html(doc["features"], doc["documents"]).encode("utf-8"))
    cdn = len(map_html(doc["features"], doc["documents"], cdn=True).encode("utf-8"))
    assert inline < 2_000_000, inline
    assert 0.05 < (inline - cdn) / inline < 0.2  # "about a tenth", as `map --help` says
