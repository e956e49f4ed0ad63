"""Contract fixtures for the export, reader and filter tests.

Events are built through geoevents.model and serialised with Event.to_feature(), so
the tests follow the public contract rather than a hand copy of it; a few features are
written by hand for cases the extractor should never produce (formula-like text,
antimeridian routes).  Sentences are written in the style of a cable, not copied.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from geoevents.model import Event, Place, Quantity, RouteStop, TimeSpan

DOC_ID = "08TESTPOST101"
DOC_DATE = date(2008, 12, 2)
DOCUMENTS = [{"doc_id": DOC_ID, "doc_date": DOC_DATE.isoformat(),
              "title": "TESTLAND: 2008 NARCOTICS REPORT", "path": "cable.txt",
              "sha256": "0" * 64}]


def span(start: str | None, end: str | None, precision: str, text: str) -> TimeSpan:
    return TimeSpan(date.fromisoformat(start) if start else None,
                    date.fromisoformat(end) if end else None,
                    precision, "absolute", text, 0, len(text))


def city(name: str, lon: float, lat: float, cc: str, text: str | None = None) -> Place:
    return Place(text or name, 0, len(text or name), name=name, place_id=f"test:{name.lower()}",
                 kind="city", country_code=cc, lat=lat, lon=lon, geo_precision="city",
                 resolved_by="gazetteer")


def event(event_type: str, title: str, paragraph: int, sentence: str, **kw: Any) -> Event:
    return Event(event_type=event_type, title=title, doc_id=DOC_ID, doc_date=DOC_DATE,
                 paragraph=paragraph, sentence=sentence, char_start=100 * paragraph,
                 char_end=100 * paragraph + len(sentence), **kw)


def model_events() -> list[Event]:
    """Eight events spread over early 2008, one undated, covering every geometry kind."""
    return [
        event("seizure", "Border guards seize heroin near Shymkent", 12,
              "On March 14, 2008, border guards seized 48.25 kilograms of heroin near "
              "Shymkent and detained two couriers.",
              span=span("2008-03-14", "2008-03-14", "day", "March 14, 2008"),
              date_precision="day", place=city("Shymkent", 69.5901, 42.3417, "KZ"),
              drugs=(Quantity("heroin", 48.25, "kg", 48.25),),
              counts=(("arrested", 2),), agencies=("Border Guard Service",),
              countries=("KZ",), confidence=0.9),
        event("operation", "Operation Poppy-2008 along the southern border", 14,
              "From February 20 to April 10, 2008, Operation Poppy-2008 opened 31 "
              "criminal cases.",
              span=span("2008-02-20", "2008-04-10", "range", "From February 20 to April 10, 2008"),
              date_precision="range",
              place=Place("Kazakhstan", 0, 10, name="Kazakhstan", place_id="test:kz",
                          kind="country", country_code="KZ", lat=48.0, lon=67.0,
                          geo_precision="country", resolved_by="gazetteer"),
              counts=(("criminal_cases", 31),), operation="Poppy-2008", countries=("KZ",),
              confidence=0.8),
        event("route", "Afghan heroin moves north through Almaty to Moscow", 20,
              "Afghan heroin transits Almaty on its way to Moscow.",
              span=span("2008-01-01", "2008-12-31", "year", "2008"), date_precision="year",
              route=(RouteStop("Kabul", 69.1723, 34.5281, "test:kabul", "origin"),
                     RouteStop("Almaty", 76.9286, 43.2567, "test:almaty", "transit"),
                     RouteStop("Moscow", 37.6173, 55.7558, "test:moscow", "destination")),
              drugs=(Quantity("heroin", None, "", None),), countries=("AF", "KZ", "RU"),
              confidence=0.7),
        event("statistic", "Drug addicts registered nationwide", 30,
              "Health authorities registered some 50,000 drug users.",
              counts=(("registered_users", 50000),), confidence=0.6),
        event("seizure", "Hashish seized in Almaty", 33,
              "Between March 31 and April 2 police in Almaty seized 12 kilograms of hashish "
              "and 300 doses of ecstasy.",
              span=span("2008-03-31", "2008-04-02", "range", "Between March 31 and April 2"),
              date_precision="range", place=city("Almaty", 76.9286, 43.2567, "KZ", "Алматы"),
              drugs=(Quantity("hashish", 12.0, "kg", 12.0), Quantity("ecstasy", 300, "doses", None)),
              agencies=("Ministry of Internal Affairs", "Financial Police"), confidence=0.85),
        event("lab_closure", "Laboratory closed in Karaganda", 35,
              "In February 2008 police closed a clandestine laboratory in Karaganda.",
              span=span("2008-02-01", "2008-02-29", "month", "In February 2008"),
              date_precision="month", place=city("Karaganda", 73.1022, 49.8047, "KZ"),
              confidence=0.75),
        event("arrest", "Customs officers detain a courier in Aktau", 37,
              "In April 2008 customs officers in Aktau detained a courier carrying 2.5 "
              "kilograms of opium.",
              span=span("2008-04-01", "2008-04-30", "month", "In April 2008"),
              date_precision="month", place=city("Aktau", 51.1979, 43.6481, "KZ"),
              drugs=(Quantity("opium", 2.5, "kg", 2.5),), counts=(("arrested", 1),),
              confidence=0.8),
        event("training", "Training for canine units planned", 40,
              "Training for canine units is planned for March 2009.",
              span=span("2009-03-01", "2009-03-31", "month", "March 2009"),
              date_precision="month", status="planned", confidence=0.5),
    ]


def model_features() -> list[dict[str, Any]]:
    return [e.to_feature() for e in model_events()]


def hand_features() -> list[dict[str, Any]]:
    """Hand-written features: spreadsheet formulas in text, a Pacific route, long decimals."""
    formula = event("other", "=HYPERLINK(\"http://example.invalid\",\"click\")", 41,
                    "-5 kilograms were reported as +missing @ the depot.",
                    span=span("2008-03-05", "2008-03-05", "day", "March 5"),
                    date_precision="day", operation="@ops",
                    agencies=("\tTab Agency", "\rCR Agency"),
                    place=city("Lima", -77.042793, -12.046374, "PE")).to_feature()
    pacific: dict[str, Any] = {
        "type": "Feature", "id": "pacific-route",
        "geometry": {"type": "LineString",
                     "coordinates": [[158.6483, 53.0452], [-149.9003, 61.2181],
                                     [-122.4194167, 37.7749271]]},
        "properties": {"event_type": "route", "title": "Pacific route to the United States",
                       "start": "2008-03-01", "end": "2008-06-30", "date_precision": "range",
                       "doc_id": DOC_ID, "geo_precision": "route",
                       "route": [{"name": "Petropavlovsk-Kamchatsky", "lon": 158.6483,
                                  "lat": 53.0452, "place_id": None, "role": "origin"},
                                 {"name": "Anchorage", "lon": -149.9003, "lat": 61.2181,
                                  "place_id": None, "role": "transit"},
                                 {"name": "San Francisco", "lon": -122.4194167,
                                  "lat": 37.7749295, "place_id": None, "role": "destination"}],
                       "drugs": [], "counts": {}, "countries": ["RU", "US"]},
        "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
    }
    return [formula, pacific]


def all_features() -> list[dict[str, Any]]:
    return model_features() + hand_features()


def test_fixture_features_follow_the_contract() -> None:
    from geoevents.reader import feature_problem

    features = all_features()
    assert [feature_problem(f) for f in features] == [None] * len(features)
    ids = [f["properties"].get("id", f.get("id")) for f in features]
    assert len(set(ids)) == len(ids)


def test_fixture_covers_geometry_kinds_and_undated() -> None:
    kinds = {(f["geometry"] or {}).get("type") for f in all_features()}
    assert kinds == {"Point", "LineString", None}
    undated = [f for f in all_features() if f["properties"]["start"] is None]
    assert [f["properties"]["event_type"] for f in undated] == ["statistic"]
