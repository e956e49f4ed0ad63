"""Decode a report's bytes: which encoding, and whether it is text at all.

Reports in this field arrive as UTF-8, UTF-16, Windows-1251 or KOI8-R, seldom labelled.
The order of the tests: a byte-order mark; NUL bytes (UTF-16 without a mark, else a
binary file); strict UTF-8; UTF-8 with a few stray bytes replaced (and a warning), since
one corrupt byte must not turn a whole UTF-8 file into code-page mojibake; then
charset-normalizer among the Cyrillic code pages, and Latin-1, which never fails.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable

from geoevents.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CYRILLIC_PAGES = ["cp1251", "koi8_r"]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # undecodable bytes, under surrogateescape


def decode_bytes(data: bytes, path: str,
                 warn: Callable[[str], None] | None = None) -> tuple[str, str]:
    """Return (text, encoding name); raise InputError for empty or binary data.

    ``warn`` gets one line when bytes had to be replaced (default: said on stderr).
    """
    if not data.strip():
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), path), encoding
            except UnicodeDecodeError as exc:
                body = data[len(bom):]
                bad = _stray_utf8_sequences(body) if encoding == "utf-8-sig" else 0
                if bad:
                    return _replaced(body, bad, path, warn), encoding
                raise InputError(path, f"invalid {encoding} after its byte-order mark: {exc.reason}") from None
    if b"\x00" in data[:65536]:
        found = _utf16_without_bom(data)
        if found is None:
            raise InputError(path, "binary file (contains NUL bytes), not a text report")
        return _check_text(found[0], path), found[1]
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    bad = _stray_utf8_sequences(data)
    if bad:
        return _replaced(data, bad, path, warn), "utf-8"
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


def _stray_utf8_sequences(data: bytes) -> int:
    """How many bad sequences to replace when ``data`` is UTF-8 but for a few stray
    bytes; 0 when it should be decoded as a single-byte code page instead.

    UTF-8 is kept when there is at most one bad sequence per 1,000 characters and at
    least as many valid non-ASCII characters as bad sequences.  A Cyrillic code page
    breaks UTF-8 at nearly every word, so it fails the first test; Windows-1252 English
    (a curly quote here and there) has no valid multi-byte characters, so it fails the
    second -- and a file that is ASCII but for a stray byte loses nothing to a code
    page, which changes only that byte.  One U+FFFD is the honest reading of a
    corrupt byte; a wrong code page garbles every other non-ASCII letter of the file.
    """
    text = data.decode("utf-8", errors="surrogateescape")  # bad bytes: U+DC80..U+DCFF
    limit = max(1, len(text) // 1000)
    runs = bad_bytes = 0
    for run in _ESCAPED_BYTES.finditer(text):
        runs += 1
        bad_bytes += run.end() - run.start()
        if runs > limit:
            return 0
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return runs if non_ascii - bad_bytes >= runs else 0


def _replaced(data: bytes, bad: int, path: str, warn: Callable[[str], None] | None) -> str:
    """``data`` as UTF-8 with its ``bad`` stray sequences replaced, said in one line."""
    (warn or _warn_on_stderr)(f"{path}: {bad} invalid UTF-8 byte sequence(s) replaced "
                              "with U+FFFD")
    return _check_text(data.decode("utf-8", errors="replace"), path)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when NUL bytes show UTF-16 without a byte-order mark.

    Every ASCII character of UTF-16 has a zero byte, all on the same side of its
    code unit (odd offsets for little-endian, even for big-endian); binary files
    scatter their zeros over both.  Decoding must then succeed and give printable
    text, or the file is binary after all.
    """
    if len(data) % 2:
        return None
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.95 * (even + odd):
        encoding = "utf-16-le"
    elif even >= 0.95 * (even + odd):
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # lone surrogates: not UTF-16
        return None
    head = text[:32768]
    printable = sum(1 for c in head if c.isprintable() or c in "\t\n\r\f\v")
    return (text, encoding) if printable >= 0.98 * len(head) else None


def _warn_on_stderr(message: str) -> None:
    print(f"geoevents: warning: {message}", file=sys.stderr, flush=True)


def _check_text(text: str, path: str) -> str:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise InputError(path, "binary file (control characters), not a text report")
    if not text.strip():
        raise InputError(path, "empty file")
    return text
