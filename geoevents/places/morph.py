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

# Lower-case words that continue a name although not capitalised: the kind words of places.
RU_GENERIC = frozenset(
    "область области областью районе района район районом город города городе село села селе посёлок "
    "поселок посёлка поселка посёлке поселке аул аула ауле граница границе границы пункт пункта пункте "
    "пропуска автопункт автопункта автопункте таможенный таможенного таможенном пост поста посту посту "
    "республика республики республике край края крае".split())


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
        for form in (nominative.word if nominative else None, parse.normal_form):
            if form and form not in out:
                out.append(form)
    return tuple(out)


def _may_name(word: str, gazetteer: Any) -> bool:
    """Could ``word``, its last letters changed, begin a gazetteer name?"""
    from geoevents.gazetteer import name_key

    key = name_key(word)
    stem = key[:max(3, len(key) - 3)]  # endings are at most three letters ("-ской", "-ами")
    return gazetteer.has_prefix(stem)


def hook(lang: str | None, gazetteer: Any = None) -> Callable[[str], tuple[str, ...]] | None:
    """The word-forms hook of ``lang``, or None where names do not inflect (English)."""
    return russian_forms(gazetteer) if lang == "ru" else None


# Kind words inside a Russian name ("Костанайской области") or before it ("на КПП «Кайрак»",
# "пункт пропуска «Жайсан»") say what it is, as "Region" or "checkpoint" after an English one.
_RU_REGION = re.compile(r"\b(?:област|район|край|кра[ея]\b)\w*$", re.I)
_RU_CROSSING_BEFORE = re.compile(r"(?:\bКПП|\bпост\w*|\bпункт\w*\s+пропуска|\bавтопункт\w*|\bОПК|\bМАПП|\bАПП)"
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
