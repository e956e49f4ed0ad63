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
    """Everything the page needs, already checked: records plus a summary."""

    records: tuple[dict[str, Any], ...]
    problems: tuple[str, ...]  # one line per feature that was only partly usable
    bounds: tuple[float, float, float, float] | None  # south, west, north, east

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


def prepare(features: list[dict[str, Any]], on_skip: SkipHandler = warn_skipped) -> Prepared:
    """Validate and compact features, in a stable order (date, then id)."""
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: Counter[str] = Counter()
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        problem = properties_problem(props) if isinstance(props, dict) else None
        if problem:
            ident = props.get("id", feature.get("id"))
            # counted from 1, as the reader and the CSV writer name features
            named = f"feature {index + 1}" + (f" ({str(ident)[:40]})" if ident is not None else "")
            on_skip(f"{named}: {problem}")
            continue
        record, notes = _record(index, feature)
        base = record["id"]
        seen[base] += 1
        if seen[base] > 1:  # ids key the page's lookups, so they must be unique
            record["id"] = f"{base}~{seen[base]}"
        problems.extend(f"feature {index} ({base}): {n}" for n in notes)
        records.append(record)
    records.sort(key=lambda r: (r["s"] is None, r["s"] or 0, r["e"] or 0, r["id"]))
    return Prepared(tuple(records), tuple(problems), _bounds(records))


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
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
