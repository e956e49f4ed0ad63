"""Events accuracy on the hand-annotated test set, and whole-pipeline throughput.

Prints per-type precision/recall/F1 and per-field accuracy on tests/data/events (the
development set), on tests/data/events_heldout (annotated before the extractor ever
ran on it) and on tests/data/events_ru (Russian reports written for the project) -- scored against the hand annotations, which are the reference here --
then the MB/s of the whole pipeline (ingest + dates + places + events + to_feature) on
those reports and on the seed cable when present, beside its peer measured in the same
run: ingest alone, the part every reader of the reports pays (median of --runs runs,
after one warm-up that loads the gazetteer).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import summary  # noqa: E402
from events_scoring import DATA_DIR, format_report, gold_corpus, score_corpus  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_021d51493ed81108.txt"
HELDOUT_DIR = ROOT / "tests" / "data" / "events_heldout"
RUSSIAN_DIR = ROOT / "tests" / "data" / "events_ru"


def _pipeline(path: str) -> int:
    from geoevents.ingest import read_document
    from geoevents.pipeline import document_events

    return len([e.to_feature() for e in document_events(read_document(path))])


def _ingest(path: str) -> int:
    from geoevents.ingest import read_document

    return len(read_document(path).paragraphs)


def _median_seconds(fn: Callable[[str], int], paths: Sequence[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for p in paths:
            fn(p)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def throughput(label: str, paths: Sequence[str], runs: int) -> summary.Row:
    """Print the pipeline's and ingest's MB/s on ``paths``; return the headline row."""
    size = sum(Path(p).stat().st_size for p in paths) / 1e6
    for p in paths:  # warm-up: gazetteer load and imports are start-up, not throughput
        _pipeline(p)
    whole = _median_seconds(_pipeline, paths, runs)
    ingest = _median_seconds(_ingest, paths, runs)
    print(f"{label}: {len(paths)} file(s), {size * 1000:.1f} kB, median of {runs} runs")
    print(f"  whole pipeline : {size / whole:7.3f} MB/s  {whole / len(paths) * 1000:7.1f} ms/doc")
    print(f"  ingest only    : {size / ingest:7.3f} MB/s  {ingest / len(paths) * 1000:7.1f} ms/doc")
    print(f"  pipeline costs {whole / ingest:.1f}x ingest")
    return summary.Row(figure=f"pipeline MB/s, {label}", value=summary.rate(size / whole, "MB/s"),
                       peer="ingest only", peer_value=summary.rate(size / ingest, "MB/s"),
                       ratio=ingest / whole)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs; the median is reported (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    rows: list[summary.Row] = []
    start = time.perf_counter()
    docs = gold_corpus(DATA_DIR)
    for label, folder in (("development set", DATA_DIR), ("held-out set", HELDOUT_DIR),
                          ("Russian set", RUSSIAN_DIR)):
        found = gold_corpus(folder)
        print(f"accuracy on the {label}: {len(found)} annotated reports, "
              f"{sum(len(d.events) for d in found)} events "
              f"(incl. start-up {time.perf_counter() - start:.2f} s)")
        score = score_corpus(found)
        print(format_report(score))
        print()
        rows.append(summary.Row(figure=f"event F1, {label}", value=f"{score.f1():.3f}",
                                peer="hand annotations"))
    rows.append(throughput("annotated test set", [str(d.path) for d in docs], args.runs))
    if SEED.is_file():
        rows.append(throughput("seed cable", [str(SEED)], args.runs))
    else:
        print(f"seed cable not present at {SEED}; skipped")
    summary.write(args.summary_json, "events_accuracy", rows)


if __name__ == "__main__":
    main()
