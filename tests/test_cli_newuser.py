"""The command line as a new user meets it: honest date filters, no partial output,
inputs recognised by content, --verbose anywhere, -o everywhere, one meaning of character
offsets, titles as people write quantities, and maps that are safe to share.

Every failure is checked for exit status 2, one line on stderr and nothing written
anywhere, stdout included.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geoevents.export import write_events
from test_export_fixtures import DOCUMENTS, all_features
from cli_run import MAIN, refused, run  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "geoevents" / "data" / "example_report.txt"


def payload(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="geoevents-data">(.*?)</script>', text, re.S)
    assert block is not None
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip(f"reference cable not present at {SEED}")
    out = tmp_path_factory.mktemp("seed") / "seed.geojson"
    result = subprocess.run([sys.executable, "-c", MAIN, "extract", str(SEED), "--offline",
                             "--jobs", "1", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "all.geojson"
    write_events(all_features(), DOCUMENTS, str(path), "geojson")
    return path


# --- honest date filters -------------------------------------------------------------

def test_seed_march_keeps_the_events_of_march(capsys: pytest.CaptureFixture[str], seed_events: Path,
                                              tmp_path: Path) -> None:
    out = tmp_path / "march.geojson"
    code, stdout, err = run(capsys, "filter", str(seed_events), "--from", "2008-03", "--to", "2008-03",
                            "-o", str(out))
    assert code == 0 and stdout == ""
    kept = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(kept) == 2
    assert all("2008-03-01" <= f["properties"]["start"] <= f["properties"]["end"] <= "2008-03-31"
               for f in kept)
    assert err.startswith("geoevents filter: kept 2 of 91 events (20 date); 69 dated only to a longer "
                          "period overlapping the range not included (54 to the year 2008, ")
    assert err.rstrip().endswith("; --overlap keeps them") and err.count("\n") == 1
    code, _, err = run(capsys, "filter", str(seed_events), "--from", "2008-03", "--to", "2008-03",
                       "--overlap", "-o", str(out))
    assert code == 0 and err == "geoevents filter: kept 71 of 91 events (20 date)\n"


def test_readme_example_of_the_date_filter_is_true(capsys: pytest.CaptureFixture[str],
                                                   seed_events: Path, tmp_path: Path) -> None:
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "geoevents filter events.geojson --from 2008-03 --to 2008-03 -o march.geojson" in readme
    claim = re.search(r"keeps the (\d+) events of March 2008 in the reference cable", readme)
    assert claim, "the README states what the March filter keeps"
    coarse = re.search(r"leaves out the (\d+) dated only", readme)
    assert coarse
    out = tmp_path / "march.geojson"
    code, _, err = run(capsys, "filter", str(seed_events), "--from", "2008-03", "--to", "2008-03",
                       "-o", str(out))
    assert code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == int(claim.group(1))
    assert f"; {coarse.group(1)} dated only" in err


def test_every_date_filtering_command_defaults_to_within(capsys: pytest.CaptureFixture[str],
                                                          events_file: Path, tmp_path: Path) -> None:
    for command in ("filter", "map", "export", "extract"):
        code, out, _ = run(capsys, command, "--help")
        flat = " ".join(out.split())
        assert code == 0 and "--within / --overlap" in flat and "--overlap keeps" in flat, command
    out = tmp_path / "m.html"
    code, _, err = run(capsys, "map", str(events_file), "--from", "2008-03", "--to", "2008-03",
                       "-o", str(out))
    assert code == 0 and "2 event(s) of 10" in err and "4 dated only to a longer period" in err
    assert len(payload(out)["events"]) == 2


def test_export_and_map_from_a_store_say_what_they_left_out(capsys: pytest.CaptureFixture[str],
                                                            seed_events: Path, tmp_path: Path) -> None:
    from conftest import SEED

    db = tmp_path / "events.sqlite"
    code, _, err = run(capsys, "extract", str(SEED), "--offline", "--jobs", "1", "--db", str(db))
    assert code == 0, err
    march = ("--from", "2008-03", "--to", "2008-03")
    out = tmp_path / "march.geojson"
    code, _, err = run(capsys, "export", "--db", str(db), *march, "-o", str(out))
    assert code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
    assert "; 69 dated only to a longer period" in err and err.rstrip().endswith("--overlap keeps them")
    code, _, err = run(capsys, "export", "--db", str(db), *march, "--overlap", "-o", str(out))
    assert code == 0 and len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 71
    assert "dated only" not in err
    code, _, err = run(capsys, "map", "--db", str(db), *march, "-o", str(tmp_path / "m.html"))
    assert code == 0 and "wrote" in err and "; 69 dated only" in err
    assert len(payload(tmp_path / "m.html")["events"]) == 2


# --- no partial output -----------------------------------------------------------------

def _bad_after_good(tmp_path: Path) -> Path:
    features = all_features()
    features[6]["geometry"] = {"type": "LineString", "coordinates": [[1.0, 2.0]]}
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_failed_filter_to_stdout_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = _bad_after_good(tmp_path)
    err = refused(capsys, "filter", str(bad))
    assert "feature 7" in err
    for fmt in ("geojsonseq", "csv"):
        refused(capsys, "filter", str(bad), "--format", fmt)
    # as a shell redirect leaves it: an empty file, not half a FeatureCollection
    target = tmp_path / "out.geojson"
    with target.open("wb") as handle:
        done = subprocess.run([sys.executable, "-c", MAIN, "filter", str(bad)], stdout=handle,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2 and target.stat().st_size == 0
    assert done.stderr.count("\n") == 1


def test_successful_stdout_is_complete(capsys: pytest.CaptureFixture[str], events_file: Path) -> None:
    code, out, _ = run(capsys, "filter", str(events_file))
    assert code == 0 and len(json.loads(out)["features"]) == 10


# --- inputs recognised by content ------------------------------------------------------

def test_map_reads_the_csv_export_as_events(capsys: pytest.CaptureFixture[str], events_file: Path,
                                            tmp_path: Path) -> None:
    csv_path = tmp_path / "kz.csv"
    assert run(capsys, "filter", str(events_file), "-o", str(csv_path))[0] == 0
    from_csv, from_json = tmp_path / "csv.html", tmp_path / "json.html"
    code, _, err = run(capsys, "map", str(csv_path), "-o", str(from_csv))
    assert code == 0, err
    assert run(capsys, "map", str(events_file), "-o", str(from_json))[0] == 0
    got, want = payload(from_csv)["events"], payload(from_json)["events"]
    assert sorted(e["p"]["title"] for e in got) == sorted(e["p"]["title"] for e in want)
    by_id = {e["id"]: e for e in want}
    for event in got:
        twin = by_id[event["id"]]
        assert (event["t"], event["s"], event["e"], event["k"]) == (twin["t"], twin["s"], twin["e"], twin["k"])
        assert event["g"] == twin["g"]
    # the formula guard is undone: the title reads as it was written
    assert any(e["p"]["title"].startswith("=HYPERLINK") for e in got)
    # and filter reads it too (CSV in, CSV out)
    code, _, err = run(capsys, "filter", str(csv_path), "--type", "seizure", "-o", str(tmp_path / "s.csv"))
    assert code == 0 and "kept" in err


def test_map_and_filter_read_an_event_store_given_as_input(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    assert run(capsys, "extract", str(EXAMPLE), "--offline", "--jobs", "1", "--db", str(db))[0] == 0
    out = tmp_path / "store.html"
    code, _, err = run(capsys, "map", str(db), "-o", str(out))
    assert code == 0, err
    assert payload(out)["events"] and payload(out)["documents"][0]["doc_id"] == "09ALMATY0417"
    code, stdout, _ = run(capsys, "filter", str(db), "--type", "seizure")
    assert code == 0 and {f["properties"]["event_type"] for f in json.loads(stdout)["features"]} == {"seizure"}


@pytest.mark.parametrize("name, content, command, reason", [
    ("other.csv", "a,b,c\n1,2,3\n", "map", "not a geoevents CSV export"),
    ("places.json", '[{"text": "Osh"}]', "map", "a JSON list, not GeoJSON events"),
    ("cable.txt", "UNCLAS ASTANA 002380\nSUBJECT: test\n\n1. Heroin was seized.\n", "filter",
     "a text report, not events"),
    ("fake.sqlite", "SQLite format 3\x00" + "x" * 200, "map", "event store"),
    ("other.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', "map",
     "Feature without properties"),
])
def test_a_wrong_input_is_one_line_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                     name: str, content: str, command: str,
                                                     reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / ("out.html" if command == "map" else "out.geojson")
    err = refused(capsys, command, str(path), "-o", str(out))
    assert name in err and reason in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    if command == "filter":
        refused(capsys, command, str(path))  # to stdout: nothing there either


def test_map_with_the_csv_export_and_a_report_reads_both(capsys: pytest.CaptureFixture[str],
                                                        events_file: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "kz.csv"
    assert run(capsys, "filter", str(events_file), "-o", str(csv_path))[0] == 0
    out = tmp_path / "both.html"
    code, _, err = run(capsys, "map", str(csv_path), str(EXAMPLE), "--offline", "-o", str(out))
    assert code == 0, err
    docs = {d["doc_id"] for d in payload(out)["documents"]}
    assert "09ALMATY0417" in docs and len(payload(out)["events"]) > 10


# --- --verbose anywhere, -o everywhere ---------------------------------------------------

def test_verbose_after_the_command(capsys: pytest.CaptureFixture[str], events_file: Path,
                                   tmp_path: Path) -> None:
    code, out, _ = run(capsys, "filter", str(events_file), "--verbose", "--type", "seizure")
    assert code == 0 and json.loads(out)["features"]
    code, out, _ = run(capsys, "gazetteer", "lookup", "Taraz", "-v")
    assert code == 0 and json.loads(out)[0]["name"] == "Taraz"
    code, out, err = run(capsys, "filter", str(_bad_after_good(tmp_path)), "--verbose")
    assert code == 2 and out == "" and "Traceback" in err and err.rstrip().splitlines()[-1].startswith(
        "geoevents: error: ")
    code, out, _ = run(capsys, "dates", "--help")
    assert "--verbose" in out


@pytest.mark.parametrize("command", ["inspect", "dates", "places", "extract", "filter", "map", "export"])
def test_every_writing_command_has_o(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "-o, --output" in out and "Examples:" in out


def test_inspect_writes_to_o(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "docs.json"
    code, stdout, err = run(capsys, "inspect", str(EXAMPLE), "--format", "json", "-o", str(out))
    assert code == 0 and stdout == "", err
    assert json.loads(out.read_text(encoding="utf-8"))[0]["doc_id"] == "09ALMATY0417"
    refused(capsys, "inspect", str(EXAMPLE), "-o", str(EXAMPLE))  # never over its input


# --- one meaning of character offsets --------------------------------------------------

def test_char_offsets_are_file_offsets_in_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")

    def same(a: str, b: str) -> bool:
        return " ".join(a.split()) == " ".join(b.split())

    code, out, _ = run(capsys, "dates", str(EXAMPLE))
    dates = json.loads(out)
    assert code == 0 and dates
    for r in dates:
        assert same(text[r["char_start"]:r["char_end"]], r["text"]), r
        assert r["para_end"] - r["para_start"] == len(r["text"])
    code, out, _ = run(capsys, "places", str(EXAMPLE), "--offline")
    places = json.loads(out)
    assert code == 0 and places
    for r in places:
        assert same(text[r["char_start"]:r["char_end"]], r["text"]), r
    code, out, _ = run(capsys, "inspect", str(EXAMPLE), "--format", "json")
    paragraphs = json.loads(out)[0]["paragraphs"]
    for r in dates + places:  # each inside its paragraph, as the file counts
        para = next(p for p in paragraphs if p["number"] == r["paragraph"])
        assert para["char_start"] <= r["char_start"] < r["char_end"] <= para["char_end"], r


# --- titles ------------------------------------------------------------------------------

def test_titles_print_quantities_as_people_write_them() -> None:
    from geoevents.events.titles import title_for
    from geoevents.model import Event, Quantity

    def title(*drugs: Quantity, kind: str = "statistic") -> str:
        return title_for(Event(kind, "", "d", date(2008, 1, 1), 1, "s", 0, 1, drugs=drugs))

    assert title(Quantity("marijuana", 145000, "ton", 145_000_000.0)) == "Statistic \u2014 145,000 t marijuana"
    assert title(Quantity("heroin", 21.787, "ton", 21_787.0)) == "Statistic \u2014 21.8 t heroin"
    assert title(Quantity("heroin", 537, "kg", 537.0)) == "Statistic \u2014 537 kg heroin"
    assert title(Quantity("ecstasy", 500, "dose", None)) == "Statistic \u2014 500 doses of ecstasy"
    assert title(Quantity("ecstasy", 1, "pill", None)) == "Statistic \u2014 1 pill of ecstasy"
    assert "e+" not in title(Quantity("hashish", 6e9, "ton", 6e12))


def test_no_seed_title_has_an_exponent(seed_events: Path) -> None:
    titles = [f["properties"]["title"] for f in json.loads(seed_events.read_text(encoding="utf-8"))["features"]]
    assert titles and not [t for t in titles if re.search(r"\de[+-]\d", t)]
    assert any("145,000 t marijuana" in t for t in titles)


# --- maps that are safe to share ----------------------------------------------------------

def test_default_map_names_documents_by_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    private = tmp_path / "home" / "alice" / "cases"
    private.mkdir(parents=True)
    report = private / "report.txt"
    report.write_bytes(EXAMPLE.read_bytes())
    shared, personal = tmp_path / "shared.html", tmp_path / "personal.html"
    assert run(capsys, "map", str(report), "--offline", "-o", str(shared))[0] == 0
    html = shared.read_text(encoding="utf-8")
    assert str(private) not in html and "alice" not in html
    assert [d["path"] for d in payload(shared)["documents"]] == ["report.txt"]
    assert run(capsys, "map", str(report), "--offline", "--source-paths", "-o", str(personal))[0] == 0
    assert [d["path"] for d in payload(personal)["documents"]] == [str(report)]
    code, out, _ = run(capsys, "map", "--help")
    assert "--source-paths" in out and "file name" in out


def test_file_name_of_any_path() -> None:
    from geoevents.render import file_name

    assert file_name("/home/a/report.txt") == "report.txt"
    assert file_name("C:\\Users\\a\\report.txt") == "report.txt"
    assert file_name("report.txt") == "report.txt"
    assert file_name("reports/") == "reports"


def test_cdn_help_says_how_much_it_saves(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "map", "--help")
    assert code == 0 and "about a tenth of the file" in " ".join(out.split())


def test_extract_says_how_many_coarser_events_it_left_out(tmp_path):
    import subprocess
    import sys

    report = tmp_path / "r.txt"
    report.write_text("In 2008 police in Osh seized 5 kg of heroin. On 3 March 2008 police in Taraz seized "
                      "2 kg of hashish.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "from geoevents.cli import main; main()", "extract", str(report),
                          "--offline", "--jobs", "1", "--from", "2008-03", "--to", "2008-03",
                          "-o", str(tmp_path / "m.geojson")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "1 dated only to a longer period overlapping the range not included" in run.stderr
    assert "--overlap keeps them" in run.stderr
