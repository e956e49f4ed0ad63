"""Corpus scale: throughput of `geoevents extract` for 1, 2 and N jobs, the event store's
first run and incremental re-run, and a peer pipeline (dateparser.search_dates + geotext).
The event store's block ends with its goals (issue #15), each "met" or "NOT met": a first
--db run at most 1.2x a plain extract (the two timed in turn, same --jobs), a store at
most 2x its input text, a re-run with nothing changed at most 1% of the first run.

    python benchmarks/corpus_scale.py [--count 400] [--jobs 1,2] [--repeat 1] [--dask]
                                      [--peer-count 40] [--dir DIR] [--summary-json PATH]

The defaults make a run of a minute or two; the full measurement is
--count 10000 --jobs 1,2,4 --repeat 3 --peer-count 500 (tens of minutes).

Every figure is the median of --repeat runs, each a fresh `geoevents` process (peak RSS
from getrusage: the main process and its largest worker).  Beside the job counts it
measures how much a pure-Python CPU loop speeds up with the same number of processes
on this machine (the ceiling any process pool can reach here).  Accuracy is measured
against the generator's expected events: an expected event is found when an extracted
event of the same document and paragraph names the same place and its dates lie
within the expected interval (geoevents must also give the same type; "exact" also
needs the same start and end).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import summary  # noqa: E402
from corpus import write_corpus  # noqa: E402


# --- timing fresh CLI processes ----------------------------------------------------------

def run_cli(args: list[str]) -> dict[str, float]:
    """Run `geoevents ARGS` in a fresh interpreter: wall seconds, CPU seconds (the main
    process and its pool workers: on a shared machine wall time also counts the waits
    for a CPU), peak RSS (MB) of the main process and of its largest child."""
    code = ("import json,resource,sys,time\nfrom geoevents.cli import main\n"
            "t=time.perf_counter()\nc=time.process_time()\ntry:\n    main(sys.argv[1:])\n"
            "except SystemExit as e:\n    rc=e.code\nwall=time.perf_counter()-t\n"
            "kid=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "cpu=time.process_time()-c+kid.ru_utime+kid.ru_stime\n"
            "me=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            # ru_maxrss survives exec (it would report this benchmark's own size):
            # the kernel's high-water mark of the new process image is VmHWM.
            "try:\n    me=int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
            "except OSError:\n    pass\n"
            "kids=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(json.dumps({'rc':rc,'wall':wall,'cpu':cpu,'rss':me/1024,'child_rss':kids/1024}),"
            "file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1]
    stats = json.loads(last)
    if stats["rc"] not in (0, None):
        raise SystemExit(f"geoevents {' '.join(args)} failed: {proc.stderr[-2000:]}")
    return stats


def median_run(args: list[str], repeat: int, before: Any = None) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_cli(args))
    return medians(runs)


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss", "child_rss")}


def paired_runs(first: list[str], second: list[str], repeat: int, before_second: Any = None
                ) -> tuple[dict[str, float], dict[str, float]]:
    """Medians of two commands run in turn (first, second, first, ...): on a shared
    machine a change of load then weighs on both alike, not on whichever ran later."""
    a, b = [], []
    for _ in range(repeat):
        a.append(run_cli(first))
        if before_second:
            before_second()
        b.append(run_cli(second))
    return medians(a), medians(b)


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_ceiling(jobs: int, repeat: int) -> float:
    """Speed-up of a pure-Python CPU loop with ``jobs`` processes vs one, on this machine."""
    def timed(workers: int) -> float:
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_burn, [2_000_000] * 8))
        return time.perf_counter() - start
    pairs = [(timed(1), timed(jobs)) for _ in range(max(3, repeat))]  # interleaved: same load
    return statistics.median(one for one, _ in pairs) / statistics.median(many for _, many in pairs)


# --- accuracy ----------------------------------------------------------------------------

def load_expected(corpus: Path) -> dict[str, list[dict]]:
    with open(corpus / "expected.jsonl", encoding="utf-8") as handle:
        return {row["doc_id"]: row["events"] for row in map(json.loads, handle)}


def read_seq(path: Path) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip("\x1e\n")
            if line:
                props = json.loads(line)["properties"]
                found[props["doc_id"]].append(props)
    return found


def score(expected: dict[str, list[dict]], found: dict[str, list[dict]], typed: bool) -> dict[str, float]:
    """Recall and precision of date+place(+type) matches; 'exact' needs equal start/end."""
    hits = exact = total = 0
    used = 0
    extracted = sum(len(found.get(d, [])) for d in expected)
    for doc_id, events in expected.items():
        candidates = found.get(doc_id, [])
        taken: set[int] = set()
        for want in events:
            total += 1
            for i, got in enumerate(candidates):
                if i in taken or got.get("paragraph") != want["paragraph"]:
                    continue
                names = {str(got.get(k) or "").lower() for k in ("place", "place_text")}
                if want["place"].lower() not in names or not got.get("start"):
                    continue
                if typed and got.get("event_type") != want["event_type"]:
                    continue
                end = got.get("end") or got["start"]
                if want["start"] <= got["start"] and end <= want["end"]:
                    taken.add(i)
                    hits += 1
                    exact += got["start"] == want["start"] and end == want["end"]
                    break
        used += len(taken)
    return {"recall": hits / max(total, 1), "exact_recall": exact / max(total, 1),
            "precision": used / max(extracted, 1), "expected": total, "extracted": extracted}


def linking_score(db: Path, exported: Path, expected: dict[str, list[dict]]) -> dict[str, float]:
    """Pairs of extracted seizures the store linked vs pairs that report one generated
    seizure (the same ``event_key``); extracted events are matched to expected ones by
    document, paragraph, place and mass."""
    import itertools

    from geoevents.store import open_store

    with open_store(db, create=False) as store:
        shas = [row[0] for row in store.conn.execute("SELECT sha256 FROM documents")]
        seizures = [f for sha in shas for f in store.features(sha)
                    if f["properties"]["event_type"] == "seizure"]
    by_key: dict[str, list[str]] = defaultdict(list)
    for feature in seizures:
        props = feature["properties"]
        names = {str(props.get(k) or "").lower() for k in ("place", "place_text")}
        kg = sum(d.get("kg") or 0 for d in props.get("drugs") or [])
        for want in expected.get(props["doc_id"], []):
            if (want.get("event_key") and want["paragraph"] == props["paragraph"]
                    and want["place"].lower() in names
                    and abs(kg - want["kg"]) <= 0.005 * max(kg, want["kg"])):
                by_key[want["event_key"]].append(props["id"])
                break
    truth = {frozenset(p) for ids in by_key.values() for p in itertools.combinations(ids, 2)}
    with open(exported, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    linked = {frozenset(p) for f in features
              for p in itertools.combinations([s["id"] for s in f["properties"]["sources"]], 2)}
    hits = len(truth & linked)
    return {"truth": len(truth), "linked": len(linked), "recall": hits / max(len(truth), 1),
            "precision": hits / max(len(linked), 1)}


def peer_events(doc: Any) -> list[dict]:
    """What a user would assemble today: dateparser.search_dates + geotext per sentence,
    one event per sentence that has both a date and a city."""
    from dateparser.search import search_dates
    from datetime import datetime
    from geotext import GeoText

    base = datetime.combine(doc.doc_date, datetime.min.time()) if doc.doc_date else None
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"} if base else {}
    found = []
    for paragraph in doc.paragraphs:
        for sentence in paragraph.sentences:
            dates = search_dates(sentence.text, languages=["en"], settings=settings) or []
            cities = GeoText(sentence.text).cities
            if dates and cities:
                day = dates[0][1].date().isoformat()
                found.append({"paragraph": paragraph.number, "place": cities[0],
                              "start": day, "end": day})
    return found


def compare_peer(paths: list[Path], expected: dict[str, list[dict]], repeat: int
                 ) -> list[summary.Row]:
    """Print geoevents' and the peer's docs/s and accuracy on ``paths``; return the rows."""
    from geoevents.ingest import read_document
    from geoevents.pipeline import document_events

    docs = [read_document(str(p)) for p in paths]
    document_events(docs[0])  # load the gazetteer outside the timing, as the peer's are
    peer_events(docs[0])
    subset = {d.doc_id: expected[d.doc_id] for d in docs}

    def ours() -> dict[str, list[dict]]:
        return {d.doc_id: [e.to_feature()["properties"] for e in document_events(d)] for d in docs}

    def theirs() -> dict[str, list[dict]]:
        return {d.doc_id: peer_events(d) for d in docs}

    timings: dict[str, list[float]] = defaultdict(list)
    results: dict[str, dict] = {}
    for _ in range(repeat):
        for name, fn in (("geoevents", ours), ("peer", theirs)):
            start = time.perf_counter()
            results[name] = fn()
            timings[name].append(time.perf_counter() - start)
    mine, peer = (statistics.median(timings[n]) for n in ("geoevents", "peer"))
    print(f"\npeer comparison on the first {len(docs)} documents (one process each, "
          f"median of {repeat}):")
    print(f"  geoevents document_events : {len(docs) / mine:8.1f} docs/s")
    print(f"  search_dates + geotext    : {len(docs) / peer:8.1f} docs/s   "
          f"(geoevents is {peer / mine:.1f}x as fast)")
    scores = {}
    for name, typed in (("geoevents", True), ("peer", False)):
        s = scores[name] = score(subset, results[name], typed)
        print(f"  {name:10s} recall {s['recall']:.3f} (exact dates {s['exact_recall']:.3f}), "
              f"precision {s['precision']:.3f}  [{s['extracted']} events for {s['expected']} expected]")
    ours, theirs = scores["geoevents"]["recall"], scores["peer"]["recall"]
    return [summary.Row(figure=f"pipeline docs/s, {len(docs)} docs, one process",
                        value=summary.rate(len(docs) / mine, "docs/s"),
                        peer="search_dates + geotext", peer_value=summary.rate(len(docs) / peer, "docs/s"),
                        ratio=peer / mine),
            summary.Row(figure="recall of generated events", value=f"{ours:.3f}",
                        peer="search_dates + geotext (untyped)", peer_value=f"{theirs:.3f}",
                        ratio=ours / theirs if theirs else None)]


# --- the event store's goals (issue #15) ---------------------------------------------------

FIRST_RUN_GOAL = 1.2  # first --db run / plain extract, same --jobs
SIZE_GOAL = 2.0  # store file / input text
RERUN_GOAL = 0.01  # re-run with nothing changed / first --db run


def store_bytes(db: Path) -> int:
    """The store's size on disk: its file and a write-ahead log, if one was left."""
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.is_file())


def goal_rows(first: dict[str, float], extract: dict[str, float], store: int, text: int,
              again: float) -> list[summary.Row]:
    """The three goals: each figure, its ratio and whether the ratio meets the goal (the
    first run's also in CPU time, which a busy shared machine does not inflate)."""
    def row(figure: str, value: str, peer: str, peer_value: str, ratio: float, goal: float,
            shown: str) -> summary.Row:
        return summary.Row(figure=figure, value=value, peer=peer, peer_value=peer_value,
                           ratio=ratio, goal=f"<= {shown}", met=ratio <= goal)
    return [
        row("store first run (--db) vs plain extract", f"{first['wall']:.2f} s", "plain extract",
            f"{extract['wall']:.2f} s", first["wall"] / extract["wall"], FIRST_RUN_GOAL,
            f"{FIRST_RUN_GOAL:g}x"),
        row("  the same in CPU time", f"{first['cpu']:.2f} s", "plain extract",
            f"{extract['cpu']:.2f} s", first["cpu"] / extract["cpu"], FIRST_RUN_GOAL,
            f"{FIRST_RUN_GOAL:g}x"),
        row("store size vs input text", f"{store / 1e6:.2f} MB", "input text",
            f"{text / 1e6:.2f} MB", store / text, SIZE_GOAL, f"{SIZE_GOAL:g}x"),
        row("store re-run, nothing changed, vs first run", f"{again:.2f} s", "first run",
            f"{first['wall']:.2f} s", again / first["wall"], RERUN_GOAL, f"{RERUN_GOAL:.0%}")]


def print_goals(rows: list[summary.Row]) -> None:
    print("  goals (issue #15):")
    for r in rows:
        ratio = f"{r['ratio']:.1%}" if r["goal"].endswith("%") else f"{r['ratio']:.2f}x"
        print(f"    {r['figure']:45s}: {ratio:>7s}  (goal {r['goal']}) "
              f"{'met' if r['met'] else 'NOT met'}")


# --- main --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=400,
                        help="generated cables (default %(default)s; the full measure: 10000)")
    parser.add_argument("--jobs", default="1,2",
                        help="comma-separated --jobs values to time (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each; the median is reported (default %(default)s)")
    parser.add_argument("--peer-count", type=int, default=40,
                        help="documents for the peer comparison, 0: none (default %(default)s)")
    parser.add_argument("--dir", type=Path, default=None, help="keep the corpus here")
    parser.add_argument("--dask", action="store_true",
                        help="also time --engine dask on a 2-worker LocalCluster")
    parser.add_argument("--duplicates", type=float, default=0.05,
                        help="share of event sentences re-reporting an earlier cable's seizure")
    summary.add_option(parser)
    args = parser.parse_args()
    rows: list[summary.Row] = []
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.dir or Path(tmp) / "corpus"
        params = {"count": args.count, "seed": 1, "duplicates": args.duplicates}
        marker = corpus / "params.json"
        if not marker.is_file() or json.loads(marker.read_text(encoding="utf-8")) != params:
            write_corpus(corpus, args.count, seed=1, duplicates=args.duplicates)
            marker.write_text(json.dumps(params), encoding="utf-8")
        paths = sorted(corpus.glob("*.txt"))
        size = sum(p.stat().st_size for p in paths)
        mb = size / 1e6
        print(f"corpus: {len(paths)} generated cables, {mb:.2f} MB, {os.cpu_count()} CPUs reported; "
              f"median of {args.repeat} runs")
        out = Path(tmp) / "events.geojsons"
        base = ["extract", str(corpus), "--offline", "--format", "geojsonseq", "-o", str(out)]
        first_wall = None
        for j in jobs:
            stats = median_run([*base, "--jobs", str(j)], args.repeat)
            first_wall = first_wall or stats["wall"]
            ceiling = cpu_ceiling(j, args.repeat) if j > 1 else 1.0
            if j == max(jobs):
                rows.append(summary.Row(
                    figure=f"extract MB/s, {len(paths)} cables, --jobs {j}",
                    value=summary.rate(mb / stats["wall"], "MB/s"), peer="--jobs 1",
                    peer_value=summary.rate(mb / first_wall, "MB/s"),
                    ratio=first_wall / stats["wall"]))
            print(f"  --jobs {j:<3d}: {mb / stats['wall']:6.3f} MB/s  {len(paths) / stats['wall']:7.1f} docs/s"
                  f"  {stats['wall']:7.1f}s  speed-up {first_wall / stats['wall']:.2f}x "
                  f"(CPU-loop ceiling here {ceiling:.2f}x)  peak RSS main {stats['rss']:.0f} MB,"
                  f" worker {stats['child_rss']:.0f} MB")
        if args.dask:
            dask_out = Path(tmp) / "dask.geojsons"
            stats = median_run([*base[:-1], str(dask_out), "--jobs", "2", "--engine", "dask"],
                               args.repeat)
            same = dask_out.read_bytes() == out.read_bytes()
            print(f"  dask LocalCluster, 2 workers: {mb / stats['wall']:6.3f} MB/s  "
                  f"{len(paths) / stats['wall']:7.1f} docs/s  {stats['wall']:7.1f}s  "
                  f"(output {'identical to' if same else 'DIFFERENT from'} the process pool's)")
        expected = load_expected(corpus)
        s = score(expected, read_seq(out), typed=True)
        print(f"  accuracy on all {s['expected']} expected events: recall {s['recall']:.3f} "
              f"(exact dates {s['exact_recall']:.3f}), precision {s['precision']:.3f}")

        db = Path(tmp) / "events.sqlite"
        top = str(max(jobs))
        store_args = ["extract", str(corpus), "--offline", "--jobs", top, "--db", str(db)]
        # The goal compares the first --db run with a plain extract: timed in turn.
        plain, first = paired_runs([*base, "--jobs", top], store_args, args.repeat, lambda: [
            p.unlink() for p in Path(tmp).glob("events.sqlite*")])
        run_cli(store_args)  # leave a complete store behind for the re-runs
        stored = store_bytes(db)
        again = median_run(store_args, args.repeat)
        changed = paths[:: 100]

        def touch() -> None:
            for p in changed:
                p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        touched = median_run(store_args, args.repeat, before=touch)
        print(f"\nevent store (--db, --jobs {top}): first run {first['wall']:.1f}s "
              f"(plain extract in turn with it {plain['wall']:.1f}s), peak RSS {first['rss']:.0f} MB, "
              f"store {stored / 1e6:.2f} MB for {size / 1e6:.2f} MB of input")
        print(f"  re-run, nothing changed   : {again['wall']:6.2f}s "
              f"({again['wall'] / first['wall']:.1%} of the first run)")
        goals = goal_rows(first, plain, stored, size, again["wall"])
        rows += goals
        print(f"  re-run, {len(changed)} files changed : {touched['wall']:6.2f}s "
              f"({touched['wall'] / first['wall']:.1%} of the first run)")
        export = median_run(["export", "--db", str(db), "--type", "seizure", "--from",
                             "2008-03", "--to", "2008-05", "-o", str(Path(tmp) / "x.geojson")],
                            args.repeat)
        print(f"  export --db with a type+date filter: {export['wall']:.2f}s")
        seizures = Path(tmp) / "seizures.geojson"
        run_cli(["export", "--db", str(db), "--type", "seizure", "-o", str(seizures)])
        link = linking_score(db, seizures, load_expected(corpus))
        print(f"  linking of seizures re-reported by later cables (--duplicates {args.duplicates}):"
              f" {link['truth']} true pairs, {link['linked']} linked, recall {link['recall']:.3f},"
              f" precision {link['precision']:.3f}")
        print_goals(goals)

        if args.peer_count:
            rows += compare_peer(paths[: args.peer_count], expected, args.repeat)
    summary.write(args.summary_json, "corpus_scale", rows)


if __name__ == "__main__":
    main()
