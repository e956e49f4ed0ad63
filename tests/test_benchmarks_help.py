"""Every benchmark script answers --help, and `make bench`'s summary table reads what they write.

Running the benchmarks is `make bench`'s job, not the tests': here only their --help (a
usage line and a description of what each measures) and the summary table, from files
written by hand.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("*.py"))


def test_there_are_benchmark_scripts() -> None:
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_each_benchmark_answers_help(script: Path) -> None:
    result = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                            text=True, timeout=120, cwd=script.parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: "), result.stdout[:200]
    description = result.stdout.split("\n\n")[1].strip()  # the paragraph after the usage
    assert len(description) > 30 and not description.startswith(("options:", "positional"))


def _summary(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCHMARKS / "summary.py"), str(folder)],
                          capture_output=True, text=True, timeout=60)


def test_summary_prints_one_table_and_marks_skips_and_failures(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import summary
    finally:
        sys.path.remove(str(BENCHMARKS))
    summary.write(tmp_path / "filter_stream.json", "filter_stream", [summary.Row(
        figure="filter events/s", value="150,000 /s", peer="json.loads loop",
        peer_value="80,000 /s", ratio=1.875, goal=">= 100,000/s", met=True)])
    summary.skip(tmp_path / "map_scale.json", "map_scale", "no Chromium at /usr/bin/chromium")
    for name in ("filter_stream", "map_scale", "real_reports"):
        (tmp_path / f"{name}.rc").write_text("0\n")
    (tmp_path / "real_reports.log").write_text("table\nall  0.40  0.42\n\n")
    result = _summary(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("benchmark") and "peer" in line and "ratio" in line for line in lines)
    row = next(line for line in lines if line.startswith("filter_stream"))
    assert "150,000 /s" in row and "x1.88" in row and "met" in row
    assert "skipped: no Chromium" in next(line for line in lines if line.startswith("map_scale"))
    assert "all  0.40  0.42" in next(line for line in lines if line.startswith("real_reports"))

    (tmp_path / "adversarial.rc").write_text("1\n")
    failed = _summary(tmp_path)
    assert failed.returncode == 1
    assert "FAILED (exit 1)" in next(l for l in failed.stdout.splitlines() if l.startswith("adversarial"))


def test_summary_json_is_plain_json(tmp_path: Path) -> None:
    """What a benchmark writes is readable without the summary module."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import summary
    finally:
        sys.path.remove(str(BENCHMARKS))
    summary.write(tmp_path / "x.json", "x", [summary.Row(figure="f", value="1 s")])
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data == {"benchmark": "x", "status": "ok", "note": "",
                    "rows": [{"figure": "f", "value": "1 s"}]}
