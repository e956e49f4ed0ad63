"""Russian report vs the reference cable: time to extract a Russian report of the seed's size.

The Russian report is the project's own Russian test reports (tests/data/events_ru, written
for the project) joined until it is as long as the seed cable.  A second peer, like for like:
the project's English test reports (tests/data/events) joined to the same length -- the seed
prints its body twice and segments into a third of the sentences of a news-style text of
its size.  Both are run in fresh
processes (`geoevents extract FILE --offline`, cold: imports, gazetteer and, for Russian,
the morphology dictionary) and in one warm process (document_events only), interleaved;
medians are printed with the ratio Russian / seed.  Goal: under 2x.
Run: .venv/bin/python benchmarks/russian_speed.py [--runs 5] [--summary-json PATH]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import summary

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_021d51493ed81108.txt"
RUSSIAN = ROOT / "tests" / "data" / "events_ru"
ENGLISH = ROOT / "tests" / "data" / "events"
GOAL = 2.0


def russian_report(size: int, folder: Path = RUSSIAN) -> str:
    """The project's reports in ``folder``, joined (and repeated) until ``size`` characters.
    A repeat has its digits shifted (every 7 becomes 8, ...): geoevents skips a sentence a
    report prints again, so identical copies would cost next to nothing and flatter the
    figure; shifted dates and amounts are read in full, as new text would be."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    out, i = [], 0
    while sum(len(p) for p in out) < size:
        shift = i // len(parts)
        text = parts[i % len(parts)]
        out.append(text.translate(str.maketrans("0123456789", "".join(str((d + shift) % 10) for d in range(10))))
                   if shift else text)
        i += 1
    return "\n\n".join(out)


def cold(path: Path) -> float:
    """Seconds for one `geoevents extract` in a fresh process."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geoevents.cli", "extract", str(path), "--offline", "-o", "/dev/null"],
                   check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t


def warm(texts: dict[str, str], runs: int) -> dict[str, float]:
    """Median seconds of document_events per text, in this process after one warm-up each."""
    from geoevents.gazetteer import load_gazetteer
    from geoevents.ingest import document_from_text
    from geoevents.pipeline import document_events

    load_gazetteer()
    docs = {name: document_from_text(text, f"{name}.txt") for name, text in texts.items()}
    for doc in docs.values():
        document_events(doc)
    times: dict[str, list[float]] = {name: [] for name in docs}
    for _ in range(runs):
        for name, doc in docs.items():
            t = time.process_time()
            document_events(doc)
            times[name].append(time.process_time() - t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each; medians are printed (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    if not SEED.exists():
        summary.skip(args.summary_json, "russian_speed", "the seed cable (../shared) is absent")
        return
    seed_text = SEED.read_text(encoding="utf-8", errors="replace")
    ru_text = russian_report(len(seed_text))
    en_text = russian_report(len(seed_text), ENGLISH)
    with tempfile.TemporaryDirectory() as tmp:
        ru_path = Path(tmp) / "russian.txt"
        ru_path.write_text(ru_text, encoding="utf-8")
        cold_times: dict[str, list[float]] = {"seed": [], "russian": []}
        for _ in range(args.runs):  # interleaved: a noisy neighbour slows both alike
            cold_times["seed"].append(cold(SEED))
            cold_times["russian"].append(cold(ru_path))
    cold_med = {k: statistics.median(v) for k, v in cold_times.items()}
    warm_med = warm({"seed": seed_text, "russian": ru_text, "english": en_text}, args.runs)
    print(f"seed cable: {len(seed_text):,} characters; Russian report: {len(ru_text):,} characters "
          f"(the project's Russian test reports joined); medians of {args.runs} runs")
    rows = []
    for label, med in (("cold extract (fresh process)", cold_med), ("warm document_events (CPU)", warm_med)):
        ratio = med["russian"] / med["seed"]
        print(f"  {label:<30} seed {med['seed'] * 1000:7.0f} ms   Russian {med['russian'] * 1000:7.0f} ms"
              f"   ratio {ratio:4.2f}  (goal < {GOAL:.0f}x: {'met' if ratio < GOAL else 'NOT met'})")
        rows.append(summary.Row(figure=f"Russian report, {label}", value=f"{med['russian'] * 1000:.0f} ms",
                                peer="seed cable", peer_value=f"{med['seed'] * 1000:.0f} ms", ratio=round(ratio, 2),
                                goal=f"< {GOAL:.0f}x", met=ratio < GOAL))
    ratio = warm_med["russian"] / warm_med["english"]
    print(f"  {'warm, like for like':<30} English {warm_med['english'] * 1000:4.0f} ms   Russian "
          f"{warm_med['russian'] * 1000:7.0f} ms   ratio {ratio:4.2f}  (the project's English reports of the same length)")
    rows.append(summary.Row(figure="Russian report, warm, vs English reports of its length",
                            value=f"{warm_med['russian'] * 1000:.0f} ms", peer="English project reports",
                            peer_value=f"{warm_med['english'] * 1000:.0f} ms", ratio=round(ratio, 2)))
    summary.write(args.summary_json, "russian_speed", rows)


if __name__ == "__main__":
    main()
