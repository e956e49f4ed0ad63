"""The seizure table: one row per substance of each seizure, in a fixed column order.

The shape drug-monitoring teams code by hand (UNODC's Individual Drug Seizures: one record
per drug per case), so a month of reports becomes a table to pivot. Each substance is its own
seizure; ``incident`` links the seizures, arrests and lab closures of one incident.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

# The order is the contract: README ("The seizure table") says what each column holds.
COLUMNS: tuple[str, ...] = (
    "seizure_id", "incident", "start", "end", "date_precision", "country_code", "admin1", "place",
    "lat", "lon", "geo_precision", "substance", "substance_class", "quantity", "unit", "kg",
    "conveyance", "concealment", "concealment_class", "detection", "trafficker_count",
    "nationalities", "departure", "transit", "destination", "doc_id", "doc_date", "paragraph",
    "sentence",
)


def seizure_rows(feature: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of one prepared Feature: none unless it is a seizure, one per substance (one
    row with empty drug columns when the text names no amount)."""
    props = feature.get("properties") or {}
    if props.get("event_type") != "seizure":
        return []
    from geoevents.export import _anchor_point

    lon, lat = _anchor_point(feature.get("geometry"))
    concealment = props.get("concealment") if isinstance(props.get("concealment"), Mapping) else {}
    people = props.get("traffickers") if isinstance(props.get("traffickers"), Mapping) else {}
    roles = props.get("route_roles") if isinstance(props.get("route_roles"), Mapping) else {}
    base = {
        "seizure_id": props.get("id", feature.get("id")), "incident": props.get("incident"),
        "start": props.get("start"), "end": props.get("end"), "date_precision": props.get("date_precision"),
        "country_code": props.get("country_code"), "admin1": props.get("admin1"), "place": props.get("place"),
        "lat": lat, "lon": lon, "geo_precision": props.get("geo_precision"),
        "conveyance": props.get("conveyance"), "concealment": concealment.get("text"),
        "concealment_class": concealment.get("class"), "detection": props.get("detection"),
        "trafficker_count": people.get("count"), "nationalities": "; ".join(people.get("nationalities") or []),
        "departure": "; ".join(roles.get("departure") or []), "transit": "; ".join(roles.get("transit") or []),
        "destination": "; ".join(roles.get("destination") or []),
        "doc_id": props.get("doc_id"), "doc_date": props.get("doc_date"), "paragraph": props.get("paragraph"),
        "sentence": props.get("sentence"),
    }
    drugs = [d for d in props.get("drugs") or [] if isinstance(d, Mapping)] or [{}]
    return [{**base, "substance": d.get("substance"), "substance_class": d.get("class"),
             "quantity": d.get("quantity"), "unit": d.get("unit"), "kg": d.get("kg")} for d in drugs]


def write_seizures_csv(features: Iterable[Mapping[str, Any]], documents: Iterable[Any],
                       stream: IO[str]) -> int:
    """Seizure rows in COLUMNS order (formula-guarded cells); returns the rows written."""
    from geoevents.export import _cell, prepare_feature

    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="", extrasaction="raise")
    writer.writeheader()
    rows = 0
    for feature in features:
        for row in seizure_rows(prepare_feature(feature)):
            writer.writerow({key: _cell(value) for key, value in row.items()})
            rows += 1
    return rows
