"""Dates: what the finder emits and how each kind of expression is anchored."""
from __future__ import annotations

from datetime import date

import pytest

from geoevents.dates import chain_dates, document_dates, find_dates, normalise
from geoevents.model import DATE_ANCHORS, DATE_PRECISIONS, TimeSpan

DOC = date(2008, 12, 2)


def only(text: str, doc: date | None = DOC, previous: TimeSpan | None = None) -> TimeSpan:
    spans = find_dates(text, doc, previous)
    assert len(spans) == 1, spans
    return spans[0]


def interval(text: str, doc: date | None = DOC) -> tuple[str | None, str | None]:
    s = only(text, doc)
    return (s.start.isoformat() if s.start else None, s.end.isoformat() if s.end else None)


def test_yearless_month_prefers_the_past_and_says_so():
    s = only("In March, customs seized 537 kilos.")
    assert (s.start, s.end, s.precision, s.anchor) == (date(2008, 3, 1), date(2008, 3, 31), "month", "document")
    assert s.text == "March"
    early = only("In March, customs seized 537 kilos.", date(2008, 2, 10))
    assert (early.start, early.end, early.anchor) == (date(2007, 3, 1), date(2007, 3, 31), "document")


def test_a_sentence_that_looks_ahead_takes_the_next_instance():
    s = only("Trainers will visit Dushanbe in March.", date(2008, 2, 10))
    assert (s.start, s.end) == (date(2008, 3, 1), date(2008, 3, 31))
    later = only("Officials expect the unit to begin patrols in April.", date(2008, 12, 2))
    assert later.start == date(2009, 4, 1)
    for past in ("As expected, seizures rose in April.", "The planned raid took place in April."):
        assert only(past, date(2008, 12, 2)).start == date(2008, 4, 1)


@pytest.mark.parametrize("text, start, end", [
    ("since 2005", "2005-01-01", "2008-12-02"),
    ("since the beginning of the year", "2008-01-01", "2008-12-02"),
    ("the first nine months of 2008", "2008-01-01", "2008-09-30"),
    ("from May 25 to October 25", "2008-05-25", "2008-10-25"),
    ("on September 15-23", "2008-09-15", "2008-09-23"),
    ("April 1-3, 2008", "2008-04-01", "2008-04-03"),
    ("1 April 2004", "2004-04-01", "2004-04-01"),
    ("November 1, 2007", "2007-11-01", "2007-11-01"),
    ("for 2006-2014", "2006-01-01", "2014-12-31"),
    ("during 2007-08", "2007-01-01", "2008-12-31"),
    ("between 2005 and 2007", "2005-01-01", "2007-12-31"),
    ("in the 1990s", "1990-01-01", "1999-12-31"),
    ("in the mid-1990s", "1994-01-01", "1996-12-31"),
    ("FY 2008", "2007-10-01", "2008-09-30"),
    ("in early 2007", "2007-01-01", "2007-04-30"),
    ("late last year", "2007-09-01", "2007-12-31"),
    ("mid-October", "2008-10-11", "2008-10-20"),
    ("the first quarter of 2008", "2008-01-01", "2008-03-31"),
    ("the third quarter", "2008-07-01", "2008-09-30"),
    ("the first half of the year", "2008-01-01", "2008-06-30"),
    ("at the end of the year", "2008-12-01", "2008-12-31"),
    ("last month", "2008-11-01", "2008-11-30"),
    ("in the spring", "2008-03-01", "2008-05-31"),
    ("the winter of 2007-2008", "2007-12-01", "2008-02-29"),
    ("over the past three years", "2005-12-02", "2008-12-02"),
    ("during the reporting period", "2008-01-01", "2008-12-31"),
    ("This year", "2008-01-01", "2008-12-31"),
    ("Next year", "2009-01-01", "2009-12-31"),
    ("last year's seizures", "2007-01-01", "2007-12-31"),
    ("The year's second seizure", "2008-01-01", "2008-12-31"),
    ("020158Z DEC 08", "2008-12-02", "2008-12-02"),
    ("2008-12-02", "2008-12-02", "2008-12-02"),
    ("last week", "2008-11-24", "2008-11-30"),
    ("two years ago", "2006-01-01", "2006-12-31"),
    ("on Monday", "2008-12-01", "2008-12-01"),
    ("March of last year", "2007-03-01", "2007-03-31"),
    ("earlier this year", "2008-01-01", "2008-12-02"),
    ("in 10 months of 2008", "2008-01-01", "2008-10-31"),
    ("Jan.-Sept. 2008", "2008-01-01", "2008-09-30"),
    ("so far this year", "2008-01-01", "2008-12-02"),
    ("last night", "2008-12-01", "2008-12-01"),
    ("last weekend", "2008-11-29", "2008-11-30"),
    ("the same day last year", "2007-12-02", "2007-12-02"),
    ("from 2005 to the present", "2005-01-01", "2008-12-02"),
    ("closed in winter, when", "2007-12-01", "2008-02-29"),
])
def test_expression_intervals(text, start, end):
    assert interval(text) == (start, end)


def test_precisions_and_anchors_are_from_the_model():
    text = ("In November 2005 the decree for 2006-2014 was signed; since 2005 and this year, in March, "
            "the first quarter of 2008, the spring of 2007, the first week of June, six days later.")
    spans = find_dates(text, DOC)
    assert len(spans) == 9
    assert {s.precision for s in spans} <= set(DATE_PRECISIONS)
    assert {s.anchor for s in spans} <= set(DATE_ANCHORS)
    assert [s.precision for s in spans] == ["month", "range", "range", "year", "month", "quarter", "season",
                                            "week", "day"]
    for s in spans:
        assert text[s.char_start:s.char_end] == s.text


def test_anaphora_count_from_the_previous_expression():
    spans = find_dates("Kazakhstan ratified on November 6 and, with Tajikistan six days later, the "
                       "agreement entered into force.", DOC)
    assert [(s.text, s.start, s.anchor) for s in spans] == [
        ("November 6", date(2008, 11, 6), "document"), ("six days later", date(2008, 11, 12), "previous")]
    first, second = chain_dates(["Seizures rose during the first nine months of 2008.",
                                 "That was 300% more than the same period last year."], DOC)
    assert (second[0].start, second[0].end, second[0].anchor) == (date(2007, 1, 1), date(2007, 9, 30), "previous")


def test_offsets_count_from_a_short_antecedent_not_the_year_before_it():
    spans = find_dates("On December 18, 2008 this year's largest haul was made; two days later another.", DOC)
    assert spans[-1].text == "two days later" and spans[-1].start == date(2008, 12, 20)


def test_previous_argument_carries_across_texts():
    prev = only("On November 6, 2007 the agreement was signed.")
    later = only("Two weeks later it was ratified.", DOC, previous=prev)
    assert (later.start, later.anchor) == (date(2007, 11, 20), "previous")
    alone = only("Two weeks later it was ratified.")
    assert (alone.start, alone.end, alone.anchor) == (None, None, "unanchored")


def test_without_a_document_date_relative_expressions_are_unanchored():
    spans = find_dates("In March police seized heroin; last year they seized less. On June 26, 2007 a law "
                       "passed and six days later it took effect. The 2006-2010 program continues.", None)
    got = [(s.text, s.start, s.end, s.anchor, s.precision) for s in spans]
    assert got == [
        ("March", None, None, "unanchored", "month"),
        ("last year", None, None, "unanchored", "year"),
        ("June 26, 2007", date(2007, 6, 26), date(2007, 6, 26), "absolute", "day"),
        ("six days later", date(2007, 7, 2), date(2007, 7, 2), "previous", "day"),
        ("2006-2010", date(2006, 1, 1), date(2010, 12, 31), "absolute", "range"),
    ]


@pytest.mark.parametrize("text", [
    "The Kanal-2008 (Channel) interstate operation", "Article 319-1 of the Administrative Code",
    "consistent with article 24 of the Convention", "MCI is currently 1,168 KZT (approximately $9).",
    "hashish (a 74.7% increase)", "$10,000 for heroin", "chews or eats 5-10 grams of raw opium",
    "ASTANA 00002380 002 OF 006", "call +7 (7172) 2008 55 or 8-701-2008-55", "seized 1998 kilos",
    "detained 1995 people", "sentenced to 10 to 12 years", "decreased from 5,850 to 5,326",
    "see 07 ASTANA 2009", "paid 2000 USD per trip", "USD 1900", "at 2000 hours", "No. 2008",
    "prices may fall and troops march", "after the fall of the Taliban", "a three-year operation",
    "10%-15% of drugs", "48.763 kilos", "Operation Mak-2007 began", "UNSCR 1988",
    "according to Kazakhstan Today, 12 kilos", "Windows 2000-2003 kilos", "children in summer camps",
])
def test_non_dates_are_not_found(text):
    assert find_dates(text, DOC) == []


def test_a_row_of_years_is_years_but_a_phone_number_is_not():
    assert [s.text for s in find_dates("Seizures, kg: 2006 2007 2008", DOC)] == ["2006", "2007", "2008"]
    assert find_dates("hotline 8 727 2008 55 66", DOC) == []


def test_currently_recently_and_durations_are_not_emitted():
    assert find_dates("Currently, officers recently trained for 13 years; to date over nine months.", DOC) == []


def test_normalise_uses_the_grammar_then_dateparser():
    s = normalise("late last year", DOC)
    assert s is not None and (s.start, s.end) == (date(2007, 9, 1), date(2007, 12, 31))
    fallback = normalise("2008.12.02 01:58 UTC", None)
    assert fallback is not None and fallback.start == date(2008, 12, 2)
    assert normalise("not a date at all", DOC) is None
    assert normalise("   ", DOC) is None


@pytest.mark.parametrize("text, doc", [
    ("June 26", date(2008, 12, 2)), ("November 1, 2007", date(2008, 12, 2)),
    ("in March", date(2008, 12, 2)), ("in March", date(2008, 2, 10)), ("26 June 2008", None),
    ("September 2006", None), ("yesterday", date(2009, 6, 17)), ("in December", date(2009, 2, 10)),
])
def test_arithmetic_agrees_with_dateparser_on_simple_spans(text, doc):
    from geoevents.dates.fallback import parse_with_dateparser

    mine = only(text, doc)
    theirs = parse_with_dateparser(mine.text, doc)
    assert theirs is not None
    assert (mine.start, mine.end) == (theirs.start, theirs.end)


def test_document_dates_offsets_point_into_paragraph_text():
    from geoevents.ingest import document_from_text

    text = ("1. (SBU) In March, police seized 20 kilos of heroin in Osh.\n\n"
            "2. (SBU) Six days later, on\nMarch 14, a second shipment was stopped.\n")
    doc = document_from_text(text, doc_date=DOC)
    found = document_dates(doc)
    paragraphs = {p.number: p for p in doc.paragraphs}
    assert [(n, s.text) for n, s in found] == [(1, "March"), (2, "Six days later"), (2, "March 14")]
    for n, s in found:
        p = paragraphs[n]
        assert p.text[s.char_start:s.char_end] == s.text
        lo, hi = p.source_span(s.char_start, s.char_end)
        assert " ".join(doc.text[lo:hi].split()) == s.text
    assert found[1][1].start == date(2008, 3, 7)


def test_an_annual_report_published_in_march_is_about_the_year_before():
    doc = date(2010, 3, 1)
    first, second = chain_dates(["In 2009, police seized 28 tons, against 36 tons in 2008. In April 2009 the "
                                 "agency was reorganised.", "During the year, and in the reporting period, "
                                 "courts convicted 611 people."], doc)
    assert [(s.text, s.start.year) for s in second] == [("the year", 2009), ("the reporting period", 2009)]


def test_a_comparison_does_not_move_the_paragraphs_year():
    s = find_dates("Crime fell 8% in the first three quarters of 2009 compared with the same period of 2008; "
                   "heroin seizures rose in the fourth quarter.", date(2010, 3, 1))[-1]
    assert (s.text, s.start, s.end) == ("the fourth quarter", date(2009, 10, 1), date(2009, 12, 31))


def test_a_plan_is_not_about_a_past_year_in_focus():
    s = find_dates("A reform begun in mid-2009 will be completed by the end of the year.", date(2010, 3, 11))[-1]
    assert (s.start, s.end) == (date(2010, 12, 1), date(2010, 12, 31))
    narrative = find_dates("In 2005, the plan was adopted. By the end of the year, 40 labs closed.", DOC)[-1]
    assert (narrative.start, narrative.anchor) == (date(2005, 12, 1), "previous")


def test_a_birth_year_is_not_a_date():
    from geoevents.dates import find_dates

    found = find_dates("a resident of Osh (born in 1976) was detained on 3 May 2008", date(2009, 1, 1))
    assert [s.text for s in found] == ["3 May 2008"]


def test_a_year_of_birth_after_the_number_is_not_a_date():
    from geoevents.dates import find_dates

    found = find_dates("Mr. K. (a national of Tajikistan, 1986 year of birth) was detained in May 2010",
                       date(2010, 12, 1))
    assert [s.text for s in found] == ["May 2010"]


def test_a_plan_said_after_its_month_is_next_years():
    from datetime import date as _date

    from geoevents.dates import find_dates

    (span,) = find_dates("In January the agency will open a new post.", _date(2024, 6, 15))
    assert str(span.start) == "2025-01-01"


def test_a_past_act_before_a_later_future_word_keeps_its_month_past():
    from datetime import date as _date

    from geoevents.dates import find_dates

    (span,) = find_dates("In January, police detained a courier who will face trial.", _date(2024, 6, 15))
    assert str(span.start) == "2024-01-01"
