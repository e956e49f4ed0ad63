"""Find event triggers in a sentence and the status (reported, planned, negated) of each.

The words are data: geoevents/lang/CODE/triggers.toml and cues.toml."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from geoevents.lang import pack

_DONE_TO = ("seizure", "arrest", "lab_closure")


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    start: int
    end: int
    text: str
    status: str  # reported | planned | negated | generic


def _describes(sentence: str, start: int, end: int, cues) -> bool:
    """A participle that describes a noun ("those convicted", "the heroin seized in 2008 was
    burnt"), not one that reports ("2 kg of hashish seized in Osh", a headline)."""
    if cues["adjectival_before"].search(sentence[max(0, start - 20):start]):
        return True
    if not cues["noun_before"].search(sentence[max(0, start - 16):start]):
        return False
    return not cues["amount_before"].search(sentence[max(0, start - 60):start]) \
        or bool(cues["finite_after"].search(sentence, end))


def find_triggers(sentence: str, code: str = "en") -> list[Trigger]:
    """Every trigger in a sentence with its status, in text order."""
    lang = pack(code)
    cues = lang.cues
    found: list[Trigger] = []
    lowered = sentence.lower()
    clauses: list[int] | None = None  # clause starts, found once for all the sentence's triggers
    wanted = {kind for kind, words in lang.trigger_needs.items() if any(w in lowered for w in words)}
    fold = len(lowered) == len(sentence)  # folded patterns read the lower-cased sentence, faster
    for (kind, pattern), folded_pattern in zip(lang.triggers, lang.triggers_folded):
        if kind not in wanted:
            continue
        matches = folded_pattern.finditer(lowered) if fold and folded_pattern is not None \
            else pattern.finditer(sentence)
        for m in matches:
            start, end = m.span()
            said = sentence[start:end]
            if kind == "seizure" and cues["adjectival"].match(said + sentence[end:end + 20]):
                continue
            if kind in ("seizure", "sentencing", "arrest") and said.lower().endswith(("ed", "convicted")) \
                    and " " not in said.strip() and _describes(sentence, start, end, cues):
                continue  # "those convicted", "drugs that had been previously seized"
            if kind == "arrest" and cues["arrested_things"].match(sentence[end:end + 40]):
                continue  # "arresting the assets of traffickers": property, not people
            if kind == "agreement" and (said[:1].isupper() or said in ("did the same", "followed suit")) \
                    and not cues["signing"].search(sentence):
                continue
            if kind == "operation" and cues["habitual_operations"].fullmatch(said) and not cues["counted"].search(
                    sentence[max(0, start - 15):start]):
                continue  # "these countries conduct joint operations": what they do, not an event
            if clauses is None:
                clauses = _clause_starts(sentence, cues)
            found.append(Trigger(kind, start, end, said, _status(sentence, start, end, kind, clauses, cues)))
    found.sort(key=lambda t: (t.start, t.end))
    return found


def _clause_starts(sentence: str, cues: dict[str, re.Pattern[str]]) -> list[int]:
    """Where the sentence's clauses begin: at each clause cue, and after the comma that closes
    a fronted subordinate clause ("Although they escaped, guards recovered ...")."""
    starts = [c.start() for c in cues["clause_start"].finditer(sentence)]
    fronted = cues["fronted_clause"].match(sentence)
    return sorted(starts + [fronted.end()]) if fronted else starts


def _status(sentence: str, start: int, end: int, kind: str, clauses: list[int] | None = None,
            cues: dict[str, re.Pattern[str]] | None = None) -> str:
    cues = cues or pack("en").cues
    if clauses is None:
        clauses = _clause_starts(sentence, cues)
    k = bisect.bisect_left(clauses, start)  # the last clause opening before the trigger
    clause_from = clauses[k - 1] if k else 0
    before = sentence[clause_from:start]
    if kind != "operation" and (cues["purpose"].search(before[-40:]) or cues["hearsay"].search(before)
                                or cues["wish"].search(before[-60:])):
        return "generic"
    if cues["habitual"].search(before[-30:]) or cues["topic_of"].search(before[-90:]):
        return "generic"  # "officers sometimes seize", "data on seizures and arrests"
    if kind in _DONE_TO and cues["infinitive"].search(before[-40:]):
        return "generic"  # "measures to detain him", "attempted to seize": not done (yet)
    inner_no = kind == "lab_closure" and re.search(r"\bno\b", sentence[start:end], re.I)
    if inner_no or cues["negation"].search(before[-35:]) or cues["negated_object"].match(sentence[end:end + 12]):
        return "negated"
    if cues["planned"].search(before[-100:]):  # "will continue ... and provide": one modal, two verbs
        return "planned"
    return "reported"
