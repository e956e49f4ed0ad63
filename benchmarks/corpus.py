"""Generate synthetic reports in the cable genre, with the events each one states.

`python benchmarks/corpus.py [OUT_DIR] [N] [--seed S]` writes N ``*.txt`` cables plus
``expected.jsonl`` (one line per document: doc_id and its expected events), so speed
and accuracy can be measured at scale.  Deterministic for a given seed.  It measures
nothing itself and has no peer: ingest_throughput.py and corpus_scale.py time geoevents
on what it writes (`make bench` does not run it on its own).
"""
from __future__ import annotations

import argparse
import calendar
import json
import random
from collections import deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path

POSTS = {"ASTANA": "KZ", "ALMATY": "KZ", "BISHKEK": "KG", "DUSHANBE": "TJ", "TASHKENT": "UZ"}
PLACES = {
    "KZ": ["Shymkent", "Taraz", "Karaganda", "Pavlodar", "Aktobe", "Kostanay", "Semey", "Atyrau", "Oral", "Kyzylorda"],
    "KG": ["Osh", "Batken", "Jalal-Abad", "Naryn", "Karakol", "Tokmok"],
    "TJ": ["Khujand", "Kulob", "Khorog", "Bokhtar", "Panjakent"],
    "UZ": ["Samarkand", "Termez", "Bukhara", "Namangan", "Andijan", "Nukus"],
}
AGENCIES = ["the Customs Service", "the Border Guard Service", "police", "officers of the KNB",
            "the Drug Control Agency", "the MVD's Committee on Combating Drugs"]
DRUGS = ["heroin", "hashish", "opium", "marijuana", "raw opium"]
MONTHS = list(calendar.month_name)[1:]
FILLER = [
    "The agencies continue to exchange information with their counterparts in neighboring countries.",
    "Officials attributed the result to better coordination between agencies.",
    "The government considers drug trafficking a threat to national security.",
    "Treatment programs remain underfunded, according to local NGOs.",
    "Further details were not available at the time of reporting.",
]


@dataclass(frozen=True)
class Generated:
    doc_id: str
    text: str
    events: list[dict]


def _event_sentence(rng: random.Random, created: date, country: str) -> tuple[str, dict]:
    """One event sentence; reports tell of the past, so the event precedes ``created``."""
    place = rng.choice(PLACES[country])
    year = created.year
    month = rng.randrange(1, created.month + 1)
    last = created.day - 1 if month == created.month else calendar.monthrange(year, month)[1]
    day = rng.randrange(1, last + 1)
    drug = rng.choice(DRUGS)
    kilos = rng.choice([rng.randrange(2, 900), round(rng.uniform(1, 60), 3)])
    agency = rng.choice(AGENCIES)
    kind = rng.choice(["seizure", "seizure", "arrest", "lab_closure", "sentencing"])
    on_day = rng.random() < 0.6
    when = f"On {MONTHS[month - 1]} {day}" if on_day else f"In {MONTHS[month - 1]}"
    start = date(year, month, day if on_day else 1)
    end = date(year, month, day if on_day else calendar.monthrange(year, month)[1])
    if kind == "seizure":
        text = f"{when}, {agency} seized {kilos:,} kilos of {drug} in {place}."
        extra = {"drug": drug, "kg": float(kilos)}
    elif kind == "arrest":
        n = rng.randrange(2, 30)
        text = f"{when}, {agency} arrested {n} members of a trafficking group in {place}."
        extra = {"arrested": n}
    elif kind == "lab_closure":
        text = f"{when}, police closed a laboratory producing methamphetamine in {place}."
        extra = {}
    else:
        years = rng.randrange(3, 20)
        text = f"{when}, a court in {place} sentenced a courier to {years} years in prison."
        extra = {"years": years}
    expected = {"event_type": kind, "start": start.isoformat(), "end": end.isoformat(),
                "place": place, "country_code": country, **extra}
    return text, expected


# Seizures already written, by (country, year), that a later cable may report again.
Reported = dict[tuple[str, int], deque[tuple[date, str, dict]]]


def _report_again(rng: random.Random, created: date, country: str, doc_id: str,
                  events: list[dict], reported: Reported) -> tuple[str, dict] | None:
    """An earlier cable's seizure told again by another agency, the mass maybe rounded
    (never one this cable tells already: a cable tells each event once)."""
    told = {e.get("event_key") for e in events}
    earlier = [r for r in reported.get((country, created.year), ())
               if r[0] < created and r[2]["event_key"] not in told
               and not r[2]["event_key"].startswith(f"{doc_id}/")]
    if not earlier:
        return None
    _, when, first = rng.choice(earlier)
    kilos = first["kg"]
    if kilos >= 100 and rng.random() < 0.5:
        kilos = float(round(kilos))  # "537" for 537.4: within the store's 1% linking rule
    agency = rng.choice(AGENCIES)
    shown = int(kilos) if kilos.is_integer() else kilos
    text = f"{when}, {agency} seized {shown:,} kilos of {first['drug']} in {first['place']}."
    return text, {**first, "kg": float(kilos)}


def generate(index: int, rng: random.Random, reported: Reported | None = None,
             duplicates: float = 0.0) -> Generated:
    """One cable; with ``duplicates`` > 0 that share of its event sentences re-report a
    seizure of an earlier cable (same ``event_key`` in the expected events)."""
    post, country = rng.choice(sorted(POSTS.items()))
    year = rng.randrange(2003, 2011)
    created = date(year, rng.randrange(10, 13), rng.randrange(2, 29))
    serial = 100 + index
    doc_id = f"{str(year)[2:]}{post}{serial}"
    lines = ["Identifier", "Created", "Classification", "Origin", doc_id,
             f"{created.isoformat()} 08:00:00", "UNCLASSIFIED", f"Embassy {post.title()}",
             "Cable title:", f"{post}: COUNTERNARCOTICS UPDATE {index}",
             f"UNCLAS SECTION 01 OF 03 {post} {serial:06d}", "SIPDIS",
             f"TAGS: SNAR KCRM {country}", f"SUBJECT: COUNTERNARCOTICS UPDATE {index}"]
    events: list[dict] = []
    body: list[str] = []
    for number in range(1, rng.randrange(6, 14)):
        sentences = []
        for _ in range(rng.randrange(1, 4)):
            if rng.random() < 0.55:
                again = None
                if duplicates > 0 and reported is not None and rng.random() < duplicates:
                    again = _report_again(rng, created, country, doc_id, events, reported)
                text, expected = again or _event_sentence(rng, created, country)
                if again is None and expected["event_type"] == "seizure":
                    expected["event_key"] = f"{doc_id}/{len(events)}"
                    if reported is not None:
                        when = text.split(",", 1)[0]
                        reported.setdefault((country, year), deque(maxlen=50)).append(
                            (date.fromisoformat(expected["start"]), when, dict(expected)))
                expected["paragraph"] = number
                events.append(expected)
                sentences.append(text)
            else:
                sentences.append(rng.choice(FILLER))
        body.append(f"{number}. (SBU) " + " ".join(sentences))
    wrapped: list[str] = []
    for para in body:
        line = ""
        for word in para.split(" "):
            if len(line) + len(word) > 68:
                wrapped.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        wrapped.append(line)
    page = 2
    for at in range(40, len(wrapped), 40):  # page-break lines, inserted bottom-up
        wrapped.insert(at, f"{post} {serial:08d} {page:03d} OF 003")
        page += 1
    return Generated(doc_id, "\n".join(lines + wrapped) + "\n", events)


def write_corpus(out: Path, count: int, seed: int = 1, duplicates: float = 0.0) -> list[Path]:
    """Write ``count`` cables and expected.jsonl; ``duplicates`` is the share of event
    sentences that re-report an earlier cable's seizure (0 keeps every event unique)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    reported: Reported = {}
    with open(out / "expected.jsonl", "w", encoding="utf-8") as expected:
        for i in range(count):
            doc = generate(i, rng, reported, duplicates)
            path = out / f"{i:06d}.txt"
            path.write_text(doc.text, encoding="utf-8")
            expected.write(json.dumps({"doc_id": doc.doc_id, "path": path.name, "events": doc.events}) + "\n")
            paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="?", default=Path("build/corpus"),
                        help="folder to write (default %(default)s)")
    parser.add_argument("count", type=int, nargs="?", default=100,
                        help="cables to write (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duplicates", type=float, default=0.0,
                        help="share of event sentences re-reporting an earlier seizure")
    args = parser.parse_args()
    write_corpus(args.out, args.count, args.seed, args.duplicates)
    print(f"wrote {args.count} cables and expected.jsonl to {args.out}")


if __name__ == "__main__":
    main()
