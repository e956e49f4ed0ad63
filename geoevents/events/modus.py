"""How a seizure moved, where it was hidden, how it was found and who carried it.

The variables of seizure records (UNODC's Individual Drug Seizures): conveyance,
concealment (the clause and a class), detection, traffickers (count and nationalities).
Each is read from the clauses that tell the seizure; what the text does not state stays
None. The words are data (geoevents/lang/en/modus.toml).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from geoevents.events.lexicon import lexicon
from geoevents.events.quantities import parse_number
from geoevents.lang import LanguagePack, folded, pack
from geoevents.model import Modus, Place

_PREPOSITION = re.compile(r"\b(?:in|inside|among|amid|under|within|into|behind|beneath|hidden in|concealed in)\s", re.I)


@dataclass(frozen=True)
class _Words:
    people: re.Pattern[str]
    any_people: re.Pattern[str]  # a cheap gate before the costly count pattern
    citizen_of: re.Pattern[str]
    one: re.Pattern[str]
    any_people_folded: re.Pattern[str]  # the gates for lower-cased text (lang.folded)
    one_folded: re.Pattern[str]


def _words(lang: LanguagePack) -> _Words:
    return _compiled_words(lang.code)


@functools.cache  # compiled once per language, not once per seizure
def _compiled_words(code: str) -> _Words:
    w = pack(code).trafficker_words
    people = re.compile(rf"\b(?P<n>{lexicon(code).number_re}|a|an|one)\s+(?P<mid>(?:[\w-]+\s+){{0,3}}?){w['people']}\b", re.I)
    return _Words(people, re.compile(rf"\b{w['people']}\b", re.I), re.compile(w["citizen_of"], re.I),
                  re.compile(w["one"], re.I), folded(rf"\b{w['people']}\b"), folded(w["one"]))


def first_value(field: str, text: str, lang: LanguagePack) -> tuple[str, re.Match[str]] | None:
    """The highest-priority value of ``field`` the text states, with its match."""
    lowered = text.lower()
    if len(lowered) == len(text):  # folded patterns on the lower-cased text: same matches, faster
        gate, values, text = lang.modus_any_folded[field], lang.modus_folded[field], lowered
    else:
        gate, values = lang.modus_any[field], lang.modus[field]
    if not gate.search(text):  # most clauses state none: one search
        return None
    for value, patterns in values:
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                return value, m
    return None


def concealment_phrase(text: str, m: re.Match[str]) -> str:
    """The words of the hiding place: from the preposition before the match to its end."""
    lo = m.start()
    before = list(_PREPOSITION.finditer(text, max(0, lo - 30), lo))
    if before:
        lo = before[-1].start()
    return " ".join(text[lo:m.end()].split())


@dataclass(frozen=True)
class StatedPeople:
    """What a text says of the people who carried the drugs, before an event's own count."""
    count: int | None
    nationalities: tuple[str, ...]
    says_one: bool  # "a man", "one courier"


def people_gates(lang: LanguagePack) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The cheap patterns (folded: for lower-cased text) without which a text states no count
    of people and no "a man"."""
    words = _words(lang)
    return words.any_people_folded, words.one_folded


def stated_people(text: str, places: list[Place], offset: int, gazetteer, lang: LanguagePack,
                  maybe_people: bool = True, maybe_one: bool = True) -> StatedPeople:
    """The counts and nationalities ``text`` states, read once for all the events that share it.

    ``places`` carry offsets into the paragraph and ``offset`` is where ``text`` starts in it:
    "a citizen of Tajikistan" takes the country the gazetteer resolved after "citizen of".
    """
    words = _words(lang)
    count: int | None = None
    codes: list[str] = []
    for m in (words.people.finditer(text) if maybe_people and words.any_people.search(text) else ()):
        n = parse_number(m.group("n"), lang.code)
        if n is not None and count is None and n == int(n) and 0 < n < 1000:
            count = int(n)
        for word in m.group("mid").split():
            cc = gazetteer.demonym(word.strip(",;"))
            if cc and cc not in codes:
                codes.append(cc)
    for place in places:
        start = place.char_start - offset
        if 0 <= start <= len(text) and place.kind == "country" and place.country_code \
                and words.citizen_of.search(text, max(0, start - 25), start):
            if place.country_code not in codes:
                codes.append(place.country_code)
            if count is None:
                count = 1 if _ONE_CITIZEN.search(text[max(0, start - 60):start]) else None
    return StatedPeople(count, tuple(codes), maybe_one and bool(words.one.search(text)))


_ONE_CITIZEN = re.compile(r"\b(?:a|one)\s+(?:[\w-]+\s+){0,3}?(?:citizen|national|resident|native)\s+of\s+(?:the\s+)?$",
                          re.I)


def people_with(stated: StatedPeople, detained: float | None) -> tuple[int | None, tuple[str, ...]] | None:
    """The stated people with an event's own count of detained (which wins over "a man")."""
    count = stated.count
    if count is None and detained:
        count = int(detained)
    if count is None and stated.says_one:
        count = 1
    if count is None and not stated.nationalities:
        return None
    return count, stated.nationalities


def find_modus(text: str, places: list[Place], offset: int, gazetteer, lang: LanguagePack | None = None,
               detained: float | None = None) -> Modus:
    """Every variable ``text`` states (None for the rest)."""
    return with_traffickers(how_moved(text, lang), text, places, offset, gazetteer, lang, detained)


def how_moved(text: str, lang: LanguagePack | None = None) -> Modus:
    """Conveyance, concealment and detection: what does not depend on the event's counts, so
    the events of one sentence read it once."""
    lang = lang or pack("en")
    conveyance = first_value("conveyance", text, lang)
    hidden = first_value("concealment", text, lang)
    detection = first_value("detection", text, lang)
    return Modus(
        conveyance=conveyance[0] if conveyance else None,
        concealment=concealment_phrase(text, hidden[1]) if hidden else None,
        concealment_class=hidden[0] if hidden else None,
        detection=detection[0] if detection else None,
    )


def with_traffickers(moved: Modus, text: str, places: list[Place], offset: int, gazetteer,
                     lang: LanguagePack | None = None, detained: float | None = None) -> Modus:
    """``moved`` with the traffickers ``text`` states (``detained``: the event's own count)."""
    return with_people(moved, stated_people(text, places, offset, gazetteer, lang or pack("en")), detained)


def with_people(moved: Modus, stated: StatedPeople, detained: float | None) -> Modus:
    """``moved`` with the stated people and the event's own count of detained."""
    people = people_with(stated, detained)
    if people is None:
        return moved
    return replace(moved, trafficker_count=people[0], nationalities=people[1])
