"""`geoevents filter` end to end through main(): formats, stdin, summary, bad input, atomicity."""
from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geoevents.export import write_events
from geoevents.reader import read_events
from test_export_fixtures import DOCUMENTS, all_features
from cli_run import MAIN, run, start_stalled_filter  # noqa: E402

RS = "\x1e"


@pytest.fixture()
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "all.geojson"
    write_events(all_features(), DOCUMENTS, str(path), "geojson")
    return path


def _titles(path: Path) -> list[str]:
    return [f["properties"]["title"] for f in read_events(str(path))]


def test_march_filter_keeps_events_touching_march_with_overlap(
        capsys: pytest.CaptureFixture[str], events_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "march.geojson"
    code, stdout, err = run(capsys, "filter", str(events_file), "--from", "2008-03",
                            "--to", "2008-03", "--overlap", "-o", str(out))
    assert code == 0 and stdout == ""
    assert err == ("geoevents filter: kept 6 of 10 events "
                   "(1 undated excluded by the date filter, 3 date)\n")
    kept = json.loads(out.read_text(encoding="utf-8"))
    for feature in kept["features"]:
        props = feature["properties"]
        assert props["start"] <= "2008-03-31" and props["end"] >= "2008-03-01"
    assert len(kept["features"]) == 6
    assert kept["documents"] == DOCUMENTS  # only documents cited by kept events


def test_march_filter_keeps_the_events_of_march_and_says_what_it_left_out(
        capsys: pytest.CaptureFixture[str], events_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "march.geojson"
    code, stdout, err = run(capsys, "filter", str(events_file), "--from", "2008-03",
                            "--to", "2008-03", "-o", str(out))
    assert code == 0 and stdout == ""
    assert err == ("geoevents filter: kept 2 of 10 events (1 undated excluded by the date "
                   "filter, 3 date); 4 dated only to a longer period overlapping the range not "
                   "included (1 to 2008-02-20..2008-04-10, 1 to 2008-03-31..2008-04-02, "
                   "1 to 2008-03..2008-06, 1 to other periods); --overlap keeps them\n")
    for feature in json.loads(out.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        assert props["start"] >= "2008-03-01" and props["end"] <= "2008-03-31"


def test_output_formats_and_stdout(capsys: pytest.CaptureFixture[str], events_file: Path,
                                   tmp_path: Path) -> None:
    code, stdout, _ = run(capsys, "filter", str(events_file), "--type", "seizure",
                          "--format", "geojsonseq")
    assert code == 0
    records = stdout.split(RS)[1:]
    assert [json.loads(r)["properties"]["event_type"] for r in records] == ["seizure"] * 2
    out = tmp_path / "seizures.csv"  # format from the extension
    assert run(capsys, "filter", str(events_file), "--type", "seizure", "-o", str(out))[0] == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["kg_heroin"] for r in rows] == ["48.25", ""]


def test_sequence_input_from_stdin(tmp_path: Path) -> None:
    seq = tmp_path / "all.geojsons"
    write_events(all_features(), DOCUMENTS, str(seq), "geojsonseq")
    result = subprocess.run([sys.executable, "-c", MAIN, "filter", "-", "--country", "KZ",
                             "--drug", "heroin", "--format", "geojsonseq"],
                            stdin=seq.open("rb"), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    titles = [json.loads(r)["properties"]["title"] for r in result.stdout.split(RS)[1:]]
    assert titles == ["Border guards seize heroin near Shymkent",
                      "Afghan heroin moves north through Almaty to Moscow"]
    assert result.stderr == "geoevents filter: kept 2 of 10 events (4 country, 4 drug)\n"


def test_filtered_output_reads_back_and_filters_again(capsys: pytest.CaptureFixture[str],
                                                      events_file: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert run(capsys, "filter", str(events_file), "--from", "2008", "-o", str(first))[0] == 0
    assert run(capsys, "filter", str(first), "--from", "2008", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


# --- bad input: one line, exit 2, no output --------------------------------------------

def _bad_feature_file(tmp_path: Path, change: str) -> Path:
    features = all_features()
    feature = features[-1]
    if change == "no properties":
        del feature["properties"]
    elif change == "coordinates":
        feature["geometry"]["coordinates"][1] = [-149.9, 91.0]
    elif change == "type":
        feature["properties"]["event_type"] = "smuggling"
    path = tmp_path / f"bad-{change.replace(' ', '-')}.geojsons"
    path.write_text("".join(f"{RS}{json.dumps(f)}\n" for f in features), encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2008-13-01"), "Invalid value for '--from': '2008-13-01' is not a valid date"),
    (("--from", "2008-05", "--to", "2008-03"),
     "Invalid value for '--from': 2008-05-01 is after --to 2008-03-31"),
    (("--type", "smuggling"), "Invalid value for '--type': unknown event type 'smuggling'"),
    (("--bbox", "46,40,88"), "Invalid value for '--bbox': '46,40,88' is not four numbers"),
    (("--bbox", "west,40,88,56"), "Invalid value for '--bbox'"),
    (("--min-kg", "lots"), "Invalid value for '--min-kg'"),
    (("--format", "kml"), "Invalid value for '--format'"),
])
def test_bad_options(capsys: pytest.CaptureFixture[str], events_file: Path, tmp_path: Path,
                     args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "out.geojson"
    code, stdout, err = run(capsys, "filter", str(events_file), *args, "-o", str(out))
    assert code == 2 and stdout == ""
    assert err.startswith(f"geoevents: error: {message}") and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(("change", "message"), [
    ("no properties", "line 10, column 2: feature 10: Feature without properties"),
    ("coordinates", "line 10, column 2: feature 10: coordinates out of range: [-149.9, 91.0]"),
    ("type", "line 10, column 2: feature 10: unknown event_type 'smuggling'"),
])
def test_bad_features(capsys: pytest.CaptureFixture[str], tmp_path: Path, change: str,
                      message: str) -> None:
    path = _bad_feature_file(tmp_path, change)
    out = tmp_path / "out.geojson"
    code, _, err = run(capsys, "filter", str(path), "-o", str(out))
    assert code == 2
    assert err.startswith(f"geoevents: error: {path}: {message}") and err.count("\n") == 1
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize(("content", "message"), [
    (b'{"type": "FeatureCollection", "features": [\n  {"type": "Feature",\n  "geometry": null'
     b'\n  "properties": {}}]}', "line 4, column 3: malformed JSON: Expecting ',' delimiter"),
    (b"", "empty input"),
    (b"\x00\x01\x02binary", "binary data (NUL byte)"),
    (b"\xff\xfe{\x00}\x00", "not UTF-8 text"),
])
def test_malformed_input_files(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               content: bytes, message: str) -> None:
    path = tmp_path / "in.geojson"
    path.write_bytes(content)
    code, _, err = run(capsys, "filter", str(path), "-o", str(tmp_path / "out.geojson"))
    assert code == 2 and err.startswith(f"geoevents: error: {path}: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out.geojson").exists()


def test_missing_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "filter", str(tmp_path / "nope.geojson"))
    assert code == 2 and err.startswith("geoevents: error: ") and "No such file" in err
    # no implicit stdin: a bare `geoevents filter` must not sit waiting on a terminal
    assert run(capsys, "filter") == (2, "", "geoevents: error: Missing argument 'INPUT'.\n")


# --- atomicity -------------------------------------------------------------------------

def test_failed_run_keeps_the_old_output(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    out.write_text("previous good output\n", encoding="utf-8")
    bad = _bad_feature_file(tmp_path, "coordinates")  # the error comes after 9 good events
    code, _, _ = run(capsys, "filter", str(bad), "-o", str(out))
    assert code == 2
    assert out.read_text(encoding="utf-8") == "previous good output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([bad.name, out.name])


def test_sigkill_mid_write_leaves_the_old_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    out.write_bytes(b"previous good output\n")
    proc, temp = start_stalled_filter(tmp_path, out)
    proc.kill()
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes() == b"previous good output\n"
    # SIGKILL allows no clean-up: the partial temp file may stay, hidden beside the target,
    # and is never mistaken for output.
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p != out)
    assert leftovers in ([], [temp.name])
    assert temp.name.startswith(".out.geojson.")


def test_interrupt_mid_write_removes_the_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    out.write_bytes(b"previous good output\n")
    proc, _ = start_stalled_filter(tmp_path, out)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip() == "geoevents: aborted"  # click turns ^C into Abort
    assert out.read_bytes() == b"previous good output\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_completed_run_replaces_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    out.write_bytes(b"previous good output\n")
    proc, _ = start_stalled_filter(tmp_path, out)
    _, err = proc.communicate(timeout=60)  # closes stdin: the input ends normally
    assert proc.returncode == 0, err
    assert sum(1 for _ in read_events(str(out))) == 100 * len(all_features())
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "filter", "--help")
    assert code == 0 and "Examples:" in out and "--from 2008-03 --to 2008-03" in out


def test_output_onto_a_fifo_streams_to_its_reader(capsys: pytest.CaptureFixture[str],
                                                  events_file: Path, tmp_path: Path) -> None:
    import os
    import stat
    import threading

    fifo = tmp_path / "events.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run(capsys, "filter", str(events_file), "-o", str(fifo))
    reader.join(timeout=10)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["type"] == "FeatureCollection"
