"""Event building blocks on sentences written in the genre: amounts, counts, triggers, money."""
from __future__ import annotations

import pytest

from geoevents.events.counts import find_counts
from geoevents.events.quantities import find_money, find_quantities
from geoevents.events.triggers import find_triggers


def _current(sentence: str):
    return [(f.quantity.substance, f.quantity.kg, f.quantity.unit, f.quantity.qualifier)
            for f in find_quantities(sentence) if not f.baseline]


@pytest.mark.parametrize("sentence, expected", [
    ("Border guards seized 412 kilos of heroin near Termez.", [("heroin", 412.0, "kilo", None)]),
    ("Customs found 2 tons, 340 kilos of hashish in a truck.", [("hashish", 2340.0, "kg", None)]),
    ("Police seized 1.5 metric tons of raw opium.", [("opium", 1500.0, "metric ton", None)]),
    ("Officers confiscated 750 grams of cannabis resin.", [("hashish", 0.75, "gram", None)]),
    ("The KNB seized over 10 kilos of pervitin.", [("methamphetamine", 10.0, "kilo", "over")]),
    ("Agents seized 300 doses of ecstasy.", [("ecstasy", None, "dose", None)]),
    ("He carried 40 MDMA tablets.", [("ecstasy", None, "tablet", None)]),
    ("They seized 6.125 kilograms of marijuana and 88 kg of hashish.",
     [("marijuana", 6.125, "kilogram", None), ("hashish", 88.0, "kg", None)]),
    ("Seizures rose to 2.2 tons (up from 1,870 kilos last year).", [("drugs", 2200.0, "ton", None)]),
    ("Heroin seizures grew from 412 kilos to 1.1 tons.", [("heroin", 1100.0, "ton", None)]),
    ("Seizures of heroin totaled 95 kilos, over last year's 80 kilos.", [("heroin", 95.0, "kilo", None)]),
    ("Seizures rose to 4 tons, including 210 kilos of opium.", [("drugs", 4000.0, "ton", None),
                                                                ("opium", 210.0, "kilo", None)]),
    ("A 35.5% increase and Article 232-2 and $12,000 are not amounts.", []),
    ("He carried 12 kg 345 g of opium.", [("opium", 12.345, "kg", None)]),
    # an amount said in words alone
    ("Police seized half a ton of heroin and 20 kg of hashish.",
     [("heroin", 500.0, "half a ton", None), ("hashish", 20.0, "kg", None)]),
    # the same amount restated in brackets in other units is one quantity
    ("Customs seized 412 kilos (908 pounds) of heroin.", [("heroin", 412.0, "kilo", None)]),
    # the drug named after a linking verb: "N kg of which is heroin", "N kg is hashish"
    ("Police seized 48 kg of drugs, 7 kilograms of which is heroin and 14 kilograms is hashish.",
     [("drugs", 48.0, "kg", None), ("heroin", 7.0, "kilogram", None), ("hashish", 14.0, "kilogram", None)]),
    # words describing the drug between "of" and its name; a conjunction ends them
    ("Guards seized 30 kg of high-grade Afghan heroin.", [("heroin", 30.0, "kg", None)]),
    ("The van carried 10 kg of textiles and a bag of heroin.", [("drugs", 10.0, "kg", None)]),
    # the unit written close to the number; a capital single letter is a name ("4G")
    ("Police seized 186kg of opium and 500g of heroin.", [("opium", 186.0, "kg", None), ("heroin", 0.5, "g", None)]),
    ("The 4G network covers the border post.", []),
    # "... of them being X": the part and its drug
    ("Guards took some 90 kilograms of drugs, with over 30 kilograms of them being opium.",
     [("drugs", 90.0, "kilogram", "some"), ("opium", 30.0, "kilogram", "over")]),
])
def test_quantities(sentence, expected):
    assert _current(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Police arrested 17 members of the group and opened 9 criminal cases.",
     {"arrested": 17.0, "criminal_cases": 9.0}),
    ("Three Tajik citizens were detained at the crossing.", {"detained": 3.0}),
    ("The court sentenced the courier to 15 years in prison.", {"sentence_years": 15.0}),
    ("Four officers were sentenced to 8 to 11 years.", {"sentenced": 4.0, "sentence_years": 8.0,
                                                       "sentence_years_max": 11.0}),
    ("The raids led to the detention of 1,204 suspects.", {"detained": 1204.0}),
    ("Inspectors found 61 violations.", {"violations": 61.0}),
])
def test_counts(sentence, expected):
    assert find_counts(sentence) == expected


def _kinds(sentence: str) -> list[tuple[str, str]]:
    return [(t.event_type, t.status) for t in find_triggers(sentence)]


def test_triggers_and_status():
    assert ("seizure", "reported") in _kinds("In May, customs officers seized 40 kilos of heroin.")
    assert ("lab_closure", "reported") in _kinds("Police dismantled a laboratory producing pervitin in Semey.")
    assert ("lab_closure", "negated") in _kinds("Police discovered no laboratories producing heroin.")
    assert ("lab_closure", "negated") in _kinds("Officers have not yet found a heroin lab in the region.")
    assert ("training", "planned") in _kinds("INL will open a new training center in Oral.")
    assert ("training", "planned") in _kinds("The embassy plans to send two instructors to a course.")
    assert ("agreement", "reported") in _kinds("Tajikistan ratified the protocol on March 3.")
    assert ("legislation", "reported") in _kinds("The President signed a decree on drug control.")
    assert not [k for k in _kinds("The serious problem of seized drugs being resold persists.")
                if k[0] == "seizure"]
    assert not [k for k in _kinds("Officers equipped a computer lab at the academy.") if k[0] == "lab_closure"]


def test_money():
    money = find_money("In Osh, a kilo of heroin sells for $3,500, up from last year's $2,800; a pill costs 12 Euro.")
    assert [(m.amount, m.currency, m.baseline) for m in money] == [
        (3500.0, "USD", False), (2800.0, "USD", True), (12.0, "EUR", False)]


def _events(text: str):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    return [e.to_feature()["properties"] for e in document_events(document_from_text(text))]


CABLE = """TAGS: SNAR KG
SUBJECT: KYRGYZSTAN: SOUTHERN OPERATIONS
1. (SBU) From May 3 to 9, the DCA conducted Operation "Kara-Too" in the Osh region and seized 61 kilos
of heroin. Police in Batken detained four couriers on May 12.
2. (SBU) COMMENT: The operation shows that training pays off and that more seizures will follow.
END COMMENT.
"""


def test_operation_results_and_comments():
    props = _events(CABLE)
    kinds = [(p["paragraph"], p["event_type"]) for p in props]
    assert (1, "operation") in kinds and (1, "seizure") not in kinds  # the seizure is the operation's result
    operation = next(p for p in props if p["event_type"] == "operation")
    assert operation["operation"] == "Kara-Too" and operation["drugs"][0]["kg"] == 61
    assert (1, "arrest") in kinds
    assert not [k for k in kinds if k[0] == 2]  # an embassy comment reports no events


def test_repeated_paragraph_numbers_keep_their_own_dates_and_places():
    # two sections both numbered "1.": each paragraph's event takes its own date and town
    text = ("SUBJECT: TWO SECTIONS\n\n1. (SBU) On 4 May 2008 police in Osh seized 12 kilos of heroin.\n\n"
            "SECTION TWO\n\n1. (SBU) Customs officers seized 40 kilos of hashish at a checkpoint near Taraz "
            "on 9 September 2009.\n")
    events = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert [(e["start"], e["place"]) for e in events] == [("2008-05-04", "Osh"), ("2009-09-09", "Taraz")]


def test_a_sentence_without_a_place_takes_the_scene_set_before_it():
    # the lead names the district; the body's seizure sentence names no place
    text = ("DUSHANBE, May 18 2006 - Drug police intercepted heroin in the Farkhor district on May 17.\n\n"
            "A local man was detained. Some 14 kilograms of heroin were confiscated from him.\n")
    seizure = next(e for e in _events(text) if e["event_type"] == "seizure")
    assert seizure["place"] == "Farkhor District" and seizure["country_code"] == "TJ"


def test_the_scene_is_not_taken_from_another_country():
    text = ("TAGS: SNAR KZ\nSUBJECT: SEIZURES\n1. (SBU) The route runs on to Moscow. Kazakhstani police "
            "seized 14 kilograms of heroin on 3 March 2008.\n")
    seizure = next(e for e in _events(text) if e["event_type"] == "seizure")
    assert seizure["country_code"] == "KZ"


def test_a_long_period_amount_without_a_site_is_a_total():
    text = "MOSCOW, 2 February 2015 - Some 3.5 tons of Afghan heroin were seized in Russia in 2014.\n"
    (event,) = [e for e in _events(text) if e["drugs"]]
    assert event["event_type"] == "statistic" and event["start"] == "2014-01-01"


def test_one_incident_dated_by_the_year_stays_a_seizure():
    text = ("TAGS: SNAR KZ\nSUBJECT: SEIZURES\n1. (SBU) The year's second large seizure was of 120 kilos "
            "of heroin by the police.\n")
    assert [e["event_type"] for e in _events(text) if e["drugs"]] == ["seizure"]


def test_one_seizure_told_in_lead_and_body_is_one_event():
    text = ("ALMATY, 3 June 2015 - Police seized a batch of heroin in Taraz.\n\n"
            "Officers found 4 kilograms of heroin in the suspect's car. The heroin was confiscated.\n")
    seizures = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert len(seizures) == 1 and seizures[0]["drugs"][0]["kg"] == 4.0


def test_two_seizures_of_different_masses_stay_two():
    text = "Police seized 4 kilograms of heroin in Taraz. Customs officers seized 9 kilograms of heroin in Osh.\n"
    assert len([e for e in _events(text) if e["event_type"] == "seizure"]) == 2


def test_an_infinitive_arrest_is_not_an_arrest():
    text = "Police seized 4 kilograms of heroin in Taraz on 3 May 2015. Measures are being taken to detain the owner.\n"
    assert [e["event_type"] for e in _events(text)] == ["seizure"]


def test_in_the_course_of_is_not_a_training_course():
    text = "In the course of the operation, police in Osh detained two men on 3 May 2015.\n"
    assert "training" not in [e["event_type"] for e in _events(text)]


def test_ways_of_saying_seized_detained_and_channels():
    text = ("BISHKEK, 3 May 2021 - Officers seize 4 kg of heroin in Osh. Police detected and suppressed an "
            "international drug trafficking channel. On April 20, officers caught a courier red-handed in Batken. "
            "When the packages were opened, 30 of them contained hashish weighing 37.3 kilograms.\n")
    kinds = [e["event_type"] for e in _events(text)]
    assert kinds.count("seizure") == 2 and "operation" in kinds and "arrest" in kinds
    hashish = next(e for e in _events(text) if any(d["substance"] == "hashish" for d in e["drugs"]))
    assert hashish["drugs"][0]["kg"] == 37.3


def test_a_quoted_substance_after_the_amount_is_named():
    from geoevents.events.quantities import find_quantities

    (found,) = find_quantities("5 kg and 953 grams of \u201copium\u201d were found")
    assert (found.quantity.substance, found.quantity.kg) == ("opium", 5.953)


def test_an_act_told_on_a_day_happened_on_or_before_it():
    text = ("KABUL, 8 April 2004 - Police seized 10 tons of opium in Badakhshan province, "
            "a senior official said on Wednesday.\n")
    (seizure,) = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert seizure["end"] == "2004-04-07" and seizure["start"] < "2004-04-07"
    assert seizure["date_precision"] == "before"


def test_the_lead_sets_the_scene_after_a_headline_without_places():
    text = ("Police raid heroin labs\n\nPolice demolished four laboratories in Badakhshan province on "
            "5 April 2004.\n\nSeveral people were arrested.\n")
    arrest = next(e for e in _events(text) if e["event_type"] == "arrest")
    assert arrest["country_code"] == "AF" and arrest["geo_precision"] == "region"


def test_an_arrest_retold_in_a_quote_is_one_arrest():
    text = ("Police demolished four laboratories in Badakhshan province on 5 April 2004.\n\n"
            "Several people were arrested.\n\n\"Several were arrested, with no casualties,\" he said.\n")
    assert [e["event_type"] for e in _events(text)].count("arrest") == 1


def test_a_course_described_again_is_one_training_with_the_narrower_date():
    text = ("ALMATY, 15 December 2023 - UNODC trained customs officers of Kazakhstan in 2023.\n\n"
            "The training was held on 6-8 December 2023 at the Police Academy in Almaty.\n")
    (training,) = [e for e in _events(text) if e["event_type"] == "training"]
    assert (training["start"], training["end"]) == ("2023-12-06", "2023-12-08")
    assert training["place"] == "Almaty"


def test_a_need_for_training_is_no_training():
    text = "On 6 August 2009 officials in Ashgabat stressed the need for additional training opportunities.\n"
    assert "training" not in [e["event_type"] for e in _events(text)]


def test_a_decimal_comma_is_a_decimal():
    from geoevents.events.quantities import find_quantities

    assert [f.quantity.kg for f in find_quantities("forces seized 1,5 tons of opium and 1,500 kilos of hashish")] \
        == [1500.0, 1500.0]


def test_a_state_act_takes_the_one_country_its_sentence_names():
    text = ("TAGS: SNAR KG US\nSUBJECT: X\n1. (SBU) The U.S. Embassy donated vehicles. By Kyrgyz government decree, "
            "the counter narcotics strategy was adopted on January 27, 2014.\n")
    law = next(e for e in _events(text) if e["event_type"] == "legislation")
    assert law["country_code"] == "KG"


def test_a_dateline_after_a_headline_is_no_site():
    text = ("Police help intercept 44 kgs of heroin in Kyrgyzstan BISHKEK 9 April 2004 (OSCE) - Police near Osh "
            "seized 44 kilograms of heroin on 7 April.\n")
    places = {e["place"] for e in _events(text) if e["event_type"] == "seizure"}
    assert "Bishkek" not in places


def test_a_related_news_block_is_other_stories():
    text = ("Police in Osh seized 4 kg of heroin on 3 May 2021.\n\n"
            "Related News 22:22 / 05.11.2024 Customs in Termez seized 20 kg of opium.\n")
    assert [e["place"] for e in _events(text) if e["event_type"] == "seizure"] == ["Osh"]


def test_an_arrest_carrying_the_same_seizure_twice_is_one_arrest():
    text = ("Russia detains drug smuggler with 20 kg of heroin\n\n"
            "On 23 February 2020 the FSB detained a courier with 20 kg of heroin near Samara.\n")
    arrests = [e for e in _events(text) if e["event_type"] == "arrest"]
    assert len(arrests) == 1


@pytest.mark.parametrize("text, kind", [
    # a sum over a period is a tally
    ("TAGS: SNAR KZ\n1. (U) In 2009 customs officers seized a total of 1.2 tons of heroin nationwide.\n", "statistic"),
    # the total of one shipment is one seizure
    ("TAGS: SNAR UZ\n1. (U) On 3 March 2021 a total of 12 kilograms of heroin hidden in 48 shampoo bottles "
     "were seized from a truck at the Termez checkpoint.\n", "seizure"),
])
def test_a_total_is_a_tally_only_over_a_period(text, kind):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    types = {e.event_type for e in document_events(document_from_text(text, "t.txt"))}
    assert kind in types and ({"statistic", "seizure"} - {kind}).isdisjoint(types)


@pytest.mark.parametrize("sentence", [
    "On 2 May 2024 police in Osh detained two men who were trying to smuggle 10 kg of hashish.",
    "On 2 May 2024 a resident of Osh was arrested with 4.5 kilograms of hashish.",
])
def test_drugs_a_person_was_caught_with_are_a_seizure_of_the_same_incident(sentence):
    props = _events(sentence + "\n")
    (arrest,) = [e for e in props if e["event_type"] == "arrest"]
    (seizure,) = [e for e in props if e["event_type"] == "seizure"]
    assert seizure["drugs"] == arrest["drugs"] and seizure["incident"] == arrest["incident"]
    assert seizure["start"] == "2024-05-02" and seizure["place"] == "Osh"


def test_an_arrest_beside_its_own_seizure_adds_no_second_seizure():
    props = _events("On 2 May 2024 police in Osh seized 10 kg of hashish and detained two couriers.\n")
    assert [e["event_type"] for e in props].count("seizure") == 1


def test_an_arrest_without_a_mass_brings_no_seizure():
    props = _events("On 2 May 2024 police in Osh detained two men suspected of selling heroin.\n")
    assert "seizure" not in [e["event_type"] for e in props]


def test_a_course_told_again_in_later_sentences_is_one_training():
    text = ("TAJIK BORDER GUARDS LEARN DRUG FIELD TESTING\n\n"
            "On 14 August 2011 UNODC trained twenty border guards of Tajikistan in drug field testing.\n"
            "A UNODC expert conducted the training at the Border Academy.\n"
            "Twelve of the officers trained serve in Dushanbe and eight in Khorog.\n")
    (training,) = [e for e in _events(text) if e["event_type"] == "training"]
    assert training["start"] == training["end"] == "2011-08-14"
    assert training["place"] == "Tajikistan"  # where participants came from is not the site


def test_two_courses_at_two_sites_stay_two():
    text = ("In May 2012 UNODC trained customs officers in Osh.\n"
            "It also trained police officers in Naryn.\n")
    assert [e["event_type"] for e in _events(text)].count("training") == 2


@pytest.mark.parametrize("sentence, kind", [
    ("On 3 May 2021 two couriers have been arrested in Osh.", "arrest"),
    ("On 3 May 2021 four members of a drug gang have been detained in Osh.", "arrest"),
    ("On 3 May 2021 a shipment of 12 kg of heroin has been seized in Osh.", "seizure"),
])
def test_the_present_perfect_reports_an_event(sentence, kind):
    assert kind in [e["event_type"] for e in _events(sentence + "\n")]


def test_what_had_been_seized_before_is_no_new_seizure():
    props = _events("On 3 May 2021 police in Osh destroyed heroin that had been seized in 2019.\n")
    assert "seizure" not in [e["event_type"] for e in props]


def test_a_seizure_told_without_a_mass_takes_the_mass_stated_next():
    props = _events("On 3 May 2021 police in Osh seized a large shipment of heroin. The heroin weighed 71 kilograms.\n")
    (seizure,) = [e for e in props if e["event_type"] == "seizure"]
    assert [(d["substance"], d["kg"]) for d in seizure["drugs"]] == [("heroin", 71.0)]


def test_a_seizure_told_without_a_mass_names_its_drug():
    (seizure,) = [e for e in _events("On 3 May 2021 customs officers in Osh seized some ecstasy.\n")
                  if e["event_type"] == "seizure"]
    assert [(d["substance"], d["kg"]) for d in seizure["drugs"]] == [("ecstasy", None)]


def test_an_unknown_district_of_a_known_region_is_placed_in_the_region():
    from geoevents.events.slots import choose_place
    from geoevents.gazetteer import load_gazetteer
    from geoevents.places import find_places

    text = ("In Kasbi district of Kashkadarya region, two local men were later arrested "
            "after a long chase for carrying 6 kg of hashish.")
    places = find_places(text, load_gazetteer(), ("UZ",))
    site, _ = choose_place(text.index("arrested"), 0, len(text), places, text, "UZ")
    assert site is not None and site.name == "Kashkadarya Region"


def test_drugs_taken_from_the_detainees_are_one_seizure_not_a_tally():
    text = ("ALMATY, 15 December 2023 - Police detain two couriers.\n\n"
            "From the detainees police seized 10 kg of heroin and 5 kg of hashish.\n")
    types = [e["event_type"] for e in _events(text)]
    assert "seizure" in types and "statistic" not in types



def test_a_related_news_line_inside_a_paragraph_ends_the_report():
    text = ("Police in Osh seized 4 kg of heroin.\n"
            "Related News\n"
            "09:15 / 12.03.2022\n"
            "Customs in Termez seized 20 kg of opium.\n")
    props = _events(text)
    assert [e["place"] for e in props if e["event_type"] == "seizure"] == ["Osh"]
    assert all(e["start"] is None or not e["start"].startswith("2022-03") for e in props)


def test_a_rounded_headline_and_the_exact_body_are_one_seizure_with_the_exact_mass():
    text = ("Officers detain a courier with nearly 15 kg of hashish\n\n"
            "On 3 March 2023 a resident of Denau was detained at the border in Surkhandarya region "
            "with 14 kg 870 g of hashish.\n")
    (seizure,) = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert [(d["substance"], d["kg"]) for d in seizure["drugs"]] == [("hashish", 14.87)]


def test_a_seizure_at_a_border_and_in_one_of_its_countries_told_twice_is_one_seizure():
    text = ("On 14 June 2003 Russian border guards seized over 50 kg of heroin on the Tajik-Afghan border.\n\n"
            "The heroin, 50.6 kg in all, was seized from smugglers in Tajikistan on 14 June 2003.\n")
    (seizure,) = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert [(d["substance"], d["kg"]) for d in seizure["drugs"]] == [("heroin", 50.6)]


def test_where_the_drugs_came_from_said_after_the_seizure_is_its_route():
    text = ("On 5 September 2009 border guards in the Chon-Alai district of Osh region seized 23 kg of opium "
            "from couriers. The opium had been carried across the border from Tajikistan.\n\n"
            "On 9 September 2009 police in Osh seized 4 kg of heroin from a courier.\n")
    seizures = {e["place"]: e for e in _events(text) if e["event_type"] == "seizure"}
    assert [s["name"] for s in seizures["Chong-Alay District"]["route"]] == ["Tajikistan", "Chong-Alay District"]
    assert seizures["Chong-Alay District"]["route_roles"]["departure"] == ["TJ"]
    assert not seizures["Osh"]["route"]  # the origin told of the seizure before is not its own


def test_a_shipment_sentence_with_its_mass_keeps_the_route_it_tells():
    text = ("On 18 March 2008 customs officers at the Tashkent railway station intercepted a shipment of heroin. "
            "The 27 kg of heroin had come from Afghanistan through Tajikistan and was bound for Russia.\n")
    (seizure,) = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert [(d["substance"], d["kg"]) for d in seizure["drugs"]] == [("heroin", 27.0)]
    assert [s["name"] for s in seizure["route"]] == ["Afghanistan", "Tajikistan", "Tashkent", "Russia"]


def test_a_retelling_without_a_mass_keeps_the_rounded_mass():
    text = ("On 2 June 2010 police in Kulob detained a courier. About 9 kilograms of hashish were seized "
            "from him. A search of his car revealed more hashish.\n")
    masses = [(d["substance"], d["kg"]) for e in _events(text) if e["event_type"] == "seizure" for d in e["drugs"]]
    assert ("hashish", 9.0) in masses


def test_a_repeated_sentence_before_a_seizure_leaves_the_seizure_its_details():
    text = ("Police in Osh seized 4 kg of heroin from a courier on 3 May 2021, officials said today.\n\n"
            "Police in Osh seized 4 kg of heroin from a courier on 3 May 2021, officials said today. "
            "Customs officers in Naryn seized 2 kg of hashish hidden in a truck on 5 May 2021.\n")
    seizures = [e for e in _events(text) if e["event_type"] == "seizure"]
    assert {e["place"] for e in seizures} == {"Osh", "Naryn"}
    naryn = next(e for e in seizures if e["place"] == "Naryn")
    assert naryn["conveyance"] == "truck"


@pytest.mark.parametrize("sentence, route", [
    ("Tajikistan is a key transit country for heroin originating in Afghanistan and bound for Russia, "
     "Belarus and Europe.", ["Afghanistan", "Tajikistan", "Russia", "Belarus", "Europe"]),
    ("Turkmenistan remains a transit country for Afghan heroin destined for Turkey and Europe.",
     ["Afghanistan", "Turkmenistan", "Turkey", "Europe"]),
    # where the drugs come from alone says no route yet
    ("Kyrgyzstan is also a transit country for hashish from Afghanistan.", None),
])
def test_a_transit_country_with_origin_and_destinations_is_a_route(sentence, route):
    routes = [e["route"] for e in _events("1. (U) " + sentence + "\n") if e["event_type"] == "route"]
    assert ([[s["name"] for s in r] for r in routes] == [route]) if route else not routes


def test_a_russian_transit_country_is_a_route():
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    text = "Таджикистан является транзитной страной для наркотиков из Афганистана, направляющихся в Россию.\n"
    routes = [e.route for e in document_events(document_from_text(text, "t.txt")) if e.event_type == "route"]
    assert [[s.name for s in r] for r in routes] == [["Afghanistan", "Tajikistan", "Russia"]]


def test_two_tellings_combined_keep_what_either_says_of_the_seizure():
    from dataclasses import replace

    from geoevents.events.incidents import _combined
    from geoevents.ingest import document_from_text
    from geoevents.model import Modus
    from geoevents.pipeline import document_events

    text = "On 8 September 2014 customs officers at the Kairak checkpoint seized over 34 kg of heroin.\n"
    (seizure,) = [e for e in document_events(document_from_text(text, "t.txt")) if e.event_type == "seizure"]
    headline = replace(seizure, modus=Modus())
    body = replace(seizure, place=None, modus=Modus(conveyance="car", detection="dog"),
                   drugs=tuple(replace(d, qualifier=None, kg=34.2) for d in seizure.drugs))
    merged = _combined(headline, body)
    assert merged.place == seizure.place  # the richer telling's site
    assert (merged.modus.conveyance, merged.modus.detection) == ("car", "dog")  # the other's modus
    assert [d.kg for d in merged.drugs] == [34.2]  # and its exact mass
