"""The event contract as a msgspec type, so that C decodes *and* checks a Feature.

`geoevents filter` reads text sequences of millions of events and drops most of them.
Decoding such a line with :data:`VIEW` type-checks, inside msgspec's decoder, every
member that :func:`geoevents.reader.feature_problem` and
:func:`geoevents.contract.properties_problem` look at, and keeps only those members:
a *filter view* that :meth:`geoevents.filters.FilterSpec.rejection` reads exactly as
it reads the whole Feature.  Python then checks what a type cannot say (the geometry,
ISO dates, start <= end): :func:`geoevents.reader.view_is_valid`.

The schema must never be more lenient than the Python checks: a line it accepts is a
valid event, so a Feature the filters reject needs no other check; a line it refuses
(a wrong type anywhere, bad JSON) goes the ordinary way, decoded whole and checked in
Python, which words the error or the skip.  (msgspec checks the JSON syntax of the
members it skips, but not their UTF-8 or the length of their integers: the reader
sends the lines that could hold those the ordinary way, see reader._dropped.)
tests/test_fast_reader.py holds the two sides to each other: whoever adds a check to
the contract adds it here too.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal, Required, TypedDict, Union

import msgspec

from geoevents.model import EVENT_TYPES

# Union[...] rather than X | Y: msgspec reads these annotations at runtime, and
# ``list[str] | None`` is fine there too, but Union keeps one spelling for all.
_Texts = Union[list[str], None]
# int before float: a JSON integer stays an int, as the stdlib decoder gives it (a
# filter's --min-kg compares the same numbers); JSON true/false is never a number here
_Number = Union[int, float, None]
_Text = Union[str, None]

_Drug = TypedDict("_Drug", {"substance": Any, "quantity": _Number, "kg": _Number,
                            "class": _Text}, total=False)
_Concealment = TypedDict("_Concealment", {"text": _Text, "class": _Text}, total=False)


class _Traffickers(TypedDict, total=False):
    count: _Number
    nationalities: _Texts


class _RouteRoles(TypedDict, total=False):
    departure: _Texts
    transit: _Texts
    destination: _Texts


class _Properties(TypedDict, total=False):
    # feature_problem: the event type; start and end are text (ISO: view_is_valid)
    event_type: Required[Literal[EVENT_TYPES]]  # type: ignore[valid-type]
    start: _Text
    end: _Text
    # properties_problem, member by member
    route: Union[list[dict[str, Any]], None]
    drugs: Union[list[_Drug], None]
    counts: Union[dict[str, _Number], None]
    agencies: _Texts
    countries: _Texts
    conveyance: _Text
    detection: _Text
    incident: _Text
    concealment: Union[_Concealment, None]
    traffickers: Union[_Traffickers, None]
    route_roles: Union[_RouteRoles, None]
    price: Union[dict[str, Any], None]
    # read by the filters only (--country)
    country_code: Any


class _Feature(TypedDict, total=False):
    type: Required[Literal["Feature"]]
    properties: Required[_Properties]
    geometry: Union[dict[str, Any], None]  # whole: reader.view_is_valid checks it


VIEW = _Feature


@functools.cache
def view_decoder() -> Callable[[bytes], dict[str, Any]]:
    """Decode one JSON text to its filter view; raises on a type the contract refuses."""
    return msgspec.json.Decoder(VIEW).decode

