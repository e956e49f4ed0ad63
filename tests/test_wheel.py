"""The built wheel works from any directory: data files come from importlib.resources."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_runs_from_a_temp_directory(tmp_path):
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
                   cwd=REPO, check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("geoevents-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "geoevents/data/example_report.txt" in names
    assert not any(n.startswith("tests/") for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    code = ("import geoevents, sys, json\n"
            "from importlib.resources import files\n"
            "print(json.dumps({'file': geoevents.__file__,"
            " 'example': files('geoevents').joinpath('data/example_report.txt').is_file()}))")
    where = json.loads(subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env,
                                      capture_output=True, text=True, check=True).stdout)
    assert where["file"].startswith(str(target)) and where["example"]
    example = target / "geoevents" / "data" / "example_report.txt"
    out = subprocess.run([sys.executable, "-m", "geoevents.cli", "inspect", str(example), "--format", "json"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["doc_id"] == "09ALMATY0417"
