"""`geoevents places`: list each place mention and what it resolves to."""
from __future__ import annotations

import json
from typing import Any

import click

from geoevents.commands._common import doc_date_option, glob_option, inputs_argument, iter_documents
from geoevents.commands._output import check_output, force_option
from geoevents.geocode.options import fallback_from_options, geocoder_options
from geoevents.io import atomic_output
from geoevents.model import Document, Place

EPILOG = """\b
Examples:
  geoevents places cable.txt --offline
  geoevents places reports/ --glob '*.txt' --offline --format table
  geoevents places cable.txt -o places.json      # names the gazetteer lacks go to Nominatim
\b
char_start/char_end are offsets in the decoded file; "candidates" lists close
alternatives when a name is ambiguous.
"""
FIELDS = ("text", "paragraph", "char_start", "char_end", "name", "place_id", "kind",
          "country_code", "admin1", "lat", "lon", "geo_precision", "resolved_by", "candidates")


def place_json(doc: Document, number: int, place: Place) -> dict[str, Any]:
    """One output record; offsets mapped from the paragraph's text to the file."""
    para = next(p for p in doc.paragraphs if p.number == number)
    start, end = para.source_span(place.char_start, place.char_end)
    record: dict[str, Any] = {
        "doc_id": doc.doc_id, "text": place.text, "paragraph": number, "char_start": start,
        "char_end": end, "name": place.name, "place_id": place.place_id, "kind": place.kind,
        "country_code": place.country_code, "admin1": place.admin1, "lat": place.lat,
        "lon": place.lon, "geo_precision": place.geo_precision, "resolved_by": place.resolved_by,
        "candidates": list(place.candidates),
    }
    if place.role:
        record["role"] = place.role
    return record


def _table(records: list[dict[str, Any]]) -> str:
    header = ("para", "text", "name", "cc", "kind", "precision", "by", "lat", "lon", "alts")
    rows = [header]
    for r in records:
        rows.append((str(r["paragraph"]), r["text"][:40], (r["name"] or "-")[:32],
                     r["country_code"] or "-", r["kind"] or "-", r["geo_precision"],
                     r["resolved_by"], "-" if r["lat"] is None else f"{r['lat']:.3f}",
                     "-" if r["lon"] is None else f"{r['lon']:.3f}", str(len(r["candidates"]))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)


@click.command(epilog=EPILOG)
@inputs_argument
@glob_option
@doc_date_option
@geocoder_options
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json",
              show_default=True, help="JSON list of mentions, or an aligned text table.")
@click.option("-o", "--output", default="-", show_default=True, metavar="PATH",
              help="Write here instead of stdout ('-').")
@force_option
def command(inputs: tuple[str, ...], glob: str, doc_date, fmt: str, output: str,
            force: bool, **geo: Any) -> None:
    """List place mentions in INPUT... (files, directories, '-') and their resolution."""
    from geoevents.places import document_places

    check_output(output, inputs=inputs, glob=glob, force=force)
    geocoder = fallback_from_options(**geo)
    records: list[dict[str, Any]] = []
    try:
        for doc in iter_documents(inputs, glob, doc_date):
            for number, place in document_places(doc, offline=geocoder is None, geocoder=geocoder):
                records.append(place_json(doc, number, place))
    finally:
        if geocoder is not None:
            geocoder.close()
    with atomic_output(output) as out:
        if fmt == "json":
            json.dump(records, out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            out.write(_table(records) + "\n")
