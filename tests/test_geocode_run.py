"""One rate limit and one circuit breaker per run, shared by all its worker processes.

Several processes geocode at once, as `extract --jobs N` does: the stub on 127.0.0.1 must
see their requests spaced by the delay, and a failing service must be warned about once
for the run, not once per process.
"""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from geoevents.batch import Task, WorkerConfig, run_local
from geoevents.geocode import FallbackGeocoder
from geoevents.geocode.run import state_path
from nominatim_stub import NominatimStub, Reply, nominatim_result

PLACE = nominatim_result(name="Obertraun", lat=47.56, lon=13.69, cls="place", typ="village",
                         addresstype="village", rank=19,
                         address={"village": "Obertraun", "country": "Austria",
                                  "country_code": "at"})
NAMES = [["Obertraun", "Unterach"], ["Gosau", "Ebensee"], ["Hallein", "Golling"],
         ["Abtenau", "Kuchl"]]
DELAY = 0.3
PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


def worker(options: dict[str, Any], cache: str, run_id: str, names: list[str], barrier: Any,
           results: Any) -> None:
    """One worker process: build its own geocoder, wait for the others, ask for ``names``."""
    warnings: list[str] = []
    geocoder = FallbackGeocoder(options=options, cache_path=cache, run_id=run_id, timeout=2.0,
                                min_delay_seconds=DELAY, on_warning=warnings.append)
    barrier.wait()  # all processes start asking at the same moment: a burst, unless limited
    found = [geocoder.geocode(name) is not None for name in names]
    results.put((found, warnings, geocoder.stats.requests))


def run_workers(stub: NominatimStub, cache: Path, run_id: str) -> list[tuple[Any, ...]]:
    ctx = multiprocessing.get_context("spawn")  # no fork of a threaded test process
    barrier, results = ctx.Barrier(len(NAMES)), ctx.Queue()
    processes = [ctx.Process(target=worker, args=(stub.options(), str(cache), run_id, names,
                                                  barrier, results))
                 for names in NAMES]
    for process in processes:
        process.start()
    out = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return out


@pytest.fixture()
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "geocode.sqlite"


def test_processes_of_one_run_share_one_rate_limit(cache: Path) -> None:
    with NominatimStub(default=Reply([PLACE])) as stub:
        out = run_workers(stub, cache, "run-1")
        arrivals = sorted(r.at for r in stub.requests)
    assert all(all(found) for found, _, _ in out)
    assert len(arrivals) == sum(len(names) for names in NAMES)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert min(gaps) >= DELAY * 0.8, f"requests {min(gaps) * 1000:.0f} ms apart"


def test_a_failing_service_is_warned_about_once_per_run(cache: Path) -> None:
    with NominatimStub(default=Reply({"error": "internal"}, status=500)) as stub:
        out = run_workers(stub, cache, "run-2")
        asked = stub.count()
    warnings = [message for _, messages, _ in out for message in messages]
    assert len(warnings) == 1 and "500" in warnings[0]
    assert asked == 1  # the others waited for their turn and found the run stopped
    assert not any(any(found) for found, _, _ in out)


def test_another_run_is_not_stopped_by_a_broken_one(cache: Path) -> None:
    warn: list[str] = []
    with NominatimStub(default=Reply({"error": "internal"}, status=500)) as stub:
        broken = FallbackGeocoder(options=stub.options(), cache_path=cache, run_id="old",
                                  min_delay_seconds=0, on_warning=warn.append)
        assert broken.geocode("Obertraun") is None
        stub.default = Reply([PLACE])
        fresh = FallbackGeocoder(options=stub.options(), cache_path=cache, run_id="new",
                                 min_delay_seconds=0, on_warning=warn.append)
        assert fresh.geocode("Obertraun") is not None
    assert len(warn) == 1


def test_an_unusable_state_file_falls_back_to_this_process(tmp_path: Path) -> None:
    cache = tmp_path / "geocode.sqlite"
    state = state_path(str(cache))
    if state is None:
        pytest.skip("no flock on this platform")
    state.mkdir(parents=True)  # a directory where the file should be
    with NominatimStub(default=Reply([PLACE])) as stub:
        geocoder = FallbackGeocoder(options=stub.options(), cache_path=cache,
                                    min_delay_seconds=0, on_warning=lambda m: None)
        assert geocoder.geocode("Obertraun") is not None


def test_a_corrupt_state_file_is_started_afresh(tmp_path: Path) -> None:
    cache = tmp_path / "geocode.sqlite"
    state = state_path(str(cache))
    if state is None:
        pytest.skip("no flock on this platform")
    state.write_bytes(b'{"runs": {"r": {"stopped": 5, "spent": "lots"}}, "last": [1]} junk')
    with NominatimStub(default=Reply([PLACE])) as stub:
        geocoder = FallbackGeocoder(options=stub.options(), cache_path=cache, run_id="r",
                                    min_delay_seconds=0, on_warning=lambda m: None)
        assert geocoder.geocode("Obertraun") is not None


# --- through the batch engine (extract --jobs) ---------------------------------------

def geocode_last_word(doc: Any, geocoder: Any = None) -> list[Any]:
    """events_fn for the batch: ask the geocoder for the document's last word, no events."""
    if geocoder is not None:
        geocoder.geocode(doc.text.split()[-1].strip("."))
    return []


def test_batch_workers_share_the_rate_limit_and_warn_once(tmp_path: Path, capfd: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    names = [name for pair in NAMES for name in pair]
    paths = []
    for i, name in enumerate(names):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"TAGS: SNAR KZ\nSUBJECT: TEST\n1. (SBU) Seen in {name}.\n",
                        encoding="utf-8")
        paths.append(path)
    tasks = [Task(i, str(p)) for i, p in enumerate(paths)]

    def config(stub: NominatimStub, cache: str) -> WorkerConfig:
        # What extract hands its workers: fallback_from_options keyword arguments.
        options = {"geocoder_option": (f"domain={stub.domain}", "scheme=http"),
                   "geocode_cache": cache, "min_delay_seconds": DELAY}
        return WorkerConfig(geocoder=tuple(sorted(options.items())),
                            events_fn=geocode_last_word)

    with NominatimStub(default=Reply([PLACE])) as stub:
        results = list(run_local(tasks, config(stub, str(tmp_path / "a.sqlite")), jobs=4))
        arrivals = sorted(r.at for r in stub.requests)
    assert all(r.ok for r in results) and len(arrivals) == len(names)
    assert min(b - a for a, b in zip(arrivals, arrivals[1:])) >= DELAY * 0.8

    capfd.readouterr()
    with NominatimStub(default=Reply({"error": "internal"}, status=500)) as stub:
        started = time.monotonic()
        results = list(run_local(tasks, config(stub, str(tmp_path / "b.sqlite")), jobs=4))
        elapsed = time.monotonic() - started
        asked = stub.count()
    warnings = [line for line in capfd.readouterr().err.splitlines()
                if line.startswith("geoevents: warning:")]
    assert all(r.ok for r in results)
    assert len(warnings) == 1 and "500" in warnings[0], warnings
    assert asked == 1 and elapsed < 30
