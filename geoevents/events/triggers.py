"""Find event triggers in a sentence and the status (reported, planned, negated) of each.

The words are data: geoevents/lang/en/triggers.toml and cues.toml."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from geoevents.lang import pack

_EN = pack("en")
TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = _EN.triggers
# words (lower case) one of which a sentence must contain for a type's patterns to be tried
_NEEDS: dict[str, tuple[str, ...]] = _EN.trigger_needs
_CUES = _EN.cues
_ADJECTIVAL = _CUES["adjectival"]
_ADJECTIVAL_BEFORE = _CUES["adjectival_before"]
_NOUN_BEFORE = _CUES["noun_before"]
_HEARSAY = _CUES["hearsay"]
_HABITUAL_OPS = _CUES["habitual_operations"]
_COUNTED = _CUES["counted"]
_SIGNING = _CUES["signing"]
_NEGATION = _CUES["negation"]
_NEGATED_OBJECT = _CUES["negated_object"]
_PLANNED = _CUES["planned"]
_PURPOSE = _CUES["purpose"]
_WISH = _CUES["wish"]
_INFINITIVE = _CUES["infinitive"]
_CLAUSE_START = _CUES["clause_start"]
_DONE_TO = ("seizure", "arrest", "lab_closure")


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    start: int
    end: int
    text: str
    status: str  # reported | planned | negated | generic


def find_triggers(sentence: str) -> list[Trigger]:
    """Every trigger in a sentence with its status, in text order."""
    found: list[Trigger] = []
    lowered = sentence.lower()
    clauses: list[int] | None = None  # clause starts, found once for all the sentence's triggers
    wanted = {kind for kind, words in _NEEDS.items() if any(w in lowered for w in words)}
    for kind, pattern in TRIGGERS:
        if kind not in wanted:
            continue
        for m in pattern.finditer(sentence):
            if kind == "seizure" and _ADJECTIVAL.match(m.group(0) + sentence[m.end():m.end() + 20]):
                continue
            if kind in ("seizure", "sentencing", "arrest") and m.group(0).lower().endswith(("ed", "convicted")) \
                    and (_ADJECTIVAL_BEFORE.search(sentence[max(0, m.start() - 20):m.start()])
                         or _NOUN_BEFORE.search(sentence[max(0, m.start() - 16):m.start()])):
                continue  # "those convicted", "drugs that had been previously seized"
            if kind == "agreement" and (m.group(0)[:1].isupper() or m.group(0) in ("did the same", "followed suit")) \
                    and not _SIGNING.search(sentence):
                continue
            if kind == "operation" and _HABITUAL_OPS.fullmatch(m.group(0)) and not _COUNTED.search(
                    sentence[max(0, m.start() - 15):m.start()]):
                continue  # "these countries conduct joint operations": what they do, not an event
            if clauses is None:
                clauses = [c.start() for c in _CLAUSE_START.finditer(sentence)]
            found.append(Trigger(kind, m.start(), m.end(), m.group(0),
                                 _status(sentence, m.start(), m.end(), kind, clauses)))
    found.sort(key=lambda t: (t.start, t.end))
    return found


def _status(sentence: str, start: int, end: int, kind: str, clauses: list[int] | None = None) -> str:
    if clauses is None:
        clauses = [c.start() for c in _CLAUSE_START.finditer(sentence, 0, start)]
    k = bisect.bisect_left(clauses, start)  # the last clause opening before the trigger
    clause_from = clauses[k - 1] if k else 0
    before = sentence[clause_from:start]
    if kind != "operation" and (_PURPOSE.search(before[-40:]) or _HEARSAY.search(before)
                                or _WISH.search(before[-60:])):
        return "generic"
    if kind in _DONE_TO and _INFINITIVE.search(before[-25:]):
        return "generic"  # "measures to detain him", "attempted to seize": not done (yet)
    inner_no = kind == "lab_closure" and re.search(r"\bno\b", sentence[start:end], re.I)
    if inner_no or _NEGATION.search(before[-35:]) or _NEGATED_OBJECT.match(sentence[end:end + 12]):
        return "negated"
    if _PLANNED.search(before[-100:]):  # "will continue ... and provide": one modal, two verbs
        return "planned"
    return "reported"
