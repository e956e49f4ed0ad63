"""A programme or office said to start working is a programme event, dated by its start."""
from __future__ import annotations

from datetime import date


def _programs(text: str):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Border cooperation\n\n" + text, doc_date=date(2024, 7, 1))
    return [(e.start, e.place.name if e.place else None) for e in document_events(doc)
            if e.event_type == "program"]


def test_an_office_operational_since_a_year_is_a_programme_from_that_year():
    (found,) = _programs("The liaison office at the Korday crossing has been operational since 2019 "
                         "and serves both sides of the border.")
    assert found == (date(2019, 1, 1), "Korday border crossing")


def test_a_unit_that_became_operational_in_a_month():
    (found,) = _programs("The mobile interdiction team became operational in March 2008.")
    assert found[0] == date(2008, 3, 1)


def test_an_initial_with_a_full_stop_does_not_cut_the_phrase():
    (found,) = _programs("The office at the T. Ryskulov crossing point has been operational since 2016.")
    assert found[0] == date(2016, 1, 1)


def _trainings(text: str):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Customs courses\n\n" + text, doc_date=date(2019, 11, 20))
    return [(e.start, e.end, e.place.name if e.place else None) for e in document_events(doc)
            if e.event_type == "training"]


def test_trainings_in_the_plural_are_training():
    assert _trainings("Last week the agency held two trainings on cargo checks for customs "
                      "officers in Bishkek.")


def test_courses_held_on_two_dates_in_two_cities_are_two_events():
    found = _trainings("The courses took place on 4-6 November 2019 in Osh and on 12-14 November "
                       "2019 in Bishkek.")
    assert found == [(date(2019, 11, 4), date(2019, 11, 6), "Osh"),
                     (date(2019, 11, 12), date(2019, 11, 14), "Bishkek")]


def test_reforms_that_name_an_agency_are_legislation_not_a_programme():
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Reforms\n\nIn May 2009 the government implemented a series of reforms that "
                             "abolished the drug agency.", doc_date=date(2009, 10, 1))
    assert [e.event_type for e in document_events(doc)] == ["legislation"]


def test_teams_that_were_launched_are_a_programme():
    assert _programs("Four mobile interdiction teams were launched at a ceremony in Osh on 3 May 2024.") == [
        (date(2024, 5, 3), "Osh")]


def test_a_donor_country_is_not_where_a_handover_took_place():
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text("Vehicles for the border service\n\nKyrgyz border guards will patrol the south.\n\n"
                             "UNODC handed over 12 vehicles to the border service, funded by the Government of "
                             "Norway.", doc_date=date(2024, 7, 1))
    assert [e.place.country_code for e in document_events(doc) if e.event_type == "training"] == ["KG"]
