"""A trigger's status is read in its own clause; a seizure can be said as a recovery."""
from __future__ import annotations

from geoevents.events.triggers import find_triggers


def _said(sentence: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(t.event_type, t.status) for t in find_triggers(sentence, lang)]


def test_a_negation_in_a_fronted_clause_stays_there():
    assert ("seizure", "reported") in _said(
        "Although the patrol could not stop the boat, it recovered a sack holding 25 kg of hashish.")


def test_a_negation_in_the_main_clause_still_counts():
    assert _said("When the truck was searched, officers found no drugs.") == [("seizure", "negated")]


def test_recovered_bags_with_a_drug_further_on_are_a_seizure():
    assert ("seizure", "reported") in _said(
        "Guards recovered three abandoned bags containing a total of 31 kilograms of opium.")



def test_a_drug_found_in_the_passive_is_a_seizure():
    assert _said("During a body search, 310 grams of hashish were found.") == [("seizure", "reported")]
    assert _said("Heroin was discovered in the spare wheel of the bus.") == [("seizure", "reported")]


def test_no_drugs_found_is_no_seizure():
    assert ("seizure", "reported") not in _said("No drugs were found in the lorry.")


def test_a_habit_or_a_possibility_is_not_an_event():
    assert _said("Customs officers say they sometimes seize heroin hidden in shoes.") == [("seizure", "generic")]
    assert _said("Under the new article a courier can be sentenced to life.") == [("sentencing", "generic")]


def test_the_subject_of_shared_data_is_not_an_event():
    assert all(status == "generic" for _, status in _said(
        "The officials exchanged data on poppy cultivation, seizures, and arrests."))


def test_an_aim_of_two_verbs_is_not_an_event():
    assert _said("Work is under way to find and detain the other members of the gang.") == [("arrest", "generic")]


def test_arresting_property_is_not_an_arrest():
    assert _said("The agency is skilled at tracing and arresting the assets of traffickers.") == []
    assert _said("Суд наложил арест на имущество организатора.") == []
