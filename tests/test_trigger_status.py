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
    assert _said("Border guards sometimes seize hashish hidden in shoes.") == [("seizure", "generic")]
    assert _said("Under the new article a courier can be sentenced to life.") == [("sentencing", "generic")]


def test_the_subject_of_shared_data_is_not_an_event():
    said = _said("The officials exchanged data on poppy cultivation, seizures, and arrests.")
    assert said and all(status == "generic" for _, status in said)  # read, and read as no event


def test_an_aim_of_two_verbs_is_not_an_event():
    assert _said("Work is under way to find and detain the other members of the gang.") == [("arrest", "generic")]


def test_arresting_property_is_not_an_arrest():
    assert _said("The agency is skilled at tracing and arresting the assets of traffickers.") == []
    assert _said("Суд наложил арест на имущество организатора.") == []


def test_a_change_in_percent_is_a_statistic():
    assert _said("The number of registered drug users in the region fell 8% on the year.") == [
        ("statistic", "reported")]
    assert ("statistic", "reported") in _said("Heroin seizures rose by 35 percent in the first half.")


def test_equipment_presented_or_donated_is_a_handover():
    assert ("training", "reported") in _said("The ambassador presented three pickups and ten test kits to the agency.")
    assert ("training", "reported") in _said("Officers practised with the scanners that were donated to the post in May.")


def test_setting_up_an_academy_is_a_programme_and_reforms_are_legislation():
    assert _said("The service is setting up a training academy.")[0] == ("program", "reported")
    assert _said("In May the government implemented a series of reforms that merged two agencies.") == [
        ("legislation", "reported")]


def test_a_thwarted_attempt_to_smuggle_is_a_seizure():
    assert _said("Customs officers thwarted an attempt to smuggle 3 kg of opium across the river.") == [
        ("seizure", "reported")]


def test_bags_containing_a_drug_far_into_the_sentence_are_a_seizure():
    assert ("seizure", "reported") in _said(
        "Inspecting the lorry, officers discovered four parcels taped under the spare wheel arch, "
        "containing a total of 2,450 grams of heroin.")


def test_prevented_smuggling_of_a_drug_is_a_seizure():
    assert _said("Guards prevented the smuggling of 40 kg of hashish at the post.") == [("seizure", "reported")]
    assert _said("The smuggling of more than 90 kg of opium has been prevented in the south.") == [
        ("seizure", "reported")]
