"""Event store scale: linking cost against the size of linked groups and of the store.

    python benchmarks/store_scale.py [--sizes 25,100,300,1000] [--docs 2000] [--summary-json PATH]

1. N documents that all report one seizure (one linked group of N): the cost of
   replacing one of them (a re-run after one file changed), and of replacing all N.
2. A first run of --docs documents, four seizures each at one place on many dates with
   masses too far apart to link: the cost of storing a document among the first 200
   and among the last 200 (it must not grow with the store).

Costs are CPU seconds and SQLite virtual-machine steps (deterministic), straight through
the store API (no extraction), each compared with its peer, linear growth from the
smallest case measured in the same run.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import summary
from geoevents.store import EventStore


def seizure(doc: str, at: int, kg: float, day: str) -> dict[str, Any]:
    """A Feature with what the store reads, about a kilobyte like extract's."""
    return {"type": "Feature", "id": f"{doc}-{at}",
            "geometry": {"type": "Point", "coordinates": [69.6, 42.3]},
            "properties": {"id": f"{doc}-{at}", "event_type": "seizure", "status": "reported",
                           "start": day, "end": day, "place_id": "gn:shymkent",
                           "country_code": "KZ", "drugs": [{"substance": "heroin", "kg": kg}],
                           "doc_id": doc, "sentence": "x" * 900}}


def document(i: int, features: list[dict[str, Any]], version: str = "") -> Any:
    sha = f"{i}-{version}".ljust(64, "0")
    summary = {"doc_id": f"D{i}", "doc_date": "2008-12-01", "sha256": sha}
    return SimpleNamespace(path=f"d{i}.txt", sha256=sha, document=summary, size=1000,
                           features=tuple(features))


class Cost:
    """CPU seconds and VM steps added up over the blocks measured."""

    def __init__(self) -> None:
        self.cpu, self.steps = 0.0, 0


@contextlib.contextmanager
def measured(store: EventStore, cost: Cost, steps: bool = False) -> Iterator[None]:
    """Add the block's CPU time to ``cost``, or (``steps``) its SQLite VM instructions: the
    progress handler runs for every instruction (a coarser period misses statements
    shorter than it), which would weigh on the CPU time, so a block measures one."""
    def tick() -> int:
        cost.steps += 1
        return 0

    if steps:
        store.conn.set_progress_handler(tick, 1)
    cpu = time.process_time()
    try:
        yield
    finally:
        store.conn.set_progress_handler(None, 0)
        if not steps:
            cost.cpu += time.process_time() - cpu


def linked_group(sizes: list[int], tmp: Path) -> summary.Row:
    """Print the cost of replacing one and all of N documents in one linked group;
    return the headline: the VM steps of replacing one at the largest N."""
    print("one seizure reported by N documents (one linked group of N):")
    base: tuple[int, int] | None = None
    row = summary.Row()
    for n in sizes:
        store = EventStore(tmp / f"group{n}.sqlite")
        for i in range(n):
            store.put(document(i, [seizure(f"D{i}", 0, 537.0, "2008-05-14")]))
        one, every = Cost(), Cost()
        for at, steps in ((1, True), (2, False)):  # document 0 holds the group's label
            with measured(store, one, steps):
                store.put(document(0, [seizure("D0", at, 537.0, "2008-05-14")], f"v{at}"))
        with measured(store, every):
            for i in range(n):
                store.put(document(i, [seizure(f"D{i}", 3, 537.0, "2008-05-14")], "again"))
        store.close()
        base = base or (n, one.steps)
        linear = base[1] * n / base[0]
        print(f"  N={n:5d}: replace one {one.cpu * 1000:7.1f} ms CPU, {one.steps:9d} VM steps "
              f"({one.steps / linear:.2f}x linear from N={base[0]}); replace all N "
              f"{every.cpu:7.2f} s CPU")
        row = summary.Row(figure=f"replace 1 of a linked group of {n}, VM steps",
                          value=f"{one.steps:,}", peer=f"linear from N={base[0]}",
                          peer_value=f"{linear:,.0f}", ratio=one.steps / linear)
    return row


def first_run(docs: int, tmp: Path) -> summary.Row:
    """Two identical runs: one measures VM steps, the other CPU time.  Returns the
    headline: the steps to store one of the last 200 documents against the first 200."""
    costs = {}
    for steps in (True, False):
        store = EventStore(tmp / f"first-{steps}.sqlite")
        kg = (10.0 * 1.02 ** i for i in itertools.count())  # each 2% above the last: no links
        days = itertools.cycle(f"2008-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29))
        early, late, middle = Cost(), Cost(), Cost()
        for i in range(docs):
            features = [seizure(f"D{i}", j, next(kg), next(days)) for j in range(4)]
            with measured(store, early if i < 200 else late if i >= docs - 200 else middle, steps):
                store.put(document(i, features))
        store.close()
        costs[steps] = early, late
    (early_steps, late_steps), (early_cpu, late_cpu) = costs[True], costs[False]
    print(f"first run of {docs} documents, 4 unlinked seizures each at one place:")
    print(f"  documents 1-200: {early_cpu.cpu / 200 * 1000:6.2f} ms CPU, "
          f"{early_steps.steps / 200:7.0f} VM steps each; documents {docs - 199}-{docs}: "
          f"{late_cpu.cpu / 200 * 1000:6.2f} ms CPU, {late_steps.steps / 200:7.0f} VM steps each "
          f"({late_steps.steps / max(early_steps.steps, 1):.2f}x)")
    return summary.Row(figure=f"store a document, VM steps, last 200 of {docs}",
                       value=f"{late_steps.steps / 200:,.0f}", peer="the first 200",
                       peer_value=f"{early_steps.steps / 200:,.0f}",
                       ratio=late_steps.steps / max(early_steps.steps, 1), goal="x1 (flat)",
                       met=late_steps.steps <= 1.2 * early_steps.steps)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="25,100,300,1000",
                        help="sizes N of the linked group (default %(default)s)")
    parser.add_argument("--docs", type=int, default=2000,
                        help="documents in the first run (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [linked_group([int(n) for n in args.sizes.split(",")], Path(tmp)),
                first_run(args.docs, Path(tmp))]
    summary.write(args.summary_json, "store_scale", rows)


if __name__ == "__main__":
    main()
