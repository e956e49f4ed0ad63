"""`geoevents inspect`: what the ingest and segment stages made of each document."""
from __future__ import annotations

import json
from typing import Any

import click

from geoevents.commands._common import doc_date_option, glob_option, inputs_argument, iter_documents
from geoevents.commands._output import check_output, force_option
from geoevents.io import atomic_output
from geoevents.model import Document


def document_json(doc: Document) -> dict[str, Any]:
    """The inspect record of one document (the foundation issue's shape)."""
    return {
        **doc.summary(),  # doc_id, doc_date, title, path, sha256: as in the GeoJSON documents
        "doc_date_source": doc.doc_date_source,
        "origin": doc.origin,
        "classification": doc.classification,
        "tags": list(doc.tags),
        "encoding": doc.encoding,
        "paragraphs": [
            {
                "number": p.number,
                "heading": p.heading,
                "classification": p.classification,
                "char_start": p.char_start,
                "char_end": p.char_end,
                "sentences": [
                    {"text": s.text, "char_start": s.char_start, "char_end": s.char_end}
                    for s in p.sentences
                ],
            }
            for p in doc.paragraphs
        ],
    }


def _text(doc: Document) -> str:
    lines = [
        f"{doc.path}",
        f"  doc_id: {doc.doc_id}   doc_date: {doc.doc_date or 'unknown'} ({doc.doc_date_source})",
        f"  title: {doc.title or '-'}",
        f"  origin: {doc.origin or '-'}   classification: {doc.classification or '-'}   encoding: {doc.encoding}",
        f"  tags: {' '.join(doc.tags) or '-'}",
        f"  paragraphs: {len(doc.paragraphs)}   sentences: {sum(len(p.sentences) for p in doc.paragraphs)}",
    ]
    for p in doc.paragraphs:
        if p.heading:
            lines.append(f"  == {p.heading}")
        mark = f" ({p.classification})" if p.classification else ""
        lines.append(f"  {p.number}.{mark} [{p.char_start}:{p.char_end}]")
        lines.extend(f"      {s.index + 1}: {s.text}" for s in p.sentences)
    return "\n".join(lines)


@click.command(epilog="""\b
Examples:
  geoevents inspect cable.txt
  geoevents inspect reports/ --glob '*.txt' --format json -o docs.json
  cat cable.txt | geoevents inspect - --doc-date 2008-12-02
""")
@inputs_argument
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, metavar="PATH",
              help="Write here instead of standard output.")
@glob_option
@doc_date_option
@force_option
def command(inputs: tuple[str, ...], fmt: str, output: str, glob: str, doc_date,
            force: bool) -> None:
    """Show each document's metadata, paragraphs and sentences."""
    check_output(output, inputs=inputs, glob=glob, force=force)
    docs = iter_documents(inputs, glob, doc_date)
    with atomic_output(output) as out:
        if fmt == "json":
            out.write(json.dumps([document_json(d) for d in docs], ensure_ascii=False, indent=2) + "\n")
        else:
            for doc in docs:
                out.write(_text(doc) + "\n")
