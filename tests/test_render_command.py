"""`geoevents map`: inputs, default output, filters, title, CDN variant, errors."""
from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from geoevents.cli import main
from geoevents.commands.map import default_output, is_geojson_input


import test_render_samples as S  # noqa: E402  (tests/ is on sys.path, as for test_export_fixtures)
EXAMPLE = Path(__file__).resolve().parents[1] / "geoevents" / "data" / "example_report.txt"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def payload(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="geoevents-data">(.*?)</script>', text, re.S)
    assert block is not None
    return json.loads(block.group(1))


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    """Model-made sample events as `geoevents extract` writes them (contract-valid)."""
    features = [e.to_feature() for e in S.model_events()]
    path = tmp_path / "kz events.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "documents": S.DOCUMENTS,
                                "features": features}), encoding="utf-8")
    return path


def test_default_output_is_maps_stem_html(events_file: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["map", str(events_file)], capsys)
    assert code == 0, err
    written = tmp_path / "maps" / "kz events.html"
    assert written.is_file()
    assert f"wrote {Path('maps') / 'kz events.html'}: 10 event(s) of 10, 1 unplaced, 1 document(s)" in err
    assert len(payload(written)["events"]) == 10


def test_default_output_names() -> None:
    assert default_output("reports/") == str(Path("maps") / "reports.html")
    assert default_output("-") == str(Path("maps") / "stdin.html")
    assert default_output("a/b/cable.txt") == str(Path("maps") / "cable.html")


def test_filters_title_and_cdn(events_file: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "f.html"
    code, _, err = run(["map", str(events_file), "-o", str(out), "--type", "seizure",
                        "--from", "2008", "--to", "2008-12", "--title", "Seizures <2008>"], capsys)
    assert code == 0, err
    data = payload(out)
    assert sorted(e["p"]["title"] for e in data["events"]) == sorted(
        ["Heroin seized at Shymkent", S.INJECT_TITLE])
    assert data["title"] == "Seizures <2008>"
    assert "<title>Seizures &lt;2008&gt;</title>" in out.read_text(encoding="utf-8")
    small = tmp_path / "cdn.html"
    code, _, err = run(["map", str(events_file), "-o", str(small), "--cdn"], capsys)
    assert code == 0, err
    assert small.stat().st_size < out.stat().st_size - 100_000
    assert 'integrity="sha384-' in small.read_text(encoding="utf-8")


def test_bad_filter_value_is_a_usage_error(events_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["map", str(events_file), "-o", str(tmp_path / "x.html"), "--type", "smuggling"],
                       capsys)
    assert code == 2 and err.count("\n") == 1 and "smuggling" in err
    assert not (tmp_path / "x.html").exists()


def test_bad_input_skipped_in_a_batch(events_file: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature"', encoding="utf-8")
    out = tmp_path / "m.html"
    code, _, err = run(["map", str(bad), str(events_file), "-o", str(out)], capsys)
    assert code == 0
    assert "skipped" in err and "broken.geojson" in err
    assert len(payload(out)["events"]) == 10


def test_input_failing_half_way_adds_none_of_its_events(events_file: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Events go into the map as they are read; those of a file that then fails are
    taken back, so the map and its summary line hold only the good file's events."""
    good = json.loads(events_file.read_text(encoding="utf-8"))["features"]
    text = json.dumps({"type": "FeatureCollection", "features": good[:6]})
    half = tmp_path / "half.geojson"
    half.write_text(text[:-2] + ', {"type": "Feature"', encoding="utf-8")  # 6 fine, then cut off
    out = tmp_path / "m.html"
    code, _, err = run(["map", str(half), str(events_file), "-o", str(out)], capsys)
    assert code == 0
    assert "half.geojson" in err and "10 event(s) of 10" in err
    events = payload(out)["events"]
    assert len(events) == 10 and not any(e["id"].endswith("~2") for e in events)


def test_only_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.geojson"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(["map", str(bad), "-o", str(tmp_path / "m.html")], capsys)
    assert code == 2 and "broken.geojson" in err
    assert not (tmp_path / "m.html").exists()
    code, _, err = run(["map", str(tmp_path / "missing.geojson"), "-o", str(tmp_path / "m.html")], capsys)
    assert code == 2 and err.count("\n") == 1 and "missing.geojson" in err


def test_reads_geojson_from_stdin(events_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    raw = events_file.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    out = tmp_path / "stdin.html"
    code, _, err = run(["map", "-", "-o", str(out)], capsys)
    assert code == 0, err
    assert len(payload(out)["events"]) == 10


def test_open_launches_a_browser_on_the_file(events_file: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda uri: opened.append(uri) or True)
    out = tmp_path / "open.html"
    code, _, _ = run(["map", str(events_file), "-o", str(out), "--open"], capsys)
    assert code == 0 and opened == [out.resolve().as_uri()]


def test_report_inputs_are_extracted_on_the_fly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "example.html"
    code, _, err = run(["map", str(EXAMPLE), "--offline", "-o", str(out)], capsys)
    assert code == 0, err
    data = payload(out)
    assert data["documents"] and data["documents"][0]["path"].endswith("example_report.txt")
    assert data["events"], "the bundled example report yields events"
    assert all(e["p"]["doc_id"] == data["documents"][0]["doc_id"] for e in data["events"])


def test_geojson_detection(tmp_path: Path, events_file: Path) -> None:
    sniffed = tmp_path / "events.txt"
    sniffed.write_bytes(b"\xef\xbb\xbf  " + events_file.read_bytes())
    report = tmp_path / "cable.txt"
    report.write_text("UNCLAS ASTANA 002380\nSUBJECT: test\n", encoding="utf-8")
    assert is_geojson_input(str(events_file)) and is_geojson_input(str(sniffed)) and is_geojson_input("-")
    assert not is_geojson_input(str(report)) and not is_geojson_input(str(tmp_path))


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["map", "--help"], capsys)
    assert code == 0 and "Examples:" in out and "geoevents map events.geojson" in out


def test_map_reads_an_event_store_with_sql_filters(tmp_path):
    import subprocess
    import sys as _sys

    db = tmp_path / "events.sqlite"
    base = [_sys.executable, "-m", "geoevents.cli"]
    subprocess.run(base + ["extract", str(EXAMPLE), "--offline", "--db", str(db)],
                   check=True, capture_output=True, timeout=300)
    out = tmp_path / "seizures.html"
    run = subprocess.run(base + ["map", "--db", str(db), "--type", "seizure", "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    data = payload(out)
    types = {e["t"] for e in data["events"]}
    assert types == {"seizure"} and len(data["events"]) >= 1
    assert [d["doc_id"] for d in data["documents"]] == ["09ALMATY0417"]
    missing = subprocess.run(base + ["map"], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "--db" in missing.stderr
