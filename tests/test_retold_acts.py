"""A lab closure or an operation told in the headline and again in the body is one event."""
from __future__ import annotations

from datetime import date


def _kinds(text: str) -> list[tuple[str, str | None]]:
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text(text, doc_date=date(2024, 3, 5))
    return [(e.event_type, e.place.name if e.place else None) for e in document_events(doc)]


def test_a_lab_in_the_headline_and_the_body_is_one_closure():
    kinds = _kinds("Crime news\n\nPolice found a drug laboratory in Taraz\n\n"
                   "KazNews - Police conducted an operation in Taraz, dismantling a drug laboratory, "
                   "the press service said.")
    assert kinds.count(("lab_closure", "Taraz")) == 1


def test_an_operation_pointed_back_to_is_one_operation():
    kinds = _kinds("Drug case in the south\n\nPhoto: police\n\nA crime note\n\n"
                   "Police carried out a special operation in Taraz and detained two men.\n\n"
                   "The special operation in Taraz was carried out with the prosecutor's office.")
    assert kinds.count(("operation", "Taraz")) == 1


def test_labs_in_two_cities_stay_two():
    kinds = _kinds("Two drug laboratories closed\n\n"
                   "Police dismantled a drug laboratory in Taraz. The same week officers dismantled "
                   "a drug laboratory in Shymkent.")
    assert ("lab_closure", "Taraz") in kinds and ("lab_closure", "Shymkent") in kinds
