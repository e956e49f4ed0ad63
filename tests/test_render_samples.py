"""Sample events for the map tests: contract features from model Events plus hand-written ones.

They cover every drawing path (pin, region/country circle, route, unplaced, undated),
pre-1970 dates, dates either side of 2001-09-09, month/year precision, planned events,
malformed features, and injection attempts in every text field a document can fill.
Other test modules import it as ``test_render_samples`` (tests/ is on sys.path), whether or
not tests/ is a package.  The tests at the bottom check the samples follow the contract.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from geoevents.model import Event, Place, Quantity, RouteStop, TimeSpan

DOC_ID = "09TESTPOST101"
INJECT_TITLE = "<script>window.__pwned=1;alert(1)</script> seized"
INJECT_SENTENCE = ('Police said "</script><script>window.__pwned=2;alert(2)</script>" '
                   "and <!-- nothing & more \u2028 after a line separator; "
                   "template text {{ 7*7 }} and {% if true %}kept{% endif %} stays as written.")
INJECT_PLACE = '" onmouseover="window.__pwned=3" x="'
INJECT_DATE = '<img src=x onerror="window.__pwned=4;alert(4)">'
INJECT_DOC_TITLE = ("</title><script>window.__pwned=5;alert(5)</script>KAZAKHSTAN & <b>TEST</b> {{ 6*7 }}"
                    " <!--geoevents-slot:payload-->")

DOCUMENTS: list[dict[str, Any]] = [{
    "doc_id": DOC_ID, "doc_date": "2009-03-02", "title": INJECT_DOC_TITLE,
    "path": "reports/test <cable>.txt", "sha256": "0" * 64,
}]


def _span(start: str, end: str, precision: str, text: str) -> TimeSpan:
    return TimeSpan(date.fromisoformat(start), date.fromisoformat(end), precision, "absolute",
                    text, 0, len(text))


def _place(text: str, name: str, lat: float, lon: float, precision: str, kind: str,
           cc: str = "KZ", admin1: str | None = None, by: str = "gazetteer") -> Place:
    return Place(text=text, char_start=0, char_end=len(text), name=name, place_id=f"test:{name}",
                 kind=kind, country_code=cc, admin1=admin1, lat=lat, lon=lon,
                 geo_precision=precision, resolved_by=by)


def _event(event_type: str, title: str, paragraph: int, span: TimeSpan | None, place: Place | None,
           sentence: str, **more: Any) -> Event:
    return Event(event_type=event_type, title=title, doc_id=DOC_ID, doc_date=date(2009, 3, 2),
                 paragraph=paragraph, sentence=sentence, char_start=100 * paragraph,
                 char_end=100 * paragraph + len(sentence), span=span,
                 date_precision=span.precision if span else "document", date_source="sentence",
                 place=place, **more)


def model_events() -> list[Event]:
    """Events built through the model, so their features are the real contract."""
    shymkent = _place("Shymkent", "Shymkent", 42.3, 69.6, "city", "city", admin1="South Kazakhstan")
    return [
        _event("seizure", "Heroin seized at Shymkent", 13, _span("2008-03-15", "2008-03-15", "day",
               "on 15 March 2008"), shymkent,
               "On 15 March 2008 police in Shymkent seized 48.763 kilos of heroin from a truck.",
               drugs=(Quantity("heroin", 48.763, "kg", 48.763),), agencies=("MVD",),
               counts=(("arrested", 3),)),
        _event("operation", "Operation Kanal in the south", 14, _span("2007-06-01", "2007-06-30",
               "month", "in June 2007"),
               _place("South Kazakhstan Oblast", "South Kazakhstan", 42.5, 68.5, "region", "region"),
               "In June 2007 the joint operation Kanal ran across South Kazakhstan Oblast.",
               operation="Kanal", agencies=("KNB", "Border Guards")),
        _event("arrest", "Arrests across Kazakhstan", 15, _span("2006-01-01", "2006-12-31", "year",
               "in 2006"), _place("Kazakhstan", "Kazakhstan", 48.0, 67.0, "country", "country"),
               "In 2006 authorities arrested 42 persons for trafficking.", counts=(("arrested", 42),)),
        _event("route", "Afghan heroin route to Russia", 16, _span("2008-01-01", "2008-12-31", "year",
               "during 2008"), None,
               "During 2008 Afghan heroin moved through Tajikistan and Kazakhstan to Russia.",
               route=(RouteStop("Afghanistan", 67.7, 33.9, "test:AF", "origin"),
                      RouteStop("Dushanbe", 68.78, 38.56, "test:Dushanbe", "transit"),
                      RouteStop("Shymkent", 69.6, 42.3, "test:Shymkent", "transit"),
                      RouteStop("Moscow", 37.62, 55.75, "test:Moscow", "destination"))),
        _event("lab_closure", "Laboratory closed near Almaty", 17, _span("1965-05-10", "1965-05-10",
               "day", "on 10 May 1965"),
               _place("Almaty", "Almaty", 43.25, 76.95, "city", "city"),
               "On 10 May 1965 a clandestine laboratory near Almaty was closed."),
        _event("seizure", "Opium seized in Bishkek before the change of digits", 18,
               _span("2001-09-08", "2001-09-08", "day", "on 8 September 2001"),
               _place("Bishkek", "Bishkek", 42.87, 74.59, "city", "city", cc="KG"),
               "On 8 September 2001 officers in Bishkek seized 12 kilos of opium.",
               drugs=(Quantity("opium", 12, "kg", 12.0),)),
        _event("seizure", "Hashish seized in Osh after the change of digits", 19,
               _span("2001-09-10", "2001-09-10", "day", "on 10 September 2001"),
               _place("Osh", "Osh", 40.53, 72.8, "city", "city", cc="KG"),
               "On 10 September 2001 officers in Osh seized 30 kilos of hashish.",
               drugs=(Quantity("hashish", 30, "kg", 30.0),)),
        _event("training", "Dog handlers trained", 20, _span("2007-11-01", "2007-11-30", "month",
               "in November 2007"), None,
               "In November 2007 instructors trained dog handlers at an undisclosed site."),
        _event("seizure", INJECT_TITLE, 21, _span("2008-07-04", "2008-07-04", "day", INJECT_DATE),
               _place(INJECT_PLACE, "Aktau", 43.65, 51.17, "city", "city"), INJECT_SENTENCE,
               drugs=(Quantity("heroin", 2.5, "kg", 2.5),), agencies=("<b>Customs</b>",)),
        _event("legislation", "Draft law on precursors", 22, _span("2009-01-01", "2009-12-31", "year",
               "in 2009"), _place("Astana", "Astana", 51.17, 71.45, "city", "city"),
               "Parliament plans to adopt a law on precursors in 2009.", status="planned"),
    ]


def handwritten_features() -> list[dict[str, Any]]:
    """Features written by hand: what other tools (or damaged files) may hand the map."""
    return [
        {"type": "Feature", "id": "hand-border", "geometry": {"type": "Point", "coordinates": [71.0, 42.6]},
         "properties": {"id": "hand-border", "event_type": "seizure", "title": "Seizure at the Kazakh-Kyrgyz border",
                        "start": "2008-05-20", "end": "2008-05-20", "date_precision": "day",
                        "date_text": "20 May", "place_text": "the Kazakh-Kyrgyz border",
                        "geo_precision": "border", "resolved_by": "qualifier", "doc_id": DOC_ID,
                        "paragraph": 30, "sentence": "On 20 May border guards seized 5 kilos of cannabis.",
                        "drugs": [{"substance": "cannabis", "quantity": 5, "unit": "kg", "kg": 5}]}},
        {"type": "Feature", "id": "hand-undated", "geometry": None,
         "properties": {"id": "hand-undated", "event_type": "statistic", "title": "Addiction statistics",
                        "start": None, "end": None, "date_precision": "document", "doc_id": DOC_ID,
                        "paragraph": 31, "sentence": "Registered addicts number about 50,000."}},
        {"type": "Feature", "id": "hand-baddate", "geometry": {"type": "Point", "coordinates": [66.9, 39.65]},
         "properties": {"id": "hand-baddate", "event_type": "agreement", "title": "Agreement with an impossible date",
                        "start": "2008-02-30", "end": "2008-02-30", "date_precision": "day",
                        "doc_id": DOC_ID, "paragraph": 32, "sentence": "An agreement was signed."}},
        {"type": "Feature", "id": "hand-weird", "geometry": {"type": "Point", "coordinates": [200.0, 95.0]},
         "properties": {"id": "hand-weird", "event_type": "smuggling?", "title": "Out-of-range point",
                        "start": "2008-08-01", "end": "2008-08-31", "date_precision": "month",
                        "doc_id": DOC_ID, "paragraph": 33, "sentence": "Something happened."}},
    ]


def sample_features() -> list[dict[str, Any]]:
    return [e.to_feature() for e in model_events()] + handwritten_features()


def countries_fixture() -> dict[str, Any]:
    """Two rough outlines: enough to see that the base layer is drawn."""
    def box(w: float, s: float, e: float, n: float) -> list[list[list[float]]]:
        return [[[w, s], [e, s], [e, n], [w, n], [w, s]]]

    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_a2": "KZ", "name": "Kazakhstan"},
         "geometry": {"type": "Polygon", "coordinates": box(46.5, 40.6, 87.3, 55.4)}},
        {"type": "Feature", "properties": {"iso_a2": "KG", "name": "Kyrgyzstan"},
         "geometry": {"type": "Polygon", "coordinates": box(69.3, 39.2, 80.3, 43.3)}},
    ]}


# --- the samples themselves follow the contract ---------------------------------------

CONTRACT_KEYS = {
    "event_type", "title", "start", "end", "date_precision", "date_text", "place", "place_text",
    "place_id", "place_kind", "country_code", "admin1", "geo_precision", "resolved_by", "route",
    "drugs", "counts", "agencies", "operation", "doc_id", "doc_date", "paragraph", "sentence",
    "char_start", "char_end", "confidence",
}


def test_model_samples_carry_every_contract_property() -> None:
    for feature in (e.to_feature() for e in model_events()):
        assert CONTRACT_KEYS <= set(feature["properties"]), feature["properties"]["title"]
        assert feature["id"] == feature["properties"]["id"]


def test_samples_cover_each_drawing_case() -> None:
    features = sample_features()
    kinds = {(f["geometry"] or {}).get("type") for f in features}
    assert kinds == {"Point", "LineString", None}
    precisions = {f["properties"].get("geo_precision") for f in features}
    assert {"city", "region", "country", "border", "route", "none"} <= precisions
    starts = sorted(f["properties"]["start"] for f in features if f["properties"].get("start"))
    assert starts[0] < "1970-01-01" and "2001-09-08" in starts and "2001-09-10" in starts
