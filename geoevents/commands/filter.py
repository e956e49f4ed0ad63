"""`geoevents filter`: keep the events of a GeoJSON file or text sequence that match.

Streams: one Feature is read, tested and written at a time, so a text sequence of
millions of events filters in constant memory.  The output is written atomically.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import click

from geoevents.commands._output import check_output, force_option
from geoevents.contract import SkipLog
from geoevents.export import FORMATS, format_for_path, write_events
from geoevents.filters import FilterSpec, filter_options, spec_from_options
from geoevents.reader import read_events


def kept_features(features: Iterator[dict[str, Any]], spec: FilterSpec,
                  tally: Counter[str], doc_ids: set[str]) -> Iterator[dict[str, Any]]:
    """Yield the matching features, counting in ``tally`` what was read and why dropped
    and collecting the doc_id of every kept event in ``doc_ids``."""
    for feature in features:
        tally["read"] += 1
        reason = spec.rejection(feature)
        if reason is None:
            tally["kept"] += 1
            doc_ids.add(feature["properties"].get("doc_id"))
            yield feature
        else:
            tally[reason] += 1


def summary(tally: Counter[str]) -> str:
    """The one-line report: kept/read, undated exclusions, other reasons."""
    line = f"kept {tally['kept']} of {tally['read']} events"
    reasons = [f"{tally[r]} {r}" for r in ("date", "type", "country", "drug", "kg", "bbox")
               if tally[r]]
    if tally["undated"]:
        reasons.insert(0, f"{tally['undated']} undated excluded by the date filter")
    return f"{line} ({', '.join(reasons)})" if reasons else line


@click.command(epilog="""\b
Examples:
  geoevents filter all.geojson --from 2008-03 --to 2008-03 -o march.geojson
  geoevents filter all.geojson --from "March 2008" --within --type seizure
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
    """Keep the events of INPUT (GeoJSON, or a GeoJSON text sequence; '-' for stdin)
    that match every filter given; an event matches a date range when its
    [start, end] overlaps it (--within: lies inside it)."""
    spec = spec_from_options(**options)
    check_output(output, inputs=(input_path,), force=force)
    tally: Counter[str] = Counter()
    documents: list[dict[str, Any]] = []
    doc_ids: set[str] = set()
    skipped = SkipLog()  # said once the run has succeeded: a failure stays one line
    features = kept_features(read_events(input_path, documents, on_skip=skipped.add),
                             spec, tally, doc_ids)
    # Evaluated by the writer after the last feature: by then both are complete.
    cited = (d for d in documents if d.get("doc_id") in doc_ids)
    write_events(features, cited, output, fmt or format_for_path(output), on_skip=skipped.add)
    skipped.flush()
    click.echo(f"geoevents filter: {summary(tally)}", err=True)
