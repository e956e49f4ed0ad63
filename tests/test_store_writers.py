"""Two `extract --db` runs on one store, as separate processes: the second says once that it
waits and for which PID, waits, then stores only what the first did not; `--db-wait 0`
exits 2 at once.  The first run is held open deterministically: it reads its report from
a pipe the test closes when it chooses (a run takes the store before reading its inputs)."""
from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geoevents import store_lock
from geoevents.store import open_store
from test_store import cable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_corpus  # noqa: E402

MAIN = "from geoevents.cli import main; main()"
pytestmark = pytest.mark.skipif(store_lock.fcntl is None, reason="no flock on this platform")


def start(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", MAIN, *args], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stderr_lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The process's stderr, line by line as it comes (None at the end)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def holding_run(db: Path) -> subprocess.Popen[str]:
    """An extract --db run that holds the store until its standard input is closed."""
    proc = start("extract", "-", "--offline", "-j", "1", "--db", str(db), stdin=subprocess.PIPE)
    lock = Path(store_lock.lock_path(str(db)))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if lock.is_file() and lock.read_text().strip() == str(proc.pid):
            return proc
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the first run never took the store")


def finish(proc: subprocess.Popen[str], report: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(report)
    proc.stdin.close()
    assert proc.wait(timeout=120) == 0


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "corpus", 4, seed=5)
    return tmp_path / "corpus"


def test_a_second_writer_waits_with_one_line_then_stores_what_is_new(tmp_path: Path, corpus: Path):
    db = tmp_path / "events.sqlite"
    first = holding_run(db)
    second = start("extract", str(corpus), "--offline", "-j", "1", "--db", str(db))
    lines = stderr_lines(second)
    try:
        said = lines.get(timeout=60)
        assert said == f"geoevents: waiting for the store {db}, in use by PID {first.pid}"
        time.sleep(0.5)
        assert second.poll() is None  # still waiting, not writing beside the first run
        finish(first, cable("08STDIN1", "Police seized 40 kg of heroin in Osh on May 3, 2008."))
        assert second.wait(timeout=120) == 0
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.kill()
    rest = list(iter(lines.get, None))
    assert len(rest) == 1 and rest[0].startswith("geoevents: 4 document(s)")  # the summary only
    with open_store(db) as store:
        assert store.counts()["documents"] == 5
    assert not Path(store_lock.lock_path(str(db))).exists()  # no lock file left behind


def test_db_wait_0_exits_2_at_once_and_leaves_the_store_alone(tmp_path: Path, corpus: Path):
    db = tmp_path / "events.sqlite"
    first = holding_run(db)
    try:
        began = time.monotonic()
        second = subprocess.run([sys.executable, "-c", MAIN, "extract", str(corpus), "--offline",
                                 "--db", str(db), "--db-wait", "0"],
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        assert second.stderr == f"geoevents: error: store {db} in use by PID {first.pid}\n"
        assert time.monotonic() - began < 60  # at once: no waiting, no document read
        finish(first, cable("08STDIN1", "Police seized 40 kg of heroin in Osh on May 3, 2008."))
    finally:
        if first.poll() is None:
            first.kill()
    with open_store(db) as store:
        assert store.counts()["documents"] == 1


def test_two_runs_started_together_process_each_document_once(tmp_path: Path, corpus: Path):
    db = tmp_path / "events.sqlite"
    runs = [start("extract", str(corpus), "--offline", "-j", "1", "--db", str(db)) for _ in range(2)]
    outcomes = [proc.communicate(timeout=300) for proc in runs]
    assert [proc.returncode for proc in runs] == [0, 0], outcomes
    # Whichever ran second planned after the first had stored everything.
    assert sorted("4 unchanged in the store" in err for _, err in outcomes) == [False, True], outcomes
    with open_store(db) as store:
        counts = store.counts()
    alone = tmp_path / "alone.sqlite"
    assert subprocess.run([sys.executable, "-c", MAIN, "extract", str(corpus), "--offline",
                           "-j", "1", "--db", str(alone)], capture_output=True).returncode == 0
    with open_store(alone) as store:
        assert counts == store.counts()


def test_a_writer_killed_by_sigkill_frees_the_store_at_once(tmp_path: Path, corpus: Path):
    db = tmp_path / "events.sqlite"
    first = holding_run(db)
    first.kill()  # no clean-up: the lock file stays, naming a dead PID
    first.wait(timeout=30)
    assert Path(store_lock.lock_path(str(db))).is_file()
    second = subprocess.run([sys.executable, "-c", MAIN, "extract", str(corpus), "--offline",
                             "-j", "1", "--db", str(db), "--db-wait", "0"],
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "waiting" not in second.stderr, second.stderr
    with open_store(db) as store:
        assert store.counts()["documents"] == 4
