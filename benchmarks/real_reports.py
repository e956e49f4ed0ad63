"""Recall and precision on real reports, per part (dev / held-back) and genre.

The gold is `tests/data/real/index.json` (facts and URLs only); the texts live in an ignored
folder (see benchmarks/real/README.md). Matching is `../shared/eval/score_real.py`, the
scorer outside checks use: this script runs it once over every document and sums its
per-document lines by part, language and genre. Precision is matched/predicted: every
event of every document is annotated, so an unmatched prediction is a false positive.

    python benchmarks/real_reports.py --texts benchmarks/real/            # dev part only
    python benchmarks/real_reports.py --texts benchmarks/real/ --part all # both halves
    python benchmarks/real_reports.py --texts benchmarks/real/ --lang en --misses
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC_LINE = re.compile(r"^(?P<name>\S+)\s+(?P<lang>\w+) recall (?P<m>\d+)/(?P<n>\d+).*?; predicted (?P<p>\d+)")
ROUTES = re.compile(r"routes (\d+)/(\d+)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--texts", default=str(ROOT / "benchmarks" / "real"), help="folder of NAME.txt files")
    ap.add_argument("--gold", default=str(ROOT / "tests" / "data" / "real" / "index.json"))
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "eval" / "score_real.py"),
                    help="score_real.py (default: ../shared/eval/score_real.py)")
    ap.add_argument("--geoevents", default=str(Path(sys.executable).with_name("geoevents")))
    ap.add_argument("--part", choices=["dev", "heldout", "all"], default="dev",
                    help="which half to score (default dev; score the held-back half only when done)")
    ap.add_argument("--lang", choices=["en", "ru"], help="only documents of this language")
    ap.add_argument("--misses", action="store_true", help="print the scorer's per-document detail")
    a = ap.parse_args()

    scorer = Path(a.scorer)
    if not scorer.exists():
        print(f"real_reports: skipped: no scorer at {scorer} (pass --scorer)", file=sys.stderr)
        return 0
    index = json.loads(Path(a.gold).read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if (a.part == "all" or d.get("part", "dev") == a.part)
            and (a.lang is None or d.get("lang", "en") == a.lang)]
    missing = [d["name"] for d in docs if not (Path(a.texts) / f"{d['name']}.txt").exists()]
    if missing:
        print(f"real_reports: {len(missing)} texts missing from {a.texts} (first: {missing[0]}); "
              "see benchmarks/real/README.md", file=sys.stderr)
        docs = [d for d in docs if d["name"] not in missing]
        if not docs:
            return 0
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.json"
        gold.write_text(json.dumps({"docs": docs}, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--texts", a.texts,
                              "--geoevents", a.geoevents], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return 1
    if a.misses:
        print(out.stdout)
    meta = {d["name"]: d for d in docs}
    sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for line in out.stdout.splitlines():
        m = DOC_LINE.match(line)
        if not m or m["name"] not in meta:
            continue
        d = meta[m["name"]]
        r = ROUTES.search(line)
        row = [int(m["m"]), int(m["n"]), int(m["p"]), 1, int(r[1]) if r else 0, int(r[2]) if r else 0]
        for key in ((d.get("part", "dev"), d.get("lang", "en"), d["genre"]), (d.get("part", "dev"), d.get("lang", "en"), "all")):
            sums[key] = [x + y for x, y in zip(sums[key], row)]
    print(f"{'part':<8} {'lang':<4} {'genre':<6} {'docs':>4} {'gold':>5} {'pred':>5} {'match':>5} "
          f"{'recall':>6} {'prec':>6} {'routes':>7}")
    for (part, lang, genre), (m, n, p, k, rm, rn) in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] == "all", kv[0][2])):
        print(f"{part:<8} {lang:<4} {genre:<6} {k:>4} {n:>5} {p:>5} {m:>5} {m / n if n else 0:>6.2f} "
              f"{m / p if p else 0:>6.2f} {f'{rm}/{rn}':>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
