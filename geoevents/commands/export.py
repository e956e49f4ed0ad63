"""`geoevents export --db`: events from an SQLite event store, filtered in SQL, as GeoJSON/CSV."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import click

from geoevents.commands._output import check_output, force_option
from geoevents.contract import SkipLog
from geoevents.export import FORMATS, format_for_path, write_events
from geoevents.event_inputs import overlapping
from geoevents.filters import coarse_note, coarse_period, filter_options, spec_from_options


@click.command(epilog="""\b
Examples:
  geoevents export --db events.sqlite -o all.geojson
  geoevents export --db events.sqlite --from 2008-03 --to 2008-06 --type seizure -o spring.csv
  geoevents export --db events.sqlite --country KZ --drug heroin --min-kg 100 --format geojsonseq
  geoevents export --db events.sqlite --bbox 46,40,88,56 | jq '.features | length'
""")
@click.option("--db", required=True, type=click.Path(dir_okay=False), metavar="PATH",
              help="Event store written by `geoevents extract --db`.")
@click.option("-o", "--output", default="-", metavar="OUT",
              help="Output file; '-' (default) writes to stdout.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from OUT's extension, else geojson).")
@force_option
@filter_options
def command(db: str, output: str, fmt: str | None, force: bool, **options: Any) -> None:
    """Export the events of an event store that match every filter given (the same
    filters as `geoevents filter`: a date range keeps the events inside it, --overlap
    also those dated only to a longer period touching it).  An event reported by several documents comes out
    once, with every report in its `sources` property."""
    from geoevents.store import open_store

    spec = spec_from_options(**options)
    check_output(output, stores=(db,), force=force)
    skipped = SkipLog()
    cited: set[str] = set()
    tally = {"events": 0, "linked": 0}
    coarse: Counter[str] = Counter()
    with open_store(db, create=False) as store:
        def features() -> Iterator[dict[str, Any]]:
            # asked with the dates widened to overlap, so that the events dated only
            # more coarsely than the range can be counted for the summary line
            for feature in store.query(overlapping(spec)):
                if spec.rejection(feature) == "coarse":
                    coarse[coarse_period(feature)] += 1
                    continue
                sources = feature["properties"]["sources"]
                cited.update(s["sha256"] for s in sources)
                tally["events"] += 1
                tally["linked"] += len(sources) > 1
                yield feature

        def documents() -> Iterator[dict[str, Any]]:  # runs after the last feature
            yield from store.documents(cited)

        write_events(features(), documents(), output, fmt or format_for_path(output),
                     on_skip=skipped.add)
    skipped.flush()
    note = coarse_note(coarse)
    click.echo(f"geoevents export: {tally['events']} event(s) from {len(cited)} document(s), "
               f"{tally['linked']} reported by several documents" + (f"; {note}" if note else ""),
               err=True)
