"""Typed records passed between the pipeline stages, and the public GeoJSON contract.

Stages: ingest -> segment -> dates -> places -> events -> export/render.  Each stage
reads and returns these frozen dataclasses, so a stage can be tested or replaced alone.
The property names written by :meth:`Event.to_feature` are a public contract: add, never
rename or remove.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

EventType = Literal[
    "seizure", "operation", "lab_closure", "arrest", "sentencing", "route", "price",
    "legislation", "agreement", "program", "training", "statistic", "other",
]
EVENT_TYPES: tuple[str, ...] = (
    "seizure", "operation", "lab_closure", "arrest", "sentencing", "route", "price",
    "legislation", "agreement", "program", "training", "statistic", "other",
)
DATE_PRECISIONS: tuple[str, ...] = (
    "day", "week", "month", "season", "quarter", "year", "range", "document",
)
DATE_ANCHORS: tuple[str, ...] = ("absolute", "document", "previous", "unanchored")
GEO_PRECISIONS: tuple[str, ...] = ("site", "city", "region", "country", "border", "route", "none")
RESOLVERS: tuple[str, ...] = ("gazetteer", "qualifier", "geocoder", "none")
ROUTE_ROLES: tuple[str, ...] = ("origin", "transit", "destination")
# the ``class`` of a drug (None for a generic "drugs"); the map colours seizures by it
DRUG_CLASSES: tuple[str, ...] = (
    "opiate", "cannabis", "cocaine", "ATS", "synthetic cathinone", "synthetic cannabinoid",
    "opioid", "psychotropic", "precursor", "other",
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: cleaned text plus its [char_start, char_end) span in the decoded file."""

    text: str
    char_start: int
    char_end: int
    index: int = 0  # position within its paragraph, from 0
    text_start: int = 0  # where it starts in its paragraph's cleaned text


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered cable paragraph (or a blank-line block of plain text)."""

    number: int
    text: str  # cleaned: page breaks removed, lines joined by single spaces
    char_start: int
    char_end: int
    sentences: tuple[Sentence, ...]
    heading: str | None = None
    classification: str | None = None  # the paragraph mark, e.g. "SBU"
    # Piecewise map from ``text`` to the decoded file: each run (text_pos, file_pos) says
    # text[text_pos + k] came from file position file_pos + k until the next run begins.
    # Later stages use it to map any span found in the cleaned text back to the source.
    runs: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

    def source_offset(self, pos: int) -> int:
        """The decoded-file position of ``text[pos]``."""
        if not self.runs:
            return self.char_start + pos
        i = bisect.bisect_right(self.runs, (pos, sys.maxsize)) - 1
        text_pos, file_pos = self.runs[max(i, 0)]
        return file_pos + (pos - text_pos)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` to the decoded file's [start, end)."""
        if end <= start:
            at = self.source_offset(start)
            return at, at
        return self.source_offset(start), self.source_offset(end - 1) + 1


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded report with its header metadata and segmented body."""

    path: str
    sha256: str
    text: str  # the whole decoded file; all char offsets point into it
    encoding: str
    doc_id: str
    doc_date: date | None
    doc_date_source: str  # created | dtg | dateline | option | none
    title: str | None
    origin: str | None
    classification: str | None
    tags: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]

    @property
    def lang(self) -> str | None:
        """The document's language (en, ru, kk, other; None: too little text to tell)."""
        from geoevents.language import document_language

        return document_language([p.text for p in self.paragraphs])

    @property
    def country_focus(self) -> tuple[str, ...]:
        """ISO alpha-2 codes of the countries the TAGS name (cables tag by FIPS code)."""
        from geoevents.tags import iso_from_tag

        codes = (iso_from_tag(t) for t in self.tags if len(t) == 2 and t.isalpha() and t.isupper())
        return tuple(dict.fromkeys(codes))

    def summary(self) -> dict[str, Any]:
        """The ``documents`` member entry of a FeatureCollection."""
        return {
            "doc_id": self.doc_id,
            "doc_date": self.doc_date.isoformat() if self.doc_date else None,
            "title": self.title,
            "path": self.path,
            "sha256": self.sha256,
            "lang": self.lang,
        }


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A temporal expression and the inclusive date interval it denotes.

    ``start``/``end`` are None when the expression could not be anchored (a relative
    expression in a document without a date).  ``char_start``/``char_end`` index the
    text the finder was given (a paragraph's cleaned text, unless stated otherwise).
    """

    start: date | None
    end: date | None
    precision: str
    anchor: str
    text: str
    char_start: int
    char_end: int

    @property
    def anchored(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True, slots=True)
class Place:
    """A place mention and what it resolved to (lat/lon None when unresolved)."""

    text: str
    char_start: int
    char_end: int
    name: str | None = None
    place_id: str | None = None
    kind: str | None = None  # city | region | country | border | crossing | feature | macro
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str = "none"
    resolved_by: str = "none"
    candidates: tuple[dict[str, Any], ...] = ()
    role: str | None = None  # e.g. "origin" for "Afghan heroin"

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount of one substance; ``kg`` is None when the unit is not a mass."""

    substance: str
    quantity: float | None
    unit: str
    kg: float | None
    qualifier: str | None = None  # over | about | up to | nearly | ...
    text: str = ""
    # opiate, cannabis, cocaine, ATS, synthetic cathinone, synthetic cannabinoid, opioid,
    # psychotropic, precursor, other; None for a generic word ("drugs")
    drug_class: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "substance": self.substance,
            "quantity": self.quantity,
            "unit": self.unit,
            "kg": self.kg,
            "class": self.drug_class,
        }
        if self.qualifier:
            out["qualifier"] = self.qualifier
        return out


@dataclass(frozen=True, slots=True)
class RouteStop:
    name: str
    lon: float | None
    lat: float | None
    place_id: str | None
    role: str  # origin | transit | destination
    country_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lon": _round6(self.lon),
            "lat": _round6(self.lat),
            "place_id": self.place_id,
            "role": self.role,
            "country_code": self.country_code,
        }


@dataclass(frozen=True, slots=True)
class Modus:
    """How a seizure moved, was hidden and was found, and who carried it (None: not said)."""

    conveyance: str | None = None  # truck car bus train railcar air_cargo air_passenger post vessel pedestrian other
    concealment: str | None = None  # the words of the hiding place
    concealment_class: str | None = None  # cargo vehicle_compartment luggage body postal_item other
    detection: str | None = None  # x_ray dog search profiling intelligence controlled_delivery other
    trafficker_count: int | None = None
    nationalities: tuple[str, ...] = ()  # ISO 3166-1 alpha-2

    def properties(self) -> dict[str, Any]:
        told = self.trafficker_count is not None or self.nationalities
        return {
            "conveyance": self.conveyance,
            "concealment": {"text": self.concealment, "class": self.concealment_class}
            if self.concealment_class else None,
            "detection": self.detection,
            "traffickers": {"count": self.trafficker_count, "nationalities": list(self.nationalities)}
            if told else None,
        }


_NO_MODUS = Modus().properties()


def route_roles(route: tuple[RouteStop, ...]) -> dict[str, list[str]] | None:
    """Departure, transit and destination countries of a route (None without one)."""
    if len(route) < 2:
        return None
    roles = {"departure": [], "transit": [], "destination": []}
    for stop, key in ((s, {"origin": "departure", "destination": "destination"}.get(s.role, "transit"))
                      for s in route):
        if stop.country_code and stop.country_code not in roles[key]:
            roles[key].append(stop.country_code)
    return roles if any(roles.values()) else None


@dataclass(frozen=True, slots=True)
class Event:
    """One dated, placed event with its provenance.  See :meth:`to_feature`."""

    event_type: str
    title: str
    doc_id: str
    doc_date: date | None
    paragraph: int
    sentence: str
    char_start: int
    char_end: int
    span: TimeSpan | None = None
    date_precision: str = "document"
    date_source: str = "none"  # sentence | paragraph_before | paragraph_after | document
    place: Place | None = None
    route: tuple[RouteStop, ...] = ()
    drugs: tuple[Quantity, ...] = ()
    counts: tuple[tuple[str, float], ...] = ()
    agencies: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    operation: str | None = None
    status: str = "reported"  # reported | planned | negated
    confidence: float = 1.0
    price: dict[str, Any] | None = None
    lang: str | None = None  # language of the paragraph the event was read from
    modus: Modus | None = None  # seizures, arrests and operations
    incident: str | None = None  # shared by the events of one incident (raid: lab, arrest, seizure)

    @property
    def start(self) -> date | None:
        return self.span.start if self.span else None

    @property
    def end(self) -> date | None:
        return self.span.end if self.span else None

    @property
    def event_id(self) -> str:
        """Stable id: the same event from the same document text always gets it."""
        key = json.dumps(
            [self.doc_id, self.event_type, self.paragraph, self.char_start, self.char_end,
             self.title, str(self.start), str(self.end), self.place.place_id if self.place else None,
             [q.to_json() for q in self.drugs], [s.name for s in self.route], self.price],
            ensure_ascii=False, sort_keys=True, default=str,
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def geometry(self) -> dict[str, Any] | None:
        stops = [(s.lon, s.lat) for s in self.route if s.lon is not None and s.lat is not None]
        if self.event_type == "route" and len(stops) >= 2:
            return {"type": "LineString",
                    "coordinates": [[_round6(x), _round6(y)] for x, y in stops]}
        if self.place is not None and self.place.resolved:
            return {"type": "Point",
                    "coordinates": [_round6(self.place.lon), _round6(self.place.lat)]}
        if len(stops) == 1:
            return {"type": "Point", "coordinates": [_round6(stops[0][0]), _round6(stops[0][1])]}
        return None

    def to_feature(self) -> dict[str, Any]:
        """The RFC 7946 Feature of the public contract (lon/lat, no crs)."""
        place = self.place
        event_id = self.event_id  # a sha256 of the event's key: compute it once
        start = self.start.isoformat() if self.start else None
        end = self.end.isoformat() if self.end else None
        geo_precision = "none"
        if self.event_type == "route" and sum(1 for s in self.route if s.lon is not None) >= 2:
            geo_precision = "route"
        elif place is not None and place.resolved:
            geo_precision = place.geo_precision
        props: dict[str, Any] = {
            "event_type": self.event_type,
            "title": self.title,
            "start": start,
            "end": end,
            "date_precision": self.date_precision,
            "date_text": self.span.text if self.span else None,
            "place": place.name if place else None,
            "place_text": place.text if place else None,
            "place_id": place.place_id if place else None,
            "place_kind": place.kind if place else None,
            "country_code": place.country_code if place else None,
            "admin1": place.admin1 if place else None,
            "geo_precision": geo_precision,
            "resolved_by": place.resolved_by if place else "none",
            "route": [s.to_json() for s in self.route],
            "drugs": [q.to_json() for q in self.drugs],
            "counts": dict(self.counts),
            "agencies": list(self.agencies),
            "operation": self.operation,
            "doc_id": self.doc_id,
            "doc_date": self.doc_date.isoformat() if self.doc_date else None,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "confidence": round(self.confidence, 3),
            # additions beyond the foundation contract
            "id": event_id,
            "status": self.status,
            "date_anchor": self.span.anchor if self.span else None,
            "date_source": self.date_source,
            "countries": list(self.countries),
            "price": self.price,
            "incident": self.incident,
            "lang": self.lang,
            **(self.modus.properties() if self.modus is not None else _NO_MODUS),
            "route_roles": route_roles(self.route) if self.event_type in MODUS_TYPES else None,
        }
        feature: dict[str, Any] = {
            "type": "Feature",
            "id": event_id,
            "geometry": self.geometry(),
            "properties": props,
        }
        if start and end:
            # OGC JSON-FG temporal member, read by tools that know it; ignored by others.
            feature["time"] = {"date": start} if start == end else {"interval": [start, end]}
        return feature


MODUS_TYPES = ("seizure", "arrest", "operation")  # the events that carry seizure-record fields


def _round6(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def feature_collection(features: list[dict[str, Any]], documents: list[Document]) -> dict[str, Any]:
    """Wrap features in a FeatureCollection with the ``documents`` member."""
    return {
        "type": "FeatureCollection",
        "documents": [d.summary() for d in documents],
        "features": features,
    }
