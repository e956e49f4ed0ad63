"""Score a date finder against hand annotations: precision, recall, F1, trap hits.

Annotated text marks each expression inline as ``[[text|START..END]]`` (``[[text|DAY]]``
when start equals end, ``[[text|-]]`` for an expression that cannot be anchored, and an
optional precision after the value: ``[[the third quarter|2008-07-01..2008-09-30 quarter]]``)
and each non-date that must not be found as ``{{text}}``.  A line ``=== doc_date:
YYYY-MM-DD`` (or ``none``) starts a document; blank lines separate its paragraphs.

A prediction counts when it overlaps a gold span of the same paragraph and has the same
start and end ("value-exact"); boundaries may differ ("in March" vs "March").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geoevents.model import TimeSpan

_MARK = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]]+)\]\]|\{\{([^{}]+)\}\}")
_VALUE = re.compile(r"\s*(-|\d{4}-\d\d-\d\d)(?:\.\.(\d{4}-\d\d-\d\d))?(?:\s+(\w+))?\s*")


@dataclass(frozen=True, slots=True)
class Gold:
    paragraph: int
    char_start: int
    char_end: int
    text: str
    start: date | None
    end: date | None
    precision: str | None = None


@dataclass(frozen=True, slots=True)
class Trap:
    paragraph: int
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    name: str
    doc_date: date | None
    paragraphs: tuple[str, ...]
    gold: tuple[Gold, ...]
    traps: tuple[Trap, ...]


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int
    trap_hits: int
    traps: int
    misses: tuple[str, ...] = field(default=(), compare=False)
    false_alarms: tuple[str, ...] = field(default=(), compare=False)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                     self.trap_hits + other.trap_hits, self.traps + other.traps,
                     self.misses + other.misses, self.false_alarms + other.false_alarms)

    def summary(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"(tp={self.tp} fp={self.fp} fn={self.fn}; traps hit {self.trap_hits}/{self.traps})")


def parse_annotated(text: str, name: str = "<annotated>") -> list[AnnotatedDoc]:
    """Documents from annotated text (see the module docstring)."""
    docs: list[AnnotatedDoc] = []
    for n, block in enumerate(re.split(r"^=== ", text, flags=re.M)[1:]):
        header, _, body = block.partition("\n")
        m = re.fullmatch(r"doc_date:\s*(none|\d{4}-\d\d-\d\d)\s*", header)
        if not m:
            raise ValueError(f"{name}: bad document header {header!r}")
        doc_date = None if m[1] == "none" else date.fromisoformat(m[1])
        lines = [line for line in body.splitlines() if not line.startswith("#")]
        raw_paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
        paragraphs, gold, traps = [], [], []
        for i, raw in enumerate(raw_paragraphs, start=1):
            clean, g, t = _strip_marks(raw, i, name)
            paragraphs.append(clean)
            gold.extend(g)
            traps.extend(t)
        docs.append(AnnotatedDoc(f"{name}#{n + 1}", doc_date, tuple(paragraphs), tuple(gold), tuple(traps)))
    return docs


def _strip_marks(raw: str, paragraph: int, name: str) -> tuple[str, list[Gold], list[Trap]]:
    out: list[str] = []
    gold: list[Gold] = []
    traps: list[Trap] = []
    pos = length = 0
    for m in _MARK.finditer(raw):
        out.append(raw[pos:m.start()])
        length += m.start() - pos
        piece = m[1] if m[1] is not None else m[3]
        if m[1] is not None:
            v = _VALUE.fullmatch(m[2])
            if not v:
                raise ValueError(f"{name}: bad value {m[2]!r} for {m[1]!r}")
            start = None if v[1] == "-" else date.fromisoformat(v[1])
            end = date.fromisoformat(v[2]) if v[2] else start
            gold.append(Gold(paragraph, length, length + len(piece), piece, start, end, v[3]))
        else:
            traps.append(Trap(paragraph, length, length + len(piece), piece))
        out.append(piece)
        length += len(piece)
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), gold, traps


def load_annotated(paths: Iterable[str | Path]) -> list[AnnotatedDoc]:
    docs: list[AnnotatedDoc] = []
    for path in sorted(Path(p) for p in paths):
        docs.extend(parse_annotated(path.read_text(encoding="utf-8"), path.name))
    return docs


def gold_from_table(table: str, paragraphs: dict[int, str]) -> list[Gold]:
    """Gold spans from a tab-separated table (paragraph, text, start, end; ``#`` comments,
    one header row), located at successive occurrences of the text in each paragraph."""
    gold: list[Gold] = []
    searched_from: dict[tuple[int, str], int] = {}
    rows = [line.split("\t") for line in table.splitlines() if line.strip() and not line.startswith("#")]
    for number, text, start, end in rows[1:]:
        paragraph = int(number)
        at = paragraphs.get(paragraph, "").find(text, searched_from.get((paragraph, text), 0))
        if at < 0:
            raise ValueError(f"{text!r} not found in paragraph {paragraph}")
        searched_from[(paragraph, text)] = at + len(text)
        gold.append(Gold(paragraph, at, at + len(text), text,
                         None if start == "-" else date.fromisoformat(start),
                         None if end == "-" else date.fromisoformat(end)))
    return gold


Prediction = tuple[int, TimeSpan]  # (paragraph number, span with offsets into that paragraph)


def score(predicted: Sequence[Prediction], gold: Sequence[Gold], traps: Sequence[Trap] = (),
          label: str = "") -> Score:
    """Value-exact matching: same paragraph, overlapping spans, same start and end."""
    used: set[int] = set()
    misses: list[str] = []
    for g in gold:
        hit = next((i for i, (par, s) in enumerate(predicted) if i not in used and par == g.paragraph
                    and s.char_start < g.char_end and g.char_start < s.char_end
                    and (s.start, s.end) == (g.start, g.end)), None)
        if hit is None:
            got = [f"{s.text!r}={s.start}..{s.end}" for par, s in predicted if par == g.paragraph
                   and s.char_start < g.char_end and g.char_start < s.char_end]
            misses.append(f"{label} p{g.paragraph} {g.text!r} want {g.start}..{g.end} got {got or 'nothing'}")
        else:
            used.add(hit)
    alarms = [f"{label} p{par} {s.text!r}={s.start}..{s.end}" for i, (par, s) in enumerate(predicted)
              if i not in used]
    trap_hits = sum(1 for t in traps if any(par == t.paragraph and s.char_start < t.char_end
                                            and t.char_start < s.char_end for par, s in predicted))
    tp = len(used)
    return Score(tp, len(predicted) - tp, len(gold) - tp, trap_hits, len(traps), tuple(misses), tuple(alarms))


Finder = Callable[[Sequence[str], date | None], list[list[TimeSpan]]]


def evaluate(docs: Iterable[AnnotatedDoc], finder: Finder | None = None) -> Score:
    """Run ``finder`` (default: chain_dates) on every document and add up the scores."""
    if finder is None:
        from geoevents.dates import chain_dates
        finder = chain_dates
    total = Score(0, 0, 0, 0, 0)
    for doc in docs:
        per_paragraph = finder(doc.paragraphs, doc.doc_date)
        predicted = [(i, s) for i, spans in enumerate(per_paragraph, start=1) for s in spans]
        total = total + score(predicted, doc.gold, doc.traps, doc.name)
    return total
