"""Dates on the real reference cable (skipped when ../shared is absent)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geoevents.dates import document_dates
from geoevents.dates.evaluate import gold_from_table, score

TABLE = Path(__file__).parent / "data" / "dates" / "seed_08ASTANA2380.tsv"


@pytest.fixture(scope="module")
def found(request):
    seed = Path(__file__).parents[1].parent / "shared/seeds/000_021d51493ed81108.txt"
    if not seed.is_file():
        pytest.skip(f"reference cable not present at {seed}")
    from geoevents.ingest import read_document

    doc = read_document(str(seed))
    assert doc.doc_date == date(2008, 12, 2)
    return doc, document_dates(doc)


def _by_text(found_spans, paragraph: int, text: str):
    hits = [s for n, s in found_spans if n == paragraph and s.text == text]
    assert hits, f"{text!r} not found in paragraph {paragraph}"
    return hits[0]


@pytest.mark.parametrize("paragraph, text, start, end, precision, anchor", [
    (15, "March", "2008-03-01", "2008-03-31", "month", "document"),
    (32, "July 28", "2008-07-28", "2008-07-28", "day", "document"),
    (4, "the first nine months of 2008", "2008-01-01", "2008-09-30", "range", "absolute"),
    (4, "the same period last year", "2007-01-01", "2007-09-30", "range", "previous"),
    (31, "from May 25 to October 25", "2008-05-25", "2008-10-25", "range", "document"),
    (19, "September 15-23", "2008-09-15", "2008-09-23", "range", "document"),
    (26, "six days later", "2008-11-12", "2008-11-12", "day", "previous"),
    (53, "since 2005", "2005-01-01", "2008-12-02", "range", "document"),
    (3, "This year", "2008-01-01", "2008-12-31", "year", "document"),
    (46, "Next year", "2009-01-01", "2009-12-31", "year", "document"),
    (9, "2006-2014", "2006-01-01", "2014-12-31", "range", "absolute"),
    (13, "the same period in 2007", "2007-01-01", "2007-09-30", "range", "previous"),
    (39, "since the beginning of the year", "2008-01-01", "2008-12-02", "range", "document"),
    (15, "The year's", "2008-01-01", "2008-12-31", "year", "previous"),
])
def test_key_expressions(found, paragraph, text, start, end, precision, anchor):
    span = _by_text(found[1], paragraph, text)
    assert (span.start.isoformat(), span.end.isoformat(), span.precision, span.anchor) == (
        start, end, precision, anchor)


@pytest.mark.parametrize("paragraph, trap", [
    (19, "Kanal-2008"), (6, "319-1"), (5, "article 24"), (6, "1,168"), (13, "74.7%"),
    (17, "$10,000"), (31, "5-10 grams"), (21, "10 to 12 years"), (15, "13 years"), (18, "from 684 to 655"),
])
def test_non_dates_in_the_cable_are_not_found(found, paragraph, trap):
    doc, spans = found
    text = next(p.text for p in doc.paragraphs if p.number == paragraph)
    at = text.index(trap)
    assert not [s for n, s in spans if n == paragraph and s.char_start < at + len(trap) and at < s.char_end]


def test_against_the_hand_annotation(found):
    # `make test` prints pass/fail only: benchmarks/dates_vs_dateparser.py prints the score
    doc, spans = found
    gold = gold_from_table(TABLE.read_text(encoding="utf-8"), {p.number: p.text for p in doc.paragraphs})
    result = score(spans, gold)
    assert result.f1 >= 0.95, (result.summary(), result.misses, result.false_alarms)
