"""What an input holds, told from its first bytes rather than from its name.

`map kz.csv` used to read the tool's own CSV export as a text report (and map one bogus
event from its header); a JSON list or another program's CSV went the same way.  The
kinds: ``geojson`` (a FeatureCollection or Feature, also newline-delimited), ``geojsonseq``
(RFC 8142, RS first), ``csv`` (a CSV written by `geoevents extract/filter/export`),
``store`` (an SQLite file, read as an event store), ``reports`` (a directory: reports in
it) and ``text`` (a report).  Anything else is refused with one line naming the file.
"""
from __future__ import annotations

import csv
import io
import os
import sys
from typing import Literal

from geoevents.errors import InputError

Kind = Literal["geojson", "geojsonseq", "csv", "store", "reports", "text"]

SQLITE_MAGIC = b"SQLite format 3\x00"
# The columns every CSV export starts with (geoevents.export.LEAD_COLUMNS begins so).
CSV_MARK = ("id", "event_type", "title", "start", "end")
JSON_SUFFIXES = (".geojson", ".json", ".geojsonl", ".geojsons", ".jsonl", ".geojsonseq",
                 ".ndjson")
TABLE_SUFFIXES = (".csv", ".tsv")
EVENT_FORMATS = ("GeoJSON, a GeoJSON text sequence, a geoevents CSV export "
                 "or an event store")
ACCEPTED = ("GeoJSON, a GeoJSON text sequence, a geoevents CSV export, an event store "
            "or a text report")
_HEAD = 4096


def sniff(path: str) -> Kind:
    """The kind of ``path`` (``-``: standard input, peeked without consuming it).

    Raises InputError (one line, naming the file) for what no command can read as
    events or reports: a JSON list, a CSV that is not an export, a binary file named
    as a table or as JSON.  A missing file is left to the reader, which says so.
    """
    if path != "-" and os.path.isdir(path):
        return "reports"
    head = _head(path)
    if head is None:  # unreadable (the reader says why) or a stdin that cannot peek
        return "geojson" if path == "-" or path.lower().endswith(JSON_SUFFIXES) else "text"
    return kind_of(head, path)


def kind_of(head: bytes, path: str) -> Kind:
    """The kind of an input whose first bytes are ``head`` (see :func:`sniff`)."""
    name = "<stdin>" if path == "-" else path
    lower = path.lower()
    if head.startswith(SQLITE_MAGIC):
        return "store"
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    first = body[:1]
    if first == b"{":
        return "geojson"
    if first == b"\x1e":
        return "geojsonseq"
    if first == b"[":
        raise InputError(name, "a JSON list, not GeoJSON events (`dates` and `places` "
                               "write lists; `extract` writes events)")
    if is_csv_export(body):
        return "csv"
    if lower.endswith(TABLE_SUFFIXES):
        raise InputError(name, "not a geoevents CSV export (its header does not start with "
                               f"{','.join(CSV_MARK)}); expected {ACCEPTED}")
    if lower.endswith(JSON_SUFFIXES):
        return "geojson"  # the reader names what it found instead of JSON
    if not body and lower.endswith(".sqlite"):
        return "store"
    return "text"


def is_csv_export(head: bytes) -> bool:
    """True when the first line is the header of a geoevents CSV export."""
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return False
    return tuple(header[:len(CSV_MARK)]) == CSV_MARK and "wkt" in header


def _head(path: str) -> bytes | None:
    """The first bytes of a file, or of standard input without consuming them."""
    if path == "-":
        stream = sys.stdin.buffer
        peek = getattr(stream, "peek", None)
        if peek is None:
            return None
        try:
            return peek(_HEAD)[:_HEAD]
        except (OSError, ValueError):
            return None
    try:
        with open(path, "rb") as handle:
            return handle.read(_HEAD)
    except OSError:
        return None
