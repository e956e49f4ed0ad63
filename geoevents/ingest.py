"""Ingest: read files, decode them, parse the cable header, hand the body to segment.

The encoding is detected (:mod:`geoevents.decoding`) and recorded on the Document
rather than guessed silently.  A directory is scanned for regular files only: a FIFO in
it would block the run, so it is reported, never opened.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from geoevents.decoding import decode_bytes
from geoevents.errors import InputError
from geoevents.header import Header, parse_header
from geoevents.model import Document
from geoevents.segment import segment_body

__all__ = ["decode_bytes", "document_from_text", "expand_inputs", "read_document",
           "read_documents"]

MAX_BYTES = 200 * 1024 * 1024  # a report larger than this is not a narrative report


def document_from_text(text: str, path: str = "<text>", doc_date: date | None = None,
                       encoding: str = "utf-8", sha256: str | None = None) -> Document:
    """Build a Document from decoded text (header, cleaned numbered paragraphs)."""
    header = parse_header(text)
    paragraphs = segment_body(text, header)
    return _document(text, path, header, paragraphs, doc_date, encoding,
                     sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest())


def _document(text: str, path: str, header: Header, paragraphs, doc_date: date | None,
              encoding: str, sha256: str) -> Document:
    resolved_date, source = header.doc_date, header.doc_date_source
    if resolved_date is None and doc_date is not None:
        resolved_date, source = doc_date, "option"
    doc_id = header.doc_id or _id_from_path(path, sha256)
    return Document(
        path=path, sha256=sha256, text=text, encoding=encoding, doc_id=doc_id,
        doc_date=resolved_date, doc_date_source=source, title=header.title,
        origin=header.origin, classification=header.classification, tags=header.tags,
        paragraphs=paragraphs,
    )


def _id_from_path(path: str, sha256: str) -> str:
    stem = Path(path).stem if path not in ("-", "<stdin>", "<text>") else "stdin"
    return f"{stem}-{sha256[:8]}"


def read_document(path: str, doc_date: date | None = None) -> Document:
    """Read and segment one file (``-`` reads stdin); raise InputError naming the file."""
    data = _read_bytes(path)
    text, encoding = decode_bytes(data, path)
    doc = document_from_text(text, path="<stdin>" if path == "-" else path,
                             doc_date=doc_date, encoding=encoding,
                             sha256=hashlib.sha256(data).hexdigest())
    if not doc.paragraphs:
        raise InputError(path, "no text found after the header")
    return doc


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(path, f"file too large ({size} bytes; limit {MAX_BYTES})")
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def expand_inputs(inputs: Sequence[str], glob: str = "*.txt") -> Iterator[str | InputError]:
    """Files as given, directories recursively by ``glob`` (sorted), ``-`` as stdin."""
    for item in inputs:
        if item == "-":
            yield item
        elif os.path.isdir(item):
            found = sorted(_scan(Path(item), glob), key=_entry_path)
            if not any(isinstance(f, str) for f in found):
                yield InputError(item, f"directory has no files matching {glob!r}")
            yield from found
        elif os.path.exists(item):
            yield item
        else:
            yield InputError(item, "no such file or directory")


def _scan(folder: Path, glob: str) -> Iterator[str | InputError]:
    """Regular files matching ``glob`` under ``folder``; anything else that is not a
    directory (a FIFO, socket or device) is an InputError, never opened: opening a
    FIFO blocks until something writes to it, and a device may never end."""
    for path in folder.rglob(glob):
        try:
            mode = path.stat().st_mode
        except OSError:  # a dangling link, or gone since the listing
            continue
        if stat.S_ISREG(mode):
            yield str(path)
        elif not stat.S_ISDIR(mode):
            yield InputError(str(path), f"{_kind(mode)}, not a regular file: not read")


def _entry_path(entry: str | InputError) -> str:
    return entry if isinstance(entry, str) else entry.path


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_documents(inputs: Sequence[str], glob: str = "*.txt",
                   doc_date: date | None = None) -> Iterator[Document | InputError]:
    """Yield a Document per readable input and an InputError per bad one, in order."""
    for item in expand_inputs(inputs, glob):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield read_document(item, doc_date)
        except InputError as exc:
            yield exc

