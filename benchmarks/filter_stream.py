"""`geoevents filter` on 10^6 events: events/s and peak memory, beside two peers.

Usage: python benchmarks/filter_stream.py [N_EVENTS] [RUNS] [LOAD_ALL_CAP]

Generates N events (a GeoJSON text sequence and the same events as a FeatureCollection)
in a temporary directory, then times, each in its own process, reporting its own peak
RSS (VmHWM, which unlike ru_maxrss does not inherit the forking parent's size):
  * geoevents filter on the sequence and on the FeatureCollection (validating reader,
    FilterSpec, atomic geojsonseq writer);
  * naive streaming: per line json.loads, the same date/type test, json.dumps (no
    validation, no atomic write): what any streaming Python filter costs at least;
  * load-all: read the file, json.loads every record into a list, filter, dump: the
    common script, whose memory grows with the input.
Prints medians of RUNS runs and the ratios.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from geoevents.model import Event, Place, Quantity, TimeSpan

RS = "\x1e"
FILTER = ["--from", "2008-03", "--to", "2008-06", "--type", "seizure"]
PEAK = """
import atexit, os, resource
def _peak():
    try:
        with open("/proc/self/status") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(str(kib))
atexit.register(_peak)
"""
CLI = PEAK + "from geoevents.cli import main; main()"
PREDICATE = """
def keep(f):
    p = f["properties"]
    return (p.get("event_type") == "seizure" and p.get("start") is not None
            and p["start"] <= "2008-06-30" and p["end"] >= "2008-03-01")
"""
NAIVE_STREAM = PEAK + PREDICATE + """
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        f = json.loads(line.lstrip("\\x1e"))
        if keep(f):
            out.write("\\x1e" + json.dumps(f, ensure_ascii=False) + "\\n")
"""
LOAD_ALL = PEAK + PREDICATE + """
import itertools, json, sys
text = "".join(itertools.islice(open(sys.argv[1], encoding="utf-8"), int(sys.argv[3])))
features = [json.loads(r) for r in text.split("\\x1e") if r.strip()]
kept = [f for f in features if keep(f)]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.writelines("\\x1e" + json.dumps(f, ensure_ascii=False) + "\\n" for f in kept)
"""
TYPES = ("seizure", "arrest", "operation", "lab_closure", "route", "statistic")
CITIES = (("Shymkent", 69.5901, 42.3417), ("Almaty", 76.9286, 43.2567),
          ("Karaganda", 73.1022, 49.8047), ("Aktau", 51.1979, 43.6481),
          ("Osh", 72.7985, 40.5283), ("Khujand", 69.6221, 40.2826))


def make_feature(rng: random.Random, index: int) -> dict:
    """One contract Feature from geoevents.model, varied by ``rng``."""
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


def generate(folder: Path, count: int) -> tuple[Path, Path]:
    """The sequence and the FeatureCollection files; every event has its own id."""
    rng = random.Random(20081202)
    templates = []
    for i in range(2000):  # serialise once, then only the ids change
        feature = make_feature(rng, i)
        feature["id"] = feature["properties"]["id"] = "@ID@"
        templates.append(json.dumps(feature, ensure_ascii=False).split("@ID@"))
    seq, collection = folder / "events.geojsons", folder / "events.geojson"
    with seq.open("w", encoding="utf-8") as s, collection.open("w", encoding="utf-8") as c:
        c.write('{"type": "FeatureCollection", "features": [\n')
        for i in range(count):
            line = f"{i:016x}".join(templates[i % len(templates)])
            s.write(f"{RS}{line}\n")
            c.write(f"{',' if i else ''}{line}\n")
        c.write('], "documents": []}\n')
    return seq, collection


def measure(argv: list[str], peak_file: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one child process."""
    env = {**os.environ, "BENCH_PEAK_FILE": str(peak_file)}
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            check=False)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{argv[:4]} failed: {result.stderr.decode()}")
    return seconds, int(peak_file.read_text()) * 1024


def main(count: int = 1_000_000, runs: int = 3, load_all_cap: int = 100_000) -> None:
    """``load_all_cap``: the load-all peer reads only the first events (at 10^6 it would
    need ~9 GB); its events/s and memory are reported for that many."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        seq, collection = generate(folder, count)
        print(f"generated {count:,} events in {time.perf_counter() - t0:.0f} s: sequence "
              f"{seq.stat().st_size / 1e6:.0f} MB, FeatureCollection "
              f"{collection.stat().st_size / 1e6:.0f} MB; median of {runs} runs")
        out = str(folder / "out.geojsons")
        programs = {
            "geoevents filter (sequence)": [py, "-c", CLI, "filter", str(seq), *FILTER, "-o", out],
            "geoevents filter (FeatureCollection)":
                [py, "-c", CLI, "filter", str(collection), *FILTER, "-o", out],
            "naive streaming json.loads/dumps": [py, "-c", NAIVE_STREAM, str(seq), out],
            "load-all json.loads list": [py, "-c", LOAD_ALL, str(seq), out,
                                         str(min(count, load_all_cap))],
        }
        events = {name: count for name in programs}
        events["load-all json.loads list"] = min(count, load_all_cap)
        samples: dict[str, list[tuple[float, int]]] = {name: [] for name in programs}
        for _ in range(runs):  # round-robin, so a busy moment hurts every program alike
            for name, argv in programs.items():
                samples[name].append(measure(argv, folder / "peak"))
        measure(programs["geoevents filter (sequence)"], folder / "peak")  # leave our output
        kept = sum(1 for _ in open(out, encoding="utf-8"))
    print(f"filter {' '.join(FILTER)} keeps {kept:,} events")
    rates = {}
    for name, runs_of in samples.items():
        seconds = statistics.median(s for s, _ in runs_of)
        peak = max(m for _, m in runs_of)
        rates[name] = (events[name] / seconds, peak)
        print(f"{name:38s} {events[name]:>9,} events {rates[name][0]:10,.0f} events/s  "
              f"peak RSS {peak / 2**20:7.1f} MiB")
    ours, our_peak = rates["geoevents filter (sequence)"]
    for peer in ("naive streaming json.loads/dumps", "load-all json.loads list"):
        rate, peak = rates[peer]
        print(f"geoevents filter vs {peer}: events/s x{ours / rate:.2f}, "
              f"peak memory x{our_peak / peak:.3f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
