"""Seizure records: conveyance, concealment, detection, traffickers and route roles, each
read from what the text states, and null when it states nothing."""
from __future__ import annotations

import pytest

from geoevents.events.modus import find_modus
from geoevents.gazetteer import load_gazetteer
from geoevents.places import find_places


def modus(text: str):
    gaz = load_gazetteer()
    return find_modus(text, find_places(text, gaz, ("KZ",)), 0, gaz)


@pytest.mark.parametrize("text, value", [
    ("The heroin was shipped by air cargo from Dushanbe.", "air_cargo"),
    ("A passenger of the Dushanbe-Moscow flight carried 2 kg in his suitcase.", "air_passenger"),
    ("Customs found hashish in a parcel sent from Kyrgyzstan.", "post"),
    ("The drugs were hidden in a freight wagon of cotton.", "railcar"),
    ("Police searched the Kulob-Moscow passenger train.", "train"),
    ("Officers stopped a bus from Osh.", "bus"),
    ("A KAMAZ truck loaded with onions was stopped at the crossing.", "truck"),
    ("Border guards intercepted a boat on the Panj river.", "vessel"),
    ("The drugs were found in a Toyota car.", "car"),
    ("Two couriers crossed the border on foot.", "pedestrian"),
    ("Police seized 5 kg of heroin in Taraz.", None),
])
def test_conveyance(text, value):
    assert modus(text).conveyance == value


@pytest.mark.parametrize("text, cls, words", [
    ("The heroin was hidden in a load of onions.", "cargo", "hidden in a load of onions"),
    ("It was found in the fuel tank of the car.", "vehicle_compartment", "in the fuel tank"),
    ("The courier carried it in his suitcase.", "luggage", "in his suitcase"),
    ("The woman had swallowed 60 capsules.", "body", "swallowed"),
    ("Hashish was sent inside a parcel to Almaty.", "postal_item", "inside a parcel"),
    # a false bottom is the vehicle's when a vehicle is named, the luggage's when a bag is
    ("It was hidden under a false bottom of a refrigerated truck.", "vehicle_compartment", "under a false bottom"),
    ("It was hidden in the false bottom of a suitcase.", "luggage", "in the false bottom of a suitcase"),
    ("Police seized 5 kg of heroin in Taraz.", None, None),
    # on the person: a body search
    ("A body search of the passenger turned up 200 g of heroin.", "body", "body search"),
    # a hiding place that is no vehicle, bag or load: a stash, a roof, a house the drugs were kept in
    ("Officers dug up a stash of 3 kg of opium near the river.", "other", "stash"),
    ("Two kilograms of hashish were found on the roof of a barn.", "other", "on the roof"),
    ("Police found 2 kg of marijuana hidden in the house of a local man.", "other",
     "found 2 kg of marijuana hidden in the house"),
    # a laboratory's premises are where it worked, not where drugs were hidden
    ("The laboratory operated in a rented house outside the city.", None, None),
])
def test_concealment(text, cls, words):
    m = modus(text)
    assert (m.concealment_class, m.concealment) == (cls, words)


@pytest.mark.parametrize("text, value", [
    ("Found with a stationary X-ray machine.", "x_ray"),
    ("A service dog found the cache.", "dog"),
    ("Officers acting on operational information stopped the car.", "intelligence"),
    ("The heroin was followed in a controlled delivery to Moscow.", "controlled_delivery"),
    ("Risk profiling singled out the driver.", "profiling"),
    ("During an inspection of the car, police found heroin.", "search"),
    ("Police seized 5 kg of heroin in Taraz.", None),
])
def test_detection(text, value):
    assert modus(text).detection == value


@pytest.mark.parametrize("text, count, nationalities", [
    ("Two Russian citizens were detained.", 2, ("RU",)),
    ("Three foreigners who smuggled 25 kg were detained.", 3, ()),
    ("A citizen of Tajikistan was detained in Osh.", 1, ("TJ",)),
    ("Police seized 5 kg of heroin in Taraz.", None, ()),
])
def test_traffickers(text, count, nationalities):
    m = modus(text)
    assert (m.trafficker_count, m.nationalities) == (count, nationalities)


def _props(text: str):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    return [e.to_feature()["properties"] for e in document_events(document_from_text(text))]


def test_one_incident_shares_its_modus_and_route_roles():
    text = ("TAGS: SNAR KZ\nSUBJECT: SEIZURE\n1. (SBU) In March 2008 the Customs Service seized 537 kilos of "
            "heroin at the Kairak border checkpoint using an X-ray scanner. The heroin was hidden in a load of "
            "onions. Two Russian citizens were detained. The cargo was en route from Uzbekistan to Saint "
            "Petersburg.\n")
    seizure, arrest = [p for p in _props(text) if p["event_type"] in ("seizure", "arrest")]
    assert seizure["incident"] == arrest["incident"] is not None
    assert seizure["detection"] == "x_ray" and seizure["concealment"]["class"] == "cargo"
    assert seizure["traffickers"] == {"count": 2, "nationalities": ["RU"]}
    assert seizure["route_roles"] == {"departure": ["UZ"], "transit": ["KZ"], "destination": ["RU"]}


def test_not_said_is_null_never_a_guess():
    (seizure,) = [p for p in _props("Police seized 5 kg of heroin in Taraz on 3 May 2015.\n")
                  if p["event_type"] == "seizure"]
    assert [seizure[k] for k in ("conveyance", "concealment", "detection", "traffickers", "route_roles")] \
        == [None] * 5


def test_details_told_before_the_seizure_sentence_count():
    text = ("Police in Osh received information about a courier. During an inspection of the driver's car, "
            "officers found 4 kg of heroin under the seats on 3 May 2021.\n")
    (seizure,) = [p for p in _props(text) if p["event_type"] == "seizure"]
    assert seizure["detection"] == "intelligence" and seizure["concealment"]["class"] == "vehicle_compartment"
    assert seizure["traffickers"]["count"] == 1


@pytest.mark.parametrize("text, cls", [
    ("При личном досмотре у пассажира обнаружили 150 граммов героина.", "body"),
    ("Оперативники нашли тайник с 4 кг гашиша у дороги.", "other"),
    ("Полицейские обнаружили 3 кг марихуаны на крыше сарая.", "other"),
    ("Наркотики хранились в гараже у местного жителя.", "other"),
    ("Лаборатория работала в частном доме на окраине.", None),
])
def test_concealment_in_russian(text, cls):
    from geoevents.lang import pack

    gaz = load_gazetteer()
    assert find_modus(text, [], 0, gaz, pack("ru")).concealment_class == cls


def _roles(text: str) -> list:
    from datetime import date

    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Drugs seized\n\n" + text, doc_date=date(2022, 4, 12))
    return [e.to_feature()["properties"]["route_roles"] for e in document_events(doc) if e.event_type == "seizure"]


@pytest.mark.parametrize("text, roles", [
    # the verb's goal, several words after the verb
    ("Police in Samarkand seized 3 kg of hashish from a man who was trying to smuggle the drug to "
     "Turkmenistan.", {"departure": ["UZ"], "transit": [], "destination": ["TM"]}),
    # "destined to reach", in a later sentence of the story
    ("Officers found 12 kg of opium in a lorry near Naryn. The drugs were destined to reach China.",
     {"departure": ["KG"], "transit": [], "destination": ["CN"]}),
    # where a courier bought the drugs is where they came from
    ("In Khorog, police seized 2 kg of opium from a local man. He said he had received the drugs "
     "a week earlier from Afghanistan.",
     {"departure": ["AF"], "transit": [], "destination": ["TJ"]}),
    ("В Андижане у мужчины изъяли 3 кг гашиша, который он пытался переправить через границу в "
     "Кыргызстан.", {"departure": ["UZ"], "transit": [], "destination": ["KG"]}),
    ("В Оше изъяли 5 кг гашиша. Груз предназначался для отправки в Россию.",
     {"departure": ["KG"], "transit": [], "destination": ["RU"]}),
])
def test_route_roles_from_a_lone_goal_or_source(text, roles):
    assert _roles(text) == [roles]


def test_an_arrest_with_the_drugs_keeps_where_they_came_from():
    """"detained while trying to smuggle 4 kg of hashish from Kyrgyzstan": the seizure the
    arrest brings, and the arrest itself, carry the route the sentence tells."""
    from datetime import date

    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Drugs seized\n\nIn Termez two men were detained while trying to smuggle 4 kg of "
                             "hashish from Afghanistan.", doc_date=date(2022, 4, 12))
    roles = {e.event_type: e.to_feature()["properties"]["route_roles"] for e in document_events(doc)}
    expected = {"departure": ["AF"], "transit": [], "destination": ["UZ"]}
    assert roles == {"arrest": expected, "seizure": expected}


def test_a_later_country_does_not_replace_a_town_in_it():
    from datetime import date

    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    text = ("Heroin seized\n\nIn May customs officers seized 40 kg of heroin at the Zhaisan crossing. The load "
            "was on its way from Tajikistan to Novosibirsk. The drivers had been hired to deliver the load to Russia.")
    (seizure,) = [e for e in document_events(document_from_text(text, doc_date=date(2019, 6, 1)))
                  if e.event_type == "seizure"]
    assert seizure.route[-1].name == "Novosibirsk"


@pytest.mark.parametrize("text, lang", [
    ("Officers found 2 kg of hashish in the boot of his Lacetti.", "en"),
    ("Гашиш нашли в багажнике «Джентры».", "ru"),
])
def test_a_car_named_by_its_model_is_a_car(text, lang):
    from geoevents.events.modus import how_moved
    from geoevents.lang import pack

    assert how_moved(text, pack(lang)).conveyance == "car"


def test_a_story_told_on_in_the_next_paragraph_fills_the_seizure_record():
    from datetime import date

    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    text = ("Courier held near Osh\n\nPolice in Osh detained a man and seized 3 kg of heroin on 2 June.\n\n"
            "The drugs were hidden in the spare wheel of his minivan.\n\n"
            "Investigators believe the heroin was brought from Tajikistan.")
    (seizure,) = [e.to_feature()["properties"] for e in document_events(document_from_text(text, doc_date=date(2022, 6, 5)))
                  if e.event_type == "seizure"]
    assert (seizure["conveyance"], seizure["concealment"]["class"]) == ("car", "vehicle_compartment")
    assert seizure["route_roles"] == {"departure": ["TJ"], "transit": [], "destination": ["KG"]}
