"""One seizure (or tally) event per substance, the unit drug-monitoring tables count.

UNODC's Individual Drug Seizures and the annotators of real reports record "18 kg of heroin
and 3 kg of hashish" as two seizures of one case; so does the seizure table. The events of
one incident keep one ``incident`` id, so the case stays one case.
"""
from __future__ import annotations

from dataclasses import replace

from geoevents.events.titles import title_for
from geoevents.model import Event, Quantity

SPLIT_TYPES = ("seizure", "statistic")
_TOTAL_SHARE = 0.9  # named parts that make up this share of a generic amount are all of it


def _generic(q: Quantity) -> bool:
    """"drugs", "narcotic substances", "precursors": a word for a total, not a substance."""
    return q.drug_class is None or q.substance == "precursors"


def _precursor(q: Quantity) -> bool:
    return q.drug_class == "precursor" or q.substance == "precursors"


def substance_groups(drugs: tuple[Quantity, ...]) -> list[tuple[Quantity, ...]]:
    """The amounts of ``drugs`` grouped by substance, in order of first mention. A generic
    amount goes when it is no more than its named parts ("20 kg of drugs: 15 kg of hashish and
    5 kg of opium") or has no mass beside them, and stays as its own group when it says more
    ("2.3 tons of drugs, including 300 kg of heroin")."""
    groups: dict[str, list[Quantity]] = {}
    for q in drugs:
        groups.setdefault(q.substance, []).append(q)
    out = []
    for g in groups.values():
        if _generic(g[0]):
            family = _precursor(g[0])
            parts = [q.kg or 0.0 for h in groups.values() if not _generic(h[0]) and _precursor(h[0]) == family
                     for q in h]
            kg = sum(q.kg for q in g if q.kg is not None)
            if parts and (not kg or sum(parts) >= _TOTAL_SHARE * kg):
                continue
        out.append(tuple(g))
    return out


def split_by_substance(events: list[Event]) -> list[Event]:
    """Each seizure and tally with several substances becomes one event per substance,
    in place of the one; every other event passes through."""
    out: list[Event] = []
    seen: set[str] = set()
    for event in events:
        groups = substance_groups(event.drugs) if event.event_type in SPLIT_TYPES else []
        parts = [event] if len(groups) < 2 else \
            [replace(event, drugs=g, title=title_for(replace(event, drugs=g))) for g in groups]
        for part in parts:
            if part.event_id not in seen:  # a part may repeat an event the sentence gave alone
                seen.add(part.event_id)
                out.append(part)
    return out
