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
from collections.abc import Callable, Iterator
from datetime import date
from typing import IO, Any, NoReturn

from geoevents.contract import SkipHandler, plainly_fits, properties_problem, warn_skipped
from geoevents.errors import GeoeventsError, InputError
from geoevents.model import EVENT_TYPES

CHUNK_SIZE = 1 << 16
READ_BUFFER = 1 << 20
# False reads every input with the general parser alone: the reference the tests hold
# the fast path (_Lines) to.
FAST_LINES = True
FIRST_LINE_BYTES = CHUNK_SIZE  # see _Lines._first_line
MAX_FEATURE_ENV = "GEOEVENTS_MAX_FEATURE_MB"
# Given a filter view of a valid Feature, True when the caller drops (and counts) it.
Prefilter = Callable[[dict[str, Any]], bool]
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
                max_mb: float | None = None,
                prefilter: Prefilter | None = None) -> Iterator[dict[str, Any]]:
    """Yield the validated Features of ``path`` (``-`` = stdin) one at a time.

    Entries of a FeatureCollection's ``documents`` member are appended to
    ``documents`` (when given) as they are met, so they are complete once the
    iterator is exhausted.  A Feature whose properties do not fit the contract is
    not yielded: ``on_skip`` gets "feature N of PATH: why" (default: said on stderr).
    One Feature (or other member) larger than ``max_mb`` megabytes of text (default:
    :func:`max_feature_mb`) is an InputError.  A bad limit is refused at the call,
    before the caller starts any output.

    ``prefilter`` (for `geoevents filter`) is offered a *filter view* of each valid
    Feature of a one-per-line sequence -- the members the filters and the event
    contract read, decoded and type-checked in C (geoevents.fastcheck) -- before the
    Feature is decoded whole; when it returns True (the caller has counted the Feature
    as dropped) the Feature is not yielded.  Every Feature is still checked against the
    contract, and the ones yielded are whole.
    """
    limit_mb = max_feature_mb() if max_mb is None else max_mb
    return _read_events(path, documents, chunk_size, on_skip, limit_mb, prefilter)


def _read_events(path: str, documents: list[dict[str, Any]] | None, chunk_size: int,
                 on_skip: SkipHandler, max_mb: float,
                 prefilter: Prefilter | None = None) -> Iterator[dict[str, Any]]:
    name = "<stdin>" if path == "-" else str(path)
    with _open_binary(path, name) as raw:
        lines = _Lines(raw, name, on_skip, max_mb, prefilter)
        if FAST_LINES:
            yield from lines.features()
            if lines.done:
                return
        # The rest (from the line the fast path could not take) goes through the
        # general parser, positioned so its line numbers are those of the whole input.
        with _replayed_text(lines.pending, raw, first=not FAST_LINES) as stream:
            src = _Source(stream, name, chunk_size, on_skip, max_mb)
            src.line = max(lines.number, 1)
            if lines.count or lines.sequence:
                yield from _sequence(src, start=lines.count)
            else:
                yield from _dispatch(src, documents)


def _dispatch(src: _Source, documents: list[dict[str, Any]] | None) -> Iterator[dict[str, Any]]:
    """Read a whole input by its first character: a FeatureCollection or Feature, or RS."""
    first = src.peek()
    if first is None:
        raise InputError(src.name, "empty input: expected a GeoJSON FeatureCollection "
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
def _open_binary(path: str, name: str) -> Iterator[IO[bytes]]:
    """The input as a buffered binary stream; stdin is left open afterwards."""
    try:
        # a large buffer: one read call per ~850 lines of a sequence, not per ~7
        raw = sys.stdin.buffer if path == "-" else open(path, "rb", buffering=READ_BUFFER)  # noqa: SIM115
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    try:
        yield raw
    finally:
        if path != "-":
            raw.close()


@contextlib.contextmanager
def _replayed_text(pending: bytes, rest: IO[bytes], first: bool = False) -> Iterator[IO[str]]:
    """Text of ``pending`` then of the unread rest of ``rest``, decoded strictly as UTF-8.

    ``first``: nothing was read yet, so a byte-order mark may start it (the utf-8-sig
    codec drops it); otherwise :class:`_Lines` has dropped it from the first line.
    """
    text = io.TextIOWrapper(io.BufferedReader(_Replay(pending, rest)),
                            encoding="utf-8-sig" if first else "utf-8", errors="strict",
                            newline="")
    try:
        yield text
    finally:
        text.close()  # closes the replay only: ``rest`` belongs to _open_binary


class _Replay(io.RawIOBase):
    """A raw stream giving ``pending`` first, then what ``rest`` still holds."""

    def __init__(self, pending: bytes, rest: IO[bytes]):
        super().__init__()
        self.pending, self.offset, self.rest = memoryview(pending), 0, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = len(self.pending) - self.offset
        if left > 0:
            size = min(left, len(buffer))
            buffer[:size] = self.pending[self.offset:self.offset + size]
            self.offset += size
            if self.offset == len(self.pending):
                self.pending.release()  # the line may be megabytes: let it go
                self.pending, self.offset = memoryview(b""), 0
            return size
        return self.rest.readinto1(buffer)


_LINE_SEPARATORS = b" \t\r\n\x1e"  # RS and JSON whitespace, as _SEPARATORS
_JSON_WS = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"


def _view_decoder() -> Callable[[bytes], dict[str, Any]]:
    """The filter-view decoder of geoevents.fastcheck (imported only when filtering)."""
    from geoevents.fastcheck import view_decoder

    return view_decoder()


def _line_decoder() -> Callable[[bytes], Any]:
    """The JSON decoder for whole lines: msgspec's (imported here, not at start-up).

    It decodes a Feature several times faster than ``json``, and either gives exactly
    what ``json`` gives (the same values and types, big integers included) or refuses
    (NaN, lone surrogates, numbers out of range...): a refused line goes to the general
    parser, which says why, as it always did.
    """
    import msgspec

    return msgspec.json.Decoder().decode


class _Lines:
    """The fast path for a text sequence with one Feature per line (what geoevents and
    ``fio cat --rs`` write): each line is decoded whole, by a C decoder.

    Anything else -- a line it cannot decode (pretty-printed, two values, bad JSON,
    NUL, not UTF-8), one longer than the size limit, a FeatureCollection -- stops it:
    that line and the rest of the input go to :class:`_Source`, which reads any shape
    and words every error.  So results and messages are those of :class:`_Source`.
    """

    def __init__(self, raw: IO[bytes], name: str, on_skip: SkipHandler, max_mb: float,
                 prefilter: Prefilter | None = None):
        self.raw, self.name, self.on_skip, self.prefilter = raw, name, on_skip, prefilter
        self.limit = max(1, int(max_mb * MB)) + 1  # bytes >= characters: never refuses early
        self.number = 0  # line number of the line last read
        self.count = 0  # values read
        # True once the input is known to be a sequence (an RS came before any value);
        # until then a first object may be a FeatureCollection, read member by member.
        self.sequence = False
        self.pending = b""  # the line handed over to the general parser
        self.done = False

    def features(self) -> Iterator[dict[str, Any]]:
        """Yield the Features, up to the first line the fast path does not take."""
        line = self._first_line()
        if line is None:
            return
        decode, readline, limit, name = _line_decoder(), self._readline, self.limit, self.name
        strip, on_skip, prefilter = _LINE_SEPARATORS, self.on_skip, self.prefilter
        view_decode = _view_decoder() if prefilter is not None else None
        digits = sys.get_int_max_str_digits()  # for _dropped: read once, not per line
        # locals, not attributes, in the loop that runs once per Feature; _stop stores
        # them for the general parser to go on from
        number, count = self.number, 0
        top = not self.sequence  # the first value opens with "{": maybe a FeatureCollection
        while True:
            body = line.strip(strip)
            if not body:
                pass
            elif view_decode is not None and not top and _dropped(view_decode, body, prefilter,
                                                                  digits):
                count += 1  # a valid Feature the filters drop: never decoded whole
            else:
                try:
                    obj = decode(body)
                except Exception:  # noqa: BLE001 - any refusal: the general parser says why
                    return self._stop(line, number, count)
                if top:
                    if _collection_like(obj):
                        return self._stop(line, number, count)  # a FeatureCollection
                    top = False
                count += 1
                # the fast checks first (one call each): the full ones only when in doubt
                if not (_plainly_event(obj) and plainly_fits(obj["properties"])):
                    problem = feature_problem(obj)
                    if problem:
                        column = len(line) - len(line.lstrip(strip)) + 1
                        raise InputError(name, f"line {number}, column {column}: "
                                               f"feature {count}: {problem}")
                    problem = properties_problem(obj["properties"])
                    if problem:
                        on_skip(f"feature {count} of {name}: {problem}")
                        obj = None
                if obj is not None:
                    yield obj
            line = readline(limit)
            if not line:
                break
            number += 1
            if len(line) >= limit and not line.endswith(b"\n"):
                return self._stop(line, number, count)  # past the size limit, it may be
        self._stop(b"", number, count)
        self.done = True

    def _first_line(self) -> bytes | None:
        """The line of the first value, whole; None when the general parser is to read
        from here (see _stop): the input is blank, or its first value is not one the
        fast path reads.  A first line opening with ``{`` is read only up to
        FIRST_LINE_BYTES: it may be a whole FeatureCollection, which the general
        parser reads member by member in bounded memory."""
        cap = min(self.limit, FIRST_LINE_BYTES)
        while line := self._readline(cap):
            self.number += 1
            cut = len(line) >= cap and not line.endswith(b"\n")
            if self.number == 1 and line.startswith(_BOM):
                line = line[3:]  # as the utf-8-sig codec does: only at the very start
            head = line.lstrip(_JSON_WS)
            if not head.strip(_LINE_SEPARATORS):  # a blank line, or RS alone
                if cut:
                    break
                self.sequence = self.sequence or b"\x1e" in line
                continue
            self.sequence = self.sequence or head.startswith(b"\x1e")
            if not (self.sequence or head.startswith(b"{")) or (cut and not self.sequence):
                break
            if cut:  # a sequence's first Feature, longer than the cap: read on
                line += self._readline(self.limit - len(line))
                if len(line) >= self.limit and not line.endswith(b"\n"):
                    break
            return line
        self._stop(line, self.number, 0)
        return None

    def _stop(self, line: bytes, number: int, count: int) -> None:
        """Hand ``line`` (line ``number``, after ``count`` values) to the general parser."""
        self.pending, self.number, self.count = line, number, count

    def _readline(self, limit: int) -> bytes:
        try:
            return self.raw.readline(limit)
        except OSError as exc:
            raise InputError(self.name, exc.strerror or str(exc)) from None


def _dropped(view_decode: Callable[[bytes], dict[str, Any]], body: bytes,
             prefilter: Prefilter, digits: int) -> bool:
    """True when ``body`` is a valid Feature (its filter view, decoded and type-checked
    by geoevents.fastcheck, passes :func:`view_is_valid`) and ``prefilter`` drops it.
    False sends the line the ordinary way: decoded whole, checked, errors worded.

    The typed decoder checks the JSON syntax of the members it skips, but not two
    things the stdlib refuses there: bytes that are not UTF-8, and integers longer
    than ``digits`` (``sys.get_int_max_str_digits()``).  So a line that may hold either
    -- non-ASCII and not UTF-8, or long enough to hold such a number -- goes the
    ordinary way.
    """
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return False
    if digits and len(body) > digits:
        return False
    try:
        view = view_decode(body)
    except Exception:  # noqa: BLE001 - a type the contract refuses, or bad JSON
        return False
    return view_is_valid(view) and prefilter(view)


def _collection_like(obj: Any) -> bool:
    """A first object the general parser reads member by member, not as a lone Feature."""
    return isinstance(obj, dict) and (
        "features" in obj or "documents" in obj or obj.get("type") == "FeatureCollection")


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
                held = len(self.buf)
                if cut_off and self._grow():
                    continue
                # reaching the end of input, _grow drops the consumed text before the
                # value: the error's position moves with the window
                self.fail(f"malformed JSON: {exc.msg}", exc.pos - (held - len(self.buf)))
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
    if _plainly_event(obj):
        return None
    return _feature_problem(obj)


_EVENT_TYPE_SET = frozenset(EVENT_TYPES)
_NUMBER = (int, float)  # exact types: JSON true/false (bool) must not pass as numbers


def _plainly_event(obj: Any) -> bool:
    """True when decoded-JSON ``obj`` is certainly a usable event; False sends it to the
    full check.  The common case -- a Point or no geometry, plain types -- inlined,
    because every Feature of a million-line sequence comes through here; never True
    where :func:`_feature_problem` would find a problem."""
    if type(obj) is not dict or obj.get("type") != "Feature":
        return False
    props = obj.get("properties")
    if type(props) is not dict:
        return False
    geometry = obj.get("geometry")
    if geometry is not None and not plain_point(geometry):
        return False
    event_type = props.get("event_type")
    if type(event_type) is not str or event_type not in _EVENT_TYPE_SET:
        return False
    start, end = props.get("start"), props.get("end")
    if start is not None and (type(start) is not str or not valid_iso_date(start)):
        return False
    if end is not None and (type(end) is not str or not valid_iso_date(end)):
        return False
    return not (start and end and start > end)


def plain_point(geometry: Any) -> bool:
    """True for a valid decoded-JSON Point of [lon, lat] (the common geometry, checked
    fast); False for anything else, which :func:`geometry_problem` then judges."""
    if type(geometry) is not dict or geometry.get("type") != "Point":
        return False
    coords = geometry.get("coordinates")
    if type(coords) is not list or len(coords) != 2:
        return False
    lon, lat = coords
    if type(lon) not in _NUMBER or type(lat) not in _NUMBER:
        return False
    return -180 <= lon <= 180 and -90 <= lat <= 90


def view_is_valid(view: dict[str, Any]) -> bool:
    """What geoevents.fastcheck's types cannot say about a filter view it accepted: the
    geometry, ISO dates and start <= end, checked as :func:`feature_problem` does."""
    geometry = view.get("geometry")
    if geometry is not None:
        # plain_point inlined: this runs once per line that a filter drops
        coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        if not (type(coords) is list and len(coords) == 2
                and type(coords[0]) in _NUMBER and type(coords[1]) in _NUMBER
                and -180 <= coords[0] <= 180 and -90 <= coords[1] <= 90) \
                and geometry_problem(geometry):
            return False
    props = view["properties"]
    start, end = props.get("start"), props.get("end")
    if start is not None and not valid_iso_date(start):
        return False
    if end is not None and not valid_iso_date(end):
        return False
    return not (start and end and start > end)


def _feature_problem(obj: Any) -> str | None:
    """The general check behind :func:`feature_problem`, with its exact messages."""
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
    return isinstance(value, str) and valid_iso_date(value)


@functools.lru_cache(maxsize=8192)  # events repeat a few thousand distinct dates
def valid_iso_date(text: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
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
