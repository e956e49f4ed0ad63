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


def _seized(events) -> list[tuple[str, float | None]]:
    return [(q["substance"], q["kg"]) for e in events if e["event_type"] == "seizure" for q in e["drugs"]]


def test_a_substance_the_next_sentence_identifies_is_the_seized_drug():
    events = _events("At a checkpoint near Taraz police found a bag with a white powder in a minivan. "
                     "Laboratory tests later confirmed that it was methamphetamine weighing 1.2 kg.")
    assert _seized(events) == [("methamphetamine", 1.2)]


def test_a_substance_identified_in_the_next_russian_paragraph_is_the_seized_drug():
    events = _events("У водителя попутной машины изъяли свёрток с порошком белого цвета.\n\n"
                     "По заключению экспертизы, изъятое вещество является героином массой 600 граммов.")
    assert _seized(events) == [("heroin", 0.6)]


def test_an_unnamed_substance_nobody_identifies_is_no_seizure():
    events = _events("At the border guards found a bag with a white powder in a minivan. The driver was questioned.")
    assert _seized(events) == []


def test_people_detained_with_a_batch_of_a_drug_bring_its_seizure():
    events = _events("Border guards detained two men with a batch of opium near the river on 3 May.")
    assert _seized(events) == [("opium", None)]
    ru = _events("Пограничники задержали двоих мужчин с партией опия у реки.")
    assert _seized(ru) == [("opium", None)]


def test_an_arrest_for_selling_a_drug_is_no_seizure():
    assert _seized(_events("Police arrested a man for selling heroin near the market on 4 May.")) == []


def test_the_mass_told_two_paragraphs_later_is_the_seizures():
    events = _events("Guards detained two men with a batch of opium near the river on 3 May.\n\n"
                     "The operation involved the border service and customs.\n\n"
                     "An examination showed that the opium weighed 4.2 kg.")
    assert _seized(events) == [("opium", 4.2)]


def test_a_drug_seized_in_counted_containers_is_a_seizure():
    # sacks, not kilograms: the drug they held is still the seizure's
    events = _events("В Таразе при обыске склада изъяли 20 мешков с сухой коноплёй и весы.")
    assert [s for s, _ in _seized(events)] == ["cannabis"]
