"""`geoevents dates`: JSON and table output, source offsets, bad options and inputs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CABLE = """\
Identifier
Created
09TEST0001
2009-02-10 08:00:00
UNCLAS SECTION 01 OF 01 TEST 000001
SUBJECT: TEST: SEIZURES
1. (SBU) In March, officers seized 264 kilos of heroin near Panj.
The Kanal-2008 operation followed on
September 15-23, 2008.
2. (SBU) Six days later, 12 kilos were found. Fines reach $10,000.
"""


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "cli.py"), "dates", *args], input=stdin,
                          capture_output=True, timeout=120)


def test_json_records_with_paragraphs_and_source_offsets(tmp_path):
    path = tmp_path / "cable.txt"
    path.write_text(CABLE, encoding="utf-8")
    out = run(str(path))
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert [(r["paragraph"], r["text"], r["start"], r["end"], r["anchor"]) for r in records] == [
        (1, "March", "2008-03-01", "2008-03-31", "document"),
        (1, "September 15-23, 2008", "2008-09-15", "2008-09-23", "absolute"),
        (2, "Six days later", "2008-09-29", "2008-09-29", "previous"),
    ]
    assert set(records[0]) == {"text", "paragraph", "char_start", "char_end", "start", "end", "precision",
                               "anchor", "doc_id", "para_start", "para_end", "source_start", "source_end"}
    assert records[0]["doc_id"] == "09TEST0001"
    text = path.read_text(encoding="utf-8")
    for r in records:  # char_start/char_end are file offsets, as in places and extract
        assert " ".join(text[r["char_start"]:r["char_end"]].split()) == r["text"]
        assert (r["source_start"], r["source_end"]) == (r["char_start"], r["char_end"])
        assert r["para_end"] - r["para_start"] <= r["char_end"] - r["char_start"]


def test_table_and_doc_date_for_plain_text():
    out = run("-", "--format", "table", "--doc-date", "2008-12-02",
              stdin=b"In March police seized heroin; on March 20 and six days later they struck again.\n")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert "doc_date=2008-12-02" in lines[0]
    assert lines[2].split()[2:6] == ["2008-03-01", "2008-03-31", "month", "document"]
    assert lines[3].split()[2:6] == ["2008-03-20", "2008-03-20", "day", "document"]
    assert lines[4].split()[2:6] == ["2008-03-26", "2008-03-26", "day", "previous"]


def test_without_a_date_relative_expressions_are_unanchored():
    out = run("-", stdin=b"In March police seized heroin. On June 26, 2007 a law was signed.\n")
    records = json.loads(out.stdout)
    assert [(r["start"], r["end"], r["anchor"]) for r in records] == [
        (None, None, "unanchored"), ("2007-06-26", "2007-06-26", "absolute")]


def test_bad_doc_date_is_one_line_exit_2():
    out = run("-", "--doc-date", "2008-02-30", stdin=b"In March.\n")
    assert out.returncode == 2
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "--doc-date" in lines[0]


def test_bad_file_in_a_batch_is_reported_and_the_rest_goes_through(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(CABLE, encoding="utf-8")
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\xff\x00binary")
    out = run(str(bad), str(good), "-o", str(tmp_path / "dates.json"))
    assert out.returncode == 0, out.stderr
    assert "scan.txt" in out.stderr.decode()
    records = json.loads((tmp_path / "dates.json").read_text(encoding="utf-8"))
    assert {r["doc_id"] for r in records} == {"09TEST0001"}


def test_directory_with_glob(tmp_path):
    (tmp_path / "a.cable").write_text(CABLE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Nothing dated here.\n", encoding="utf-8")
    out = run(str(tmp_path), "--glob", "*.cable")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 3


def test_help_has_examples():
    out = run("--help")
    assert out.returncode == 0 and b"Examples:" in out.stdout and b"geoevents dates" in out.stdout


def test_dates_reads_a_russian_report_in_russian(tmp_path):
    # the stage command reads each paragraph in its own language, as `extract` does
    path = tmp_path / "ru.txt"
    path.write_text("Курьера задержали 14 марта 2022 года на границе.\n", encoding="utf-8")
    out = run(str(path))
    assert out.returncode == 0, out.stderr
    assert [(d["text"], d["start"], d["end"]) for d in json.loads(out.stdout)] == [
        ("14 марта 2022 года", "2022-03-14", "2022-03-14")]
