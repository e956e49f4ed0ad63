"""Context rules of the genre: what a name next to other words is (or is not).

Each rule looks only at the few characters around a match: titles before people's names,
"Operation" before code names, venue nouns after club names, kind words ("region",
"checkpoint"), distributive lists ("in A, B, and C regions"), border compounds
("Kazakhstani-Russian border") and demonyms of origin ("Afghan heroin").  Qualifiers
("Artesia, New Mexico") and unknown names are in geoevents.places.qualify.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geoevents.gazetteer import Entry, Gazetteer, Match, name_key
from geoevents.places.scan import RawMatch, Token

TITLES = re.compile(
    r"\b(President|Mr|Mrs|Ms|Dr|General|Gen|Colonel|Col|Major|Maj|Minister|Senator|Ambassador|"
    r"Judge|Deputy|Chairman|Director|Sergeant|Sgt|Captain|Capt|Lieutenant|Lt|Prime Minister|"
    r"King|Queen|Prince|Sheikh|Mullah|Commander|Governor|Mayor|Akim|Professor|Prof|Officer|"
    r"Secretary|Agent|Inspector|Chief|Counselor|Consul|Attorney|Prosecutor|Spokesman|Spokeswoman|"
    r"Charge|Chargé)\.?\s+(?:[A-Z][a-z]+\s+|[A-Z]\.\s*){0,2}$")  # "Assistant Secretary Anne Patterson"
# "Patterson said": a speaker, not a place (a country may speak: "Kazakhstan said" stays)
SPEAKER_AFTER = re.compile(r"^,?\s+(?:said|says|told|added|noted|stated|explained|stressed)\b")
OPERATION_BEFORE = re.compile(r"\b(?:[Oo]peration|[Oo]perations|[Cc]ode-?named|[Cc]odename)\s+[\"“”'‘]?$")
QUOTED_UNIT_AFTER = re.compile(
    r"^[\"”’']?\s*(?:\([^)]{0,40}\)\s*)?(?:interstate\s+|joint\s+|annual\s+|special\s+)?"
    r"(?:unit|units|operation|operations|program|programme|campaign|project|exercise|group|"
    r"squad|team|brigade|detachment)\b", re.IGNORECASE)
VENUE_AFTER = re.compile(
    r"^\s+(?:night\s*club|nightclub|club|bar|pub|restaurant|cafe|café|hotel|casino|disco|"
    r"discotheque|sauna|shop|store|supermarket|mall|market|bazaar|company|corporation|ltd|llc|"
    r"street|avenue|prospekt|prospect|boulevard|lane|university|college|school|hospital|"
    r"clinic|cinema|gym|plaza|brand|cigarettes)\b", re.IGNORECASE)
ROUTE_AFTER = re.compile(r"^\s+(?:route|routes|corridor)\b")  # "the Balkan route" is a route name
# "Russian-language", "a handbook in Russian translation": a language, not a place
LANGUAGE_AFTER = re.compile(r"^[\s-]+(?:language|speaking|speakers|translations?|translated|versions?|"
                            r"interpreters?|textbooks?|dictionar(?:y|ies)|subtitles)\b", re.IGNORECASE)
REGION_AFTER = re.compile(
    r"^\s+(?:region|oblast|oblys|province|district|rayon|raion|velayat|viloyat|governorate|"
    r"autonomous\s+region)\b", re.IGNORECASE)
REGIONS_AFTER = re.compile(
    r"^\s+(?:regions|oblasts|provinces|districts|rayons|viloyats)\b", re.IGNORECASE)
CROSSING_AFTER = re.compile(
    r"^\s+(?:border\s+)?(?:checkpoint|check-point|checkpoints|crossing|crossing\s+point|post|"
    r"customs\s+post|bridge|pass|(?:international\s+)?airport)\b", re.IGNORECASE)
FEATURE_AFTER = re.compile(r"^\s+(?:valley|sands|desert|river|lake|mountains)\b", re.IGNORECASE)
BORDER_AFTER = re.compile(r"^\s*(?:border|borders|frontier|boundary)\b", re.IGNORECASE)
LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
QUALIFIER_GAP = re.compile(r",\s*|\s*\(\s*")
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|outside|via|through|into|of)\s+(?:the\s+)?$", re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"\bborders?\s+between\s+(?:the\s+)?$", re.IGNORECASE)
WITH_BEFORE = re.compile(r"\bborders?\s+with\s+(?:the\s+)?$|\bграниц\w*\s+со?\s+$", re.IGNORECASE)
AND_GAP = re.compile(r"\s+and\s+(?:the\s+)?")
DRUG_AFTER = re.compile(
    r"^[\s-]+(?:origin\s+|grown\s+|produced\s+|made\s+)?(?:heroin|opium|opiates?|hashish|"
    r"cannabis|marijuana|marihuana|cocaine|drugs|narcotics|precursors?|production|poppy|"
    r"poppies|methamphetamine|amphetamines?|ephedra|hemp|morphine|traffickers)\b",
    re.IGNORECASE)
OF_ORIGIN_AFTER = re.compile(r"^\s+origin\b", re.IGNORECASE)
OF_BEFORE = re.compile(r"\bof\s+$", re.IGNORECASE)
# Words that start sentences but are not places even when a village bears the name.
COMMON_WORDS = frozenset(
    "oral chu most many some over such during since despite according based currently "
    "additionally however also police customs border union center centre mobile reading "
    "split nice bath march may august".split())
UNKNOWN_STOP = frozenset(
    "The A An This That These Those Ministry Committee Agency Service Center Centre Office "
    "Embassy Department Institute Academy University Police Customs Border Guard Court "
    "Government Parliament President Law Code Article Convention Program Programme "
    "Operation January February March April May June July August September October "
    "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


@dataclass(frozen=True, slots=True)
class Mention:
    """A place mention before resolution: its span, what its name can mean, and hints."""

    start: int
    end: int
    matches: tuple[Match, ...] = ()
    hint: str | None = None  # region | crossing | feature
    qualifier: Entry | None = None  # a country, region or macro-region the place lies in
    fixed: Entry | None = None  # decided by a rule (a border line)
    role: str | None = None  # origin (for "Afghan heroin")
    unknown_name: str | None = None  # a place-like name the gazetteer does not know
    form: str = "name"  # name | alt | demonym (best form among matches)


# a given name before a surname of the region ("Zafar Rahimov, a spokesman"): a person
SURNAME_AFTER = re.compile(
    r"^\s+(?:[A-Z][a-z]+(?:ov|ev|yev|ova|eva|yeva|in|ina|zoda|zade|enko|uly|kyzy|ovich|evich|bekov|bekova)"
    r"|[А-ЯЁ][а-яё]+(?:ов|ев|ова|ева|ин|ина|зода|заде|енко|улы|кызы|ович|евич))\b")


def _excluded(text: str, raw: RawMatch, tokens: list[Token]) -> bool:
    before = text[max(0, raw.start - 40):raw.start]
    after = text[raw.end:raw.end + 40]
    if TITLES.search(before) or OPERATION_BEFORE.search(before):
        return True
    if after[:1] == "$":  # "US$1,800": a currency
        return True
    if raw.first == raw.last and SURNAME_AFTER.match(after) and not any(
            m.entry.kind in ("country", "macro") for m in raw.matches):
        return True
    if SPEAKER_AFTER.match(after) and not any(m.entry.kind in ("country", "macro") for m in raw.matches):
        return True
    if before.rstrip().endswith(("\"", "“", "'", "‘")) and QUOTED_UNIT_AFTER.match(after):
        return True
    if VENUE_AFTER.match(after) and not any(m.entry.kind == "country" and m.form == "name"
                                            for m in raw.matches):
        return True
    if ROUTE_AFTER.match(after) and not any(m.entry.kind == "country" for m in raw.matches):
        return True
    if LANGUAGE_AFTER.match(after) or (raw.first == raw.last and after[:1] == "-"
                                       and after[1:2].isdigit()):
        return True  # "Russian-language", "Kanal-2008"
    if raw.first == raw.last and sentence_initial(text, raw.start):
        return tokens[raw.first].text.lower() in COMMON_WORDS
    return False


def sentence_initial(text: str, pos: int) -> bool:
    """Only spaces, quotes or an opening bracket since the last sentence end (or the start)."""
    lo = max(0, pos - 64)  # a bounded look back: a long run-on text must not cost O(n) per name
    head = text[lo:pos].rstrip(" \"“(‘'")
    if not head and lo:
        head = text[:pos].rstrip(" \"“(‘'")
    return not head or head[-1] in ".!?:;"


def best_form(matches: tuple[Match, ...]) -> str:
    forms = {m.form for m in matches}
    return "name" if "name" in forms else ("demonym" if "demonym" in forms else "alt")


def _countries(gaz: Gazetteer, word: str) -> list[Entry]:
    return [m.entry for m in gaz.matches(name_key(word)) if m.entry.kind == "country"]


def _compound(text: str, tok: Token, gaz: Gazetteer) -> list[Mention]:
    """"Kazakhstani-Russian border" -> the border line; "Kazakh-Chinese" -> two countries."""
    parts = tok.text.split("-")
    if len(parts) != 2:
        return []
    a, b = _countries(gaz, parts[0]), _countries(gaz, parts[1])
    if not a or not b:
        return []
    after = text[tok.end:tok.end + 20]
    m = BORDER_AFTER.match(after)
    if m:
        line = gaz.border(a[0].country_code, b[0].country_code)
        if line is not None:
            return [Mention(tok.start, tok.end + m.end(), fixed=line, form="name")]
    mid = tok.start + len(parts[0])
    return [Mention(tok.start, mid, tuple(gaz.matches(name_key(parts[0]))),
                    form=best_form(tuple(gaz.matches(name_key(parts[0]))))),
            Mention(mid + 1, tok.end, tuple(gaz.matches(name_key(parts[1]))),
                    form=best_form(tuple(gaz.matches(name_key(parts[1])))))]


def initial_mentions(text: str, tokens: list[Token], raws: list[RawMatch],
                     gaz: Gazetteer) -> list[Mention]:
    """Raw matches minus the excluded ones, plus hyphenated country compounds."""
    covered = set()
    out: list[Mention] = []
    for raw in raws:
        covered.update(range(raw.first, raw.last + 1))
        if not _excluded(text, raw, tokens):
            out.append(Mention(raw.start, raw.end, raw.matches, form=best_form(raw.matches)))
    for i, tok in enumerate(tokens):
        if i not in covered and "-" in tok.text and tok.capitalized:
            out.extend(_compound(text, tok, gaz))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def apply_hints(text: str, mentions: list[Mention]) -> list[Mention]:
    """Kind words after a name, and distributive lists ending in "regions"."""
    out = list(mentions)
    for k, m in enumerate(out):
        after = text[m.end:m.end + 40]
        if REGION_AFTER.match(after):
            out[k] = replace(m, hint="region")
        elif CROSSING_AFTER.match(after):
            out[k] = replace(m, hint="crossing")
        elif FEATURE_AFTER.match(after):
            out[k] = replace(m, hint="feature")
        elif REGIONS_AFTER.match(after):
            out[k] = replace(m, hint="region")
            j = k
            while j > 0 and LIST_GAP.fullmatch(text[out[j - 1].end:out[j].start]):
                out[j - 1] = replace(out[j - 1], hint="region")
                j -= 1
    return out


def apply_borders(text: str, mentions: list[Mention], gaz: Gazetteer,
                  focus: tuple[str, ...]) -> list[Mention]:
    """"border between A and B", "border with B" and "the Afghan border" -> border lines."""
    out: list[Mention] = []
    skip = -1
    for k, m in enumerate(mentions):
        if k <= skip:
            continue
        cc = _country_of(m)
        before = text[max(0, m.start - 40):m.start]
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        between = BETWEEN_BEFORE.search(before)
        if cc and between and nxt and _country_of(nxt) and AND_GAP.fullmatch(text[m.end:nxt.start]):
            line = gaz.border(cc, _country_of(nxt))
            if line is not None:
                out.append(Mention(m.start - len(before) + between.start(), nxt.end, fixed=line))
                skip = k + 1
                continue
        with_ = WITH_BEFORE.search(before)
        after = BORDER_AFTER.match(text[m.end:m.end + 20])
        if cc and focus and cc != focus[0] and (with_ or (after and m.form == "demonym")):
            line = gaz.border(focus[0], cc)
            if line is not None:
                start = m.start - len(before) + with_.start() if with_ else m.start
                end = m.end + after.end() if (after and not with_) else m.end
                out.append(Mention(start, end, fixed=line))
                continue
        out.append(m)
    return out


def _country_of(m: Mention) -> str | None:
    if m.fixed is not None:
        return None
    codes = {x.entry.country_code for x in m.matches if x.entry.kind == "country"}
    return codes.pop() if len(codes) == 1 else None


def apply_roles(text: str, mentions: list[Mention]) -> list[Mention]:
    """Demonyms before drug words ("Afghan heroin") or in "of Afghan origin" mark an origin."""
    out = []
    for m in mentions:
        if m.form == "demonym" and m.fixed is None:
            after = text[m.end:m.end + 40]
            before = text[max(0, m.start - 5):m.start]
            if DRUG_AFTER.match(after) or (OF_BEFORE.search(before) and OF_ORIGIN_AFTER.match(after)):
                m = replace(m, role="origin")
        out.append(m)
    return out
