"""Ingest: read files, decode them, parse the cable header, hand the body to segment.

Reports in this field arrive as UTF-8, UTF-16, Windows-1251 or KOI8-R; the encoding is
detected (BOM, strict UTF-8, then charset-normalizer among the Cyrillic code pages) and
recorded on the Document rather than guessed silently.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from geoevents.errors import InputError
from geoevents.header import Header, parse_header
from geoevents.model import Document
from geoevents.segment import segment_body

MAX_BYTES = 200 * 1024 * 1024  # a report larger than this is not a narrative report
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CYRILLIC_PAGES = ["cp1251", "koi8_r"]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name); raise InputError for empty or binary data."""
    if not data.strip():
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), path), encoding
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid {encoding} after its byte-order mark: {exc.reason}") from None
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary file (contains NUL bytes), not a text report")
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000], cp_isolation=_CYRILLIC_PAGES + ["cp1252", "latin_1"]).best()
    # Only trust a Cyrillic code page when the decoded text is mostly letters of one
    # script; otherwise fall back to Latin-1, which never fails.
    encoding = best.encoding if best is not None else "latin_1"
    if encoding not in _CYRILLIC_PAGES and encoding != "cp1252":
        encoding = "latin_1"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "latin_1", data.decode("latin_1")
    return _check_text(text, path), encoding


def _check_text(text: str, path: str) -> str:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise InputError(path, "binary file (control characters), not a text report")
    if not text.strip():
        raise InputError(path, "empty file")
    return text


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
            found = sorted(str(p) for p in Path(item).rglob(glob) if p.is_file())
            if not found:
                yield InputError(item, f"directory has no files matching {glob!r}")
            yield from found
        elif os.path.exists(item):
            yield item
        else:
            yield InputError(item, "no such file or directory")


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

