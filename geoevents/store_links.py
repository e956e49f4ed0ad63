"""The event store's linking rule, run on a narrow table of its own.

``event_links`` holds one row per (linkable event, substance with a mass): the search
key -- event_type, place_id, total kg -- the event and the substance, and only for
events the rule can link at all (status "reported", a date, a place_id, kg > 0).  Its
primary key starts with (event_type, place_id, kg), so the candidates of an event are
one short range of that B-tree: events of the same type and place within 1% of its
mass.  Before, the search walked every earlier event of the type and place through the
(event_type, place_id, start) index and read each row's Feature JSON, so storing a
document cost in proportion to the store.

What else the rule reads -- the dates and the document -- is in the candidates' events
rows, which the search reads anyway for their group.  The table has no index on
event_key: the events row holds the event's (event_type, place_id, kg), so its rows are
a prefix of the primary key (an index would have copied the whole table: a WITHOUT
ROWID index repeats the primary key).

Groups are connected components ("links chain").  When a document leaves, its groups
are recomputed from their remaining members only (a group has no link to anything
outside it), and members with identical facts are compared once, as one node: N copies
of one seizure cost N row reads, not N x N comparisons.
"""
from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from typing import Any, NamedTuple

KG_TOLERANCE = 0.01  # the linking rule's "same quantity": within 1% of the larger mass

SCHEMA = """
CREATE TABLE IF NOT EXISTS event_links(
    event_type TEXT NOT NULL, place_id TEXT NOT NULL, kg REAL NOT NULL,
    event_key INTEGER NOT NULL, substance TEXT NOT NULL,
    PRIMARY KEY(event_type, place_id, kg, event_key, substance)) WITHOUT ROWID;
"""

# The table as it was before the store's compact layout (it also held the dates, the
# document, and an index on event_key): its rows, for the conversion.
OLD_ROWS = "SELECT event_type, place_id, kg, event_key, substance FROM old_event_links"

# The events of ``event_links`` rows, joined by the primary key's prefix (event_type,
# place_id, kg, event_key): each is one B-tree lookup.
_SAME_EVENT = ("l.event_type = e.event_type AND l.place_id = e.place_id AND l.kg = e.kg "
               "AND l.event_key = e.event_key")

# Stores written before this table existed (schema 1): fill it from the events and
# their drugs with the rule's own eligibility test, and drop the old linking index.
# Run on the compact layout (geoevents.store converts an earlier one first).
MIGRATE_FROM_1 = """
DELETE FROM event_links;
INSERT INTO event_links(event_type, place_id, kg, event_key, substance)
    SELECT DISTINCT e.event_type, e.place_id, e.kg, e.event_key, x.substance
    FROM events e JOIN event_drugs x ON x.event_key = e.event_key AND x.kg IS NOT NULL
    WHERE e.status = 'reported' AND e.start <> '' AND e."end" <> '' AND e.place_id <> ''
      AND e.kg > 0 AND e.kg < 9e999;
DROP INDEX IF EXISTS events_link;
"""


class Facts(NamedTuple):
    """What the rule compares of one event besides its type and place (which are
    equal within a group, so they are the search key rather than compared).  A named
    tuple: hashed and compared in C, once per event when a group is regrouped."""

    start: str
    end: str
    kg: float
    substances: frozenset[str]


def facts_of(status: str | None, start: str | None, end: str | None, place_id: Any,
             kg: Any, substances: Iterable[str]) -> Facts | None:
    """The event's facts, or None when the rule never links it: too little to tell
    two reports of one event from two events."""
    names = frozenset(substances)
    if status != "reported" or not (start and end and place_id and names):
        return None
    if not (isinstance(kg, (int, float)) and not isinstance(kg, bool) and math.isfinite(kg)
            and kg > 0):
        return None
    # As text, as the events table keeps them (its TEXT columns turn 2008 into '2008').
    return Facts(str(start), str(end), float(kg), names)


def rows(key: int, event_type: str, place_id: str, facts: Facts) -> list[tuple[Any, ...]]:
    """The ``event_links`` rows of one linkable event, for :func:`insert`."""
    return [(event_type, place_id, facts.kg, key, name) for name in sorted(facts.substances)]


def insert(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Add the rows of a document's linkable events, one statement for all of them."""
    conn.executemany("INSERT INTO event_links VALUES (?, ?, ?, ?, ?)", rows)


def delete(conn: sqlite3.Connection, first: int, last: int) -> None:
    """Remove the rows of the events keyed ``first`` to ``last`` (still in ``events``)."""
    conn.execute(
        "DELETE FROM event_links WHERE (event_type, place_id, kg, event_key) IN ("
        "SELECT event_type, place_id, kg, event_key FROM events "
        "WHERE event_key BETWEEN ? AND ? AND kg IS NOT NULL AND place_id IS NOT NULL)",
        (first, last))


def own(conn: sqlite3.Connection, key: int, event_type: str, place_id: Any, kg: Any,
        start: Any, end: Any, doc: int) -> tuple[str, str, int, Facts] | None:
    """(event_type, place_id, doc, facts) of a linkable event, given its ``events``
    columns; None when the rule never links it."""
    if place_id is None or kg is None:
        return None
    names = frozenset(r[0] for r in conn.execute(
        "SELECT substance FROM event_links WHERE event_type=? AND place_id=? AND kg=? "
        "AND event_key=?", (event_type, place_id, kg, key)))
    if not names:
        return None
    return event_type, place_id, doc, Facts(start, end, kg, names)


def linked_groups(conn: sqlite3.Connection, event_type: str, place_id: str, doc: int,
                  facts: Facts) -> set[int]:
    """The groups (``events.cluster``) of the events of other documents the rule links
    with this one.  Both scans stay inside the B-tree range of the type, the place and
    the masses within 1%, and the rule is applied in SQL, so a group of N copies of one
    event costs N index entries in C, not N Python objects."""
    window = (event_type, place_id, *kg_window(facts.kg))
    names = [r[0] for r in conn.execute(
        "SELECT DISTINCT substance FROM event_links "
        "WHERE event_type=? AND place_id=? AND kg BETWEEN ? AND ?", window)]
    names = [n for n in names if same_substance(facts.substances, (n,))]
    if not names:
        return set()
    # The same tests as _compatible, in the same IEEE arithmetic and code-point order.
    return {r[0] for r in conn.execute(
        "SELECT DISTINCT e.cluster FROM event_links l JOIN events e ON e.event_key = l.event_key "
        "WHERE l.event_type=? AND l.place_id=? AND l.kg BETWEEN ? AND ? AND e.doc<>? "
        "AND e.start<=? AND e.\"end\">=? AND abs(l.kg - ?) <= ? * max(l.kg, ?) "
        f"AND l.substance IN ({', '.join('?' for _ in names)})",
        (*window, doc, facts.end, facts.start, facts.kg, KG_TOLERANCE, facts.kg, *names))}


def kg_window(kg: float) -> tuple[float, float]:
    """A range of masses holding every one within 1% of ``kg`` -- a little wider, so that
    rounding at its edges never hides a match; the exact test is :func:`_compatible`."""
    return kg * (1 - KG_TOLERANCE) * (1 - 1e-9), kg / (1 - KG_TOLERANCE) * (1 + 1e-9)


def components(conn: sqlite3.Connection, cluster: int) -> list[list[int]]:
    """The events labelled ``cluster`` (what is left of one group) split into the groups
    the rule makes of them, each sorted; members the rule cannot link stay alone."""
    members = [r[0] for r in conn.execute(
        "SELECT event_key FROM events WHERE cluster=? ORDER BY event_key", (cluster,))]
    events: dict[int, tuple[int, str, str, float, list[str]]] = {}
    for key, doc, start, end, kg, name in conn.execute(
            "SELECT l.event_key, e.doc, e.start, e.\"end\", l.kg, l.substance "
            f"FROM events e JOIN event_links l ON {_SAME_EVENT} WHERE e.cluster=?",
            (cluster,)):
        found = events.get(key)
        if found is None:
            events[key] = (doc, start, end, kg, [name])
        else:
            found[4].append(name)
    groups = group_events({key: (doc, Facts(start, end, kg, frozenset(names)))
                           for key, (doc, start, end, kg, names) in events.items()})
    return sorted(groups + [[key] for key in members if key not in events])


def group_events(events: dict[int, tuple[int, Facts]]) -> list[list[int]]:
    """Connected components of the link graph over ``events`` (key -> (doc, facts)).

    Events with equal facts form one node: they link with each other exactly when the
    node spans two documents, and all link with another node as soon as one does (an
    edge needs two different documents, and then each member has a partner in another
    document).  So nodes are compared pairwise, only those within 1% in mass (sorted by
    kg), and each event is touched once more to collect its group: N reports of one
    seizure are one node."""
    index: dict[Facts, int] = {}
    facts_of: list[Facts] = []
    keys_of: list[list[int]] = []
    docs_of: list[set[int]] = []
    for key, (doc, facts) in events.items():
        i = index.get(facts)
        if i is None:
            i = len(facts_of)
            facts_of.append(facts)
            keys_of.append([])
            docs_of.append(set())
            # Dates that do not overlap themselves (start after end): such an event does
            # not link with its own copies, so the argument above fails; each is a node.
            if _compatible(facts, facts):
                index[facts] = i
        keys_of[i].append(key)
        docs_of[i].add(doc)
    order = sorted(range(len(facts_of)), key=lambda i: (facts_of[i].kg, keys_of[i][0]))
    parent = {i: i for i in order}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined = {i: len(docs_of[i]) > 1 for i in order}
    for at, i in enumerate(order):
        mine, docs = facts_of[i], docs_of[i]
        for later in range(at + 1, len(order)):  # not a slice: that would copy the rest each time
            j = order[later]
            theirs = facts_of[j]
            if theirs.kg - mine.kg > KG_TOLERANCE * theirs.kg:
                break  # sorted by kg: every later node is further away still
            if (len(docs) == 1 and docs == docs_of[j]) or not _compatible(mine, theirs):
                continue  # one and the same document, or not the same event
            joined[i] = joined[j] = True
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    loners: list[list[int]] = []
    for i in order:
        if joined[i]:
            groups.setdefault(find(i), []).extend(keys_of[i])
        else:
            loners.extend([key] for key in keys_of[i])
    return [sorted(keys) for keys in groups.values()] + loners


def _compatible(a: Facts, b: Facts) -> bool:
    """The rule, but for type, place and document: overlapping dates, masses within 1%
    of the larger, a substance in common."""
    return (a.start <= b.end and b.start <= a.end
            and abs(a.kg - b.kg) <= KG_TOLERANCE * max(a.kg, b.kg)
            and same_substance(a.substances, b.substances))


def same_substance(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """A name in common, or one name a word of the other ("opium" / "raw opium")."""
    theirs = tuple(theirs)
    return any(a == b or a in b.split() or b in a.split() for a in ours for b in theirs)
