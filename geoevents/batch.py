"""Run the per-document pipeline over many reports: in this process, a process pool, or Dask.

Every engine runs the same worker (:func:`process_path`) and yields one
:class:`DocResult` per input, in input order, with only a few tasks per worker in
flight: output is deterministic whatever the number of jobs, and memory stays flat
however large the corpus.  A document that cannot be read or processed becomes a
result with ``error`` set, so one bad file never stops a batch; the caller decides
whether a failure is fatal (``--strict``).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from geoevents.errors import GeoeventsError, InputError

if TYPE_CHECKING:  # the pool's modules load when a second job asks for them (start-up time)
    from concurrent.futures import Future, ProcessPoolExecutor

IN_FLIGHT_PER_WORKER = 4  # enough to keep workers busy while the head result is awaited
# A Dask task costs milliseconds of scheduler and worker time, as much as a short
# cable: documents go in chunks, a few chunks per worker in flight.
DASK_CHUNK = 8
DASK_IN_FLIGHT_PER_WORKER = 4
DASK_EXTRA = "pip install 'geoevents[dask]'"
DOC_TIMEOUT = 120.0


class DocTimeout(Exception):
    """A document took longer than its limit; the batch skips it and goes on."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise DocTimeout in this thread after ``seconds`` of wall time.

    A timer signal interrupts the work between bytecodes; it needs the main thread of a
    process (the pool's workers and the one-job engine), so elsewhere (Dask's worker
    threads) the work runs without a limit.
    """
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise DocTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class Task:
    """One document to process: a path, or stdin's bytes under the name '-'."""

    index: int
    path: str
    data: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What every worker needs, all picklable.

    ``geocoder`` holds :func:`geoevents.geocode.options.fallback_from_options` keyword
    arguments (None: offline); each worker process builds its own geocoder from them.
    ``events_fn(doc, geocoder=...)`` defaults to :func:`geoevents.pipeline.document_events`.
    """

    doc_date: date | None = None
    geocoder: tuple[tuple[str, Any], ...] | None = None
    events_fn: Callable[..., list[Any]] | None = None
    doc_timeout: float | None = DOC_TIMEOUT  # seconds for one document; None: no limit


@dataclass(frozen=True, slots=True)
class DocResult:
    """The outcome for one input: its document summary and Features, or an error."""

    index: int
    path: str
    size: int  # bytes read (0 when unreadable)
    sha256: str | None
    document: dict[str, Any] | None  # Document.summary()
    features: tuple[dict[str, Any], ...]
    error: str | None
    seconds: float
    unchanged: bool = False  # taken from the event store, not processed again

    @property
    def ok(self) -> bool:
        return self.error is None


def process_path(path: str, doc_date: date | None = None, *, config: WorkerConfig | None = None,
                 data: bytes | None = None, index: int = 0, geocoder: Any = None) -> DocResult:
    """Read, segment and extract one document; never raises for a bad document.

    ``data`` stands for the file's bytes (stdin); ``geocoder`` overrides the one the
    config describes (the in-process engine passes the caller's own).
    """
    config = config or WorkerConfig(doc_date=doc_date)
    when = doc_date if doc_date is not None else config.doc_date
    started = time.perf_counter()
    size, sha = 0, None
    try:
        doc = _read(path, when, data)
        sha = doc.sha256
        size = len(data) if data is not None else _file_size(path)
        if geocoder is None and config.geocoder is not None:
            geocoder = _worker_geocoder(config.geocoder)
        _note_language(path, doc)
        events_fn = config.events_fn or _default_events_fn()
        with _deadline(config.doc_timeout):
            features = tuple(event.to_feature() for event in events_fn(doc, geocoder=geocoder))
        return DocResult(index, path, size, sha, doc.summary(), features, None,
                         time.perf_counter() - started)
    except InputError as exc:
        error = str(exc)
    except DocTimeout:
        error = f"{path}: took longer than {config.doc_timeout:g} s (--doc-timeout)"
    except Exception as exc:  # a bug or a pathological text: report it, keep the batch going
        error = f"{path}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    return DocResult(index, path, size, sha, None, (), error, time.perf_counter() - started)


def _note_language(path: str, doc: Any) -> None:
    """One line for a document in a language without a pack: it yields no events."""
    from geoevents.lang import LANGUAGES
    from geoevents.language import NAMES

    lang = doc.lang
    if lang is not None and lang not in LANGUAGES:
        names = [NAMES[code] for code in LANGUAGES]
        packs = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        print(f"geoevents: {path}: {NAMES.get(lang, lang)}; events are extracted from {packs}",
              file=sys.stderr, flush=True)


def _read(path: str, doc_date: date | None, data: bytes | None) -> Any:
    from geoevents.ingest import decode_bytes, document_from_text, read_document

    if data is None:
        return read_document(path, doc_date)
    import hashlib

    text, encoding = decode_bytes(data, path)
    doc = document_from_text(text, path="<stdin>" if path == "-" else path, doc_date=doc_date,
                             encoding=encoding, sha256=hashlib.sha256(data).hexdigest())
    if not doc.paragraphs:
        raise InputError(path, "no text found after the header")
    return doc


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _default_events_fn() -> Callable[..., list[Any]]:
    from geoevents.pipeline import document_events

    return document_events


@functools.lru_cache(maxsize=4)
def _worker_geocoder(options: tuple[tuple[str, Any], ...]) -> Any:
    """One geocoder per worker process and option set; the options' run id (see
    :func:`_one_geocoder_run`) makes all workers share its rate limit, budget and breaker."""
    from geoevents.geocode.options import fallback_from_options

    return fallback_from_options(**dict(options))


def _one_geocoder_run(config: WorkerConfig) -> WorkerConfig:
    """The config with a run id in its geocoder options: one run, however many workers."""
    if config.geocoder is None:
        return config
    from geoevents.geocode.options import with_run_id

    return dataclasses.replace(config, geocoder=with_run_id(config.geocoder))


def _run_task(task: Task, config: WorkerConfig) -> DocResult:
    return process_path(task.path, config=config, data=task.data, index=task.index)


def _crashed(task: Task, reason: str) -> DocResult:
    return DocResult(task.index, task.path, 0, None, None, (), f"{task.path}: {reason}", 0.0)


# --- engines ---------------------------------------------------------------------------

Item = Task | DocResult  # a DocResult passes through as it is (skipped or failed early)


def run_local(items: Iterable[Item], config: WorkerConfig, jobs: int = 1,
              geocoder: Any = None) -> Iterator[DocResult]:
    """Results in input order: in this process for one job, else in a process pool."""
    config = _one_geocoder_run(config)
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, DocResult) else process_path(
                item.path, config=config, data=item.data, index=item.index, geocoder=geocoder)
        return
    pool = _new_pool(jobs)
    pending: deque[DocResult | tuple[Task, Future[DocResult]]] = deque()
    window = jobs * IN_FLIGHT_PER_WORKER
    try:
        for item in items:
            pending.append(item if isinstance(item, DocResult)
                           else (item, _submit(pool, item, config)))
            while pending and (isinstance(pending[0], DocResult) or len(pending) >= window):
                result, pool = _head_result(pending, pool, config, jobs)
                yield result
        while pending:
            result, pool = _head_result(pending, pool, config, jobs)
            yield result
    except BaseException:
        # Ctrl-C, SIGTERM, --strict or a consumer that stopped early (GeneratorExit):
        # nobody wants the results in flight, and waiting for them could take a
        # document's whole --doc-timeout.
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool whose workers exit when this process dies, even by SIGKILL."""
    from concurrent.futures import ProcessPoolExecutor

    from geoevents.signals import worker_started

    in_main_thread = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(max_workers=jobs, initializer=worker_started,
                               initargs=(os.getpid(), in_main_thread))


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes now (their tasks are abandoned)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        with contextlib.suppress(Exception):
            terminate()
        return
    processes = getattr(pool, "_processes", None) or {}  # before 3.14: no public way
    for process in list(processes.values()):
        with contextlib.suppress(Exception):  # already gone
            process.terminate()


@contextlib.contextmanager
def _pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A pool shut down on exit, its workers terminated first when unwinding."""
    pool = _new_pool(jobs)
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, task: Task, config: WorkerConfig) -> Future[DocResult]:
    """Submit, or a future holding the error when the pool is already broken."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_run_task, task, config)
    except BrokenProcessPool as exc:
        future: Future[DocResult] = Future()
        future.set_exception(exc)
        return future


def _head_result(pending: deque[DocResult | tuple[Task, Future[DocResult]]],
                 pool: ProcessPoolExecutor, config: WorkerConfig,
                 jobs: int) -> tuple[DocResult, ProcessPoolExecutor]:
    """The oldest item's result.  A worker killed outright (segfault, out of memory)
    breaks the whole pool: the head task is run alone in a fresh pool to learn whether
    it is the culprit, and the tasks still pending are resubmitted."""
    from concurrent.futures.process import BrokenProcessPool

    head = pending.popleft()
    if isinstance(head, DocResult):
        return head, pool
    task, future = head
    try:
        return future.result(), pool
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        with _pool(1) as alone:
            try:
                result = alone.submit(_run_task, task, config).result()
            except BrokenProcessPool:
                result = _crashed(task, "worker process died while processing this document")
        pool = _new_pool(jobs)
        retry = list(pending)
        pending.clear()
        pending.extend(p if isinstance(p, DocResult) else (p[0], _submit(pool, p[0], config))
                       for p in retry)
        return result, pool


def run_dask(items: Iterable[Item], config: WorkerConfig, jobs: int = 2,
             scheduler: str | None = None, connect_timeout: float = 20.0) -> Iterator[DocResult]:
    """Results in task order from a Dask cluster: ``scheduler`` or a LocalCluster of
    ``jobs`` single-threaded worker processes.  Workers read the paths themselves, so
    a remote cluster needs the files at the same paths (a shared file system)."""
    config = _one_geocoder_run(config)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise GeoeventsError(f"--engine dask needs Dask distributed: {DASK_EXTRA}") from None
    import logging

    with contextlib.ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler, timeout=connect_timeout))
            else:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
        except (OSError, TimeoutError) as exc:
            raise GeoeventsError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: "
                                 f"{exc}") from None
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[DocResult | tuple[list[Task], Any]] = deque()
        chunk: list[Task] = []

        def flush() -> None:
            if chunk:
                pending.append((list(chunk), client.submit(_run_tasks, list(chunk), config,
                                                           pure=False)))
                chunk.clear()

        try:
            for item in items:
                if isinstance(item, DocResult):
                    flush()  # the chunk before it keeps its place in the order
                    pending.append(item)
                else:
                    chunk.append(item)
                    if len(chunk) >= DASK_CHUNK:
                        flush()
                while pending and (isinstance(pending[0], DocResult)
                                   or len(pending) >= workers * DASK_IN_FLIGHT_PER_WORKER):
                    yield from _dask_results(client, config, pending.popleft())
            flush()
            while pending:
                yield from _dask_results(client, config, pending.popleft())
        finally:
            for entry in pending:
                if not isinstance(entry, DocResult):
                    entry[1].cancel()


def _run_tasks(tasks: list[Task], config: WorkerConfig) -> list[DocResult]:
    return [_run_task(task, config) for task in tasks]


def _dask_results(client: Any, config: WorkerConfig,
                  entry: DocResult | tuple[list[Task], Any]) -> list[DocResult]:
    if isinstance(entry, DocResult):
        return [entry]
    tasks, future = entry
    try:
        return list(future.result())
    except Exception:  # KilledWorker and the like: retry one by one to find the culprit
        results = []
        for task in tasks:
            try:
                results.append(client.submit(_run_task, task, config, pure=False).result())
            except Exception as exc:
                results.append(_crashed(task, f"Dask worker failed: {type(exc).__name__}: {exc}"))
        return results


# --- progress on a terminal --------------------------------------------------------------

class Progress:
    """A one-line progress display on stderr, redrawn at most every ``interval`` seconds,
    shown only when the stream is a terminal (so logs and pipes stay clean)."""

    def __init__(self, total: int, stream: IO[str] | None = None, enabled: bool | None = None,
                 interval: float = 0.25) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.interval = total, interval
        self.done = self.failed = self.skipped = self.bytes = 0
        self.started = self._drawn = time.perf_counter()

    def update(self, result: DocResult | None = None, *, skipped: bool = False,
               size: int = 0) -> None:
        self.done += 1
        self.skipped += skipped or (result is not None and result.unchanged)
        self.bytes += result.size if result is not None else size
        self.failed += result is not None and not result.ok
        now = time.perf_counter()
        if self.enabled and (now - self._drawn >= self.interval or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.perf_counter()) - self.started, 1e-9)
        pct = f"{100 * self.done / self.total:3.0f}%" if self.total else ""
        parts = [f"{pct} {self.done}/{self.total} docs", f"{self.done / elapsed:.1f} docs/s",
                 f"{self.bytes / elapsed / 1e6:.2f} MB/s"]
        if 0 < self.done < self.total:
            left = round((self.total - self.done) * elapsed / self.done)
            parts.append(f"ETA {left // 60}m{left % 60:02d}s")
        if self.skipped:
            parts.append(f"{self.skipped} unchanged")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return "geoevents: " + ", ".join(parts)

    def clear_line(self) -> None:
        """Erase the progress line so another message can be printed in its place."""
        if self.enabled and self.done:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
