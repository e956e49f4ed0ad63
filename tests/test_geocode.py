"""The geopy fallback against a local Nominatim stub: answers, failures, cache, rate limit.

Every test uses the real geopy Nominatim (or Photon) client pointed at a server on
127.0.0.1; nothing here touches the internet.
"""
from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from geoevents import __version__
from geoevents.geocode import FallbackGeocoder
from nominatim_stub import NominatimStub, Reply, nominatim_result

# A fixture answer written in Nominatim's shape (coordinates approximate).
BAD_KREUZEN = nominatim_result(
    name="Bad Kreuzen", lat=48.2626, lon=14.8057, cls="boundary", typ="administrative",
    addresstype="village", rank=19, osm=("relation", 103562),
    address={"village": "Bad Kreuzen", "county": "Bezirk Perg", "state": "Oberösterreich",
             "ISO3166-2-lvl4": "AT-4", "postcode": "4362", "country": "Österreich",
             "country_code": "at"},
)
UPPER_AUSTRIA = nominatim_result(
    name="Oberösterreich", lat=48.2, lon=14.0, cls="boundary", typ="administrative",
    addresstype="state", rank=8, osm=("relation", 102303),
    address={"state": "Oberösterreich", "country": "Österreich", "country_code": "at"},
)
CHECKPOINT = nominatim_result(
    name="Grenzübergang", lat=48.6, lon=14.5, cls="barrier", typ="border_control",
    addresstype="barrier", rank=30, osm=("node", 42),
    address={"barrier": "Grenzübergang", "state": "Oberösterreich", "country": "Österreich",
             "country_code": "at"},
)


class Collector:
    """on_warning callback that keeps the messages."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)


def make(stub: NominatimStub, cache: Path | str, warn: Collector | None = None,
         **kwargs: Any) -> FallbackGeocoder:
    settings: dict[str, Any] = {"timeout": 2.0, "min_delay_seconds": 0.0}
    settings.update(kwargs)
    return FallbackGeocoder(options=stub.options(), cache_path=cache,
                            on_warning=warn or Collector(), **settings)


@pytest.fixture()
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "geocode.sqlite"


def test_normal_answer_becomes_a_geocoder_place(cache: Path) -> None:
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        place = make(stub, cache).geocode("Bad Kreuzen")
        request = stub.requests[0]
    assert place is not None
    assert (place.name, place.country_code, place.admin1) == ("Bad Kreuzen", "AT", "Oberösterreich")
    assert place.lat == pytest.approx(48.26, abs=0.05) and place.lon == pytest.approx(14.80, abs=0.05)
    assert (place.geo_precision, place.kind, place.resolved_by) == ("city", "city", "geocoder")
    assert place.place_id == "osm:relation/103562"
    assert (place.text, place.char_start, place.char_end) == ("Bad Kreuzen", 0, 11)
    assert place.candidates[0]["display_name"].startswith("Bad Kreuzen, ")
    assert request.path == "/search"
    assert request.params["q"] == "Bad Kreuzen"
    assert request.params["addressdetails"] == "1" and request.params["format"] == "json"
    assert request.headers["User-Agent"] == f"geoevents/{__version__} (+https://pypi.org/project/geoevents)"
    assert cache.exists()


def test_precision_follows_class_type_and_addresstype(cache: Path) -> None:
    replies = {"Oberösterreich": Reply([UPPER_AUSTRIA, BAD_KREUZEN]),
               "Grenzübergang": Reply([CHECKPOINT])}
    with NominatimStub(replies) as stub:
        geocoder = make(stub, cache)
        region = geocoder.geocode("Oberösterreich")
        crossing = geocoder.geocode("Grenzübergang")
    assert region is not None and (region.geo_precision, region.kind) == ("region", "region")
    assert [c["name"] for c in region.candidates] == ["Oberösterreich", "Bad Kreuzen"]
    assert crossing is not None and (crossing.geo_precision, crossing.kind) == ("site", "crossing")


def test_country_hint_restricts_the_search_and_is_part_of_the_cache_key(cache: Path) -> None:
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        geocoder = make(stub, cache)
        assert geocoder.geocode("Bad Kreuzen", country_hint="AT") is not None
        assert geocoder.geocode("Bad Kreuzen", country_hint="at") is not None  # cached
        assert geocoder.geocode("Bad Kreuzen") is not None  # other key: asked
        params = [r.params for r in stub.requests]
    assert len(params) == 2
    assert params[0]["countrycodes"] == "at" and "countrycodes" not in params[1]


def test_empty_answer_is_cached_as_negative(cache: Path) -> None:
    with NominatimStub() as stub:
        assert make(stub, cache).geocode("Nowhereville") is None
        again = make(stub, cache)  # a new object, as in the next run
        assert again.geocode("Nowhereville") is None
        assert again.geocode("NOWHEREVILLE ") is None
        assert stub.count() == 1
    assert again.stats.cache_hits == 2 and again.stats.requests == 0


def test_positive_answer_comes_from_the_cache_in_the_next_run(cache: Path) -> None:
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        first = make(stub, cache).geocode("Bad Kreuzen")
        second_run = make(stub, cache)
        second = second_run.geocode("Bad Kreuzen")
        spaced = second_run.geocode("  bad\tKREUZEN ")
        assert stub.count() == 1
    assert first is not None and second == first
    assert spaced is not None and spaced.text == "  bad\tKREUZEN " and spaced.lat == first.lat


def test_slow_answer_opens_the_breaker_with_one_warning(cache: Path) -> None:
    warn = Collector()
    with NominatimStub({"Slowtown": Reply([BAD_KREUZEN], delay=0.8)}) as stub:
        geocoder = make(stub, cache, warn, timeout=0.25)
        assert geocoder.geocode("Slowtown") is None
        assert geocoder.geocode("Bad Kreuzen") is None
        assert geocoder.geocode("Otherplace") is None
        assert stub.count() == 1
        # Nothing was cached: a later run with a healthy server asks again.
        stub.replies["Slowtown"] = Reply([BAD_KREUZEN])
        assert make(stub, cache).geocode("Slowtown") is not None
        assert stub.count("Slowtown") == 2
    assert len(warn.messages) == 1 and "0.25 s" in warn.messages[0]
    assert geocoder.stats.breaker_open and geocoder.stats.skipped == 2


def test_default_warning_goes_through_the_warnings_module(cache: Path) -> None:
    with NominatimStub({"Slowtown": Reply([], delay=0.6)}) as stub:
        geocoder = FallbackGeocoder(options=stub.options(), cache_path=cache, timeout=0.2,
                                    min_delay_seconds=0)
        with pytest.warns(UserWarning, match="no further geocoding requests") as record:
            geocoder.geocode("Slowtown")
            geocoder.geocode("Othertown")
    assert len(record) == 1


def test_refused_connection_opens_the_breaker(cache: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    warn = Collector()
    geocoder = FallbackGeocoder(options={"domain": f"127.0.0.1:{port}", "scheme": "http",
                                         "proxies": {}},
                                cache_path=cache, on_warning=warn, min_delay_seconds=0)
    assert geocoder.geocode("Astana") is None and geocoder.geocode("Oral") is None
    assert geocoder.stats.requests == 1 and geocoder.stats.skipped == 1
    assert len(warn.messages) == 1 and "unreachable" in warn.messages[0]


def test_http_500_opens_the_breaker_and_caches_nothing(cache: Path) -> None:
    warn = Collector()
    with NominatimStub(default=Reply({"error": "internal"}, status=500)) as stub:
        geocoder = make(stub, cache, warn)
        assert geocoder.geocode("Bad Kreuzen") is None
        assert geocoder.geocode("Otherplace") is None
        assert stub.count() == 1
        stub.default = Reply([BAD_KREUZEN])
        assert make(stub, cache).geocode("Bad Kreuzen") is not None
    assert len(warn.messages) == 1 and "500" in warn.messages[0]


def test_non_json_answer_is_reported_not_raised(cache: Path) -> None:
    warn = Collector()
    portal = Reply(raw=b"<html><body>Please log in to the hotel wifi</body></html>",
                   content_type="text/html")
    with NominatimStub(default=portal) as stub:
        geocoder = make(stub, cache, warn)
        assert geocoder.geocode("Bad Kreuzen") is None
        assert geocoder.geocode("Otherplace") is None
        assert stub.count() == 1
    assert len(warn.messages) == 1 and "not JSON" in warn.messages[0]


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")  # geopy's own, for lat 95
@pytest.mark.parametrize("body", [
    {"foo": 1}, "hello", [1, 2], [None], [[]], 12,
    [{"lat": "abc", "lon": "x", "display_name": "X"}],
    [{"lat": "95", "lon": "10", "display_name": "X"}],
    [{"lat": "NaN", "lon": "10", "display_name": "X"}],
    [{"lat": "1", "lon": "2"}],  # no display_name: geopy refuses it
])
def test_malformed_json_trips_the_breaker_without_raising(cache: Path, body: Any) -> None:
    warn = Collector()
    with NominatimStub(default=Reply(body)) as stub:
        geocoder = make(stub, cache, warn)
        assert geocoder.geocode("Somewhere") is None
        assert geocoder.geocode("Elsewhere") is None
        assert stub.count() == 1
    assert len(warn.messages) == 1 and "unreadable answer" in warn.messages[0]


def test_odd_fields_in_a_usable_answer_are_cleaned(cache: Path) -> None:
    odd = {"lat": "41.3", "lon": "69.2", "display_name": "Tash\x00kent " + "x" * 100_000,
           "name": ["not", "a", "string"], "address": "not a dict", "place_rank": "high",
           "class": 5, "osm_type": "bogus", "osm_id": "12"}
    with NominatimStub(default=Reply([odd])) as stub:
        place = make(stub, cache).geocode("Tashkent")
        # The cleaned answer is what was cached, and it reads back the same.
        stub.default = Reply([])
        assert make(stub, cache).geocode("Tashkent") == place and stub.count() == 1
    assert place is not None and place.lat == 41.3 and place.lon == 69.2
    assert place.name == "Tash kent " + "x" * 190
    assert place.country_code is None and place.admin1 is None
    assert place.place_id == "nominatim:41.30000,69.20000"


def test_error_json_for_one_name_does_not_stop_the_others(cache: Path) -> None:
    warn = Collector()
    replies = {"Bad query": Reply({"error": "Nothing to search for"}),
               "Rejected": Reply({"error": "bad request"}, status=400),
               "Bad Kreuzen": Reply([BAD_KREUZEN])}
    with NominatimStub(replies) as stub:
        geocoder = make(stub, cache, warn)
        assert geocoder.geocode("Bad query") is None
        assert geocoder.geocode("Rejected") is None
        assert geocoder.geocode("Rejected") is None  # not asked twice in one run
        assert geocoder.geocode("Bad Kreuzen") is not None
        assert stub.count() == 3
    assert warn.messages == [] and geocoder.stats.failures == 2


def test_rate_limit_spaces_uncached_requests(cache: Path) -> None:
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        geocoder = make(stub, cache, min_delay_seconds=0.25)
        geocoder.geocode("Bad Kreuzen")
        geocoder.geocode("Perg")
        geocoder.geocode("Bad Kreuzen")  # cached: no request, no wait
        times = [r.at for r in stub.requests]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.2  # loose: the limiter sleeps min_delay minus elapsed


@pytest.mark.parametrize("name", [
    "", "   \n\t", "x" * 10_000, "Tash" * 2_500, "Almатy",  # Latin + Cyrillic homoglyphs
    "Bad\x00Kreuzen", "\u202eBad Kreuzen", "12345", "--- !!", "Санкт Petersburg",
    " ".join(["word"] * 40),
])
def test_bad_names_are_refused_without_a_request(cache: Path, name: str) -> None:
    with NominatimStub(default=Reply([BAD_KREUZEN])) as stub:
        geocoder = make(stub, cache)
        assert geocoder.geocode(name) is None
        assert stub.count() == 0
    assert geocoder.stats.rejected == 1


@pytest.mark.parametrize("name", ["Алматы", "Oʻzbekiston", "Île-de-France", "東京"])
def test_single_script_names_are_asked(cache: Path, name: str) -> None:
    with NominatimStub(default=Reply([BAD_KREUZEN])) as stub:
        assert make(stub, cache).geocode(name) is not None
        assert stub.count() == 1


def test_invalid_country_hint_is_a_caller_bug(cache: Path) -> None:
    with NominatimStub() as stub:
        geocoder = make(stub, cache)
        with pytest.raises(ValueError):
            geocoder.geocode("Bad Kreuzen", country_hint="Austria")
        assert stub.count() == 0


def test_corrupt_cache_file_falls_back_to_memory_with_one_warning(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"this is not an SQLite database" * 100)
    warn = Collector()
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        geocoder = make(stub, cache, warn)
        assert geocoder.geocode("Bad Kreuzen") is not None
        assert geocoder.geocode("Bad Kreuzen") is not None  # in-memory cache still works
        assert stub.count() == 1
    assert len(warn.messages) == 1 and "unusable" in warn.messages[0]
    assert geocoder.cache_path == ":memory:"


def test_another_geopy_geocoder_by_name(cache: Path) -> None:
    photon = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [14.8057, 48.2626]},
        "properties": {"osm_type": "R", "osm_id": 103562, "osm_key": "boundary",
                       "osm_value": "administrative", "type": "city", "name": "Bad Kreuzen",
                       "state": "Upper Austria", "country": "Austria", "countrycode": "AT"},
    }]}
    with NominatimStub(default=Reply(photon)) as stub:
        geocoder = FallbackGeocoder("Photon", options=stub.options(), cache_path=cache,
                                    min_delay_seconds=0, on_warning=Collector())
        place = geocoder.geocode("Bad Kreuzen")
        # Photon has no country filter: answers outside the hinted country are dropped.
        elsewhere = geocoder.geocode("Bad Kreuzen", country_hint="KZ")
        assert stub.requests[0].path == "/api" and stub.count() == 2
    assert place is not None and place.resolved_by == "geocoder"
    assert (place.country_code, place.admin1, place.geo_precision) == ("AT", "Upper Austria", "city")
    assert place.place_id == "osm:relation/103562"
    assert elsewhere is None


@pytest.mark.parametrize("where", ["directory", "under_a_file"])
def test_unopenable_cache_path_falls_back_to_memory(tmp_path: Path, where: str) -> None:
    if where == "directory":
        path = tmp_path  # an existing directory cannot be an SQLite file
    else:
        (tmp_path / "plain").write_text("x")
        path = tmp_path / "plain" / "geocode.sqlite"
    warn = Collector()
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        geocoder = make(stub, path, warn)
        assert geocoder.geocode("Bad Kreuzen") is not None
        assert geocoder.geocode("Bad Kreuzen") is not None
        assert stub.count() == 1
    assert len(warn.messages) == 1 and "in memory" in warn.messages[0]


@pytest.mark.parametrize("stored", ['{"lat": 1}', "[1, 2]", "not json", '[{"lat": 999, "lon": 0}]'])
def test_tampered_cache_rows_are_ignored_and_asked_again(cache: Path, stored: str) -> None:
    import sqlite3

    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN])}) as stub:
        geocoder = make(stub, cache)
        geocoder.geocode("Bad Kreuzen")
        geocoder.close()
        with sqlite3.connect(cache) as conn:
            conn.execute("UPDATE answers SET answer = ?", (stored,))
        conn.close()
        again = make(stub, cache).geocode("Bad Kreuzen")
        assert stub.count() == 2
    assert again is not None and again.country_code == "AT"


def test_cached_names_still_resolve_after_the_breaker_opens(cache: Path) -> None:
    with NominatimStub({"Bad Kreuzen": Reply([BAD_KREUZEN]),
                        "Slowtown": Reply([], delay=0.6)}) as stub:
        make(stub, cache).geocode("Bad Kreuzen")
        geocoder = make(stub, cache, timeout=0.2)
        assert geocoder.geocode("Slowtown") is None
        assert geocoder.stats.breaker_open
        assert geocoder.geocode("Bad Kreuzen") is not None
        assert stub.count() == 2
