"""Assemble events: triggers + quantities + counts + the date, place and route slots.

Works one paragraph at a time, because a paragraph's events share context: a date said
once ("During the first nine months of 2008, ...") dates the sentences after it, and "The
cargo was en route from Uzbekistan to Saint Petersburg" belongs to the seizure before it.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace

from geoevents.events.counts import find_counts
from geoevents.events.lexicon import Lexicon, agencies_in, lexicon
from geoevents.events.quantities import find_money, find_quantities
from geoevents.events.routes import (destination_of, find_routes, is_onward, origin_of, route_around, stops,
                                     transit_route)
from geoevents.events.slots import KIND_RANK, DateChoice, ParagraphIndex, choose_date, choose_place, is_adjective
from geoevents.events.incidents import LEAD_PARAGRAPHS as _LEAD_PARAGRAPHS, dedupe, incidents, union
from geoevents.events.per_substance import split_by_substance
from geoevents.lang import LANGUAGES, other_stories, pack
from geoevents.language import paragraph_languages
from geoevents.places import country_point, filed_from
from geoevents.segment import page_chrome
from geoevents.events.triggers import Trigger, find_triggers
from geoevents.model import MODUS_TYPES, Document, Event, Modus, Paragraph, Place, Quantity, Sentence, TimeSpan

_PRICE_UNIT = re.compile(r"\b(kilo(?:gram)?|kg|gram|gramme|g|pill|tablet|dose|ampoule|ton)s?\b", re.I)
_PAIR = re.compile(r"\s*(?:to|-|\u2013|and)\s*")
_CHANGE = re.compile(r"\b(?:rose|risen|increased|grew|jumped|climbed|fell|dropped|decreased|declined|"
                     r"went up|went down|doubled|up|down)\s+from\s+$", re.I)
_PAID = re.compile(r"\b(?:paid|pay|bribe|fine[sd]?|salary|reward|budget|funded|funding|grant)\b[^.;]{0,25}$", re.I)
_PER_UNIT = re.compile(r"^\s*(?:per|a|an|for (?:a|one|each))\s+(?:kilo|kilogram|kg|gram|pill|tablet|dose)\b", re.I)
_UNNAMED = ("drugs", "psychotropic substances", "precursors")  # words that name no one drug
_GLOSS = re.compile(r"^\s*\((?:about|approximately|around|some|roughly)?\s*$", re.I)
_COUNT_KEYS = {
    "arrest": ("arrested", "detained", "criminal_cases"),
    "sentencing": ("sentenced", "convicted", "sentence_years", "sentence_years_max"),
    "seizure": ("criminal_cases",),
    "lab_closure": ("labs",),
    "training": ("trained",),
}
_SHIPMENT = re.compile(r"\b(?:cargo|shipment|consignment|load|drugs|heroin|hashish|opium|marijuana|cocaine|"
                       r"precursors?|anhydride|it|truck|car|vehicle|railcar|wagon|train|container|minivan|"
                       r"couriers?|driver)\b", re.I)
_BOUND_ON = re.compile(r"\b(?:en route|bound for|destined for|headed for|on its way|to be delivered)\b", re.I)
_CARRIERS = ("seizure", "operation", "arrest", "lab_closure")
_FOLLOW_UPS = ("arrest", "sentencing", "price")
# "the year's second large seizure", "a shipment of": one incident, even when dated by a year
_CAPS_DATELINE = re.compile(r"(?P<city>\b[A-Z]{3,}(?:[ -][A-Z]{3,})?)\s*[,.]?\s+(?:\d{1,2}\s+[A-Z][a-z]+\.?|"
                            r"[A-Z][a-z]+\.?\s+\d{1,2}),?\s+\d{4}\b")
_DATELINE_REACH = 400  # characters from a paragraph's start where a dateline may stand
_PERSON_ACTS = ("arrest", "sentencing")  # acts on people that any crime brings
_STATE_ACTS = ("legislation", "program", "training", "agreement", "statistic")
_MODUS_FOLLOW_UPS = 3  # sentences after a seizure that may still describe it
_MODUS_REACH = 600  # characters around the seizure's sentence read for its modus
_SCENE_LOOKBACK = 40  # mentions looked back at for a scene: bounded on a run-on paragraph
_SCENE_KINDS = ("seizure", "arrest", "lab_closure", "operation", "sentencing", "price")
_SCENE_PRECISION = ("site", "city", "region", "border")
_MIN_WORDS = 4  # "Training." alone is a heading, not an event
_NATIONWIDE = re.compile(r"\b(?:nationwide|nation-wide|countrywide|across the country|throughout the country|"
                         r"in total|altogether|overall|combined|agencies|bodies|authorities|services)\b", re.I)
_AGGREGATE_DAYS = 62
_OF_OPERATION = re.compile(r"\s+(?:annual\s+)?(?:operation|campaign|raid)s?\b", re.I)  # a period longer than two months dates a tally, not one event


def extract_events(doc: Document, spans: list[list[TimeSpan]], places: list[list[Place]],
                   focus: Place | None, langs: list[str | None] | None = None) -> list[Event]:
    """All events of a document, deduplicated, in text order; ``spans``, ``places`` and
    ``langs`` (each paragraph's language) hold each paragraph's own, by position."""
    events: list[Event] = []
    # where the report was filed ("MOSCOW, 2 February 2015 -", "... BISHKEK 9 April 2004") is
    # never a site: the opening paragraphs' places there are set aside before anything reads them
    langs = langs if langs is not None else paragraph_languages([para.text for para in doc.paragraphs])
    places = [_not_filed(para.text, found, lang) if i < _LEAD_PARAGRAPHS else found
              for i, (para, found, lang) in enumerate(zip(doc.paragraphs, places, langs))]
    # a place the lead names sets the scene for a body that names nothing closer
    lead = _lead_scene(doc, places, focus)
    retold = _retold(doc)
    for i, (para, para_spans, para_places) in enumerate(zip(doc.paragraphs, spans, places, strict=True)):
        if page_chrome(para.text):
            continue  # a web page's currency ticker, menu or headline ticker
        if i and other_stories().match(para.text):
            break  # a web page's "Related News" block: other stories, not this report's events
        lang = langs[i]
        if lang not in LANGUAGES:
            continue  # a paragraph in a language without a pack yields no events, never garbage
        found = [replace(e, lang=lang) for e in _paragraph_events(doc, para, para_spans, para_places, focus,
                                                                  lead, lang, retold.get(i, frozenset()))]
        if not found and events:
            _told_after(events, para, para_places, lang)
        events.extend(found)
    return split_by_substance(incidents(dedupe(_met_at_home(events, doc.origin))))


def _met_at_home(events: list[Event], origin: str | None) -> list[Event]:
    """A meeting or visit whose sentences name no site (only its country, or nothing) took
    place where the report was filed, when that city is in its country: an embassy meets the
    host government in the capital, an agency reports the talks it hosted."""
    def unsited(e: Event) -> bool:
        return e.event_type == "other" and (e.place is None or e.place.kind == "country")

    home = filed_from(origin) if any(unsited(e) for e in events) else None
    if home is None:
        return events
    return [replace(e, place=home, confidence=round(e.confidence * 0.8, 3))
            if unsited(e) and (e.place is None or e.place.country_code == home.country_code) else e
            for e in events]


_FOLLOW_UP_PARAGRAPHS = 2  # paragraphs after an incident that may still describe it


def _mass_told_after(events: list[Event], para: Paragraph, lang: str) -> None:
    """"An examination showed the opium weighed 4.2 kg": the mass, in a paragraph of its own, of
    a seizure told just before without one (the same drug, or a drug not yet named)."""
    masses = [f.quantity for f in find_quantities(para.text, lang) if f.quantity.kg and not f.baseline]
    if len(masses) != 1:
        return
    mass = masses[0]
    for k in range(len(events) - 1, -1, -1):
        event = events[k]
        if para.number - event.paragraph > _FOLLOW_UP_PARAGRAPHS:
            return
        if event.event_type == "seizure" and len(event.drugs) == 1 and event.drugs[0].kg is None \
                and event.drugs[0].substance in (mass.substance, "drugs"):
            events[k] = replace(event, drugs=(mass,))
            return


def _told_after(events: list[Event], para: Paragraph, places: list[Place], lang: str) -> None:
    """A news story goes on in paragraphs of its own ("The heroin was hidden in the spare
    wheel.", "The drugs came from Kyrgyzstan."): a paragraph that tells no event of its own
    adds what it says of how the drugs moved, were hidden and found, and where they came
    from, to the events of the paragraph just before it (changes ``events`` in place)."""
    from geoevents.events.modus import how_moved

    last = events[-1].paragraph
    if para.number - last > _FOLLOW_UP_PARAGRAPHS or para.number <= last:
        return
    _mass_told_after(events, para, lang)
    moved = how_moved(para.text, pack(lang)) if pack(lang).modus_gate.search(para.text.lower()) else Modus()
    for k in range(len(events) - 1, -1, -1):
        event = events[k]
        if event.paragraph != last:
            break
        if event.event_type not in MODUS_TYPES:
            continue
        route = event.route
        if not route and event.event_type == "seizure":
            route = route_around(event.place, places, para.text, pack(lang).route)
        events[k] = replace(event, modus=union(event.modus, moved), route=route)


_RETOLD_MIN = 40  # characters a cut-off copy of a sentence must keep to count as one


def _retold(doc: Document) -> dict[int, frozenset[int]]:
    """Sentences a web page prints again (a summary line repeating the lead, a copy cut off
    at the page's end, the title after a template's label): paragraph index -> indexes of
    its sentences that repeat a sentence before them whole, as its beginning or its end."""
    heads: dict[str, list[str]] = {}  # the first characters of each sentence -> the sentences
    tails: dict[str, list[str]] = {}  # the last characters -> the sentences
    out: dict[int, set[int]] = {}
    for p, para in enumerate(doc.paragraphs):
        for s, sent in enumerate(para.sentences):
            text = " ".join(sent.text.split())
            if len(text) < _RETOLD_MIN:
                continue
            head, tail = text[:_RETOLD_MIN], text[-_RETOLD_MIN:]
            if any(earlier.startswith(text) for earlier in heads.get(head, ())) \
                    or any(earlier.endswith(text) for earlier in tails.get(tail, ())):
                out.setdefault(p, set()).add(s)
            else:
                heads.setdefault(head, []).append(text)
                tails.setdefault(tail, []).append(text)
    return {p: frozenset(s) for p, s in out.items()}


def _lead_scene(doc: Document, places: list[list[Place]], focus: Place | None) -> Place | None:
    """The first place below country level that the opening (headline, lead) names.  A web
    page's opening may hold short lines (headline twice, time, byline) before the lead: the
    opening runs to the first paragraph of full sentences."""
    for para, found in zip(doc.paragraphs[:_opening_end(doc)], places):
        first = next((p for p in found if p.resolved and not is_adjective(p)
                      and p.geo_precision in _SCENE_PRECISION
                      and (focus is None or p.country_code == focus.country_code)), None)
        if first is not None:
            return first
    return None


_LEAD_WORDS = 10  # a paragraph with a sentence this long is the lead, not a headline or byline
_OPENING_MAX = 8  # paragraphs looked at for the lead
_FULL_STOP = re.compile(r"[.!?][»\"\u201d\u2019')]*\s*$")  # a sentence, not a headline


def _opening_end(doc: Document) -> int:
    """How many paragraphs the opening holds: at least the headline, caption and lead; more
    when they are short lines, up to the first paragraph of full sentences."""
    for i, para in enumerate(doc.paragraphs[:_OPENING_MAX]):
        if i + 1 >= _LEAD_PARAGRAPHS and any(_FULL_STOP.search(s.text) and len(s.text.split()) >= _LEAD_WORDS
                                             for s in para.sentences):
            return i + 1
    return _LEAD_PARAGRAPHS


def _not_filed(text: str, places: list[Place], lang: str | None = "en") -> list[Place]:
    filed = _filed_at(text, lang)
    return [p for p in places if not any(a <= p.char_start < b for a, b in filed)] if filed else places


def _filed_at(text: str, lang: str | None = "en") -> list[tuple[int, int]]:
    """Spans of the datelines near a paragraph's start: a leading "MOSCOW, 2 February 2015 -",
    or a city in capitals before a date after a headline ("BISHKEK 9 April 2004")."""
    end = _dateline_end(text, lang)
    found = [(0, end)] if end else []
    found += [m.span("city") for m in _CAPS_DATELINE.finditer(text, 0, min(len(text), _DATELINE_REACH))]
    return found


def _dateline_end(text: str, lang: str | None = "en") -> int:
    """Where a news dateline ("MOSCOW, 2 February 2015 -", "ASTANA. KAZINFORM -") ends, else 0:
    the city there is where the report was filed, not where anything happened."""
    m = pack(lang if lang in LANGUAGES else "en").cues["dateline"].match(text)
    return m.end() if m else 0


def _scene(places: list[Place], focus: Place | None, before: int,
           starts: list[int] | None = None) -> Place | None:
    """The latest place below country level mentioned before ``before`` (in the report's own
    country when it has one): where a sentence naming no place most likely happened."""
    cc = focus.country_code if focus else None
    if starts is None:
        starts = [p.char_start for p in places]
    end = bisect.bisect_left(starts, before)
    for i in range(end - 1, max(0, end - _SCENE_LOOKBACK) - 1, -1):
        place = places[i]
        if place.char_start >= before or not place.resolved or is_adjective(place):
            continue
        if place.geo_precision in _SCENE_PRECISION and (cc is None or place.country_code == cc):
            return _within(places[i - 1], place) if i else place
    return None


_WITHIN_GAP = 40  # characters between "the Korday crossing" and "in the Zhambyl region"


def _within(inner: Place, outer: Place) -> Place:
    """"at the Korday crossing in the Zhambyl region": the place named just before a region
    and lying in it is the narrower scene."""
    if not inner.resolved or is_adjective(inner) or inner.country_code != outer.country_code \
            or not 0 <= outer.char_start - inner.char_end <= _WITHIN_GAP or outer.kind != "region" \
            or KIND_RANK.get(inner.kind or "", 0) <= KIND_RANK["region"] or inner.admin1 != outer.admin1:
        return outer
    return inner


def _paragraph_events(doc: Document, para: Paragraph, spans: list[TimeSpan], places: list[Place],
                      focus: Place | None, lead: Place | None = None, lang: str = "en",
                      retold: frozenset[int] = frozenset()) -> list[Event]:
    cues = pack(lang).cues
    names = [operation_name(m) for m in cues["operation_name"].finditer(para.text)] \
        if cues["operation_gate"].search(para.text) else []
    para_operation = names[0] if len(set(names)) == 1 else None
    out: list[Event] = []
    index = ParagraphIndex(spans, places, para.text)
    told: list[tuple[int, int, int]] = []  # (sentence index, first event, end) per sentence
    for i, sent in enumerate(para.sentences):
        if i in retold:  # told before: no events, but its place in `told` (read by sentence index)
            told.append((i, len(out), len(out)))
            continue
        scene = _scene(index.places, focus, sent.text_start, starts=index.place_starts) or lead
        first = len(out)
        out.extend(_sentence_events(doc, para, sent, index, focus, para_operation, out, scene, lang))
        told.append((i, first, len(out)))
    return _merge_repeats(_merge_operations(_with_modus(out, told, para, index, lang)))


def _with_modus(events: list[Event], told: list[tuple[int, int, int]], para: Paragraph,
                index: ParagraphIndex, code: str = "en") -> list[Event]:
    """Seizures, arrests and operations read their modus (conveyance, concealment, detection,
    traffickers) from their sentence and the sentences after it that report no new one
    ("The heroin was hidden in the fuel tank. Dogs found it.")."""
    from geoevents.events.modus import StatedPeople, how_moved, people_gates, stated_people, with_people
    from geoevents.lang import pack
    from geoevents.gazetteer import load_gazetteer

    carriers = [i for i, lo, hi in told if any(events[k].event_type in MODUS_TYPES for k in range(lo, hi))]
    if not carriers:
        return events
    gazetteer = load_gazetteer()
    lang = pack(code)
    any_people, says_one = people_gates(lang)
    out = list(events)
    sentences = para.sentences
    for n, i in enumerate(carriers):
        # the sentences between the incident before and the one after: "When searching them,
        # police found ...", "... The heroin was hidden in the fuel tank."
        stop = carriers[n + 1] if n + 1 < len(carriers) else len(sentences)
        stop = min(stop, i + 1 + _MODUS_FOLLOW_UPS)
        begin = max(carriers[n - 1] + 1 if n else 0, i - _MODUS_FOLLOW_UPS)
        lo = sentences[begin].text_start
        hi = sentences[stop - 1].text_start + len(sentences[stop - 1].text)
        lo = max(lo, sentences[i].text_start - _MODUS_REACH)
        hi = min(hi, sentences[i].text_start + len(sentences[i].text) + _MODUS_REACH)
        _, first, end = told[i]
        window, window_places = para.text[lo:hi], index.places_in(lo, hi)
        moved: Modus | None = None  # the sentence's events share their clauses and people
        people: StatedPeople | None = None
        found: dict[float | None, Modus] = {}
        for k in range(first, end):
            event = out[k]
            if event.event_type not in MODUS_TYPES:
                continue
            counts = dict(event.counts)
            detained = counts.get("detained") or counts.get("arrested")
            if detained not in found:
                if moved is None:  # most windows state no modus: the paragraph was scanned once
                    moved = how_moved(window, lang) if index.any_match(lang.modus_gate, lo, hi) else Modus()
                people = people or stated_people(window, window_places, lo, gazetteer, lang,
                                                 index.any_match(any_people, lo, hi),
                                                 index.any_match(says_one, lo, hi))
                found[detained] = with_people(moved, people, detained)
            # where the drugs came from is told in the seizure's sentence or after it; a
            # sentence before it speaks of the incident before
            route = event.route
            if not route and event.event_type == "seizure":
                route = route_around(event.place, [p for p in window_places if p.char_start >= sentences[i].text_start],
                                     para.text, lang.route)
            out[k] = replace(event, modus=found[detained], route=route)
    return out


def _sentence_events(doc, para, sent: Sentence, index: ParagraphIndex, focus, para_operation,
                     earlier: list[Event], scene: Place | None = None, lang: str = "en") -> list[Event]:
    s0, s1 = sent.text_start, sent.text_start + len(sent.text)
    if len(sent.text.split()) < _MIN_WORDS or index.in_comment(sent.text_start):
        return []
    ctx = _Context(doc, para, sent, index, focus, para_operation, lang)
    places = ctx.places
    ctx.inherited = next((e.place for e in reversed(earlier) if e.place is not None
                          and e.place.geo_precision in ("site", "city", "region", "border")), None)
    ctx.after_arrest = bool(earlier) and earlier[-1].event_type == "arrest"
    ctx.scene = scene
    drugs = tuple(f.quantity for f in ctx.amounts)
    cues = pack(lang).cues
    if not drugs and cues["unnamed_substance"].search(sent.text):
        # "found a packet of grey powder. Examination showed it was heroin, 2.5 kg": the drug
        # (and mass) the next sentence identifies
        drugs = _identified_next(doc, para, sent, ctx.lex)
    counts = find_counts(sent.text, lang)
    triggers = _resolve(find_triggers(sent.text, lang), sent.text, drugs, counts, ctx.lex)
    events: list[Event] = []
    route_cues = pack(lang).route
    # "X is a transit country for heroin from A bound for B": the chain through X, which a
    # from...to reading of the sentence would leave out
    transit = transit_route(s0, s1, places, para.text, route_cues)
    route_chains = [transit] if transit else find_routes(s0, s1, places, para.text, route_cues)
    carrier = next((t for t in triggers if t.event_type in _CARRIERS), None)
    # what a shipment sentence speaks of: the paragraph's last seizure, else its last event
    # that can carry drugs ("Three couriers were detained. The shipment was bound for Moscow.")
    target = next((i for i in range(len(earlier) - 1, -1, -1) if earlier[i].event_type == "seizure"), None)
    if target is None and earlier and earlier[-1].event_type in _CARRIERS:
        target = len(earlier) - 1
    previous = earlier[target] if target is not None else None
    if not triggers and drugs and previous is not None and previous.event_type == "seizure" \
            and not any(d.kg for d in previous.drugs) and all(d.kg for d in drugs):
        # "A consignment of heroin was seized. The cargo weighed 71 kg.": the seizure's mass
        earlier[target] = previous = replace(previous, drugs=_named_as(drugs, previous.drugs))
    if route_chains and carrier is None and not triggers and previous is not None \
            and _SHIPMENT.search(sent.text):
        # "The cargo was en route from A to B": the route of the seizure just reported;
        # "The drugs had been smuggled from A via B": and it ended where they were seized
        chain = list(route_chains[0])
        site = previous.place
        if site is not None and site.geo_precision in ("city", "site") and all(p.place_id != site.place_id for p in chain):
            if is_onward(chain, para.text, s0, route_cues):
                chain.insert(0, site)  # "The drugs were to be taken to Tashkent": onward from the site
            elif _BOUND_ON.search(sent.text):
                chain.insert(len(chain) - 1, site)  # "en route from A to B": stopped on the way
            elif chain[-1].country_code != site.country_code:
                chain.append(site)
        earlier[target] = replace(previous, route=stops(chain))
        route_chains = []
    elif not route_chains and not triggers and previous is not None and previous.place is not None:
        bound = destination_of(s0, s1, places, para.text, route_cues)
        end = previous.route[-1] if previous.route else None
        if bound is not None and end is not None and bound.kind == "country" \
                and end.country_code == bound.country_code:
            bound = None  # "... to Saint Petersburg. ... paid to take it to Russia": the town says more
        if bound is not None and bound.place_id != previous.place.place_id:
            # "The heroin was bound for Yekaterinburg."
            earlier[target] = replace(previous, route=previous.route[:-1] + stops([previous.place, bound])[-1:]
                                  if previous.route else stops([previous.place, bound]))
    if carrier is None:
        for chain in route_chains:
            events.append(ctx.event("route", s0 + 0, drugs=drugs or _substances(sent.text, ctx.lex), route=chain))
    named_op = any(t.event_type == "operation" and pack(lang).cues["operation_name"].match(sent.text, t.start)
                   for t in triggers) \
        or any(t.event_type == "operation" and "joint operation" in t.text.lower() for t in triggers)
    if named_op and any(t.event_type == "seizure" for t in triggers):
        # "Kanal-2007 ... resulted in the seizure of 11.3 tons": the operation's result,
        # carried by the operation event rather than a seizure of its own
        triggers = [t for t in triggers if t.event_type != "seizure"]
    stat = _is_statistic(sent.text, triggers, counts, drugs, ctx)
    cues = pack(lang).cues
    if stat is None and (cues["statistic"].search(sent.text) or cues["total"].search(sent.text)) \
            and not (counts or drugs):
        # "seizures in Astana increased by 62.7%": a trend without figures is no event
        triggers = [t for t in triggers if t.event_type not in ("seizure", "arrest", "sentencing")]
    if stat:
        return events + [ctx.event("statistic", s0 + stat.start, drugs=drugs, counts=counts, status=stat.status)]
    for cluster in _clusters(triggers, ctx):
        first = cluster[0]
        kind = first.event_type
        if kind == "price":
            events.extend(_price_events(ctx, first, earlier + events))
            continue
        keys = _COUNT_KEYS.get(kind)
        event_counts = {k: v for k, v in counts.items() if keys is None or k in keys}
        event_drugs = drugs if kind in ("seizure", "lab_closure", "operation", "arrest") else ()
        if kind == "seizure" and not drugs:  # "a large consignment of heroin was seized": the drug, no mass
            event_drugs = _substances(sent.text, ctx.lex)
            if not event_drugs and cues["drug_anaphor"].match(sent.text, first.end, first.end + 60):
                # "seized a large consignment of this drug": the drug the paragraph named before
                event_drugs = _without_amount(_named(para.text[:s0], ctx.lex)[-1:], ctx.lex)
        if kind == "lab_closure":  # what the lab made: "12 heroin laboratories", "producing pervitin"
            event_drugs = (_substances(sent.text[max(0, first.start - 25): first.end + 60], ctx.lex)
                           or _substances(sent.text, ctx.lex))
        if kind == "seizure" or kind in _SITED_ACTS:
            split = _split_by_date(ctx, first, sent.text) if kind == "seizure" else _split_by_site(ctx, kind, first)
            if split:
                events.extend(split)
                continue
        event = ctx.event(kind, s0 + first.start, drugs=event_drugs, counts=event_counts,
                          status=first.status)
        if route_chains and first is carrier:
            # "seized 96 kilos ... carried by truck from Tajikistan through Kazakhstan":
            # the chain is this event's route, ending where it was stopped
            chain = list(route_chains[0])
            if event.place is not None and event.place.resolved and event.place.geo_precision in ("city", "site") \
                    and all(p.place_id != event.place.place_id for p in chain) and kind == "seizure":
                if len(chain) >= 2 and chain[-1].kind == "country" and chain[-1].country_code != event.place.country_code:
                    chain.insert(len(chain) - 1, event.place)  # "from Uzbekistan to Russia", stopped at Kairak
                else:
                    chain.append(event.place)
            event = replace(event, route=stops(chain))
        elif (kind == "seizure" or kind == "arrest" and event.drugs) and event.place is not None \
                and event.place.resolved:
            # "ecstasy from the Netherlands", "heroin bound for Almaty", "detained while smuggling
            # 4 kg of hashish from Kyrgyzstan": a route through the site
            origin = origin_of(s0, s1, places, para.text, s0 + first.start, route_cues)
            bound = destination_of(s0, s1, places, para.text, route_cues)
            legs = [p for p in (origin, event.place, bound) if p is not None]
            legs = [p for i, p in enumerate(legs) if all(p.place_id != q.place_id for q in legs[:i])]
            if len(legs) >= 2:
                event = replace(event, route=stops(legs))
        events.append(event)
    return _seizure_of_arrest(events, ctx)


def _seizure_of_arrest(events: list[Event], ctx: _Context) -> list[Event]:
    """"Three men were detained while smuggling 10 kg of hashish", "arrested with 4 kg":
    the drugs a person was caught with were seized, so the arrest brings its seizure (the
    same incident), unless the sentence already tells a seizure."""
    if any(e.event_type in ("seizure", "lab_closure", "operation") for e in events):
        return events
    out = list(events)
    for event in events:
        if event.event_type != "arrest" or event.status != "reported":
            continue
        if any(d.kg for d in event.drugs):
            out.append(replace(event, event_type="seizure", counts=()))
            continue
        carried = _carried(ctx.sent.text, ctx.lex)
        if carried:  # "detained three men with a batch of hashish": no mass said
            out.append(replace(event, event_type="seizure", counts=(), drugs=carried))
    return out


def _carried(sentence: str, lex: Lexicon) -> tuple[Quantity, ...]:
    """The named drugs said right after "with a batch of" ("с партией"): what the people
    arrested carried."""
    caught_with = pack(lex.code).cues["caught_with"]
    names = [lex.substances[m.group(1).lower()] for m in lex.substance_re.finditer(sentence)
             if caught_with.search(sentence, max(0, m.start() - 40), m.start())]
    return _without_amount([n for n in dict.fromkeys(names) if n != "drugs"], lex)


class _Context:
    """What every event of one sentence shares, and how to fill its slots."""

    def __init__(self, doc, para, sent, index: ParagraphIndex, focus, para_operation, lang: str = "en"):
        self.doc, self.para, self.sent, self.index, self.focus = doc, para, sent, index, focus
        self.lang, self.lex = lang, lexicon(lang)
        self.s0 = sent.text_start
        self.s1 = sent.text_start + len(sent.text)
        self.spans = index.spans_in(self.s0, self.s1)  # this sentence's own, baselines left out
        self.places = index.places_in(self.s0, self.s1)
        self.agencies = agencies_in(sent.text, lang)
        self.countries = _countries(self.s0, self.s1, self.places)
        cues = pack(lang).cues
        mentioned = cues["operation_name"].search(sent.text)
        own = operation_name(mentioned) if mentioned else None
        refers = cues["operation_mention"].search(sent.text)
        self.operation = own or (para_operation if refers else None)
        # found once per sentence: several triggers of one sentence read the same amounts and dates
        self.amounts = [f for f in find_quantities(sent.text, lang) if not f.baseline]
        self._dates: dict[int, DateChoice] = {}
        self.inherited: Place | None = None
        self.scene: Place | None = None
        self.after_arrest = False  # "Police in Taraz detained five. Police seized 2 kilos ..."

    def date(self, at: int) -> DateChoice:
        if at not in self._dates:
            self._dates[at] = choose_date(at, self.s0, self.s1, self.index, self.doc.doc_date)
        return self._dates[at]

    def acting_countries(self) -> tuple[str, ...]:
        """The sentence's countries less those said to help, fund or send ("funded by the
        Government of Norway", "citizens of Tajikistan") and those of a force ("Russian border
        guards"): the language's not-a-site cues."""
        site = pack(self.lang).site
        kept = {p.country_code for p in self.places if p.country_code
                and not site["not_site_before"].search(self.para.text, max(self.s0, p.char_start - 40), p.char_start)
                and not site["force_after"].match(self.para.text, p.char_end)}
        return tuple(cc for cc in self.countries if cc in kept)

    def event(self, kind: str, at: int, *, drugs=(), counts=None, status="reported",
              route: list[Place] | None = None, place: Place | None = None, price=None,
              span: TimeSpan | None = None, within: tuple[int, int] | None = None) -> Event:
        when = DateChoice(span, "sentence", 1.0) if span is not None else self.date(at)
        lo, hi = within or (self.s0, self.s1)
        confidence = 0.9 * when.penalty
        if route:
            place_choice = None
        elif place is not None:
            place_choice = place
        else:
            place_choice, factor = choose_place(at, lo, hi, self.index.places_in(lo, hi), self.para.text,
                                                self.focus.country_code if self.focus else None,
                                                destination_is_site=kind in ("training", "program", "other"),
                                                index=self.index, cues=pack(self.lang).site)
            confidence *= factor
            if kind == "legislation" and place_choice is not None and place_choice.kind == "country":
                place_choice = self.focus or place_choice  # a law is the country's own
            follow_up = kind in _FOLLOW_UPS or (kind == "seizure" and self.after_arrest)
            if place_choice is None and follow_up and self.inherited is not None:
                # "The driver was arrested.": where the seizure before it happened
                place_choice, confidence = self.inherited, confidence * 0.8
            if (place_choice is None or place_choice.kind == "country") and kind in _SCENE_KINDS:
                # "Some 14 kilograms were confiscated from him.": where the paragraph or the
                # lead has set the scene, not the whole country
                scene = self.inherited if kind in _CARRIERS and self.inherited is not None else self.scene
                if scene is not None and (place_choice is None or place_choice.country_code == scene.country_code):
                    place_choice, confidence = scene, confidence * 0.75
            actors = self.acting_countries() if place_choice is None and kind in _STATE_ACTS else ()
            if len(actors) == 1 and (self.focus is None or actors[0] != self.focus.country_code):
                # "By Kyrgyz government decree, ...": the one country the sentence names
                # (not a donor's: "equipment funded by the Government of Norway")
                place_choice = country_point(actors[0])
                confidence *= 0.7
            if place_choice is None and self.focus is not None:
                place_choice, confidence = self.focus, confidence * 0.7
        counts = counts or {}
        operation = self.operation if kind in ("operation", "seizure", "arrest", "statistic", "route",
                                               "lab_closure", "sentencing") else None
        span = when.span
        return Event(
            event_type=kind, title="", doc_id=self.doc.doc_id, doc_date=self.doc.doc_date,
            paragraph=self.para.number, sentence=self.sent.text, char_start=self.sent.char_start,
            char_end=self.sent.char_end, span=span,
            date_precision=span.precision if span else "document", date_source=when.source,
            place=place_choice, route=stops(route) if route else (), drugs=tuple(drugs),
            counts=tuple(sorted(counts.items())), agencies=self.agencies, countries=self.countries,
            operation=operation, status=status, confidence=round(confidence, 3), price=price, lang=self.lang,
        )


def _resolve(triggers: list[Trigger], sentence: str, drugs: tuple[Quantity, ...],
             counts: dict[str, float], lex: Lexicon) -> list[Trigger]:
    """Drop what is not an event here and settle triggers that compete for one phrase."""
    kept = [t for t in triggers if t.status in ("reported", "planned")]
    if any(t.event_type in _PERSON_ACTS for t in kept) and pack(lex.code).cues["other_crime"].search(sentence) \
            and not drugs and not lex.substance_re.search(sentence):
        # "a group of carjackers has been arrested": another crime, no drug named
        kept = [t for t in kept if t.event_type not in _PERSON_ACTS]
    if any(t.event_type == "other" for t in kept) and pack(lex.code).cues["attendance"].search(sentence):
        kept = [t for t in kept if t.event_type != "other"]
    if any(t.status == "negated" and t.event_type == "lab_closure" for t in triggers):
        kept = [t for t in kept if t.event_type != "lab_closure"]
    out: list[Trigger] = []
    for t in kept:
        if t.event_type == "seizure" and not drugs and not _seized_substance(sentence, t, lex):
            continue
        if t.event_type == "price" and not find_money(sentence, lex.code):
            continue
        if t.event_type == "legislation" and any(
                o.event_type == "agreement" and o.start < t.end and t.start < o.end for o in kept):
            continue
        if t.event_type == "program" and any(o.event_type == "legislation" and o.start == t.start for o in kept):
            continue  # "implemented a series of reforms that moved the agency": the reform
        if t.event_type == "program" and (any(
                o.event_type == "training" and t.start <= o.start < t.end for o in kept)
                or re.search(r"\b(?:training|canine|academy)\b", t.text, re.I)):
            if not any(o.event_type == "training" and t.start <= o.start < t.end for o in kept):
                out.append(replace(t, event_type="training"))  # "open a canine center"
            continue
        if t.event_type == "operation" and any(
                o.event_type == "lab_closure" and o.start <= t.start < o.end for o in kept):
            continue
        out.append(t)
    return out


def operation_name(m: re.Match[str]) -> str:
    """'Operation "Kora Kuknor-2006"' -> 'Kora Kuknor-2006'; 'Operation Doping,' -> 'Doping'."""
    return next(name for name in m.groupdict().values() if name).strip(" ,.")


def _split_by_date(ctx: _Context, trigger: Trigger, sentence: str) -> list[Event]:
    """"seized 23 kilos of heroin in Khorog on April 11 and 4 kilos of opium at the
    Ishkashim bridge on April 19" is two seizures, each with its own date and site."""
    own = sorted((s for s in ctx.spans if ctx.s0 <= s.char_start < ctx.s1 and s.anchored
                  and s.precision == "day"), key=lambda s: s.char_start)
    amounts = ctx.amounts
    if len(own) < 2 or len(amounts) < 2 or own[0].char_start - ctx.s0 < trigger.start:
        return []
    # a run of the same date is one part: "... on 3 May, ... on 3 May" is not two seizures
    own = [s for i, s in enumerate(own) if i + 1 == len(own) or (own[i + 1].start, own[i + 1].end) != (s.start, s.end)]
    if len(own) < 2:
        return []
    cuts = [s.char_end - ctx.s0 for s in own[:-1]] + [len(sentence)]
    events, lo = [], trigger.start
    for span, hi in zip(own, cuts):
        group = tuple(f.quantity for f in amounts if lo <= f.start < hi)
        if group:
            at = ctx.s0 + next(f.start for f in amounts if lo <= f.start < hi)
            events.append(ctx.event("seizure", at, drugs=group, status=trigger.status, span=span,
                                    within=(ctx.s0 + lo, ctx.s0 + hi)))
        lo = hi
    return events if len(events) >= 2 else []


_SITED_ACTS = ("training", "program", "agreement", "other")
_OBJECT_REACH = 45  # characters from a seizure verb to the drug it took ("seized three sacks of dried poppy straw")


def _split_by_site(ctx: _Context, kind: str, trigger: Trigger) -> list[Event]:
    """"Courses were held on 1-3 October in Lahore and on 10-12 October in Peshawar": one
    event per date, each at the place its own part of the sentence names."""
    own = sorted((s for s in ctx.spans if s.anchored and s.char_start - ctx.s0 > trigger.start
                  and s.precision in ("day", "range", "week")), key=lambda s: s.char_start)
    if len(own) < 2 or len({(s.start, s.end) for s in own}) < len(own):
        return []
    cuts = [s.char_start for s in own[1:]] + [ctx.s1]
    events, lo = [], own[0].char_start
    for span, hi in zip(own, cuts):
        sites = [p for p in ctx.index.places_in(lo, hi) if p.resolved and p.kind in ("city", "crossing", "site")]
        if len(sites) != 1:
            return []
        events.append(ctx.event(kind, span.char_start, status=trigger.status, span=span, place=sites[0]))
        lo = hi
    return events


def _seized_substance(sentence: str, trigger: Trigger, lex: Lexicon) -> bool:
    """"seized some ecstasy", "heroin was seized": a seizure without an amount."""
    cues = pack(lex.code).cues
    for m in lex.substance_re.finditer(sentence):
        if lex.substances[m.group(1).lower()] == "drugs":
            continue
        if 0 <= m.start() - trigger.end <= _OBJECT_REACH and cues["seized_object"].search(sentence[trigger.start:m.start()]):
            return True
        if 0 <= trigger.start - m.end() <= 20 and cues["seized_subject"].search(sentence[m.end():trigger.start]):
            return True
    return bool(cues["drug_anaphor"].match(sentence, trigger.end, trigger.end + 60))


def _is_statistic(sentence: str, triggers: list[Trigger], counts, drugs, ctx: _Context) -> Trigger | None:
    """A tally over a period ("7,883 drug-related crimes during the first nine months"), or
    a cultivation or production figure ("poppy grows on 138,000 hectares")."""
    tallies = [t for t in triggers if t.event_type in ("seizure", "arrest", "operation", "sentencing")]
    if not (counts or drugs):
        return None
    cues = pack(ctx.lang).cues
    production = cues["production"].search(sentence) if not triggers and drugs else None
    if production:
        m = production
        return Trigger("statistic", m.start(), m.end(), m.group(0), "reported")
    if cues["statistic"].search(sentence):
        return tallies[0] if tallies else Trigger("statistic", 0, 0, "", "reported")
    own = [s for s in ctx.spans if ctx.s0 <= s.char_start < ctx.s1 and s.anchored
           and not _OF_OPERATION.match(ctx.para.text, s.char_end)]  # "this year's operation"
    long_period = any((s.end - s.start).days > _AGGREGATE_DAYS for s in own)
    many = any(v >= 2 for k, v in counts.items() if k in ("controlled_deliveries", "crimes", "criminal_cases")) \
        or any(v >= 50 for k, v in counts.items() if k in ("arrested", "detained"))
    if cues["total"].search(sentence):
        # "a total of 1.2 tons were seized in 2009" sums a period; "a total of 12 kg in 53
        # bottles were seized" from one truck is one seizure
        when = ctx.date(ctx.s0 + tallies[0].start) if tallies else None
        over_period = long_period or (when is not None and when.span is not None and when.source != "document"
                                      and when.span.anchored and (when.span.end - when.span.start).days > _AGGREGATE_DAYS)
        if not tallies or many or over_period:
            return tallies[0] if tallies else Trigger("statistic", 0, 0, "", "reported")
    if tallies and long_period and (many or len(drugs) >= 2):
        return tallies[0]
    if tallies and long_period and drugs and not cues["one_incident"].search(sentence) and not any(
            p.geo_precision in ("site", "city", "region", "border") and not is_adjective(p)
            for p in ctx.places):
        # "Nationwide, some 1.2 tons of heroin were seized in 2009", "3.5 tons seized in Russia
        # in 2014": an amount over a long period with no site is a total, not one seizure
        return tallies[0]
    seizing = [t for t in tallies if t.event_type == "seizure"]
    if seizing and drugs and cues["summed_acts"].search(sentence) and not cues["one_incident"].search(sentence):
        return seizing[0]  # "2 tons seized in joint raids", "in Talas and Chui regions"
    if seizing and len(drugs) >= 2 and not cues["one_incident"].search(sentence):
        # "police seized 48.763 kilos of drugs, including ..." over a period said before it;
        # "from the detainees they seized 100 kg of hashish and 50 kg of opium" is one incident
        # ... but the report's own year, when the text names no period, makes no tally of a
        # sentence that does not say it sums ("12 bags held heroin and 3 held hashish")
        when = ctx.date(ctx.s0 + seizing[0].start)
        span = when.span
        if span is not None and span.anchored and (span.end - span.start).days > _AGGREGATE_DAYS \
                and (when.source != "document" or cues["many_acts"].search(sentence)
                     or cues["summed_acts"].search(sentence)):
            return seizing[0]
    return None


def _clusters(triggers: list[Trigger], ctx: _Context) -> Iterable[list[Trigger]]:
    """One event per type per date: "signed ... Protocol ... on August 29 ... and the sixth
    Protocol on September 29" gives two agreements; "seized ... were seized" one seizure."""
    by_type: dict[str, list[tuple[tuple | None, list[Trigger]]]] = {}
    for t in triggers:
        groups = by_type.setdefault(t.event_type, [])
        span = ctx.date(ctx.s0 + t.start).span
        # the same interval said twice ("on 3 May ... on 3 May") is one date
        date = (span.start, span.end, span.precision) if span is not None else None
        if groups and groups[-1][0] == date and groups[-1][1][0].status == t.status:
            groups[-1][1].append(t)
        else:
            groups.append((date, [t]))
    ordered = [g for groups in by_type.values() for _, g in groups]
    return sorted(ordered, key=lambda g: g[0].start)


def _price_events(ctx: _Context, trigger: Trigger, earlier: list[Event]) -> list[Event]:
    """One event per price stated: "$600 for a kilo of marijuana, $5,000 for hashish";
    "$25 to $30" is a range, "up from last year's $250" the previous value."""
    text = ctx.sent.text
    cues = pack(ctx.lang).cues
    money = [m for m in find_money(text, ctx.lang)
             # "paid $8,000 to transport it" is a fee; "paid $5,500 per kilo" is a price
             if not (_PAID.search(text[max(0, m.start - 40): m.start]) and not _PER_UNIT.match(text[m.end:]))
             # "4,500 tenge (about $30)": the gloss in another currency is not a second price
             and not _GLOSS.match(text[max(0, m.start - 16): m.start].rsplit(")", 1)[-1][-16:])
             # "drugs worth $9.5 million": what a seizure is worth is no price, unless per unit
             and not (cues["total_value"].search(text[max(0, m.start - 100): m.start])
                      and not _PER_UNIT.match(text[m.end:]) and not cues["unit_priced"].search(text))]
    events = []
    used: set[int] = set()
    for i, m in enumerate(money):
        if i in used:
            continue
        nxt = money[i + 1] if i + 1 < len(money) else None
        paired = nxt is not None and _PAIR.fullmatch(text[m.end:nxt.start])
        if m.baseline and not paired:
            continue
        price: dict = {"amount": m.amount, "currency": m.currency}
        if paired:
            used.add(i + 1)
            if _CHANGE.search(text[max(0, m.start - 30): m.start]):  # "rose from $250 to $400"
                price = {"amount": nxt.amount, "currency": nxt.currency, "previous": m.amount}
            else:
                price["amount_max"] = nxt.amount
        drug = _nearest_substance(text, m.start, m.end, ctx.lex) or _context_substance(earlier, ctx.para.number)
        unit = _nearest(_PRICE_UNIT, text, m.start, m.end)
        price.update({"unit": _unit_name(unit) if unit else None, "substance": drug})
        later = [b for b in money[i + 1:] if b.baseline and money.index(b) not in used]
        if "previous" not in price and later:
            price["previous"] = later[0].amount
            used.add(money.index(later[0]))
        own_place, _ = choose_place(ctx.s0 + m.start, ctx.s0, ctx.s1, ctx.places, ctx.para.text,
                                    ctx.focus.country_code if ctx.focus else None, index=ctx.index,
                                    cues=pack(ctx.lang).site)
        drugs = (Quantity(drug, None, price["unit"] or "", None, drug_class=ctx.lex.substance_class.get(drug)),) if drug else ()
        events.append(ctx.event("price", ctx.s0 + m.start, drugs=drugs, price=price,
                                place=own_place or ctx.inherited))
    return events


def _context_substance(earlier: list[Event], paragraph: int) -> str | None:
    """'The price of one pill was ...' speaks of the drug of the event before it."""
    for event in reversed(earlier):
        if event.paragraph == paragraph and event.drugs:
            return event.drugs[0].substance
    return None


def _nearest_substance(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    after = lex.substance_re.search(text, end, min(len(text), end + 40))
    if after and not re.search(r"\$|\d", text[end:after.start()]):
        return lex.substances[after.group(1).lower()]
    before = [m for m in lex.substance_re.finditer(text, 0, start)]
    return lex.substances[before[-1].group(1).lower()] if before else None


def _nearest(pattern: re.Pattern[str], text: str, start: int, end: int) -> str | None:
    hits = list(pattern.finditer(text))
    if not hits:
        return None
    return min(hits, key=lambda h: min(abs(h.start() - end), abs(start - h.end()))).group(1)


def _unit_name(unit: str) -> str:
    unit = unit.lower()
    return {"kilogram": "kilo", "kg": "kilo", "g": "gram", "gramme": "gram"}.get(unit, unit)


def _named(text: str, lex: Lexicon) -> list[str]:
    """The drugs ``text`` names by a word of their own ("heroin", not "drugs"), canonical, in order."""
    return [name for name in (lex.substances[m.group(1).lower()] for m in lex.substance_re.finditer(text))
            if name not in _UNNAMED]


def _without_amount(names: Iterable[str], lex: Lexicon) -> tuple[Quantity, ...]:
    return tuple(Quantity(n, None, "", None, drug_class=lex.substance_class.get(n)) for n in names)


def _identified_next(doc: Document, para: Paragraph, sent: Sentence, lex: Lexicon) -> tuple[Quantity, ...]:
    """The drugs, with their masses, that the sentence after ``sent`` (in its paragraph, or
    the next paragraph's first) says an unnamed substance was: "... it was heroin, 2.5 kg"."""
    later = [s for s in para.sentences if s.text_start > sent.text_start][:1]
    if not later:
        position = next((i for i, p in enumerate(doc.paragraphs) if p is para), None)
        if position is not None and position + 1 < len(doc.paragraphs):
            later = list(doc.paragraphs[position + 1].sentences[:1])
    if not later or not pack(lex.code).cues["identified_as"].search(later[0].text):
        return ()
    text = later[0].text
    masses = tuple(f.quantity for f in find_quantities(text, lex.code) if f.quantity.substance != "drugs")
    return masses or tuple(q for q in _substances(text, lex) if q.substance != "drugs")


def _substances(text: str, lex: Lexicon) -> tuple[Quantity, ...]:
    return _without_amount(dict.fromkeys(_named(text, lex)), lex)


def _named_as(masses: tuple[Quantity, ...], named: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Masses stated after the seizure that named the drug: an unnamed mass ("the cargo
    weighed 71 kg") is of the one drug named before."""
    if len(named) == 1:
        return tuple(replace(q, substance=named[0].substance, drug_class=named[0].drug_class)
                     if q.substance == "drugs" else q for q in masses)
    return masses


def _countries(s0: int, s1: int, places: list[Place]) -> tuple[str, ...]:
    codes: list[str] = []
    for p in places:
        if s0 <= p.char_start < s1 and p.country_code and p.country_code not in codes:
            if p.kind == "country" or is_adjective(p):
                codes.append(p.country_code)
    return tuple(codes)


def _merge_operations(events: list[Event]) -> list[Event]:
    """An unnamed 'broke up ...' and the named operation it speaks of are one event."""
    out: list[Event] = []
    operations: list[int] = []  # positions in out of the operations kept (few, even when events are many)
    for event in events:
        at = None
        if event.event_type == "operation":
            at = next((i for i in operations if (out[i].operation == event.operation or not out[i].operation
                                                  or not event.operation)
                       and out[i].paragraph == event.paragraph), None)
        if at is None:
            if event.event_type == "operation":
                operations.append(len(out))
            out.append(event)
            continue
        twin = out[at]
        out[at] = replace(twin, operation=twin.operation or event.operation,
                          countries=tuple(dict.fromkeys(twin.countries + event.countries)),
                          agencies=tuple(dict.fromkeys(twin.agencies + event.agencies)),
                          counts=tuple(sorted({**dict(event.counts), **dict(twin.counts)}.items())))
    return out


def _merge_repeats(events: list[Event]) -> list[Event]:
    """A paragraph that speaks of one training course or programme in three sentences
    describes one event: same type, date and place in one paragraph are merged."""
    out: list[Event] = []
    seen: dict[tuple, int] = {}
    for event in events:
        if event.event_type not in ("training", "program"):
            out.append(event)
            continue
        key = (event.event_type, event.start, event.end, event.place.place_id if event.place else None,
               event.status)
        if key in seen:
            kept = out[seen[key]]
            out[seen[key]] = replace(kept, agencies=tuple(dict.fromkeys(kept.agencies + event.agencies)),
                                     countries=tuple(dict.fromkeys(kept.countries + event.countries)))
            continue
        seen[key] = len(out)
        out.append(event)
    return out
