"""A seizure told without an amount still names its drug, from the words around it."""
from __future__ import annotations


def _events(text: str, doc_date: str = "2021-06-01"):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    return [e.to_feature()["properties"]
            for e in document_events(document_from_text(f"Date: {doc_date}\n\n{text}"))]


def test_a_seizure_of_this_drug_names_the_drug_said_before():
    events = _events("Couriers call heroin \"brown sugar\". On 4 May border guards near Khorog seized "
                     "a large consignment of this drug on the river bank.")
    assert ("heroin", None) in [d for e in events if e["event_type"] == "seizure"
                                for d in ((q["substance"], q["kg"]) for q in e["drugs"])]


def test_a_seizure_of_this_drug_names_the_drug_said_before_in_russian():
    events = _events("Курьеры называют героин «белым». 4 мая у Хорога пограничники задержали "
                     "крупную партию этого наркотика на берегу реки.")
    assert any(q["substance"] == "heroin" for e in events if e["event_type"] == "seizure"
               for q in e["drugs"])
