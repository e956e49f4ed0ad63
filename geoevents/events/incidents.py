"""One incident, one set of events: tellings of the same seizure, arrest, closure or course
merged (headline, lead and body are one event), and the events of one incident sharing an
``incident`` id and what any of its sentences says of how the drugs moved.

Each kind has its rule for "the same" (``_incident_rule``); the rules compare dates, sites,
masses and the words that point back to an earlier telling (the language packs' cues).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from geoevents.events.lexicon import lexicon
from geoevents.events.slots import KIND_RANK
from geoevents.events.titles import title_for
from geoevents.lang import LANGUAGES, pack
from geoevents.model import MODUS_TYPES, Event, Modus, Place

_INCIDENT_TYPES = ("seizure", "arrest", "operation", "lab_closure", "sentencing")
_INCIDENT_WINDOW = 30  # earlier tellings compared per event: bounded on adversarial input
_ROUNDED_TOLERANCE = 0.05  # "nearly 15 kg", "over 60 kg": a rounded mass within 5% of the exact one
LEAD_PARAGRAPHS = 3  # headline, photo caption, lead: the opening a retold act may first appear in


def incidents(events: list[Event]) -> list[Event]:
    """Enforcement events of one paragraph with the same dates and site are one incident
    ("raided a lab, detained two and seized 18 kg"): they share an ``incident`` id."""
    out = []
    for event in events:
        if event.event_type not in _INCIDENT_TYPES:
            out.append(event)
            continue
        key = json.dumps([event.doc_id, event.paragraph, str(event.start), str(event.end),
                          event.place.place_id if event.place else None])
        out.append(replace(event, incident=hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]))
    # what one telling of an incident says (the drivers' nationality, the X-ray scanner) is
    # said of all its events
    told: dict[str, Modus] = {}
    for event in out:
        if event.incident and event.modus is not None:
            told[event.incident] = union(told.get(event.incident), event.modus)
    return [replace(e, modus=union(e.modus, told[e.incident]))
            if e.incident in told and e.event_type in MODUS_TYPES else e for e in out]


def union(a: Modus | None, b: Modus) -> Modus:
    """``a`` with the fields it leaves unsaid taken from ``b``."""
    if a is None:
        return b
    return Modus(
        conveyance=a.conveyance or b.conveyance,
        concealment=a.concealment if a.concealment_class else b.concealment,
        concealment_class=a.concealment_class or b.concealment_class,
        detection=a.detection or b.detection,
        trafficker_count=a.trafficker_count if a.trafficker_count is not None else b.trafficker_count,
        nationalities=a.nationalities or b.nationalities,
    )


def _same_incident(a: Event, b: Event) -> bool:
    """Two tellings of one seizure (headline, lead, body): the same substance, the same mass or
    a mass in one telling only, overlapping dates, and no two different sites."""
    if a.status != "reported" or b.status != "reported" or a.start is None or b.start is None:
        return False
    if a.start > b.end or b.start > a.end:
        return False
    if a.place is not None and b.place is not None and a.place.place_id != b.place.place_id and (
            not set(place_countries(a.place)) & set(place_countries(b.place))
            or (a.place.kind != "country" and b.place.kind != "country" and not _holds(a.place, b.place))):
        return False
    mass_a, mass_b = _masses(a), _masses(b)
    common = mass_a.keys() & mass_b.keys()
    # "40 kg of drugs seized" in the headline, "about 40 kg of drugs, including 17 kg of
    # heroin" in the body: the headline gives the total only
    total_only = (mass_a.keys() == {"drugs"}) != (mass_b.keys() == {"drugs"})
    if not common or "drugs" in common and len(common) == 1 and len(mass_a) + len(mass_b) > 2 and not total_only:
        return False
    with_kg_a = any(v is not None for v in mass_a.values())
    with_kg_b = any(v is not None for v in mass_b.values())
    if with_kg_a and with_kg_b:
        # "nearly 15 kg" in the headline, "14 kg 870 g" in the body: a rounded telling is near
        tolerance = _ROUNDED_TOLERANCE if any(d.qualifier for d in a.drugs + b.drugs) else 0.01
        return (mass_a.keys() == mass_b.keys() or total_only) and all(
            mass_a[k] is not None and mass_b[k] is not None
            and abs(mass_a[k] - mass_b[k]) <= tolerance * max(mass_a[k], mass_b[k]) for k in common)
    # a mass in one telling only: "A batch of heroin was seized" after "2 kg of heroin were
    # confiscated"; not for tallies (hectares, cases) nor for an unnamed "drugs"
    return with_kg_a != with_kg_b and a.event_type == "seizure" and "drugs" not in common


def _holds(a: Place, b: Place) -> bool:
    """Does one place lie in the other, a region ("in Samarkand region" in the lead, "in
    Urgut" in the body)?"""
    outer, inner = (a, b) if a.kind == "region" else (b, a)
    return outer.kind == "region" and inner.kind != "region" and outer.country_code == inner.country_code \
        and outer.admin1 is not None and outer.admin1 == inner.admin1


def place_countries(place: Place) -> tuple[str, ...]:
    """The countries a place lies in, in a fixed order: a border line lies in both of its
    ("ge:border/AF-TJ")."""
    if place.kind == "border" and place.place_id and place.place_id.startswith("ge:border/"):
        return tuple(place.place_id.rsplit("/", 1)[1].split("-"))
    return (place.country_code,) if place.country_code else ()


def _masses(event: Event) -> dict[str, float | None]:
    """Substance -> kg; a seizure told without an amount counts the substances it names."""
    if event.drugs:
        return {d.substance: d.kg for d in event.drugs}
    lex = lexicon(event.lang if event.lang in LANGUAGES else "en")
    return {lex.substances[m.group(1).lower()]: None for m in lex.substance_re.finditer(event.sentence)}


def _richer(a: Event, b: Event) -> Event:
    """Of two tellings of one incident, the one with the mass, then the one naming more
    substances, the narrower site, the exact mass ("14 kg 870 g" over "nearly 15 kg") and
    the narrower date."""
    def rank(e: Event) -> tuple:
        kg = any(d.kg is not None for d in e.drugs)
        site = KIND_RANK.get(e.place.kind or "", 0) if e.place else 0
        exact = not any(d.qualifier for d in e.drugs)
        days = (e.end - e.start).days if e.start and e.end else 10 ** 6
        return (kg, len(e.drugs), site, exact, -days)  # the telling that names the parts, too
    return a if rank(a) >= rank(b) else b


def _combined(a: Event, b: Event) -> Event:
    """Two tellings of one incident as one: the richer telling (see _richer), with the exact
    mass the other gives where it gives only a rounded one ("over 50 kg" at the border in
    the headline, "50.6 kg" in the body), and what the other says of how it moved, was
    hidden and found, and who carried it, where the kept one says nothing."""
    kept = _richer(a, b)
    other = b if kept is a else a
    rounded = any(d.qualifier for d in kept.drugs) and other.drugs \
        and not any(d.qualifier or d.kg is None for d in other.drugs)
    if rounded and {d.substance for d in kept.drugs} == {d.substance for d in other.drugs}:
        kept = replace(kept, drugs=other.drugs)
    if other.modus is not None:  # the headline's mass, the body's truck, dog and couriers
        kept = replace(kept, modus=union(kept.modus, other.modus))
    return kept


def _same_arrest(a: Event, b: Event) -> bool:
    """"Several people were arrested" and, in a quote a paragraph later, "several were
    arrested": one arrest when date, place and any counts agree, told close together."""
    if a.status != b.status or abs(a.paragraph - b.paragraph) > 2 or (a.start, a.end) != (b.start, b.end):
        return False
    if (a.place.place_id if a.place else None) != (b.place.place_id if b.place else None):
        return False
    return not a.counts or not b.counts or a.counts == b.counts


def _same_course(a: Event, b: Event) -> bool:
    """One training course or programme told over a few paragraphs: one date interval holds
    the other, and the later telling points back ("The training was held on 6-8 December",
    "the agent led the training"), or continues the sentence before it (and takes its date),
    or is the dated telling of an undated headline.  Two undated courses of a report stay
    two, and so do two sites; a foreign country in a telling that points back is a
    participant's ("instructors from Russia"), not a second course's."""
    if a.event_type != b.event_type or a.status != b.status or abs(a.paragraph - b.paragraph) > 3:
        return False
    if a.start is None or b.start is None or not (
            (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)):
        return False
    points_back = bool(pack(b.lang if b.lang in LANGUAGES else "en").cues["course_back"].search(b.sentence))
    # dated by the telling before it: the same interval, taken from its context
    continues = b.date_source in ("paragraph_before", "paragraph_after") and (a.start, a.end) == (b.start, b.end)
    headline = a.date_source == "document" and a.paragraph <= 1 and b.date_source == "sentence"
    if not (points_back or continues or headline):
        return False
    if a.place is None or b.place is None or a.place.place_id == b.place.place_id:
        return True
    if "country" not in (a.place.kind, b.place.kind):
        return False  # two sites, two courses
    if a.place.country_code == b.place.country_code:
        return True
    return points_back  # "The training was conducted with instructors from Russia"


def _same_meeting(a: Event, b: Event) -> bool:
    """A meeting or visit told as a course is (see _same_course), or told again with the same
    day ("On 6 March the delegation visited Taraz" ... "On 6 March it met the police chief"): one visit."""
    if a.status == b.status and a.start is not None and (a.start, a.end) == (b.start, b.end) \
            and a.date_precision == b.date_precision == "day":
        return True
    return _same_course(a, b)


def _part_of_course(course: Event, visit: Event) -> bool:
    """"During the seminar the participants visited a border outpost": a visit or meeting of
    a course's participants, told just after it, is part of the course, not an event of its own."""
    return course.status == visit.status and 0 <= visit.paragraph - course.paragraph <= 3 \
        and bool(pack(visit.lang if visit.lang in LANGUAGES else "en").cues["course_back"].search(visit.sentence))


def _fill_from(first: Event, later: Event) -> Event:
    """The first telling of a course, with the narrower date and the more specific site that
    a later sentence gives with its own date ("The training was held on 6-8 December at the
    Police Academy"); a sentence that only continues the story ("Fifteen officers, five from
    the headquarters in Ashgabat, took part") names participants' places, not the site.  An
    undated headline gives way to the dated telling."""
    if first.date_source == "document" and later.date_source != "document":
        return _fill_from(later, first)
    out = first
    if later.start is not None and (first.start is None or (later.end - later.start) < (first.end - first.start)):
        out = replace(out, span=later.span, date_precision=later.date_precision, date_source=later.date_source)
    rank = lambda e: KIND_RANK.get(e.place.kind or "", 0) if e.place else 0  # noqa: E731
    if rank(later) > rank(first) and later.date_source == "sentence":
        out = replace(out, place=later.place)
    return out


def _merge_incidents(events: list[Event]) -> list[Event]:
    """One seizure (or tally, arrest, course) told several times in a document is one event:
    each kind has its rule for "the same" and for combining the tellings."""
    out: list[Event | None] = []
    recent: dict[str, list[int]] = {}
    for event in events:
        rule = _incident_rule(event)
        if rule is None:
            out.append(event)
            continue
        same, combine = rule
        if event.event_type == "other" and any(out[i] is not None and _part_of_course(out[i], event)
                                               for i in recent.get("training", [])[-_INCIDENT_WINDOW:]):
            continue
        bucket = recent.setdefault(event.event_type, [])
        twin = next((i for i in reversed(bucket[-_INCIDENT_WINDOW:])
                     if out[i] is not None and same(out[i], event)), None)
        if twin is None:
            bucket.append(len(out))
            out.append(event)
            continue
        kept = combine(out[twin], event)
        if kept is event:  # the later telling is the richer one: it stands where it is
            out[twin] = None
            bucket.append(len(out))
            out.append(event)
        else:
            out[twin] = kept
    return [e for e in out if e is not None]


def _same_act(a: Event, b: Event) -> bool:
    """One lab closure or operation told twice ("Police closed a drug lab in Taraz" and,
    below, "The lab in Taraz ..."): the same site, one date interval holding the
    other, told close together, the first in the report's opening or the later pointing back."""
    if a.event_type != b.event_type or a.status != b.status or abs(a.paragraph - b.paragraph) > 3:
        return False
    if a.start is None or b.start is None or not (
            (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)):
        return False
    if a.place is None or b.place is None or a.place.place_id != b.place.place_id:
        return False
    if a.operation and b.operation and a.operation != b.operation:
        return False
    if a.counts and b.counts and dict(a.counts) != dict(b.counts):
        return False
    cues = pack(b.lang if b.lang in LANGUAGES else "en").cues
    return a.paragraph < LEAD_PARAGRAPHS or bool(cues["act_back"].search(b.sentence))


def _combined_act(a: Event, b: Event) -> Event:
    """The two tellings of a closure or operation as one: the narrower date and site (see
    _fill_from), and what either says of drugs, counts, agencies and the operation's name."""
    out = _fill_from(a, b)
    other = b if out.sentence == a.sentence else a
    return replace(out, drugs=out.drugs or other.drugs, operation=out.operation or other.operation,
                   counts=tuple(sorted({**dict(other.counts), **dict(out.counts)}.items())),
                   agencies=tuple(dict.fromkeys(out.agencies + other.agencies)))


def _incident_rule(event: Event):
    """(same, combine) for events that may be retold, else None."""
    if event.event_type in ("training", "program"):
        return _same_course, _fill_from
    if event.event_type == "other":
        return _same_meeting, _fill_from
    if event.event_type in ("lab_closure", "operation") and not any(d.kg for d in event.drugs):
        return _same_act, _combined_act
    if event.event_type == "arrest" and not any(d.kg for d in event.drugs):
        return _same_arrest, lambda kept, new: (replace(kept, counts=new.counts)
                                                if len(new.counts) > len(kept.counts) else kept)
    carries = event.event_type in ("arrest", "operation") and any(d.kg for d in event.drugs)
    if (event.event_type in ("seizure", "statistic") or carries) and (event.drugs or event.event_type == "seizure"):
        return _same_incident, _combined
    return None


def dedupe(events: list[Event]) -> list[Event]:
    events = _merge_incidents(events)
    seen: set[tuple] = set()
    out = []
    for event in events:
        event = replace(event, title=title_for(event))
        key = (event.event_type, event.sentence, event.start, event.end,
               event.place.place_id if event.place else None, event.drugs, event.route, str(event.price))
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out
