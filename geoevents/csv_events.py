"""Read a geoevents CSV export back as event Features, so `map kz.csv` maps its events.

The CSV is a flattening (see geoevents.export.csv_row): geometry is WKT, drugs are
"substance quantity unit" texts with ``kg_<substance>`` totals, counts are ``count_<name>``
columns, the price is ``price_*`` columns, and text cells a spreadsheet could run carry a
leading ``'``.  This undoes each step as far as the text allows: route stops get the line's
vertices when their numbers agree; a drug's kg comes from its substance's column when that
substance occurs once.  Rows are checked like GeoJSON Features: a row that is no event
(unknown event_type, a date that is not ISO) makes the file unusable, one line.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from typing import Any

from geoevents.contract import SkipHandler, properties_problem, warn_skipped
from geoevents.errors import InputError

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WKT = re.compile(r"^\s*(POINT|LINESTRING|MULTILINESTRING)\s*(\(.*\))\s*$", re.I | re.S)
_STOP = re.compile(r"^(.*?)(?: \(([^()]*)\))?$")
_INTS = ("paragraph", "char_start", "char_end")


def read_csv_events(path: str, documents: list[dict[str, Any]] | None = None, *,
                    on_skip: SkipHandler = warn_skipped) -> Iterator[dict[str, Any]]:
    """Yield one Feature per row of a CSV export (``-``: stdin); ``documents`` gets one
    entry per doc_id (with its doc_date: the CSV holds no titles or paths)."""
    from geoevents.reader import feature_problem

    name = "<stdin>" if path == "-" else path
    try:
        raw = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    seen: set[str] = set()
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        for number, row in enumerate(csv.DictReader(text), 1):
            feature = row_feature(row)
            problem = feature_problem(feature)
            if problem:
                raise InputError(name, f"row {number + 1}: {problem}")
            problem = properties_problem(feature["properties"])
            if problem:
                on_skip(f"row {number + 1} of {name}: {problem}")
                continue
            doc_id = feature["properties"].get("doc_id")
            if documents is not None and doc_id and doc_id not in seen:
                seen.add(doc_id)
                documents.append({"doc_id": doc_id, "doc_date": feature["properties"].get("doc_date"),
                                  "title": None, "path": None, "sha256": None})
            yield feature
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:
        raise InputError(name, f"malformed CSV: {exc}") from None
    finally:
        if path == "-":
            text.detach()
        else:
            text.close()


def row_feature(row: dict[str, str | None]) -> dict[str, Any]:
    """One CSV row as a Feature of the event contract."""
    cells = {k: _unguard(v) for k, v in row.items() if k is not None}
    props: dict[str, Any] = {}
    for key in ("id", "event_type", "title", "start", "end", "date_precision", "date_text",
                "place", "place_text", "place_id", "country_code", "admin1", "geo_precision",
                "resolved_by", "operation", "doc_id", "doc_date", "sentence", "status"):
        props[key] = cells.get(key) or None
    for key in _INTS:
        props[key] = _int(cells.get(key))
    props["confidence"] = _float(cells.get("confidence"))
    props["agencies"] = _list(cells.get("agencies"))
    props["countries"] = _list(cells.get("countries"))
    props["counts"] = {k[6:]: v for k, v in ((k, _float(c)) for k, c in cells.items()
                                             if k.startswith("count_")) if v is not None}
    props["drugs"] = _drugs(cells)
    props["price"] = _price(cells)
    geometry = _geometry(cells.get("wkt") or "", cells)
    props["route"] = _route(cells.get("route") or "", geometry)
    return {"type": "Feature", "id": props["id"], "geometry": geometry, "properties": props}


def _unguard(value: str | None) -> str:
    """The cell as written before the export's formula guard added a leading quote (the
    guard's own test says which quotes it added)."""
    from geoevents.export import _looks_like_formula

    text = value or ""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text


def _int(text: str | None) -> int | None:
    value = _float(text)
    return int(value) if value is not None and value.is_integer() else None


def _float(text: str | None) -> float | None:
    if not text or not _NUMBER.fullmatch(text.strip()):
        return None
    return float(text)


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _column(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_") or "unknown"


def _drugs(cells: dict[str, str]) -> list[dict[str, Any]]:
    """"heroin 537 kg; opium" back to drug objects, with kg from the kg_ columns."""
    from geoevents.lang import pack

    units = pack().kg_per_unit
    drugs: list[dict[str, Any]] = []
    for part in _list(cells.get("drugs")):
        words = part.split(" ")
        unit = quantity = None
        if len(words) > 1 and words[-1].lower() in units:
            unit = words.pop()
        if len(words) > 1 and _NUMBER.fullmatch(words[-1]):
            quantity = float(words.pop())
        drugs.append({"substance": " ".join(words), "quantity": quantity, "unit": unit or "",
                      "kg": None})
    names = [_column(d["substance"]) for d in drugs]
    for drug, column in zip(drugs, names):
        if names.count(column) == 1:
            drug["kg"] = _float(cells.get("kg_" + column))
    return drugs


def _price(cells: dict[str, str]) -> dict[str, Any] | None:
    price = {"amount": _float(cells.get("price_amount")),
             "amount_max": _float(cells.get("price_amount_max")),
             "currency": cells.get("price_currency") or None,
             "unit": cells.get("price_unit") or None,
             "substance": cells.get("price_substance") or None}
    price = {k: v for k, v in price.items() if v is not None}
    return price or None


def _geometry(wkt: str, cells: dict[str, str]) -> dict[str, Any] | None:
    match = _WKT.match(wkt)
    if not match:
        lon, lat = _float(cells.get("lon")), _float(cells.get("lat"))
        return None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}
    kind, body = match.group(1).upper(), match.group(2)
    try:
        lines = [[[float(n) for n in pair.split()] for pair in part.split(",")]
                 for part in re.findall(r"\(([^()]*)\)", body)]
    except ValueError:
        return None  # unreadable WKT: the event is listed as unplaced
    if not lines or not lines[0]:
        return None
    if kind == "POINT":
        return {"type": "Point", "coordinates": lines[0][0]}
    if kind == "LINESTRING":
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def _route(text: str, geometry: dict[str, Any] | None) -> list[dict[str, Any]]:
    stops = []
    for part in (p.strip() for p in text.split(" > ") if p.strip()):
        match = _STOP.match(part)
        name, role = (match.group(1), match.group(2)) if match else (part, None)
        stops.append({"name": name, "role": None if role in (None, "None") else role})
    if geometry and geometry["type"] == "LineString" and len(geometry["coordinates"]) == len(stops):
        for stop, (lon, lat, *_) in zip(stops, geometry["coordinates"]):
            stop.update(lon=lon, lat=lat)
    return stops
