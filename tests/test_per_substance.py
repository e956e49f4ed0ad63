"""One seizure or tally event per substance; the events of one incident share its id."""
from __future__ import annotations

from geoevents.events.per_substance import substance_groups
from geoevents.model import Quantity


def _events(text: str, doc_date: str = "2021-06-01"):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    return [e.to_feature()["properties"]
            for e in document_events(document_from_text(f"Date: {doc_date}\n\n{text}"))]


def _drugs(events, event_type):
    return sorted(tuple((d["substance"], d["kg"]) for d in e["drugs"]) for e in events
                  if e["event_type"] == event_type)


def test_two_substances_seized_together_are_two_seizures_of_one_incident():
    events = _events("On 4 May customs officers in Osh found 12 kg of heroin and 4 kg of hashish "
                     "hidden in the spare wheel of a car.")
    seizures = [e for e in events if e["event_type"] == "seizure"]
    assert _drugs(events, "seizure") == [(("hashish", 4.0),), (("heroin", 12.0),)]
    assert len({e["incident"] for e in seizures}) == 1 and seizures[0]["incident"]
    assert len({e["id"] for e in seizures}) == 2


def test_a_total_its_parts_make_up_is_not_an_event_of_its_own():
    events = _events("On 4 May border guards in Osh seized 20 kg of drugs: 15 kg of hashish "
                     "and 5 kg of opium.")
    assert _drugs(events, "seizure") == [(("hashish", 15.0),), (("opium", 5.0),)]


def test_a_total_larger_than_its_named_parts_stays_beside_them():
    events = _events("In 2020 the police of the province seized 3 tons of drugs, including "
                     "400 kg of heroin.")
    assert _drugs(events, "statistic") == [(("drugs", 3000.0),), (("heroin", 400.0),)]


def test_generic_precursors_are_not_the_total_of_a_drug():
    amounts = (Quantity("heroin", 5, "kg", 5.0, drug_class="opiate"),
               Quantity("precursors", 200, "kg", 200.0, drug_class="precursor"))
    assert [g[0].substance for g in substance_groups(amounts)] == ["heroin", "precursors"]


def test_one_substance_in_two_units_stays_one_group():
    amounts = (Quantity("ecstasy", 300, "tablets", None, drug_class="ATS"),
               Quantity("ecstasy", 0.5, "kg", 0.5, drug_class="ATS"),
               Quantity("hashish", 2, "kg", 2.0, drug_class="cannabis"))
    assert [len(g) for g in substance_groups(amounts)] == [2, 1]


def test_a_generic_word_without_a_mass_beside_named_drugs_is_dropped():
    amounts = (Quantity("drugs", None, "", None),
               Quantity("hashish", 2, "kg", 2.0, drug_class="cannabis"),
               Quantity("opium", 1, "kg", 1.0, drug_class="opiate"))
    assert [g[0].substance for g in substance_groups(amounts)] == ["hashish", "opium"]



def test_a_headline_total_and_a_body_with_its_parts_are_one_incident():
    from datetime import date

    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    text = ("Border news\n\nGuards seize 30 kg of drugs on the border\n\nAbout 30 kilograms of drugs, "
            "including 12 kilograms of heroin, were seized by border guards near Khorog on 4 March.")
    seizures = [e for e in document_events(document_from_text(text, doc_date=date(2021, 3, 6)))
                if e.event_type == "seizure"]
    assert sorted((d.substance, d.kg) for e in seizures for d in e.drugs) == [("drugs", 30.0), ("heroin", 12.0)]
    assert len({e.incident for e in seizures}) == 1
