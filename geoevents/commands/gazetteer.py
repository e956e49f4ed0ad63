"""`geoevents gazetteer`: look names up in the bundled gazetteer and show its size."""
from __future__ import annotations

import json
import time

import click

EPILOG = """\b
Examples:
  geoevents gazetteer lookup Petropavlovsk
  geoevents gazetteer lookup "Taldy Korgan" --country KZ
  geoevents gazetteer lookup Afghan          # demonyms resolve to their country
  geoevents gazetteer stats
"""


@click.group(epilog=EPILOG)
def command() -> None:
    """Query the bundled offline gazetteer (GeoNames, Natural Earth, curated entries)."""


@command.command(epilog=EPILOG)
@click.argument("name")
@click.option("--country", metavar="CC", help="Only entries of this ISO alpha-2 country.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="At most this many entries, best first.")
def lookup(name: str, country: str | None, limit: int) -> None:
    """Entries called NAME (any spelling the gazetteer knows), best first, as JSON."""
    from geoevents.gazetteer import load_gazetteer

    if not name.strip():
        raise click.BadParameter("must not be empty", param_hint="NAME")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise click.BadParameter(f"{country!r} is not an ISO alpha-2 code", param_hint="--country")
    entries = load_gazetteer().lookup(name, country)[:limit]
    click.echo(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=1))


@command.command(epilog=EPILOG)
def stats() -> None:
    """Counts of entries by kind, name keys, and the time taken to load the index."""
    from geoevents import gazetteer as gz

    started = time.perf_counter()
    gaz = gz.load_gazetteer()
    loaded = time.perf_counter() - started
    out = gaz.stats()
    out["load_seconds"] = round(loaded, 4)
    click.echo(json.dumps(out, indent=1))
