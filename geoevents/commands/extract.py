"""`geoevents extract`: reports in, GeoJSON / GeoJSON text sequence / CSV events out."""
from __future__ import annotations

import time
from collections import Counter

import click

from geoevents.commands._common import doc_date_option, glob_option, inputs_argument, iter_documents
from geoevents.filters import filter_options, spec_from_options
from geoevents.geocode.options import fallback_from_options, geocoder_options


@click.command(epilog="""\b
Examples:
  geoevents extract cable.txt --offline -o events.geojson
  geoevents extract reports/ --format csv -o events.csv
  geoevents extract cable.txt --type seizure --from 2008-01 --to 2008-06
  cat cable.txt | geoevents extract - --doc-date 2008-12-02 --format geojsonseq | jq .
""")
@inputs_argument
@click.option("-o", "--output", default="-", metavar="PATH", help="Output file; '-' is stdout.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "geojsonseq", "csv"]), default=None,
              help="Output format (default: from the file name, else geojson).")
@glob_option
@doc_date_option
@geocoder_options
@filter_options
def command(inputs, output, fmt, glob, doc_date, **options) -> None:
    """Extract dated, geolocated events from reports."""
    from geoevents.export import format_for_path, write_events
    from geoevents.pipeline import document_events

    spec = spec_from_options(**options)
    geocoder = fallback_from_options(**{k: v for k, v in options.items() if k.startswith(("offline", "geocode"))})
    documents: list = []
    tally: Counter[str] = Counter()
    unresolved = 0
    started = time.perf_counter()

    def features():
        nonlocal unresolved
        for doc in iter_documents(inputs, glob, doc_date):
            documents.append(doc)
            for event in document_events(doc, geocoder=geocoder):
                feature = event.to_feature()
                if not spec.matches(feature):
                    continue
                tally[event.event_type] += 1
                unresolved += feature["geometry"] is None
                yield feature

    write_events(features(), documents, output, fmt or format_for_path(output))
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(tally.items())) or "none"
    click.echo(f"geoevents: {len(documents)} document(s), {sum(tally.values())} event(s) ({kinds}), "
               f"{unresolved} unplaced, {time.perf_counter() - started:.2f}s", err=True)
