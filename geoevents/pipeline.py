"""The whole path for one document: dates -> places -> events.

One pure function per document (`document_events`), so the same work runs in this
process, in a pool of processes, or on a cluster, and gives the same events.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from geoevents.model import Document, Event, Place


def document_events(doc: Document, *, geocoder: Any = None) -> list[Event]:
    """Every event of ``doc``; names the gazetteer lacks go to ``geocoder`` when given."""
    from geoevents.dates import chain_dates
    from geoevents.events.extract import extract_events
    from geoevents.gazetteer import load_gazetteer
    from geoevents.language import paragraph_languages
    from geoevents.segment import page_chrome
    from geoevents.places import paragraph_places

    # by paragraph position, never by printed number: sections, compilations and quoted
    # cables repeat "1.", and offsets are relative to each paragraph's own text
    langs = paragraph_languages([p.text for p in doc.paragraphs])
    spans = chain_dates((p.text for p in doc.paragraphs), doc.doc_date, langs)
    places = paragraph_places(doc, offline=geocoder is None, geocoder=geocoder, langs=langs)
    for found in places:
        found.sort(key=lambda p: (p.char_start, p.char_end))
    # a page's menu or headline ticker names other stories' places: no scene, no focus
    places = [[] if page_chrome(para.text) else found for para, found in zip(doc.paragraphs, places)]
    focus = focus_place(doc, places, load_gazetteer(), langs)
    return extract_events(doc, spans, places, focus, langs)


def _posted_abroad(text: str, place: Place, found: list[Place], lang: str | None) -> bool:
    """"Russian border guards in Tajikistan", "российские пограничники в Таджикистане": the
    nationality of a force posted in another country, which that country's mention counts for."""
    from geoevents.lang import LANGUAGES, pack

    force = pack(lang if lang in LANGUAGES else "en").site["force_after"].match(text, place.char_end)
    if not force:
        return False
    reach = force.end() + _POSTED_REACH
    return any(place.char_end < q.char_start <= reach and q.country_code and q.country_code != place.country_code
               for q in found)


_POSTED_REACH = 25  # characters after a force's noun where the country it serves in is named


def focus_place(doc: Document, places: list[list[Place]], gazetteer: Any,
                langs: list[str | None] | None = None) -> Place | None:
    """The document's country: its TAGS first (of several, the country of the post that
    filed the report), else the country its places name most."""
    codes = list(doc.country_focus)
    if len(codes) > 1:
        from geoevents.places import filed_from

        home = filed_from(doc.origin, gazetteer)
        if home is not None and home.country_code in codes:
            codes.insert(0, codes.pop(codes.index(home.country_code)))
    if not codes:
        from geoevents.events.incidents import place_countries

        # a border line counts for both of its countries ("the Tajik-Afghan border")
        langs = langs or [None] * len(places)
        tally = Counter(cc for para, found, lang in zip(doc.paragraphs, places, langs) for p in found
                        if p.country_code and p.resolved and not _posted_abroad(para.text, p, found, lang)
                        for cc in place_countries(p))
        codes = [cc for cc, _ in tally.most_common(1)]
    for cc in codes:
        entry = gazetteer.country(cc)
        if entry is not None:
            return Place(text="", char_start=-1, char_end=-1, name=entry.name, place_id=entry.place_id,
                         kind="country", country_code=entry.country_code, admin1=None,
                         lat=entry.lat, lon=entry.lon, geo_precision="country",
                         resolved_by="gazetteer")
    return None
