"""The fast paths of a text sequence give what the general parser gives.

geoevents.reader reads a one-Feature-per-line sequence with a C decoder (_Lines) and,
for `geoevents filter`, decides the Features the filters drop from a typed decode
(geoevents.fastcheck).  Both must be invisible: the same features, skips, errors and
messages as the general parser (``reader.FAST_LINES = False``), for valid input and
for every kind of broken line.
"""
from __future__ import annotations

import contextlib
import io
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents import reader
from geoevents.cli import main
from geoevents.contract import properties_problem
from geoevents.errors import InputError
from geoevents.filters import spec_from_options
from test_export_fixtures import all_features

RS = "\x1e"

# Changes to one feature's properties: each breaks one check of the contract (or, the
# last few, fills a member with a valid value the fixtures leave empty).
PROPERTY_CHANGES: list[dict[str, Any]] = [
    {"route": "A > B"}, {"route": [1]}, {"drugs": {"heroin": 1}}, {"drugs": [1]},
    {"drugs": [{"substance": "heroin", "kg": "12"}]}, {"drugs": [{"kg": True}]},
    {"drugs": [{"quantity": [1]}]}, {"drugs": [{"class": 3}]}, {"counts": [1]},
    {"counts": {"arrested": "2"}}, {"counts": {"arrested": False}}, {"agencies": "police"},
    {"agencies": [None]}, {"countries": "KZ"}, {"countries": [7]}, {"conveyance": 5},
    {"detection": ["x"]}, {"incident": {}}, {"concealment": "in a tyre"},
    {"concealment": {"text": 1}}, {"concealment": {"class": []}}, {"traffickers": []},
    {"traffickers": {"count": "3"}}, {"traffickers": {"nationalities": "KZ"}},
    {"traffickers": {"nationalities": [1]}}, {"route_roles": "x"},
    {"route_roles": {"transit": "Osh"}}, {"route_roles": {"departure": [2]}},
    {"price": 5}, {"price": "cheap"},
    {"start": "2008-13-01"}, {"end": "March 2008"}, {"start": "2008-05-01", "end": "2008-04-01"},
    {"start": 20080301}, {"start": ""}, {"end": None, "start": "2008-02-30"},
    {"event_type": "smuggling"}, {"event_type": None}, {"event_type": ["seizure"]},
    {"concealment": {"text": "in a tyre", "class": "vehicle"}},
    {"traffickers": {"count": 3, "nationalities": ["KZ", "UZ"]}},
    {"route_roles": {"departure": ["AF"], "transit": ["TJ"], "destination": ["RU"]}},
    {"price": {"amount": 3000, "currency": "USD"}}, {"conveyance": "truck", "incident": "x"},
    {"drugs": [{"substance": "hashish", "kg": 12, "quantity": 12, "class": "cannabis"}]},
    {"counts": {"arrested": 2.0, "cases": None}}, {"country_code": ["KZ"]},
]
# Changes to the Feature itself.
FEATURE_CHANGES: list[Callable[[dict[str, Any]], Any]] = [
    lambda f: {**f, "type": "Point"},
    lambda f: {k: v for k, v in f.items() if k != "properties"},
    lambda f: {**f, "properties": None},
    lambda f: {**f, "properties": [1]},
    lambda f: {**f, "geometry": {"type": "Point", "coordinates": [200.5, 51.1]}},
    lambda f: {**f, "geometry": {"type": "Point", "coordinates": [71.4, True]}},
    lambda f: {**f, "geometry": {"type": "Point", "coordinates": [71.4, 51.1, 300]}},
    lambda f: {**f, "geometry": {"type": "Point", "coordinates": ["71.4", 51]}},
    lambda f: {**f, "geometry": {"type": "Circle", "coordinates": [1, 2]}},
    lambda f: {**f, "geometry": {"type": "LineString", "coordinates": [[1, 2]]}},
    lambda f: {**f, "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}},
    lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},
    lambda f: {**f, "geometry": "POINT (1 2)"},
    lambda f: {**f, "geometry": None},
    lambda f: [f],
    lambda f: {"type": "FeatureCollection", "features": [f]},
    lambda f: {**f, "documents": []},
]
# Changes to a record's text: JSON the decoders take differently, or not at all.
TEXT_CHANGES: list[Callable[[str], str]] = [
    lambda t: t.replace('"title": "', '"title": "\\ud800', 1),  # a lone surrogate
    lambda t: t.replace('"paragraph": ', '"paragraph": 1234567890123456789012345', 1),
    lambda t: t.replace('"paragraph": ', '"paragraph": 1e400, "x": ', 1),
    lambda t: t.replace('"paragraph": ', '"paragraph": NaN, "x": ', 1),
    lambda t: t.replace('"paragraph": ', '"paragraph": -Infinity, "x": ', 1),
    lambda t: t.replace('"paragraph": ', '"paragraph": 1' + "0" * 5000 + ', "x": ', 1),
    lambda t: t.replace('{"event_type": ', '{"event_type": "smuggling", "event_type": ', 1),
    lambda t: t.replace('{"event_type": ', '{"event_type": 5, "event_type": ', 1),
    lambda t: t.replace(', "title"', ',, "title"', 1),
    lambda t: t[:-1],  # cut off
    lambda t: t + " " + t,  # two values on a line
    lambda t: t + RS,
    lambda t: "  " + t + "\t ",
    lambda t: json.dumps(json.loads(t), indent=1),  # pretty-printed
    lambda t: "[" * 3000 + "]" * 3000,
    lambda t: t.replace('"title": "', '"title": "\u00e9\u4e2d\U0001F600', 1),
]
# Changes to the bytes of one record: cut short by encoding errors, wherever they are.
BYTE_CHANGES: list[Callable[[bytes], bytes]] = [
    lambda b: b.replace(b'"title": "', b'"title": "\xff', 1),
    lambda b: b.replace(b'"title": "', b'"title": "\xed\xa0\x80', 1),  # an encoded surrogate
    lambda b: b.replace(b'"title": "', b'"title": "\x00', 1),
    lambda b: b.replace(b'"title": ', b'\x00"title": ', 1),
]
LAYOUTS = ["rs", "ndjson", "crlf", "blank lines", "rs alone", "bom", "no final newline"]


def _records(rng: random.Random, count: int, broken: int, byte_level: bool
             ) -> list[bytes]:
    """``count`` records, ``broken`` of them changed at random (at most one change is
    at byte level, then the only one: a byte error and a feature error found in the
    same read window are said in file order by the fast path, window first by the
    general parser -- neither is wrong, so the tests do not mix them)."""
    features = all_features()
    records = [json.dumps(features[i % len(features)], ensure_ascii=False) for i in range(count)]
    out = [r.encode() for r in records]
    for index in rng.sample(range(count), min(broken, count)):
        feature = json.loads(records[index])
        kind = rng.randrange(3)
        if kind == 0:
            feature["properties"].update(rng.choice(PROPERTY_CHANGES))
            text = json.dumps(feature, ensure_ascii=False)
        elif kind == 1:
            text = json.dumps(rng.choice(FEATURE_CHANGES)(feature), ensure_ascii=False)
        else:
            text = rng.choice(TEXT_CHANGES)(records[index])
        out[index] = text.encode()
    if byte_level:
        index = rng.randrange(count)
        out[index] = rng.choice(BYTE_CHANGES)(out[index])
    return out


def _layout(records: list[bytes], layout: str) -> bytes:
    if layout == "ndjson":
        return b"".join(r + b"\n" for r in records)
    if layout == "crlf":
        return b"".join(b"\x1e" + r + b"\r\n" for r in records)
    if layout == "blank lines":
        return b"\n \n" + b"".join(b"\x1e" + r + b"\n\n" for r in records)
    if layout == "rs alone":
        return b"".join(b"\x1e\n" + r + b"\n" for r in records)
    if layout == "bom":
        return b"\xef\xbb\xbf" + b"".join(b"\x1e" + r + b"\n" for r in records)
    if layout == "no final newline":
        return b"\n".join(b"\x1e" + r for r in records)
    return b"".join(b"\x1e" + r + b"\n" for r in records)


@contextlib.contextmanager
def _general_parser_only() -> Iterator[None]:
    reader.FAST_LINES = False
    try:
        yield
    finally:
        reader.FAST_LINES = True


def _outcome(path: Path, chunk_size: int = 1 << 16) -> tuple[Any, ...]:
    """(features as JSON text, skip messages) or the error: repr keeps int and float apart."""
    skipped: list[str] = []
    try:
        features = list(reader.read_events(str(path), chunk_size=chunk_size,
                                           on_skip=skipped.append))
    except InputError as exc:
        return ("error", str(exc))
    return ("ok", repr(features), skipped)


def _both(path: Path, run: Callable[[], Any]) -> tuple[Any, Any]:
    fast = run()
    with _general_parser_only():
        general = run()
    return fast, general


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), count=st.integers(1, 12), broken=st.integers(0, 3),
       byte_level=st.booleans(), layout=st.sampled_from(LAYOUTS))
def test_reading_a_sequence_fast_gives_what_the_general_parser_gives(
        tmp_path_factory: pytest.TempPathFactory, seed: int, count: int, broken: int,
        byte_level: bool, layout: str) -> None:
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("seq") / "in.geojsons"
    path.write_bytes(_layout(_records(rng, count, 0 if byte_level else broken, byte_level),
                             layout))
    fast, general = _both(path, lambda: _outcome(path))
    assert fast == general


def _filter(path: Path, out: Path, options: list[str]) -> tuple[int, str, bytes | None]:
    """(exit status, stderr, output bytes) of `geoevents filter PATH OPTIONS -o OUT`."""
    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(["filter", str(path), *options, "-o", str(out)])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue(), out.read_bytes() if out.exists() else None


FILTERS = [
    [], ["--from", "2008-03", "--to", "2008-03"], ["--from", "2008-03", "--overlap"],
    ["--type", "seizure"], ["--type", "route,arrest", "--to", "2008-06"], ["--country", "KZ"],
    ["--drug", "heroin"], ["--drug", "cannabis", "--min-kg", "10"], ["--min-kg", "1"],
    ["--bbox", "60,35,80,50"], ["--bbox", "170,-60,-170,70", "--from", "2008"],
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), count=st.integers(1, 12), broken=st.integers(0, 3),
       options=st.sampled_from(FILTERS), layout=st.sampled_from(["rs", "ndjson"]),
       fmt=st.sampled_from(["geojsonseq", "geojson"]))
def test_filter_with_the_prefilter_says_and_writes_what_it_did_before(
        tmp_path_factory: pytest.TempPathFactory, seed: int, count: int, broken: int,
        options: list[str], layout: str, fmt: str) -> None:
    rng = random.Random(seed)
    folder = tmp_path_factory.mktemp("filter")
    path = folder / "in.geojsons"
    path.write_bytes(_layout(_records(rng, count, broken, False), layout))
    out = folder / "out"
    fast, general = _both(path, lambda: _filter(path, out, [*options, "--format", fmt]))
    assert fast == general


@pytest.mark.parametrize("change", PROPERTY_CHANGES + [{}])
@pytest.mark.parametrize("feature_change", [None, *range(len(FEATURE_CHANGES))])
def test_a_typed_view_is_accepted_only_for_a_valid_event(change: dict[str, Any],
                                                       feature_change: int | None) -> None:
    """The fastcheck schema is never more lenient than the contract's Python checks, and
    the filters read the view as they read the whole Feature."""
    from geoevents.fastcheck import view_decoder

    specs = [spec_from_options(**o) for o in (
        {"date_from": "2008-03", "date_to": "2008-03"}, {"date_from": "2008", "within": False},
        {"types": ["seizure"]}, {"countries": ["KZ"]}, {"drugs": ["heroin"], "min_kg": 10.0},
        {"bbox": "60,35,80,50"})]
    for feature in all_features():
        feature["properties"].update(change)
        if feature_change is not None:
            feature = FEATURE_CHANGES[feature_change](feature)
        text = json.dumps(feature).encode()
        try:
            view = view_decoder()(text)
        except Exception:  # noqa: BLE001 - refused: the ordinary path judges it
            continue
        if not reader.view_is_valid(view):
            continue
        assert reader.feature_problem(feature) is None
        assert properties_problem(feature["properties"]) is None
        for spec in specs:
            assert spec.rejection(view) == spec.rejection(feature)


def test_a_first_line_of_a_whole_collection_is_not_read_whole(tmp_path: Path) -> None:
    """A FeatureCollection on one line goes to the general parser after the first
    FIRST_LINE_BYTES, not after reading up to the size limit into memory."""
    features = all_features() * 50
    path = tmp_path / "one-line.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features,
                                "documents": [{"doc_id": "x"}]}), encoding="utf-8")
    assert path.stat().st_size > reader.FIRST_LINE_BYTES
    documents: list[dict[str, Any]] = []
    assert list(reader.read_events(str(path), documents)) == features
    assert documents == [{"doc_id": "x"}]


@pytest.mark.parametrize("fast", [True, False])
def test_a_record_cut_off_at_the_end_is_placed_at_the_end(tmp_path: Path, fast: bool) -> None:
    """The general parser used to place this error with a stale offset (the window had
    moved on while it looked for more input): now at the end of input, by either path."""
    records = [json.dumps(f) for f in all_features()[:2]]
    path = tmp_path / "cut.geojsons"
    path.write_text(f"{RS}{records[0]}\n{RS}{records[1][:-1]}\n", encoding="utf-8")
    reader.FAST_LINES = fast
    try:
        message = _outcome(path)
    finally:
        reader.FAST_LINES = True
    assert message == ("error", f"{path}: line 3, column 1: malformed JSON: "
                                "Expecting ',' delimiter")


# Any JSON value, to put where the contract expects one kind.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
PROPERTY_KEYS = ["route", "drugs", "counts", "agencies", "countries", "conveyance", "detection",
                 "incident", "concealment", "traffickers", "route_roles", "price", "event_type",
                 "start", "end"]
# Values of the right shape, with a wrong part now and then.
SHAPED = st.one_of(
    JSON,
    st.lists(st.dictionaries(st.sampled_from(["quantity", "kg", "class", "substance"]), JSON,
                             max_size=4), max_size=2),
    st.dictionaries(st.sampled_from(["text", "class", "count", "nationalities", "departure",
                                     "transit", "destination"]), JSON, max_size=4),
    st.lists(st.text(max_size=4) | JSON, max_size=3),
    st.sampled_from(["2008-03-01", "2008-02-30", "seizure", "smuggling"]))


@settings(max_examples=400, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(PROPERTY_KEYS), SHAPED, max_size=4),
       geometry=st.one_of(st.none(), JSON, st.fixed_dictionaries(
           {"type": st.sampled_from(["Point", "LineString"]), "coordinates": JSON})))
def test_the_fast_checks_never_pass_what_the_full_checks_refuse(changes: dict[str, Any],
                                                               geometry: Any) -> None:
    from geoevents.contract import _properties_problem, plainly_fits
    from geoevents.fastcheck import view_decoder

    feature = all_features()[0]
    feature["properties"].update(changes)
    feature["geometry"] = geometry
    if plainly_fits(feature["properties"]):
        assert _properties_problem(feature["properties"]) is None
    if reader._plainly_event(feature):
        assert reader._feature_problem(feature) is None
    try:
        view = view_decoder()(json.dumps(feature).encode())
    except Exception:  # noqa: BLE001 - refused: the ordinary path judges it
        return
    if reader.view_is_valid(view):
        assert reader._feature_problem(feature) is None
        assert _properties_problem(feature["properties"]) is None
