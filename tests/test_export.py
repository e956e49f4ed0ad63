"""Writers: GeoJSON FeatureCollection, RFC 8142 text sequences, CSV."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoevents.errors import GeoeventsError
from geoevents.export import (
    RS, csv_row, format_for_path, normalise_geometry, prepare_feature, split_antimeridian,
    to_wkt, write_events,
)
from geoevents.reader import read_events
from test_export_fixtures import DOCUMENTS, all_features, model_features


def _write(tmp_path: Path, fmt: str, name: str | None = None) -> Path:
    out = tmp_path / (name or f"events.{ {'geojsonseq': 'geojsons'}.get(fmt, fmt) }")
    assert write_events(all_features(), DOCUMENTS, str(out), fmt) == len(all_features())
    return out


# --- GeoJSON ---------------------------------------------------------------------------

def test_geojson_collection_has_documents_time_ids_and_no_crs(tmp_path: Path) -> None:
    data = json.loads(_write(tmp_path, "geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["documents"] == DOCUMENTS
    assert "crs" not in data and all("crs" not in f for f in data["features"])
    by_title = {f["properties"]["title"]: f for f in data["features"]}
    point = by_title["Border guards seize heroin near Shymkent"]
    assert point["time"] == {"date": "2008-03-14"}
    assert point["id"] == point["properties"]["id"]
    assert by_title["Operation Poppy-2008 along the southern border"]["time"] == {
        "interval": ["2008-02-20", "2008-04-10"]}
    assert "time" not in by_title["Drug addicts registered nationwide"]
    # the hand-written Pacific route has no time member: the writer derives it
    assert by_title["Pacific route to the United States"]["time"] == {
        "interval": ["2008-03-01", "2008-06-30"]}


def test_geojson_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first = _write(tmp_path, "geojson", "a.geojson").read_bytes()
    second = _write(tmp_path, "geojson", "b.geojson").read_bytes()
    assert first == second


def test_coordinates_rounded_to_six_decimals(tmp_path: Path) -> None:
    data = json.loads(_write(tmp_path, "geojson").read_text(encoding="utf-8"))
    pacific = next(f for f in data["features"] if f["id"] == "pacific-route")
    last = pacific["geometry"]["coordinates"][-1][-1]
    assert last == [-122.419417, 37.774927]
    for feature in data["features"]:
        for value in _numbers(feature["geometry"]):
            assert round(value, 6) == value


def _numbers(geometry: dict | None) -> list[float]:
    if not geometry:
        return []
    out: list[float] = []
    stack = [geometry["coordinates"]]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            out.append(item)
    return out


def test_every_geometry_loads_in_shapely_and_is_valid(tmp_path: Path) -> None:
    from shapely.geometry import shape

    data = json.loads(_write(tmp_path, "geojson").read_text(encoding="utf-8"))
    shapes = [shape(f["geometry"]) for f in data["features"] if f["geometry"]]
    assert len(shapes) == 8  # two events are unplaced
    assert all(s.is_valid and not s.is_empty for s in shapes)
    assert all(-180 <= x <= 180 for s in shapes for x in (s.bounds[0], s.bounds[2]))


def test_writer_refuses_nan_rather_than_writing_invalid_json(tmp_path: Path) -> None:
    bad = model_features()[0]
    bad["properties"]["confidence"] = float("nan")
    out = tmp_path / "nan.geojson"
    with pytest.raises(GeoeventsError, match="cannot write event as JSON"):
        write_events([bad], [], str(out), "geojson")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(GeoeventsError, match="unknown output format 'kml'"):
        write_events([], [], str(tmp_path / "x.kml"), "kml")


def test_format_guessed_from_extension() -> None:
    assert format_for_path("a.CSV") == "csv"
    assert format_for_path("a.geojsons") == format_for_path("a.jsonseq") == "geojsonseq"
    assert format_for_path("a.geojson") == format_for_path("-") == format_for_path(None) == "geojson"


# --- antimeridian ----------------------------------------------------------------------

def test_split_eastward_crossing_interpolates_latitude() -> None:
    assert split_antimeridian([[170, 10], [-170, 20]]) == [
        [[170, 10], [180.0, 15.0]], [[-180.0, 15.0], [-170, 20]]]


def test_split_westward_and_twice() -> None:
    parts = split_antimeridian([[-170, 0], [170, 10], [175, 10], [-175, 20]])
    assert parts == [[[-170, 0], [-180.0, 5.0]],
                     [[180.0, 5.0], [170, 10], [175, 10], [180.0, 15.0]],
                     [[-180.0, 15.0], [-175, 20]]]


def test_line_that_does_not_cross_is_unchanged_and_split_is_idempotent() -> None:
    line = [[69.17, 34.53], [76.93, 43.26], [37.62, 55.76]]
    assert split_antimeridian(line) == [line]
    geometry = normalise_geometry({"type": "LineString",
                                   "coordinates": [[170, 10], [-170, 20]]})
    assert geometry["type"] == "MultiLineString"
    assert normalise_geometry(geometry) == geometry


def test_vertex_on_the_antimeridian_makes_no_one_point_part() -> None:
    geometry = normalise_geometry({"type": "LineString", "coordinates": [[180, 0], [-170, 0]]})
    assert geometry == {"type": "LineString", "coordinates": [[-180.0, 0.0], [-170, 0]]}


_lon = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)
_lat = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)


@given(st.lists(st.tuples(_lon, _lat).map(list), min_size=2, max_size=8))
def test_split_parts_never_jump_across_the_map(line: list[list[float]]) -> None:
    parts = split_antimeridian(line)
    crossings = sum(abs(b[0] - a[0]) > 180 for a, b in zip(line, line[1:]))
    assert len(parts) == crossings + 1
    for part in parts:
        assert len(part) >= 2
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in part)
        assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(part, part[1:]))
    # the original vertices survive, in order; only points on ±180° are added
    kept = [p for part in parts for p in part if abs(p[0]) != 180.0]
    assert kept == [p for p in line if abs(p[0]) != 180.0]


def test_pacific_route_written_as_multilinestring(tmp_path: Path) -> None:
    from shapely.geometry import shape

    data = json.loads(_write(tmp_path, "geojson").read_text(encoding="utf-8"))
    pacific = next(f for f in data["features"] if f["id"] == "pacific-route")
    geometry = pacific["geometry"]
    assert geometry["type"] == "MultiLineString"
    first, second = geometry["coordinates"]
    assert first[-1][0] == 180.0 and second[0][0] == -180.0 and first[-1][1] == second[0][1]
    assert 53.0 < first[-1][1] < 61.3
    assert shape(geometry).length < 100  # not the long way round the globe


# --- text sequences --------------------------------------------------------------------

def test_geojsonseq_records_start_with_rs_and_end_with_lf(tmp_path: Path) -> None:
    raw = _write(tmp_path, "geojsonseq").read_text(encoding="utf-8")
    records = raw.split(RS)
    assert records[0] == ""
    assert len(records) - 1 == len(all_features())
    for record in records[1:]:
        assert record.endswith("\n") and record.count("\n") == 1
        assert json.loads(record)["type"] == "Feature"


def test_geojsonseq_round_trips_through_the_reader(tmp_path: Path) -> None:
    path = _write(tmp_path, "geojsonseq")
    expected = [prepare_feature(f) for f in all_features()]
    assert list(read_events(str(path))) == json.loads(json.dumps(expected))


def test_geojson_round_trips_through_the_reader(tmp_path: Path) -> None:
    path = _write(tmp_path, "geojson")
    documents: list[dict] = []
    features = list(read_events(str(path), documents))
    assert documents == DOCUMENTS
    assert features == json.loads(json.dumps([prepare_feature(f) for f in all_features()]))


# --- CSV -------------------------------------------------------------------------------

def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_one_row_per_event_with_flattened_columns(tmp_path: Path) -> None:
    rows = _csv_rows(_write(tmp_path, "csv"))
    assert len(rows) == len(all_features())
    header = list(rows[0])
    for column in ("id", "event_type", "title", "start", "end", "date_precision", "date_text",
                   "place", "place_text", "country_code", "admin1", "geo_precision",
                   "resolved_by", "lon", "lat", "wkt", "drugs", "drugs_kg_total", "agencies",
                   "operation", "doc_id", "doc_date", "paragraph", "sentence", "char_start",
                   "char_end", "confidence", "status"):
        assert column in header
    assert [c for c in header if c.startswith(("kg_", "count_"))] == [
        "kg_hashish", "kg_heroin", "kg_opium",
        "count_arrested", "count_criminal_cases", "count_registered_users"]
    hashish = next(r for r in rows if r["title"] == "Hashish seized in Almaty")
    assert hashish["drugs"] == "hashish 12 kg; ecstasy 300 doses"
    assert hashish["drugs_kg_total"] == "12" and hashish["kg_hashish"] == "12"
    assert hashish["kg_heroin"] == ""
    assert hashish["place_text"] == "Алматы"
    assert hashish["agencies"] == "Ministry of Internal Affairs; Financial Police"
    assert (hashish["lon"], hashish["lat"]) == ("76.9286", "43.2567")
    assert hashish["wkt"] == "POINT (76.9286 43.2567)"
    operation = next(r for r in rows if r["operation"] == "Poppy-2008")
    assert operation["count_criminal_cases"] == "31"


def test_csv_flattens_prices() -> None:
    feature = {"type": "Feature", "geometry": None, "properties": {
        "event_type": "price", "title": "Heroin price in Pavlodar",
        "price": {"amount": 10000.0, "amount_max": 15000.0, "currency": "USD", "unit": "kilo",
                  "substance": "heroin", "previous": 8000.0}}}
    row = csv_row(feature)
    assert (row["price_amount"], row["price_amount_max"], row["price_currency"],
            row["price_unit"], row["price_substance"]) == (10000, 15000, "USD", "kilo", "heroin")
    assert csv_row(model_features()[0])["price_amount"] == ""


def test_csv_route_gives_origin_point_and_wkt_line(tmp_path: Path) -> None:
    rows = _csv_rows(_write(tmp_path, "csv"))
    route = next(r for r in rows if r["event_type"] == "route" and r["doc_id"] and
                 r["title"].startswith("Afghan"))
    assert (route["lon"], route["lat"]) == ("69.1723", "34.5281")
    assert route["wkt"] == "LINESTRING (69.1723 34.5281, 76.9286 43.2567, 37.6173 55.7558)"
    assert route["route"] == "Kabul (origin) > Almaty (transit) > Moscow (destination)"


def test_csv_wkt_matches_the_geojson_geometry_in_shapely(tmp_path: Path) -> None:
    from shapely import wkt
    from shapely.geometry import shape

    rows = _csv_rows(_write(tmp_path, "csv"))
    features = [prepare_feature(f) for f in all_features()]
    for row, feature in zip(rows, features):
        if feature["geometry"] is None:
            assert row["wkt"] == "" and row["lon"] == ""
        else:
            assert wkt.loads(row["wkt"]).equals(shape(feature["geometry"]))


def test_csv_guards_formula_cells_but_not_negative_numbers(tmp_path: Path) -> None:
    rows = _csv_rows(_write(tmp_path, "csv"))
    row = next(r for r in rows if r["event_type"] == "other")
    assert row["title"] == "'=HYPERLINK(\"http://example.invalid\",\"click\")"
    assert row["sentence"].startswith("'-5 kilograms")
    assert row["operation"] == "'@ops"
    assert row["agencies"] == "'\tTab Agency; \rCR Agency"
    assert row["lon"] == "-77.042793" and row["lat"] == "-12.046374"
    for column in ("+cell", "-cell", "=cell", "@cell", "\tcell", "\rcell"):
        cells = csv_row({"type": "Feature", "geometry": None,
                         "properties": {"event_type": "other", "title": column}})
        assert cells["title"] == "'" + column


def test_csv_opens_in_pandas_with_numeric_columns(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(_write(tmp_path, "csv"), encoding="utf-8")
    assert len(frame) == len(all_features())
    assert frame["lon"].dtype.kind == "f" and frame["paragraph"].dtype.kind in "fi"
    assert frame["paragraph"].notna().sum() == len(all_features()) - 1  # hand route has none
    assert frame["drugs_kg_total"].sum() == pytest.approx(48.25 + 12 + 2.5)
    starts = pd.to_datetime(frame["start"], format="%Y-%m-%d")
    assert starts.min() == pd.Timestamp("2008-01-01")
    assert frame["start"].isna().sum() == 1


def test_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert write_events(model_features()[:2], [], "-", "csv") == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,event_type,title,start,end")
    assert len(lines) == 3


def test_wkt_of_other_geometry_types() -> None:
    assert to_wkt({"type": "MultiPoint", "coordinates": [[1, 2], [3.5, -4]]}) == \
        "MULTIPOINT (1 2, 3.5 -4)"
    assert to_wkt({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}) == \
        "POLYGON ((0 0, 1 0, 1 1, 0 0))"
    assert to_wkt({"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [1, 2]}]}) == "GEOMETRYCOLLECTION (POINT (1 2))"


# --- GDAL ------------------------------------------------------------------------------

needs_ogrinfo = pytest.mark.skipif(shutil.which("ogrinfo") is None,
                                   reason="GDAL's ogrinfo not installed (apt-get install gdal-bin)")


def _ogrinfo(path: Path) -> str:
    result = subprocess.run(["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True,
                            text=True, timeout=60, check=True)
    return result.stdout


@needs_ogrinfo
def test_ogrinfo_reads_start_and_end_as_date_fields(tmp_path: Path) -> None:
    info = _ogrinfo(_write(tmp_path, "geojson"))
    assert "start: Date" in info and "end: Date" in info and "doc_date: Date" in info
    assert f"Feature Count: {len(all_features())}" in info


@needs_ogrinfo
def test_ogrinfo_reads_the_text_sequence_with_date_fields(tmp_path: Path) -> None:
    info = _ogrinfo(_write(tmp_path, "geojsonseq"))
    assert "GeoJSONSeq" in subprocess.run(
        ["ogrinfo", "-ro", "-so", str(tmp_path / "events.geojsons")], capture_output=True,
        text=True, timeout=60).stdout
    assert "start: Date" in info and "end: Date" in info
    assert f"Feature Count: {len(all_features())}" in info
