"""Ingest throughput (decode + header + segment + sentences) on a generated corpus.

Writes --count generated cables (benchmarks/corpus.py) and reads each with
geoevents.ingest.read_document -- charset detection and decoding, the cable header,
paragraphs and sentences -- and, as the peer measured in the same process, merely
reads, decodes and splits the same files into lines (the floor of any ingest).  Prints
MB/s and documents/s of both, medians of --runs runs, and how many times the floor
ingest costs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import summary  # noqa: E402
from corpus import write_corpus  # noqa: E402

from geoevents.ingest import read_document  # noqa: E402


def _time(fn: Callable[[str], object], paths: list[str]) -> float:
    """Seconds to run ``fn`` on every path once."""
    start = time.perf_counter()
    for p in paths:
        fn(p)
    return time.perf_counter() - start


def _bare_read(path: str) -> list[str]:
    """The peer: read, decode and split into lines, nothing else."""
    return Path(path).read_bytes().decode("utf-8").splitlines()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000,
                        help="generated cables (default %(default)s)")
    parser.add_argument("--runs", type=int, default=5,
                        help="runs of each; the median is reported (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in write_corpus(Path(tmp), args.count)]
        size = sum(Path(p).stat().st_size for p in paths)
        floor = statistics.median(_time(_bare_read, paths) for _ in range(args.runs))
        ingest = statistics.median(_time(read_document, paths) for _ in range(args.runs))
    mb = size / 1e6
    print(f"corpus: {args.count} generated cables, {mb:.1f} MB; median of {args.runs} runs")
    print(f"geoevents ingest: {mb / ingest:8.1f} MB/s  {args.count / ingest:9.0f} docs/s")
    print(f"read+decode only: {mb / floor:8.1f} MB/s  {args.count / floor:9.0f} docs/s")
    print(f"ingest costs {ingest / floor:.1f}x a bare read")
    summary.write(args.summary_json, "ingest_throughput", [summary.Row(
        figure="ingest MB/s", value=summary.rate(mb / ingest, "MB/s"),
        peer="read+decode+split only", peer_value=summary.rate(mb / floor, "MB/s"),
        ratio=floor / ingest)])


if __name__ == "__main__":
    main()
