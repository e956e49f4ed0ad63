"""Which place is an event's site: page furniture, spellings and agency names never decide it."""
from __future__ import annotations

from datetime import date

from geoevents.segment import page_chrome


def _sites(text: str) -> list[tuple[str, str | None]]:
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text(text, doc_date=date(2017, 12, 4))
    return [(e.event_type, e.place.name if e.place else None) for e in document_events(doc)]


TICKER = ("Latest\nTrade fair opens in Shanghai • Dome of a famous mausoleum to be cleaned • "
          "Markets close higher in Tokyo\n\n")


def test_a_headline_ticker_is_page_chrome():
    assert page_chrome("Trade fair opens in Shanghai • Markets close in Tokyo • Rain in Delhi")
    assert page_chrome("Home | News | Regions | Contacts")
    assert not page_chrome("Police seized 5 kg of heroin in Osh • the driver was detained.")


def test_a_ticker_names_no_scene_for_the_report():
    sites = _sites(TICKER + "Police find opium in the north\n\n"
                   "Police confiscated 300 kg of opium from a car on Sunday, an official said.")
    assert sites and all(name not in ("Shanghai", "Tokyo") for _, name in sites)


def test_a_region_spelled_otherwise_than_the_gazetteer_is_still_the_site():
    # the gazetteer writes "Samangān"; a report's "Samangan" is its name, not an adjective
    sites = _sites("Police find opium\n\nPolice confiscated 300 kg of opium outside a village "
                   "in northern Samangan province on Sunday.")
    assert ("seizure", "Samangān") in sites


def test_a_news_agency_in_a_dateline_is_no_place():
    from geoevents.ingest import document_from_text
    from geoevents.places import paragraph_places

    doc = document_from_text("Opium found\n\nKABUL, Dec. 3 (Xinhua) -- Afghan police confiscated "
                             "120 kg of opium on Sunday.")
    names = [p.name for found in paragraph_places(doc, offline=True) for p in found]
    assert "Kabul" in names and "Xinhua" not in names


def test_a_crossing_named_in_its_region_is_the_scene_for_the_next_sentence():
    sites = _sites("Border news\n\nIn May, officers posted at the Karamyk border crossing point in "
                   "the Osh region of Kyrgyzstan stopped a lorry. A search revealed 48 kg of heroin "
                   "hidden in its fuel tank.")
    assert ("seizure", "Karamyk border crossing") in sites



def test_a_district_of_a_region_is_never_a_namesake_elsewhere():
    # a town called "Kang" exists in China; a "Kang district" of an Afghan province is not it
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    (event,) = document_events(document_from_text(
        "Opium seized\n\nPolice seized 150 kg of opium in Kang district of Farah province on Friday."))
    assert (event.place.name, event.place.country_code, event.place.geo_precision) == ("Kang", "AF", "region")


def test_a_wire_dateline_with_the_agency_in_brackets_is_no_site():
    sites = _sites("Couriers held\n\nALMATY (Newswire / Agency - 3 May) Police detained two couriers "
                   "with 40 kg of hashish, the ministry said.")
    assert sites and all(name != "Almaty" for _, name in sites)
