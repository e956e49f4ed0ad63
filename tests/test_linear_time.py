"""Pathological text costs time linear in its length: CPU time at 4x the size stays near
4x (a quadratic stage would give 16x). Ratios of CPU time in the same run, never wall time."""
from __future__ import annotations

import time

import pytest

from geoevents.gazetteer import load_gazetteer
from geoevents.ingest import document_from_text
from geoevents.pipeline import document_events

FAMILIES = {
    "capital run": lambda n: "Police seized heroin. " + "A" * n,
    "one long trigger sentence": lambda n: "Officers " + "seized 1,000,000 kilograms, 2 tons, 3 grams of heroin and "
                                           * (n // 57) + "hashish.",
    "one line without a full stop": lambda n: "Police in Almaty seized 12 kg of heroin on 3 May 2008 and detained "
                                              "two men; " * (n // 76),
    "repeated paragraph numbers": lambda n: "".join(
        f"{1 + i % 3}. (SBU) Customs officers seized {i} kilos of hashish at a checkpoint near Taraz in "
        f"March 2008.\n\n" for i in range(n // 90)),
    "repeated years": lambda n: "2008 " * (n // 5),
}
SMALL = 12_000
GROWTH = 4
# linear gives 4; the cushion absorbs a noisy machine, a quadratic stage (16) does not fit
MAX_RATIO = 8.0


def _cpu(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        document_events(document_from_text(text, "adversarial.txt"))
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_cpu_time_grows_linearly(family):
    load_gazetteer()
    make = FAMILIES[family]
    _cpu(make(2_000))  # warm caches and lazy compiles before timing
    small, large = _cpu(make(SMALL)), _cpu(make(SMALL * GROWTH))
    floor = 0.01  # below this, timer resolution dominates: compare against the floor
    assert max(large, floor) / max(small, floor) <= MAX_RATIO, (family, small, large)
