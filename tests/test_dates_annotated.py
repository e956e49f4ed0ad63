"""Dates on the hand-annotated test set (tests/data/dates): precision, recall, traps.

The set is text written for this project in the style of cables, INCSR/UNODC reports
and wire news.  heldout_* files were written after the grammar was frozen; the others
were used while building it.  Figures are held to a bar (benchmarks/dates_vs_dateparser.py prints them).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from geoevents.dates.evaluate import evaluate, load_annotated, parse_annotated

DATA = Path(__file__).parent / "data" / "dates"


def _docs(pattern: str):
    return load_annotated(DATA.glob(pattern))


def test_the_set_is_big_enough():
    docs = _docs("*.txt")
    assert sum(len(d.gold) for d in docs) >= 150
    assert sum(len(d.traps) for d in docs) >= 50


@pytest.mark.parametrize("pattern, bar", [("*.txt", 0.95), ("heldout_*.txt", 0.9)])
def test_precision_and_recall(pattern, bar):
    # `make test` prints pass/fail only: benchmarks/dates_vs_dateparser.py prints the table
    result = evaluate(_docs(pattern))
    assert result.precision >= bar and result.recall >= bar, (
        result.summary(), result.misses, result.false_alarms)
    assert result.trap_hits <= 0.02 * result.traps, result.summary()


def test_scorer_counts_value_exact_matches():
    docs = parse_annotated("=== doc_date: 2008-12-02\nIn [[March|2008-03-01..2008-03-31]] it rose "
                           "{{74.7%}}; [[last year|2007-01-01..2007-12-31]] it fell.\n\n"
                           "On [[June 26, 2008|2008-06-26]] a law passed.\n")
    (doc,) = docs
    assert doc.paragraphs[0].startswith("In March it rose 74.7%;")
    assert [g.text for g in doc.gold] == ["March", "last year", "June 26, 2008"]
    assert evaluate(docs).tp == 3

    def wrong_year(paragraphs, doc_date):
        from geoevents.dates import chain_dates
        return chain_dates(paragraphs, None)

    missed = evaluate(docs, wrong_year)
    assert (missed.tp, missed.fn, missed.fp) == (1, 2, 2)
