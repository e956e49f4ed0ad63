"""geopy fallback for place names the bundled gazetteer does not know.

Cheap to import: geopy itself is imported only when a FallbackGeocoder is built, and
nothing touches the network until :meth:`FallbackGeocoder.geocode` is called.
"""
from __future__ import annotations

from geoevents.geocode.cache import default_cache_path
from geoevents.geocode.fallback import (
    FallbackGeocoder,
    GeocodeStats,
    GeocodeWarning,
    default_user_agent,
)
from geoevents.geocode.options import (
    GEOCODER_PARAMS,
    fallback_from_options,
    geocoder_options,
    parse_geocoder_options,
)
from geoevents.geocode.query import clean_query

__all__ = [
    "FallbackGeocoder", "GeocodeStats", "GeocodeWarning", "GEOCODER_PARAMS", "clean_query",
    "default_cache_path", "default_user_agent", "fallback_from_options", "geocoder_options",
    "parse_geocoder_options",
]
