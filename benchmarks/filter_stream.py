"""`geoevents filter` on a GeoJSON text sequence: events/s and peak memory, beside peers.

Generates N events as an RFC 8142 text sequence (RS, one Feature per line; --events,
default 300,000 for a quick run -- the issue's goal is measured with --events 1000000)
and times, each in its own process and round-robin over --runs runs, the same filter
(--from 2008-03 --to 2008-06 --type seizure): `geoevents filter`, which checks every
Feature against the event contract and writes the kept ones atomically; its peer, a
bare `json.loads` loop over the lines (what any Python filter pays at least: decoding
alone, no checks, no output); and jq (`jq --seq -c 'select(...)'`) when installed.
Prints the median events/s by wall clock and by CPU time (steadier on a shared
machine), each program's peak RSS from getrusage of the child, the ratios, and, at
10^6 events or more, whether geoevents reaches the goal: >= 100,000 events/s in
constant memory.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import summary

RS = "\x1e"
GOAL = 100_000  # events/s ...
GOAL_EVENTS = 1_000_000  # ... on this many (issue "Speed at corpus scale")
FILTER = ["--from", "2008-03", "--to", "2008-06", "--type", "seizure"]
# The same test as FILTER for the peers: a seizure whose whole [start, end] lies in
# March-June 2008 (filter's default --within; no event here is dated by its end only).
JQ_SELECT = ('select(.properties.event_type == "seizure" and .properties.start != null '
             'and .properties.start >= "2008-03-01" and .properties.end <= "2008-06-30")')
BARE_LOOP = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        json.loads(line.lstrip("\\x1e"))
"""
# Starts one program and reports its wall time and getrusage.  A separate, minimal
# interpreter (-I -S): Linux carries the forking process's peak RSS into the child's
# ru_maxrss, so the figure's floor is this launcher's few MiB, not this script's.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as report:
    json.dump({"status": os.waitstatus_to_exitcode(status), "wall": wall,
               "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss}, report)
"""
TYPES = ("seizure", "arrest", "operation", "lab_closure", "route", "statistic")
CITIES = (("Shymkent", 69.5901, 42.3417), ("Almaty", 76.9286, 43.2567),
          ("Karaganda", 73.1022, 49.8047), ("Aktau", 51.1979, 43.6481),
          ("Osh", 72.7985, 40.5283), ("Khujand", 69.6221, 40.2826))


# --- the events --------------------------------------------------------------------------

def make_feature(rng: random.Random, index: int) -> dict:
    """One contract Feature from geoevents.model, varied by ``rng``."""
    from geoevents.model import Event, Place, Quantity, TimeSpan

    name, lon, lat = rng.choice(CITIES)
    start = date(2007, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    length = rng.choice((0, 0, 0, 30, 90))
    kg = round(rng.uniform(0.1, 900), 3)
    text = f"On {start:%B %d, %Y}, police seized {kg} kilograms of heroin in {name}."
    event = Event(
        event_type=rng.choice(TYPES), title=f"Heroin seized in {name}", doc_id=f"08BENCH{index // 50}",
        doc_date=date(2009, 12, 1), paragraph=index % 50 + 1, sentence=text,
        char_start=index * 100, char_end=index * 100 + len(text),
        span=None if rng.random() < 0.05 else TimeSpan(
            start, start + timedelta(days=length), "day" if not length else "range", "absolute",
            f"{start:%B %d, %Y}", 3, 20),
        date_precision="day",
        place=Place(name, 0, len(name), name=name, place_id=f"bench:{name}", kind="city",
                    country_code="KZ", lat=lat + rng.uniform(-0.5, 0.5),
                    lon=lon + rng.uniform(-0.5, 0.5), geo_precision="city",
                    resolved_by="gazetteer"),
        drugs=(Quantity("heroin", kg, "kg", kg),), counts=(("arrested", rng.randrange(0, 9)),),
        agencies=("police",), countries=("KZ",), confidence=0.8)
    return event.to_feature()


def generate(folder: Path, count: int, collection: bool = False) -> None:
    """events.geojsons (and with ``collection`` events.geojson, the same events as a
    FeatureCollection); every event has its own id."""
    rng = random.Random(20081202)
    templates = []
    for i in range(2000):  # serialise once, then only the ids change
        feature = make_feature(rng, i)
        feature["id"] = feature["properties"]["id"] = "@ID@"
        templates.append(json.dumps(feature, ensure_ascii=False).split("@ID@"))
    with (folder / "events.geojsons").open("w", encoding="utf-8") as seq, \
            open(folder / "events.geojson" if collection else os.devnull, "w",
                 encoding="utf-8") as whole:
        whole.write('{"type": "FeatureCollection", "features": [\n')
        for i in range(count):
            line = f"{i:016x}".join(templates[i % len(templates)])
            seq.write(f"{RS}{line}\n")
            if collection:
                whole.write(f"{',' if i else ''}{line}\n")
        whole.write('], "documents": []}\n')


# --- timing child processes --------------------------------------------------------------

@dataclass
class Program:
    """One contender: its command line, and what its runs measured."""

    name: str
    argv: list[str]
    stdout: Path | None = None  # where its output goes (jq writes to stdout)
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    def run(self, report: Path) -> None:
        """Run once through LAUNCHER; record wall and CPU seconds and peak RSS."""
        out = self.stdout.open("wb") if self.stdout else subprocess.DEVNULL
        try:
            done = subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, str(report),
                                   *self.argv], stdout=out, stderr=subprocess.PIPE, check=False)
        finally:
            if self.stdout:
                out.close()
        stats = json.loads(report.read_text()) if done.returncode == 0 else {"status": -1}
        if stats["status"]:
            raise SystemExit(f"{self.name} failed (exit {stats['status']}): "
                             f"{done.stderr.decode(errors='replace')[-2000:]}")
        self.wall.append(stats["wall"])
        self.cpu.append(stats["cpu"])
        self.peak_kib.append(stats["maxrss"])

    def rate(self, events: int) -> float:
        """Median events/s by wall clock."""
        return events / statistics.median(self.wall)

    def cpu_rate(self, events: int) -> float:
        """Median events/s by CPU time (user + system) of the child."""
        return events / statistics.median(self.cpu)

    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024


def programs(folder: Path, with_collection: bool) -> list[Program]:
    """geoevents filter first (the ratios are its own), then its peers."""
    py, out = sys.executable, str(folder / "out.geojsons")
    seq = str(folder / "events.geojsons")
    found = [Program("geoevents filter", [py, "-m", "geoevents.cli", "filter", seq, *FILTER,
                                          "-o", out]),
             Program("json.loads loop", [py, "-c", BARE_LOOP, seq])]
    jq = shutil.which("jq")
    if jq:
        found.append(Program("jq", [jq, "--seq", "-c", JQ_SELECT, seq],
                             stdout=folder / "jq.geojsons"))
    else:
        print("jq: not installed, not measured")
    if with_collection:
        found.append(Program("geoevents filter (FeatureCollection)",
                             [py, "-m", "geoevents.cli", "filter",
                              str(folder / "events.geojson"), *FILTER, "-o", out]))
    return found


def launcher_mib() -> float:
    """The peak RSS of LAUNCHER itself, running a program that uses next to nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "run.json"
        subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, str(report),
                        shutil.which("true") or "/bin/true"], check=True)
        return json.loads(report.read_text())["maxrss"] / 1024


def kept(path: Path) -> int:
    """Records in a text sequence."""
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


# --- report ------------------------------------------------------------------------------

def report(events: int, contenders: list[Program], folder: Path) -> list[summary.Row]:
    """Print the table and the ratios; return the headline rows for the summary."""
    ours, *peers = contenders
    print(f"{'program':38s} {'events/s (wall)':>16s} {'events/s (CPU)':>15s} {'peak RSS':>10s}")
    for program in contenders:
        print(f"{program.name:38s} {program.rate(events):16,.0f} {program.cpu_rate(events):15,.0f} "
              f"{program.peak_mib():7.1f} MiB")
    print(f"(peak RSS: ru_maxrss of the child, whose floor is its launcher's "
          f"{launcher_mib():.1f} MiB: Linux carries the forking process's peak into it)")
    print(f"geoevents filter keeps {kept(folder / 'out.geojsons'):,} events"
          + (f"; jq keeps {kept(folder / 'jq.geojsons'):,}" if (folder / 'jq.geojsons').exists()
             else ""))
    rows: list[summary.Row] = []
    rate = ours.rate(events)
    # the goal is set for 10^6 events: on fewer, start-up weighs more, so no verdict
    goal = f">= {GOAL:,} events/s at {GOAL_EVENTS:,}"
    verdict = {"met": rate >= GOAL} if events >= GOAL_EVENTS else {}
    for peer in peers:
        if peer.name.startswith("geoevents"):
            continue
        print(f"geoevents filter vs {peer.name}: events/s x{rate / peer.rate(events):.2f} "
              f"(wall), x{ours.cpu_rate(events) / peer.cpu_rate(events):.2f} (CPU); "
              f"peak memory x{ours.peak_mib() / peer.peak_mib():.2f}")
        rows.append(summary.Row(
            figure=f"filter, {events:,}-event sequence", value=summary.rate(rate, "events/s"),
            peer=peer.name, peer_value=summary.rate(peer.rate(events), "events/s"),
            ratio=rate / peer.rate(events), goal=goal, **verdict))
    if verdict:
        print(f"goal {goal}: {'met' if verdict['met'] else 'MISSED'}, median {rate:,.0f} "
              f"events/s, peak RSS {ours.peak_mib():.1f} MiB")
    else:
        print(f"goal {goal}: not measured here (--events {GOAL_EVENTS} measures it)")
    rows.append(summary.Row(figure="filter peak RSS", value=f"{ours.peak_mib():.1f} MiB",
                            peer=peers[0].name, peer_value=f"{peers[0].peak_mib():.1f} MiB",
                            ratio=ours.peak_mib() / peers[0].peak_mib(),
                            goal="constant memory"))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=300_000,
                        help="events in the sequence (default %(default)s; the goal: 1000000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each program; the median "
                                                            "is reported (default %(default)s)")
    parser.add_argument("--collection", action="store_true",
                        help="also time geoevents filter on the same events as one "
                             "FeatureCollection (read by the general parser)")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    summary.add_option(parser)
    args = parser.parse_args(argv)
    if args.generate_into:  # the child that writes the events (see below)
        generate(args.generate_into, args.events, args.collection)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        # in a child, as every program timed: this process stays small
        subprocess.run([sys.executable, __file__, "--generate-into", tmp, "--events",
                        str(args.events), *(["--collection"] if args.collection else [])],
                       check=True)
        size = (folder / "events.geojsons").stat().st_size / 1e6
        print(f"generated {args.events:,} events in {time.perf_counter() - started:.0f} s: "
              f"text sequence {size:,.0f} MB; filter {' '.join(FILTER)}; median of {args.runs} runs")
        contenders = programs(folder, args.collection)
        for _ in range(args.runs):  # round-robin: a busy moment hurts every program alike
            for program in contenders:
                program.run(folder / "run.json")
        rows = report(args.events, contenders, folder)
    summary.write(args.summary_json, "filter_stream", rows)


if __name__ == "__main__":
    main()
