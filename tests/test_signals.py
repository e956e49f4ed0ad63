"""SIGTERM/SIGHUP stop a run as cleanly as Ctrl-C; workers never outlive the main process.

Every test drives a real `geoevents` process and polls with bounded timeouts.  The
extract runs use a stand-in extractor (written beside the reports) that gives one
event per paragraph, records each worker's pid, and stalls for ten minutes on a report
containing STALL, so the run is caught mid-write with busy workers.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_export_fixtures import all_features
from cli_run import start_stalled_filter

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

RS = "\x1e"
MAIN = "from geoevents.cli import main; main()"
STALLING_EXTRACTOR = '''
import os, time
from pathlib import Path
from geoevents.model import Event

def events(doc, geocoder=None):
    Path(os.environ["WORKER_PIDS"], str(os.getpid())).touch()
    if "STALL" in doc.text:
        time.sleep(600)
    return [Event(event_type="other", title=p.text[:30], doc_id=doc.doc_id, doc_date=None,
                  paragraph=p.number, sentence=p.text, char_start=p.char_start,
                  char_end=p.char_end) for p in doc.paragraphs]
'''
# Runs the CLI with the stand-in extractor; the workers are forked, so they see it too.
EXTRACT_MAIN = ("import sys, stalling, geoevents.batch as b; "
                "b._default_events_fn = lambda: stalling.events; " + MAIN)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


@pytest.fixture()
def reap_workers():
    """Kill what a failing test leaves: the stalled workers it recorded (ours only)."""
    folders: list[Path] = []
    yield folders.append
    for folder in folders:
        for entry in folder.iterdir():
            pid = int(entry.name)
            try:
                if _alive(pid) and b"stalling" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting until {what}")


def _handles(pid: int, signum: int) -> bool:
    """True once ``pid`` catches ``signum`` (its handlers are installed); after a
    second where the kernel does not say (no /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    except OSError:
        pass
    time.sleep(1.0)
    return True


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _start_stalled_extract(tmp_path: Path, out: Path, *extra: str
                           ) -> tuple[subprocess.Popen[bytes], Path]:
    """`extract reports/ --jobs 2 -o out` writing its output, both workers stuck on STALL."""
    reports = tmp_path / "reports"
    reports.mkdir()
    paragraph = "Police in Osh seized heroin and arrested two couriers near the border. " * 4
    for number in range(60):
        text = "\n\n".join(f"{i}. {paragraph}" for i in range(1, 21)) + "\n"
        (reports / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    for number in (60, 61):
        (reports / f"{number:03d}.txt").write_text(f"1. STALL {paragraph}\n", encoding="utf-8")
    (tmp_path / "stalling.py").write_text(STALLING_EXTRACTOR, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "WORKER_PIDS": str(pids),
           "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", EXTRACT_MAIN, "extract", str(reports),
                             "--offline", "--jobs", "2", "--doc-timeout", "0", "-o", str(out),
                             *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_until(lambda: len(list(pids.iterdir())) >= 2 and _temps(out.parent)
                    and _temps(out.parent)[0].stat().st_size > 0,
                    60, "both workers ran and the output was being written")
    except AssertionError:
        proc.kill()
        raise
    time.sleep(0.5)  # the last reports reach the workers, which stall on them
    return proc, pids


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_term_or_hup_during_extract_removes_the_temp_file_and_stops_the_workers(
        tmp_path: Path, signum: int, reap_workers) -> None:
    out = tmp_path / "out" / "events.geojson"
    out.parent.mkdir()
    out.write_bytes(b"previous good output\n")
    proc, pids = _start_stalled_extract(tmp_path, out)
    reap_workers(pids)
    workers = [int(p.name) for p in pids.iterdir()]
    assert all(_alive(pid) for pid in workers)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum
    assert err.decode().strip().splitlines()[-1] == (
        f"geoevents: stopped by {signal.Signals(signum).name}")
    assert out.read_bytes() == b"previous good output\n"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no .tmp left
    _wait_until(lambda: not any(_alive(pid) for pid in workers), 10, "the workers exited")


def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path, reap_workers) -> None:
    out = tmp_path / "events.geojson"
    proc, pids = _start_stalled_extract(tmp_path, out)
    reap_workers(pids)
    workers = [int(p.name) for p in pids.iterdir()]
    proc.kill()  # SIGKILL: no handler runs in the main process
    proc.wait(timeout=30)
    _wait_until(lambda: not any(_alive(pid) for pid in workers), 10,
                "the orphaned workers exited")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_term_or_hup_during_filter_removes_the_temp_file(tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out.geojson"
    out.write_bytes(b"previous good output\n")
    proc, _ = start_stalled_filter(tmp_path, out)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum
    assert err.decode().strip() == f"geoevents: stopped by {signal.Signals(signum).name}"
    assert out.read_bytes() == b"previous good output\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_hangup_ignored_by_nohup_stays_ignored(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    code = ("import signal; signal.signal(signal.SIGHUP, signal.SIG_IGN); " + MAIN)
    proc = subprocess.Popen([sys.executable, "-c", code, "filter", "-", "-o", str(out)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write("".join(f"{RS}{json.dumps(f)}\n" for f in all_features()).encode())
    proc.stdin.flush()
    _wait_until(lambda: _handles(proc.pid, signal.SIGTERM), 30, "the handlers were installed")
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=30)  # closes stdin: the run completes
    assert proc.returncode == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_term_during_map_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    proc = subprocess.Popen([sys.executable, "-c", MAIN, "map", "-", "-o", str(out)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write("".join(f"{RS}{json.dumps(f)}\n" for f in all_features()).encode())
    proc.stdin.flush()  # and left open: the map waits for the rest of its input
    _wait_until(lambda: _handles(proc.pid, signal.SIGTERM), 30, "the handlers were installed")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.decode().strip() == "geoevents: stopped by SIGTERM"
    assert list(tmp_path.iterdir()) == []


def test_main_gives_the_handlers_back(capsys: pytest.CaptureFixture[str]) -> None:
    from geoevents.cli import main

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before
    capsys.readouterr()
