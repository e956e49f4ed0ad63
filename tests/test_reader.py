"""Streaming reader: FeatureCollection, RFC 8142 sequences, newline-delimited, bad input."""
from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoevents.errors import InputError
from geoevents.reader import load_events, read_events
from test_export_fixtures import DOCUMENTS, all_features, model_features

RS = "\x1e"


def _collection(features: list[dict], documents: list[dict] | None = None, *,
                documents_first: bool = False, indent: int | None = None) -> str:
    members: dict = {"type": "FeatureCollection"}
    if documents_first:
        members["documents"] = documents or []
    members["features"] = features
    if not documents_first:
        members["documents"] = documents or []
    return json.dumps(members, indent=indent, ensure_ascii=False)


def _file(tmp_path: Path, text: str | bytes, name: str = "in.geojson") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("documents_first", [True, False])
@pytest.mark.parametrize("indent", [None, 2])
def test_collection_yields_features_and_documents(tmp_path: Path, documents_first: bool,
                                                  indent: int | None) -> None:
    text = _collection(all_features(), DOCUMENTS, documents_first=documents_first, indent=indent)
    documents: list[dict] = []
    features = list(read_events(_file(tmp_path, text), documents))
    assert features == all_features()
    assert documents == DOCUMENTS


@settings(max_examples=40, deadline=None)
@given(chunk_size=st.integers(min_value=1, max_value=700), indent=st.sampled_from([None, 1]),
       seq=st.booleans())
def test_any_chunk_size_gives_the_same_features(tmp_path_factory: pytest.TempPathFactory,
                                                chunk_size: int, indent: int | None,
                                                seq: bool) -> None:
    tmp = tmp_path_factory.mktemp("chunks")
    if seq:
        text = "".join(f"{RS}{json.dumps(f, indent=indent)}\n" for f in model_features())
    else:
        text = _collection(model_features(), DOCUMENTS, indent=indent)
    assert list(read_events(_file(tmp, text), chunk_size=chunk_size)) == model_features()


def test_rs_sequence_and_newline_delimited_and_concatenated(tmp_path: Path) -> None:
    features = model_features()
    rs = "".join(f"{RS}{json.dumps(f)}\n" for f in features)
    ndjson = "".join(json.dumps(f) + "\r\n" for f in features)
    pretty_rs = "".join(f"{RS}{json.dumps(f, indent=2)}\n" for f in features)
    for text in (rs, ndjson, pretty_rs, "".join(json.dumps(f) for f in features)):
        assert list(read_events(_file(tmp_path, text))) == features


def test_single_feature_and_utf8_bom(tmp_path: Path) -> None:
    feature = model_features()[4]
    data = ("\ufeff" + json.dumps(feature, ensure_ascii=False)).encode("utf-8")
    assert list(read_events(_file(tmp_path, data))) == [feature]


def test_load_events_collects_everything(tmp_path: Path) -> None:
    path = _file(tmp_path, _collection(all_features(), DOCUMENTS))
    assert load_events(path) == (all_features(), DOCUMENTS)


def test_reads_stdin() -> None:
    text = "".join(f"{RS}{json.dumps(f)}\n" for f in model_features())
    code = ("import sys; from geoevents.reader import read_events; "
            "print(sum(1 for _ in read_events('-')))")
    result = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == str(len(model_features()))


def _peak_reading(path: Path) -> tuple[int, int]:
    """(features read, peak bytes allocated while reading)."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_events(str(path)))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _sequence_file(path: Path, copies: int) -> Path:
    records = "".join(f"{RS}{json.dumps(f, ensure_ascii=False)}\n" for f in all_features())
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(copies):
            handle.write(records)
    return path


def test_sequence_is_read_in_constant_memory(tmp_path: Path) -> None:
    small = _sequence_file(tmp_path / "small.geojsons", 200)
    big = _sequence_file(tmp_path / "big.geojsons", 2000)
    small_count, small_peak = _peak_reading(small)
    big_count, big_peak = _peak_reading(big)
    assert big_count == 10 * small_count == 2000 * len(all_features())
    assert big.stat().st_size > 20_000_000
    # ten times the input, not more memory: bounded by the read window
    assert big_peak < 4_000_000 and big_peak < small_peak * 1.5


def test_collection_is_read_incrementally(tmp_path: Path) -> None:
    small = Path(_file(tmp_path, _collection(all_features() * 150, DOCUMENTS), "s.geojson"))
    big = Path(_file(tmp_path, _collection(all_features() * 1500, DOCUMENTS), "b.geojson"))
    big_count, big_peak = _peak_reading(big)
    assert big_count == 1500 * len(all_features()) and big.stat().st_size > 10_000_000
    assert big_peak < 4_000_000 and big_peak < _peak_reading(small)[1] * 1.5


# --- bad input: one InputError naming file and place -----------------------------------

def _error(tmp_path: Path, text: str | bytes, chunk_size: int = 1 << 16) -> str:
    path = _file(tmp_path, text)
    with pytest.raises(InputError) as info:
        list(read_events(path, chunk_size=chunk_size))
    message = str(info.value)
    assert message.startswith(path + ": ") and "\n" not in message
    return message[len(path) + 2:]


@pytest.mark.parametrize("chunk_size", [3, 1 << 16])
def test_malformed_json_says_line_and_column(tmp_path: Path, chunk_size: int) -> None:
    good = json.dumps(model_features()[0])
    text = f"{RS}{good}\n{RS}{good}\n{RS}{{\"type\": \"Feature\",, \"properties\": {{}}}}\n"
    assert _error(tmp_path, text, chunk_size) == (
        "line 3, column 21: malformed JSON: Expecting property name enclosed in double quotes")


def test_malformed_collection_says_where(tmp_path: Path) -> None:
    text = _collection(model_features()[:2], indent=2)
    broken = text.replace('"event_type": "operation"', '"event_type" "operation"')
    line = broken[:broken.index('"event_type" "operation"')].count("\n") + 1
    message = _error(tmp_path, broken, chunk_size=16)
    assert message.startswith(f"line {line}, column ") and "Expecting ':' delimiter" in message


def test_truncated_collection(tmp_path: Path) -> None:
    text = _collection(model_features()[:2])
    assert "malformed JSON" in _error(tmp_path, text[:-40])


def test_feature_without_properties(tmp_path: Path) -> None:
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [71.4, 51.1]}}
    text = _collection([model_features()[0], feature])
    assert _error(tmp_path, text).endswith("feature 2: Feature without properties")


def test_coordinates_out_of_range(tmp_path: Path) -> None:
    feature = model_features()[0]
    feature["geometry"]["coordinates"] = [200.5, 51.1]
    message = _error(tmp_path, json.dumps(feature) + "\n")
    assert message == ("line 1, column 1: feature 1: coordinates out of range: [200.5, 51.1] "
                       "(lon must be within -180..180, lat within -90..90)")


def test_latitude_out_of_range_in_a_line(tmp_path: Path) -> None:
    feature = model_features()[2]
    feature["geometry"]["coordinates"][1] = [76.9, -95.0]
    assert "coordinates out of range: [76.9, -95.0]" in _error(tmp_path, json.dumps(feature))


def test_unknown_event_type(tmp_path: Path) -> None:
    feature = model_features()[0]
    feature["properties"]["event_type"] = "smuggling"
    text = "".join(f"{RS}{json.dumps(f)}\n" for f in [model_features()[1], feature])
    assert "line 2, column 2: feature 2: unknown event_type 'smuggling'" in _error(tmp_path, text)


@pytest.mark.parametrize(("change", "reason"), [
    ({"start": "2008-13-01"}, "start '2008-13-01' is not an ISO date"),
    ({"end": "March 2008"}, "end 'March 2008' is not an ISO date"),
    ({"start": "2008-05-01", "end": "2008-04-01"}, "start 2008-05-01 is after end 2008-04-01"),
    ({"event_type": None}, "Feature without an event_type property"),
])
def test_bad_properties(tmp_path: Path, change: dict, reason: str) -> None:
    feature = model_features()[0]
    feature["properties"].update(change)
    assert reason in _error(tmp_path, json.dumps(feature))


@pytest.mark.parametrize(("geometry", "reason"), [
    ({"type": "Point", "coordinates": [71.4]}, "position [71.4] is not [lon, lat]"),
    ({"type": "Point", "coordinates": ["71.4", 51]}, "is not [lon, lat]"),
    ({"type": "Circle", "coordinates": [1, 2]}, "unknown geometry type 'Circle'"),
    ({"type": "LineString", "coordinates": 5}, "LineString coordinates must be an array"),
    ("POINT (1 2)", "geometry is not an object"),
])
def test_bad_geometries(tmp_path: Path, geometry: object, reason: str) -> None:
    feature = model_features()[0]
    feature["geometry"] = geometry
    assert reason in _error(tmp_path, json.dumps(feature))


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty input"),
    ("  \n\n", "empty input"),
    ("[1, 2]", "expected a GeoJSON FeatureCollection, a Feature or an RS-separated"),
    ('{"type": "Point", "coordinates": [1, 2]}', "expected a GeoJSON Feature, found type 'Point'"),
    ('{"type": "FeatureCollection"}', "FeatureCollection without a features member"),
    ('{"type": "Topology", "features": []}', "must be a FeatureCollection, not type 'Topology'"),
    ('{"type": "FeatureCollection", "features": []} {"x": 1}', "unexpected data after"),
    ('{"type": "FeatureCollection", "features": [], "documents": 3}',
     "documents member must be a list"),
    ('{"type": "FeatureCollection", "features": [7]}', "expected a GeoJSON Feature object"),
    ('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [NaN, 1]}, '
     '"properties": {"event_type": "other"}}', "NaN is not valid JSON"),
])
def test_structural_problems(tmp_path: Path, text: str, reason: str) -> None:
    assert reason in _error(tmp_path, text)


def test_binary_and_wrong_encoding(tmp_path: Path) -> None:
    assert "not UTF-8 text" in _error(tmp_path, b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00")
    utf16 = json.dumps(model_features()[0]).encode("utf-16")
    assert "not UTF-8 text" in _error(tmp_path, utf16)
    assert "binary data (NUL byte)" in _error(tmp_path, b'{"type": "Feature"\x00}')


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file or directory"):
        list(read_events(str(tmp_path / "absent.geojson")))
    with pytest.raises(InputError, match="Is a directory"):
        list(read_events(str(tmp_path)))


# --- one Feature's size is capped (GEOEVENTS_MAX_FEATURE_MB) ------------------------------

def _runaway(path: Path, megabytes: int, *, start: str = RS) -> Path:
    """A text sequence whose first record is an unterminated string of ``megabytes``."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(start + '{"type": "Feature", "properties": {"title": "')
        for _ in range(megabytes):
            handle.write("a" * (1 << 20))
    return path


@pytest.mark.parametrize("start", [RS, "\n", '{"type": "FeatureCollection", "features": ['])
def test_a_runaway_feature_fails_at_the_limit_in_bounded_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    monkeypatch.setenv("GEOEVENTS_MAX_FEATURE_MB", "1")
    path = _runaway(tmp_path / "runaway.geojsons", 16, start=start)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            list(read_events(str(path)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert "a feature (or other JSON value) larger than 1 MB, the limit " \
           "(GEOEVENTS_MAX_FEATURE_MB raises it)" in message and "\n" not in message
    assert message.startswith(f"{path}: line ")
    assert peak < 6 * (1 << 20)  # a few times the limit, not the 16 MB record


def test_a_feature_under_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feature = model_features()[0]
    feature["properties"]["title"] = "x" * 700_000
    monkeypatch.setenv("GEOEVENTS_MAX_FEATURE_MB", "1")
    path = _file(tmp_path, RS + json.dumps(feature) + "\n")
    assert [f["properties"]["title"] for f in read_events(path)] == ["x" * 700_000]
    monkeypatch.setenv("GEOEVENTS_MAX_FEATURE_MB", "0.5")
    with pytest.raises(InputError, match="larger than 0.5 MB"):
        list(read_events(path))


def _filter_run(path: Path, out: Path, limit: str) -> tuple[int, str, float, int]:
    """(exit status, stderr, seconds, peak RSS in KiB) of `geoevents filter PATH -o OUT`."""
    import os
    import time

    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", "from geoevents.cli import main; main()",
                             "filter", str(path), "-o", str(out)],
                            env={**os.environ, "GEOEVENTS_MAX_FEATURE_MB": limit},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode()  # until the process ends and closes it
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    return proc.returncode, err, time.monotonic() - started, usage.ru_maxrss


@pytest.mark.skipif(not hasattr(__import__("os"), "wait4"), reason="needs os.wait4")
def test_filter_refuses_a_runaway_feature_in_one_line_fast_and_small(tmp_path: Path) -> None:
    small = _file(tmp_path, "".join(f"{RS}{json.dumps(f)}\n" for f in model_features()),
                  "small.geojsons")
    code, err, _, baseline = _filter_run(Path(small), tmp_path / "small-out.geojson", "1")
    assert code == 0, err
    path = _runaway(tmp_path / "runaway.geojsons", 64)
    out = tmp_path / "out.geojson"
    code, err, seconds, rss = _filter_run(path, out, "1")
    assert code == 2
    assert err == (f"geoevents: error: {path}: line 1, column 2: a feature (or other JSON "
                   "value) larger than 1 MB, the limit (GEOEVENTS_MAX_FEATURE_MB raises it)\n")
    assert not out.exists()
    assert seconds < 30
    assert rss < baseline + 24 * 1024  # KiB: the 64 MB record was never held


@pytest.mark.parametrize("value", ["lots", "0", "-3", "nan"])
def test_a_bad_limit_is_one_line_exit_2(tmp_path: Path, value: str) -> None:
    import os

    path = _file(tmp_path, "".join(f"{RS}{json.dumps(f)}\n" for f in model_features()))
    result = subprocess.run([sys.executable, "-c", "from geoevents.cli import main; main()",
                             "filter", path], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "GEOEVENTS_MAX_FEATURE_MB": value})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"geoevents: error: GEOEVENTS_MAX_FEATURE_MB={value!r} is not a "
                             "positive number of megabytes\n")
