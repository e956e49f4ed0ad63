"""Writers for event Features: GeoJSON FeatureCollection, RFC 8142 text sequences, CSV.

Every writer streams: features are consumed one at a time and written through
:func:`geoevents.io.atomic_output`, so an interrupted run never leaves a partial file.
Features are normalised on the way out (6-decimal coordinates, antimeridian-crossing
lines split per RFC 7946 §3.1.9, JSON-FG ``time`` member, no ``crs``).
"""
from __future__ import annotations

import csv
import json
import math
import re
import tempfile
from types import MappingProxyType
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from geoevents.contract import SkipHandler, properties_problem, warn_skipped
from geoevents.errors import GeoeventsError
from geoevents.io import atomic_output

FORMATS: tuple[str, ...] = ("geojson", "geojsonseq", "csv", "seizures-csv")
RS = "\x1e"  # RFC 8142 record separator, written before every Feature as `fio cat --rs` does
FEATURE_KEYS: tuple[str, ...] = ("type", "id", "geometry", "properties", "time")
# A spreadsheet runs a cell as a formula when it starts with one of these (full-width
# forms included: some spreadsheets fold them to ASCII) ...
_FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# ... and some skip leading blanks first: spaces (NBSP, ideographic and every other
# Unicode space), line breaks, tabs and the invisible zero-width characters.
_FORMULA_LEAD = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")


def write_events(features: Iterable[Mapping[str, Any]], documents: Iterable[Any],
                 path: str | None, fmt: str = "geojson", *,
                 on_skip: SkipHandler = warn_skipped) -> int:
    """Write ``features`` to ``path`` (``-``/None: stdout) in ``fmt``; return how many.

    ``documents`` (Document objects or their summary dicts) is iterated only after the
    last feature, so a caller that discovers documents while streaming (extract, filter)
    may pass a list it is still filling.  geojsonseq and csv carry no documents member:
    every feature names its doc_id and doc_date.

    A file target is replaced only when complete (temp file + rename); an error or ^C
    removes the temp file.  A SIGKILLed run cannot clean up and may leave a hidden
    ``.NAME.*.tmp`` beside the target: it is never read, and is not swept automatically
    because it could belong to a concurrent run.  Standard output (``-``) streams, so a
    failure there leaves what was already written (and exit status 2).

    CSV flattens the structured properties, so a feature whose properties do not fit
    the contract is left out of a CSV and reported through ``on_skip``; GeoJSON
    writers pass every feature through as it is.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise GeoeventsError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt in ("csv", "seizures-csv"):
        features = _fitting(features, on_skip)
    newline = "" if fmt in ("csv", "seizures-csv") else "\n"  # the csv module writes its own CRLF line ends
    with atomic_output(path, newline=newline) as stream:
        return writer(features, documents, stream)


def _fitting(features: Iterable[Mapping[str, Any]],
             on_skip: SkipHandler) -> Iterable[Mapping[str, Any]]:
    """The features whose properties fit the contract; one message per other one."""
    for number, feature in enumerate(features, 1):
        props = feature.get("properties")
        problem = (properties_problem(props) if isinstance(props, Mapping)
                   else "properties is not an object")
        if problem is None:
            yield feature
            continue
        ident = props.get("id", feature.get("id")) if isinstance(props, Mapping) else None
        named = f"feature {number}" + (f" ({str(ident)[:40]})" if ident is not None else "")
        on_skip(f"{named}: {problem}")


def format_for_path(path: str | None, default: str = "geojson") -> str:
    """Guess the output format from a file name (.csv, .geojsons/.geojsonl/.jsonseq)."""
    name = (path or "").lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".geojsons", ".geojsonseq", ".geojsonl", ".jsonseq", ".jsonl", ".ndjson")):
        return "geojsonseq"
    return default


# --- feature normalisation -------------------------------------------------------------

def prepare_feature(feature: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``feature`` ready to write: rounded, antimeridian-safe, with id and time."""
    props = dict(feature.get("properties") or {})
    out: dict[str, Any] = {"type": "Feature"}
    fid = feature.get("id", props.get("id"))
    if fid is not None:
        out["id"] = fid
    out["geometry"] = normalise_geometry(feature.get("geometry"))
    out["properties"] = props
    time = feature.get("time") or _time_member(props.get("start"), props.get("end"))
    if time:
        out["time"] = time
    for key, value in feature.items():  # keep foreign members, drop the obsolete crs
        if key not in FEATURE_KEYS and key != "crs":
            out[key] = value
    return out


def _time_member(start: Any, end: Any) -> dict[str, Any] | None:
    if not start or not end:
        return None
    return {"date": start} if start == end else {"interval": [start, end]}


def normalise_geometry(geometry: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Round coordinates to 6 decimals and split lines that cross the antimeridian."""
    if geometry is None:
        return None
    gtype = geometry.get("type")
    if gtype == "GeometryCollection":
        return {"type": gtype,
                "geometries": [normalise_geometry(g) for g in geometry.get("geometries", [])]}
    coords = _round_coords(geometry.get("coordinates"))
    if gtype == "LineString":
        parts = split_antimeridian(coords)
        if len(parts) > 1:
            return {"type": "MultiLineString", "coordinates": parts}
        coords = parts[0]
    elif gtype == "MultiLineString":
        coords = [part for line in coords for part in split_antimeridian(line)]
    return {"type": gtype, "coordinates": coords}


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), 6)
    return [_round_coords(c) for c in coords]


def split_antimeridian(line: list[list[float]]) -> list[list[list[float]]]:
    """Split a lon/lat line wherever a segment takes the short way across ±180°.

    RFC 7946 §3.1.9: a segment whose longitudes differ by more than 180° is meant to
    cross the antimeridian, so it is cut at ±180° with the latitude interpolated there.
    """
    if len(line) < 2:
        return [line]
    parts: list[list[list[float]]] = [[list(line[0])]]
    for p1, p2 in zip(line, line[1:]):
        point = list(p2)
        if abs(p2[0] - p1[0]) > 180:
            side = 180.0 if p1[0] > 0 else -180.0
            x2 = p2[0] + (360 if side > 0 else -360)
            frac = (side - p1[0]) / (x2 - p1[0]) if x2 != p1[0] else 0.0
            cut = [round(a + (b - a) * frac, 6) for a, b in zip(p1[1:], p2[1:])]
            if parts[-1][-1] != [side, *cut]:  # a vertex already on 180° is not repeated
                parts[-1].append([side, *cut])
            parts.append([[-side, *cut]])
            if point == parts[-1][-1]:
                continue
        parts[-1].append(point)
    kept = [part for part in parts if len(part) >= 2]
    return kept or [line]


# --- GeoJSON ---------------------------------------------------------------------------

def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:  # NaN/Infinity have no JSON form: refuse, don't write junk
        raise GeoeventsError(f"cannot write event as JSON: {exc}") from exc


def _document_summary(doc: Any) -> Any:
    return doc.summary() if hasattr(doc, "summary") else doc


def write_geojson(features: Iterable[Mapping[str, Any]], documents: Iterable[Any],
                  stream: IO[str]) -> int:
    """RFC 7946 FeatureCollection, one Feature per line, ``documents`` member last."""
    stream.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for feature in features:
        stream.write(",\n" if count else "\n")
        stream.write(_dumps(prepare_feature(feature)))
        count += 1
    stream.write("\n],\n")
    docs = [_document_summary(d) for d in documents]
    stream.write(f'"documents": {_dumps(docs)}}}\n')
    return count


def write_geojsonseq(features: Iterable[Mapping[str, Any]], documents: Iterable[Any],
                     stream: IO[str]) -> int:
    """RFC 8142 GeoJSON text sequence: RS, one Feature, LF per record."""
    count = 0
    for feature in features:
        stream.write(f"{RS}{_dumps(prepare_feature(feature))}\n")
        count += 1
    return count


# --- CSV -------------------------------------------------------------------------------

LEAD_COLUMNS: tuple[str, ...] = (
    "id", "event_type", "title", "start", "end", "date_precision", "date_text",
    "place", "place_text", "place_id", "country_code", "admin1", "geo_precision",
    "resolved_by", "lon", "lat", "wkt", "route", "drugs", "drugs_kg_total",
)
PRICE_KEYS: tuple[str, ...] = ("amount", "amount_max", "currency", "unit", "substance")
TAIL_COLUMNS: tuple[str, ...] = (
    *(f"price_{key}" for key in PRICE_KEYS), "agencies", "operation", "countries", "doc_id", "doc_date", "paragraph", "sentence",
    "char_start", "char_end", "confidence", "status",
)


def write_csv(features: Iterable[Mapping[str, Any]], documents: Iterable[Any],
              stream: IO[str]) -> int:
    """One row per event, dynamic ``kg_<substance>``/``count_<name>`` columns, sorted.

    The columns depend on every event, so rows are first spooled to a temporary file
    (memory stays bounded) and written after the header.
    """
    substances: set[str] = set()
    count_keys: set[str] = set()
    rows = 0
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as spool:
        for feature in features:
            row = csv_row(prepare_feature(feature))
            substances.update(k for k in row if k.startswith("kg_"))
            count_keys.update(k for k in row if k.startswith("count_"))
            spool.write(_dumps(row) + "\n")
            rows += 1
        columns = [*LEAD_COLUMNS, *sorted(substances), *sorted(count_keys), *TAIL_COLUMNS]
        writer = csv.DictWriter(stream, fieldnames=columns, restval="", extrasaction="raise")
        writer.writeheader()
        spool.seek(0)
        for line in spool:
            writer.writerow(json.loads(line))
    return rows


def csv_row(feature: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten a prepared Feature into CSV cells (text cells formula-guarded)."""
    props = feature.get("properties") or {}
    geometry = feature.get("geometry")
    lon, lat = _anchor_point(geometry)
    row: dict[str, Any] = {key: props.get(key) for key in (*LEAD_COLUMNS, *TAIL_COLUMNS)}
    row["id"] = props.get("id", feature.get("id"))
    row.update(lon=lon, lat=lat, wkt=to_wkt(geometry) if geometry else None)
    row["route"] = " > ".join(
        f"{s.get('name')} ({s.get('role')})" for s in props.get("route") or [])
    drugs = props.get("drugs") or []
    row["drugs"] = "; ".join(_drug_text(d) for d in drugs)
    masses = [d["kg"] for d in drugs if isinstance(d.get("kg"), (int, float))]
    row["drugs_kg_total"] = round(sum(masses), 6) if masses else None
    for d in drugs:
        if isinstance(d.get("kg"), (int, float)):
            key = "kg_" + _column_name(str(d.get("substance")))
            row[key] = round(row.get(key, 0) + d["kg"], 6)
    for name, value in (props.get("counts") or {}).items():
        row["count_" + _column_name(str(name))] = value
    price = props.get("price")
    for key in PRICE_KEYS:
        row[f"price_{key}"] = price.get(key) if isinstance(price, Mapping) else None
    row["agencies"] = "; ".join(map(str, props.get("agencies") or []))
    row["countries"] = "; ".join(map(str, props.get("countries") or []))
    return {key: _cell(value) for key, value in row.items()}


def _drug_text(drug: Mapping[str, Any]) -> str:
    quantity, unit = drug.get("quantity"), drug.get("unit")
    amount = _num(quantity) if isinstance(quantity, (int, float)) else ""
    return " ".join(str(v) for v in (drug.get("substance"), amount, unit or "") if v)


def _column_name(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_") or "unknown"


def _anchor_point(geometry: Mapping[str, Any] | None) -> tuple[Any, Any]:
    """lon/lat for a spreadsheet: the point itself, or a line's first vertex (origin)."""
    coords: Any = geometry.get("coordinates") if geometry else None
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2:
        return coords[0], coords[1]
    return None, None


def _cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, int):
        return value
    if isinstance(value, (dict, list)):
        value = _dumps(value)
    text = str(value)
    return "'" + text if _looks_like_formula(text) else text


def _looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could run ``text``: a formula character first, or after
    blanks it skips (a tab, CR or line break first is refused outright, as OWASP says)."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    after = text[_FORMULA_LEAD.match(text).end():]
    return after[:1] in _FORMULA_CHARS


def to_wkt(geometry: Mapping[str, Any]) -> str:
    """Well-Known Text for a GeoJSON geometry (lon lat order)."""
    gtype = geometry["type"]
    if gtype == "GeometryCollection":
        inner = ", ".join(to_wkt(g) for g in geometry.get("geometries", []))
        return f"GEOMETRYCOLLECTION ({inner})" if inner else "GEOMETRYCOLLECTION EMPTY"
    coords = geometry.get("coordinates")
    if not coords:
        return f"{gtype.upper()} EMPTY"
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "Polygon": 2,
             "MultiLineString": 2, "MultiPolygon": 3}[gtype]
    return f"{gtype.upper()} {_wkt_coords(coords, depth)}"


def _wkt_coords(coords: Any, depth: int) -> str:
    if depth == 0:
        return "(" + " ".join(_num(c) for c in coords) + ")"
    if depth == 1:
        return "(" + ", ".join(" ".join(_num(c) for c in p) for p in coords) + ")"
    return "(" + ", ".join(_wkt_coords(c, depth - 1) for c in coords) + ")"


def _num(value: float) -> str:
    """Fixed-point text without exponent or trailing zeros (-0 printed as 0)."""
    return format(round(float(value), 6) + 0.0, ".6f").rstrip("0").rstrip(".")


Writer = Callable[[Iterable[Mapping[str, Any]], Iterable[Any], IO[str]], int]
def _write_seizures_csv(features: Iterable[Mapping[str, Any]], documents: Iterable[Any],
                        stream: IO[str]) -> int:
    from geoevents.seizure_table import write_seizures_csv

    return write_seizures_csv(features, documents, stream)


WRITERS: Mapping[str, Writer] = MappingProxyType({
    "geojson": write_geojson,
    "geojsonseq": write_geojsonseq,
    "csv": write_csv,
    "seizures-csv": _write_seizures_csv,
})

