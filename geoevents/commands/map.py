"""`geoevents map`: events (GeoJSON, CSV export, event store, or reports extracted on the fly)
to one offline HTML map."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geoevents.commands._common import doc_date_option, glob_option, iter_documents, report_skipped
from geoevents.commands._output import check_output, force_option
from geoevents.contract import SkipLog
from geoevents.errors import GeoeventsError, InputError
from geoevents.event_inputs import EVENT_KINDS, read_any_events
from geoevents.filters import FilterSpec, coarse_note, coarse_period, filter_options, spec_from_options
from geoevents.geocode.options import GEOCODER_PARAMS, fallback_from_options, geocoder_options
from geoevents.sniff import sniff

if TYPE_CHECKING:
    from geoevents.render.data import Preparer


@click.command(epilog="""\b
Examples:
  geoevents map events.geojson                      # writes maps/events.html
  geoevents map cable.txt --offline -o maps/cable.html
  geoevents map reports/ --offline --from 2008 --to 2009 --type seizure,arrest
  geoevents map kz.csv events.sqlite -o maps/kz.html  # a CSV export, an event store
  geoevents extract cable.txt --offline | geoevents map - -o maps/piped.html --title "Kazakhstan"
  geoevents map events.geojson --cdn -o maps/small.html --open
  geoevents map --db events.sqlite --country KZ --from 2008 -o maps/kz2008.html
\b
A map is made to be shared: popups and the document list name each source by its
file name; --source-paths keeps the full paths (for your own use).
""")
@click.argument("inputs", nargs=-1, required=False, metavar="[INPUT...]")
@click.option("--db", metavar="PATH", type=click.Path(dir_okay=False),
              help="Read events from an event store (`geoevents extract --db`); filters run as SQL.")
@click.option("-o", "--output", metavar="PATH", default=None,
              help="HTML file to write ('-' for stdout) [default: maps/<first input stem>.html].")
@click.option("--title", metavar="TEXT", help="Page title [default: from the documents].")
@click.option("--cdn", is_flag=True,
              help="Link Leaflet from the jsDelivr CDN instead of inlining it.  Needs internet "
                   "(offline the page says so) and saves only ~165 kB, about a tenth of the "
                   "file: the country outlines, region borders and place names stay inlined.")
@click.option("--source-paths", is_flag=True,
              help="Show each source document's full path in popups and the document list "
                   "(default: its file name only, so a shared map does not reveal your folders).")
@click.option("--open", "open_browser", is_flag=True, help="Open the written map in a browser.")
@glob_option
@doc_date_option
@force_option
@geocoder_options
@filter_options
def command(inputs: tuple[str, ...], db: str | None, output: str | None, title: str | None, cdn: bool,
            source_paths: bool, open_browser: bool, glob: str, doc_date: Any, force: bool,
            **options: Any) -> None:
    """Write a self-contained HTML map with a time slider and a timeline.

    Each INPUT is recognised by its content: GeoJSON events or a GeoJSON text sequence
    (as `geoevents extract` writes them; '-' reads stdin), a CSV export, an event store,
    or report files/directories, which are extracted on the fly with extract's options
    (--offline, --doc-date, --glob, geocoder options).  A date filter keeps the events
    inside the range (--overlap: also those dated only to a longer period touching it).
    By default every script and style is inside the file, so it opens with no network.
    """
    from geoevents.io import atomic_output
    from geoevents.render import write_map
    from geoevents.render.data import Preparer

    spec = spec_from_options(**options)
    if not inputs and not db:
        raise click.UsageError("give INPUT files or --db PATH")
    target = output or default_output(inputs[0] if inputs else db)
    check_output(target, inputs=inputs, glob=glob, stores=(db,), force=force)
    skipped = SkipLog()  # said once the map is written: a failure stays one line
    # Each event goes into the map's compact records as it is read, and is not kept:
    # 100 000 events as Python objects would take ~0.8 GB, as records ~0.2 GB.
    taken = _Taken(spec, Preparer(compact=True))
    if db:
        documents: list[dict[str, Any]] = []
        taken.all(read_any_events(db, documents, kind="store", spec=spec), skipped.add)
    else:
        geo = {k: v for k, v in options.items() if k in GEOCODER_PARAMS}
        documents = _collect(inputs, glob, doc_date, geo, taken, skipped)
    prepared = taken.preparer.finish()
    with atomic_output(target) as handle:
        write_map(handle, prepared, documents, title=title, cdn=cdn, source_paths=source_paths)
    skipped.flush()
    if target != "-":
        size = Path(target).stat().st_size / 1e6
        note = coarse_note(taken.coarse)
        click.echo(f"geoevents: wrote {target}: {taken.kept} event(s) of {taken.total}, "
                   f"{taken.unplaced} unplaced, {len(documents)} document(s), {size:.1f} MB"
                   + (f"; {note}" if note else ""), err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(Path(target).resolve().as_uri())


class _Taken:
    """The events the filter keeps, handed to the map's preparer one at a time, with the
    counts the summary line needs; what one input added can be taken back (see mark)."""

    def __init__(self, spec: FilterSpec, preparer: Preparer) -> None:
        self.spec = spec
        self.preparer = preparer
        self.total = self.kept = self.unplaced = 0
        self.coarse: Counter[str] = Counter()  # coarsely dated events left out, by period

    def take(self, feature: dict[str, Any], on_skip: Callable[[str], None]) -> None:
        self.total += 1
        reason = self.spec.rejection(feature)
        if reason is None:
            self.kept += 1
            self.unplaced += not feature.get("geometry")
            self.preparer.add(feature, on_skip)
        elif reason == "coarse":
            self.coarse[coarse_period(feature)] += 1

    def all(self, features: Iterable[dict[str, Any]], on_skip: Callable[[str], None]) -> None:
        for feature in features:
            self.take(feature, on_skip)

    def mark(self) -> tuple[Any, ...]:
        """Where things stand, for :meth:`rollback`."""
        return self.preparer.mark(), self.total, self.kept, self.unplaced, Counter(self.coarse)

    def rollback(self, mark: tuple[Any, ...]) -> None:
        """Forget what was taken since ``mark`` (an input that failed half-way)."""
        preparer, self.total, self.kept, self.unplaced, self.coarse = mark
        self.preparer.rollback(preparer)


def default_output(first_input: str) -> str:
    """maps/<stem of the first input>.html (maps/stdin.html for '-')."""
    stem = "stdin" if first_input == "-" else Path(first_input.rstrip("/\\")).stem or "map"
    return str(Path("maps") / f"{stem}.html")


def is_geojson_input(path: str) -> bool:
    """True when ``path`` holds events rather than reports (kept for callers; see sniff)."""
    try:
        return sniff(path) in EVENT_KINDS
    except InputError:
        return False


def _collect(inputs: tuple[str, ...], glob: str, doc_date: Any, geo: dict[str, Any],
             taken: _Taken, skipped: SkipLog) -> list[dict[str, Any]]:
    """Hand every INPUT's events to ``taken``; return the document entries.  A bad input
    is skipped with one line, and none of its events is shown.

    Each input is recognised by content (geoevents.sniff).  Failures are held until the
    end: when nothing at all could be read, the first is the error (one line, exit 2)
    and is not also reported as skipped.
    """
    documents: list[dict[str, Any]] = []
    failures: list[GeoeventsError] = []
    reports: list[str] = []
    for path in inputs:
        try:
            kind = sniff(path)
        except InputError as exc:
            failures.append(exc)
            continue
        if kind not in EVENT_KINDS:
            reports.append(path)
            continue
        held = SkipLog()  # a file that then fails says only its error, not its skips
        docs: list[dict[str, Any]] = []
        mark = taken.mark()
        try:
            taken.all(read_any_events(path, docs, kind=kind, spec=taken.spec, on_skip=held.add),
                      held.add)
        except GeoeventsError as exc:
            taken.rollback(mark)
            failures.append(exc)
            continue
        skipped.merge(held)
        documents.extend(docs)
    if reports:
        mark = taken.mark()
        try:
            documents.extend(_extract(tuple(reports), glob, doc_date, geo, taken, skipped))
        except GeoeventsError as exc:
            taken.rollback(mark)
            failures.append(exc)
    if failures and not taken.total and not documents:
        report_skipped(failures[1:])
        raise failures[0]
    report_skipped(failures)
    return _unique(documents)


def _extract(reports: tuple[str, ...], glob: str, doc_date: Any, geo: dict[str, Any],
             taken: _Taken, skipped: SkipLog) -> list[dict[str, Any]]:
    """Extract the reports' events into ``taken``; return their document entries."""
    from geoevents.pipeline import document_events

    geocoder = fallback_from_options(**geo)
    documents: list[dict[str, Any]] = []
    for doc in iter_documents(reports, glob, doc_date):
        documents.append(doc.summary())
        taken.all((event.to_feature() for event in document_events(doc, geocoder=geocoder)),
                  skipped.add)
    return documents


def _unique(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, Any]] = set()
    out = []
    for doc in documents:
        key = (doc.get("doc_id"), doc.get("sha256"))
        if key not in seen:
            seen.add(key)
            out.append(doc)
    return out
