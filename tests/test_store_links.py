"""Linking in the event store: groups equal to a brute-force closure of the rule after any
sequence of puts, replacements and removals; costs of storing, replacing and exporting that
grow with the groups a document touches (not with the store, nor quadratically with a
group); and the upgrade of a schema-1 store.

Costs are counted as SQLite virtual-machine instructions (a progress handler), which are
deterministic, plus process CPU time, each against a baseline measured in the same run."""
from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from geoevents.store import EventStore, open_store
from test_store import event, result

def vm_steps(store: EventStore, work: Callable[[], object]) -> int:
    """SQLite VM instructions run by ``work`` (the handler is called for each: a coarser
    period would miss statements shorter than it, as it restarts with each statement)."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    store.conn.set_progress_handler(tick, 1)
    try:
        work()
    finally:
        store.conn.set_progress_handler(None, 0)
    return count


def sha(name: str) -> str:
    return name.ljust(64, "0")


# --- the groups are exactly the rule's connected components --------------------------

def rule_groups(store: EventStore) -> set[frozenset[tuple[str, int]]]:
    """The partition the README's rule defines, computed from the stored Features alone
    by comparing every pair (the specification, not the implementation)."""
    events = []
    for (doc,) in store.conn.execute("SELECT sha256 FROM documents"):
        for ordinal, feature in enumerate(store.features(doc)):
            p = feature["properties"]
            drugs = p.get("drugs") or []
            masses = [d["kg"] for d in drugs if d.get("kg") is not None and d.get("class") != "precursor"]
            names = {d["substance"].lower().strip() for d in drugs if d.get("kg") is not None}
            events.append(((doc, ordinal), doc, p, sum(masses) if masses else None, names))
    parent = {e[0]: e[0] for e in events}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    def usable(p, kg):
        return p.get("status") == "reported" and p.get("start") and p.get("place_id") and kg and kg > 0

    for (a, da, pa, ka, na), (b, db, pb, kb, nb) in itertools.combinations(events, 2):
        if (da != db and usable(pa, ka) and usable(pb, kb) and pa["event_type"] == pb["event_type"]
                and pa["place_id"] == pb["place_id"] and pa["start"] <= pb["end"]
                and pb["start"] <= pa["end"] and abs(ka - kb) <= 0.01 * max(ka, kb)
                and any(x == y or x in y.split() or y in x.split() for x in na for y in nb)):
            parent[find(a)] = find(b)
    groups: dict = {}
    for key, *_ in events:
        groups.setdefault(find(key), set()).add(key)
    return {frozenset(g) for g in groups.values()}


def stored_groups(store: EventStore) -> set[frozenset[tuple[str, int]]]:
    groups: dict = {}
    members: dict = {}
    for key, cluster, doc, ordinal in store.conn.execute(
            "SELECT e.event_key, e.cluster, d.sha256, e.ordinal FROM events e "
            "JOIN documents d ON d.rowid = e.doc"):
        groups.setdefault(cluster, set()).add((doc, ordinal))
        members.setdefault(cluster, set()).add(key)
    live = set().union(*members.values())
    # A label is a member's own key or a key no event has: never another group's event.
    assert all(label in keys or label not in live for label, keys in members.items())
    return {frozenset(g) for g in groups.values()}


def random_doc(rng: random.Random, doc_id: str) -> list[dict]:
    """Events from a small universe, so that links, chains and bridges are frequent."""
    feats = []
    for i in range(rng.randrange(0, 4)):
        day = rng.choice(["2008-05-10", "2008-05-14", "2008-05-20", "2008-06-02"])
        month = rng.random() < 0.5
        drugs = tuple((rng.choice(["opium", "opium", "raw opium", "heroin"]),
                       rng.choice([100.0, 100.8, 101.6, 102.4, 150.0, None]))
                      for _ in range(rng.randrange(1, 3)))
        feats.append(event(doc_id, rng.choice(["seizure"] * 5 + ["arrest"]),
                           day[:8] + "01" if month else day, day[:8] + "28" if month else None,
                           place=rng.choice(["osh"] * 4 + ["termez"]), drugs=drugs, at=i * 10,
                           status=rng.choice(["reported"] * 8 + ["planned"])))
    return feats


@pytest.mark.parametrize("seed", range(6))
def test_groups_are_the_rules_closure_after_puts_replacements_and_removals(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    most = 0
    with open_store(tmp_path / "s.sqlite") as store:
        for step in range(60):
            name = f"D{rng.randrange(12)}"
            action = rng.random()
            if action < 0.7:  # new content at a path (a new or a changed document)
                store.put(result(f"{name}.txt", name, random_doc(rng, name), sha=sha(f"{name}-{step}")))
            elif action < 0.85:  # the same content processed again (a new geoevents version)
                row = store.conn.execute("SELECT sha256 FROM paths WHERE path=?", (f"{name}.txt",)).fetchone()
                if row:
                    store.put(result(f"{name}.txt", name, list(store.features(row[0])), sha=row[0]))
            else:  # the path now holds another stored document: its old one is dropped
                other = store.conn.execute("SELECT sha256 FROM documents ORDER BY random() LIMIT 1").fetchone()
                if other:
                    store.current(f"{name}.txt", other[0])
            assert stored_groups(store) == rule_groups(store), f"after step {step}"
            most = max(most, max(len(g) for g in stored_groups(store) or [()]))
    assert most >= 3  # chains did form


# --- costs ---------------------------------------------------------------------------

def seizure(doc_id: str, at: int = 0, kg: float = 537.0, day: str = "2008-05-14") -> dict:
    feature = event(doc_id, "seizure", day, place="shymkent", drugs=(("heroin", kg),), at=at)
    feature["properties"]["sentence"] = "x" * 900  # a Feature of about a kilobyte, as extract writes
    return feature


def linked_store(path: Path, n: int) -> EventStore:
    """N documents that all report one seizure (one group of N), plus an arrest each."""
    store = EventStore(path)
    for i in range(n):
        store.put(result(f"d{i}.txt", f"D{i}", [seizure(f"D{i}"), event(f"D{i}", "arrest", "2008-05-02")]))
    assert store.counts()["linked_groups"] == 1
    return store


def replace_cost(store: EventStore, n: int, which: int, rounds: int = 3) -> tuple[int, float]:
    """VM steps (first round) and CPU seconds (least of the others, run without the VM
    counter) to replace document ``which`` with new content."""
    steps, cpu = 0, []
    for r in range(rounds + 1):
        changed = result(f"d{which}.txt", f"D{which}", [seizure(f"D{which}", at=r + 1)],
                         sha=sha(f"D{which}-v{r}"))
        if r == 0:
            steps = vm_steps(store, lambda: store.put(changed))
        else:
            began = time.process_time()
            store.put(changed)
            cpu.append(time.process_time() - began)
        assert [len(f["properties"]["sources"]) for f in store.query()
                if f["properties"]["event_type"] == "seizure"] == [n]
    return steps, min(cpu)


@pytest.mark.parametrize("which", ["first", "middle"])
def test_replacing_one_of_n_linked_documents_costs_in_proportion_to_n(tmp_path: Path, which: str):
    # first: the event whose key labels the group leaves; middle: any other one.
    small, large = 25, 100
    costs = {}
    for n in (small, large):
        store = linked_store(tmp_path / f"{n}.sqlite", n)
        try:
            costs[n] = replace_cost(store, n, 0 if which == "first" else n // 2)
        finally:
            store.close()
    size_ratio = large / small
    steps_ratio = costs[large][0] / costs[small][0]
    cpu_ratio = costs[large][1] / max(costs[small][1], 1e-4)
    # Quadratic would be 16x; linear 4x.
    assert steps_ratio < 2.5 * size_ratio, (costs, steps_ratio)
    assert cpu_ratio < 2.5 * size_ratio, (costs, cpu_ratio)


def test_storing_a_document_costs_the_same_in_a_small_and_a_large_store(tmp_path: Path):
    """Many seizures at one place on many dates, none linked (masses 5% apart): the cost
    of one more document must not grow with them (it did: the search walked every
    earlier seizure of that place through the (event_type, place_id, start) index)."""
    store = EventStore(tmp_path / "s.sqlite")
    try:
        mass = [10.0 * 1.05 ** i for i in range(1600)]
        kg = iter(mass)
        days = itertools.cycle(f"2008-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29))

        def fill(first: int, upto: int) -> None:
            for i in range(first, upto):
                store.put(result(f"d{i}.txt", f"D{i}", [seizure(f"D{i}", j, next(kg), next(days))
                                                        for j in range(4)]))

        def probe_cost(name: str, at: int) -> int:
            """Four seizures amid the stored masses, 2.5% from their neighbours: unlinked."""
            probe = result(f"{name}.txt", name, [seizure(name, j, mass[at + j] * 1.025, "2008-12-30")
                                                 for j in range(4)], sha=sha(name))
            return vm_steps(store, lambda: store.put(probe))

        fill(0, 50)
        small = probe_cost("probe-small", 100)
        fill(50, 400)
        large = probe_cost("probe-large", 110)
    finally:
        store.close()
    # 8x the seizures at that place: a scan would cost about 8x; B-tree depth adds little.
    assert large < 1.25 * small, (small, large)


def test_exporting_a_group_of_n_reports_costs_in_proportion_to_n(tmp_path: Path):
    steps = {}
    for n in (100, 400):
        store = linked_store(tmp_path / f"{n}.sqlite", n)
        try:
            steps[n] = vm_steps(store, lambda: list(store.query()))
        finally:
            store.close()
    # It counted the group's members once for each member row: quadratic (13x here).
    assert steps[400] / steps[100] < 2.5 * 4, steps


# --- upgrade ---------------------------------------------------------------------------

def test_a_schema_1_store_is_upgraded_and_relinks_as_before(tmp_path: Path):
    db = tmp_path / "old.sqlite"
    a = event("A", "seizure", "2008-05-10", place="osh", drugs=(("opium", 100.0),))
    bridge = event("B", "seizure", "2008-05-01", "2008-05-31", place="osh", drugs=(("raw opium", 100.8),))
    c = event("C", "seizure", "2008-05-20", place="osh", drugs=(("opium", 101.6),))
    with open_store(db) as store:
        for name, feature in zip("ABC", (a, bridge, c)):
            store.put(result(f"{name}.txt", name, [feature]))
        # What a store written by the previous geoevents looks like: no link table rows,
        # the old index, schema 1.
        store.conn.executescript(
            "DELETE FROM event_links; UPDATE meta SET value='1' WHERE key='schema';"
            "CREATE INDEX events_link ON events(event_type, place_id, start);")
    with open_store(db) as store:
        assert store.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("2",)
        assert store.conn.execute("SELECT COUNT(*) FROM event_links").fetchone() == (3,)
        assert store.conn.execute("SELECT name FROM sqlite_master WHERE name='events_link'").fetchone() is None
        assert [len(f["properties"]["sources"]) for f in store.query()] == [3]
        store.put(result("B.txt", "B", [event("B", "arrest", "2008-05-02")], sha=sha("B2")))
        assert [len(f["properties"]["sources"]) for f in store.query()] == [1, 1, 1]
        store.put(result("D.txt", "D", [event("D", "seizure", "2008-05-01", "2008-05-31",
                                                place="osh", drugs=(("opium", 101.0),))]))
        assert sorted(len(f["properties"]["sources"]) for f in store.query()) == [1, 3]
