"""Hardening: outputs that would destroy an input or cannot be written, features whose
properties do not fit the contract, hostile JSON, stores that are not stores, and the
CSV formula guard.  Every refusal is one line on stderr, exit status 2, nothing written."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from geoevents.errors import GeoeventsError
from geoevents.export import _cell, write_events
from geoevents.io import atomic_output
from geoevents.reader import read_events
from geoevents.render import map_html
from geoevents.store import EventStore
from test_export_fixtures import DOCUMENTS, all_features
from cli_run import refused, run  # noqa: E402

RS = "\x1e"
REPORT = ("BISHKEK, 9 April 2004 - Border guards seized 12 kilograms of heroin near Osh "
          "on 2 April 2004 and detained two couriers.\n")


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.geojson"
    write_events(all_features(), DOCUMENTS, str(path), "geojson")
    return path


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "reports" / "a.txt"
    path.parent.mkdir()
    path.write_text(REPORT, encoding="utf-8")
    return path


def _store(path: Path) -> Path:
    EventStore(path).close()  # an empty, valid event store
    return path


# --- 1. an output that is also an input is refused -------------------------------------

def test_extract_onto_its_own_report_is_refused(capsys: pytest.CaptureFixture[str],
                                                report: Path) -> None:
    err = refused(capsys, "extract", str(report), "--offline", "-o", str(report))
    assert err == f"geoevents: error: -o {report} is also an input\n"
    assert report.read_text(encoding="utf-8") == REPORT


def test_extract_onto_a_file_found_in_an_input_directory(capsys: pytest.CaptureFixture[str],
                                                         report: Path) -> None:
    err = refused(capsys, "extract", str(report.parent), "--offline", "-o", str(report))
    assert "is also an input" in err and str(report) in err
    assert report.read_text(encoding="utf-8") == REPORT


def test_extract_output_onto_the_store_is_refused(capsys: pytest.CaptureFixture[str],
                                                  report: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite"  # not there yet: the same resolved path
    err = refused(capsys, "extract", str(report.parent), "--offline", "--db", str(new),
                  "-o", str(tmp_path / "." / "new.sqlite"))
    assert "is also the --db store" in err and not new.exists()
    old = _store(tmp_path / "old.sqlite")  # there: the same inode, through a symlink too
    before = old.read_bytes()
    link = tmp_path / "link.geojson"
    link.symlink_to(old)
    err = refused(capsys, "extract", str(report), "--offline", "--db", str(old), "-o", str(link))
    assert "is also the --db store" in err and old.read_bytes() == before


def test_extract_store_onto_a_report_is_refused(capsys: pytest.CaptureFixture[str],
                                                report: Path) -> None:
    err = refused(capsys, "extract", str(report), "--offline", "--db", str(report))
    assert err == f"geoevents: error: --db {report} is also an input\n"
    assert report.read_text(encoding="utf-8") == REPORT


def test_map_onto_its_input_is_refused(capsys: pytest.CaptureFixture[str], events_file: Path,
                                       tmp_path: Path) -> None:
    before = events_file.read_bytes()
    err = refused(capsys, "map", str(events_file), "-o", str(events_file))
    assert "is also an input" in err
    hard = tmp_path / "hard.html"  # another name for the same file
    os.link(events_file, hard)
    assert "is also an input" in refused(capsys, "map", str(events_file), "-o", str(hard))
    assert events_file.read_bytes() == before


@pytest.mark.parametrize("command", ["filter", "dates", "places"])
def test_other_commands_refuse_their_input(capsys: pytest.CaptureFixture[str], events_file: Path,
                                           report: Path, command: str) -> None:
    source = events_file if command == "filter" else report
    before = source.read_bytes()
    extra = ("--offline",) if command == "places" else ()
    err = refused(capsys, command, str(source), *extra, "-o", str(source))
    assert "is also an input" in err and source.read_bytes() == before


def test_export_onto_its_store_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = _store(tmp_path / "s.sqlite")
    before = store.read_bytes()
    assert "is also the --db store" in refused(capsys, "export", "--db", str(store), "-o", str(store))
    wal = Path(f"{store}-wal")
    if wal.exists():
        assert "--db store" in refused(capsys, "export", "--db", str(store), "-o", str(wal))
    assert store.read_bytes() == before


def test_read_only_output_needs_force(capsys: pytest.CaptureFixture[str], events_file: Path,
                                      tmp_path: Path) -> None:
    out = tmp_path / "kept.geojson"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o444)
    err = refused(capsys, "filter", str(events_file), "-o", str(out))
    assert err == f"geoevents: error: -o {out} is read-only (--force replaces it)\n"
    assert out.read_text(encoding="utf-8") == "old\n"
    code, _, err = run(capsys, "filter", str(events_file), "-o", str(out), "--force")
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_unusable_output_paths_are_user_errors(capsys: pytest.CaptureFixture[str],
                                               events_file: Path, tmp_path: Path) -> None:
    err = refused(capsys, "filter", str(events_file), "-o", str(tmp_path))
    assert err == f"geoevents: error: -o {tmp_path} is a directory, not a file\n"
    under_file = events_file / "x.geojson"  # a file used as a directory
    err = refused(capsys, "filter", str(events_file), "-o", str(under_file))
    assert err == f"geoevents: error: -o {under_file}: {events_file} is not a directory\n"
    err = refused(capsys, "map", str(events_file), "-o", str(events_file / "deeper" / "m.html"))
    assert f"{events_file} is not a directory" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [events_file.name]


def test_unwritable_parent_is_a_user_error(capsys: pytest.CaptureFixture[str], events_file: Path,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    # root may write anywhere, so the permission is denied through os.access itself
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == locked
                        else real_access(p, mode))
    err = refused(capsys, "filter", str(events_file), "-o", str(locked / "new" / "out.geojson"))
    assert err == (f"geoevents: error: -o {locked / 'new' / 'out.geojson'}: cannot create files "
                   f"in {locked}: permission denied\n")
    assert list(locked.iterdir()) == []


def test_atomic_output_reports_an_unusable_path_as_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GeoeventsError, match="cannot write"):
        with atomic_output(blocker / "out.txt") as handle:
            handle.write("never")
    with pytest.raises(GeoeventsError, match="is a directory"):
        with atomic_output(tmp_path) as handle:
            handle.write("never")


def test_stdout_and_devices_stay_allowed(capsys: pytest.CaptureFixture[str], events_file: Path) -> None:
    code, out, err = run(capsys, "filter", str(events_file), "-o", os.devnull)
    assert code == 0 and out == "", err
    code, out, _ = run(capsys, "filter", str(events_file), "-o", "-")
    assert code == 0 and json.loads(out)["type"] == "FeatureCollection"


# --- 2. one feature whose properties do not fit is skipped, not fatal -----------------

BAD_PROPERTIES: list[tuple[dict[str, Any], str]] = [
    ({"route": "A > B"}, "route is not a list (a string)"),
    ({"route": [None]}, "route stop 1 is not an object (null)"),
    ({"drugs": [None]}, "drug 1 is not an object (null)"),
    ({"drugs": "heroin"}, "drugs is not a list (a string)"),
    ({"drugs": [{"substance": "heroin", "kg": "12"}]}, "drug 1 kg is not a number (a string)"),
    ({"counts": [1, 2]}, "counts is not an object (a list)"),
    ({"counts": {"arrested": "two"}}, "count 'arrested' is not a number (a string)"),
    ({"agencies": "Police"}, "agencies is not a list (a string)"),
    ({"countries": [1]}, "countries holds a number, not text"),
    ({"price": "100 USD"}, "price is not an object (a string)"),
]


def _with_bad_feature(tmp_path: Path, change: dict[str, Any], at: int = 3) -> Path:
    features = all_features()
    features[at - 1]["properties"].update(change)
    path = tmp_path / "mixed.geojsons"
    path.write_text("".join(f"{RS}{json.dumps(f)}\n" for f in features), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "reason"), BAD_PROPERTIES)
def test_reader_skips_a_feature_that_does_not_fit(tmp_path: Path, change: dict[str, Any],
                                                  reason: str) -> None:
    path = _with_bad_feature(tmp_path, change)
    said: list[str] = []
    read = list(read_events(str(path), on_skip=said.append))
    assert len(read) == len(all_features()) - 1
    assert said == [f"feature 3 of {path}: {reason}"]


def test_filter_csv_skips_the_feature_with_one_warning(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    path = _with_bad_feature(tmp_path, {"route": "abc"})
    out = tmp_path / "out.csv"
    code, stdout, err = run(capsys, "filter", str(path), "--format", "csv", "-o", str(out))
    assert code == 0 and stdout == ""
    lines = err.splitlines()
    assert lines[0] == f"geoevents: skipped feature 3 of {path}: route is not a list (a string)"
    assert len(lines) == 2 and lines[1].startswith("geoevents filter: kept")
    with out.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(all_features()) - 1


def test_failed_run_says_only_its_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    features = all_features()
    features[0]["properties"]["route"] = "abc"  # skipped, but the file then fails ...
    features[-1]["geometry"] = {"type": "LineString", "coordinates": [[1.0, 2.0]]}
    path = tmp_path / "bad.geojsons"
    path.write_text("".join(f"{RS}{json.dumps(f)}\n" for f in features), encoding="utf-8")
    err = refused(capsys, "filter", str(path), "-o", str(tmp_path / "out.geojson"))
    assert "skipped" not in err  # ... so only the error is said
    err = refused(capsys, "map", str(path), "-o", str(tmp_path / "m.html"))
    assert "skipped" not in err and not (tmp_path / "m.html").exists()


def _payload(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="geoevents-data">(.*?)</script>', text, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_map_draws_the_rest_when_one_feature_does_not_fit(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    path = _with_bad_feature(tmp_path, {"route": [None, {"name": "Osh"}]})
    out = tmp_path / "m.html"
    code, _, err = run(capsys, "map", str(path), "-o", str(out))
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == f"geoevents: skipped feature 3 of {path}: route stop 1 is not an object (null)"
    assert len(lines) == 2 and lines[1].startswith(f"geoevents: wrote {out}")
    assert len(_payload(out)["events"]) == len(all_features()) - 1


def test_map_of_one_unreadable_file_is_one_line(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    bad = tmp_path / "other.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature"', encoding="utf-8")
    err = refused(capsys, "map", str(bad), "-o", str(tmp_path / "m.html"))
    assert str(bad) in err and "skipped" not in err


def test_map_html_and_csv_writer_skip_what_does_not_fit(tmp_path: Path) -> None:
    features = all_features()
    features[1]["properties"]["drugs"] = [None]  # e.g. from a hand-edited store
    said: list[str] = []
    page = map_html(features, DOCUMENTS, countries=None, on_skip=said.append)
    assert said and said[0].startswith("feature 2 (") and said[0].endswith("drug 1 is not an object (null)")
    assert page.count('"t":"') >= len(features) - 1
    said.clear()
    out = tmp_path / "out.csv"
    assert write_events(features, DOCUMENTS, str(out), "csv", on_skip=said.append) == len(features) - 1
    assert len(said) == 1 and said[0].startswith("feature 2 (")


# --- 3. hostile JSON, invalid geometries, stores that are not stores, formulas ---------

@pytest.mark.parametrize(("content", "message"), [
    (RS + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"type": "FeatureCollection", "features": [' + "[" * 100_000, "nested too deeply"),
    ('{"type": "Feature", "geometry": null, "properties": {"event_type": "other", "x": '
     + "{\"a\": " * 100_000 + "1" + "}" * 100_000 + "}}", "nested too deeply"),
    ('{"type": "Feature", "geometry": null, "properties": {"event_type": "other", "paragraph": '
     + "7" * 5000 + "}}", "a number longer than"),
])
def test_hostile_json_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  content: str, message: str) -> None:
    path = tmp_path / "hostile.geojson"
    path.write_text(content, encoding="utf-8")
    err = refused(capsys, "filter", str(path), "-o", str(tmp_path / "out.geojson"))
    assert err.startswith(f"geoevents: error: {path}: ") and message in err
    assert "malformed JSON" in err
    assert "nested too deeply" in message or "digits" in err
    err = refused(capsys, "map", str(path), "-o", str(tmp_path / "m.html"))
    assert message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize(("geometry", "message"), [
    ({"type": "LineString", "coordinates": [[69.6, 42.3]]}, "a line needs two or more"),
    ({"type": "LineString", "coordinates": []}, "a line needs two or more"),
    ({"type": "MultiLineString", "coordinates": [[[69.6, 42.3], [70, 43]], [[1, 2]]]},
     "a line needs two or more"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "ring is not closed"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "a ring needs four or more"),
    ({"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 2]]]]},
     "ring is not closed"),
])
def test_invalid_rfc7946_geometries_are_invalid_input(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path, geometry: dict[str, Any],
                                                      message: str) -> None:
    features = all_features()
    features[-1]["geometry"] = geometry
    path = tmp_path / "bad.geojsons"
    path.write_text("".join(f"{RS}{json.dumps(f)}\n" for f in features), encoding="utf-8")
    err = refused(capsys, "filter", str(path), "-o", str(tmp_path / "out.geojson"))
    assert f"feature {len(features)}: " in err and message in err


def test_valid_polygon_still_reads(tmp_path: Path) -> None:
    feature = all_features()[0]
    feature["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    path = tmp_path / "ok.geojsons"
    path.write_text(f"{RS}{json.dumps(feature)}\n", encoding="utf-8")
    assert len(list(read_events(str(path)))) == 1


def _schema(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name FROM sqlite_master ORDER BY name").fetchall()
        mode = conn.execute("PRAGMA journal_mode").fetchone()
    return [*rows, mode]


@pytest.mark.parametrize("kind", ["text", "empty file", "empty database", "other database"])
def test_export_refuses_a_file_that_is_not_a_store_and_leaves_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    path = tmp_path / "not-a-store.sqlite"
    if kind == "text":
        path.write_text("just some notes\n" * 100, encoding="utf-8")
    elif kind == "empty file":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 7")  # a database file with no tables
            if kind == "other database":
                conn.execute("CREATE TABLE notes(body TEXT)")
        conn.close()
    before = path.read_bytes()
    schema = _schema(path) if kind.endswith("database") else None
    err = refused(capsys, "export", "--db", str(path), "-o", str(tmp_path / "out.geojson"))
    assert str(path) in err and "event store" in err
    assert path.read_bytes() == before
    if schema is not None:
        assert _schema(path) == schema
    assert not (tmp_path / "out.geojson").exists()
    assert not Path(f"{path}-wal").exists() or kind.endswith("database")


@pytest.mark.parametrize("text", [
    "=1+1", "  =1+1", "\u00a0=HYPERLINK(\"x\")", "\u200b=1", "\u200c+1", "\u200d-1", "\ufeff@SUM(A1)",
    "\n=1", "\t1", "\r1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", " \u3000\uff1d1",
    " \n\u00a0\u200b+1",
])
def test_csv_formula_guard_sees_through_leading_blanks(text: str) -> None:
    assert _cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", " ", "plain", "  plain", "\u00a0Almaty", "1-2", "a=b"])
def test_csv_formula_guard_leaves_plain_text(text: str) -> None:
    assert _cell(text) == text


def test_csv_file_cells_are_guarded(tmp_path: Path) -> None:
    features = all_features()
    features[0]["properties"]["title"] = "\u00a0 =cmd|' /C calc'!A0"
    out = tmp_path / "out.csv"
    write_events(features[:1], DOCUMENTS, str(out), "csv")
    with out.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["title"].startswith("'")


def test_stdin_that_is_the_output_file_is_refused(capsys: pytest.CaptureFixture[str],
                                                  events_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import geoevents.commands._output as output

    monkeypatch.setattr(output, "_stdin_stat", lambda: os.stat(events_file))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(events_file.read_bytes())))
    err = refused(capsys, "filter", "-", "-o", str(events_file))
    assert "is also an input (standard input)" in err
