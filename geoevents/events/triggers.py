"""Event triggers of the genre, and the status (reported, planned, negated) of each."""
from __future__ import annotations

import re
from dataclasses import dataclass

_LAB = r"(?:lab|labs|laborator(?:y|ies)|kitchens?)"
_AGREEMENT_NOUN = (r"(?:protocols?|agreements?|memorand(?:um|a)(?: of understanding)?|MOUs?|conventions?|"
                   r"treat(?:y|ies)|letters? of agreement|LOAs?|accords?)")
_LAW_NOUN = r"(?:laws?|decrees?|amendments?|resolutions?|bills?|legislation|codes?|regulations?|orders?)"
_PROGRAM_NOUN = (r"(?:programs?|programmes?|units?|offices?|project|strategy|campaigns?|clubs|sections?|"
                 r"registers?|task force|department|commission|agency|hotlines?|cent(?:er|re)s?)")
_TRAINING_NOUN = r"(?:training|courses?|seminars?|workshops?|instructors?|academy|canine|dogs)"

_TRIGGER_SOURCES: tuple[tuple[str, str], ...] = (
    ("lab_closure", rf"\b(?:clos|dismantl|liquidat|destroy|discover|uncover|shut|neutraliz|raid|found\b|find)\w*(?:\s+down)?\s+(?:\w+\s+){{0,3}}?{_LAB}\b"),
    ("lab_closure", rf"\b{_LAB}\b[^.;]{{0,40}}\b(?:was|were)\s+(?:closed|dismantled|liquidated|destroyed|discovered|shut down)\b"),
    ("seizure", r"\b(?:seiz(?:ed|es|ing|ures?)|confiscat(?:ed|ion|ions|ing)|intercept(?:ed|ion|ions)|impounded)\b"),
    # "found 43 kilos of heroin in the fuel tank": finding an amount is seizing it
    ("seizure", r"\b(?:found|discovered|uncovered|detected|recovered)\s+(?=(?:over\s+|more than\s+|about\s+|some\s+)?[\d][\d,.]*\s*(?:-\s*)?(?:kilo|kg|gram|ton|metric|dose|pill|tablet|ampoule|pound))"),
    ("arrest", r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|ing)?|detention|apprehend(?:ed|ing)?|taken into custody)\b"),
    ("sentencing", r"\b(?:sentenced|convicted|sentences? of \w+ (?:to \w+ )?years|found guilty|"
                   r"(?:handed|given|received|got) (?:a |an )?(?:[\w-]+[ -]years?[ -])?(?:prison |jail )?(?:sentences?|terms?))\b"),
    ("operation", r"\boperation\s+[\"\u201c]?(?-i:[A-Z])[\w-]+"),
    ("operation", r"\b[\"\u201c]?[A-Z][\w]*-\d{4}[\"\u201d]?\s+(?:\([^)]{1,40}\)\s+)?(?:[a-z-]+\s+){0,2}operation\b"),
    ("operation", r"\b(?:controlled deliver(?:y|ies)|joint operations?|special operations?|raids?|broke up|crushed|busted|dismantled)\b"),
    ("price", r"\b(?:prices?|sells? for|sold for|costs?|ranges? from|street value|fetch(?:ed|es)?|went for)\b"),
    ("price", r"\b(?:for|per)\s+(?:a|one|each)?\s*(?:kilo(?:gram)?|gram|pill|tablet|dose)\b"),
    ("price", r"\b(?:a|one)\s+(?:kilo(?:gram)?|gram|pill|tablet|dose)\s+of\s+\w+(?:\s+\w+)?\s+(?:is|was|costs?|sells?|ranges?)\b"),
    # "$3,000 a kilo", "4,500 tenge per gram"
    ("price", r"(?:[$\u20ac\u00a3]\s?\d[\d,.]*|\b\d[\d,.]*\s+(?:tenge|rubles|roubles|som|somoni|sums?|euros?|dollars))"
              r"\s+(?:a|per|each)\s+(?:kilo(?:gram)?|kg|gram|pill|tablet|dose)\b"),
    ("agreement", r"\b(?:ratif(?:ied|ication|ies|y)|acceded|accession|agreed(?:\s+[\w-]+){0,3}?\s+(?:to|on)|reached an agreement)\b"),
    # "The Mejlis ratified it on November 6, and the Uzbek parliament did the same six days later"
    ("agreement", r"\b(?:did the same|followed suit)\b(?=.*)"),
    ("agreement", rf"\bsign(?:s|ed|ing)?\b[^.;]{{0,80}}?\b{_AGREEMENT_NOUN}\b"),
    ("agreement", rf"\b{_AGREEMENT_NOUN}\b[^.;]{{0,120}}?\b(?:was|were|is|are|be)\s+signed\b"),
    # each named instrument of a signing sentence: "signed the seventh Protocol on August 29
    # ... and the sixth Protocol on September 29" is two agreements
    ("agreement", r"(?-i:\b(?:Supplementary Protocol|Protocol|Memorandum of Understanding|Letter of Agreement|Agreement|Treaty)\b)(?=[^.]*?)"),
    ("legislation", rf"\b(?:sign(?:ed|ing)|adopt(?:ed|ing)|pass(?:ed|ing)|approv(?:ed|ing)|enact(?:ed|ing)|issu(?:ed|ing)|introduc(?:ed|ing))\b[^.;]{{0,60}}?\b{_LAW_NOUN}\b"),
    ("legislation", rf"\b{_LAW_NOUN}\b[^.;]{{0,60}}?\b(?:signed|adopted|passed|enacted|issued|came into force|entered into force|took effect)\b"),
    ("program", rf"\b(?:launch(?:es|ed|ing)?|establish(?:es|ed|ing)?|open(?:s|ed|ing)?|creat(?:es|ed|ing|e)|initiat(?:es|ed|ing|e)|implement(?:s|ed|ing)?|announc(?:es|ed|ing|e)|found(?:ed|ing)|set(?:s|ting)? up)\b[^.;]{{0,60}}?\b{_PROGRAM_NOUN}\b"),
    ("program", rf"\b{_PROGRAM_NOUN}\b[^.;]{{0,60}}?\b(?:was|were)\s+(?:launched|established|opened|created|initiated|announced|set up)\b"),
    ("training", r"\b(?:train(?:ed|ing)|(?:(?<=to )|(?<=ll )|(?<=ld ))train|courses?(?!\s+of\b)|seminars?|workshops?|academ(?:y|ies)|instructors?|exercises?|drills?)\b(?!\s+(?:approach|method|capacit|need))"),
    ("training", r"\b(?:provid(?:es?|ed|ing)|donat(?:es?|ed|ing)|equip(?:s|ped)?|deliver(?:s|ed|ing)?|hand(?:ed)? over)\b[^.;]{0,60}?\b(?:equipment|scanners?|vehicles?|dogs|computers?|kits?|(?:border |customs )?posts|checkpoints)\b"),
)

# Words (lower case) one of which a sentence must contain for a trigger pattern to be
# tried at all: most sentences skip most patterns without a regex search.
_NEEDS: dict[str, tuple[str, ...]] = {
    "lab_closure": ("lab", "kitchen"),
    "seizure": ("seiz", "confisc", "intercept", "impound", "found", "discover", "uncover", "detect", "recover"),
    "arrest": ("arrest", "detain", "detention", "apprehend", "custody"),
    "sentencing": ("sentenc", "convict", "guilty", "term"),
    "operation": ("operation", "deliver", "raid", "broke up", "crushed", "busted", "dismantled"),
    "price": ("price", "sell", "sold", "cost", "range", "value", "kilo", "gram", "pill", "tablet", "dose",
              "fetch", "went for"),
    "agreement": ("ratif", "acced", "accession", "agree", "sign", "protocol", "memorand", "treat", "mou",
                  "did the same", "followed suit"),
    "legislation": ("law", "decree", "amend", "resolution", "bill", "legislation", "code", "regulation", "order"),
    "program": ("program", "unit", "office", "project", "strateg", "campaign", "club", "section", "regist",
                "task force", "department", "commission", "agency", "hotline", "center", "centre"),
    "training": ("train", "course", "seminar", "workshop", "academ", "instructor", "exercise", "drill",
                 "equip", "scanner", "vehicle", "dog", "computer", "kit"),
}
TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.I)) for kind, p in _TRIGGER_SOURCES)

# a seizure word used as an adjective ("seized drugs being resold") describes, it does not report
_ADJECTIVAL = re.compile(r"^seized\s+(?:drugs|heroin|narcotics|substances)\b", re.I)
_ADJECTIVAL_BEFORE = re.compile(r"\b(?:those|the|persons|people|previously|been previously|had been|been)\s+$", re.I)
# "the majority of ecstasy seized in Kazakhstan": a participle describing the drug
_NOUN_BEFORE = re.compile(r"\b(?:heroin|ecstasy|drugs|narcotics|opium|hashish|marijuana|cocaine|"
                          r"substances|precursors|cannabis)\s+$", re.I)
_HEARSAY = re.compile(r"\b(?:according to|under) the terms of\b", re.I)
_HABITUAL_OPS = re.compile(r"(?:joint|special) operations|raids|controlled delivery|controlled deliveries", re.I)
_COUNTED = re.compile(r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|several|a|an|one)\b)[\w\s,-]*$", re.I)
_SIGNING = re.compile(r"\b(?:sign(?:ed|ing)|ratif(?:ied|ication)|conclu(?:ded|sion)|initial(?:l)?ed)\b", re.I)
_NEGATION = re.compile(r"\b(?:no|not|never|neither|nor|without|failed to|none|have yet to|has yet to)\b", re.I)
_NEGATED_OBJECT = re.compile(r"^\s*(?:\w+\s+)?(?:no|any)\b", re.I)
# modal verbs are matched in lower case only: "In May" is a month, "may" a modal
_PLANNED = re.compile(
    r"\b(?:will|shall|plans? to|planned|planning to|intends? to|intention to|is to|are to|would|"
    r"expects? to|is expected to|are expected to|proposed|proposes|is considering|considered|aims? to|"
    r"seeks? to|hopes? to|[Nn]ext year|in the future|may|might|could|should|must|needs? to|are needed|"
    r"Will|Plans to)\b")
_PURPOSE = re.compile(r"\b(?:with the goal of|aimed at|in order to|so as to|to increase|to prevent|"
                      r"focus(?:ed|es)? on|are charged with|is charged with|responsible for|not just|"
                      r"as a result of|according to)(?:\s+\w+ly)?(?:\s+(?:an?|the|its|their))?"
                      r"(?:\s+[\w-]+){0,2}\s*$", re.I)
_DONE_TO = ("seizure", "arrest", "lab_closure")
_INFINITIVE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.I)
_CLAUSE_START = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|though)\b|\bwho\b|\bwhich\b", re.I)


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    start: int
    end: int
    text: str
    status: str  # reported | planned | negated | generic


def find_triggers(sentence: str) -> list[Trigger]:
    """Every trigger in a sentence with its status, in text order."""
    found: list[Trigger] = []
    lowered = sentence.lower()
    wanted = {kind for kind, words in _NEEDS.items() if any(w in lowered for w in words)}
    for kind, pattern in TRIGGERS:
        if kind not in wanted:
            continue
        for m in pattern.finditer(sentence):
            if kind == "seizure" and _ADJECTIVAL.match(m.group(0) + sentence[m.end():m.end() + 20]):
                continue
            if kind in ("seizure", "sentencing", "arrest") and m.group(0).lower().endswith(("ed", "convicted")) \
                    and (_ADJECTIVAL_BEFORE.search(sentence[max(0, m.start() - 20):m.start()])
                         or _NOUN_BEFORE.search(sentence[max(0, m.start() - 16):m.start()])):
                continue  # "those convicted", "drugs that had been previously seized"
            if kind == "agreement" and (m.group(0)[:1].isupper() or m.group(0) in ("did the same", "followed suit")) \
                    and not _SIGNING.search(sentence):
                continue
            if kind == "operation" and _HABITUAL_OPS.fullmatch(m.group(0)) and not _COUNTED.search(
                    sentence[max(0, m.start() - 15):m.start()]):
                continue  # "these countries conduct joint operations": what they do, not an event
            found.append(Trigger(kind, m.start(), m.end(), m.group(0), _status(sentence, m.start(), m.end(), kind)))
    found.sort(key=lambda t: (t.start, t.end))
    return found


def _status(sentence: str, start: int, end: int, kind: str) -> str:
    clause_from = 0
    for m in _CLAUSE_START.finditer(sentence, 0, start):
        clause_from = m.start()
    before = sentence[clause_from:start]
    if kind != "operation" and (_PURPOSE.search(before[-40:]) or _HEARSAY.search(before)):
        return "generic"
    if kind in _DONE_TO and _INFINITIVE.search(before[-25:]):
        return "generic"  # "measures to detain him", "attempted to seize": not done (yet)
    inner_no = kind == "lab_closure" and re.search(r"\bno\b", sentence[start:end], re.I)
    if inner_no or _NEGATION.search(before[-35:]) or _NEGATED_OBJECT.match(sentence[end:end + 12]):
        return "negated"
    if _PLANNED.search(before[-100:]):  # "will continue ... and provide": one modal, two verbs
        return "planned"
    return "reported"
