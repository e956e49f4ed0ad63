"""Turn one geocoder result into a small, validated candidate record.

Geocoder answers are untrusted: every field is type-checked, strings are cleaned and
truncated, and coordinates must be finite and in range, so a garbage answer yields
nothing rather than an exception or a point in the sea.
"""
from __future__ import annotations

import math
import unicodedata
from typing import Any

MAX_TEXT = 200

_COUNTRY = frozenset({"country"})
_REGION = frozenset({
    "state", "region", "province", "county", "state_district", "district", "territory",
    "archipelago", "continent", "island", "islands", "sea", "ocean", "bay", "strait",
    "valley", "desert", "mountain_range", "ridge", "plateau", "basin", "water", "river",
    "lake", "wetland", "forest", "sand", "glacier",
})
_CITY = frozenset({
    "city", "town", "village", "hamlet", "municipality", "suburb", "borough",
    "city_district", "quarter", "neighbourhood", "locality", "isolated_dwelling", "farm",
    "croft", "settlement",
})
_SITE_CLASSES = frozenset({
    "amenity", "building", "aeroway", "highway", "railway", "tourism", "shop", "office",
    "man_made", "leisure", "historic", "military", "barrier", "craft", "emergency",
    "healthcare", "public_transport", "aerialway", "power", "bridge", "club", "house",
    "street",
})
_OSM_TYPES = {"n": "node", "w": "way", "r": "relation"}


def candidate(latitude: Any, longitude: Any, raw: Any, address: Any, service: str
              ) -> dict[str, Any] | None:
    """A candidate dict (name, lat, lon, country_code, ...) or None if unusable."""
    lat, lon = _coordinate(latitude, 90.0), _coordinate(longitude, 180.0)
    if lat is None or lon is None:
        return None
    raw = raw if isinstance(raw, dict) else {}
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    addr = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    display = _text(raw.get("display_name")) or _text(address)
    name = (_text(raw.get("name")) or _text(props.get("name"))
            or (display.split(",")[0].strip() if display else None))
    if props:  # Photon-style GeoJSON feature
        labels = (props.get("osm_key"), props.get("osm_value"), props.get("type"))
    else:  # Nominatim: "class" in format=json, "category" in jsonv2
        labels = (raw.get("class") or raw.get("category"), raw.get("type"), raw.get("addresstype"))
    precision, kind = geo_precision(
        cls=_text(labels[0]), typ=_text(labels[1]), addresstype=_text(labels[2]),
        rank=_int(raw.get("place_rank")),
    )
    return {
        "name": name,
        "display_name": display,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "country_code": _country(addr.get("country_code") or props.get("countrycode")),
        "admin1": _text(addr.get("state") or addr.get("province") or addr.get("region")
                        or props.get("state")),
        "kind": kind,
        "geo_precision": precision,
        "place_id": _place_id(raw, props, service, lat, lon),
        "source": service,
    }


def geo_precision(*, cls: str | None, typ: str | None, addresstype: str | None,
                  rank: int | None) -> tuple[str, str]:
    """(geo_precision, kind) from Nominatim/Photon class, type, addresstype and rank."""
    if cls == "barrier" and typ == "border_control":
        return "site", "crossing"
    for label in (addresstype, typ):
        if label in _COUNTRY:
            return "country", "country"
        if label in _REGION:
            return "region", "feature" if cls in ("natural", "waterway") else "region"
        if label in _CITY:
            return "city", "city"
    if cls in _SITE_CLASSES or cls in ("natural", "waterway"):
        return "site", "feature"
    if rank is not None:  # Nominatim's search rank: 4 country, 5-12 regions, 13-25 places
        if rank <= 4:
            return "country", "country"
        if rank <= 12:
            return "region", "region"
        if rank <= 25:
            return "city", "city"
        return "site", "feature"
    return "city", "city"  # a bare point result: most report mentions are settlements


def is_candidate(value: Any) -> bool:
    """True for a dict shaped like :func:`candidate`'s output (used on cache reads)."""
    if not isinstance(value, dict):
        return False
    lat, lon = value.get("lat"), value.get("lon")
    return (_coordinate(lat, 90.0) is not None and _coordinate(lon, 180.0) is not None
            and all(isinstance(value.get(k), (str, type(None)))
                    for k in ("name", "display_name", "country_code", "admin1", "kind",
                              "geo_precision", "place_id", "source")))


def _coordinate(value: Any, limit: float) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _text(value: Any) -> str | None:
    """A printable single-line string of at most MAX_TEXT characters, or None."""
    if not isinstance(value, str):
        return None
    cleaned = "".join(" " if unicodedata.category(ch).startswith("C") else ch
                      for ch in value[: MAX_TEXT * 4])
    cleaned = " ".join(cleaned.split())[:MAX_TEXT].strip()
    return cleaned or None


def _country(value: Any) -> str | None:
    if isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha():
        return value.upper()
    return None


def _place_id(raw: dict[str, Any], props: dict[str, Any], service: str,
              lat: float, lon: float) -> str:
    osm_type = _text(raw.get("osm_type") or props.get("osm_type"))
    osm_id = _int(raw.get("osm_id") if raw.get("osm_id") is not None else props.get("osm_id"))
    if osm_type and osm_id is not None:
        kind = _OSM_TYPES.get(osm_type.lower(), osm_type.lower())
        if kind in ("node", "way", "relation"):
            return f"osm:{kind}/{osm_id}"
    return f"{service}:{lat:.5f},{lon:.5f}"
