"""Cold start: `geoevents extract` on the seed in a fresh process vs a fresh search_dates script.

    python benchmarks/cold_start.py [--runs 7] [--summary-json PATH]

A user runs geoevents once per report more often than on a corpus, so the start-up counts:
imports, compiled patterns and the gazetteer.  The peer is the cheapest thing that finds
dates in the same file with the library most would reach for: a fresh Python process that
imports dateparser and runs search_dates over the seed's text.  Both run --runs times,
interleaved (a noisy neighbour slows both alike), without bytecode: the cache prefix is an
empty folder and nothing is written to it, so each run compiles every module it imports,
as a first run after an upgrade would (--bytecode: with the usual caches instead).  The
medians and their ratio are printed.  Goal (issue #15): geoevents <= 0.5x the peer.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import summary

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_021d51493ed81108.txt"
GOAL = 0.5
PEER = ("import sys\nfrom dateparser.search import search_dates\n"
        "search_dates(open(sys.argv[1], encoding='utf-8', errors='replace').read(), languages=['en'])\n")


def _seconds(argv: list[str], cache: str | None) -> float:
    """Wall seconds of one fresh process; with ``cache`` (an empty folder) no bytecode is
    read or written."""
    env = dict(os.environ)
    if cache is not None:
        env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX=cache)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs of each; medians are printed (default %(default)s)")
    parser.add_argument("--bytecode", action="store_true", help="use the installed bytecode caches (default: none)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    if not SEED.exists():
        summary.skip(args.summary_json, "cold_start", "the seed cable (../shared) is absent")
        return
    ours_argv = [sys.executable, "-m", "geoevents.cli", "extract", str(SEED), "--offline", "-o", os.devnull]
    peer_argv = [sys.executable, "-c", PEER, str(SEED)]
    times: dict[str, list[float]] = {"geoevents": [], "search_dates": []}
    with tempfile.TemporaryDirectory() as empty:
        cache = None if args.bytecode else empty
        for _ in range(args.runs):
            times["geoevents"].append(_seconds(ours_argv, cache))
            times["search_dates"].append(_seconds(peer_argv, cache))
    ours, peer = (statistics.median(times[k]) for k in ("geoevents", "search_dates"))
    ratio = ours / peer
    print(f"seed cable, fresh processes {'with' if args.bytecode else 'without'} bytecode, "
          f"medians of {args.runs} interleaved runs")
    print(f"  geoevents extract --offline  {ours * 1000:7.0f} ms")
    print(f"  dateparser search_dates      {peer * 1000:7.0f} ms   (the peer: imports dateparser, finds dates)")
    print(f"  ratio {ratio:.2f}  (goal <= {GOAL}: {'met' if ratio <= GOAL else 'NOT met'})")
    summary.write(args.summary_json, "cold_start", [summary.Row(
        figure="cold extract of the seed", value=f"{ours * 1000:.0f} ms", peer="cold search_dates script",
        peer_value=f"{peer * 1000:.0f} ms", ratio=round(ratio, 2), goal=f"<= {GOAL}x", met=ratio <= GOAL)])


if __name__ == "__main__":
    main()
