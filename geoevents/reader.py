"""Streaming reader of event GeoJSON: a FeatureCollection or a GeoJSON text sequence.

Accepts a FeatureCollection (parsed member by member, its ``features`` array one
element at a time), RFC 8142 sequences (RS before each Feature, as `fio cat --rs`
writes), newline-delimited Features, from a file or stdin (``-``).  Memory stays
bounded by one chunk plus one Feature, and one Feature (any one JSON value read
whole) may hold at most ``GEOEVENTS_MAX_FEATURE_MB`` megabytes of text (default 64):
a runaway value -- an unterminated string of gigabytes -- is an error once it passes
the limit, instead of after it has been read into memory, several times over.  Every Feature is checked against the event
contract: a Feature that is not one (bad JSON, type, geometry, event_type or dates) is an
:class:`InputError` naming the place (line, column); one whose structured properties do
not fit (``"route": "A > B"``, see :mod:`geoevents.contract`) is skipped and reported
through ``on_skip``, and the others are read.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import os
import re
import sys
from collections.abc import Iterator
from datetime import date
from typing import IO, Any, NoReturn

from geoevents.contract import SkipHandler, properties_problem, warn_skipped
from geoevents.errors import GeoeventsError, InputError
from geoevents.model import EVENT_TYPES

CHUNK_SIZE = 1 << 16
MAX_FEATURE_ENV = "GEOEVENTS_MAX_FEATURE_MB"
DEFAULT_MAX_FEATURE_MB = 64.0
MB = 1 << 20
RS = "\x1e"
_WS = re.compile(r"[ \t\n\r]*")
_SEPARATORS = re.compile(r"[ \t\n\r\x1e]*")  # between the texts of a sequence
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
          "Polygon": 2, "MultiPolygon": 3}


class _NonFinite(ValueError):
    """NaN/Infinity literals: Python's json accepts them, JSON (and GeoJSON) does not."""


def _reject_constant(name: str) -> NoReturn:
    raise _NonFinite(f"{name} is not valid JSON")


def max_feature_mb() -> float:
    """The size limit of one Feature in megabytes: ``GEOEVENTS_MAX_FEATURE_MB`` or 64."""
    raw = os.environ.get(MAX_FEATURE_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FEATURE_MB
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise GeoeventsError(f"{MAX_FEATURE_ENV}={raw!r} is not a positive number of megabytes")
    return value


def read_events(path: str, documents: list[dict[str, Any]] | None = None, *,
                chunk_size: int = CHUNK_SIZE, on_skip: SkipHandler = warn_skipped,
                max_mb: float | None = None) -> Iterator[dict[str, Any]]:
    """Yield the validated Features of ``path`` (``-`` = stdin) one at a time.

    Entries of a FeatureCollection's ``documents`` member are appended to
    ``documents`` (when given) as they are met, so they are complete once the
    iterator is exhausted.  A Feature whose properties do not fit the contract is
    not yielded: ``on_skip`` gets "feature N of PATH: why" (default: said on stderr).
    One Feature (or other member) larger than ``max_mb`` megabytes of text (default:
    :func:`max_feature_mb`) is an InputError.  A bad limit is refused at the call,
    before the caller starts any output.
    """
    limit_mb = max_feature_mb() if max_mb is None else max_mb
    return _read_events(path, documents, chunk_size, on_skip, limit_mb)


def _read_events(path: str, documents: list[dict[str, Any]] | None, chunk_size: int,
                 on_skip: SkipHandler, max_mb: float) -> Iterator[dict[str, Any]]:
    name = "<stdin>" if path == "-" else str(path)
    with _open_text(path, name) as stream:
        src = _Source(stream, name, chunk_size, on_skip, max_mb)
        first = src.peek()
        if first is None:
            raise InputError(name, "empty input: expected a GeoJSON FeatureCollection "
                                   "or a GeoJSON text sequence")
        if first == "{":
            counter = yield from _top_object(src, documents)
            if counter < 0:  # a whole FeatureCollection: nothing may follow it
                if src.peek() is not None:
                    src.fail("unexpected data after the FeatureCollection")
                return
            yield from _sequence(src, start=counter)
        elif first == RS:
            yield from _sequence(src, start=0)
        else:
            src.fail("expected a GeoJSON FeatureCollection, a Feature or an RS-separated "
                     f"text sequence, found {first!r}")


def load_events(path: str, on_skip: SkipHandler = warn_skipped
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """All features and documents of ``path`` in memory (for the map and small inputs)."""
    documents: list[dict[str, Any]] = []
    features = list(read_events(path, documents, on_skip=on_skip))
    return features, documents


@contextlib.contextmanager
def _open_text(path: str, name: str) -> Iterator[IO[str]]:
    try:
        raw = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield text
    finally:
        if path == "-":
            text.detach()  # leave the process's stdin open
        else:
            text.close()


class _Source:
    """A sliding text window over the stream, with line/column for error messages."""

    def __init__(self, stream: IO[str], name: str, chunk_size: int,
                 on_skip: SkipHandler = warn_skipped,
                 max_mb: float = DEFAULT_MAX_FEATURE_MB):
        self.stream, self.name, self.chunk_size = stream, name, chunk_size
        self.on_skip = on_skip
        self.max_mb, self.max_chars = max_mb, max(1, int(max_mb * MB))
        self.buf, self.pos, self.start, self.eof = "", 0, 0, False
        self.line, self.column = 1, 1  # position of buf[0] in the input
        self.decoder = json.JSONDecoder(parse_constant=_reject_constant)

    def more(self, grow: bool = False) -> bool:
        """Drop the consumed text and read another chunk; False at end of input.

        With ``grow`` the read is as long as the unfinished value already held, so a
        value much bigger than a chunk costs linear, not quadratic, decoding time --
        but never much past the size limit, which is all :meth:`value` needs to see.
        """
        if self.eof:
            return False
        if self.pos:
            dropped = self.buf[:self.pos]
            newlines = dropped.count("\n")
            if newlines:
                self.line += newlines
                self.column = len(dropped) - dropped.rfind("\n")
            else:
                self.column += len(dropped)
            self.buf, self.start, self.pos = self.buf[self.pos:], self.start - self.pos, 0
        size = self.chunk_size
        if grow:
            held = len(self.buf) - self.start
            size = max(min(len(self.buf), self.max_chars + 1 - held), self.chunk_size)
        try:
            chunk = self.stream.read(size)
        except UnicodeDecodeError as exc:
            raise InputError(self.name, "not UTF-8 text (binary data or another encoding?): "
                                        f"{exc.reason}") from None
        except OSError as exc:
            raise InputError(self.name, exc.strerror or str(exc)) from None
        if not chunk:
            self.eof = True
            return False
        if "\x00" in chunk:
            self.buf += chunk
            self.fail("binary data (NUL byte), not GeoJSON", self.buf.index("\x00", self.pos))
        self.buf += chunk
        return True

    def where(self, pos: int) -> str:
        newlines = self.buf.count("\n", 0, pos)
        if newlines:
            column = pos - self.buf.rfind("\n", 0, pos)
            return f"line {self.line + newlines}, column {column}"
        return f"line {self.line}, column {self.column + pos}"

    def fail(self, reason: str, pos: int | None = None) -> NoReturn:
        raise InputError(self.name, f"{self.where(self.pos if pos is None else pos)}: {reason}")

    def peek(self, skip: re.Pattern[str] = _WS) -> str | None:
        """The next character after ``skip`` (not consumed), None at end of input."""
        while True:
            self.pos = skip.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return None

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            shown = "end of input" if found is None else repr(found)
            self.fail(f"malformed JSON: expecting {char!r}, found {shown}")
        self.pos += 1

    def value(self, peeked: bool = False) -> Any:
        """Decode one JSON value at the cursor, reading more input while it is cut off."""
        if not peeked:
            self.peek()
        self.start = self.pos
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except _NonFinite as exc:
                self.fail(f"malformed JSON: {exc}")
            except json.JSONDecodeError as exc:
                cut_off = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated")
                if cut_off and self._grow():
                    continue
                self.fail(f"malformed JSON: {exc.msg}", exc.pos)
            except RecursionError:  # the decoder recurses per level: [[[[... 100 000 deep
                self.fail("malformed JSON: nested too deeply")
            except ValueError:  # Python refuses ints past sys.get_int_max_str_digits()
                self.fail("malformed JSON: a number longer than "
                          f"{sys.get_int_max_str_digits()} digits")
            if end == len(self.buf) and self._grow():
                continue  # a number at the window's edge may go on
            self.pos = end
            return obj

    def _grow(self) -> bool:
        """Read more of the unfinished value at ``start``; fail past the size limit."""
        if len(self.buf) - self.start > self.max_chars:
            self.fail(f"a feature (or other JSON value) larger than {self.max_mb:g} MB, the "
                      f"limit ({MAX_FEATURE_ENV} raises it)", self.start)
        return self.more(grow=True)


def _top_object(src: _Source, documents: list[dict[str, Any]] | None
                ) -> Iterator[dict[str, Any]]:
    """Parse the first object member by member, streaming a ``features`` array.

    Returns -1 after a FeatureCollection, else the count (1) of the lone Feature read,
    after which the input continues as a text sequence.
    """
    where = src.where(src.pos)  # a lone Feature's problems are reported at its start
    src.expect("{")
    members: dict[str, Any] = {}
    count, streamed, first = 0, False, True
    while src.peek() != "}":
        if not first:
            src.expect(",")
        first = False
        if src.peek() != '"':
            src.fail("malformed JSON: expecting a member name in double quotes")
        key = src.value()
        src.expect(":")
        if key == "features":
            streamed = True
            src.expect("[")
            while src.peek() != "]":
                if count:
                    src.expect(",")
                count += 1
                yield from _checked(src, src.value(), count)
            src.pos += 1
            continue
        members[key] = src.value()
        if key == "documents":
            _add_documents(src, members[key], documents)
    src.pos += 1
    kind = members.get("type")
    if streamed or kind == "FeatureCollection":
        if kind != "FeatureCollection":
            src.fail(f"an object with a features member must be a FeatureCollection, "
                     f"not type {kind!r}")
        if not streamed:
            src.fail("FeatureCollection without a features member")
        return -1
    yield from _checked(src, members, 1, where)
    return 1


def _add_documents(src: _Source, value: Any, documents: list[dict[str, Any]] | None) -> None:
    if not isinstance(value, list) or not all(isinstance(d, dict) for d in value):
        src.fail("the documents member must be a list of objects", src.start)
    if documents is not None:
        documents.extend(value)


def _sequence(src: _Source, start: int) -> Iterator[dict[str, Any]]:
    """Features separated by RS and/or whitespace (RFC 8142, newline-delimited)."""
    count = start
    while src.peek(_SEPARATORS) is not None:
        count += 1
        yield from _checked(src, src.value(peeked=True), count)


def _checked(src: _Source, obj: Any, number: int,
             where: str | None = None) -> Iterator[dict[str, Any]]:
    """``obj`` when it is a usable event; nothing (and one skip message) when only its
    structured properties are wrong; an InputError when it is not an event Feature."""
    problem = feature_problem(obj)
    if problem:
        place = where or src.where(src.start)
        raise InputError(src.name, f"{place}: feature {number}: {problem}")
    problem = properties_problem(obj["properties"])
    if problem:
        src.on_skip(f"feature {number} of {src.name}: {problem}")
        return
    yield obj


def feature_problem(obj: Any) -> str | None:
    """Why ``obj`` is not a usable event Feature, or None when it is."""
    if not isinstance(obj, dict):
        return f"expected a GeoJSON Feature object, found {type(obj).__name__}"
    if obj.get("type") != "Feature":
        return f"expected a GeoJSON Feature, found type {obj.get('type')!r}"
    props = obj.get("properties")
    if not isinstance(props, dict):
        return "Feature without properties" if props is None else "properties is not an object"
    problem = geometry_problem(obj.get("geometry"))
    if problem:
        return problem
    event_type = props.get("event_type")
    if event_type not in EVENT_TYPES:
        if event_type is None:
            return "Feature without an event_type property"
        return f"unknown event_type {event_type!r} (expected one of {', '.join(EVENT_TYPES)})"
    for key in ("start", "end"):
        value = props.get(key)
        if value is not None and not _is_iso_date(value):
            return f"{key} {value!r} is not an ISO date (YYYY-MM-DD)"
    if props.get("start") and props.get("end") and props["start"] > props["end"]:
        return f"start {props['start']} is after end {props['end']}"
    return None


def _is_iso_date(value: Any) -> bool:
    return isinstance(value, str) and _valid_iso_date(value)


@functools.lru_cache(maxsize=8192)  # events repeat a few thousand distinct dates
def _valid_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def geometry_problem(geometry: Any) -> str | None:
    """Why ``geometry`` is not a valid lon/lat GeoJSON geometry (None is allowed)."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict):
        return "geometry is not an object"
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        parts = geometry.get("geometries")
        if not isinstance(parts, list):
            return "GeometryCollection without a geometries list"
        return next((p for p in map(geometry_problem, parts) if p), None)
    if kind not in _DEPTH:
        return f"unknown geometry type {kind!r}"
    return _coords_problem(geometry.get("coordinates"), _DEPTH[kind], kind)


def _coords_problem(coords: Any, depth: int, kind: str) -> str | None:
    if not isinstance(coords, list):
        return f"{kind} coordinates must be an array"
    if depth:
        found = next((p for c in coords if (p := _coords_problem(c, depth - 1, kind))), None)
        return found or _shape_problem(coords, depth, kind)
    # type() rather than isinstance: JSON true/false must not pass as numbers
    if not 2 <= len(coords) <= 3 or not all(type(v) in (int, float) for v in coords):
        return f"{kind} position {coords!r} is not [lon, lat]"
    lon, lat = coords[0], coords[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):  # also false for NaN and infinity
        return (f"coordinates out of range: [{lon}, {lat}] (lon must be within -180..180, "
                "lat within -90..90)")
    return None


def _shape_problem(coords: list[Any], depth: int, kind: str) -> str | None:
    """RFC 7946 §3.1.4 and §3.1.6: a line has two or more positions; a linear ring is
    closed (last position equal to the first) and has four or more.  ``coords`` holds
    positions checked already; ``depth`` says what it is (1: a line or ring)."""
    if depth != 1 or kind in ("MultiPoint",):
        return None
    if kind in ("LineString", "MultiLineString") and len(coords) < 2:
        return f"{kind} line with {len(coords)} position(s); a line needs two or more"
    if kind in ("Polygon", "MultiPolygon"):
        if len(coords) < 4:
            return f"{kind} ring with {len(coords)} position(s); a ring needs four or more"
        if coords[0] != coords[-1]:
            return f"{kind} ring is not closed (its last position must equal the first)"
    return None
