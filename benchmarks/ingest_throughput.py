"""Ingest throughput (decode + header + segment + sentences) on a generated corpus.

Prints MB/s and documents/s, median of several runs, beside the floor of merely
reading and decoding the same files, measured in the same process.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from geoevents.ingest import read_document  # noqa: E402


def _time(fn, paths) -> float:
    start = time.perf_counter()
    for p in paths:
        fn(p)
    return time.perf_counter() - start


def main(count: int = 2000, runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in write_corpus(Path(tmp), count)]
        size = sum(Path(p).stat().st_size for p in paths)
        floor = statistics.median(_time(lambda p: Path(p).read_bytes().decode("utf-8").splitlines(), paths)
                                  for _ in range(runs))
        ingest = statistics.median(_time(read_document, paths) for _ in range(runs))
    mb = size / 1e6
    print(f"corpus: {count} generated cables, {mb:.1f} MB; median of {runs} runs")
    print(f"geoevents ingest: {mb / ingest:8.1f} MB/s  {count / ingest:9.0f} docs/s")
    print(f"read+decode only: {mb / floor:8.1f} MB/s  {count / floor:9.0f} docs/s")
    print(f"ingest costs {ingest / floor:.1f}x a bare read")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
