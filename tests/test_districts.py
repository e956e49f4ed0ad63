"""Districts (rayon, nohiya, tuman) and border crossings of the border regions: reports place
most seizures "in X district" or at a crossing; a district is an area at its administrative
centre, finer than its region."""
from __future__ import annotations

from datetime import date

import pytest


def _sites(text: str) -> list[tuple[str | None, str | None, str]]:
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text(text, doc_date=date(2021, 6, 10))
    return [(e.place.name if e.place else None, e.place.kind if e.place else None,
             e.place.geo_precision if e.place else "none") for e in document_events(doc)]


def test_a_district_named_otherwise_than_its_centre_is_at_the_centre():
    from geoevents.places import resolve_name

    district = resolve_name("Leilek district")
    assert district.kind == "district" and district.geo_precision == "region"
    assert district.admin1 == "Batken Region" and district.country_code == "KG"
    assert abs(district.lon - 69.5) < 0.2  # at its centre, Isfana, not at Batken region's centre


def test_a_district_of_a_region_is_the_site_not_the_region():
    (site,) = set(_sites("On 3 May police seized 6 kg of hashish in the Leilek district of Batken region."))
    assert site == ("Leilek District", "district", "region")


@pytest.mark.parametrize("sentence", [
    "3 мая пограничники изъяли 9 кг гашиша в Узунском районе Сурхандарьинской области.",
    "3 мая в Узунском районе изъяли 9 кг гашиша.",
])
def test_a_russian_district_adjective_the_dictionary_lacks_is_read(sentence):
    assert set(_sites(sentence)) == {("Uzun District", "district", "region")}


def test_a_village_the_gazetteer_lacks_is_placed_at_its_district():
    sites = _sites("On 3 May police seized 3 kg of hashish near the village of Zarbulak in the Kara-Suu district.")
    assert sites and all(name in ("Zarbulak", "Kara-Suu District") and precision == "region"
                         for name, _kind, precision in sites)


def test_a_district_stays_inside_its_region_of_the_lead():
    sites = _sites("Police in Surkhandarya region seize opium\n\n"
                   "On 3 May border guards seized 20 kg of opium in Sherobod district.")
    assert ("Sherobod District", "district", "region") in sites


@pytest.mark.parametrize("sentence, district", [
    ("On 3 May police detained a courier with 2 kg of hashish in the Bostanlyk district.", "Bostanliq District"),
    ("On 3 May police seized 40 kg of marijuana in Kordai district of Zhambyl region.", "Kordai District"),
    ("3 мая в Сарыагашском районе изъяли 5 кг гашиша.", "Saryagash District"),
])
def test_districts_of_the_tashkent_and_kazakh_border_regions(sentence, district):
    assert district in {name for name, _kind, _precision in _sites(sentence)}


@pytest.mark.parametrize("sentence, crossing", [
    ("On 3 May customs officers at the Oybek border crossing point found 5 kg of heroin in a truck.",
     "Oybek border crossing"),
    ("On 3 May officers of the Fotehobod customs post seized 25 kg of opium.", "Oybek border crossing"),
    ("On 3 May customs officers at the Ayritom customs post seized 3 kg of hashish from a car.",
     "Termez-Hairatan Friendship Bridge"),
    ("3 мая на пункте пропуска «Жайсан» у водителя изъяли 3 кг гашиша.", "Zhaisan border crossing"),
])
def test_border_crossings_of_the_liaison_offices(sentence, crossing):
    assert (crossing, "crossing", "site") in set(_sites(sentence))


def test_a_district_after_a_village_in_apposition_is_the_site_not_the_border_nearby():
    sites = _sites("On 25 May a courier was detained on the border with Tajikistan in Tuz-Bel village, Leilek district.")
    assert sites == [("Leilek District", "district", "region")]
