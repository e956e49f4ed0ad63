"""A price is what a unit of a drug costs; what a seizure is worth is not a price."""
from __future__ import annotations

from datetime import date


def _prices(text: str) -> list[dict]:
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Drug market\n\n" + text, doc_date=date(2022, 5, 3))
    return [e.price for e in document_events(doc) if e.event_type == "price"]


def test_a_unit_price_is_a_price():
    (price,) = _prices("In Osh a gram of heroin sells for $30, officers said.")
    assert price["amount"] == 30 and price["unit"] == "gram"


def test_what_a_seizure_is_worth_is_no_price():
    assert _prices("Police seized 260 kg of hashish with a street value of $9.5 million in Taraz.") == []


def test_what_a_stash_would_fetch_is_no_price():
    assert _prices("If sold, the spice from the cache would fetch an estimated value of "
                   "2 million soms.") == []


def test_an_estimated_unit_price_stays_a_price():
    (price,) = _prices("The price of one pill was estimated at about 12 euros in the north.")
    assert price["amount"] == 12


def test_what_a_seizure_is_worth_is_no_price_in_russian():
    assert _prices("В Таразе изъято 12 кг гашиша стоимостью 30 млн тенге.") == []


def test_a_unit_price_is_a_price_in_russian():
    (price,) = _prices("В Оше героин продается за 2500 сомов за грамм.")
    assert price["amount"] == 2500
