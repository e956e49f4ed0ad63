"""Morphology hooks: the dictionary forms of a name's words, for languages whose names inflect.

"в Костанайской области" names the gazetteer's "Костанайская область": each word is put in
the nominative with its gender and number kept, so an adjective still agrees with its noun.
English needs no hook.  The Russian analyser (pymorphy3 and its dictionary) loads on the first
Russian paragraph, never at import.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from geoevents.gazetteer import Gazetteer, Match, name_key
from geoevents.places.scan import RawMatch, Token

# Lower-case words that continue a name although not capitalised: the kind words of places.
RU_GENERIC = frozenset(
    "область области областью районе района район районом город города городе село села селе посёлок "
    "поселок посёлка поселка посёлке поселке аул аула ауле граница границе границы пункт пункта пункте "
    "пропуска автопункт автопункта автопункте таможенный таможенного таможенном пост поста посту посту "
    "республика республики республике край края крае велаят велаята велаяте велаятом "
    "регион региона регионе регионом "
    # the kind words of natural features: "в Чуйской долине", "на Каспийском море"
    "долина долины долине долину долиной море моря морю морем озеро озера озере озером "
    "река реки реке рекой пески песков песках пустыня пустыни пустыне коридор коридора коридоре".split())


@functools.cache
def _russian() -> Any:
    import pymorphy3  # a dictionary of a few MB: loaded only when a Russian text arrives

    return pymorphy3.MorphAnalyzer(lang="ru")


def russian_forms(gazetteer: Any = None) -> Callable[[str], tuple[str, ...]]:
    """A function giving a Russian word's candidate name forms, surface first: the nominative
    of each of its likelier readings, then their dictionary forms.  With ``gazetteer``, a word
    whose stem begins no name there ("Сотрудники", "Как") is not analysed: inflection changes
    only a Russian word's last letters, and the analyser costs about a millisecond a word."""

    @functools.lru_cache(maxsize=4096)
    def forms(word: str) -> tuple[str, ...]:
        if gazetteer is not None and word not in RU_GENERIC and not _may_name(word, gazetteer):
            return (word,)
        return analysed(word)

    return forms


@functools.lru_cache(maxsize=65536)
def analysed(word: str) -> tuple[str, ...]:
    """``word`` and its name forms by the analyser.  A pure function of the word, memoised for
    the process: the same names recur from one report of a batch to the next."""
    out = [word]
    for parse in _russian().parse(word)[:3]:
        nominative = parse.inflect({"nomn"})
        # an adjective also in the feminine: "в Алматинском регионе" names the "Алматинская область"
        feminine = parse.inflect({"nomn", "femn", "sing"}) if parse.tag.POS == "ADJF" else None
        for form in (nominative.word if nominative else None, parse.normal_form, feminine.word if feminine else None):
            if form and form not in out:
                out.append(form)
        if parse.normal_form in _KIND_SYNONYMS and _KIND_SYNONYMS[parse.normal_form] not in out:
            out.append(_KIND_SYNONYMS[parse.normal_form])
    if word[:1].isupper():  # a name the dictionary lacks: undo the common case endings
        for ending, nominatives in _NAME_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                for nominative in nominatives:
                    form = word[:len(word) - len(ending)] + nominative
                    if form not in out:
                        out.append(form)
        if word.endswith(_ADJECTIVE_ENDINGS):  # an adjective it lacks: "в Узунском районе" -> "Узунский"
            stem = word[:word.rindex("ск") + 2]
            out.extend(form for form in (stem + "ий", stem + "ая") if form not in out)
    return tuple(out)


# Kind words the press uses for a unit the gazetteer names otherwise: a region is an oblast.
_KIND_SYNONYMS = {"регион": "область"}

# The analyser guesses an unknown place name's nominative from common nouns ("Токмоке" ->
# "токмока"); names of the region mostly end in a consonant or "-я": "в Токмоке", "из Токмока",
# "к Токмоку", "под Токмоком", "в Кызыл-Кие".
_NAME_ENDINGS = (("ом", ("",)), ("е", ("", "я")), ("а", ("",)), ("у", ("",)), ("и", ("я",)))


def _may_name(word: str, gazetteer: Any) -> bool:
    """Could ``word``, its last letters changed, begin a gazetteer name?"""
    from geoevents.gazetteer import name_key

    key = name_key(word)
    stem = key[:max(2, len(key) - 3)]  # endings are at most three letters ("-ской", "-ами"); "Оше"
    return gazetteer.has_prefix(stem)


def hook(lang: str | None, gazetteer: Any = None) -> Callable[[str], tuple[str, ...]] | None:
    """The word-forms hook of ``lang``, or None where names do not inflect (English)."""
    return russian_forms(gazetteer) if lang == "ru" else None


# Kind words inside a Russian name ("Костанайской области") or before it ("на КПП «Кайрак»",
# "пункт пропуска «Жайсан»") say what it is, as "Region" or "checkpoint" after an English one.
_RU_REGION = re.compile(r"\b(?:област|район|регион|край|кра[ея]\b)\w*$", re.I)
_RU_CROSSING_BEFORE = re.compile(r"(?:\bКПП|\bпост\w*|\bпункт\w*\s+пропуска|\bавтопункт\w*|\bОПК|\bМАПП|\bАПП|\bаэропорт\w*)"
                                 r"\s*[«\"“]?\s*$", re.I)


def russian_hints(text: str, mentions: list) -> list:
    """Mentions with the hint their Russian kind word gives (region, crossing)."""
    out = []
    for m in mentions:
        span = text[m.start:m.end]
        if _RU_REGION.search(span):
            m = replace(m, hint="region")
        elif _RU_CROSSING_BEFORE.search(text, max(0, m.start - 30), m.start):
            m = replace(m, hint="crossing")
        out.append(m)
    return out


# Where adjectives of countries are written in lower case (Russian "афганский"), a word with an
# adjective's ending is looked up as a demonym; no other lower-case word is analysed.
# (a tuple for str.endswith: every lower-case word of a Russian paragraph is tested)
_ADJECTIVE_ENDINGS = tuple("ск" + e for e in ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими"))


def is_russian_adjective(word: str) -> bool:
    """Does the word end as the adjective of a name ("афганского", "Российскими")?"""
    return word.lower().endswith(_ADJECTIVE_ENDINGS)


_BORDER_AFTER = re.compile(r"\s+(?:государственн\w+\s+)?границ", re.I)


def _country_of_stem(stem: str, gazetteer: Gazetteer) -> str | None:
    """"казахстанско" / "туркмено" (the first half of a compound adjective) -> KZ / TM."""
    for form in (stem[:-1] + "ий", stem[:-1] + "ский"):
        code = gazetteer.demonym(form)
        if code:
            return code
    return None


def _border(text: str, tok: Token, i: int, forms: Callable[[str], tuple[str, ...]],
            gazetteer: Gazetteer) -> RawMatch | None:
    """"казахстанско-российской границе": the border line between the two countries."""
    first, _, second = tok.text.partition("-")
    if not first.endswith("о") or not _BORDER_AFTER.match(text, tok.end):
        return None
    a = _country_of_stem(first, gazetteer)
    b = next((c for c in (gazetteer.demonym(f) for f in forms(second)) if c), None)
    line = gazetteer.border(a, b) if a and b and a != b else None
    if line is None:
        return None
    return RawMatch(tok.start, tok.end, i, i, name_key(line.name), (Match(line, "name"),))


def _demonym(tok: Token, i: int, forms: Callable[[str], tuple[str, ...]], gazetteer: Gazetteer) -> RawMatch | None:
    for form in forms(tok.text)[1:]:
        key = name_key(form)
        matches = tuple(m for m in gazetteer.matches(key) if m.form == "demonym")
        if matches:
            return RawMatch(tok.start, tok.end, i, i, key, matches)
    return None


def russian_lower_name(text: str, tok: Token, i: int, forms: Callable[[str], tuple[str, ...]],
                       gazetteer: Gazetteer) -> RawMatch | None:
    """A name in a lower-case Russian word: a country's adjective ("афганского"), or two of them
    before "граница" ("казахстанско-российской границе": the border between them)."""
    if not tok.text.endswith(_ADJECTIVE_ENDINGS):
        return None
    return _border(text, tok, i, forms, gazetteer) if "-" in tok.text else _demonym(tok, i, forms, gazetteer)
