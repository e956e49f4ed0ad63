"""Options and helpers shared by the subcommands, so each is spelled the same everywhere."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import click

from geoevents.errors import InputError
from geoevents.model import Document


def parse_iso_date(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> date | None:
    """Click callback: YYYY-MM-DD or a clear error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", ctx=ctx, param=param) from None


inputs_argument = click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
glob_option = click.option("--glob", default="*.txt", show_default=True,
                           help="File pattern used when an INPUT is a directory.")
doc_date_option = click.option("--doc-date", callback=parse_iso_date, metavar="YYYY-MM-DD",
                               help="Date of documents whose header gives none (anchors 'In March').")


def iter_documents(inputs: tuple[str, ...], glob: str, doc_date: date | None) -> Iterator[Document]:
    """Documents from INPUT...; each bad input is one line on stderr and the rest go on.

    When not a single input can be read the first failure is raised instead (exit 2),
    so a lone bad file gives exactly one line.
    """
    from geoevents.ingest import read_documents

    held: list[InputError] = []  # failures not yet reported: maybe nothing else reads
    read = 0
    for item in read_documents(inputs, glob=glob, doc_date=doc_date):
        if isinstance(item, InputError):
            held.append(item)
            if read:
                report_skipped(held)
            continue
        read += 1
        report_skipped(held)
        yield item
    if not read and held:
        report_skipped(held[1:])
        raise held[0]


def report_skipped(errors: list, before_each: Callable[[], None] | None = None) -> None:
    """One "skipped PATH: reason" line per held failure, then forget them."""
    for error in errors:
        if before_each is not None:
            before_each()  # e.g. clear a progress line first
        click.echo(f"geoevents: skipped {error}", err=True)
    errors.clear()
