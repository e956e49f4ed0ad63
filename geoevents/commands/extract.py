"""`geoevents extract`: reports in, GeoJSON / GeoJSON text sequence / CSV events out.

Documents run in parallel (a process pool, or Dask), results stream out in input
order; a bad document is reported and skipped (``--strict``: fatal); ``--db`` adds
the events to an SQLite store and skips documents it already holds unchanged.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import click

from geoevents.commands._common import doc_date_option, glob_option, inputs_argument, report_skipped
from geoevents.commands._output import check_output, force_option
from geoevents.errors import GeoeventsError, InputError
from geoevents.filters import coarse_note, coarse_period, filter_options, spec_from_options
from geoevents.geocode.options import GEOCODER_PARAMS, fallback_from_options, geocoder_options


@dataclass(slots=True)
class Tally:
    """Counts for the summary line (mutable, local to one run)."""

    documents: int = 0
    unchanged: int = 0
    failed: int = 0
    bytes: int = 0
    unplaced: int = 0
    types: Counter[str] = field(default_factory=Counter)
    coarse: Counter[str] = field(default_factory=Counter)  # left out: dated coarser than --from/--to
    held: list[str] = field(default_factory=list)  # failures not yet shown (see _report)

    def line(self, seconds: float) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.types.items())) or "none"
        parts = [f"geoevents: {self.documents} document(s)"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged in the store")
        parts.append(f"{sum(self.types.values())} event(s) ({kinds})")
        parts.append(f"{self.unplaced} unplaced")
        if self.failed:
            parts.append(f"{self.failed} failed")
        note = coarse_note(self.coarse)
        if note:
            parts.append(note)
        rate = self.documents / seconds if seconds > 0 else 0.0
        parts.append(f"{seconds:.2f}s ({rate:.1f} docs/s, {self.bytes / max(seconds, 1e-9) / 1e6:.2f} MB/s)")
        return ", ".join(parts)


class SpooledRecords:
    """Document summaries for the FeatureCollection's ``documents`` member, kept in a
    temporary file past a few MB so that memory stays flat on any corpus size."""

    def __init__(self) -> None:
        self._spool = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8")

    def append(self, record: dict[str, Any]) -> None:
        self._spool.write(json.dumps(record, ensure_ascii=False) + "\n")

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self._spool.seek(0)
        return (json.loads(line) for line in self._spool)

    def __enter__(self) -> SpooledRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()


@click.command(epilog="""\b
Examples:
  geoevents extract cable.txt --offline -o events.geojson
  geoevents extract reports/ --format csv -o events.csv
  geoevents extract reports/ --offline --jobs 8 --strict -o events.geojsons
  geoevents extract reports/ --offline --doc-timeout 30 -o events.geojson
  geoevents extract reports/ --offline --db events.sqlite     # re-runs skip unchanged files
  geoevents extract reports/ --offline --engine dask --scheduler tcp://10.0.0.5:8786 --db ev.sqlite
  geoevents extract cable.txt --type seizure --from 2008-01 --to 2008-06
  cat cable.txt | geoevents extract - --doc-date 2008-12-02 --format geojsonseq | jq .
""")
@inputs_argument
@click.option("-o", "--output", default=None, metavar="PATH",
              help="Output file; '-' is stdout (the default, except with --db: then only "
                   "the store is written unless -o is given).")
@click.option("--format", "fmt", type=click.Choice(["geojson", "geojsonseq", "csv", "seizures-csv"]), default=None,
              help="Output format (default: from the file name, else geojson).")
@glob_option
@doc_date_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Documents processed in parallel [default: the machine's cores].")
@click.option("--strict", is_flag=True,
              help="Stop at the first document that cannot be read or processed (exit 2); "
                   "by default it is reported and the batch goes on.")
@click.option("--db", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help="SQLite event store: add this run's events (all of them: filters only "
                   "cut the output); documents it holds unchanged (same path, same content) "
                   "are not processed again.  Read it back with `geoevents export --db`.")
@click.option("--db-wait", type=click.FloatRange(min=0), default=600.0, show_default=True,
              metavar="SECONDS",
              help="When another run is writing the --db store, wait this long for it to "
                   "finish (one line on stderr says so), then exit 2; 0: exit 2 at once.")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=120.0, show_default=True,
              metavar="SECONDS",
              help="Skip a document (one line on stderr) that takes longer than this; 0: no limit.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool; dask: a Dask cluster (pip install 'geoevents[dask]').")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address for --engine dask (tcp://host:8786) "
                   "[default: a local cluster of --jobs workers].")
@force_option
@geocoder_options
@filter_options
def command(inputs: tuple[str, ...], output: str | None, fmt: str | None, glob: str,
            doc_date: date | None, jobs: int | None, strict: bool, db: str | None,
            db_wait: float, doc_timeout: float, engine: str, scheduler: str | None, force: bool,
            **options: Any) -> None:
    """Extract dated, geolocated events from reports (files, directories, '-' for stdin)."""
    from geoevents.batch import Progress, WorkerConfig, run_dask, run_local
    from geoevents.export import format_for_path, write_events
    from geoevents.ingest import expand_inputs

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    spec = spec_from_options(**options)
    geo = {k: options[k] for k in GEOCODER_PARAMS if k in options}
    geocoder = fallback_from_options(**geo)
    jobs = jobs or os.cpu_count() or 1
    writes = output is not None or db is None
    output = output or "-"
    config = WorkerConfig(doc_date=doc_date, geocoder=_worker_geocoder(geo, geocoder),
                          doc_timeout=doc_timeout or None)
    entries = list(expand_inputs(inputs, glob))  # paths only: cheap even for a big corpus
    # no more workers than documents: a pool for one report costs a fork and a second start-up
    jobs = max(1, min(jobs, len(entries)))
    # Before the store is opened and any document read: nothing may be written yet.
    found = [e for e in entries if isinstance(e, str)]
    check_output(db, option="--db", inputs=found, in_place=True)
    if writes:
        check_output(output, inputs=found, stores=(db,), force=force)
    started = time.perf_counter()
    tally = Tally()
    documents = SpooledRecords()
    progress = Progress(total=len(entries))

    with contextlib.ExitStack() as stack:
        stack.enter_context(documents)
        store = None
        if db:
            from geoevents.store import open_store
            from geoevents.store_lock import writer_lock

            # Before the store is read: a run that waited plans against what the other
            # one stored, so it does not process those documents a second time.
            stack.enter_context(writer_lock(db, db_wait, lambda line: click.echo(line, err=True)))
            started = time.perf_counter()  # the summary's rate leaves the wait out
            store = stack.enter_context(open_store(db))
        items = _plan(entries, store, with_features=writes)
        if engine == "dask":
            results = run_dask(items, config, jobs, scheduler)
        else:
            results = run_local(items, config, jobs, geocoder if jobs == 1 else None)
        stack.callback(results.close)  # stops the workers early on --strict or Ctrl-C
        stack.callback(progress.close)

        def handle(result: Any) -> list[dict[str, Any]]:
            """Count, report and store one result; the Features it contributes."""
            progress.update(result)
            tally.bytes += result.size
            if not result.ok:
                tally.failed += 1
                if strict:
                    raise GeoeventsError(f"{result.error} (stopped: --strict)")
                tally.held.append(result.error or result.path)
                if tally.documents:
                    _report(tally, progress)
                return []
            tally.documents += 1
            tally.unchanged += result.unchanged
            _report(tally, progress)
            if store is not None and not result.unchanged:
                store.put(result)
            documents.append(result.document or {})
            kept = []
            for feature in result.features:
                reason = spec.rejection(feature)
                if reason is None:
                    kept.append(feature)
                elif reason == "coarse":
                    tally.coarse[coarse_period(feature)] += 1
            for feature in kept:
                tally.types[feature["properties"]["event_type"]] += 1
                tally.unplaced += feature.get("geometry") is None
            return kept

        # Up to the first good document before any output starts, so that a run where
        # nothing can be read fails with one line and writes nothing, even on stdout.
        first: list[dict[str, Any]] = []
        for result in results:
            first.extend(handle(result))
            if result.ok:
                break
        if not tally.documents and tally.held:
            error = tally.held.pop(0)
            _report(tally, progress)
            raise GeoeventsError(error)

        def features() -> Iterator[dict[str, Any]]:
            yield from first
            for result in results:
                yield from handle(result)

        if writes:
            write_events(features(), documents, output, fmt or format_for_path(output))
        else:
            for _ in features():
                pass
    click.echo(tally.line(time.perf_counter() - started), err=True)


def _worker_geocoder(geo: dict[str, Any], geocoder: Any) -> tuple[tuple[str, Any], ...] | None:
    """Geocoder options for worker processes (None: offline). The rate limit, budget and
    breaker are shared by every worker of a run (geoevents.geocode.run), so each worker
    keeps the usual delay instead of a multiple of it."""
    if geocoder is None:
        return None
    return tuple(sorted(geo.items()))


def _plan(entries: list[str | InputError], store: Any, with_features: bool) -> Iterator[Any]:
    """Tasks for the engine; bad inputs and documents the store holds unchanged become
    ready results, so they keep their place in the output order."""
    from geoevents.batch import DocResult, Task

    for index, entry in enumerate(entries):
        if isinstance(entry, InputError):
            yield DocResult(index, entry.path, 0, None, None, (), str(entry), 0.0)
        elif entry == "-":
            data = sys.stdin.buffer.read()
            summary = store.current("-", hashlib.sha256(data).hexdigest()) if store else None
            if summary is None:
                yield Task(index, "-", data)
            else:
                yield _unchanged(index, "-", data, summary, store, with_features)
        elif store is None:
            yield Task(index, entry)
        else:
            try:
                with open(entry, "rb") as handle:
                    data = handle.read()
            except OSError:
                yield Task(index, entry)  # the worker reports why it cannot be read
                continue
            summary = store.current(entry, hashlib.sha256(data).hexdigest())
            if summary is None:
                yield Task(index, entry)
            else:
                yield _unchanged(index, entry, data, summary, store, with_features)


def _unchanged(index: int, path: str, data: bytes, summary: dict[str, Any], store: Any,
               with_features: bool) -> Any:
    """A ready result for a document the store holds unchanged (Features only if written)."""
    from geoevents.batch import DocResult

    sha = summary["sha256"]
    found = tuple(store.features(sha)) if with_features else ()
    return DocResult(index, path, len(data), sha, summary, found, None, 0.0, unchanged=True)


def _report(tally: Tally, progress: Any) -> None:
    """Show held failures, one line each (held until a document succeeds, so a lone bad
    input is a single error line with exit status 2)."""
    report_skipped(tally.held, progress.clear_line)
