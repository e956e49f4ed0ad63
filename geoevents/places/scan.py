"""Tokenise text and find the longest gazetteer names in it (no context rules yet)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from geoevents.gazetteer import Gazetteer, Match, name_key

# "U.S." / "U.A.E." or a word with inner hyphens and apostrophes ("Ust-Kamenogorsk").
TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
GAP_OK = re.compile(r"\.?[ \t\n]{1,3}|[ \t]?[-–][ \t]?")
NAME_ABBREVIATIONS = frozenset("St Ste Mt Ft Pt Ste N S E W".split())  # "St. Petersburg"
MAX_TOKENS = 6  # longest name, in tokens ("Gorno-Badakhshan Autonomous Region" is 3)
MAX_TOKEN_CHARS = 60  # no real place name is longer; a 10 000-character "word" is skipped
# Lower-case words allowed inside a name ("Bosnia and Herzegovina", "Kairak border checkpoint").
CONNECTORS = frozenset("of and de la le del da do du al el on upon sur am an der di".split())
GENERIC = frozenset(
    "region oblast province valley sands desert river lake border checkpoint crossing pass "
    "city district bridge sea mountains corridor".split())


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def all_caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)


@dataclass(frozen=True, slots=True)
class RawMatch:
    """A span whose text is a gazetteer name, with every entry that name can mean."""

    start: int
    end: int
    first: int  # index of the first token
    last: int  # index of the last token
    key: str
    matches: tuple[Match, ...]


def tokenize(text: str) -> list[Token]:
    """Word tokens; possessive 's is cut off ("Kazakhstan's" -> "Kazakhstan")."""
    out = []
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        if end - start > MAX_TOKEN_CHARS:
            continue
        word = m.group()
        if len(word) > 2 and word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        out.append(Token(word, start, end))
    return out


def _acceptable(tokens: list[Token], i: int, j: int, matches: tuple[Match, ...], key: str,
                generic: frozenset[str] = GENERIC) -> bool:
    last = tokens[j]
    if not last.capitalized and last.text not in generic:
        return False
    if len(key) < 3 and not any(m.entry.kind == "country" or (not key.isascii() and m.entry.population >= 100_000)
                                 for m in matches):
        return False  # two letters name a country ("US"), or in Cyrillic a large city ("Ош")
    if i == j and tokens[i].all_caps:
        # Headings and acronyms: only a country name or a long proper name in capitals.
        return any(m.form == "name" and (m.entry.kind == "country" or len(key) >= 5)
                   for m in matches)
    return True


def scan(text: str, gazetteer: Gazetteer, tokens: list[Token] | None = None,
         forms: Callable[[str], tuple[str, ...]] | None = None,
         generic: frozenset[str] = frozenset(),
         lower_name: Callable[..., RawMatch | None] | None = None) -> list[RawMatch]:
    """Longest-first, left-to-right gazetteer matches starting at capitalised tokens.

    ``forms`` (a language's morphology hook) gives a word's name forms, surface first: a span
    is then also looked up with each word in each of its other forms ("Костанайской области" ->
    "Костанайская область"), as long as the reading begins a gazetteer name.  ``generic``: more
    lower-case kind words that may end a name; ``lower_name`` (a language's hook) reads a name
    in a lower-case word (text, token, its index, forms, gazetteer) -> RawMatch or None.
    """
    tokens = tokenize(text) if tokens is None else tokens
    generic = GENERIC | generic
    out: list[RawMatch] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        if not first.capitalized:
            if lower_name is not None:  # "афганского героина": a language that writes adjectives in lower case
                adjective = lower_name(text, first, i, forms, gazetteer)
                if adjective is not None:
                    out.append(adjective)
            i += 1
            continue
        best: RawMatch | None = None
        readings: list[str] = []  # the span read with each word in one of its forms, while a name begins so
        for j in range(i, min(len(tokens), i + MAX_TOKENS)):
            tok = tokens[j]
            if j > i:
                gap = text[tokens[j - 1].end:tok.start]
                if not GAP_OK.fullmatch(gap):
                    break
                if "." in gap and tokens[j - 1].text not in NAME_ABBREVIATIONS:
                    break  # "to Osh. In Dushanbe" ends one name at the full stop
                if not tok.capitalized and tok.text not in CONNECTORS and tok.text not in generic:
                    break
            key = name_key(text[first.start:tok.end])
            keys = [key]
            if forms is not None:
                word_forms = forms(tok.text)[1:] or (tok.text,)
                extended = [f"{r} {f}" for r in readings for f in word_forms] if j > i else list(word_forms)
                readings = [r for r in dict.fromkeys(extended) if gazetteer.has_prefix(name_key(r))][:_READINGS]
                keys += [name_key(r) for r in readings]
            keys = [k for k in dict.fromkeys(keys) if k and gazetteer.has_prefix(k)]
            if not keys:
                if i == j and _ROAD_CROSSING.search(tok.text):
                    best = _road_crossing(tok, i, gazetteer)  # "Кайрак-авто": the Kairak crossing
                break
            for k in keys:
                matches = gazetteer.matches(k)
                if matches and _acceptable(tokens, i, j, matches, k, generic):
                    best = RawMatch(first.start, tok.end, i, j, k, matches)
                    break
        if best is not None:
            out.append(best)
            i = best.last + 1
        else:
            i += 1
    return out


# Readings of a span kept while scanning (each word in one of its forms): a word has at most a
# few forms, and only readings that begin a gazetteer name survive, so few are ever kept.
_READINGS = 8


# Kazakhstan names its road crossings "<place>-авто" ("Кайрак-авто"): the crossing of that name.
_ROAD_CROSSING = re.compile(r"[-\u2013](?:авто|avto)$", re.I)


def _road_crossing(tok: Token, i: int, gazetteer: Gazetteer) -> RawMatch | None:
    key = name_key(_ROAD_CROSSING.sub("", tok.text))
    matches = tuple(m for m in gazetteer.matches(key) if m.entry.kind == "crossing")
    return RawMatch(tok.start, tok.end, i, i, key, matches) if matches else None
