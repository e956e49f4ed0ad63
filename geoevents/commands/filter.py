"""`geoevents filter`: keep the events of a GeoJSON file, text sequence, CSV export or
event store that match.

Streams: one Feature is read, tested and written at a time, so a text sequence of
millions of events filters in constant memory.  The output is written atomically, and
standard output only once the run has succeeded (geoevents.io), so a bad feature never
leaves half a collection behind in ``> out.geojson``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import click

from geoevents.commands._output import check_output, force_option
from geoevents.contract import SkipLog
from geoevents.export import FORMATS, format_for_path, write_events
from geoevents.filters import FilterSpec, coarse_note, coarse_period, filter_options, spec_from_options
from geoevents.event_inputs import read_any_events


def kept_features(features: Iterator[dict[str, Any]], spec: FilterSpec,
                  tally: Counter[str], doc_ids: set[str],
                  coarse: Counter[str] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the matching features, counting in ``tally`` what was read and why dropped
    and collecting the doc_id of every kept event in ``doc_ids``; ``coarse`` counts the
    events left out for a date coarser than the range, by period ("the year 2008")."""
    # Plain local counts, added to ``tally`` at the end (or at an error): a Counter
    # update per event is a measurable share of filtering a million-line sequence.
    read = kept = 0
    reasons: dict[str, int] = {}
    rejection = spec.rejection
    try:
        for feature in features:
            read += 1
            reason = rejection(feature)
            if reason is None:
                kept += 1
                doc_ids.add(feature["properties"].get("doc_id"))
                yield feature
            else:
                reasons[reason] = reasons.get(reason, 0) + 1
                if reason == "coarse" and coarse is not None:
                    coarse[coarse_period(feature)] += 1
    finally:
        tally["read"] += read
        tally["kept"] += kept
        tally.update(reasons)


class DropCounter:
    """The reader's prefilter for ``spec``: True for a feature the filters drop, counted
    as :func:`kept_features` counts it.  Such a feature is never decoded whole (see
    geoevents.reader.read_events); the ones kept come back whole through kept_features.
    :meth:`add_to` puts the counts in the command's tally once the input is read."""

    def __init__(self, spec: FilterSpec, coarse: Counter[str] | None = None):
        self.rejection, self.coarse = spec.rejection, coarse
        self.counts: dict[str, int] = {}  # a plain dict: updated once per dropped event

    def __call__(self, view: dict[str, Any]) -> bool:
        reason = self.rejection(view)
        if reason is None:
            return False
        self.counts[reason] = self.counts.get(reason, 0) + 1
        if reason == "coarse" and self.coarse is not None:
            self.coarse[coarse_period(view)] += 1
        return True

    def add_to(self, tally: Counter[str]) -> None:
        """Count the dropped features in ``tally``: each was read, and why it went."""
        tally["read"] += sum(self.counts.values())
        tally.update(self.counts)


def summary(tally: Counter[str], coarse: Counter[str] | None = None) -> str:
    """The one-line report: kept/read, undated exclusions, other reasons, and the events
    dated too coarsely for the range (with how to keep them)."""
    line = f"kept {tally['kept']} of {tally['read']} events"
    reasons = [f"{tally[r]} {r}" for r in ("date", "type", "country", "drug", "kg", "bbox")
               if tally[r]]
    if tally["undated"]:
        reasons.insert(0, f"{tally['undated']} undated excluded by the date filter")
    if reasons:
        line += f" ({', '.join(reasons)})"
    note = coarse_note(coarse or Counter({"a longer period": tally["coarse"]}))
    return f"{line}; {note}" if note else line


@click.command(epilog="""\b
Examples:
  geoevents filter all.geojson --from 2008-03 --to 2008-03 -o march.geojson
  geoevents filter all.geojson --from "March 2008" --overlap --type seizure
  geoevents filter kz.csv --type seizure -o kz-seizures.csv
  geoevents filter all.geojsons --country KZ --drug heroin --min-kg 10 --format csv -o kz.csv
  geoevents filter all.geojson --bbox 46,40,88,56 --format geojsonseq | jq .properties.title
  cat all.geojsons | geoevents filter - --drug cannabis -o cannabis.geojson
""")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", default="-", metavar="OUT",
              help="Output file; '-' (default) writes to stdout.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from OUT's extension, else geojson).")
@force_option
@filter_options
def command(input_path: str, output: str, fmt: str | None, force: bool, **options: Any) -> None:
    """Keep the events of INPUT (GeoJSON, a GeoJSON text sequence, a CSV export or an
    event store, recognised by content; '-' for stdin) that match every filter given.
    An event matches a date range when its whole [start, end] lies inside it: with
    --from 2008-03 --to 2008-03 an event dated only "2008" is left out (the summary
    says how many were), and --overlap keeps every event that touches the range."""
    spec = spec_from_options(**options)
    check_output(output, inputs=(input_path,), force=force)
    tally: Counter[str] = Counter()
    coarse: Counter[str] = Counter()
    documents: list[dict[str, Any]] = []
    doc_ids: set[str] = set()
    skipped = SkipLog()  # said once the run has succeeded: a failure stays one line
    # with no filter given every event is kept: nothing to drop before decoding
    dropped = DropCounter(spec, coarse) if spec != FilterSpec() else None
    source = read_any_events(input_path, documents, spec=spec, on_skip=skipped.add,
                             prefilter=dropped)
    features = kept_features(source, spec, tally, doc_ids, coarse)
    # Evaluated by the writer after the last feature: by then both are complete.
    cited = (d for d in documents if d.get("doc_id") in doc_ids)
    write_events(features, cited, output, fmt or format_for_path(output), on_skip=skipped.add)
    if dropped is not None:
        dropped.add_to(tally)
    skipped.flush()
    click.echo(f"geoevents filter: {summary(tally, coarse)}", err=True)
