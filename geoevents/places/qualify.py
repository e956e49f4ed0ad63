"""Qualifiers ("Artesia, New Mexico", "Pavlodar (Northern Kazakhstan)") and place-like
names the gazetteer does not know ("in Bad Kreuzen, Austria")."""
from __future__ import annotations

import re
from dataclasses import replace

from geoevents.gazetteer import Entry, Gazetteer
from geoevents.places.context import (
    LOCATIVE_BEFORE, QUALIFIER_GAP, UNKNOWN_STOP, VENUE_AFTER, Mention, sentence_initial,
)
from geoevents.places.scan import Token


def _region_like(m: Mention) -> list[Entry]:
    """Entries a qualifier can be: countries, regions and their districts, macro-regions of a country."""
    return [x.entry for x in m.matches
            if x.entry.kind in ("country", "region", "district") or (x.entry.kind == "macro" and x.entry.country_code)]


def apply_qualifiers(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Artesia, New Mexico" and "Pavlodar (Northern Kazakhstan)": the second narrows the first."""
    out: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        gap = text[m.end:nxt.start] if nxt else ""
        if nxt and m.fixed is None and m.matches and _DISTRICT_GAP.fullmatch(gap):
            regions = [x.entry for x in nxt.matches if x.entry.kind == "region"]
            if regions:
                # "in Kang district of Nimroz province": the district is where the region says,
                # never a same-named place elsewhere; one the gazetteer lacks is the region's
                region = regions[0]
                inside = tuple(x for x in m.matches if x.entry.country_code == region.country_code
                               and x.entry.admin1_code == region.admin1_code and x.entry.idx != region.idx)
                out.append(replace(m, matches=inside, end=nxt.end, qualifier=region) if inside else
                           Mention(m.start, nxt.end, qualifier=region, unknown_name=text[m.start:m.end]))
                k += 2
                continue
        if nxt and m.fixed is None and QUALIFIER_GAP.fullmatch(gap) and not nxt.hint:
            qual = _pick_qualifier(m, nxt)
            if qual is not None:
                end = nxt.end
                if "(" in gap:
                    close = re.match(r"\s*\)", text[end:end + 3])
                    if not close:
                        out.append(m)
                        k += 1
                        continue
                    end += close.end()
                out.append(replace(m, end=end, qualifier=qual))
                k += 2
                continue
        out.append(m)
        k += 1
    return out


def _pick_qualifier(m: Mention, q: Mention) -> Entry | None:
    if any(x.entry.kind == "country" for x in m.matches) or not m.matches:
        return None
    # "Sary-Tash, Osh and Bishkek" is a list: a name that is mainly a city is no qualifier
    city_named = {x.entry.country_code for x in q.matches if x.entry.kind == "city"
                  and x.form == "name" and x.entry.population >= 10_000}
    for qual in _region_like(q):
        if qual.kind == "region" and qual.country_code in city_named:
            continue
        for x in m.matches:
            e = x.entry
            if e.idx == qual.idx or e.kind in ("country", "macro"):
                continue
            if e.country_code != qual.country_code:
                continue
            if qual.kind == "region" and e.admin1_code != qual.admin1_code:
                continue
            return qual
    return None


# "the Chon-Alai district of the Osh region": the words between a district and its region
_DISTRICT_GAP = re.compile(r"\s+(?:district|rayon|raion|village|settlement|area)\s+(?:of|in)\s+(?:the\s+)?", re.I)
_DISTRICT_OF = re.compile(_DISTRICT_GAP.pattern + "$", re.I)


def unknown_qualified(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """"in Bad Kreuzen, Austria": an unknown capitalised name qualified by a known country."""
    extra: list[Mention] = []
    ends = {t.end: i for i, t in enumerate(tokens)}
    for m in mentions:
        if m.fixed is not None or not m.matches:
            continue
        head = text[max(0, m.start - 80):m.start]
        countries = [x.entry for x in m.matches if x.entry.kind == "country" and x.form == "name"]
        # "in the Chon-Alai district of the Osh region": a district known only by its region
        district = _DISTRICT_OF.search(head)
        regions = [x.entry for x in m.matches if x.entry.kind == "region"]
        if district and regions:
            countries = regions[:1]
            g = district
        elif not countries:
            continue
        else:
            g = re.search(r"(?:,\s*|\s*\(\s*)$", head)
        if not g:
            continue
        name_end = m.start - len(g.group())
        span = _capitalised_run(text, tokens, ends, name_end)
        if span is None:
            continue
        start, name = span
        if any(o.start <= start < o.end or start <= o.start < name_end for o in mentions):
            continue
        end = m.end
        if "(" in g.group():
            close = re.match(r"\s*\)", text[end:end + 3])
            if not close:
                continue
            end += close.end()
        extra.append(Mention(start, end, qualifier=countries[0], unknown_name=name))
    return extra


def _capitalised_run(text: str, tokens: list[Token], ends: dict[int, int],
                     end: int) -> tuple[int, str] | None:
    """The 1-3 capitalised tokens ending at ``end`` after a locative preposition."""
    if end not in ends:
        return None
    j = ends[end]
    i = j
    while i >= 0 and j - i < 3 and tokens[i].capitalized and tokens[i].text not in UNKNOWN_STOP:
        if i < j and not re.fullmatch(r"[ \t]", text[tokens[i].end:tokens[i + 1].start]):
            break
        i -= 1
    first = i + 1
    if first > j or tokens[first].all_caps:
        return None
    if not LOCATIVE_BEFORE.search(text[max(0, tokens[first].start - 20):tokens[first].start]):
        return None
    return tokens[first].start, text[tokens[first].start:end]


def unknown_locatives(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """Capitalised names after "in/at/near/from/to" that the gazetteer does not know (for a geocoder)."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for i, tok in enumerate(tokens):
        if not tok.capitalized or tok.all_caps or tok.text in UNKNOWN_STOP:
            continue
        if any(s <= tok.start < e for s, e in taken):
            continue
        if not LOCATIVE_BEFORE.search(text[max(0, tok.start - 20):tok.start]):
            continue
        if sentence_initial(text, tok.start):
            continue
        j = i
        while (j + 1 < len(tokens) and j - i < 2 and tokens[j + 1].capitalized
               and tokens[j + 1].text not in UNKNOWN_STOP
               and re.fullmatch(r"[ \t]", text[tokens[j].end:tokens[j + 1].start])
               and not any(s <= tokens[j + 1].start < e for s, e in taken)):
            j += 1
        after = text[tokens[j].end:tokens[j].end + 20]
        if VENUE_AFTER.match(after) or re.match(r"^\s+[A-Z]", after):
            continue
        out.append(Mention(tok.start, tokens[j].end, unknown_name=text[tok.start:tokens[j].end]))
    return out
