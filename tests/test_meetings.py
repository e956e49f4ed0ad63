"""Meetings and visits (event type "other"): how cables and UN releases report them, where
they took place when the sentence names no site, and one meeting told twice as one event."""
from __future__ import annotations

from datetime import date

_CABLE_HEAD = ("UNCLAS SECTION 01 OF 02 {post} 000123 SIPDIS SENSITIVE SIPDIS E.O. 12958: N/A\n"
               "TAGS: SNAR, KCRM, {tags}\n"
               "SUBJECT: COUNTERNARCOTICS COOPERATION\n\n")


def _events(text: str, day: date = date(2009, 7, 1)):
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    doc = document_from_text(text, doc_date=day)
    return [(e.event_type, e.start, e.end, e.place.name if e.place else None) for e in document_events(doc)]


def _meetings(text: str, day: date = date(2009, 7, 1)):
    return [e for e in _events("Cooperation notes\n\n" + text, day) if e[0] == "other"]


def test_met_with_is_a_meeting_dated_by_its_sentence():
    (found,) = _meetings("On 4 March the ambassador met with the interior minister to discuss border security.")
    assert found[1:3] == (date(2009, 3, 4), date(2009, 3, 4))


def test_held_talks_is_a_meeting():
    (found,) = _meetings("On 12 May officials held talks on drug control with a delegation from the agency.")
    assert found[1] == date(2009, 5, 12)


def test_a_conference_held_in_a_city_is_a_meeting_there():
    (found,) = _meetings("A regional conference on customs cooperation was held in Bishkek on 14-15 October.",
                         day=date(2009, 11, 2))
    assert found[1:] == (date(2009, 10, 14), date(2009, 10, 15), "Bishkek")


def test_said_in_a_meeting_with_is_a_meeting():
    (found,) = _meetings("The agency head said in a meeting with donor representatives on 9 June that his "
                         "officers need radios.")
    assert found[1] == date(2009, 6, 9)


def test_a_visit_to_a_named_site_is_a_meeting_there():
    (found,) = _meetings("On 3 April the delegation visited the railway station in Kulob.")
    assert found[1] == date(2009, 4, 3) and found[3] in ("Kulob", "Kŭlob")


def test_travelled_to_a_town_and_met_is_a_meeting_in_that_town():
    (found,) = _meetings("On 9 March the deputy minister travelled to Khujand and met with regional police chiefs.")
    assert found[3] == "Khujand"


def test_a_count_of_visitors_is_no_visit():
    assert _meetings("Around 3,000 residents have visited the new rehabilitation centres.") == []


def test_a_meeting_that_names_no_site_is_at_the_post_that_filed_the_cable():
    text = _CABLE_HEAD.format(post="BISHKEK", tags="KG") + \
        "1. (SBU) On 5 May the ambassador met with the head of the drug control agency.\n"
    meetings = [e for e in _events(text) if e[0] == "other"]
    assert meetings == [("other", date(2009, 5, 5), date(2009, 5, 5), "Bishkek")]


def test_of_several_tagged_countries_the_posts_country_is_the_focus():
    text = _CABLE_HEAD.format(post="TASHKENT", tags="AF, UZ") + \
        "1. (SBU) During 2009 the national police seized 850 kilograms of hashish.\n"
    found = [e for e in _events(text) if e[0] == "statistic"]
    assert found and all(e[3] == "Uzbekistan" for e in found)


def test_course_participants_visiting_a_site_is_part_of_the_course():
    events = _events("Border seminar\n\nA three-day seminar for border officers opened in Osh on 3 June. "
                     "During the seminar the participants visited a border outpost.")
    assert [e[0] for e in events] == ["training"]


def test_one_visit_told_twice_with_its_day_is_one_event():
    found = _meetings("On 6 March the delegation visited Taraz.\n\n"
                      "On 6 March the delegation also met with the regional police chief.")
    assert len(found) == 1 and found[0][1] == date(2009, 3, 6)
