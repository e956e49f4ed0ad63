"""Place finding and resolution against the bundled gazetteer (stage "places").

``find_places`` works on one string; ``document_places`` on a Document, with the cable's
TAGS as focus and an optional geocoder for names the gazetteer does not know.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from geoevents.gazetteer import Entry, Gazetteer, load_gazetteer, name_key
from geoevents.model import Document, Place
from geoevents.places import context as ctx
from geoevents.places import morph
from geoevents.places import qualify
from geoevents.places.resolve import place_from_entry, resolve
from geoevents.places.scan import scan, tokenize

__all__ = ["find_places", "document_places", "resolve_name", "country_point", "demonym_country",
           "infer_focus", "Geocoder"]


class Geocoder(Protocol):
    """What document_places needs from a geocoder (geoevents.geocode provides one)."""

    def geocode(self, name: str, country_hint: str | None) -> Place | None: ...


def find_places(text: str, gazetteer: Gazetteer | None = None, focus: tuple[str, ...] = (),
                context: Iterable[str] = (), *, unknown: bool = False) -> list[Place]:
    """Place mentions in ``text`` (offsets into it), in text order.

    ``focus``: ISO codes the document is about (favoured, then their neighbours);
    ``context``: other countries already named; ``unknown``: also return unresolved
    place-like names after "in/at/near/from/to" (for a geocoder to try).
    """
    gaz = gazetteer or load_gazetteer()
    focus = tuple(c.upper() for c in focus)
    mentions = _mentions(text, gaz, focus, unknown)
    named = frozenset(context) | _countries_named(mentions)
    return [resolve(text, m, gaz, focus, named) for m in mentions]


def _scanned(text: str, gaz: Gazetteer, lang: str | None = "en",
             hooks: dict | None = None) -> tuple[list, list[ctx.Mention]]:
    """Tokens and the gazetteer's first reading of ``text``: what does not depend on the focus
    (``lang``: the text's language, whose morphology hook reads inflected names; ``hooks``:
    the hooks made so far for this document, by language, so its words are analysed once)."""
    tokens = tokenize(text)
    hooks = {} if hooks is None else hooks
    if lang not in hooks:
        hooks[lang] = morph.hook(lang, gaz)
    forms = hooks[lang]
    generic = morph.RU_GENERIC if lang == "ru" else frozenset()
    lower_name = morph.russian_lower_name if lang == "ru" else None
    mentions = ctx.initial_mentions(text, tokens, scan(text, gaz, tokens, forms, generic, lower_name), gaz)
    return tokens, morph.russian_hints(text, mentions) if lang == "ru" else mentions


def _mentions(text: str, gaz: Gazetteer, focus: tuple[str, ...], unknown: bool,
              scanned: tuple[list, list[ctx.Mention]] | None = None) -> list[ctx.Mention]:
    """Mentions with every context rule applied, not yet resolved (``scanned``: from _scanned,
    so a document read twice, to infer its focus and then to resolve, is tokenised once)."""
    if not text:
        return []
    tokens, mentions = scanned or _scanned(text, gaz)
    mentions = ctx.apply_borders(text, mentions, gaz, focus)
    mentions = ctx.apply_hints(text, mentions)
    mentions = qualify.apply_qualifiers(text, mentions, gaz)
    qualified = qualify.unknown_qualified(text, tokens, mentions)
    if qualified:  # "Bad Kreuzen, Austria" replaces the bare "Austria" it contains
        mentions = [m for m in mentions if not any(q.start <= m.start and m.end <= q.end
                                                   for q in qualified)] + qualified
    if unknown:
        mentions = mentions + qualify.unknown_locatives(text, tokens, mentions)
    return ctx.apply_roles(text, sorted(mentions, key=lambda m: (m.start, -m.end)))


def _countries_named(mentions: list[ctx.Mention]) -> frozenset[str]:
    out = set()
    for m in mentions:
        codes = {x.entry.country_code for x in m.matches if x.entry.kind == "country"}
        if len(codes) == 1:
            out |= codes
    return frozenset(out)


def infer_focus(texts: Iterable[str], gazetteer: Gazetteer | None = None,
                scanned: list | None = None) -> tuple[str, ...]:
    """The most often named country when a document carries no TAGS (ties: first named)."""
    gaz = gazetteer or load_gazetteer()
    counts: Counter[str] = Counter()
    texts = list(texts)
    for i, text in enumerate(texts):
        mentions = _mentions(text, gaz, (), False, scanned[i] if scanned else None)
        named = _countries_named(mentions)
        for m in mentions:
            p = resolve(text, m, gaz, (), named)
            if p.kind == "country" and p.country_code:
                counts[p.country_code] += 1
    return (counts.most_common(1)[0][0],) if counts else ()


def document_places(doc: Document, *, offline: bool = True, geocoder: Geocoder | None = None,
                    gazetteer: Gazetteer | None = None) -> list[tuple[int, Place]]:
    """(paragraph number, place with offsets into that paragraph's text) for a document.

    With a geocoder (and not ``offline``) names the gazetteer does not know are asked of
    it, once per name and country hint, and marked resolved_by="geocoder".
    """
    from geoevents.language import paragraph_languages

    langs = paragraph_languages([p.text for p in doc.paragraphs])  # as the whole pipeline reads them
    per_paragraph = paragraph_places(doc, offline=offline, geocoder=geocoder, gazetteer=gazetteer, langs=langs)
    return [(para.number, place) for para, found in zip(doc.paragraphs, per_paragraph) for place in found]


def paragraph_places(doc: Document, *, offline: bool = True, geocoder: Geocoder | None = None,
                     gazetteer: Gazetteer | None = None,
                     langs: list[str | None] | None = None) -> list[list[Place]]:
    """The resolved places of each paragraph, by position (printed numbers may repeat);
    ``langs``: each paragraph's language (English when not given)."""
    gaz = gazetteer or load_gazetteer()
    texts = [p.text for p in doc.paragraphs]
    langs = langs if langs is not None else ["en"] * len(texts)
    hooks: dict = {}
    scanned = [_scanned(text, gaz, lang, hooks) if text else ([], []) for text, lang in zip(texts, langs, strict=True)]
    focus = tuple(doc.country_focus)
    if not focus:
        # the headline names the report's country first ("Heroin seized in Kyrgyzstan") even
        # when the body names only towns
        title_lang = Counter(langs).most_common(1)[0][0] if langs else "en"  # ties: the first
        heads = [doc.title] if doc.title else []
        focus = infer_focus(heads + texts, gaz, [_scanned(t, gaz, title_lang, hooks) for t in heads] + scanned)
    online = geocoder is not None and not offline
    # one scan per paragraph; the countries the whole document names then help resolve each
    found = [(para, _mentions(para.text, gaz, focus, online, scan_))
             for para, scan_ in zip(doc.paragraphs, scanned)]
    named = frozenset().union(*(_countries_named(mentions) for _, mentions in found))
    answers: dict[tuple[str, str | None], Place | None] = {}
    out: list[list[Place]] = []
    for para, mentions in found:
        kept: list[Place] = []
        for place in (resolve(para.text, m, gaz, focus, named) for m in mentions):
            if online and place.place_id is None and place.name:
                place = _geocoded(place, geocoder, answers, focus)
            if place.resolved:  # unknown names the geocoder could not place are dropped
                kept.append(place)
        out.append(kept)
    return out


def _geocoded(place: Place, geocoder: Geocoder, answers: dict, focus: tuple[str, ...]) -> Place:
    hint = place.country_code or (focus[0] if focus else None)
    key = (place.name or "", hint)
    # A name placed earlier in the document (say with its "..., Austria" qualifier) keeps
    # that answer when it recurs bare, instead of a second question with another hint.
    earlier = [a for (name, h), a in answers.items()
               if name == key[0] and a is not None and place.country_code is None]
    if key not in answers and earlier:
        answers[key] = earlier[0]
    if key not in answers:
        answers[key] = geocoder.geocode(place.name or "", hint)
    found = answers[key]
    if found is None or not found.resolved:
        return place
    return replace(found, text=place.text, char_start=place.char_start, char_end=place.char_end,
                   resolved_by="geocoder", role=place.role)


def resolve_name(name: str, gazetteer: Gazetteer | None = None, focus: tuple[str, ...] = (),
                 country: str | None = None) -> Place | None:
    """Resolve a bare name (a route stop, a user's query) as a mention with no context."""
    gaz = gazetteer or load_gazetteer()
    matches = tuple(m for m in gaz.matches(name_key(name or ""))
                    if not country or m.entry.country_code == country.upper())
    if not matches:
        return None
    mention = ctx.Mention(0, len(name), matches, form=ctx.best_form(matches))
    return resolve(name, mention, gaz, tuple(c.upper() for c in focus), frozenset())


def filed_from(origin: str | None, gazetteer: Gazetteer | None = None) -> Place | None:
    """The city a report was filed from, out of its header's origin ("Embassy Tashkent",
    "US Office Almaty", a dateline's "Bishkek"), when the gazetteer knows it as a city."""
    words = (origin or "").split()
    for k in range(len(words)):  # "Embassy Tashkent" -> "Tashkent"; "Ust Kamenogorsk" whole
        place = resolve_name(" ".join(words[k:]), gazetteer)
        if place is not None and place.kind == "city":
            return place
    return None


def country_point(cc: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """A country's representative point as a Place (Natural Earth label point)."""
    gaz = gazetteer or load_gazetteer()
    entry: Entry | None = gaz.country(cc)
    return None if entry is None else place_from_entry(entry.name, 0, 0, entry)


def demonym_country(word: str, gazetteer: Gazetteer | None = None) -> str | None:
    """ISO code when ``word`` is a demonym/adjective ("Afghan" -> "AF"), else None."""
    return (gazetteer or load_gazetteer()).demonym(word)
