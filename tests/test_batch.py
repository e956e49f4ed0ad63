"""Batch engine: ordered streaming, bounded in-flight work, bad documents, --jobs/--strict CLI.

The per-document function is injected (a small stand-in that makes one event per
paragraph), so these tests exercise the engines, not the extraction stages.
"""
from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from geoevents import batch
from geoevents.batch import DocResult, Progress, Task, WorkerConfig, process_path, run_local
from geoevents.cli import main
from geoevents.model import Event, TimeSpan

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_corpus  # noqa: E402


def paragraph_events(doc, geocoder=None) -> list[Event]:
    """One 'other' event per paragraph; 'BOOM' raises, 'DIE' kills the worker process."""
    if "BOOM" in doc.text:
        raise ValueError("pathological text")
    if "DIE" in doc.text:
        os._exit(3)
    if "SPIN" in doc.text:
        while True:  # a document that never finishes: only the deadline ends it
            pass
    return [Event(event_type="other", title=p.text[:30], doc_id=doc.doc_id, doc_date=doc.doc_date,
                  paragraph=p.number, sentence=p.text[:60], char_start=p.char_start,
                  char_end=p.char_end,
                  span=TimeSpan(doc.doc_date, doc.doc_date, "document", "document", "", 0, 0)
                  if doc.doc_date else None)
            for p in doc.paragraphs]


CONFIG = WorkerConfig(events_fn=paragraph_events)


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    paths = write_corpus(tmp_path / "corpus", 24, seed=7)
    (tmp_path / "corpus" / "000003.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    (tmp_path / "corpus" / "000009.txt").write_text("   \n", encoding="utf-8")
    return paths


def tasks(paths: list[Path]) -> list[Task]:
    return [Task(i, str(p)) for i, p in enumerate(paths)]


def test_results_are_in_input_order_and_identical_for_any_number_of_jobs(corpus):
    runs = {jobs: list(run_local(tasks(corpus), CONFIG, jobs)) for jobs in (1, 2, 3)}
    for jobs, results in runs.items():
        assert [r.index for r in results] == list(range(len(corpus))), jobs
        assert [r.features for r in results] == [r.features for r in runs[1]]
        assert [r.error for r in results] == [r.error for r in runs[1]]
    one = runs[1]
    assert sum(r.ok for r in one) == len(corpus) - 2
    assert "binary" in one[3].error and "000003.txt" in one[3].error
    assert "empty" in one[9].error
    good = one[0]
    assert good.document["sha256"] == good.sha256 and good.size == corpus[0].stat().st_size
    assert len(good.features) == good.features[-1]["properties"]["paragraph"]


def test_an_exception_in_one_document_is_its_error_and_the_batch_goes_on(tmp_path, corpus):
    corpus[5].write_text(corpus[5].read_text(encoding="utf-8") + "\nBOOM\n", encoding="utf-8")
    results = list(run_local(tasks(corpus), CONFIG, 2))
    assert "ValueError: pathological text" in results[5].error
    assert results[6].ok and results[4].ok


def test_a_worker_that_dies_fails_only_its_document(corpus):
    corpus[4].write_text(corpus[4].read_text(encoding="utf-8") + "\nDIE\n", encoding="utf-8")
    results = list(run_local(tasks(corpus), CONFIG, 2))
    assert [r.index for r in results] == list(range(len(corpus)))
    assert "worker process died" in results[4].error
    assert all(r.ok for i, r in enumerate(results) if i not in (3, 4, 9))


def test_work_is_pulled_lazily_so_memory_stays_flat(corpus):
    pulled = []

    def feed():
        for task in tasks(corpus):
            pulled.append(task.index)
            yield task

    results = run_local(feed(), CONFIG, 2)
    first = next(results)
    assert first.index == 0
    assert len(pulled) <= 2 * batch.IN_FLIGHT_PER_WORKER + 1 < len(corpus)
    results.close()


def test_ready_results_pass_through_in_place(corpus):
    ready = DocResult(1, "cached.txt", 10, "ab", {"doc_id": "x"}, (), None, 0.0, unchanged=True)
    items = [Task(0, str(corpus[0])), ready, Task(2, str(corpus[1]))]
    for jobs in (1, 2):
        out = list(run_local(items, CONFIG, jobs))
        assert [r.index for r in out] == [0, 1, 2] and out[1] is not None and out[1].unchanged


def test_stdin_bytes_are_processed_like_a_file(corpus):
    data = corpus[0].read_bytes()
    from_file = process_path(str(corpus[0]), config=CONFIG)
    from_stdin = process_path("-", config=CONFIG, data=data)
    assert from_stdin.sha256 == from_file.sha256 and from_stdin.size == len(data)
    assert [f["properties"]["title"] for f in from_stdin.features] == \
        [f["properties"]["title"] for f in from_file.features]


def test_progress_line_counts_documents_rate_and_failures():
    stream = io.StringIO()
    progress = Progress(total=3, stream=stream, enabled=True, interval=0)
    ok = DocResult(0, "a", 1_000_000, "s", {}, (), None, 0.1)
    bad = DocResult(1, "b", 0, None, None, (), "b: empty file", 0.0)
    cached = DocResult(2, "c", 10, "s", {}, (), None, 0.0, unchanged=True)
    for result in (ok, bad, cached):
        progress.update(result)
    progress.close()
    text = stream.getvalue()
    assert "3/3 docs" in text and "1 failed" in text and "1 unchanged" in text and "MB/s" in text
    assert "ETA" in text  # shown while documents remain
    quiet = io.StringIO()
    Progress(total=1, stream=quiet).update(ok)  # StringIO is not a terminal
    assert quiet.getvalue() == ""


# --- the CLI -------------------------------------------------------------------------

def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(batch, "_default_events_fn", lambda: paragraph_events)
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--offline", *args])
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


def test_cli_jobs_give_the_same_output_and_a_summary(monkeypatch, capsys, corpus, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.geojson"
        code, _, err = run_cli(monkeypatch, capsys, str(corpus[0].parent), "--jobs", jobs,
                               "-o", str(target))
        assert code == 0, err
        outputs.append(target.read_text(encoding="utf-8"))
        assert "22 document(s)" in err and "2 failed" in err and "docs/s" in err
        assert err.count("geoevents: skipped") == 2
    assert outputs[0] == outputs[1]
    collection = json.loads(outputs[0])
    assert len(collection["documents"]) == 22 and collection["features"]


def test_cli_strict_makes_a_failure_fatal_and_writes_nothing(monkeypatch, capsys, corpus, tmp_path):
    target = tmp_path / "strict.geojson"
    code, _, err = run_cli(monkeypatch, capsys, str(corpus[0].parent), "-j", "2", "--strict",
                           "-o", str(target))
    assert code == 2 and "000003.txt" in err and "--strict" in err
    assert not target.exists()


def test_cli_lone_bad_file_is_one_line_exit_2(monkeypatch, capsys, corpus):
    code, out, err = run_cli(monkeypatch, capsys, str(corpus[3]))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "binary" in err


def test_cli_scheduler_without_dask_engine_is_a_usage_error(monkeypatch, capsys, corpus):
    code, _, err = run_cli(monkeypatch, capsys, str(corpus[0]), "--scheduler", "tcp://x:1")
    assert code == 2 and "--engine dask" in err


def test_workers_build_their_own_geocoder_from_the_options(corpus):
    seen = process_path(str(corpus[0]), config=WorkerConfig(
        events_fn=geocoder_name_events,
        geocoder=(("geocode_cache", ":memory:"), ("min_delay_seconds", 2.0))))
    assert seen.ok and seen.features[0]["properties"]["title"] == "FallbackGeocoder"
    offline = process_path(str(corpus[0]), config=WorkerConfig(events_fn=geocoder_name_events))
    assert offline.features[0]["properties"]["title"] == "NoneType"


def geocoder_name_events(doc, geocoder=None) -> list[Event]:
    return [Event("other", type(geocoder).__name__, doc.doc_id, doc.doc_date, 1, "", 0, 0)]


def test_extract_workers_keep_the_usual_delay_since_the_limit_is_shared():
    from geoevents.commands.extract import _worker_geocoder

    geo = {"offline": False, "geocoder": "nominatim", "geocode_cache": ":memory:"}
    options = dict(_worker_geocoder(geo, object()))
    assert "min_delay_seconds" not in options and options["geocoder"] == "nominatim"
    assert _worker_geocoder({"offline": True}, None) is None


def test_real_pipeline_gives_the_same_events_for_one_and_two_jobs(tmp_path):
    paths = write_corpus(tmp_path / "real", 30, seed=5)
    config = WorkerConfig()
    one = list(run_local(tasks(paths), config, 1))
    two = list(run_local(tasks(paths), config, 2))
    assert all(r.ok for r in one) and sum(len(r.features) for r in one) > 30
    assert [r.features for r in two] == [r.features for r in one]


def test_document_summaries_spill_to_disk_and_read_back_in_order():
    from geoevents.commands.extract import SpooledRecords

    records = [{"doc_id": f"08ASTANA{i}", "title": "x" * 300, "sha256": str(i)} for i in range(20000)]
    with SpooledRecords() as spool:
        for record in records:
            spool.append(record)
        assert spool._spool._rolled  # past the in-memory limit: on disk
        assert list(spool) == records


def test_a_document_past_its_deadline_is_skipped_and_the_batch_goes_on(corpus):
    corpus[2].write_text(corpus[2].read_text(encoding="utf-8") + "\nSPIN\n", encoding="utf-8")
    config = WorkerConfig(events_fn=paragraph_events, doc_timeout=0.5)
    for jobs in (1, 2):
        results = list(run_local(tasks(corpus[:5]), config, jobs))  # [3] is a binary file
        assert "took longer than 0.5 s (--doc-timeout)" in results[2].error
        assert results[0].ok and results[1].ok and results[4].ok


def test_doc_timeout_option_is_checked(capsys, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Police in Osh seized 5 kg of heroin on 3 May 2008.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["extract", str(report), "--offline", "--doc-timeout", "-1"])
    assert info.value.code == 2 and "--doc-timeout" in capsys.readouterr().err


def _extract_one_report(tmp_path, before_main: str, args: str, after_main: str):
    """Run `geoevents extract` on a one-seizure report in a fresh interpreter, with code of
    the test's own before and after it; the finished process and the seizures written."""
    import subprocess
    import sys

    report = tmp_path / "r.txt"
    report.write_text("On 3 May 2021 police in Osh seized 4 kg of heroin.\n", encoding="utf-8")
    code = (before_main + "from geoevents.cli import main\n"
            "try:\n"
            f"    main(['extract', sys.argv[1], '--offline', {args}'-o', sys.argv[2]])\n"
            "except SystemExit:\n"
            "    pass\n" + after_main)
    done = subprocess.run([sys.executable, "-c", code, str(report), str(tmp_path / "out.geojson")],
                          capture_output=True, text=True)
    return done, (tmp_path / "out.geojson").read_text(encoding="utf-8").count('"seizure"')


def test_one_document_is_processed_in_this_process_whatever_jobs_says(tmp_path):
    """A pool for a single report costs a fork and a second start-up: no worker is made."""
    done, seizures = _extract_one_report(
        tmp_path,
        "import sys, concurrent.futures.process as p\n"
        "made = []\n"
        "orig = p.ProcessPoolExecutor.__init__\n"
        "def spy(self, *a, **k):\n"
        "    made.append(1); orig(self, *a, **k)\n"
        "p.ProcessPoolExecutor.__init__ = spy\n",
        "'-j', '2', ",
        "print('pools', len(made), file=sys.stderr)\n")
    assert "pools 0" in done.stderr, done.stderr
    assert seizures == 1


def test_one_job_never_loads_the_process_pool(tmp_path):
    """The pool's modules (multiprocessing and its kin) are a tenth of a cold start: a run
    with one job, the usual one-report run, does not import them."""
    done, seizures = _extract_one_report(
        tmp_path, "import sys\n", "",
        "print('POOL', [m for m in ('concurrent.futures.process', 'multiprocessing') if m in sys.modules])\n")
    assert "POOL []" in done.stdout, done.stdout + done.stderr
    assert seizures == 1
