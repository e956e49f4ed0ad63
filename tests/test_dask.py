"""Dask engine: the same results as the local engine on a 2-worker LocalCluster; a clear
error naming the extra when Dask is missing or the scheduler cannot be reached."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geoevents.batch import Task, WorkerConfig, run_dask, run_local
from geoevents.errors import GeoeventsError
from geoevents.model import Event

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_corpus  # noqa: E402


def sentence_events(doc, geocoder=None) -> list[Event]:
    """One 'other' event per sentence (a stand-in for the extraction stages)."""
    return [Event("other", s.text[:30], doc.doc_id, doc.doc_date, p.number, s.text,
                  s.char_start, s.char_end) for p in doc.paragraphs for s in p.sentences]


def test_missing_dask_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(GeoeventsError, match=r"geoevents\[dask\]"):
        next(run_dask([Task(0, str(tmp_path / "x.txt"))], WorkerConfig()))


@pytest.fixture(scope="module")
def distributed():
    return pytest.importorskip("dask.distributed")


def test_dask_engine_gives_the_local_engine_results(distributed, tmp_path):
    import cloudpickle

    # Workers are fresh processes that cannot import this test module: ship the
    # stand-in extractor by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        paths = write_corpus(tmp_path / "corpus", 16, seed=11)
        paths[5].write_bytes(b"\x00\x00binary\x00")
        tasks = [Task(i, str(p)) for i, p in enumerate(paths)]
        config = WorkerConfig(events_fn=sentence_events)
        local = list(run_local(tasks, config, jobs=1))
        remote = list(run_dask(tasks, config, jobs=2))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [r.index for r in remote] == list(range(16))
    assert [r.features for r in remote] == [r.features for r in local]
    assert [r.error for r in remote] == [r.error for r in local]
    assert "binary" in remote[5].error and sum(r.ok for r in remote) == 15


def test_unreachable_scheduler_is_a_user_error(distributed, tmp_path):
    with pytest.raises(GeoeventsError, match="cannot reach the Dask scheduler"):
        next(run_dask([Task(0, str(tmp_path / "x.txt"))], WorkerConfig(),
                      scheduler="tcp://127.0.0.1:9", connect_timeout=2))


def test_cli_engine_dask_without_dask_is_one_line_exit_2(monkeypatch, capsys, tmp_path):
    from geoevents.cli import main

    paths = write_corpus(tmp_path / "corpus", 2, seed=1)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--offline", "--engine", "dask", str(paths[0])])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and len(err.strip().splitlines()) == 1
    assert "pip install 'geoevents[dask]'" in err


def test_dask_engine_with_the_real_pipeline_matches_the_local_engine(distributed, tmp_path):
    paths = write_corpus(tmp_path / "real", 12, seed=9)
    tasks = [Task(i, str(p)) for i, p in enumerate(paths)]
    local = list(run_local(tasks, WorkerConfig(), jobs=1))
    remote = list(run_dask(tasks, WorkerConfig(), jobs=2))
    assert all(r.ok for r in local) and sum(len(r.features) for r in local) > 12
    assert [r.features for r in remote] == [r.features for r in local]
    assert [r.document for r in remote] == [r.document for r in local]


def test_a_failed_chunk_is_retried_one_document_at_a_time(tmp_path):
    from geoevents.batch import _dask_results, _run_task

    paths = write_corpus(tmp_path / "corpus", 3, seed=2)
    tasks = [Task(i, str(p)) for i, p in enumerate(paths)]
    config = WorkerConfig(events_fn=sentence_events)

    class Done:
        def __init__(self, fn, *args):
            self.fn, self.args = fn, args

        def result(self):
            task = self.args[0]
            if task.index == 1:
                raise RuntimeError("KilledWorker: worker died three times")
            return self.fn(*self.args)

    class Client:
        def submit(self, fn, *args, pure=False):
            return Done(fn, *args)

    class Broken:
        def result(self):
            raise RuntimeError("KilledWorker")

    results = _dask_results(Client(), config, (tasks, Broken()))
    assert [r.index for r in results] == [0, 1, 2]
    assert results[0].ok and results[2].ok and "Dask worker failed" in results[1].error
    assert results[0].features == _run_task(tasks[0], config).features
