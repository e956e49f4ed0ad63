"""`geoevents dates`: the temporal expressions of each document and the intervals they denote."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from geoevents.commands._common import doc_date_option, glob_option, inputs_argument, iter_documents
from geoevents.commands._output import check_output, force_option
from geoevents.model import Document


def date_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One JSON record per expression.  ``char_start``/``char_end`` are offsets into the
    decoded file, as in `places`, `extract` and the event contract; ``para_start``/
    ``para_end`` are the same span in the paragraph's cleaned text (``source_start``/
    ``source_end`` repeat the file offsets under their earlier names)."""
    from geoevents.dates import document_dates

    paragraphs = {p.number: p for p in doc.paragraphs}
    for number, span in document_dates(doc):
        source_start, source_end = paragraphs[number].source_span(span.char_start, span.char_end)
        yield {
            "text": span.text,
            "paragraph": number,
            "char_start": source_start,
            "char_end": source_end,
            "start": span.start.isoformat() if span.start else None,
            "end": span.end.isoformat() if span.end else None,
            "precision": span.precision,
            "anchor": span.anchor,
            "doc_id": doc.doc_id,
            "para_start": span.char_start,
            "para_end": span.char_end,
            "source_start": source_start,
            "source_end": source_end,
        }


def _write_table(docs: Iterable[Document], out: IO[str]) -> None:
    for doc in docs:
        out.write(f"# {doc.path}  doc_id={doc.doc_id}  doc_date={doc.doc_date or 'unknown'}\n")
        out.write(f"{'para':>4}  {'chars':>11}  {'start':10}  {'end':10}  {'precision':9}  {'anchor':10}  text\n")
        for r in date_records(doc):
            chars = f"{r['char_start']}-{r['char_end']}"
            out.write(f"{r['paragraph']:>4}  {chars:>11}  {r['start'] or '-':10}  {r['end'] or '-':10}  "
                      f"{r['precision']:9}  {r['anchor']:10}  {r['text']}\n")


@click.command(epilog="""\b
Examples:
  geoevents dates cable.txt --format table
  geoevents dates reports/ --glob '*.txt' -o dates.json
  cat note.txt | geoevents dates - --doc-date 2008-12-02
\b
Year-less dates ("In March") are resolved against the document date, preferring the
past; without one (and without --doc-date) they are listed with start/end null and
anchor "unanchored".  char_start/char_end are offsets in the decoded file (as in
`places` and `extract`); para_start/para_end count from the paragraph's text.
""")
@inputs_argument
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: a list of records; table: one line per expression.")
@click.option("-o", "--output", default="-", show_default=True, metavar="PATH",
              help="Write here instead of standard output.")
@glob_option
@doc_date_option
@force_option
def command(inputs: tuple[str, ...], fmt: str, output: str, glob: str, doc_date,
            force: bool) -> None:
    """List temporal expressions, anchored to the document date."""
    from geoevents.io import atomic_output

    check_output(output, inputs=inputs, glob=glob, force=force)
    docs = iter_documents(inputs, glob, doc_date)
    if fmt == "json":
        records = [r for doc in docs for r in date_records(doc)]
        with atomic_output(output) as out:
            out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        with atomic_output(output) as out:
            _write_table(docs, out)
