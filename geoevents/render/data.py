"""Turn contract GeoJSON features into the compact, validated records the map page draws.

Dates become integer UTC day numbers (days since 1970-01-01, negative before it), so the
page compares numbers rather than text or local-time Date objects: sorting stays right
across 2001-09-09 and dates before 1970 work.  A feature that cannot be drawn is kept
and listed (unplaced / undated) with the reason, never silently dropped; one whose
structured properties do not fit the contract (``"route": "A > B"``) is left out with
one line on stderr (see geoevents.contract), so it cannot break the page for the rest.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from geoevents.contract import SkipHandler, properties_problem, warn_skipped
from geoevents.model import DRUG_CLASSES, EVENT_TYPES

_EPOCH = date(1970, 1, 1).toordinal()

# Radius (metres) of the translucent circle that shows an imprecise location: the
# circle says "somewhere in here" instead of a pin pretending to be exact.
AREA_RADIUS_M: dict[str, int] = {"region": 60_000, "country": 250_000, "border": 25_000}

# Properties the page never reads: left out of the embedded data to keep files small
# (an incident id is a hash that means nothing to a reader of the popup).
_DROP = frozenset({"time", "incident"})


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything the page needs, already checked: records plus a summary.

    Prepared ``compact`` (see :class:`Preparer`), each record keeps only what the base
    map and the layer control read (id, type, dates, kind, geometry, country codes) and
    ``encoded`` holds each whole record as the page's JSON text, in the same order.
    """

    records: tuple[dict[str, Any], ...]
    problems: tuple[str, ...]  # one line per feature that was only partly usable
    bounds: tuple[float, float, float, float] | None  # south, west, north, east
    encoded: tuple[str, ...] | None = None

    @property
    def type_counts(self) -> dict[str, int]:
        counts = Counter(r["t"] for r in self.records)
        return {t: counts[t] for t in EVENT_TYPES if counts[t]}


def day_number(value: Any) -> int | None:
    """Days since 1970-01-01 of an ISO ``YYYY-MM-DD`` string; None when not such a date."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value).toordinal() - _EPOCH
    except ValueError:
        return None


def iso_day(day: int) -> str:
    """The ISO date of a day number (inverse of :func:`day_number`)."""
    return date.fromordinal(day + _EPOCH).isoformat()


def prepare(features: Iterable[dict[str, Any]], on_skip: SkipHandler = warn_skipped, *,
            compact: bool = False) -> Prepared:
    """Validate and compact features, in a stable order (date, then id).

    ``features`` is read once, in order, and no feature is kept: given an iterator, only
    the records are ever held.  ``compact``: see :class:`Preparer`."""
    preparer = Preparer(compact=compact)
    for feature in features:
        preparer.add(feature, on_skip)
    return preparer.finish()


# Properties the page's script never reads, left out of its JSON when prepared compact
# (~20% of an event's text): they repeat the record's own fields (type, dates as day
# numbers, id) or the document list (doc_date), or are the gazetteer's internals.
_UNREAD = frozenset({"event_type", "start", "end", "id", "doc_date", "place_id", "place_kind",
                     "date_anchor", "date_source"})

# Properties the base map reads from a compact record (render.basemap: the countries
# whose cities and region borders are embedded).
_BASEMAP_PROPS = ("country_code", "countries")


class Preparer:
    """Turns features, given one at a time, into :class:`Prepared` records.

    ``compact``: encode each record as the page's JSON text as soon as it is made, and
    keep only that text and a skeleton of the record.  The text is a few times smaller
    than the record's Python objects: 100 000 events take ~0.2 GB this way, ~0.6 GB as
    records (and ~0.8 GB more as the features they came from, which is why callers
    should hand features over one at a time rather than as a list).

    :meth:`mark` and :meth:`rollback` take back what was added since a mark, as when an
    input file fails half-way and none of its events may be shown.
    """

    def __init__(self, compact: bool = False) -> None:
        self.compact = compact
        self.records: list[dict[str, Any]] = []
        self.encoded: list[str] = []
        self.bases: list[str] = []  # each record's id before de-duplication
        self.problems: list[str] = []
        self.seen: Counter[str] = Counter()
        self.index = 0  # features given so far, skipped ones included

    def add(self, feature: Any, on_skip: SkipHandler = warn_skipped) -> None:
        index = self.index
        self.index += 1
        props = feature.get("properties") if isinstance(feature, dict) else None
        problem = properties_problem(props) if isinstance(props, dict) else None
        if problem:
            ident = props.get("id", feature.get("id"))
            # counted from 1, as the reader and the CSV writer name features
            named = f"feature {index + 1}" + (f" ({str(ident)[:40]})" if ident is not None else "")
            on_skip(f"{named}: {problem}")
            return
        record, notes = _record(index, feature)
        base = record["id"]
        self.seen[base] += 1
        if self.seen[base] > 1:  # ids key the page's lookups, so they must be unique
            record["id"] = f"{base}~{self.seen[base]}"
        self.problems.extend(f"feature {index} ({base}): {n}" for n in notes)
        self.bases.append(base)
        if self.compact:
            props = record["p"]
            self.encoded.append(script_json(
                {**record, "p": {k: v for k, v in props.items() if k not in _UNREAD}}))
            record = _skeleton(record)
        self.records.append(record)

    def mark(self) -> tuple[int, int, int]:
        return len(self.records), len(self.problems), self.index

    def rollback(self, mark: tuple[int, int, int]) -> None:
        kept, problems, self.index = mark
        for base in self.bases[kept:]:
            self.seen[base] -= 1
        del self.records[kept:], self.encoded[kept:], self.bases[kept:], self.problems[problems:]

    def finish(self) -> Prepared:
        records = self.records
        order = sorted(range(len(records)), key=lambda k: (records[k]["s"] is None, records[k]["s"] or 0,
                                                           records[k]["e"] or 0, records[k]["id"]))
        ordered = [records[k] for k in order]
        encoded = tuple(self.encoded[k] for k in order) if self.compact else None
        return Prepared(tuple(ordered), tuple(self.problems), _bounds(ordered), encoded)


def _skeleton(record: dict[str, Any]) -> dict[str, Any]:
    """What of a record the page writer still reads once the record is encoded."""
    props = record["p"]
    return {"id": record["id"], "t": record["t"], "s": record["s"], "e": record["e"],
            "k": record["k"], "g": record["g"],
            "p": {k: props[k] for k in _BASEMAP_PROPS if k in props}}


def _record(index: int, feature: Any) -> tuple[dict[str, Any], list[str]]:
    notes: list[str] = []
    if not isinstance(feature, dict):
        feature = {}
        notes.append("not a GeoJSON object")
    props = feature.get("properties")
    if not isinstance(props, dict):
        props = {}
        notes.append("no properties")
    props = {k: v for k, v in props.items()
             if v is not None and k not in _DROP and not (isinstance(v, str | list | dict) and not v)}
    ident = props.get("id", feature.get("id"))
    ident = str(ident) if ident not in (None, "") else f"feature-{index}"
    etype = props.get("event_type")
    if etype not in EVENT_TYPES:
        if etype is not None:
            notes.append(f"unknown event_type {str(etype)[:40]!r}, drawn as 'other'")
        etype = "other"
    start, end = day_number(props.get("start")), day_number(props.get("end"))
    if start is None and end is not None or start is not None and end is None:
        start = end = start if start is not None else end  # an instant given by one bound
    if start is not None and end is not None and end < start:
        notes.append(f"end {props.get('end')} before start {props.get('start')}: left undated")
        start = end = None
    elif props.get("start") not in (None, "") and day_number(props.get("start")) is None:
        notes.append(f"start {str(props.get('start'))[:40]!r} is not a YYYY-MM-DD date")
    geometry, kind, gnote = _geometry(feature.get("geometry"), props.get("geo_precision"))
    if gnote:
        notes.append(gnote)
    record: dict[str, Any] = {"id": ident, "t": etype, "s": start, "e": end, "k": kind, "g": geometry,
                              "p": props}
    if kind == "area":
        record["r"] = AREA_RADIUS_M[props["geo_precision"]]
    drug_class = largest_class(props.get("drugs"))
    if drug_class:
        record["c"] = drug_class
    return record, notes


def largest_class(drugs: Any) -> str | None:
    """The class the map colours an event by in its "substance class" mode: that of its
    largest drug by kg (the first named when none has a mass, as doses and litres do not
    compare), among drugs with a class; a class the page does not know is "other"."""
    classed = [d for d in drugs or [] if isinstance(d, dict) and isinstance(d.get("class"), str)]
    if not classed:
        return None
    kg = [d["kg"] if isinstance(d.get("kg"), int | float) and math.isfinite(d["kg"]) else -1.0 for d in classed]
    best = classed[kg.index(max(kg))]["class"]  # index(): the first of equals, as written
    return best if best in DRUG_CLASSES else "other"


def _geometry(geometry: Any, precision: Any) -> tuple[Any, str | None, str | None]:
    """(compact geometry, drawing kind pin|area|route, problem) of a GeoJSON geometry."""
    if geometry is None:
        return None, None, None
    if not isinstance(geometry, dict):
        return None, None, "geometry is not an object: left unplaced"
    gtype, coords = geometry.get("type"), geometry.get("coordinates")
    if gtype == "Point" and _position(coords):
        kind = "area" if precision in AREA_RADIUS_M else "pin"
        return [round(coords[0], 6), round(coords[1], 6)], kind, None
    if gtype == "LineString" and isinstance(coords, list) and len(coords) >= 2 \
            and all(_position(c) for c in coords):
        return [[round(c[0], 6), round(c[1], 6)] for c in coords], "route", None
    return None, None, f"unusable {str(gtype)[:20]} geometry: left unplaced"


def _position(value: Any) -> bool:
    return (isinstance(value, list | tuple) and len(value) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in value[:2])
            and -180 <= value[0] <= 180 and -90 <= value[1] <= 90)


def _finite(value: Any) -> Any:
    """JSON has no NaN/Infinity: replace them (e.g. from a pandas round trip) by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def _bounds(records: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """South, west, north, east of the central 90% of the points (all of them below 20).

    A cable about Kazakhstan that mentions a training course in the United States should
    open on Kazakhstan, not on the whole world; the far events are a zoom-out away.
    """
    points = [r["g"] for r in records if r["k"] in ("pin", "area")]
    points += [c for r in records if r["k"] == "route" for c in r["g"]]
    if not points:
        return None
    lons, lats = sorted(p[0] for p in points), sorted(p[1] for p in points)
    cut = len(points) // 20 if len(points) >= 20 else 0
    last = len(points) - 1 - cut
    return lats[cut], lons[cut], lats[last], lons[last]


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``, U+2028/9.

    Escaping these as ``\\uXXXX`` keeps ``</script>`` or ``<!--`` in document text from
    ending the block early; JSON.parse restores the characters unchanged.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN/Infinity somewhere (e.g. a pandas round trip): JSON has none
        text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return escape_json(text)


def escape_json(text: str) -> str:
    """JSON text made safe inside a ``<script>`` as :func:`script_json` makes it."""
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
