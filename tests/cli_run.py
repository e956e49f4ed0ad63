"""Running the command line in-process, as the CLI tests do, with the user-error checks."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geoevents.cli import main
from test_export_fixtures import all_features

RS = "\x1e"

MAIN = "from geoevents.cli import main; main()"  # for tests that need a separate process


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``geoevents ARGS``."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """A run that must fail as a user error: exit 2, one line, no stdout, no traceback, no
    'skipped' line before it; returns the line."""
    code, out, err = run(capsys, *args)
    assert code == 2, err
    assert out == "" and err.count("\n") == 1 and err.startswith("geoevents: error: "), err
    assert "Traceback" not in err and "skipped" not in err
    return err


def start_stalled_filter(tmp_path: Path, out: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """A filter run reading a pipe that stalls after enough events to be mid-write."""
    proc = subprocess.Popen([sys.executable, "-c", MAIN, "filter", "-", "-o", str(out)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    record = "".join(f"{RS}{json.dumps(f)}\n" for f in all_features()).encode("utf-8")
    for _ in range(100):
        proc.stdin.write(record)
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until part of the new output is on disk
        temps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if temps and temps[0].stat().st_size > 0:
            return proc, temps[0]
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the filter never started writing")
