"""The CLI shell: help, version, lazy imports, one-line errors, inspect output, the shim."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "geoevents" / "data" / "example_report.txt"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "cli.py"), *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def test_help_lists_commands_with_examples_and_imports_nothing_heavy():
    code = ("import sys\nfrom geoevents.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('folium','dateparser','shapely','geopy','charset_normalizer','msgspec') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "inspect" in out.stdout and "Examples:" in out.stdout
    assert "HEAVY []" in out.stdout


def test_version():
    out = run("--version")
    assert out.returncode == 0 and b"geoevents, version" in out.stdout


def test_missing_file_is_one_line_exit_2():
    out = run("inspect", "no-such-report.txt")
    assert out.returncode == 2
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "no-such-report.txt" in lines[0] and "Traceback" not in lines[0]


def test_bad_option_is_one_line_exit_2():
    out = run("inspect", str(EXAMPLE), "--format", "xml")
    assert out.returncode == 2
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "--format" in lines[0]
    out = run("inspect", str(EXAMPLE), "--doc-date", "2008-13-40")
    assert out.returncode == 2 and "--doc-date" in out.stderr.decode()


def test_bad_file_in_batch_is_reported_and_the_rest_goes_through(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\xff\x00binary")
    out = run("inspect", str(bad), str(EXAMPLE), "--format", "json")
    assert out.returncode == 0
    records = json.loads(out.stdout)
    assert [r["doc_id"] for r in records] == ["09ALMATY0417"]
    assert "scan.txt" in out.stderr.decode() and "binary" in out.stderr.decode()


def test_inspect_json_shape_and_stdin():
    out = run("inspect", "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert out.returncode == 0, out.stderr
    (record,) = json.loads(out.stdout)
    assert set(record) >= {"doc_id", "doc_date", "title", "origin", "classification", "tags",
                           "path", "sha256", "paragraphs"}
    assert record["doc_id"] == "09ALMATY0417" and record["doc_date"] == "2009-11-20"
    assert record["tags"] == ["SNAR", "KCRM", "PGOV", "KZ", "KG"]
    assert [p["number"] for p in record["paragraphs"]] == list(range(1, 13))
    para = record["paragraphs"][2]
    assert set(para) >= {"number", "heading", "classification", "char_start", "char_end", "sentences"}
    assert para["heading"] == "SEIZURES"
    assert set(para["sentences"][0]) == {"text", "char_start", "char_end"}


def test_inspect_text_on_the_seed(seed_path):
    out = run("inspect", str(seed_path))
    assert out.returncode == 0
    text = out.stdout.decode()
    assert "08ASTANA2380" in text and "2008-12-02" in text and "ASTANA 0000" not in text
