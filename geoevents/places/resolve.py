"""Choose what a mention means: explicit rules first, then a transparent score.

Score of a candidate = name form (its own name 2, alternate 0) + document focus (focus
country 3, its neighbours 1.5, other countries named in the text 1) + size (log10 of
population, nominal for regions) + kind (countries 5, regions -0.5 unless a kind word says
"region", then +4).  Candidates within AMBIGUITY_MARGIN of the winner are reported.
"""
from __future__ import annotations

from dataclasses import replace

from typing import Any

from geoevents.gazetteer import Entry, Gazetteer, Match, entry_size
from geoevents.model import Place
from geoevents.places.context import Mention

AMBIGUITY_MARGIN = 1.0
SAME_NAME_REGION_PENALTY = 1.5
MAX_CANDIDATES = 5
FORM_SCORE = {"name": 2.0, "demonym": 2.0, "alt": 0.0}
KIND_SCORE = {"country": 5.0, "macro": 1.0, "crossing": 0.5, "feature": 0.5, "region": -0.5, "district": -0.5}
# the kinds a kind word after a name points to ("district" and "region" are both region hints)
HINT_KIND = {"region": ("region", "district"), "crossing": ("crossing",), "feature": ("feature",)}


def score(match: Match, hint: str | None, focus: tuple[str, ...], neighbours: frozenset[str],
          context: frozenset[str]) -> float:
    """The preference for one candidate (see the module docstring)."""
    e = match.entry
    s = FORM_SCORE[match.form] + entry_size(e) + KIND_SCORE.get(e.kind, 0.0)
    if e.country_code in focus:
        s += 3.0
    elif e.country_code in neighbours:
        s += 1.5
    elif e.country_code in context:
        s += 1.0
    if hint and e.kind in HINT_KIND.get(hint, ()):
        s += 4.0
    return round(s, 3)


def ranked(matches: tuple[Match, ...], hint: str | None, focus: tuple[str, ...],
           neighbours: frozenset[str], context: frozenset[str]) -> list[tuple[float, Entry]]:
    # A region named like its own city ("Jalal-Abad", "Kostanay") means the city unless a
    # kind word says region; a region whose short name is only a city's former name
    # ("Zhambyl" for Taraz) keeps its place.
    city_named = {m.entry.country_code for m in matches
                  if m.entry.kind == "city" and m.form == "name" and m.entry.population >= 10_000}
    best: dict[int, tuple[float, Entry]] = {}
    for m in matches:
        s = score(m, hint, focus, neighbours, context)
        if m.entry.kind == "region" and hint != "region" and m.entry.country_code in city_named:
            s = round(s - SAME_NAME_REGION_PENALTY, 3)
        if m.entry.idx not in best or best[m.entry.idx][0] < s:
            best[m.entry.idx] = (s, m.entry)
    return sorted(best.values(), key=lambda t: (-t[0], t[1].idx))


def _within(e: Entry, qual: Entry) -> bool:
    if e.country_code != qual.country_code:
        return False
    return qual.kind not in ("region", "district") or e.admin1_code == qual.admin1_code


STRAY_POPULATION = 100_000


def _stray(e: Entry, hint: str | None, focus: tuple[str, ...], neighbours: frozenset[str],
           context: frozenset[str]) -> bool:
    """A city under STRAY_POPULATION or an unhinted region, outside the report's countries,
    their neighbours and the countries it names (with no focus at all, nothing is stray)."""
    if not focus or e.kind in ("country", "macro") or not e.country_code:
        return False
    if e.country_code in focus or e.country_code in neighbours or e.country_code in context:
        return False
    if e.kind in ("region", "district"):
        return hint != "region"
    return e.kind == "city" and e.population < STRAY_POPULATION


def _candidate_json(s: float, e: Entry) -> dict[str, Any]:
    return {"place_id": e.place_id, "name": e.name, "kind": e.kind,
            "country_code": e.country_code or None, "admin1": e.admin1 or None,
            "lat": e.lat, "lon": e.lon, "score": s}


def place_from_entry(text: str, start: int, end: int, e: Entry, resolved_by: str = "gazetteer",
                     candidates: tuple[dict[str, Any], ...] = (), role: str | None = None) -> Place:
    return Place(text=text, char_start=start, char_end=end, name=e.name, place_id=e.place_id,
                 kind=e.kind, country_code=e.country_code or None, admin1=e.admin1 or None,
                 lat=e.lat, lon=e.lon, geo_precision=e.geo_precision, resolved_by=resolved_by,
                 candidates=candidates, role=role)


def resolve(text: str, m: Mention, gaz: Gazetteer, focus: tuple[str, ...],
            context: frozenset[str]) -> Place:
    """Turn one mention of ``text`` into a Place (unresolved when nothing fits)."""
    span = text[m.start:m.end]
    if m.fixed is not None:
        return place_from_entry(span, m.start, m.end, m.fixed)
    if m.unknown_name is not None:
        if m.qualifier is None:
            return Place(text=span, char_start=m.start, char_end=m.end, name=m.unknown_name)
        q = m.qualifier
        return Place(text=span, char_start=m.start, char_end=m.end, name=m.unknown_name,
                     kind=None, country_code=q.country_code or None,
                     admin1=q.admin1 if q.kind in ("region", "district") else None, lat=q.lat, lon=q.lon,
                     geo_precision=q.geo_precision, resolved_by="qualifier")
    neighbours = frozenset().union(*(gaz.neighbours(cc) for cc in focus)) if focus else frozenset()
    options = ranked(m.matches, m.hint, focus, neighbours, context)
    if not options:
        return Place(text=span, char_start=m.start, char_end=m.end)
    resolved_by = "gazetteer"
    if m.qualifier is not None:
        inside = [o for o in options if _within(o[1], m.qualifier)]
        if inside:
            if inside[0][1].idx != options[0][1].idx:
                resolved_by = "qualifier"
            options = inside
    top_score, top = options[0]
    if resolved_by == "gazetteer" and m.hint == "region" and top.kind == "city" and focus \
            and top.country_code not in focus and top.country_code not in context:
        # "in Chorbog district": a district the gazetteer lacks, not a town of that name abroad
        return Place(text=span, char_start=m.start, char_end=m.end, name=span)
    if resolved_by == "gazetteer" and _stray(top, m.hint, focus, neighbours, context):
        # "Ambassador Patterson", "the Training Centre": a small place in a country the
        # report never names is a person or a common word far likelier than a site
        return Place(text=span, char_start=m.start, char_end=m.end, name=span)
    close = [o for o in options if top_score - o[0] <= AMBIGUITY_MARGIN][:MAX_CANDIDATES]
    candidates = tuple(_candidate_json(s, e) for s, e in close) if len(close) > 1 else ()
    place = place_from_entry(span, m.start, m.end, top, resolved_by, candidates, m.role)
    if m.hint == "crossing" and top.kind == "city":
        # "the Serhetabat crossing", "the Ishkashim bridge": a site at the town the gazetteer knows
        place = replace(place, kind="crossing", geo_precision="site")
    return place
