"""Temporal expressions: geoevents.dates vs dateparser's search_dates, same texts, one process.

Texts: the body of the reference cable 08ASTANA2380 (its cleaned paragraphs, when
../shared is present) scored against tests/data/dates/seed_08ASTANA2380.tsv, and the
annotated test set in tests/data/dates/*.txt.  Both systems get the same document date
(search_dates: RELATIVE_BASE, PREFER_DATES_FROM=past, languages=['en']).

A hit is value-exact: same paragraph, overlapping span, same start AND end.  dateparser
returns one datetime per match; it is widened to the day, month or year dateparser itself
reports for that string (DateDataParser period, computed outside the timed section), which
is the most generous reading.  Times are medians of --runs runs alternating between the two (wall clock, and CPU time,
which a busy shared machine disturbs less); dateparser's first, cold run is reported apart.
Run: .venv/bin/python benchmarks/dates_vs_dateparser.py [--runs 7] [--summary-json PATH]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import summary
from geoevents.dates import chain_dates, find_dates
from geoevents.dates.arith import month_span, year_span
from geoevents.dates.evaluate import AnnotatedDoc, Gold, Score, gold_from_table, load_annotated, score
from geoevents.model import TimeSpan

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_021d51493ed81108.txt"
DATA = REPO / "tests" / "data" / "dates"
RUNS = 7


def paired_medians(ours: Callable[[], object], theirs: Callable[[], object],
                   runs: int) -> tuple[float, float, float, float]:
    """Median wall and CPU seconds of each, run alternately so load on a shared machine
    falls on both alike: (ours wall, theirs wall, ours cpu, theirs cpu)."""
    wall: dict[str, list[float]] = {"ours": [], "theirs": []}
    cpu: dict[str, list[float]] = {"ours": [], "theirs": []}
    for _ in range(runs):
        for name, fn in (("ours", ours), ("theirs", theirs)):
            w, c = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
    m = statistics.median
    return m(wall["ours"]), m(wall["theirs"]), m(cpu["ours"]), m(cpu["theirs"])


def _settings(doc_date: dt.date | None) -> dict:
    settings: dict = {"PREFER_DATES_FROM": "past"}
    if doc_date is not None:
        settings["RELATIVE_BASE"] = dt.datetime(doc_date.year, doc_date.month, doc_date.day)
    return settings


def search(text: str, doc_date: dt.date | None) -> list[tuple[str, dt.datetime]]:
    from dateparser.search import search_dates

    return search_dates(text, languages=["en"], settings=_settings(doc_date)) or []


def as_spans(text: str, found: list[tuple[str, dt.datetime]], doc_date: dt.date | None) -> list[TimeSpan]:
    """Place search_dates' strings in ``text`` (in order) and widen each to its period."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings=_settings(doc_date))
    spans, at = [], 0
    for piece, when in found:
        pos = text.find(piece, at)
        if pos < 0:
            pos = text.find(piece)
        if pos < 0:
            continue
        at = pos + len(piece)
        period = (parser.get_date_data(piece).period or "day") if piece.strip() else "day"
        day = when.date()
        start, end = (year_span(day.year) if period == "year" else month_span(day.year, day.month)
                      if period == "month" else (day, day))
        spans.append(TimeSpan(start, end, period, "absolute", piece, pos, pos + len(piece)))
    return spans


def by_paragraph(spans: list[TimeSpan], starts: Sequence[int],
                 numbers: Sequence[int]) -> list[tuple[int, TimeSpan]]:
    """Move spans found in a body of joined paragraphs back to (paragraph number, offsets)."""
    import bisect

    out = []
    for s in spans:
        i = bisect.bisect_right(starts, s.char_start) - 1
        out.append((numbers[i], TimeSpan(s.start, s.end, s.precision, s.anchor, s.text,
                                         s.char_start - starts[i], s.char_end - starts[i])))
    return out


def seed_figures(runs: int = RUNS) -> tuple[list[str], list[summary.Row]]:
    """The lines to print for the reference cable, and its headline row."""
    if not SEED.is_file():
        return [f"seed: {SEED} not present, skipped"], []
    from geoevents.ingest import read_document

    doc = read_document(str(SEED))
    texts = [p.text for p in doc.paragraphs]
    numbers = [p.number for p in doc.paragraphs]
    body = "\n\n".join(texts)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 2
    gold = gold_from_table((DATA / "seed_08ASTANA2380.tsv").read_text(encoding="utf-8"),
                           dict(zip(numbers, texts)))

    cold_start = time.perf_counter()
    theirs_raw = search(body, doc.doc_date)
    cold = time.perf_counter() - cold_start
    t_ours, t_theirs, c_ours, c_theirs = paired_medians(
        lambda: find_dates(body, doc.doc_date), lambda: search(body, doc.doc_date), runs)
    t_ours_doc = paired_medians(lambda: chain_dates(texts, doc.doc_date), lambda: None, runs)[0]

    ours = [(n, s) for n, spans in zip(numbers, chain_dates(texts, doc.doc_date)) for s in spans]
    theirs = by_paragraph(as_spans(body, theirs_raw, doc.doc_date), starts, numbers)
    s_ours, s_theirs = score(ours, gold), score(theirs, gold)
    rows = [summary.Row(figure="dates F1, seed cable", value=f"{s_ours.f1:.3f}",
                        peer="dateparser search_dates", peer_value=f"{s_theirs.f1:.3f}",
                        ratio=s_ours.f1 / s_theirs.f1 if s_theirs.f1 else None)]
    return [
        f"seed 08ASTANA2380 body: {len(body):,} chars, {len(gold)} annotated expressions",
        _row("geoevents.dates", s_ours, t_ours, len(body)),
        _row("dateparser search_dates", s_theirs, t_theirs, len(body)),
        f"  geoevents.dates paragraph by paragraph (the document_dates path): {t_ours_doc * 1000:.1f} ms",
        f"  dateparser first (cold) call, imports included: {cold * 1000:.0f} ms",
        f"  speed ratio, median wall time: {t_theirs / t_ours:.1f}x; median CPU time: {c_theirs / c_ours:.1f}x",
    ], rows


def test_set_figures(runs: int = RUNS) -> tuple[list[str], list[summary.Row]]:
    """The lines to print for the annotated test set, and its headline rows."""
    docs: list[AnnotatedDoc] = load_annotated(DATA.glob("*.txt"))
    total_chars = sum(len(p) for d in docs for p in d.paragraphs)

    def run_ours() -> list[list[list[TimeSpan]]]:
        return [chain_dates(d.paragraphs, d.doc_date) for d in docs]

    def run_theirs() -> list[list[list[tuple[str, dt.datetime]]]]:
        return [[search(p, d.doc_date) for p in d.paragraphs] for d in docs]

    t_ours, t_theirs, c_ours, c_theirs = paired_medians(run_ours, run_theirs, runs)
    empty = Score(0, 0, 0, 0, 0)
    s_ours, s_theirs, held_ours, held_theirs = empty, empty, empty, empty
    for d, ours, theirs in zip(docs, run_ours(), run_theirs()):
        mine = score([(i, s) for i, spans in enumerate(ours, 1) for s in spans], d.gold, d.traps)
        predicted = [(i, s) for i, (p, found) in enumerate(zip(d.paragraphs, theirs), 1)
                     for s in as_spans(p, found, d.doc_date)]
        other = score(predicted, d.gold, d.traps)
        s_ours, s_theirs = s_ours + mine, s_theirs + other
        if d.name.startswith("heldout_"):
            held_ours, held_theirs = held_ours + mine, held_theirs + other
    gold: list[Gold] = [g for d in docs for g in d.gold]
    rows = [summary.Row(figure="dates F1, annotated test set", value=f"{s_ours.f1:.3f}",
                        peer="dateparser search_dates", peer_value=f"{s_theirs.f1:.3f}",
                        ratio=s_ours.f1 / s_theirs.f1 if s_theirs.f1 else None),
            summary.Row(figure="dates MB/s, annotated test set",
                        value=summary.rate(total_chars / t_ours / 1e6, "MB/s"),
                        peer="dateparser search_dates",
                        peer_value=summary.rate(total_chars / t_theirs / 1e6, "MB/s"),
                        ratio=t_theirs / t_ours)]
    return [
        f"annotated test set: {len(docs)} documents, {total_chars:,} chars, {len(gold)} expressions, "
        f"{sum(len(d.traps) for d in docs)} non-date traps",
        _row("geoevents.dates", s_ours, t_ours, total_chars),
        _row("dateparser search_dates", s_theirs, t_theirs, total_chars),
        f"  held-out files only ({held_ours.tp + held_ours.fn} expressions): geoevents.dates "
        f"P={held_ours.precision:.3f} R={held_ours.recall:.3f}; dateparser P={held_theirs.precision:.3f} "
        f"R={held_theirs.recall:.3f}",
        f"  speed ratio, median wall time: {t_theirs / t_ours:.1f}x; median CPU time: {c_theirs / c_ours:.1f}x",
    ], rows


def _row(name: str, s: Score, seconds: float, chars: int) -> str:
    return (f"  {name:24s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
            f"(tp={s.tp} fp={s.fp} fn={s.fn}, traps hit {s.trap_hits}/{s.traps})  "
            f"median {seconds * 1000:8.1f} ms  ({chars / seconds / 1e6:.2f} MB/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS,
                        help="timed runs of each; the median is reported (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    seed_lines, seed_rows = seed_figures(args.runs)
    test_lines, test_rows = test_set_figures(args.runs)
    for line in seed_lines + [""] + test_lines:
        print(line)
    summary.write(args.summary_json, "dates_vs_dateparser", seed_rows + test_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
