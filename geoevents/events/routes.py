"""Trafficking routes: ordered chains of places joined by from / through / via / to (the
words are each language's route cues).

"from Shymkent (on the Kazakhstani-Uzbek border) through Taraz, Karaganda, Astana, and
Petropavlovsk and from Shymkent through ..." gives two chains of five stops; an aside in
parentheses is skipped, and a new "from" starts a new chain.
"""
from __future__ import annotations

import re

from geoevents.events.slots import inside_parentheses, is_adjective
from geoevents.lang import pack
from geoevents.model import Place, RouteStop

Cues = dict[str, re.Pattern[str]]  # a language's route cues (geoevents/lang/CODE/cues.toml [route])


def _cues(cues: Cues | None) -> Cues:
    return cues if cues is not None else pack("en").route

_PARENS = re.compile(r"\([^()]*\)")
_BOUND_REACH = 80  # characters before a destination read for its cue ("to smuggle the parcel on to")


def find_routes(sentence_start: int, sentence_end: int, places: list[Place], para_text: str,
                cues: Cues | None = None) -> list[list[Place]]:
    """Chains of two or more stops in one sentence, in text order."""
    cue = _cues(cues)
    in_sentence = [p for p in places if sentence_start <= p.char_start < sentence_end and p.resolved]
    in_sentence = [p for p in in_sentence if not inside_parentheses(para_text, sentence_start, p.char_start)]
    chains: list[list[Place]] = []
    current: list[Place] = []
    for place in in_sentence:
        before = para_text[max(sentence_start, place.char_start - 30): place.char_start]
        if current:
            gap = _PARENS.sub(" ", para_text[current[-1].char_end: place.char_start])
            if gap in ("'s ", "\u2019s "):  # "from Afghanistan's Kunduz province": the finer stop
                current[-1] = place
                continue
            if gap == ", " and place.kind == "country" and para_text[place.char_end:place.char_end + 1] == "," \
                    and current[-1].kind != "country":
                continue  # "from Hairatan, Afghanistan, and ...": the country qualifies the town
            if cue["join"].match(gap) and not cue["new_chain"].search(gap):
                current.append(place)
                continue
            _close(current, chains, para_text, cue)
            current = []
        if cue["start"].search(before) or (is_adjective(place) and place.kind == "country"):
            if cue["branch"].search(before) and chains:
                current = [chains[-1][0], place]  # the alternative shares the first route's origin
            else:
                current = [place]
    _close(current, chains, para_text, cue)
    origins = [p for p in in_sentence if p.role == "origin" or cue["origin"].search(
        para_text[max(sentence_start, p.char_start - 30): p.char_start])]
    for chain in chains:
        # "Afghan heroin ... transits Kazakhstan to Russia", "heroin from Afghanistan is
        # sent from Bishkek to Moscow": an origin said before the chain starts it
        before = [p for p in origins if p.char_end <= chain[0].char_start]
        if before and before[-1].country_code != chain[0].country_code and before[-1] not in chain:
            chain.insert(0, before[-1])
        # "reaches Russia mainly through Tajikistan and Kazakhstan": Russia is the end
        for i, place in enumerate(chain[1:-1], start=1):
            if cue["destination_gap"].search(para_text[chain[i - 1].char_end: place.char_start]):
                chain.append(chain.pop(i))
                break
    return chains


def transit_route(sentence_start: int, sentence_end: int, places: list[Place], para_text: str,
                  cues: Cues | None = None) -> list[Place] | None:
    """"X is a key transit country for heroin originating in Afghanistan and bound for
    Russia and Europe": the route Afghanistan > X > Russia > Europe.  X is the country just
    before the transit words; the origin is a country after them said to be where the drugs
    come from (or a demonym of origin: "Afghan heroin"); the destinations are the countries
    after them each led in by a destination word or a list comma."""
    cue = _cues(cues)
    m = cue["transit"].search(para_text, sentence_start, sentence_end)
    if m is None:
        return None
    countries = [p for p in places if sentence_start <= p.char_start < sentence_end and p.resolved
                 and p.kind in ("country", "macro")]
    hub = next((p for p in reversed(countries) if p.char_end <= m.start() and p.kind == "country"), None)
    if hub is None:
        return None
    after = [p for p in countries if p.char_start >= m.end() and p.country_code != hub.country_code]
    origin = next((p for p in after if p.role == "origin" or cue["transit_origin"].search(
        para_text, max(m.end(), p.char_start - 40), p.char_start)), None)
    ends: list[Place] = []
    for p in after:
        if p is origin:
            continue
        if cue["transit_destination"].search(para_text, max(m.end(), p.char_start - 40), p.char_start):
            if all(p.name != q.name for q in ends):
                ends.append(p)
    if origin is None or not ends:
        return None  # "a transit country for hashish from Afghanistan" alone: no route yet
    return [origin, hub, *ends]


def route_around(site: Place | None, places: list[Place], text: str, cues: Cues | None = None) -> tuple[RouteStop, ...]:
    """A seizure's route from the sentences around it (``places``), when its own says none:
    where the drugs came from ("The heroin was smuggled from Afghanistan", "heroin of Afghan
    origin") and where they were bound, through the site.  Only another country than the
    site's: a region's own towns say where the courier lived more often than where the drugs
    began."""
    if site is None or not site.resolved or site.country_code is None:
        return ()
    cue = _cues(cues)
    foreign = [p for p in places if p.resolved and p.country_code not in (None, site.country_code)]
    origin = next((p for p in foreign if p.kind == "country" and (p.role == "origin" or cue["came_from"].search(
        text, max(0, p.char_start - 120), p.char_start))), None)
    bound = destination_of(0, len(text), foreign, text, cue)
    if origin is None and bound is None:
        return ()
    return stops([p for p in (origin, site, bound) if p is not None])


def is_onward(chain: list[Place], para_text: str, sentence_start: int, cues: Cues | None = None) -> bool:
    """Does the chain start with "taken to ..." (it continues from the site), not "from ..."?"""
    first = chain[0]
    return bool(_cues(cues)["onward"].search(para_text[max(sentence_start, first.char_start - 30): first.char_start]))


def destination_of(sentence_start: int, sentence_end: int, places: list[Place], para_text: str,
                   cues: Cues | None = None) -> Place | None:
    """"The heroin was bound for Yekaterinburg": a lone destination."""
    bound = _cues(cues)["bound"]
    for place in places:
        if sentence_start <= place.char_start < sentence_end and place.resolved:
            if bound.search(para_text[max(sentence_start, place.char_start - _BOUND_REACH): place.char_start]):
                return place
    return None


def _close(chain: list[Place], chains: list[list[Place]], para_text: str, cue: Cues) -> None:
    if len(chain) < 2:
        return
    gaps = " ".join(para_text[a.char_end: b.char_start] for a, b in zip(chain, chain[1:]))
    if cue["directed"].search(gaps):  # "Kazakhstan, Russia and Uzbekistan" is a list, not a route
        chains.append(list(chain))


def origin_of(sentence_start: int, sentence_end: int, places: list[Place], para_text: str,
              near: int, cues: Cues | None = None) -> Place | None:
    """The origin nearest ``near``: "ecstasy from the Netherlands", "imported from Istanbul"."""
    came_from = _cues(cues)["from"]
    found = []
    for place in places:
        if sentence_start <= place.char_start < sentence_end and place.resolved:
            before = para_text[max(sentence_start, place.char_start - 20): place.char_start]
            if came_from.search(before):
                found.append(place)
    # "X seized ... imported from Y": an origin after the trigger is its own; one before
    # it more often belongs to an earlier clause
    return min(found, key=lambda p: (p.char_start - near) if p.char_start >= near else 2 * (near - p.char_start)) if found else None


def stops(chain: list[Place]) -> tuple[RouteStop, ...]:
    out = []
    for i, place in enumerate(chain):
        role = "origin" if i == 0 else "destination" if i == len(chain) - 1 else "transit"
        out.append(RouteStop(place.name or place.text, place.lon, place.lat, place.place_id, role,
                             place.country_code))
    return tuple(out)

